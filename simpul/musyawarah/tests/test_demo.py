import random

import pytest

from simpul.akun.models import User
from simpul.demo import services as demo
from simpul.kegiatan import demo as demo_kegiatan
from simpul.kegiatan.models import Kegiatan
from simpul.kim.models import Kim
from simpul.musyawarah import demo as demo_musyawarah
from simpul.musyawarah.models import Keputusan, TindakLanjut, Topik


@pytest.mark.django_db
def test_demo_data_loads_through_the_services_and_twice_changes_nothing():
    demo._muat_registri(2026)
    ctx = demo.KonteksDemo(users={p.kunci: User.objects.get(email=p.email) for p in demo.PERSONA},
                           kim=Kim.objects.get(desa__kode=demo.DESA_OROBATU, nama="KIM Orobatu Bersatu"),
                           kab=demo.KAB, rng=random.Random(2026))
    assert demo_musyawarah.muat(ctx) == {"topik": 2, "keputusan": 1, "tindak lanjut": 2}
    assert demo_kegiatan.muat(ctx)["kegiatan"] >= 6
    angka = (Topik.objects.count(), Keputusan.objects.count(), TindakLanjut.objects.count(), Kegiatan.objects.count())
    assert demo_musyawarah.muat(ctx) == {} and demo_kegiatan.muat(ctx) == {}
    assert angka == (Topik.objects.count(), Keputusan.objects.count(), TindakLanjut.objects.count(),
                     Kegiatan.objects.count())
