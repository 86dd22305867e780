"""The scheme editor: an office creates and edits schemes from a page (no JavaScript)."""

from datetime import date

import pytest
from django.urls import reverse

from simpul.akun.testing import login_dengan_mfa
from simpul.core.testing.halaman import periksa_ringan
from simpul.penilaian import services
from simpul.penilaian.models import Dimensi, Indikator, Putaran, Skema, SkemaEvent, SumberNilai
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db


def _data(**ubah) -> dict:
    data = {
        "nama": "Penilaian KIM Mamuju", "wilayah": "76.02", "keterangan": "",
        "d-TOTAL_FORMS": "2", "d-INITIAL_FORMS": "0",
        "d-0-nama": "Kelembagaan", "d-0-bobot": "40",
        "d-1-nama": "Media", "d-1-bobot": "60",
        "i-TOTAL_FORMS": "3", "i-INITIAL_FORMS": "0",
        "i-0-dimensi": "0", "i-0-nama": "Anggota aktif", "i-0-bobot": "2", "i-0-sumber": "otomatis:anggota_aktif",
        "i-0-target": "20",
        "i-1-dimensi": "0", "i-1-nama": "Administrasi", "i-1-bobot": "1", "i-1-sumber": "juri", "i-1-target": "",
        "i-2-dimensi": "1", "i-2-nama": "Berita terbit", "i-2-bobot": "1", "i-2-sumber": "otomatis:berita_terbit",
        "i-2-target": "12",
        "t-TOTAL_FORMS": "3", "t-INITIAL_FORMS": "0",
        "t-0-nama": "Dasar", "t-0-batas_bawah": "0",
        "t-1-nama": "Berkembang", "t-1-batas_bawah": "50",
        "t-2-nama": "Unggul", "t-2-batas_bawah": "80",
        "simpan": "1",
    }
    data.update(ubah)
    return data


@pytest.fixture
def kantor(client, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    return client


def test_office_creates_a_scheme_from_the_page(kantor, diskominfo_mamuju):
    r = kantor.get(reverse("penilaian:skema_baru"))
    assert r.status_code == 200
    periksa_ringan(r, batas=50 * 1024)
    r = kantor.post(reverse("penilaian:skema_baru"), _data())
    assert r.status_code == 302, [x for x in r.content.decode().split("<") if "galat" in x or "error" in x]
    s = Skema.objects.get()
    assert (s.nama, s.wilayah_id, s.versi, s.kode) == ("Penilaian KIM Mamuju", "76.02", 1, "penilaian-kim-mamuju")
    assert list(s.dimensi.values_list("nama", "bobot")) == [("Kelembagaan", 40), ("Media", 60)]
    inds = list(Indikator.objects.filter(dimensi__skema=s).order_by("dimensi__urutan", "urutan").values_list("dimensi__nama", "nama", "sumber",
                                                                       "kode_data", "target", "bobot"))
    assert inds == [("Kelembagaan", "Anggota aktif", SumberNilai.OTOMATIS, "anggota_aktif", 20.0, 2),
                    ("Kelembagaan", "Administrasi", SumberNilai.JURI, "", 1.0, 1),
                    ("Media", "Berita terbit", SumberNilai.OTOMATIS, "berita_terbit", 12.0, 1)]
    assert sorted(s.tingkat.values_list("nama", "batas_bawah")) == [("Berkembang", 50), ("Dasar", 0),
                                                                    ("Unggul", 80)]
    e = SkemaEvent.objects.get()
    assert (e.jenis, e.aktor, e.data["sebelum"], e.data["sesudah"]["nama"]) == (
        SkemaEvent.Jenis.DIBUAT, diskominfo_mamuju, None, "Penilaian KIM Mamuju")
    # Same name again: another scheme, not a new version of the first one.
    assert kantor.post(reverse("penilaian:skema_baru"), _data()).status_code == 302
    assert sorted(Skema.objects.values_list("kode", "versi")) == [("penilaian-kim-mamuju", 1),
                                                                  ("penilaian-kim-mamuju-2", 1)]


def test_add_row_keeps_the_input_and_saves_nothing(kantor):
    data = _data(**{"d-2-nama": ""})
    del data["simpan"]
    data["tambah_dimensi"] = "1"
    r = kantor.post(reverse("penilaian:skema_baru"), data)
    assert r.status_code == 200
    html = r.content.decode()
    assert 'name="d-TOTAL_FORMS" value="3"' in html and 'name="d-2-nama"' in html
    assert 'value="Kelembagaan"' in html and 'value="Anggota aktif"' in html
    assert not Skema.objects.exists()


@pytest.mark.parametrize(("ubah", "pesan"), [
    ({"t-1-batas_bawah": "90"}, "skor minimal harus terus naik"),
    ({"t-2-batas_bawah": "120"}, "100"),
    ({"d-0-bobot": "0"}, "Bobot harus lebih dari 0"),
    ({"i-0-bobot": "0"}, "Bobot harus lebih dari 0"),
    ({"i-0-target": ""}, "nilai penuh"),
    ({"d-1-nama": "kelembagaan"}, "tidak boleh kembar"),
    ({"i-1-nama": "Anggota Aktif"}, "tidak boleh kembar"),
    ({"i-2-dimensi": "0"}, "belum punya indikator"),
    ({"i-0-sumber": "otomatis:tidak_ada"}, "pilihan yang tersedia"),
    ({"d-0-bobot": "abc"}, "bilangan"),
    ({"nama": ""}, "Skema belum disimpan"),
])
def test_bad_input_gives_a_message_and_keeps_the_input(kantor, ubah, pesan):
    r = kantor.post(reverse("penilaian:skema_baru"), _data(**ubah))
    assert r.status_code == 200
    html = r.content.decode()
    assert pesan.lower() in html.lower(), html[:4000]
    assert "Skema belum disimpan" in html
    assert 'value="Media"' in html or 'value="kelembagaan"' in html
    assert not Skema.objects.exists()


def test_empty_scheme_is_refused(kantor):
    data = {"nama": "Kosong", "wilayah": "76.02", "d-TOTAL_FORMS": "1", "d-INITIAL_FORMS": "0",
            "i-TOTAL_FORMS": "1", "i-INITIAL_FORMS": "0", "t-TOTAL_FORMS": "1", "t-INITIAL_FORMS": "0",
            "simpan": "1"}
    r = kantor.post(reverse("penilaian:skema_baru"), data)
    assert r.status_code == 200
    html = r.content.decode()
    assert "minimal satu dimensi" in html and "minimal satu indikator" in html and "minimal satu tingkat" in html
    # Broken management data: a message, never a 500.
    r = kantor.post(reverse("penilaian:skema_baru"), {"nama": "x", "simpan": "1", "d-TOTAL_FORMS": "zz"})
    assert r.status_code == 200
    assert not Skema.objects.exists()


def test_region_outside_the_office_is_refused(kantor):
    r = kantor.post(reverse("penilaian:skema_baru"), _data(wilayah="73.71"))
    assert r.status_code == 200
    assert not Skema.objects.exists()


def test_editing_a_used_scheme_makes_a_new_version_and_old_round_keeps_its_own(kantor, diskominfo_mamuju,
                                                                                 kim_tapalang):
    mamuju = Wilayah.objects.get(kode="76.02")
    lama = services.skema_contoh_pasang(actor=diskominfo_mamuju, wilayah=mamuju)
    p = services.putaran_buat(actor=diskominfo_mamuju, skema=lama, wilayah=mamuju, nama="2026",
                              dari=date(2026, 1, 1), sampai=date(2026, 12, 31))
    services.putaran_hitung(actor=diskominfo_mamuju, putaran=p)
    r = kantor.get(reverse("penilaian:skema_ubah", args=[lama.pk]))
    assert r.status_code == 200
    periksa_ringan(r, batas=50 * 1024)
    html = r.content.decode()
    assert "versi baru" in html and 'value="Kelembagaan dan administrasi"' in html
    r = kantor.post(reverse("penilaian:skema_ubah", args=[lama.pk]), _data(nama="Skema Mamuju 2027"))
    assert r.status_code == 302, [x for x in r.content.decode().split("<") if "galat" in x or "error" in x]
    baru = Skema.objects.exclude(pk=lama.pk).get()
    assert (baru.kode, baru.versi, baru.nama) == (lama.kode, 2, "Skema Mamuju 2027")
    assert Dimensi.objects.filter(skema=lama).count() == 5
    assert Dimensi.objects.filter(skema=baru).count() == 2
    p.refresh_from_db()
    assert p.skema_id == lama.pk
    assert services.putaran_hitung(actor=diskominfo_mamuju, putaran=p) == 1
    e = SkemaEvent.objects.get(skema=baru)
    assert e.jenis == SkemaEvent.Jenis.VERSI_BARU
    assert e.data["sebelum"]["versi"] == 1 and len(e.data["sebelum"]["dimensi"]) == 5
    assert len(e.data["sesudah"]["dimensi"]) == 2
    # The version history is on the scheme's page.
    html = kantor.get(reverse("penilaian:skema", args=[baru.pk])).content.decode()
    assert reverse("penilaian:skema", args=[lama.pk]) in html and "Versi baru dibuat" in html


def test_an_unused_scheme_is_edited_in_place(kantor, diskominfo_mamuju):
    assert kantor.post(reverse("penilaian:skema_baru"), _data()).status_code == 302
    s = Skema.objects.get()
    r = kantor.post(reverse("penilaian:skema_ubah", args=[s.pk]), _data(**{"d-0-bobot": "70"}))
    assert r.status_code == 302
    assert Skema.objects.get().pk == s.pk
    assert s.dimensi.get(nama="Kelembagaan").bobot == 70
    e = SkemaEvent.objects.filter(skema=s).first()
    assert e.jenis == SkemaEvent.Jenis.DIUBAH
    assert e.data["sebelum"]["dimensi"][0][1] == 40 and e.data["sesudah"]["dimensi"][0][1] == 70


def test_office_outside_the_region_gets_404(client, diskominfo_mamuju, diskominfo_makassar, warga):
    mamuju = Wilayah.objects.get(kode="76.02")
    s = services.skema_contoh_pasang(actor=diskominfo_mamuju, wilayah=mamuju)
    login_dengan_mfa(client, diskominfo_makassar)
    assert client.get(reverse("penilaian:skema_ubah", args=[s.pk])).status_code == 404
    assert client.post(reverse("penilaian:skema_ubah", args=[s.pk]), _data()).status_code == 404
    assert Skema.objects.count() == 1
    client.logout()
    client.force_login(warga)
    assert client.get(reverse("penilaian:skema_baru")).status_code == 404


def test_editor_query_count_is_bounded(kantor, diskominfo_mamuju, django_assert_max_num_queries):
    mamuju = Wilayah.objects.get(kode="76.02")
    s = services.skema_contoh_pasang(actor=diskominfo_mamuju, wilayah=mamuju)
    with django_assert_max_num_queries(20):
        assert kantor.get(reverse("penilaian:skema_ubah", args=[s.pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert kantor.get(reverse("penilaian:skema", args=[s.pk])).status_code == 200


def test_scheme_list_links_to_the_editor(kantor, diskominfo_mamuju):
    s = services.skema_contoh_pasang(actor=diskominfo_mamuju, wilayah=Wilayah.objects.get(kode="76.02"))
    html = kantor.get(reverse("penilaian:daftar")).content.decode()
    assert reverse("penilaian:skema_baru") in html and reverse("penilaian:skema_ubah", args=[s.pk]) in html
    assert Putaran.objects.count() == 0


def test_the_first_submit_button_saves(kantor):
    """Pressing Enter submits the first button: it must save, not add a row."""
    html = kantor.get(reverse("penilaian:skema_baru")).content.decode()
    pertama = html.index('type="submit"', html.index("<form method=\"post\" novalidate>"))
    assert html[pertama:pertama + 40].startswith('type="submit" name="simpan"')
