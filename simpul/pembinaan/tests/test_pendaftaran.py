"""Registration with a capacity and a waiting list, the race for the last seat, QR check-in,
manual attendance, evaluation and certificates (services)."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.db import OperationalError, connection
from django.utils import timezone

from simpul.core.errors import Conflict, Forbidden, NotFound, ValidationError
from simpul.core.testing.factories import AnggotaFactory, KimFactory, UserFactory
from simpul.notifikasi.models import Notifikasi
from simpul.pembinaan import selectors, services
from simpul.pembinaan.models import CaraHadir, Kegiatan, Peserta, StatusKegiatan, StatusPeserta
from simpul.wilayah.models import Wilayah

from .conftest import buat_kegiatan, sedang_berlangsung

pytestmark = pytest.mark.django_db


def _anggota(kim, nama):
    user = UserFactory(nama=nama)
    AnggotaFactory(kim=kim, user=user, nama=nama)
    return user


@pytest.fixture
def tiga_anggota(kim_tapalang):
    return [_anggota(kim_tapalang, f"Peserta {i}") for i in range(3)]


# --- creating and announcing --------------------------------------------------------------------
def test_announcing_invites_the_audience_once(diskominfo_mamuju, anggota_kim_tapalang, pengurus_kim_tapalang,
                                              kim_makassar):
    orang_makassar = _anggota(kim_makassar, "Warga Makassar")
    k = buat_kegiatan(diskominfo_mamuju, umumkan=False)
    assert k.status == StatusKegiatan.DRAF
    assert services.kegiatan_umumkan(actor=diskominfo_mamuju, kegiatan=k) == 2
    assert services.kegiatan_umumkan(actor=diskominfo_mamuju, kegiatan=k) == 0  # idempotent
    diundang = set(Notifikasi.objects.filter(kunci=f"pembinaan.undangan.{k.pk}").values_list("user_id", flat=True))
    assert diundang == {anggota_kim_tapalang.pk, pengurus_kim_tapalang.pk}
    assert orang_makassar.pk not in diundang


def test_only_targeted_positions_are_invited(diskominfo_mamuju, anggota_kim_tapalang, pengurus_kim_tapalang):
    k = buat_kegiatan(diskominfo_mamuju, sasaran_jabatan=["ketua"])
    diundang = set(Notifikasi.objects.filter(kunci=f"pembinaan.undangan.{k.pk}").values_list("user_id", flat=True))
    assert diundang == {pengurus_kim_tapalang.pk}
    with pytest.raises(NotFound):
        services.pendaftaran_daftar(actor=anggota_kim_tapalang, kegiatan=k)
    assert services.pendaftaran_daftar(actor=pengurus_kim_tapalang, kegiatan=k).jabatan == "ketua"


def test_an_office_cannot_organise_outside_its_region(diskominfo_makassar):
    with pytest.raises(ValidationError) as e:
        buat_kegiatan(diskominfo_makassar, wilayah="76.02")
    assert e.value.field == "wilayah"


@pytest.mark.parametrize(("ubah", "field"), [
    ({"judul": ""}, "judul"),
    ({"jenis": "piknik"}, "jenis"),
    ({"kapasitas": 0}, "kapasitas"),
    ({"tempat": "", "tautan_daring": ""}, "tempat"),
    ({"tempat": "", "tautan_daring": "javascript:alert(1)"}, "tautan_daring"),
    ({"sasaran_jabatan": ["raja"]}, "sasaran_jabatan"),
    ({"wilayah": "99.99"}, "wilayah"),
])
def test_bad_event_input_names_the_field(diskominfo_mamuju, ubah, field):
    with pytest.raises(ValidationError) as e:
        buat_kegiatan(diskominfo_mamuju, umumkan=False, **ubah)
    assert e.value.field == field


def test_end_before_start_is_refused(diskominfo_mamuju):
    mulai = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError) as e:
        services.kegiatan_create(actor=diskominfo_mamuju, jenis="pelatihan", judul="X", wilayah="76.02",
                                 penyelenggara="D", mulai=mulai, selesai=mulai - timedelta(hours=1), tempat="Aula")
    assert e.value.field == "selesai"


def test_a_kim_outside_the_region_cannot_be_targeted(diskominfo_mamuju, kim_tapalang):
    with pytest.raises(ValidationError) as e:
        buat_kegiatan(diskominfo_mamuju, wilayah="76.02.01", sasaran_kim=[kim_tapalang])
    assert e.value.field == "sasaran_kim"


# --- capacity and waiting list ------------------------------------------------------------------
def test_full_event_puts_people_on_the_waiting_list_and_a_cancellation_promotes_the_first(
        diskominfo_mamuju, tiga_anggota):
    a, b, c = tiga_anggota
    k = buat_kegiatan(diskominfo_mamuju, kapasitas=1)
    assert services.pendaftaran_daftar(actor=a, kegiatan=k).status == StatusPeserta.TERDAFTAR
    assert services.pendaftaran_daftar(actor=b, kegiatan=k).status == StatusPeserta.MENUNGGU
    assert services.pendaftaran_daftar(actor=c, kegiatan=k).status == StatusPeserta.MENUNGGU
    assert services.pendaftaran_daftar(actor=a, kegiatan=k).status == StatusPeserta.TERDAFTAR  # idempotent
    k.refresh_from_db()
    assert k.terisi == 1

    services.pendaftaran_batal(actor=a, kegiatan=k)
    status = dict(Peserta.objects.filter(kegiatan=k).values_list("user_id", "status"))
    assert status == {a.pk: StatusPeserta.BATAL, b.pk: StatusPeserta.TERDAFTAR, c.pk: StatusPeserta.MENUNGGU}
    assert Notifikasi.objects.filter(user=b, kunci__startswith="pembinaan.naik.").count() == 1
    k.refresh_from_db()
    assert k.terisi == 1
    services.pendaftaran_batal(actor=a, kegiatan=k)  # idempotent

    # a re-registration goes to the back of the queue
    assert services.pendaftaran_daftar(actor=a, kegiatan=k).status == StatusPeserta.MENUNGGU
    services.pendaftaran_batal(actor=b, kegiatan=k)
    assert Peserta.objects.get(kegiatan=k, user=c).status == StatusPeserta.TERDAFTAR
    assert Peserta.objects.get(kegiatan=k, user=a).status == StatusPeserta.MENUNGGU


def test_raising_the_capacity_promotes_the_waiting_list(diskominfo_mamuju, tiga_anggota):
    a, b, c = tiga_anggota
    k = buat_kegiatan(diskominfo_mamuju, kapasitas=1)
    for u in tiga_anggota:
        services.pendaftaran_daftar(actor=u, kegiatan=k)
    data = {f: getattr(k, f) for f in ("jenis", "judul", "penyelenggara", "mulai", "selesai", "tempat")}
    with pytest.raises(ValidationError):
        services.kegiatan_update(actor=diskominfo_mamuju, kegiatan=k, wilayah="76.02", kapasitas=0, **data)
    services.kegiatan_update(actor=diskominfo_mamuju, kegiatan=k, wilayah="76.02", kapasitas=3, **data)
    assert Peserta.objects.filter(kegiatan=k, status=StatusPeserta.TERDAFTAR).count() == 3


def test_registration_closed_or_cancelled(diskominfo_mamuju, anggota_kim_tapalang):
    k = buat_kegiatan(diskominfo_mamuju, umumkan=False)
    with pytest.raises(Conflict):
        services.pendaftaran_daftar(actor=anggota_kim_tapalang, kegiatan=k)
    services.kegiatan_umumkan(actor=diskominfo_mamuju, kegiatan=k)
    Kegiatan.objects.filter(pk=k.pk).update(pendaftaran_tutup=timezone.now() - timedelta(minutes=1))
    k.refresh_from_db()
    with pytest.raises(Conflict):
        services.pendaftaran_daftar(actor=anggota_kim_tapalang, kegiatan=k)


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_seat_at_once_leaves_one_registered(diskominfo_mamuju,
                                                                       kim_tapalang):
    a, b = _anggota(kim_tapalang, "Cepat"), _anggota(kim_tapalang, "Kilat")
    k = buat_kegiatan(diskominfo_mamuju, kapasitas=1)
    mulai = threading.Barrier(2)
    hasil, galat = {}, []

    def daftar(user):
        try:
            mulai.wait(timeout=10)
            for _coba in range(200):
                try:
                    hasil[user.pk] = services.pendaftaran_daftar(
                        actor=user, kegiatan=Kegiatan.objects.get(pk=k.pk)).status
                    break
                except OperationalError as exc:
                    # The in-memory SQLite test database (shared cache) answers "table is locked"
                    # at once where a real SQLite file (WAL, busy_timeout) makes the second writer
                    # wait: wait here instead. PostgreSQL never gets here (the UPDATE waits).
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
        except Exception as exc:  # noqa: BLE001 (reported below)
            galat.append(repr(exc))
        finally:
            connection.close()

    utas = [threading.Thread(target=daftar, args=(u,)) for u in (a, b)]
    for t in utas:
        t.start()
    for t in utas:
        t.join(30)
    assert not galat, galat
    assert sorted(hasil.values()) == [StatusPeserta.MENUNGGU, StatusPeserta.TERDAFTAR]
    k.refresh_from_db()
    assert k.terisi == 1
    assert Peserta.objects.filter(kegiatan=k, status=StatusPeserta.TERDAFTAR).count() == 1


def test_the_seat_claim_never_exceeds_the_capacity(diskominfo_mamuju):
    k = buat_kegiatan(diskominfo_mamuju, kapasitas=2)
    assert [services._ambil_kursi(k.pk) for _ in range(4)] == [True, True, False, False]
    k.refresh_from_db()
    assert k.terisi == 2


# --- QR check-in --------------------------------------------------------------------------------
def test_qr_check_in_marks_present_once(diskominfo_mamuju, anggota_kim_tapalang):
    k = buat_kegiatan(diskominfo_mamuju)
    services.pendaftaran_daftar(actor=anggota_kim_tapalang, kegiatan=k)
    sedang_berlangsung(k)
    token = services.token_qr(k)
    p, baru = services.hadir_qr(actor=anggota_kim_tapalang, token=token)
    assert baru and p.cara_hadir == CaraHadir.QR
    waktu = p.hadir_pada
    p, baru = services.hadir_qr(actor=anggota_kim_tapalang, token=token)
    assert not baru and p.hadir_pada == waktu


def test_qr_outside_the_event_window_is_refused(diskominfo_mamuju, anggota_kim_tapalang):
    k = buat_kegiatan(diskominfo_mamuju)  # in three days
    services.pendaftaran_daftar(actor=anggota_kim_tapalang, kegiatan=k)
    with pytest.raises(Conflict, match="belum dibuka"):
        services.hadir_qr(actor=anggota_kim_tapalang, token=services.token_qr(k))
    lalu = timezone.now() - timedelta(hours=6)
    Kegiatan.objects.filter(pk=k.pk).update(mulai=lalu, selesai=lalu + timedelta(hours=3))
    with pytest.raises(Conflict, match="ditutup"):
        services.hadir_qr(actor=anggota_kim_tapalang, token=services.token_qr(k))
    assert not Peserta.objects.get(kegiatan=k).hadir


def test_forged_or_replaced_qr_is_refused(diskominfo_mamuju, anggota_kim_tapalang):
    k = sedang_berlangsung(buat_kegiatan(diskominfo_mamuju))
    services.pendaftaran_daftar(actor=anggota_kim_tapalang, kegiatan=k)
    token = services.token_qr(k)
    palsu = signing.dumps([k.pk, k.kunci_qr], salt="salah")
    for t in (palsu, token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "sembarang", ""):
        with pytest.raises(ValidationError, match="tidak sah"):
            services.hadir_qr(actor=anggota_kim_tapalang, token=t)
    services.qr_ganti(actor=diskominfo_mamuju, kegiatan=k)
    with pytest.raises(ValidationError, match="diganti"):
        services.hadir_qr(actor=anggota_kim_tapalang, token=token)
    assert services.hadir_qr(actor=anggota_kim_tapalang, token=services.token_qr(k))[1]


def test_qr_for_someone_outside_the_audience_is_refused(diskominfo_mamuju, kim_makassar, warga):
    k = sedang_berlangsung(buat_kegiatan(diskominfo_mamuju))
    for user in (warga, _anggota(kim_makassar, "Orang Makassar")):
        with pytest.raises(NotFound):
            services.hadir_qr(actor=user, token=services.token_qr(k))


def test_qr_registers_an_invited_person_who_forgot_to_register_if_a_seat_is_free(
        diskominfo_mamuju, anggota_kim_tapalang, pengurus_kim_tapalang):
    k = sedang_berlangsung(buat_kegiatan(diskominfo_mamuju, kapasitas=1))
    p, baru = services.hadir_qr(actor=anggota_kim_tapalang, token=services.token_qr(k))
    assert baru and p.status == StatusPeserta.TERDAFTAR
    with pytest.raises(Conflict, match="penuh"):
        services.hadir_qr(actor=pengurus_kim_tapalang, token=services.token_qr(k))


def test_waiting_list_cannot_check_in(diskominfo_mamuju, tiga_anggota):
    a, b, _c = tiga_anggota
    k = buat_kegiatan(diskominfo_mamuju, kapasitas=1)
    services.pendaftaran_daftar(actor=a, kegiatan=k)
    services.pendaftaran_daftar(actor=b, kegiatan=k)
    sedang_berlangsung(k)
    with pytest.raises(Conflict, match="daftar tunggu"):
        services.hadir_qr(actor=b, token=services.token_qr(k))


# --- manual attendance and walk-ins ----------------------------------------------------------
def test_manual_list_ticks_and_unticks_but_keeps_qr_check_ins(diskominfo_mamuju, tiga_anggota):
    a, b, c = tiga_anggota
    k = buat_kegiatan(diskominfo_mamuju)
    ps = {u.pk: services.pendaftaran_daftar(actor=u, kegiatan=k) for u in tiga_anggota}
    with pytest.raises(Conflict):  # not yet running
        services.presensi_set(actor=diskominfo_mamuju, kegiatan=k, hadir_ids=[ps[b.pk].pk])
    sedang_berlangsung(k)
    services.hadir_qr(actor=a, token=services.token_qr(k))
    assert services.presensi_set(actor=diskominfo_mamuju, kegiatan=k, hadir_ids=[ps[b.pk].pk, ps[c.pk].pk]) == 2
    assert services.presensi_set(actor=diskominfo_mamuju, kegiatan=k, hadir_ids=[ps[b.pk].pk]) == 1
    hadir = dict(Peserta.objects.filter(kegiatan=k).values_list("user_id", "cara_hadir"))
    assert hadir == {a.pk: CaraHadir.QR, b.pk: CaraHadir.MANUAL, c.pk: ""}
    with pytest.raises(ValidationError):
        services.presensi_set(actor=diskominfo_mamuju, kegiatan=k, hadir_ids=["x"])


def test_walk_in_without_a_phone_is_present_and_gets_a_certificate(diskominfo_mamuju, kim_tapalang,
                                                                    kim_makassar):
    k = sedang_berlangsung(buat_kegiatan(diskominfo_mamuju))
    p = services.walkin_add(actor=diskominfo_mamuju, kegiatan=k, nama="Bu Hasnah", kim=kim_tapalang)
    assert p.hadir and p.walkin and p.user_id is None
    with pytest.raises(ValidationError):
        services.walkin_add(actor=diskominfo_mamuju, kegiatan=k, nama="X", kim=kim_makassar)
    with pytest.raises(ValidationError):
        services.walkin_add(actor=diskominfo_mamuju, kegiatan=k, nama="  ")
    assert services.sertifikat_terbit(actor=diskominfo_mamuju, peserta=p).sertifikat_kode


def test_other_offices_cannot_manage_the_event(diskominfo_mamuju, diskominfo_makassar, pelatihan):
    for fn, kw in ((services.kegiatan_umumkan, {}), (services.qr_ganti, {}),
                   (services.presensi_set, {"hadir_ids": []}), (services.walkin_add, {"nama": "X"}),
                   (services.kegiatan_batalkan, {"alasan": "tidak jadi"})):
        with pytest.raises(NotFound):
            fn(actor=diskominfo_makassar, kegiatan=pelatihan, **kw)


# --- evaluation and certificates ------------------------------------------------------------------
NILAI = {"nilai_materi": 5, "nilai_narasumber": 4, "nilai_penyelenggaraan": 3, "nilai_manfaat": 5}


def test_only_attendees_evaluate_and_resending_updates(diskominfo_mamuju, tiga_anggota, warga):
    a, b, _c = tiga_anggota
    k = buat_kegiatan(diskominfo_mamuju)
    services.pendaftaran_daftar(actor=a, kegiatan=k)
    services.pendaftaran_daftar(actor=b, kegiatan=k)
    sedang_berlangsung(k)
    services.hadir_qr(actor=a, token=services.token_qr(k))
    with pytest.raises(Forbidden):
        services.evaluasi_isi(actor=b, kegiatan=k, **NILAI)
    with pytest.raises(NotFound):
        services.evaluasi_isi(actor=warga, kegiatan=k, **NILAI)
    with pytest.raises(ValidationError) as e:
        services.evaluasi_isi(actor=a, kegiatan=k, **{**NILAI, "nilai_materi": 7})
    assert e.value.field == "nilai_materi"
    services.evaluasi_isi(actor=a, kegiatan=k, **NILAI)
    ev = services.evaluasi_isi(actor=a, kegiatan=k, **{**NILAI, "nilai_materi": 2}, saran="Lebih lama")
    assert ev.nilai_materi == 2
    r = selectors.ringkasan_evaluasi(k)
    assert r.jumlah == 1 and r.rata["nilai_materi"] == 2 and r.saran == ["Lebih lama"]


def test_certificate_needs_attendance_and_evaluation_and_is_issued_once(diskominfo_mamuju, anggota_kim_tapalang,
                                                                        pengurus_kim_tapalang):
    k = buat_kegiatan(diskominfo_mamuju)
    p = services.pendaftaran_daftar(actor=anggota_kim_tapalang, kegiatan=k)
    with pytest.raises(Forbidden):
        services.sertifikat_terbit(actor=anggota_kim_tapalang, peserta=p)
    sedang_berlangsung(k)
    p, _ = services.hadir_qr(actor=anggota_kim_tapalang, token=services.token_qr(k))
    with pytest.raises(Conflict, match="evaluasi"):
        services.sertifikat_terbit(actor=anggota_kim_tapalang, peserta=p)
    with pytest.raises(NotFound):  # someone else's certificate
        services.sertifikat_terbit(actor=pengurus_kim_tapalang, peserta=p)
    services.evaluasi_isi(actor=anggota_kim_tapalang, kegiatan=k, **NILAI)
    kode = services.sertifikat_terbit(actor=anggota_kim_tapalang, peserta=p).sertifikat_kode
    assert len(kode) == 14 and kode.count("-") == 2
    assert services.sertifikat_terbit(actor=anggota_kim_tapalang, peserta=p).sertifikat_kode == kode
    assert selectors.sertifikat_get(kode.lower()).pk == p.pk
    assert selectors.sertifikat_get("AAAA-BBBB-CCCC") is None
    services.kegiatan_batalkan(actor=diskominfo_mamuju, kegiatan=k, alasan="Cuaca buruk")
    assert selectors.sertifikat_get(kode) is None  # a cancelled event's certificates are not valid


def test_certificate_codes_are_random_and_unguessable():
    kode = {services._kode_baru() for _ in range(2000)}
    assert len(kode) == 2000
    assert all(set(k.replace("-", "")) <= set(services.HURUF_KODE) for k in kode)


# --- the selector penilaian uses ---------------------------------------------------------------------
def test_trainings_attended_per_kim(diskominfo_mamuju, kim_tapalang, anggota_kim_tapalang, pengurus_kim_tapalang):
    lain = KimFactory(desa=Wilayah.objects.get(kode="76.02.02.2006"))
    sekarang = timezone.now()
    k1 = sedang_berlangsung(buat_kegiatan(diskominfo_mamuju, judul="Pelatihan 1"))
    k2 = sedang_berlangsung(buat_kegiatan(diskominfo_mamuju, jenis="bimtek", judul="Bimtek 2"))
    k3 = sedang_berlangsung(buat_kegiatan(diskominfo_mamuju, jenis="sosialisasi", judul="Sosialisasi"))
    for k in (k1, k2, k3):  # two members of the same KIM at k1: still one training
        services.hadir_qr(actor=anggota_kim_tapalang, token=services.token_qr(k))
    services.hadir_qr(actor=pengurus_kim_tapalang, token=services.token_qr(k1))
    services.walkin_add(actor=diskominfo_mamuju, kegiatan=k1, nama="Tamu", kim=lain)
    batal = sedang_berlangsung(buat_kegiatan(diskominfo_mamuju, judul="Batal"))
    services.hadir_qr(actor=anggota_kim_tapalang, token=services.token_qr(batal))
    services.kegiatan_batalkan(actor=diskominfo_mamuju, kegiatan=batal, alasan="Ditunda")
    dari, sampai = sekarang.date() - timedelta(days=1), sekarang.date() + timedelta(days=2)
    assert selectors.pelatihan_dihadiri_per_kim(dari, sampai) == {kim_tapalang.pk: 2, lain.pk: 1}
    assert selectors.pelatihan_dihadiri_per_kim(dari, sampai, kim_ids=[lain.pk]) == {lain.pk: 1}
    assert selectors.pelatihan_dihadiri_per_kim(dari, sampai, jenis=["sosialisasi"]) == {kim_tapalang.pk: 1}
    assert selectors.pelatihan_dihadiri_per_kim(sampai, sampai + timedelta(days=9)) == {}
