"""Sign-in with an email address or an Indonesian phone number, signup, password reset."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from simpul.akun.models import User
from simpul.akun.testing import SANDI_UJI
from simpul.core.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


def _masuk(client, login, sandi=SANDI_UJI):
    return client.post(LOGIN, {"login": login, "password": sandi})


def test_login_page_has_one_field_for_email_or_phone(client):
    resp = client.get(LOGIN)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Email atau nomor HP" in html
    assert 'name="login"' in html and 'name="password"' in html
    assert "style=" not in html


def test_warga_signs_in_with_email_any_case(client, warga):
    resp = _masuk(client, "Warga@Contoh.ID")
    assert resp.status_code == 302
    assert client.session["_auth_user_id"] == str(warga.pk)


@pytest.mark.parametrize("ketik", ["081234500001", "6281234500001", "+62 812-3450-0001", "0812 3450 0001"])
def test_phone_written_any_way_signs_in(client, pengurus_kim_tapalang, ketik):
    resp = _masuk(client, ketik)
    assert resp.status_code == 302
    assert client.session["_auth_user_id"] == str(pengurus_kim_tapalang.pk)


def test_phone_only_account_signs_in(client):
    user = UserFactory(email=None, telepon="+6285211112222", nama="Hanya HP")
    assert _masuk(client, "085211112222").status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_gets_a_clear_message_and_keeps_login(client, warga):
    resp = _masuk(client, "warga@contoh.id", "salah-sekali")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "tidak benar" in html
    assert 'value="warga@contoh.id"' in html
    assert "_auth_user_id" not in client.session


def test_unknown_phone_gets_the_same_message_as_a_wrong_password(client, warga):
    resp = _masuk(client, "081299998888")
    assert resp.status_code == 200
    assert "Nomor ponsel dan/atau kata sandi" in resp.content.decode()


@pytest.mark.parametrize("ketik, pesan", [
    ("budi", "Masukkan alamat email atau nomor HP Anda."),
    ("+1 555 1234567", "Hanya nomor Indonesia (+62)"),
    ("0812", "Nomor telepon tidak valid"),
    ("budi@", "Alamat email tidak valid."),
])
def test_invalid_login_input_is_explained_and_kept(client, ketik, pesan):
    resp = _masuk(client, ketik)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert pesan in html
    assert f'value="{ketik}"' in html


def test_inactive_account_cannot_sign_in(client):
    UserFactory(email="nonaktif@contoh.id", is_active=False)
    resp = _masuk(client, "nonaktif@contoh.id")
    assert "_auth_user_id" not in client.session
    assert resp.status_code in (200, 302)


# --- signup ---------------------------------------------------------------------------------
SIGNUP = reverse("account_signup")


def _daftar(client, **data):
    isian = {"nama": "Siti Aminah", "email": "", "telepon": "", "password1": "Kopi-Tapalang-77",
             "password2": "Kopi-Tapalang-77"}
    isian.update(data)
    return client.post(SIGNUP, isian)


def test_signup_with_email_only(client):
    resp = _daftar(client, email="Siti@Contoh.id")
    assert resp.status_code == 302
    user = User.objects.get(email="siti@contoh.id")
    assert user.nama == "Siti Aminah" and user.telepon is None
    assert EmailAddress.objects.filter(user=user, email="siti@contoh.id", primary=True).exists()
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_with_phone_only_stores_e164(client):
    resp = _daftar(client, telepon="0813 4455 6677")
    assert resp.status_code == 302
    user = User.objects.get(telepon="+6281344556677")
    assert user.email is None
    assert not EmailAddress.objects.filter(user=user).exists()


def test_two_phone_only_signups_do_not_collide_on_empty_email(client):
    assert _daftar(client, telepon="081344556677").status_code == 302
    client.logout()
    assert _daftar(client, nama="Andi", telepon="081344556688").status_code == 302
    assert User.objects.filter(email=None).count() == 2


def test_signup_asks_only_for_minimal_data(client):
    html = client.get(SIGNUP).content.decode()
    for nama in ("nama", "email", "telepon", "password1", "password2"):
        assert f'name="{nama}"' in html
    assert 'name="nik"' not in html
    assert 'name="alamat"' not in html


def test_signup_without_email_or_phone_is_refused_with_input_kept(client):
    resp = _daftar(client)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Isi alamat email atau nomor HP" in html
    assert 'value="Siti Aminah"' in html
    assert not User.objects.filter(nama="Siti Aminah").exists()


def test_signup_invalid_phone(client):
    resp = _daftar(client, telepon="12345")
    assert resp.status_code == 200
    assert "Nomor telepon tidak valid" in resp.content.decode()
    assert 'value="12345"' in resp.content.decode()


def test_signup_duplicate_phone_written_differently(client, pengurus_kim_tapalang):
    resp = _daftar(client, telepon="0812-3450-0001")
    assert resp.status_code == 200
    assert "Nomor HP ini sudah dipakai akun lain." in resp.content.decode()


def test_signup_duplicate_email(client, warga):
    resp = _daftar(client, email="WARGA@contoh.id")
    assert resp.status_code == 200
    assert "sudah terdaftar" in resp.content.decode() or "already registered" in resp.content.decode()
    assert User.objects.filter(email__iexact="warga@contoh.id").count() == 1


def test_signup_weak_password_refused(client):
    resp = _daftar(client, email="lemah@contoh.id", password1="12345678", password2="12345678")
    assert resp.status_code == 200
    assert not User.objects.filter(email="lemah@contoh.id").exists()


# --- password reset -------------------------------------------------------------------------
def test_password_reset_sends_a_working_link(client, warga):
    resp = client.post(reverse("account_reset_password"), {"email": "warga@contoh.id"})
    assert resp.status_code == 302
    assert len(mail.outbox) == 1
    link = next(w for w in mail.outbox[0].body.split() if "/akun/password/reset/key/" in w)
    path = link.split("testserver", 1)[-1]
    resp = client.get(path, follow=True)
    assert resp.status_code == 200
    form_url = resp.redirect_chain[-1][0] if resp.redirect_chain else path
    resp = client.post(form_url, {"password1": "Sandi-Baru-Orobatu-9", "password2": "Sandi-Baru-Orobatu-9"})
    assert resp.status_code == 302
    warga.refresh_from_db()
    assert warga.check_password("Sandi-Baru-Orobatu-9")


def test_password_reset_page_tells_phone_only_users_to_ask_their_office(client):
    html = client.get(reverse("account_reset_password")).content.decode()
    assert "Akun Anda tanpa email?" in html
    assert "kata sandi sementara" in html


def test_allauth_email_management_page_redirects_to_profile(client, warga):
    client.force_login(warga)
    resp = client.get(reverse("account_email"))
    assert resp.status_code == 302 and resp.url == reverse("akun:profil")
