import pytest
from django.urls import reverse

from simpul.akun.testing import login_dengan_mfa
from simpul.core.testing.halaman import periksa_ringan
from simpul.notifikasi import services
from simpul.notifikasi.models import Pesan, Preferensi, ProfilNotifikasi, StatusPesan

pytestmark = pytest.mark.django_db


def _gagal(n=1):
    for i in range(n):
        services.kirim_ke_kontak(kanal="sms", alamat=f"08123456789{i}", kunci=f"aspirasi:{i}:x", judul=f"Pesan {i}",
                                 isi="isi")
    Pesan.objects.update(status=StatusPesan.GAGAL, galat_terakhir="HTTP 400: nope", percobaan=1)


def test_preferences_page_saves_per_channel_and_type(client, kanal_uji, warga):
    client.force_login(warga)
    url = reverse("notifikasi:preferensi")
    resp = client.get(url)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'name="mode__email__bawaan"' in html and 'name="mode__telegram__diseminasi"' in html
    periksa_ringan(resp)
    data = {"mode__email__bawaan": "ringkasan", "mode__email__kim": "mati", "mode__whatsapp__bawaan": "mati",
            "mode__telegram__bawaan": "langsung", "mode__sms__bawaan": "mati", "telegram_chat_id": "123456",
            "whatsapp": ""}
    resp = client.post(url, data)
    assert resp.status_code == 302
    got = set(Preferensi.objects.filter(user=warga).values_list("kanal", "jenis", "mode"))
    assert ("email", "", "ringkasan") in got and ("email", "kim", "mati") in got and ("telegram", "", "langsung") in got
    assert ProfilNotifikasi.objects.get(user=warga).telegram_chat_id == "123456"
    # the saved choices come back on the page
    html = client.get(url).content.decode()
    assert 'value="123456"' in html


def test_preferences_page_keeps_input_on_a_bad_chat_id(client, kanal_uji, warga):
    client.force_login(warga)
    resp = client.post(reverse("notifikasi:preferensi"), {
        "mode__email__bawaan": "mati", "mode__whatsapp__bawaan": "mati", "mode__telegram__bawaan": "langsung",
        "mode__sms__bawaan": "mati", "telegram_chat_id": "bukan-angka", "whatsapp": "0812 3456 7890"})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "ID chat Telegram harus berupa angka" in html and 'value="bukan-angka"' in html
    assert 'value="0812 3456 7890"' in html
    assert not Preferensi.objects.filter(user=warga).exists()


def test_preferences_page_refuses_unknown_modes(client, warga):
    client.force_login(warga)
    resp = client.post(reverse("notifikasi:preferensi"), {"mode__email__bawaan": "kadang"})
    assert resp.status_code == 200 and not Preferensi.objects.exists()


def test_preferences_page_needs_sign_in(client):
    assert client.get(reverse("notifikasi:preferensi")).status_code == 302


def test_failed_messages_page_for_komdigi_with_retry(client, komdigi, django_assert_max_num_queries):
    _gagal(5)
    login_dengan_mfa(client, komdigi)
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("notifikasi:gagal"))
    html = resp.content.decode()
    assert resp.status_code == 200 and "Pesan 4" in html and "HTTP 400" in html
    assert "+6281***890" in html and "+62812345678" not in html  # masked address
    periksa_ringan(resp)
    p = Pesan.objects.first()
    resp = client.post(reverse("notifikasi:gagal_aksi", args=[p.pk, "ulang"]))
    assert resp.status_code == 302
    p.refresh_from_db()
    assert p.status in (StatusPesan.ANTRI, StatusPesan.GAGAL)  # re-queued (and re-sent: no gateway here)
    assert p.percobaan <= 1
    q = Pesan.objects.exclude(pk=p.pk).first()
    client.post(reverse("notifikasi:gagal_aksi", args=[q.pk, "batal"]))
    q.refresh_from_db()
    assert q.status == StatusPesan.BATAL


def test_failed_messages_page_is_404_for_everyone_else(client, diskominfo_mamuju, warga):
    _gagal()
    p = Pesan.objects.get()
    for user in (diskominfo_mamuju, warga):
        client.logout()
        if user is warga:
            client.force_login(user)
        else:
            login_dengan_mfa(client, user)
        assert client.get(reverse("notifikasi:gagal")).status_code == 404
        assert client.post(reverse("notifikasi:gagal_aksi", args=[p.pk, "ulang"])).status_code == 404
    p.refresh_from_db()
    assert p.status == StatusPesan.GAGAL


def test_inbox_links_to_the_preferences(client, warga):
    services.notifikasi_kirim(users=[warga], kunci="kim:1:a", judul="Halo")
    client.force_login(warga)
    resp = client.get(reverse("notifikasi:daftar"))
    assert reverse("notifikasi:preferensi") in resp.content.decode() and "Halo" in resp.content.decode()
