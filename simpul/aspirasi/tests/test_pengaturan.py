"""Office settings pages: agencies and staff, routing rules, response templates, holidays.

Scope (an office outside the region gets 404 on every page and action), bad input (messages,
input kept, never 500), the audit trail, and the effects: a rule made on the page routes a newly
verified aspiration; a local holiday shifts a deadline computed afterwards."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from simpul.akun.testing import login_dengan_mfa
from simpul.aspirasi import services
from simpul.aspirasi.kalender import tenggat_dari
from simpul.aspirasi.models import (
    AturanRute,
    HariLibur,
    Instansi,
    JenisLibur,
    PengaturanEvent,
    StafInstansi,
    Status,
    TemplatTanggapan,
)
from simpul.core.menu import untuk
from simpul.core.testing.factories import UserFactory
from simpul.core.testing.halaman import periksa_ringan
from simpul.wilayah.models import Wilayah

from .conftest import DESA, buat

pytestmark = pytest.mark.django_db


@pytest.fixture
def templat(pupr):
    return TemplatTanggapan.objects.create(instansi=pupr, judul="Diterima", isi="Aspirasi {kode} kami terima.")


@pytest.fixture
def libur_lokal(db):
    return HariLibur.objects.create(tanggal=date(2026, 12, 3), nama="HUT Mamuju", jenis=JenisLibur.LOKAL,
                                    wilayah=Wilayah.objects.get(kode="76.02"))


def _halaman(pupr, rute, templat, libur_lokal, staf_pupr):
    staf = StafInstansi.objects.get(instansi=pupr, user=staf_pupr)
    get = [
        reverse("aspirasi:pengaturan"),
        reverse("aspirasi:pengaturan_instansi_daftar"),
        reverse("aspirasi:pengaturan_instansi_baru"),
        reverse("aspirasi:pengaturan_instansi", args=[pupr.pk]),
        reverse("aspirasi:pengaturan_aturan_daftar"),
        reverse("aspirasi:pengaturan_aturan_baru"),
        reverse("aspirasi:pengaturan_aturan", args=[rute.pk]),
        reverse("aspirasi:pengaturan_templat_daftar"),
        reverse("aspirasi:pengaturan_templat_baru"),
        reverse("aspirasi:pengaturan_templat", args=[templat.pk]),
        reverse("aspirasi:pengaturan_libur_daftar"),
        reverse("aspirasi:pengaturan_libur_baru"),
        reverse("aspirasi:pengaturan_libur", args=[libur_lokal.pk]),
    ]
    post = [
        reverse("aspirasi:pengaturan_instansi", args=[pupr.pk]),
        reverse("aspirasi:pengaturan_instansi_aktif", args=[pupr.pk]),
        reverse("aspirasi:pengaturan_staf_tambah", args=[pupr.pk]),
        reverse("aspirasi:pengaturan_staf_hapus", args=[pupr.pk, staf.pk]),
        reverse("aspirasi:pengaturan_aturan", args=[rute.pk]),
        reverse("aspirasi:pengaturan_aturan_hapus", args=[rute.pk]),
        reverse("aspirasi:pengaturan_templat", args=[templat.pk]),
        reverse("aspirasi:pengaturan_templat_hapus", args=[templat.pk]),
        reverse("aspirasi:pengaturan_libur", args=[libur_lokal.pk]),
        reverse("aspirasi:pengaturan_libur_hapus", args=[libur_lokal.pk]),
    ]
    return get, post


def test_setiap_halaman_untuk_kantor_wilayahnya(client, diskominfo_mamuju, pupr, rute, templat, libur_lokal,
                                                staf_pupr):
    login_dengan_mfa(client, diskominfo_mamuju)
    get, _post = _halaman(pupr, rute, templat, libur_lokal, staf_pupr)
    for url in get:
        resp = client.get(url)
        assert resp.status_code == 200, url
        periksa_ringan(resp, batas=50 * 1024)
    assert any(e["nama"] == "aspirasi:pengaturan" for e in untuk(diskominfo_mamuju)["masuk"])


def test_kantor_luar_wilayah_404_di_semua_halaman_dan_aksi(client, diskominfo_makassar, pupr, rute, templat,
                                                          libur_lokal, staf_pupr):
    login_dengan_mfa(client, diskominfo_makassar)
    get, post = _halaman(pupr, rute, templat, libur_lokal, staf_pupr)
    for url in get[3:4] + get[6:7] + get[9:10] + get[12:13]:
        assert client.get(url).status_code == 404, url
    for url in post:
        assert client.post(url, {"nama": "X", "wilayah": "76.02", "aktif": "0", "kontak": "a@b.id"}).status_code \
            == 404, url
    # Nothing changed, nothing listed.
    assert AturanRute.objects.filter(pk=rute.pk).exists() and Instansi.objects.get(pk=pupr.pk).aktif
    assert StafInstansi.objects.filter(user=staf_pupr).exists()
    assert TemplatTanggapan.objects.filter(pk=templat.pk).exists() and HariLibur.objects.filter(pk=libur_lokal.pk)
    assert not PengaturanEvent.objects.exists()
    resp = client.get(reverse("aspirasi:pengaturan_instansi_daftar"))
    assert pupr.nama not in resp.content.decode()
    assert rute.instansi.nama not in client.get(reverse("aspirasi:pengaturan_aturan_daftar")).content.decode()


def test_bukan_kantor_404_dan_tanpa_menu(client, operator_desa_orobatu, camat_tapalang, warga):
    for user in (operator_desa_orobatu, camat_tapalang):
        login_dengan_mfa(client, user)
        assert client.get(reverse("aspirasi:pengaturan")).status_code == 404
        assert not any(e["nama"] == "aspirasi:pengaturan" for e in untuk(user)["masuk"])
    client.force_login(warga)
    assert client.get(reverse("aspirasi:pengaturan_libur_daftar")).status_code == 404


def test_instansi_buat_ubah_nonaktif_dan_staf(client, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.post(reverse("aspirasi:pengaturan_instansi_baru"),
                       {"nama": "Dinas Kesehatan Mamuju", "singkatan": "Dinkes", "wilayah": "76.02"})
    ins = Instansi.objects.get(nama="Dinas Kesehatan Mamuju")
    assert resp.status_code == 302
    unit = client.post(reverse("aspirasi:pengaturan_instansi_baru"),
                       {"nama": "Bidang P2P", "wilayah": "76.02", "induk": ins.pk})
    assert unit.status_code == 302 and Instansi.objects.get(nama="Bidang P2P").induk == ins
    client.post(reverse("aspirasi:pengaturan_instansi", args=[ins.pk]),
                {"nama": "Dinas Kesehatan Kab. Mamuju", "singkatan": "Dinkes", "wilayah": "76.02"})
    ins.refresh_from_db()
    assert ins.nama == "Dinas Kesehatan Kab. Mamuju"
    staf = UserFactory(nama="Staf Dinkes", email="staf.dinkes@contoh.id", telepon="+6281299990000")
    client.post(reverse("aspirasi:pengaturan_staf_tambah", args=[ins.pk]), {"kontak": "0812 9999 0000"})
    client.post(reverse("aspirasi:pengaturan_staf_tambah", args=[ins.pk]), {"kontak": "STAF.DINKES@contoh.id"})
    assert StafInstansi.objects.filter(instansi=ins, user=staf).count() == 1
    s = StafInstansi.objects.get(instansi=ins, user=staf)
    client.post(reverse("aspirasi:pengaturan_staf_hapus", args=[ins.pk, s.pk]))
    assert not StafInstansi.objects.filter(pk=s.pk).exists()
    buat_a = buat()
    buat_a.instansi = ins
    buat_a.save()
    client.post(reverse("aspirasi:pengaturan_instansi_aktif", args=[ins.pk]), {"aktif": "0"})
    ins.refresh_from_db()
    assert not ins.aktif  # deactivated, never deleted
    jenis = list(PengaturanEvent.objects.filter(objek="instansi", objek_id=ins.pk).values_list("jenis", flat=True))
    assert {"dibuat", "diubah", "staf_ditambah", "staf_dihapus", "dinonaktifkan"} <= set(jenis)
    ev = PengaturanEvent.objects.filter(objek="instansi", objek_id=ins.pk, jenis="diubah").first()
    assert ev.aktor == diskominfo_mamuju and ev.data["sebelum"]["nama"] == "Dinas Kesehatan Mamuju"
    assert "Riwayat perubahan" in client.get(reverse("aspirasi:pengaturan_instansi", args=[ins.pk])).content.decode()


def test_input_buruk_pesan_dan_isian_tetap(client, diskominfo_mamuju, pupr):
    login_dengan_mfa(client, diskominfo_mamuju)
    cases = [
        (reverse("aspirasi:pengaturan_instansi_baru"), {"nama": "Dinas Baru Sekali", "wilayah": "73.71"},
         "Dinas Baru Sekali"),
        (reverse("aspirasi:pengaturan_instansi_baru"), {"nama": "Dinas Ngawur", "wilayah": "99.99"}, "Dinas Ngawur"),
        (reverse("aspirasi:pengaturan_instansi_baru"), {"nama": pupr.nama, "wilayah": "76.02"}, pupr.nama),
        (reverse("aspirasi:pengaturan_staf_tambah", args=[pupr.pk]), {"kontak": "tidak.ada@contoh.id"},
         "tidak.ada@contoh.id"),
        (reverse("aspirasi:pengaturan_staf_tambah", args=[pupr.pk]), {"kontak": "12ab"}, "12ab"),
        (reverse("aspirasi:pengaturan_aturan_baru"), {"wilayah": "73.71", "instansi": pupr.pk, "prioritas": "0"},
         "73.71"),
        (reverse("aspirasi:pengaturan_aturan_baru"), {"wilayah": "76.02", "instansi": "99999", "prioritas": "x"},
         "76.02"),
        (reverse("aspirasi:pengaturan_templat_baru"), {"judul": "Templat Satu", "instansi": pupr.pk,
                                                       "isi": "Halo {nama_warga}, terima kasih."}, "Templat Satu"),
        (reverse("aspirasi:pengaturan_templat_baru"), {"judul": "Templat Dua", "instansi": pupr.pk,
                                                       "isi": "Kurung { tidak ditutup sama sekali"}, "Templat Dua"),
        (reverse("aspirasi:pengaturan_templat_baru"), {"judul": "Templat Tiga", "isi": "Untuk semua {kode} ya."},
         "Templat Tiga"),
        (reverse("aspirasi:pengaturan_libur_baru"), {"tanggal": "2026-13-45", "nama": "Libur Aneh",
                                                     "jenis": "lokal", "wilayah": "76.02"}, "Libur Aneh"),
        (reverse("aspirasi:pengaturan_libur_baru"), {"tanggal": "2026-12-10", "nama": "Libur Nasional Palsu",
                                                     "jenis": "lokal", "wilayah": ""}, "Libur Nasional Palsu"),
        (reverse("aspirasi:pengaturan_libur_baru"), {"tanggal": "2026-12-10", "nama": "Libur Makassar",
                                                     "jenis": "lokal", "wilayah": "73.71"}, "Libur Makassar"),
    ]
    for url, data, tetap in cases:
        resp = client.post(url, data)
        assert resp.status_code == 400, (url, data)
        html = resp.content.decode()
        assert tetap in html, (url, data)
        assert resp.context["form"].errors or resp.context.get("staf_form").errors
    assert not PengaturanEvent.objects.exists()
    resp = client.get(reverse("aspirasi:pengaturan_aturan_daftar"), {"desa": "76.02"})
    assert resp.status_code == 400 and resp.context["uji"].errors


def test_aturan_dari_halaman_merute_aspirasi_baru(client, diskominfo_mamuju, pupr, kategori):
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.post(reverse("aspirasi:pengaturan_aturan_baru"),
                       {"kategori": kategori.pk, "wilayah": "76.02.02", "instansi": pupr.pk, "prioritas": "0"})
    assert resp.status_code == 302
    rule = AturanRute.objects.get(wilayah_id="76.02.02")
    uji = client.get(reverse("aspirasi:pengaturan_aturan_daftar"), {"desa": DESA, "kategori": kategori.pk})
    assert uji.context["hasil_uji"] == rule
    a = buat()
    services.aspirasi_verifikasi(actor=diskominfo_mamuju, aspirasi=a, kategori=kategori)
    a.refresh_from_db()
    assert a.instansi == pupr and a.status == Status.DIDISPOSISI
    ev = PengaturanEvent.objects.get(objek="aturan", objek_id=rule.pk)
    assert ev.jenis == "dibuat" and ev.wilayah_id == "76.02.02"
    client.post(reverse("aspirasi:pengaturan_aturan_hapus", args=[rule.pk]))
    assert not AturanRute.objects.filter(pk=rule.pk).exists()


def test_prioritas_mengalahkan_kekhususan(diskominfo_mamuju, pupr, pupr_bina_marga, kategori):
    from simpul.aspirasi import pengaturan as svc

    svc.aturan_simpan(actor=diskominfo_mamuju, kategori=kategori.pk, wilayah=DESA, instansi=pupr_bina_marga.pk)
    umum = svc.aturan_simpan(actor=diskominfo_mamuju, kategori=None, wilayah="76.02", instansi=pupr.pk,
                             prioritas=5)
    assert svc.aturan_uji(actor=diskominfo_mamuju, kategori=kategori.pk, desa=DESA) == umum


def test_libur_lokal_menggeser_tenggat(client, diskominfo_mamuju):
    mulai = date(2026, 12, 1)  # Tuesday
    sebelum = tenggat_dari(mulai, 3, DESA)
    assert sebelum == date(2026, 12, 4)
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.post(reverse("aspirasi:pengaturan_libur_baru"),
                       {"tanggal": "2026-12-03", "nama": "Hari Jadi Mamuju", "jenis": "lokal", "wilayah": "76.02"})
    assert resp.status_code == 302
    assert tenggat_dari(mulai, 3, DESA) == date(2026, 12, 7)
    assert tenggat_dari(mulai, 3, "73.71.01.1001") == date(2026, 12, 4)  # Makassar unaffected


def test_libur_nasional_hanya_komdigi(client, diskominfo_mamuju, komdigi):
    nasional = HariLibur.objects.filter(wilayah__isnull=True, tanggal__year=2027, perkiraan=True).first()
    assert nasional is not None
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.get(reverse("aspirasi:pengaturan_libur_daftar"), {"tahun": 2027})
    assert nasional.nama in resp.content.decode() and "perkiraan" in resp.content.decode()
    assert client.get(reverse("aspirasi:pengaturan_libur", args=[nasional.pk])).status_code == 404
    assert client.post(reverse("aspirasi:pengaturan_libur_hapus", args=[nasional.pk])).status_code == 404
    client.logout()
    login_dengan_mfa(client, komdigi)
    resp = client.post(reverse("aspirasi:pengaturan_libur", args=[nasional.pk]),
                       {"tanggal": nasional.tanggal.isoformat(), "nama": nasional.nama, "jenis": "nasional",
                        "wilayah": ""})
    assert resp.status_code == 302
    nasional.refresh_from_db()
    assert nasional.perkiraan is False  # confirmed by Komdigi
    assert PengaturanEvent.objects.filter(objek="libur", objek_id=nasional.pk, aktor=komdigi).exists()


def test_templat_placeholder_dan_hapus(client, diskominfo_mamuju, pupr):
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.post(reverse("aspirasi:pengaturan_templat_baru"),
                       {"judul": "Sedang dicek", "instansi": pupr.pk,
                        "isi": "Aspirasi {kode} dari {desa} sedang kami periksa; tenggat {tenggat}."})
    assert resp.status_code == 302
    t = TemplatTanggapan.objects.get(judul="Sedang dicek")
    from simpul.aspirasi.pengaturan import isi_templat

    a = buat()
    assert a.kode in isi_templat(t, a)
    client.post(reverse("aspirasi:pengaturan_templat_hapus", args=[t.pk]))
    assert not TemplatTanggapan.objects.filter(pk=t.pk).exists()
    assert PengaturanEvent.objects.filter(objek="templat", jenis="dihapus").exists()


def test_jumlah_query_daftar_terbatas(client, diskominfo_mamuju, kategori, django_assert_max_num_queries):
    w = Wilayah.objects.get(kode="76.02")
    for i in range(30):
        ins = Instansi.objects.create(nama=f"Dinas {i}", wilayah=w)
        StafInstansi.objects.create(instansi=ins, user=UserFactory(nama=f"Staf {i}", email=f"s{i}@contoh.id"))
        TemplatTanggapan.objects.create(instansi=ins, judul=f"T{i}", isi="Isi templat {kode}.")
        if i < 10:
            AturanRute.objects.create(wilayah=Wilayah.objects.filter(kode__startswith="76.02.").order_by("kode")[i],
                                      instansi=ins, kategori=kategori)
    login_dengan_mfa(client, diskominfo_mamuju)
    for nama in ("aspirasi:pengaturan_instansi_daftar", "aspirasi:pengaturan_aturan_daftar",
                 "aspirasi:pengaturan_templat_daftar", "aspirasi:pengaturan_libur_daftar"):
        with django_assert_max_num_queries(15):
            assert client.get(reverse(nama)).status_code == 200


def test_templat_terisi_di_halaman_tanggapan(client, diskominfo_mamuju, pupr, staf_pupr, kategori, templat):
    TemplatTanggapan.objects.create(instansi=pupr, judul="Lama", isi="Dibuat lewat admin {tak_dikenal} {")
    a = buat()
    services.aspirasi_verifikasi(actor=diskominfo_mamuju, aspirasi=a, kategori=kategori)
    services.aspirasi_disposisi(actor=diskominfo_mamuju, aspirasi=a, instansi=pupr)
    client.force_login(staf_pupr)
    resp = client.get(reverse("aspirasi:kelola_detail", args=[a.pk]))
    html = resp.content.decode()
    assert resp.status_code == 200
    assert f"Aspirasi {a.kode} kami terima." in html and "{tak_dikenal}" in html


def test_simpan_dan_hapus_kembali_ke_daftarnya(client, diskominfo_mamuju, pupr, rute, templat, libur_lokal):
    """The shared new/edit/delete pages: each save and delete lands on its own list (holidays on
    the saved year), with its message."""
    login_dengan_mfa(client, diskominfo_mamuju)
    daftar = {n: reverse(f"aspirasi:pengaturan_{n}_daftar") for n in ("aturan", "templat", "libur")}
    resp = client.post(reverse("aspirasi:pengaturan_aturan", args=[rute.pk]),
                       {"wilayah": rute.wilayah_id, "instansi": pupr.pk, "prioritas": "5"})
    assert resp.status_code == 302 and resp["Location"] == daftar["aturan"]
    rute.refresh_from_db()
    assert rute.prioritas == 5
    resp = client.post(reverse("aspirasi:pengaturan_templat", args=[templat.pk]),
                       {"judul": "Diterima baik", "instansi": pupr.pk, "isi": templat.isi})
    assert resp.status_code == 302 and resp["Location"] == daftar["templat"]
    resp = client.post(reverse("aspirasi:pengaturan_libur", args=[libur_lokal.pk]),
                       {"tanggal": "2027-01-20", "nama": libur_lokal.nama, "jenis": libur_lokal.jenis,
                        "wilayah": libur_lokal.wilayah_id})
    assert resp.status_code == 302 and resp["Location"] == f"{daftar['libur']}?tahun=2027"
    for nama, obj in (("aturan", rute), ("templat", templat), ("libur", libur_lokal)):
        resp = client.post(reverse(f"aspirasi:pengaturan_{nama}_hapus", args=[obj.pk]), follow=True)
        assert resp.redirect_chain[-1][0] == daftar[nama], nama
        assert "dihapus" in resp.content.decode(), nama
        assert not type(obj).objects.filter(pk=obj.pk).exists(), nama
    assert client.get(reverse("aspirasi:pengaturan_libur_hapus", args=[1])).status_code == 405


def test_riwayat_mencatat_sebelum_dan_sesudah_dengan_medan_yang_sama(client, diskominfo_mamuju, libur_lokal):
    """Changes and deletes record the same fields (a deleted holiday keeps its 'perkiraan' too)."""
    login_dengan_mfa(client, diskominfo_mamuju)
    lama = libur_lokal.tanggal.isoformat()
    client.post(reverse("aspirasi:pengaturan_libur", args=[libur_lokal.pk]),
                {"tanggal": "2027-01-20", "nama": "Hari Jadi", "jenis": libur_lokal.jenis,
                 "wilayah": libur_lokal.wilayah_id})
    ev = PengaturanEvent.objects.get(objek="libur", objek_id=libur_lokal.pk, jenis="diubah")
    assert ev.data["sebelum"]["tanggal"] == lama and ev.data["sesudah"]["tanggal"] == "2027-01-20"
    assert ev.data["sesudah"]["nama"] == "Hari Jadi" and set(ev.data["sebelum"]) == set(ev.data["sesudah"])
    client.post(reverse("aspirasi:pengaturan_libur_hapus", args=[libur_lokal.pk]))
    hapus = PengaturanEvent.objects.get(objek="libur", objek_id=libur_lokal.pk, jenis="dihapus")
    assert hapus.data["sebelum"] == ev.data["sesudah"]
