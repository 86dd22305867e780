"""Handling: triage, routing, responses, the citizen's rating and reopening, escalation, the
audit trail, scope (404 outside), and what the public may see."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.akun.testing import login_dengan_mfa
from simpul.aspirasi import services
from simpul.aspirasi.models import Aspirasi, AspirasiEvent, Status
from simpul.core.errors import Conflict, NotFound, ValidationError

from .conftest import DESA_MAKASSAR, buat

pytestmark = pytest.mark.django_db


def _detail(a):
    return reverse("aspirasi:kelola_detail", args=[a.pk])


def test_alur_lengkap_verifikasi_rute_otomatis_jawab_nilai(operator_desa_orobatu, staf_pupr, rute, kategori):
    a = buat(nama="Siti", telepon="081234567891")
    services.aspirasi_verifikasi(actor=operator_desa_orobatu, aspirasi=a, kategori=kategori)
    a.refresh_from_db()
    assert a.status == Status.DIDISPOSISI and a.instansi == rute.instansi  # routed by the rule
    assert a.tenggat is not None
    t = services.tanggapan_kirim(actor=staf_pupr, aspirasi=a, isi="Tim sudah memperbaiki jembatan kemarin.")
    a.refresh_from_db()
    assert a.status == Status.DITANGGAPI and a.respons_pertama_pada and a.tepat_waktu is True and t.final
    services.aspirasi_nilai(aspirasi=a, penilaian=5, catatan="Terima kasih")
    a.refresh_from_db()
    assert a.status == Status.SELESAI and a.penilaian == 5
    jenis = list(AspirasiEvent.objects.filter(aspirasi=a).order_by("waktu", "id").values_list("jenis", flat=True))
    assert jenis == ["masuk", "diverifikasi", "didisposisi", "ditanggapi", "dinilai"]
    ev = AspirasiEvent.objects.get(aspirasi=a, jenis="diverifikasi")
    assert ev.aktor == operator_desa_orobatu and ev.data["sebelum"]["kategori"] is None
    assert ev.data["sesudah"]["kategori"] == kategori.pk


def test_buka_ulang_dan_batasnya(operator_desa_orobatu, staf_pupr, rute, kategori):
    a = buat()
    services.aspirasi_verifikasi(actor=operator_desa_orobatu, aspirasi=a, kategori=kategori)
    for _i in range(services.MAKS_BUKA_ULANG):
        services.tanggapan_kirim(actor=staf_pupr, aspirasi=a, isi="Sudah kami tindak lanjuti di lapangan.")
        services.aspirasi_buka_ulang(aspirasi=a, alasan="Belum diperbaiki sama sekali")
        a.refresh_from_db()
        assert a.status == Status.DIDISPOSISI
    services.tanggapan_kirim(actor=staf_pupr, aspirasi=a, isi="Sudah kami tindak lanjuti di lapangan.")
    with pytest.raises(Conflict):
        services.aspirasi_buka_ulang(aspirasi=a, alasan="Masih belum diperbaiki")


def test_tanggapan_perkembangan_memakai_tenggat_jenis(diskominfo_mamuju, staf_pupr, pupr, kategori):
    a = buat(jenis="informasi")
    services.aspirasi_verifikasi(actor=diskominfo_mamuju, aspirasi=a, kategori=kategori, butuh_cek_lapangan=True)
    services.aspirasi_disposisi(actor=diskominfo_mamuju, aspirasi=a, instansi=pupr)
    services.tanggapan_kirim(actor=staf_pupr, aspirasi=a, isi="Akan kami periksa ke lapangan.", final=False)
    a.refresh_from_db()
    assert a.status == Status.DITINDAKLANJUTI
    assert (a.tenggat - timezone.localdate()).days >= 60  # 60 working days for a field inspection


def test_teruskan_ke_atas_mengubah_jangkauan(client, operator_desa_orobatu, camat_tapalang):
    a = buat()
    services.aspirasi_teruskan(actor=operator_desa_orobatu, aspirasi=a, wilayah="76.02.02",
                               alasan="Kewenangan kecamatan")
    a.refresh_from_db()
    assert a.wilayah_tangani_id == "76.02.02" and a.kim_id is None
    login_dengan_mfa(client, operator_desa_orobatu)
    assert client.get(_detail(a)).status_code == 404
    client.logout()
    login_dengan_mfa(client, camat_tapalang)
    assert client.get(_detail(a)).status_code == 200


def test_tunda_arsip_gabung(operator_desa_orobatu):
    a, b, c = buat(), buat(), buat()
    services.aspirasi_tunda(actor=operator_desa_orobatu, aspirasi=a, alasan="Menunggu foto lokasi")
    services.aspirasi_arsipkan(actor=operator_desa_orobatu, aspirasi=b, alasan="Bukan laporan (uji coba)")
    services.aspirasi_gabung(actor=operator_desa_orobatu, aspirasi=c, ke=a.kode.lower())
    for x in (a, b, c):
        x.refresh_from_db()
    assert (a.status, b.status, c.status) == (Status.DITUNDA, Status.DIARSIPKAN, Status.DIGABUNG)
    assert c.digabung_ke == a
    with pytest.raises(ValidationError):
        services.aspirasi_arsipkan(actor=operator_desa_orobatu, aspirasi=a, alasan="")
    with pytest.raises(ValidationError):
        services.aspirasi_gabung(actor=operator_desa_orobatu, aspirasi=a, ke=a.kode)


def test_kim_menangani_aspirasi_desanya_sendiri(pengurus_kim_tapalang, kim_tapalang, kim_makassar, kategori):
    a = buat()
    assert a.kim == kim_tapalang
    services.aspirasi_verifikasi(actor=pengurus_kim_tapalang, aspirasi=a, kategori=kategori)
    b = buat(desa=DESA_MAKASSAR)
    with pytest.raises(NotFound):
        services.aspirasi_verifikasi(actor=pengurus_kim_tapalang, aspirasi=b, kategori=kategori)


@pytest.mark.parametrize("persona", ["diskominfo_makassar", "warga", "anggota_kim_tapalang", "staf_pupr"])
def test_di_luar_jangkauan_404(client, request, persona, kim_tapalang):
    a = buat()
    user = request.getfixturevalue(persona)
    login_dengan_mfa(client, user)
    assert client.get(_detail(a)).status_code == 404
    assert client.post(reverse("aspirasi:aksi", args=[a.pk, "arsip"]), {"alasan": "coba-coba"}).status_code == 404
    assert a.kode not in client.get(reverse("aspirasi:kelola")).content.decode()


def test_instansi_hanya_melihat_yang_didisposisikan(client, diskominfo_mamuju, staf_pupr, pupr, kategori):
    a, b = buat(), buat()
    services.aspirasi_verifikasi(actor=diskominfo_mamuju, aspirasi=a, kategori=kategori)
    services.aspirasi_disposisi(actor=diskominfo_mamuju, aspirasi=a, instansi=pupr)
    login_dengan_mfa(client, staf_pupr)
    html = client.get(reverse("aspirasi:kelola")).content.decode()
    assert a.kode in html and b.kode not in html
    assert client.get(_detail(a)).status_code == 200
    assert client.get(_detail(b)).status_code == 404
    resp = client.post(reverse("aspirasi:aksi", args=[a.pk, "tanggapi"]),
                       {"isi": "Jembatan akan diperbaiki minggu depan.", "final": "on"})
    assert resp.status_code == 302
    # an agency answers but does not triage
    resp = client.post(reverse("aspirasi:aksi", args=[a.pk, "arsip"]), {"alasan": "Tidak mau menangani"})
    assert resp.status_code == 400


def test_halaman_kelola_dan_aksi_lewat_form(client, diskominfo_mamuju, pupr, kategori, django_assert_max_num_queries):
    for _i in range(5):
        buat()
    a = Aspirasi.objects.first()
    login_dengan_mfa(client, diskominfo_mamuju)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("aspirasi:kelola")).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(_detail(a)).status_code == 200
    resp = client.post(reverse("aspirasi:aksi", args=[a.pk, "verifikasi"]), {"kategori": kategori.pk, "jenis": "aspirasi"})
    assert resp.status_code == 302
    resp = client.post(reverse("aspirasi:aksi", args=[a.pk, "disposisi"]), {"instansi": pupr.pk})
    assert resp.status_code == 302
    a.refresh_from_db()
    assert a.instansi == pupr
    resp = client.post(reverse("aspirasi:aksi", args=[a.pk, "teruskan"]), {"wilayah": "99", "alasan": "abc"})
    assert resp.status_code == 400  # bad input keeps the page, no 500


def test_publik_hanya_setelah_verifikasi_tanpa_data_pribadi(client, diskominfo_mamuju, kategori):
    rahasia = buat(rahasia=True, judul="Judul rahasia sekali", nama="Nama Rahasia")
    biasa = buat(judul="Judul biasa terbuka", nama="Pak Kades", telepon="081299998888", email="pak@contoh.id")
    belum = buat(judul="Judul belum diverifikasi")
    for a in (rahasia, biasa):
        services.aspirasi_verifikasi(actor=diskominfo_mamuju, aspirasi=a, kategori=kategori)
    html = client.get(reverse("aspirasi:daftar")).content.decode()
    assert "Judul biasa terbuka" in html
    assert "Judul rahasia sekali" not in html and "Judul belum diverifikasi" not in html
    detail = client.get(reverse("aspirasi:publik_detail", args=[biasa.pk])).content.decode()
    for rahasia_teks in ("Pak Kades", "+6281299998888", "pak@contoh.id", biasa.kode):
        assert rahasia_teks not in detail
    assert client.get(reverse("aspirasi:publik_detail", args=[rahasia.pk])).status_code == 404
    assert client.get(reverse("aspirasi:publik_detail", args=[belum.pk])).status_code == 404
    api = client.get("/api/v1/aspirasi/").json()
    assert [i["judul"] for i in api["items"]] == ["Judul biasa terbuka"]
    teks = str(api)
    for rahasia_teks in ("Pak Kades", "6281299998888", "pak@contoh.id", biasa.kode, "Nama Rahasia"):
        assert rahasia_teks not in teks
    assert client.get(f"/api/v1/aspirasi/{rahasia.pk}").status_code == 404
    st = client.get(f"/api/v1/aspirasi/status/{biasa.kode}").json()
    assert st["status"] == "diverifikasi" and "Pak Kades" not in str(st)


def test_laporan_penyalahgunaan_menyembunyikan_sampai_ditinjau(client, diskominfo_mamuju, kategori):
    a = buat(judul="Konten dilaporkan")
    services.aspirasi_verifikasi(actor=diskominfo_mamuju, aspirasi=a, kategori=kategori)
    resp = client.post(reverse("aspirasi:lapor", args=[a.pk]), {"alasan": "Berisi fitnah"})
    assert resp.status_code == 302
    assert "Konten dilaporkan" not in client.get(reverse("aspirasi:daftar")).content.decode()
    services.laporan_tinjau(actor=diskominfo_mamuju, aspirasi=a, pulihkan=True, alasan="Tidak melanggar")
    assert "Konten dilaporkan" in client.get(reverse("aspirasi:daftar")).content.decode()


def test_status_warga_nilai_lewat_halaman(client, diskominfo_mamuju, staf_pupr, pupr, kategori):
    a = buat()
    services.aspirasi_verifikasi(actor=diskominfo_mamuju, aspirasi=a, kategori=kategori)
    services.aspirasi_disposisi(actor=diskominfo_mamuju, aspirasi=a, instansi=pupr)
    services.tanggapan_kirim(actor=staf_pupr, aspirasi=a, isi="Perbaikan dijadwalkan bulan ini.")
    url = reverse("aspirasi:status", args=[a.kode])
    html = client.get(url).content.decode()
    assert "Perbaikan dijadwalkan bulan ini." in html and "Staf PUPR" not in html
    assert client.post(url, {"aksi": "nilai", "penilaian": "9"}).status_code == 400
    assert client.post(url, {"aksi": "nilai", "penilaian": "4"}).status_code == 302
    a.refresh_from_db()
    assert a.status == Status.SELESAI and a.penilaian == 4


def test_notifikasi_warga_dan_petugas(mailoutbox, operator_desa_orobatu, kim_tapalang, pengurus_kim_tapalang):
    from simpul.notifikasi.models import Notifikasi

    with pytest.MonkeyPatch.context() as mp:
        from django.db import transaction
        mp.setattr(transaction, "on_commit", lambda fn, *a, **k: fn())
        a = buat(email="warga@contoh.id")
    assert any(a.kode in m.subject for m in mailoutbox)
    assert Notifikasi.objects.filter(user=operator_desa_orobatu, kunci=f"aspirasi:{a.pk}:masuk").exists()
    assert Notifikasi.objects.filter(user=pengurus_kim_tapalang).exists()


def test_tenggat_lewat_saat_jawab_tercatat_tidak_tepat_waktu(diskominfo_mamuju, staf_pupr, pupr, kategori):
    a = buat()
    services.aspirasi_verifikasi(actor=diskominfo_mamuju, aspirasi=a, kategori=kategori)
    services.aspirasi_disposisi(actor=diskominfo_mamuju, aspirasi=a, instansi=pupr)
    Aspirasi.objects.filter(pk=a.pk).update(tenggat=timezone.localdate() - timedelta(days=1))
    services.tanggapan_kirim(actor=staf_pupr, aspirasi=a, isi="Maaf terlambat, sudah ditangani.")
    a.refresh_from_db()
    assert a.tepat_waktu is False and a.terlambat
