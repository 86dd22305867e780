"""The pages of kegiatan pembinaan: scope (404 outside the region), the participant journey,
QR check-in through the URL, certificate PDF and the public verification page, coverage figures,
exports, query budgets, page weight and bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.akun.testing import login_dengan_mfa
from simpul.core.testing.factories import AnggotaFactory, KimFactory, UserFactory
from simpul.core.testing.halaman import periksa_ringan
from simpul.pembinaan import selectors, services
from simpul.pembinaan.models import Kegiatan, Peserta
from simpul.wilayah.models import Wilayah

from .conftest import buat_kegiatan, sedang_berlangsung

pytestmark = pytest.mark.django_db
NILAI = {"nilai_materi": 5, "nilai_narasumber": 4, "nilai_penyelenggaraan": 4, "nilai_manfaat": 5}


def _masuk(client, user):
    client.logout()
    login_dengan_mfa(client, user)


def _kelola_urls(k):
    return [reverse(f"pembinaan:{n}", args=[k.pk]) for n in (
        "kelola_detail", "kelola_ubah", "kelola_qr", "kelola_presensi", "kelola_peserta_ekspor")]


def test_the_whole_journey_through_the_pages(client, diskominfo_mamuju, anggota_kim_tapalang):
    _masuk(client, diskominfo_mamuju)
    mulai = timezone.localtime() + timedelta(days=2)
    data = {
        "jenis": "pelatihan", "judul": "Pelatihan foto jurnalistik", "program": "Literasi digital",
        "wilayah": "76.02", "penyelenggara": "Diskominfo Mamuju", "mulai": mulai.strftime("%Y-%m-%dT%H:%M"),
        "selesai": (mulai + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"), "tempat": "Aula",
        "kapasitas": "20", "sasaran_kim": "kim-orobatu-bersatu", "agenda": "1. **Pembukaan**", "bersertifikat": "on",
    }
    r = client.post(reverse("pembinaan:kelola_baru"), data)
    assert r.status_code == 302, r.context["form"].errors
    k = Kegiatan.objects.get(judul="Pelatihan foto jurnalistik")
    assert k.sasaran_kim.get().slug == "kim-orobatu-bersatu"
    assert client.post(reverse("pembinaan:kelola_umumkan", args=[k.pk])).status_code == 302
    for url in _kelola_urls(k) + [reverse("pembinaan:jangkauan"), reverse("pembinaan:kelola")]:
        assert client.get(url).status_code == 200, url

    _masuk(client, anggota_kim_tapalang)
    r = client.get(reverse("pembinaan:beranda"))
    assert k.judul in r.content.decode()
    assert client.post(reverse("pembinaan:daftar", args=[k.pk])).status_code == 302
    sedang_berlangsung(k)
    r = client.get(services.url_hadir(k))
    assert r.status_code == 200 and "tercatat hadir" in r.content.decode()
    r = client.get(services.url_hadir(k))
    assert r.status_code == 200 and "sudah tercatat hadir" in r.content.decode()
    assert client.post(reverse("pembinaan:evaluasi", args=[k.pk]), NILAI).status_code == 302
    r = client.get(reverse("pembinaan:sertifikat", args=[k.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    pdf = b"".join(r.streaming_content) if r.streaming else r.content
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5000
    kode = Peserta.objects.get(kegiatan=k).sertifikat_kode

    client.logout()
    r = client.get(reverse("pembinaan:verifikasi", args=[kode]))
    isi = r.content.decode()
    assert r.status_code == 200 and "Sertifikat sah" in isi and anggota_kim_tapalang.nama in isi
    assert anggota_kim_tapalang.email not in isi  # minimal personal data
    periksa_ringan(r, batas=50 * 1024)
    r = client.get(reverse("pembinaan:verifikasi_cari"), {"kode": kode.lower()})
    assert r.status_code == 200


def test_a_forged_certificate_code_says_not_valid(client):
    for kode in ("ABCD-EFGH-JKLM", "x" * 30, "<script>", "%00"):
        r = client.get(reverse("pembinaan:verifikasi_cari"), {"kode": kode})
        assert r.status_code == 404 and "Tidak sah" in r.content.decode()
    assert client.get(reverse("pembinaan:verifikasi_cari")).status_code == 200


def test_offices_outside_the_region_get_404_everywhere(client, diskominfo_makassar, camat_tapalang, warga,
                                                       anggota_kim_tapalang, pelatihan):
    p = services.pendaftaran_daftar(actor=anggota_kim_tapalang, kegiatan=pelatihan)
    urls = _kelola_urls(pelatihan) + [reverse("pembinaan:kelola_sertifikat", args=[pelatihan.pk, p.pk])]
    for user in (diskominfo_makassar, camat_tapalang, warga, anggota_kim_tapalang):
        _masuk(client, user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        for aksi in ("kelola_umumkan", "kelola_qr_ganti", "kelola_batalkan"):
            assert client.post(reverse(f"pembinaan:{aksi}", args=[pelatihan.pk]), {"alasan": "xxxxxx"}).status_code == 404
    for user in (diskominfo_makassar, camat_tapalang, warga):
        _masuk(client, user)
        assert client.get(reverse("pembinaan:detail", args=[pelatihan.pk])).status_code == 404
        assert client.post(reverse("pembinaan:daftar", args=[pelatihan.pk])).status_code == 404
    _masuk(client, diskominfo_makassar)
    assert client.get(reverse("pembinaan:kelola")).context["page"].paginator.count == 0


def test_province_and_komdigi_see_the_event(client, diskominfo_sulbar, komdigi, pelatihan):
    for user in (diskominfo_sulbar, komdigi):
        _masuk(client, user)
        assert client.get(reverse("pembinaan:kelola_detail", args=[pelatihan.pk])).status_code == 200


def test_a_draft_is_invisible_to_members(client, diskominfo_mamuju, anggota_kim_tapalang):
    k = buat_kegiatan(diskominfo_mamuju, umumkan=False)
    _masuk(client, anggota_kim_tapalang)
    assert client.get(reverse("pembinaan:detail", args=[k.pk])).status_code == 404


def test_qr_url_errors_are_pages_not_500(client, anggota_kim_tapalang, pelatihan):
    services.pendaftaran_daftar(actor=anggota_kim_tapalang, kegiatan=pelatihan)
    url = services.url_hadir(pelatihan)
    r = client.get(url)
    assert r.status_code == 302 and "/akun/login/" in r.url  # signed out: sign in first, then back
    _masuk(client, anggota_kim_tapalang)
    r = client.get(url)  # the event is in three days
    assert r.status_code == 409 and "belum dibuka" in r.content.decode()
    for token in ("palsu", url.split("/")[-2][:-3] + "xyz", "a" * 500):
        r = client.get(reverse("pembinaan:hadir", args=[token]))
        assert r.status_code == 400 and "tidak sah" in r.content.decode()


def test_evaluation_page_only_for_attendees(client, anggota_kim_tapalang, pengurus_kim_tapalang, pelatihan):
    services.pendaftaran_daftar(actor=anggota_kim_tapalang, kegiatan=pelatihan)
    _masuk(client, anggota_kim_tapalang)
    assert client.get(reverse("pembinaan:evaluasi", args=[pelatihan.pk])).status_code == 403
    assert client.post(reverse("pembinaan:evaluasi", args=[pelatihan.pk]), NILAI).status_code == 403
    r = client.get(reverse("pembinaan:sertifikat", args=[pelatihan.pk]))
    assert r.status_code == 302  # not present: back to the event with a message
    _masuk(client, pengurus_kim_tapalang)  # invited but not registered
    assert client.get(reverse("pembinaan:evaluasi", args=[pelatihan.pk])).status_code == 404
    sedang_berlangsung(pelatihan)
    _masuk(client, anggota_kim_tapalang)
    client.get(services.url_hadir(pelatihan))
    r = client.post(reverse("pembinaan:evaluasi", args=[pelatihan.pk]), {**NILAI, "nilai_materi": "9"})
    assert r.status_code == 400 and "nilai_materi" in r.context["form"].errors
    r = client.post(reverse("pembinaan:evaluasi", args=[pelatihan.pk]), {**NILAI, "saran": "x" * 3000})
    assert r.status_code == 400 and "x" * 100 in r.content.decode()  # the input is kept


def test_bad_event_form_input_is_kept_and_explained(client, diskominfo_mamuju):
    _masuk(client, diskominfo_mamuju)
    r = client.post(reverse("pembinaan:kelola_baru"), {
        "jenis": "pelatihan", "judul": "Judul saya", "wilayah": "73.71", "penyelenggara": "D",
        "mulai": "2026-13-45T99:00", "selesai": "besok", "kapasitas": "-3", "sasaran_kim": "tidak-ada-kim"})
    assert r.status_code == 400
    err = r.context["form"].errors
    assert {"mulai", "selesai", "kapasitas", "sasaran_kim"} <= set(err)
    assert 'value="Judul saya"' in r.content.decode()
    mulai = timezone.localtime() + timedelta(days=2)
    r = client.post(reverse("pembinaan:kelola_baru"), {
        "jenis": "pelatihan", "judul": "Judul saya", "wilayah": "76.02", "penyelenggara": "D",
        "mulai": mulai.strftime("%Y-%m-%dT%H:%M"), "selesai": mulai.strftime("%Y-%m-%dT%H:%M")})
    assert r.status_code == 400 and "selesai" in r.context["form"].errors
    r = client.post(reverse("pembinaan:kelola_baru"), {
        "jenis": "pelatihan", "judul": "Judul saya", "wilayah": "73.71", "penyelenggara": "D", "tempat": "Aula",
        "mulai": mulai.strftime("%Y-%m-%dT%H:%M"), "selesai": (mulai + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")})
    assert r.status_code == 400 and "di luar wilayah kerja" in r.context["form"].errors["wilayah"][0]


def test_material_upload_refuses_programs_and_is_served_only_to_participants(
        client, diskominfo_mamuju, anggota_kim_tapalang, pengurus_kim_tapalang, pelatihan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _masuk(client, diskominfo_mamuju)
    url = reverse("pembinaan:kelola_materi", args=[pelatihan.pk])
    r = client.post(url, {"judul": "Modul", "berkas": SimpleUploadedFile("m.pdf", b"MZ\x90\x00program")})
    assert r.status_code == 400 and "program" in r.content.decode()
    r = client.post(url, {"judul": "Modul", "berkas": SimpleUploadedFile("m.pdf", b"%PDF-1.4 modul")})
    assert r.status_code == 302
    m = pelatihan.materi.get()
    unduh = reverse("pembinaan:materi", args=[pelatihan.pk, m.pk])
    assert client.get(unduh).status_code == 200
    services.pendaftaran_daftar(actor=anggota_kim_tapalang, kegiatan=pelatihan)
    _masuk(client, anggota_kim_tapalang)
    assert client.get(unduh).status_code == 200
    _masuk(client, pengurus_kim_tapalang)  # invited, not registered
    assert client.get(unduh).status_code == 404


def test_manual_attendance_page_and_walk_in(client, diskominfo_mamuju, anggota_kim_tapalang, pelatihan):
    p = services.pendaftaran_daftar(actor=anggota_kim_tapalang, kegiatan=pelatihan)
    sedang_berlangsung(pelatihan)
    _masuk(client, diskominfo_mamuju)
    url = reverse("pembinaan:kelola_presensi", args=[pelatihan.pk])
    assert client.post(url, {"hadir": [p.pk]}).status_code == 302
    p.refresh_from_db()
    assert p.hadir
    r = client.post(url, {"aksi": "walkin", "nama": "", "kim": "tidak-ada"})
    assert r.status_code == 400 and {"nama", "kim"} <= set(r.context["walkin"].errors)
    assert client.post(url, {"aksi": "walkin", "nama": "Pak Darmawan", "instansi": "Desa Orobatu"}).status_code == 302
    assert Peserta.objects.filter(kegiatan=pelatihan, walkin=True, hadir_pada__isnull=False).count() == 1
    r = client.get(reverse("pembinaan:kelola_sertifikat", args=[pelatihan.pk, p.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    r = client.get(reverse("pembinaan:kelola_peserta_ekspor", args=[pelatihan.pk]), {"format": "xlsx"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")


def test_list_pages_have_a_fixed_query_budget(client, diskominfo_mamuju, kim_tapalang,
                                              django_assert_max_num_queries):
    def isi(n):
        for i in range(n):
            k = buat_kegiatan(diskominfo_mamuju, judul=f"Kegiatan {i}")
            u = UserFactory()
            AnggotaFactory(kim=kim_tapalang, user=u)
            services.pendaftaran_daftar(actor=u, kegiatan=k)
        return k

    k = isi(3)
    _masuk(client, diskominfo_mamuju)
    urls = [reverse("pembinaan:kelola"), reverse("pembinaan:kelola_detail", args=[k.pk]),
            reverse("pembinaan:kelola_presensi", args=[k.pk]), reverse("pembinaan:jangkauan")]
    for url in urls:
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200
    isi(6)
    for url in urls:
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200
    anggota = AnggotaFactory(kim=kim_tapalang, user=UserFactory()).user
    _masuk(client, anggota)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("pembinaan:beranda")).status_code == 200


def test_pages_are_light(client, diskominfo_mamuju, anggota_kim_tapalang, pelatihan):
    services.pendaftaran_daftar(actor=anggota_kim_tapalang, kegiatan=pelatihan)
    _masuk(client, diskominfo_mamuju)
    for url in _kelola_urls(pelatihan)[:4] + [reverse("pembinaan:kelola"), reverse("pembinaan:kelola_baru"),
                                             reverse("pembinaan:jangkauan")]:
        periksa_ringan(client.get(url), batas=50 * 1024)
    _masuk(client, anggota_kim_tapalang)
    for url in (reverse("pembinaan:beranda"), reverse("pembinaan:detail", args=[pelatihan.pk])):
        periksa_ringan(client.get(url), batas=50 * 1024)


# --- coverage ----------------------------------------------------------------------------------------
def test_coverage_figures_match_a_hand_count(client, diskominfo_mamuju, diskominfo_makassar, kim_tapalang):
    """Mamuju this year: a sosialisasi in Kecamatan Tapalang (76.02.02) and one in Kecamatan
    Mamuju (76.02.01); a pelatihan at kabupaten level attended by two KIMs of Orobatu and one of
    Takandeang (all in Tapalang) and one KIM of Kecamatan Mamuju; a draft and a Makassar event do
    not count. Hand count: sosialisasi 2 events, 0 KIMs, 2 kecamatan; pelatihan 1 event,
    4 present, 4 KIMs, 3 desa, 2 kecamatan."""
    orobatu2 = KimFactory(desa=kim_tapalang.desa)
    takandeang = KimFactory(desa=Wilayah.objects.get(kode="76.02.02.2006"))
    desa_mamuju = Wilayah.objects.filter(kode__startswith="76.02.01.", tingkat=4).order_by("kode").first()
    kim_mamuju = KimFactory(desa=desa_mamuju)
    for kec in ("76.02.02", "76.02.01"):
        buat_kegiatan(diskominfo_mamuju, jenis="sosialisasi", wilayah=kec, judul=f"Sosialisasi {kec}",
                      program="Sosialisasi KIM")
    k = sedang_berlangsung(buat_kegiatan(diskominfo_mamuju, program="Literasi digital"))
    for kim in (kim_tapalang, orobatu2, takandeang, kim_mamuju):
        services.walkin_add(actor=diskominfo_mamuju, kegiatan=k, nama=f"Wakil {kim.nama}", kim=kim)
    services.walkin_add(actor=diskominfo_mamuju, kegiatan=k, nama="Tamu tanpa KIM")
    buat_kegiatan(diskominfo_mamuju, umumkan=False, judul="Draf")
    buat_kegiatan(diskominfo_makassar, wilayah="73.71", judul="Makassar")

    tahun = timezone.localdate().year
    hasil = {(p.jenis, p.program): p for p in selectors.jangkauan_per_program(
        user=diskominfo_mamuju, tahun=tahun, wilayah="76.02")}
    sos, pel = hasil[("sosialisasi", "Sosialisasi KIM")], hasil[("pelatihan", "Literasi digital")]
    assert (sos.kegiatan, sos.kim, sos.kecamatan) == (2, 0, 2)
    assert (pel.kegiatan, pel.peserta_hadir, pel.kim, pel.desa, pel.kecamatan) == (1, 5, 4, 3, 2)
    assert len(hasil) == 2

    anak = {a.kode: a for a in selectors.jangkauan_per_anak(
        user=diskominfo_mamuju, tahun=tahun, wilayah=Wilayah.objects.get(kode="76.02"))}
    assert (anak["76.02.02"].kegiatan, anak["76.02.02"].kim, anak["76.02.02"].peserta_hadir) == (1, 3, 3)
    assert (anak["76.02.01"].kegiatan, anak["76.02.01"].kim) == (1, 1)
    assert sum(a.kegiatan for a in anak.values()) == 2  # the kabupaten-level event is in no kecamatan

    # the Makassar office sees none of it; a region outside its reach is a 404
    assert selectors.jangkauan_per_program(user=diskominfo_makassar, tahun=tahun, wilayah="76.02") == []
    _masuk(client, diskominfo_makassar)
    assert client.get(reverse("pembinaan:jangkauan"), {"wilayah": "76.02"}).status_code == 404
    _masuk(client, diskominfo_mamuju)
    r = client.get(reverse("pembinaan:jangkauan"), {"tahun": tahun, "wilayah": "76.02", "format": "csv"})
    csv = b"".join(r.streaming_content).decode()
    assert "Literasi digital,1,5,4,3,2" in csv
    r = client.get(reverse("pembinaan:jangkauan"), {"tahun": "abc", "wilayah": "zz"})
    assert r.status_code == 200


# --- API -------------------------------------------------------------------------------------------
def test_api_verifies_certificates_publicly_and_lists_events_only_in_scope(
        client, diskominfo_mamuju, diskominfo_makassar, pelatihan, kim_tapalang):
    sedang_berlangsung(pelatihan)
    p = services.sertifikat_terbit(actor=diskominfo_mamuju, peserta=services.walkin_add(
        actor=diskominfo_mamuju, kegiatan=pelatihan, nama="Bu Hasnah", kim=kim_tapalang))
    r = client.get(f"/api/v1/pembinaan/sertifikat/{p.sertifikat_kode}")
    assert r.status_code == 200 and r.json()["sah"] and r.json()["nama"] == "Bu Hasnah"
    assert client.get("/api/v1/pembinaan/sertifikat/PALSU-KODE-0000").status_code == 404
    assert client.get("/api/v1/pembinaan/kegiatan").status_code == 401
    _masuk(client, diskominfo_mamuju)
    r = client.get("/api/v1/pembinaan/kegiatan")
    assert r.status_code == 200 and [k["id"] for k in r.json()["items"]] == [pelatihan.pk]
    r = client.get("/api/v1/pembinaan/jangkauan", {"wilayah": "76.02"})
    assert r.status_code == 200 and r.json()[0]["peserta_hadir"] == 1
    assert client.get("/api/v1/pembinaan/jangkauan", {"wilayah": "bukan"}).status_code == 400
    _masuk(client, diskominfo_makassar)
    assert client.get("/api/v1/pembinaan/kegiatan").json()["count"] == 0
    assert client.get("/api/v1/pembinaan/jangkauan", {"wilayah": "76.02"}).status_code == 404
