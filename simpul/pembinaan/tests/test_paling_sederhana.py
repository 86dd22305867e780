import pytest
from simpul.akun.testing import login_dengan_mfa
from django.urls import reverse
from .conftest import buat_kegiatan, sedang_berlangsung
from simpul.pembinaan import services

pytestmark = pytest.mark.django_db

def test_the_whole_journey_through_the_pages(client, diskominfo_mamuju, anggota_kim_tapalang):
    login_dengan_mfa(client, diskominfo_mamuju)
    assert client.get(reverse("pembinaan:kelola")).status_code == 200
    r = client.get(reverse("pembinaan:kelola_baru")); assert r.status_code == 200
    k = buat_kegiatan(diskominfo_mamuju, kapasitas=2, agenda="**hai**")
    for n in ("kelola_detail", "kelola_qr", "kelola_presensi", "kelola_ubah", "kelola_peserta_ekspor"):
        r = client.get(reverse("pembinaan:" + n, args=[k.pk])); assert r.status_code == 200, n
    r = client.get(reverse("pembinaan:jangkauan")); assert r.status_code == 200
    client.force_login(anggota_kim_tapalang)
    assert client.get(reverse("pembinaan:beranda")).status_code == 200
    assert client.get(reverse("pembinaan:detail", args=[k.pk])).status_code == 200
    r = client.post(reverse("pembinaan:daftar", args=[k.pk])); assert r.status_code == 302
    sedang_berlangsung(k)
    r = client.get(services.url_hadir(k)); assert r.status_code == 200, r.content
    r = client.post(reverse("pembinaan:evaluasi", args=[k.pk]), {"nilai_materi": 5, "nilai_narasumber": 4, "nilai_penyelenggaraan": 4, "nilai_manfaat": 5})
    assert r.status_code == 302
    r = client.get(reverse("pembinaan:sertifikat", args=[k.pk])); assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    from simpul.pembinaan.models import Peserta
    p = Peserta.objects.get()
    client.logout()
    r = client.get(reverse("pembinaan:verifikasi", args=[p.sertifikat_kode])); assert r.status_code == 200
    assert client.get(reverse("pembinaan:verifikasi", args=["XXXX-XXXX-XXXX"])).status_code == 404
