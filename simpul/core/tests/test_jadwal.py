from datetime import timedelta

from django.utils import timezone

from simpul.core.jadwal import Periodik, klaim


def test_a_slot_is_claimed_once_until_the_period_passes(db):
    p = Periodik(kunci="uji.harian", task=None, setiap=timedelta(hours=24))
    now = timezone.now()
    assert klaim(p, now)
    assert not klaim(p, now + timedelta(hours=1))
    assert klaim(p, now + timedelta(hours=24))
