"""django-axes lockout after repeated wrong passwords, per (sign-in name, IP)."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from simpul.akun import services
from simpul.akun.testing import SANDI_UJI
from simpul.core.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


def _masuk(client, login, sandi=SANDI_UJI, ip="10.0.0.1"):
    return client.post(LOGIN, {"login": login, "password": sandi}, REMOTE_ADDR=ip)


def _gagal_sampai_terkunci(client, login, ip="10.0.0.1"):
    resps = [_masuk(client, login, "salah-salah", ip=ip) for _ in range(settings.AXES_FAILURE_LIMIT)]
    return resps


def test_five_wrong_passwords_lock_and_the_right_one_is_then_refused(client, warga):
    resps = _gagal_sampai_terkunci(client, "warga@contoh.id")
    assert [r.status_code for r in resps[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert resps[-1].status_code == 429
    resp = _masuk(client, "warga@contoh.id")
    assert resp.status_code == 429
    assert "_auth_user_id" not in client.session
    html = resp.content.decode()
    assert "Terlalu banyak percobaan masuk" in html
    assert "Coba lagi setelah 15 menit." in html
    assert "style=" not in html
    assert "akun/terkunci.html" in [t.name for t in resp.templates]


def test_other_accounts_are_unaffected(client, warga, anggota_kim_tapalang):
    _gagal_sampai_terkunci(client, "warga@contoh.id")
    resp = _masuk(client, "anggota.orobatu@contoh.id")
    assert resp.status_code == 302
    assert client.session["_auth_user_id"] == str(anggota_kim_tapalang.pk)


def test_same_account_from_another_ip_is_unaffected(client, warga):
    _gagal_sampai_terkunci(client, "warga@contoh.id", ip="10.0.0.1")
    assert _masuk(client, "warga@contoh.id", ip="10.0.0.2").status_code == 302


def test_phone_written_differently_counts_against_one_lockout(client, pengurus_kim_tapalang):
    for ketik in ["081234500001", "6281234500001", "+62 812 3450 0001", "0812-3450-0001", "81234500001"]:
        _masuk(client, ketik, "salah-salah")
    assert AccessAttempt.objects.get().username == "+6281234500001"
    resp = _masuk(client, "081234500001")
    assert resp.status_code == 429
    assert "_auth_user_id" not in client.session


def test_email_case_does_not_escape_the_lockout(client, warga):
    for ketik in ["warga@contoh.id", "WARGA@contoh.id", "Warga@Contoh.id", "warga@CONTOH.ID", "warga@contoh.id"]:
        _masuk(client, ketik, "salah-salah")
    assert _masuk(client, "WaRgA@contoh.id").status_code == 429


def test_a_success_before_the_limit_resets_the_count(client, warga):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _masuk(client, "warga@contoh.id", "salah-salah")
    assert _masuk(client, "warga@contoh.id").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _masuk(client, "warga@contoh.id", "salah-salah")
    assert _masuk(client, "warga@contoh.id").status_code == 302


def test_office_temporary_password_also_unlocks(client, diskominfo_mamuju):
    hasil = services.akun_create(actor=diskominfo_mamuju, nama="Operator Baru", telepon="085255550001",
                                 peran="desa", wilayah_kode="76.02.02.2003")
    _gagal_sampai_terkunci(client, "085255550001")
    assert _masuk(client, "085255550001", hasil.sandi_sementara).status_code == 429
    sandi = services.akun_reset_password(actor=diskominfo_mamuju, user=hasil.user)
    assert _masuk(client, "085255550001", sandi).status_code == 302


def test_signup_is_rate_limited_per_ip(client):
    kode = []
    for i in range(11):
        resp = client.post(reverse("account_signup"), {
            "nama": f"Warga {i}", "telepon": f"08134455{i:04d}", "password1": "Kopi-Tapalang-77",
            "password2": "Kopi-Tapalang-77"}, REMOTE_ADDR="10.9.9.9")
        kode.append(resp.status_code)
        client.logout()
    assert kode[:10] == [302] * 10
    assert kode[10] == 429


def test_login_is_rate_limited_per_ip(client):
    UserFactory(email="banyak@contoh.id")
    kode = [client.post(LOGIN, {"login": f"orang{i}@contoh.id", "password": "x"},
                        REMOTE_ADDR="10.8.8.8").status_code for i in range(31)]
    assert 429 in kode
