"""SK expiry reminders: the daily ``pengingat_sk_kedaluwarsa`` task."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from simpul.core.jadwal import muat_semua
from simpul.core.peran import Jabatan, Peran
from simpul.core.testing.factories import (
    AnggotaFactory,
    KimFactory,
    PengurusFactory,
    PenugasanFactory,
    SuratKeputusanFactory,
    UserFactory,
)
from simpul.kim.models import KimEvent, StatusKim, SuratKeputusan
from simpul.kim.selectors import sk_terakhir_kim_aktif_berakhir_sebelum
from simpul.kim.tasks import jendela_pengingat, pengingat_sk_kedaluwarsa, sk_reminders_send
from simpul.notifikasi.models import Notifikasi
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db


def _hari_ini():
    return timezone.localdate()


def _sk(kim, sisa_hari: int, **kw):
    today = _hari_ini()
    return SuratKeputusanFactory(kim=kim, tanggal=today - timedelta(days=3 * 365),
                                 berlaku_sampai=today + timedelta(days=sisa_hari), **kw)


def _jalankan(capture):
    """Run the real task (immediate backend in tests) and the on-commit email work it queues."""
    with capture(execute=True):
        result = pengingat_sk_kedaluwarsa.enqueue()
    return result.return_value


@pytest.fixture
def penerima(kim_tapalang, pengurus_kim_tapalang, operator_desa_orobatu):
    return {pengurus_kim_tapalang.email, operator_desa_orobatu.email}


def test_task_is_registered_with_the_daily_scheduler():
    p = muat_semua()["kim.pengingat_sk"]
    assert p.task is pengingat_sk_kedaluwarsa
    assert p.setiap == timedelta(hours=24)


def test_reminder_60_days_before_notifies_officers_and_desa_once_by_email(
    kim_tapalang, penerima, django_capture_on_commit_callbacks,
):
    sk = _sk(kim_tapalang, 60, nomor="141/05/KPTS/2022")

    assert _jalankan(django_capture_on_commit_callbacks) == 1

    sk.refresh_from_db()
    assert sk.pengingat_terkirim == [60]
    notif = Notifikasi.objects.filter(kunci=f"sk:{sk.pk}:60")
    assert {n.user.email for n in notif} == penerima
    assert all("berakhir dalam 60 hari" in n.judul for n in notif)
    assert all("141/05/KPTS/2022" in n.isi for n in notif)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(penerima)
    assert "[Simpul] SK KIM Orobatu Bersatu berakhir dalam 60 hari" in {m.subject for m in mail.outbox}
    event = KimEvent.objects.get(kim=kim_tapalang, jenis=KimEvent.Jenis.PENGINGAT_SK)
    assert event.data["sk_id"] == sk.pk and event.data["hari"] == 60 and event.data["penerima"] == 2

    # Idempotent: the same day again sends nothing new, records nothing new.
    assert _jalankan(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 2
    assert Notifikasi.objects.count() == 2
    assert KimEvent.objects.filter(jenis=KimEvent.Jenis.PENGINGAT_SK).count() == 1


def test_a_retry_that_lost_its_record_still_never_notifies_twice(
    kim_tapalang, penerima, django_capture_on_commit_callbacks,
):
    sk = _sk(kim_tapalang, 30)
    _jalankan(django_capture_on_commit_callbacks)
    # As if the record of the reminder had been lost (e.g. a task retried from an old snapshot).
    SuratKeputusan.objects.filter(pk=sk.pk).update(pengingat_terkirim=[])

    _jalankan(django_capture_on_commit_callbacks)

    assert Notifikasi.objects.filter(kunci=f"sk:{sk.pk}:30").count() == 2
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(("sisa_hari", "jendela"), [
    (61, None), (60, 60), (45, 60), (31, 60), (30, 30), (8, 30), (7, 7), (1, 7), (0, 7), (-1, 0), (-400, 0),
])
def test_reminder_window_for_days_left(kim_tapalang, pengurus_kim_tapalang, sisa_hari, jendela,
                                       django_capture_on_commit_callbacks):
    assert jendela_pengingat(sisa_hari, [60, 30, 7]) == jendela
    sk = _sk(kim_tapalang, sisa_hari)

    _jalankan(django_capture_on_commit_callbacks)

    sk.refresh_from_db()
    assert sk.pengingat_terkirim == ([] if jendela is None else [jendela])
    kunci = list(Notifikasi.objects.values_list("kunci", flat=True))
    assert kunci == ([] if jendela is None else [f"sk:{sk.pk}:{jendela}"])


def test_an_expired_sk_says_it_no_longer_applies(kim_tapalang, pengurus_kim_tapalang,
                                                 django_capture_on_commit_callbacks):
    _sk(kim_tapalang, -3)
    _jalankan(django_capture_on_commit_callbacks)
    n = Notifikasi.objects.get()
    assert n.judul == "SK KIM Orobatu Bersatu sudah tidak berlaku"
    assert n.url == "/kim/kim-orobatu-bersatu/"


def test_each_window_is_sent_once_as_the_term_runs_out(kim_tapalang, pengurus_kim_tapalang):
    today = _hari_ini()
    sk = _sk(kim_tapalang, 60)
    for hari_ke, dikirim in [(0, 1), (1, 0), (29, 0), (30, 1), (31, 0), (53, 1), (59, 0), (60, 0), (61, 1),
                             (62, 0), (200, 0)]:
        assert sk_reminders_send(hari_ini=today + timedelta(days=hari_ke)) == dikirim, hari_ke
    sk.refresh_from_db()
    assert sk.pengingat_terkirim == [60, 30, 7, 0]
    assert sorted(Notifikasi.objects.values_list("kunci", flat=True)) == sorted(
        f"sk:{sk.pk}:{h}" for h in (60, 30, 7, 0))
    assert KimEvent.objects.filter(jenis=KimEvent.Jenis.PENGINGAT_SK).count() == 4


def test_only_the_latest_sk_of_a_kim_counts(kim_tapalang, pengurus_kim_tapalang,
                                            django_capture_on_commit_callbacks):
    today = _hari_ini()
    SuratKeputusanFactory(kim=kim_tapalang, tanggal=today - timedelta(days=1000), berlaku_sampai=today - timedelta(days=5))
    SuratKeputusanFactory(kim=kim_tapalang, tanggal=today - timedelta(days=10), berlaku_sampai=today + timedelta(days=1000))
    assert _jalankan(django_capture_on_commit_callbacks) == 0
    assert not Notifikasi.objects.exists()


@pytest.mark.parametrize("status", [StatusKim.DIBEKUKAN, StatusKim.DRAF, StatusKim.DIAJUKAN,
                                    StatusKim.PERLU_REVISI, StatusKim.DITOLAK])
def test_kims_that_are_not_active_get_no_reminder(status, django_capture_on_commit_callbacks):
    kim = KimFactory(status=status)
    ketua = UserFactory()
    PengurusFactory(anggota=AnggotaFactory(kim=kim, user=ketua), kim=kim, jabatan=Jabatan.KETUA)
    _sk(kim, 7)
    assert _jalankan(django_capture_on_commit_callbacks) == 0
    assert not Notifikasi.objects.exists()


def test_only_serving_officers_and_the_desa_of_the_kim_are_notified(
    kim_tapalang, pengurus_kim_tapalang, anggota_kim_tapalang, operator_desa_orobatu, camat_tapalang,
    diskominfo_mamuju, django_capture_on_commit_callbacks,
):
    today = _hari_ini()
    # A former secretary, an officer whose term ended, a desa official of another desa,
    # a revoked desa grant: none of them hears about it.
    mantan = UserFactory(nama="Mantan Sekretaris")
    PengurusFactory(anggota=AnggotaFactory(kim=kim_tapalang, user=mantan), kim=kim_tapalang,
                    jabatan=Jabatan.SEKRETARIS, mulai=today - timedelta(days=900),
                    diberhentikan=today - timedelta(days=10))
    habis = UserFactory(nama="Seksi Masa Habis")
    PengurusFactory(anggota=AnggotaFactory(kim=kim_tapalang, user=habis), kim=kim_tapalang,
                    jabatan=Jabatan.SEKSI, mulai=today - timedelta(days=900), selesai=today - timedelta(days=1))
    bendahara = UserFactory(nama="Bendahara Aktif")
    PengurusFactory(anggota=AnggotaFactory(kim=kim_tapalang, user=bendahara), kim=kim_tapalang,
                    jabatan=Jabatan.BENDAHARA)
    desa_lain = UserFactory(nama="Operator Takandeang")
    PenugasanFactory(user=desa_lain, peran=Peran.DESA, wilayah=Wilayah.objects.get(kode="76.02.02.2006"))
    dicabut = UserFactory(nama="Operator Lama Orobatu")
    PenugasanFactory(user=dicabut, peran=Peran.DESA, wilayah=Wilayah.objects.get(kode="76.02.02.2003"),
                     dicabut=timezone.now())
    sk = _sk(kim_tapalang, 7)

    _jalankan(django_capture_on_commit_callbacks)

    nama = set(Notifikasi.objects.filter(kunci=f"sk:{sk.pk}:7").values_list("user__nama", flat=True))
    assert nama == {pengurus_kim_tapalang.nama, bendahara.nama, operator_desa_orobatu.nama}


def test_selection_is_one_query_for_any_number_of_kims(django_assert_num_queries):
    desa = list(Wilayah.objects.filter(kode__startswith="76.02.02.")[:5])
    for d in desa:
        k = KimFactory(desa=d)
        _sk(k, 10)
        _sk(KimFactory(desa=d), 500)
    with django_assert_num_queries(1):
        rows = list(sk_terakhir_kim_aktif_berakhir_sebelum(_hari_ini() + timedelta(days=60)))
    assert len(rows) == 5
    with django_assert_num_queries(0):
        assert {r.kim.desa_id for r in rows} == {d.kode for d in desa}


def test_reminders_for_many_kims_read_recipients_once(django_assert_max_num_queries):
    desa = list(Wilayah.objects.filter(kode__startswith="76.02.02.")[:10])
    for d in desa:
        k = KimFactory(desa=d)
        PengurusFactory(anggota=AnggotaFactory(kim=k, user=UserFactory()), kim=k, jabatan=Jabatan.KETUA)
        _sk(k, 5)
    # 3 reads (due SKs, officers, desa officials), then a constant handful of statements per
    # reminder (savepoint, lock, notifications, record, event): measured 8 on SQLite, 9 on PostgreSQL.
    with django_assert_max_num_queries(3 + 10 * 9):
        assert sk_reminders_send(hari_ini=_hari_ini()) == 10
