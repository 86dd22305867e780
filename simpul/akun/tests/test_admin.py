import pytest
from django.urls import reverse

from simpul.akun.models import AkunEvent, User
from simpul.core.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(nama="Admin", email="admin@contoh.id", is_staff=True, is_superuser=True))
    return client


def test_admin_login_goes_through_allauth(client):
    resp = client.get(reverse("admin:login"))
    assert resp.status_code == 302 and resp.url.startswith(reverse("account_login"))


def test_user_admin_pages(admin_client, diskominfo_mamuju):
    assert admin_client.get(reverse("admin:akun_user_changelist"), {"q": "mamuju"}).status_code == 200
    assert admin_client.get(reverse("admin:akun_user_change", args=[diskominfo_mamuju.pk])).status_code == 200
    assert admin_client.get(reverse("admin:akun_penugasan_changelist")).status_code == 200


def test_user_admin_creates_phone_only_user_normalised(admin_client):
    resp = admin_client.post(reverse("admin:akun_user_add"), {
        "nama": "Dari Admin", "email": "", "telepon": "0813 1111 2222",
        "password1": "Admin-Buat-2026", "password2": "Admin-Buat-2026", "usable_password": "true"})
    assert resp.status_code == 302, resp.content.decode()[-2000:]
    u = User.objects.get(nama="Dari Admin")
    assert (u.email, u.telepon) == (None, "+6281311112222")


def test_user_admin_requires_email_or_phone(admin_client):
    resp = admin_client.post(reverse("admin:akun_user_add"), {
        "nama": "Tanpa Kontak", "email": "", "telepon": "", "password1": "Admin-Buat-2026",
        "password2": "Admin-Buat-2026", "usable_password": "true"})
    assert resp.status_code == 200
    assert "salah satu wajib" in resp.content.decode()


def test_audit_trail_is_read_only(admin_client, warga):
    ev = AkunEvent.objects.create(user=warga, jenis=AkunEvent.Jenis.PROFIL_DIUBAH)
    assert admin_client.get(reverse("admin:akun_akunevent_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:akun_akunevent_change", args=[ev.pk])).status_code == 200
    assert admin_client.get(reverse("admin:akun_akunevent_add")).status_code == 403
    assert admin_client.post(reverse("admin:akun_akunevent_delete", args=[ev.pk]), {"post": "yes"}).status_code == 403
    assert AkunEvent.objects.filter(pk=ev.pk).exists()
