"""Account and grant services: rules, audit trail, bad input."""

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from simpul.akun import services
from simpul.akun.models import AkunEvent, Penugasan, User
from simpul.akun.selectors import kewenangan_akun
from simpul.core import scope
from simpul.core.errors import Conflict, NotFound, ValidationError
from simpul.core.peran import Aksi, Peran
from simpul.core.testing.factories import PenugasanFactory, UserFactory
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db

DESA = "76.02.02.2003"


def _buat(actor, **kw):
    data = {"nama": "Petugas Baru", "email": "baru@contoh.id", "peran": Peran.DESA, "wilayah_kode": DESA}
    data.update(kw)
    return services.akun_create(actor=actor, **data)


# --- akun_create ------------------------------------------------------------------------------
def test_create_with_email_sends_a_set_password_link(client, diskominfo_mamuju, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        hasil = _buat(diskominfo_mamuju, email="Operator.Orobatu@Contoh.id", jabatan_teks="Operator desa")
    user = hasil.user
    assert hasil.sandi_sementara is None
    assert user.email == "operator.orobatu@contoh.id" and not user.has_usable_password()
    assert user.dibuat_oleh == diskominfo_mamuju
    assert EmailAddress.objects.filter(user=user, email=user.email, primary=True).exists()
    assert hasil.penugasan.peran == Peran.DESA and hasil.penugasan.wilayah_id == DESA
    assert hasil.penugasan.diberikan_oleh == diskominfo_mamuju
    assert [m.to for m in mail.outbox] == [["operator.orobatu@contoh.id"]]
    body = mail.outbox[0].body
    assert "Diskominfo Mamuju" in body
    link = next(w for w in body.split() if "/akun/password/reset/key/" in w)
    resp = client.get(urlsplit(link).path, follow=True)
    form_url = resp.redirect_chain[-1][0]
    resp = client.post(form_url, {"password1": "Orobatu-Maju-2026", "password2": "Orobatu-Maju-2026"})
    assert resp.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Orobatu-Maju-2026")


def test_create_without_email_returns_a_temporary_password(client, diskominfo_mamuju):
    hasil = _buat(diskominfo_mamuju, email=None, telepon="0852-5555-0003")
    assert hasil.user.telepon == "+6285255550003" and hasil.user.email is None
    assert hasil.sandi_sementara and hasil.user.check_password(hasil.sandi_sementara)
    assert hasil.user.sandi_sementara
    assert not mail.outbox


def test_create_writes_audit_events(diskominfo_mamuju):
    hasil = _buat(diskominfo_mamuju)
    jenis = set(AkunEvent.objects.filter(user=hasil.user).values_list("jenis", "aktor_id", "wilayah_kode"))
    assert jenis == {
        (AkunEvent.Jenis.AKUN_DIBUAT, diskominfo_mamuju.pk, DESA),
        (AkunEvent.Jenis.PENUGASAN_DIBERIKAN, diskominfo_mamuju.pk, DESA),
    }


@pytest.mark.parametrize("kw, field, pesan", [
    ({"email": None, "telepon": None}, "email", "salah satu wajib"),
    ({"email": "bukan-email"}, "email", "Alamat email tidak valid"),
    ({"email": None, "telepon": "12345"}, "telepon", "Nomor telepon tidak valid"),
    ({"email": "warga@contoh.id"}, "email", "sudah dipakai"),
    ({"email": None, "telepon": "+62 812 3450 0001"}, "telepon", "sudah dipakai"),
    ({"nama": "   "}, "nama", "Nama wajib diisi"),
    ({"wilayah_kode": "99.99"}, "wilayah", "tidak dikenal"),
    ({"peran": "raja"}, "peran", "Peran tidak dikenal"),
    ({"wilayah_kode": ""}, "wilayah", "Pilih wilayah"),
])
def test_create_bad_input_is_explained(diskominfo_mamuju, warga, pengurus_kim_tapalang, kw, field, pesan):
    with pytest.raises(ValidationError) as exc:
        _buat(diskominfo_mamuju, **kw)
    assert exc.value.field == field and pesan in exc.value.message
    assert not User.objects.filter(nama="Petugas Baru").exists()


def test_create_outside_subtree_is_refused(diskominfo_makassar):
    with pytest.raises(ValidationError) as exc:
        _buat(diskominfo_makassar)
    assert exc.value.field == "wilayah" and "di luar wilayah kewenangan Anda" in exc.value.message
    assert not User.objects.filter(email="baru@contoh.id").exists()


def test_non_office_cannot_create(camat_tapalang, warga):
    for actor in (camat_tapalang, warga):
        with pytest.raises(NotFound):
            _buat(actor)


# --- penugasan_grant --------------------------------------------------------------------------
def test_grant_inside_subtree(diskominfo_mamuju, warga):
    p = services.penugasan_grant(actor=diskominfo_mamuju, user=warga, peran=Peran.KECAMATAN,
                                 wilayah_kode="76.02.02", jabatan_teks="  Operator   kecamatan ")
    assert p.jabatan_teks == "Operator kecamatan"
    ev = AkunEvent.objects.get(user=warga)
    assert (ev.jenis, ev.aktor, ev.wilayah_kode, ev.data["peran"]) == (
        AkunEvent.Jenis.PENUGASAN_DIBERIKAN, diskominfo_mamuju, "76.02.02", Peran.KECAMATAN)
    assert scope.boleh(warga, Aksi.LIHAT, wilayah_kode="76.02.02.2003")


def test_mamuju_cannot_grant_on_makassar(diskominfo_mamuju, warga):
    with pytest.raises(ValidationError) as exc:
        services.penugasan_grant(actor=diskominfo_mamuju, user=warga, peran=Peran.DISKOMINFO_KABKOTA,
                                 wilayah_kode="73.71")
    assert exc.value.field == "wilayah"
    assert "Kota Makassar (73.71) berada di luar wilayah kewenangan Anda" in exc.value.message
    assert not Penugasan.objects.filter(user=warga).exists()
    assert not AkunEvent.objects.filter(user=warga).exists()


def test_mamuju_cannot_grant_a_provincial_role(diskominfo_mamuju, warga):
    with pytest.raises(ValidationError) as exc:
        services.penugasan_grant(actor=diskominfo_mamuju, user=warga, peran=Peran.DISKOMINFO_PROV,
                                 wilayah_kode="76")
    assert exc.value.field == "peran" and "di atas peran Anda" in exc.value.message


def test_makassar_cannot_grant_anything_in_sulbar(diskominfo_makassar, warga):
    for peran, kode in [(Peran.DESA, DESA), (Peran.KECAMATAN, "76.02.02"), (Peran.DISKOMINFO_KABKOTA, "76.02")]:
        with pytest.raises(ValidationError):
            services.penugasan_grant(actor=diskominfo_makassar, user=warga, peran=peran, wilayah_kode=kode)


def test_role_level_must_match_region_level(diskominfo_mamuju, warga):
    with pytest.raises(ValidationError) as exc:
        services.penugasan_grant(actor=diskominfo_mamuju, user=warga, peran=Peran.KECAMATAN,
                                 wilayah_kode=DESA)
    assert exc.value.field == "wilayah" and "tingkat kecamatan" in exc.value.message


def test_same_level_colleague_may_be_granted(diskominfo_mamuju, warga):
    services.penugasan_grant(actor=diskominfo_mamuju, user=warga, peran=Peran.DISKOMINFO_KABKOTA,
                             wilayah_kode="76.02")
    assert scope.boleh(warga, Aksi.AKUN_KELOLA, wilayah_kode=DESA)


def test_province_grants_across_its_kabupaten_but_not_komdigi(diskominfo_sulbar, warga):
    services.penugasan_grant(actor=diskominfo_sulbar, user=warga, peran=Peran.DISKOMINFO_KABKOTA,
                             wilayah_kode="76.01")
    with pytest.raises(ValidationError) as exc:
        services.penugasan_grant(actor=diskominfo_sulbar, user=warga, peran=Peran.KOMDIGI, wilayah_kode="")
    assert exc.value.field == "peran"


def test_komdigi_grants_national_role_without_region(komdigi, warga):
    p = services.penugasan_grant(actor=komdigi, user=warga, peran=Peran.KOMDIGI, wilayah_kode=None)
    assert p.wilayah is None
    with pytest.raises(ValidationError) as exc:
        services.penugasan_grant(actor=komdigi, user=warga, peran=Peran.KOMDIGI, wilayah_kode="76")
    assert exc.value.field == "wilayah"


def test_kecamatan_and_desa_roles_cannot_grant(camat_tapalang, operator_desa_orobatu, warga):
    for actor in (camat_tapalang, operator_desa_orobatu):
        with pytest.raises(NotFound):
            services.penugasan_grant(actor=actor, user=warga, peran=Peran.DESA, wilayah_kode=DESA)


def test_duplicate_active_grant_is_a_conflict(diskominfo_mamuju, warga):
    services.penugasan_grant(actor=diskominfo_mamuju, user=warga, peran=Peran.DESA, wilayah_kode=DESA)
    with pytest.raises(Conflict) as exc:
        services.penugasan_grant(actor=diskominfo_mamuju, user=warga, peran=Peran.DESA, wilayah_kode=DESA)
    assert "sudah memegang peran ini" in exc.value.message


def test_no_self_grant(diskominfo_mamuju):
    with pytest.raises(ValidationError):
        services.penugasan_grant(actor=diskominfo_mamuju, user=diskominfo_mamuju, peran=Peran.DESA,
                                 wilayah_kode=DESA)


def test_inactive_region_code_is_unknown(diskominfo_mamuju, warga):
    Wilayah.objects.filter(kode=DESA).update(aktif=False)
    with pytest.raises(ValidationError) as exc:
        services.penugasan_grant(actor=diskominfo_mamuju, user=warga, peran=Peran.DESA, wilayah_kode=DESA)
    assert exc.value.field == "wilayah"


# --- penugasan_revoke -------------------------------------------------------------------------
def test_revoke_records_who_when_why(diskominfo_mamuju, camat_tapalang):
    p = camat_tapalang.penugasan.get()
    assert scope.boleh(camat_tapalang, Aksi.LIHAT, wilayah_kode=DESA)
    services.penugasan_revoke(actor=diskominfo_mamuju, penugasan=p, alasan="  Pindah tugas ")
    p.refresh_from_db()
    assert p.dicabut is not None and p.dicabut_oleh == diskominfo_mamuju and p.alasan_cabut == "Pindah tugas"
    ev = AkunEvent.objects.get(user=camat_tapalang, jenis=AkunEvent.Jenis.PENUGASAN_DICABUT)
    assert (ev.aktor, ev.alasan, ev.wilayah_kode) == (diskominfo_mamuju, "Pindah tugas", "76.02.02")
    assert not scope.boleh(camat_tapalang, Aksi.LIHAT, wilayah_kode=DESA)


def test_revoke_needs_a_reason(diskominfo_mamuju, camat_tapalang):
    with pytest.raises(ValidationError) as exc:
        services.penugasan_revoke(actor=diskominfo_mamuju, penugasan=camat_tapalang.penugasan.get(), alasan=" ")
    assert exc.value.field == "alasan"


def test_revoke_twice_is_a_conflict(diskominfo_mamuju, camat_tapalang):
    p = camat_tapalang.penugasan.get()
    services.penugasan_revoke(actor=diskominfo_mamuju, penugasan=p, alasan="Pensiun")
    with pytest.raises(Conflict):
        services.penugasan_revoke(actor=diskominfo_mamuju, penugasan=p, alasan="Pensiun")


def test_revoke_outside_subtree_is_not_found(diskominfo_makassar, camat_tapalang):
    with pytest.raises(NotFound):
        services.penugasan_revoke(actor=diskominfo_makassar, penugasan=camat_tapalang.penugasan.get(),
                                  alasan="Coba-coba")
    assert camat_tapalang.penugasan.get().dicabut is None


def test_cannot_revoke_own_grant(diskominfo_mamuju):
    with pytest.raises(ValidationError):
        services.penugasan_revoke(actor=diskominfo_mamuju, penugasan=diskominfo_mamuju.penugasan.get(),
                                  alasan="Iseng")


def test_province_revokes_inside_its_subtree(diskominfo_sulbar, diskominfo_mamuju):
    services.penugasan_revoke(actor=diskominfo_sulbar, penugasan=diskominfo_mamuju.penugasan.get(),
                              alasan="Reorganisasi")
    assert not Penugasan.objects.aktif().filter(user=diskominfo_mamuju).exists()


# --- akun_reset_password ----------------------------------------------------------------------
def test_reset_gives_a_working_temporary_password(diskominfo_mamuju, operator_desa_orobatu):
    sandi = services.akun_reset_password(actor=diskominfo_mamuju, user=operator_desa_orobatu)
    operator_desa_orobatu.refresh_from_db()
    assert operator_desa_orobatu.check_password(sandi) and operator_desa_orobatu.sandi_sementara
    assert AkunEvent.objects.filter(user=operator_desa_orobatu, jenis=AkunEvent.Jenis.SANDI_DIRESET,
                                    aktor=diskominfo_mamuju).exists()


def test_reset_outside_subtree_is_not_found(diskominfo_makassar, operator_desa_orobatu):
    with pytest.raises(NotFound):
        services.akun_reset_password(actor=diskominfo_makassar, user=operator_desa_orobatu)


def test_reset_refused_when_the_account_also_serves_elsewhere(diskominfo_mamuju, operator_desa_orobatu):
    PenugasanFactory(user=operator_desa_orobatu, peran=Peran.DISKOMINFO_KABKOTA,
                     wilayah=Wilayah.objects.get(kode="73.71"))
    with pytest.raises(ValidationError) as exc:
        services.akun_reset_password(actor=diskominfo_mamuju, user=operator_desa_orobatu)
    assert "di luar kewenangan Anda" in exc.value.message
    assert operator_desa_orobatu.check_password("rahasia-simpul-123")


def test_reset_refused_for_a_higher_role_in_the_same_region(diskominfo_mamuju, diskominfo_sulbar):
    PenugasanFactory(user=diskominfo_sulbar, peran=Peran.DESA, wilayah=Wilayah.objects.get(kode=DESA))
    with pytest.raises(ValidationError):
        services.akun_reset_password(actor=diskominfo_mamuju, user=diskominfo_sulbar)


def test_reset_own_account_is_refused(diskominfo_mamuju):
    with pytest.raises(ValidationError):
        services.akun_reset_password(actor=diskominfo_mamuju, user=diskominfo_mamuju)


# --- profil_update ----------------------------------------------------------------------------
def test_profile_update_normalises_and_syncs_email_address(warga):
    EmailAddress.objects.create(user=warga, email="warga@contoh.id", primary=True, verified=True)
    berubah = services.profil_update(user=warga, nama=" Warga  Baru ", email="Baru@Contoh.id",
                                     telepon="0812 9999 0000")
    assert berubah == ["nama", "email", "telepon"]
    warga.refresh_from_db()
    assert (warga.nama, warga.email, warga.telepon) == ("Warga Baru", "baru@contoh.id", "+6281299990000")
    assert list(EmailAddress.objects.filter(user=warga).values_list("email", flat=True)) == ["baru@contoh.id"]
    ev = AkunEvent.objects.get(user=warga, jenis=AkunEvent.Jenis.PROFIL_DIUBAH)
    assert ev.data == {"kolom": ["nama", "email", "telepon"]}
    assert "baru@contoh.id" not in str(ev.data)


def test_profile_update_without_changes_writes_nothing(warga):
    assert services.profil_update(user=warga, nama=warga.nama, email=warga.email, telepon=None) == []
    assert not AkunEvent.objects.exists()


def test_profile_update_duplicate_and_empty(warga, pengurus_kim_tapalang):
    with pytest.raises(ValidationError) as exc:
        services.profil_update(user=warga, nama="W", email="warga@contoh.id", telepon="081234500001")
    assert exc.value.field == "telepon"
    with pytest.raises(ValidationError) as exc:
        services.profil_update(user=warga, nama="W", email="", telepon="")
    assert exc.value.field == "email"


def test_kewenangan_offers_only_roles_at_or_below_own_level(diskominfo_mamuju, komdigi):
    assert [p for p, _ in kewenangan_akun(diskominfo_mamuju).peran_boleh()] == [
        Peran.DISKOMINFO_KABKOTA, Peran.KECAMATAN, Peran.DESA]
    assert len(kewenangan_akun(komdigi).peran_boleh()) == len(Peran)


def test_signup_service_refuses_taken_contacts(warga):
    with pytest.raises(ValidationError):
        services.akun_daftar(nama="X", email="WARGA@contoh.id", telepon=None, password="Abc-12345-xyz")
    u = services.akun_daftar(nama="X", email=None, telepon="081377778888", password="Abc-12345-xyz")
    assert u.check_password("Abc-12345-xyz") and u.email is None
    assert UserFactory  # factories stay importable for personas
