from simpul.akun.models import User
from simpul.cakupan.models import Target
from simpul.demo.services import PERSONA, SANDI_DEMO, demo_load
from simpul.kim.models import Kim, KimEvent, StatusKim


def test_demo_loads_kims_in_every_stage_and_a_login_per_persona(db):
    counts = demo_load()
    assert counts["KIM aktif"] > 20
    statuses = set(Kim.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in StatusKim}
    for p in PERSONA:
        assert User.objects.get(email=p.email).check_password(SANDI_DEMO)
    assert Target.objects.filter(aktif=True).count() == 4  # national, province, kabupaten x2
    # Loaded through the services: every active KIM has its approval in the history.
    assert KimEvent.objects.filter(jenis=KimEvent.Jenis.DISETUJUI).count() == Kim.objects.filter(
        status__in=[StatusKim.AKTIF, StatusKim.DIBEKUKAN]).count()


def test_loading_the_demo_twice_changes_nothing(db):
    demo_load()
    before = Kim.objects.count(), User.objects.count()
    assert demo_load() == {}
    assert (Kim.objects.count(), User.objects.count()) == before
