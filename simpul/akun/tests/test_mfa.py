"""MFA is required for government roles (SIMPUL_MFA_WAJIB) and never forced on citizens."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from simpul.akun import services
from simpul.akun.testing import SANDI_UJI, aktifkan_totp, kode_totp, login_dengan_mfa
from simpul.core.peran import Peran
from simpul.core.testing.factories import PenugasanFactory
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db

AKTIVASI = reverse("mfa_activate_totp")
PROFIL = reverse("akun:profil")


def _masuk_sandi(client, login):
    return client.post(reverse("account_login"), {"login": login, "password": SANDI_UJI})


def test_government_user_without_totp_is_sent_to_activation_from_every_page(client, diskominfo_mamuju):
    client.force_login(diskominfo_mamuju)
    for url in (reverse("beranda"), PROFIL, reverse("akun:pengguna_daftar"), reverse("kim:direktori")):
        resp = client.get(url)
        assert resp.status_code == 302, url
        assert resp.url == AKTIVASI
    resp = client.post(PROFIL, {"nama": "X"})
    assert resp.status_code == 302 and resp.url == AKTIVASI


def test_exempt_pages_stay_reachable_without_totp(client, diskominfo_mamuju):
    client.force_login(diskominfo_mamuju)
    assert client.get(reverse("account_logout")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get("/static/css/akun.css").status_code == 200
    resp = client.post(reverse("set_language"), {"language": "en", "next": "/kim/"})
    assert resp.status_code == 302 and resp.url == "/kim/"
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_api_and_htmx_requests_get_a_fitting_answer(client, diskominfo_mamuju):
    client.force_login(diskominfo_mamuju)
    resp = client.get("/api/v1/openapi.json")
    assert resp.status_code == 403 and "detail" in resp.json()
    resp = client.get(PROFIL, headers={"HX-Request": "true"})
    assert resp.status_code == 204 and resp["HX-Redirect"] == AKTIVASI


def test_activating_totp_through_the_real_pages_then_pages_open(client, diskominfo_mamuju):
    assert _masuk_sandi(client, "mamuju@contoh.id").status_code == 302
    assert client.get(reverse("beranda")).url == AKTIVASI
    resp = client.get(AKTIVASI)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Aktifkan verifikasi dua langkah" in html and "style=" not in html
    secret = resp.context["form"].secret
    resp = client.post(AKTIVASI, {"code": "000000" if kode_totp(secret) != "000000" else "111111"})
    assert resp.status_code == 200 and "Kode salah" in resp.content.decode()
    resp = client.post(AKTIVASI, {"code": kode_totp(secret)})
    assert resp.status_code == 302
    assert Authenticator.objects.filter(user=diskominfo_mamuju, type="totp").exists()
    # The session that activated is trusted at once: no second code asked.
    assert client.get(PROFIL).status_code == 200
    assert client.get(reverse("akun:pengguna_daftar")).status_code == 200


def test_user_with_totp_is_asked_for_the_code_at_login(client, diskominfo_mamuju):
    secret = aktifkan_totp(diskominfo_mamuju)
    resp = _masuk_sandi(client, "mamuju@contoh.id")
    assert resp.status_code == 302 and resp.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    resp = client.post(reverse("mfa_authenticate"), {"code": "12345"})
    assert resp.status_code == 200 and "_auth_user_id" not in client.session
    resp = client.post(reverse("mfa_authenticate"), {"code": kode_totp(secret)})
    assert resp.status_code == 302
    assert client.session["_auth_user_id"] == str(diskominfo_mamuju.pk)
    assert client.get(PROFIL).status_code == 200


def test_mfa_page_at_login_is_indonesian_and_csp_clean(client, diskominfo_mamuju):
    aktifkan_totp(diskominfo_mamuju)
    _masuk_sandi(client, "mamuju@contoh.id")
    html = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Verifikasi dua langkah" in html
    assert "style=" not in html and "<script>" not in html


def test_session_that_skipped_the_code_must_confirm_it(client, diskominfo_mamuju):
    secret = aktifkan_totp(diskominfo_mamuju)
    client.force_login(diskominfo_mamuju)  # e.g. a login path that bypassed allauth's MFA stage
    resp = client.get(PROFIL)
    assert resp.status_code == 302
    assert resp.url.startswith(reverse("mfa_reauthenticate"))
    resp = client.post(resp.url, {"code": kode_totp(secret)})
    assert resp.status_code == 302 and resp.url == PROFIL
    assert client.get(PROFIL).status_code == 200


@pytest.mark.parametrize("persona", ["warga", "pengurus_kim_tapalang", "anggota_kim_tapalang"])
def test_citizens_and_kim_members_are_never_forced(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(PROFIL).status_code == 200
    assert client.get(reverse("beranda")).status_code == 200


def test_a_grant_arriving_mid_session_starts_the_requirement(client, warga):
    client.force_login(warga)
    assert client.get(PROFIL).status_code == 200
    PenugasanFactory(user=warga, peran=Peran.DESA, wilayah=Wilayah.objects.get(kode="76.02.02.2003"))
    assert client.get(PROFIL).url == AKTIVASI


def test_demo_mode_switch_turns_the_requirement_off(client, settings, diskominfo_mamuju):
    settings.SIMPUL_MFA_WAJIB = False
    client.force_login(diskominfo_mamuju)
    assert client.get(PROFIL).status_code == 200


def test_government_user_cannot_switch_totp_off(client, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.post(reverse("mfa_deactivate_totp"))
    assert resp.status_code == 200
    assert Authenticator.objects.filter(user=diskominfo_mamuju, type="totp").exists()


def test_citizen_may_switch_totp_off(client, warga):
    login_dengan_mfa(client, warga)
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=warga, type="totp").exists()


def test_helper_fast_path_gives_a_fully_authenticated_session(client, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    assert client.get(reverse("akun:pengguna_daftar")).status_code == 200
    # allauth's own reauthentication check accepts it too (recent records in the session).
    assert client.get(reverse("mfa_generate_recovery_codes")).status_code == 200


def test_helper_form_path_twice_in_a_row(client, diskominfo_mamuju, camat_tapalang):
    login_dengan_mfa(client, diskominfo_mamuju, lewat_form=True)
    assert client.get(reverse("akun:pengguna_daftar")).status_code == 200
    client.logout()
    login_dengan_mfa(client, diskominfo_mamuju, lewat_form=True)
    assert client.get(PROFIL).status_code == 200


def test_temporary_password_must_be_changed_first(client, diskominfo_mamuju):
    hasil = services.akun_create(actor=diskominfo_mamuju, nama="Operator Desa", telepon="0852 5555 0002",
                                 peran=Peran.DESA, wilayah_kode="76.02.02.2003")
    resp = client.post(reverse("account_login"), {"login": "085255550002", "password": hasil.sandi_sementara})
    assert resp.status_code == 302
    resp = client.get(PROFIL)
    assert resp.url.startswith(reverse("account_change_password"))
    html = client.get(reverse("account_change_password")).content.decode()
    assert "kata sandi sementara" in html
    resp = client.post(reverse("account_change_password"), {
        "oldpassword": hasil.sandi_sementara, "password1": "Sandi-Sendiri-2026", "password2": "Sandi-Sendiri-2026"})
    assert resp.status_code == 302
    hasil.user.refresh_from_db()
    assert not hasil.user.sandi_sementara
    # next stop: the authenticator app, as for every government account
    assert client.get(PROFIL).url == AKTIVASI
