"""The formation wizard (/kim/kelola/baru/, /kim/kelola/<id>/langkah/<n>/) through the test client:
end to end, resuming, bad input kept with a clear message, revision, and who may use it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.akun.testing import login_dengan_mfa
from simpul.kim import services
from simpul.kim.models import (
    Anggota,
    DokumenKim,
    Kim,
    KimEvent,
    Pengurus,
    StatusKim,
    SuratKeputusan,
)
from simpul.notifikasi.models import Notifikasi

from .test_services_bantuan import (
    DESA_OROBATU,
    ELF,
    EXE,
    JPEG,
    PDF,
    PNG,
    bentuk_draf,
    berkas,
    diajukan,
    lengkapi,
)

pytestmark = pytest.mark.django_db
BARU = reverse("kim:wizard_baru")


def _langkah(kim, n):
    return reverse("kim:wizard", args=[kim.pk, n])


def _html(resp) -> str:
    return resp.content.decode()


def _tanpa_gaya_inline(html: str) -> None:
    assert "style=" not in html and "<style" not in html and " onclick" not in html


def _identitas(**kw):
    data = {"nama": "KIM Suara Orobatu", "desa": DESA_OROBATU, "alamat": "Balai Desa Orobatu",
            "telepon": "0812 3456 7000", "email": "", "tanggal_berdiri": "2025-01-10",
            "sumber_dana": ["iuran", "usaha"], "deskripsi": "", "situs_kimid": "",
            "media_facebook": "https://facebook.com/kimsuara", "kelompok_umur": "26-35", "jenis_kelamin": "L",
            "aksi": "lanjut"}
    data.update(kw)
    return data


def _anggota(baris, *, aksi="lanjut", total=None):
    data = {"anggota-TOTAL_FORMS": str(total or len(baris)), "anggota-INITIAL_FORMS": "0",
            "anggota-MIN_NUM_FORMS": "0", "anggota-MAX_NUM_FORMS": "30", "aksi": aksi}
    for i, b in enumerate(baris):
        for k, v in b.items():
            data[f"anggota-{i}-{k}"] = v
    return data


def _inti(ketua, sekretaris, bendahara, **kw):
    data = {"inti-ketua": str(ketua.pk), "inti-sekretaris": str(sekretaris.pk), "inti-bendahara": str(bendahara.pk),
            "inti-mulai": timezone.localdate().isoformat(), "inti-selesai": "",
            "seksi-TOTAL_FORMS": "2", "seksi-INITIAL_FORMS": "0", "seksi-MIN_NUM_FORMS": "0",
            "seksi-MAX_NUM_FORMS": "10", "seksi-0-anggota": "", "seksi-0-nama_seksi": "",
            "seksi-1-anggota": "", "seksi-1-nama_seksi": "", "aksi": "lanjut"}
    data.update(kw)
    return data


def _sk(**kw):
    hari_ini = timezone.localdate()
    data = {"nomor": "141/07/KPTS/2025", "tanggal": (hari_ini - timedelta(days=3)).isoformat(),
            "penerbit_jenis": "kepala_desa", "penerbit_nama": "Kepala Desa Orobatu",
            "berlaku_sampai": (hari_ini + timedelta(days=1000)).isoformat(), "berkas": berkas("sk.pdf", PDF),
            "aksi": "lanjut"}
    data.update(kw)
    return data


# --- end to end ---------------------------------------------------------------------------------
def test_citizen_forms_a_kim_step_by_step_resumes_and_submits(client, warga, diskominfo_mamuju):
    client.force_login(warga)
    resp = client.get(BARU)
    assert resp.status_code == 200 and "kelompok_umur" in _html(resp)
    _tanpa_gaya_inline(_html(resp))

    # 1. identity -> draft saved, on to step 2
    resp = client.post(BARU, _identitas())
    kim = Kim.objects.get(nama="KIM Suara Orobatu")
    assert resp.status_code == 302 and resp.url == _langkah(kim, 2)
    assert kim.status == StatusKim.DRAF and kim.langkah_wizard == 2 and kim.mandiri
    assert kim.media_sosial == {"facebook": "https://facebook.com/kimsuara"}

    # Leaving and coming back resumes where the person stopped; later steps are not reachable yet.
    assert client.get(reverse("kim:wizard_lanjut", args=[kim.pk])).url == _langkah(kim, 2)
    assert client.get(_langkah(kim, 5)).url == _langkah(kim, 2)
    resp = client.get(reverse("kim:kelola"))
    assert reverse("kim:wizard_lanjut", args=[kim.pk]) in _html(resp)

    # 2. members: several on one page
    resp = client.get(_langkah(kim, 2))
    assert resp.status_code == 200 and 'name="anggota-4-nama"' in _html(resp)
    _tanpa_gaya_inline(_html(resp))
    resp = client.post(_langkah(kim, 2), _anggota([
        {"nama": "Siti Rahma", "telepon": "0813 2222 3333", "jenis_kelamin": "P", "kelompok_umur": "18-25"},
        {"nama": "Andi Baso", "telepon": "", "jenis_kelamin": "L", "kelompok_umur": "36-45"},
        {"nama": "", "telepon": "", "jenis_kelamin": "", "kelompok_umur": ""},
    ]))
    assert resp.status_code == 302 and resp.url == _langkah(kim, 3)
    assert Anggota.objects.filter(kim=kim, aktif=True).count() == 3
    assert Anggota.objects.get(nama="Siti Rahma").telepon == "+6281322223333"

    # 3. officers
    diri = Anggota.objects.get(kim=kim, user=warga)
    siti, andi = Anggota.objects.get(nama="Siti Rahma"), Anggota.objects.get(nama="Andi Baso")
    resp = client.get(_langkah(kim, 3))
    assert resp.status_code == 200
    resp = client.post(_langkah(kim, 3), _inti(diri, siti, andi, **{
        "seksi-0-anggota": str(siti.pk), "seksi-0-nama_seksi": "Penyebaran Informasi"}))
    assert resp.status_code == 302 and resp.url == _langkah(kim, 4)
    assert Pengurus.objects.filter(kim=kim, diberhentikan__isnull=True).count() == 4

    # Resume again: step 4 now.
    assert client.get(reverse("kim:wizard_lanjut", args=[kim.pk])).url == _langkah(kim, 4)

    # 4. SK, 5. documents
    resp = client.post(_langkah(kim, 4), _sk())
    assert resp.status_code == 302 and resp.url == _langkah(kim, 5)
    resp = client.post(_langkah(kim, 5), {"notulen": berkas("notulen.pdf"),
                                          "daftar_hadir": berkas("hadir.jpg", JPEG, "image/jpeg"), "aksi": "lanjut"})
    assert resp.status_code == 302 and resp.url == _langkah(kim, 6)
    assert DokumenKim.objects.filter(kim=kim).count() == 2

    # 6. review and submit
    resp = client.get(_langkah(kim, 6))
    assert resp.status_code == 200 and "Semua persyaratan sudah lengkap" in _html(resp)
    resp = client.post(_langkah(kim, 6))
    assert resp.status_code == 302 and resp.url == reverse("kim:kelola_detail", args=[kim.pk])
    kim.refresh_from_db()
    assert kim.status == StatusKim.DIAJUKAN
    assert Notifikasi.objects.filter(user=diskominfo_mamuju, url=reverse("kim:verifikasi_tinjau", args=[kim.pk])).exists()
    # A submitted KIM's wizard is closed.
    assert client.get(_langkah(kim, 2)).url == reverse("kim:kelola_detail", args=[kim.pk])


def test_desa_operator_gets_the_desa_prefilled_and_forms_on_behalf(client, operator_desa_orobatu):
    login_dengan_mfa(client, operator_desa_orobatu)
    resp = client.get(BARU)
    html = _html(resp)
    assert resp.status_code == 200 and 'value="76.02.02.2003"' in html
    assert 'name="kelompok_umur"' not in html
    data = _identitas(nama="KIM Operator")
    del data["kelompok_umur"], data["jenis_kelamin"]
    resp = client.post(BARU, data)
    kim = Kim.objects.get(nama="KIM Operator")
    assert resp.status_code == 302 and not Anggota.objects.filter(kim=kim).exists()


def test_each_step_can_be_skipped_and_completed_later(client, warga):
    client.force_login(warga)
    kim = bentuk_draf(warga)
    services.kim_set_langkah(actor=warga, kim=kim, langkah=2)
    assert client.post(_langkah(kim, 2), _anggota([{"nama": ""}])).url == _langkah(kim, 3)
    resp = client.post(_langkah(kim, 3), _inti(*[type("X", (), {"pk": ""})()] * 3))
    assert resp.url == _langkah(kim, 4)
    resp = client.post(_langkah(kim, 4), {"aksi": "lanjut"})
    assert resp.url == _langkah(kim, 5)
    assert client.post(_langkah(kim, 5), {"aksi": "lanjut"}).url == _langkah(kim, 6)
    resp = client.get(_langkah(kim, 6))
    html = _html(resp)
    assert "Yang masih kurang" in html and "minimal 3 orang" in html and "Belum ada SK" in html
    assert f'href="{_langkah(kim, 4)}"' in html
    resp = client.post(_langkah(kim, 6))
    assert resp.status_code == 400 and "belum dapat diajukan" in _html(resp)
    kim.refresh_from_db()
    assert kim.status == StatusKim.DRAF


# --- bad input: clear Indonesian message, input kept --------------------------------------------
def test_unknown_region_code_is_refused_and_the_input_kept(client, warga):
    client.force_login(warga)
    resp = client.post(BARU, _identitas(desa="76.02.02.9999", alamat="Jl. Trans Sulawesi"))
    html = _html(resp)
    assert resp.status_code == 400
    assert "tidak dikenal" in html
    assert 'value="KIM Suara Orobatu"' in html and 'value="Jl. Trans Sulawesi"' in html
    assert not Kim.objects.filter(nama="KIM Suara Orobatu").exists()


def test_the_desa_can_be_picked_by_name_and_the_picker_script_is_loaded(client, warga):
    client.force_login(warga)
    html = _html(client.get(BARU))
    assert "js/wilayah.js" in html and "hx-get" in html
    resp = client.post(BARU, _identitas(desa="Orobatu"))
    assert resp.status_code == 302
    assert Kim.objects.get(nama="KIM Suara Orobatu").desa_id == DESA_OROBATU


def test_a_kecamatan_is_not_a_desa(client, warga):
    client.force_login(warga)
    resp = client.post(BARU, _identitas(desa="76.02.02"))
    assert resp.status_code == 400 and "bukan kecamatan" in _html(resp) and 'value="76.02.02"' in _html(resp)


def test_duplicate_kim_name_in_one_desa_is_refused_and_the_input_kept(client, warga, kim_tapalang):
    client.force_login(warga)
    resp = client.post(BARU, _identitas(nama="KIM Orobatu  Bersatu", alamat="Dusun Salubarana"))
    html = _html(resp)
    assert resp.status_code == 400
    assert "Sudah ada KIM bernama" in html and "Desa Orobatu" in html
    assert 'value="KIM Orobatu  Bersatu"' in html and 'value="Dusun Salubarana"' in html
    assert Kim.objects.filter(desa_id=DESA_OROBATU).count() == 1


def test_missing_age_for_a_citizen_creator_is_explained(client, warga):
    client.force_login(warga)
    resp = client.post(BARU, _identitas(kelompok_umur=""))
    assert resp.status_code == 400 and "Isi kelompok umur Anda" in _html(resp)


@pytest.mark.parametrize("isi", [ELF, EXE])
def test_sk_of_the_wrong_type_is_refused_with_input_kept(client, warga, isi):
    client.force_login(warga)
    kim = bentuk_draf(warga)
    services.kim_set_langkah(actor=warga, kim=kim, langkah=4)
    resp = client.post(_langkah(kim, 4), _sk(berkas=berkas("sk.pdf", isi), nomor="141/99/KPTS/2025"))
    html = _html(resp)
    assert resp.status_code == 400
    assert "program (executable)" in html
    assert 'value="141/99/KPTS/2025"' in html and 'value="Kepala Desa Orobatu"' in html
    assert not SuratKeputusan.objects.filter(kim=kim).exists()


def test_sk_over_the_size_limit_is_refused(client, warga, settings):
    settings.SIMPUL_SK_MAX_BYTES = 200 * 1024
    client.force_login(warga)
    kim = bentuk_draf(warga)
    services.kim_set_langkah(actor=warga, kim=kim, langkah=4)
    resp = client.post(_langkah(kim, 4), _sk(berkas=berkas("sk.pdf", PDF + b"0" * 300 * 1024)))
    html = _html(resp)
    assert resp.status_code == 400 and "terlalu besar" in html and "maksimal 0,2 MB" in html
    assert 'value="141/07/KPTS/2025"' in html


def test_sk_term_ending_before_its_date_is_refused_with_input_kept(client, warga):
    client.force_login(warga)
    kim = bentuk_draf(warga)
    services.kim_set_langkah(actor=warga, kim=kim, langkah=4)
    resp = client.post(_langkah(kim, 4), _sk(tanggal="2025-06-01", berlaku_sampai="2025-05-01"))
    html = _html(resp)
    assert resp.status_code == 400 and "harus berakhir setelah tanggal SK" in html
    assert 'value="2025-06-01"' in html and 'value="2025-05-01"' in html


def test_bad_document_file_is_refused(client, warga):
    client.force_login(warga)
    kim = bentuk_draf(warga)
    services.kim_set_langkah(actor=warga, kim=kim, langkah=5)
    resp = client.post(_langkah(kim, 5), {"notulen": berkas("notulen.pdf"), "daftar_hadir": berkas("hadir.pdf", ELF)})
    assert resp.status_code == 400 and "program (executable)" in _html(resp)
    assert not DokumenKim.objects.filter(kim=kim).exists()  # both or nothing


def test_a_bad_member_row_saves_nothing_and_keeps_every_row(client, warga):
    client.force_login(warga)
    kim = bentuk_draf(warga)
    services.kim_set_langkah(actor=warga, kim=kim, langkah=2)
    resp = client.post(_langkah(kim, 2), _anggota([
        {"nama": "Rina", "telepon": "0813 4444 5555", "kelompok_umur": "18-25"},
        {"nama": "Rudi", "telepon": "12", "kelompok_umur": "26-35"},
        {"nama": "", "telepon": "0813 7777 8888"},
    ]))
    html = _html(resp)
    assert resp.status_code == 400
    assert "Nomor telepon tidak valid" in html
    assert 'value="Rina"' in html and 'value="Rudi"' in html and 'value="0813 7777 8888"' in html
    assert Anggota.objects.filter(kim=kim).count() == 1  # only the creator


def test_a_duplicate_phone_found_by_the_service_rolls_back_the_whole_page(client, warga):
    client.force_login(warga)
    kim = bentuk_draf(warga)
    services.kim_set_langkah(actor=warga, kim=kim, langkah=2)
    resp = client.post(_langkah(kim, 2), _anggota([
        {"nama": "Rina", "telepon": "0813 4444 5555"},
        {"nama": "Rina Kembar", "telepon": "+62 813 4444 5555"},
    ]))
    assert resp.status_code == 400 and "sudah dipakai anggota lain" in _html(resp)
    assert Anggota.objects.filter(kim=kim).count() == 1


def test_more_member_rows_without_javascript_keeps_what_was_typed(client, warga):
    client.force_login(warga)
    kim = bentuk_draf(warga)
    services.kim_set_langkah(actor=warga, kim=kim, langkah=2)
    baris = [{"nama": "Rina", "telepon": "12"}, {"nama": "Rudi", "kelompok_umur": "26-35"}]
    resp = client.post(_langkah(kim, 2), _anggota(baris, aksi="baris", total=5))
    html = _html(resp)
    assert resp.status_code == 200
    assert 'name="anggota-9-nama"' in html and 'name="anggota-10-nama"' not in html
    assert 'value="Rina"' in html and 'value="Rudi"' in html and 'value="12"' in html
    assert "tidak valid" not in html  # not validated yet: only more rows
    assert Anggota.objects.filter(kim=kim).count() == 1
    # The first submit button (the one Enter presses) saves, it does not add rows.
    form = html[html.index('<form method="post"'):]
    assert form.index('value="tambah"') < form.index('value="baris"')


def test_officer_errors_are_shown_on_the_step(client, warga):
    client.force_login(warga)
    kim = bentuk_draf(warga)
    a = services.anggota_add(actor=warga, kim=kim, nama="Remaja", kelompok_umur="13-17")
    b = services.anggota_add(actor=warga, kim=kim, nama="Dewasa", kelompok_umur="26-35")
    diri = Anggota.objects.get(kim=kim, user=warga)
    services.kim_set_langkah(actor=warga, kim=kim, langkah=3)
    resp = client.post(_langkah(kim, 3), _inti(diri, b, a))
    assert resp.status_code == 400 and "di bawah 18 tahun" in _html(resp)
    resp = client.post(_langkah(kim, 3), {**_inti(diri, b, a), "inti-bendahara": ""})
    assert resp.status_code == 400 and "sekaligus" in _html(resp)
    resp = client.post(_langkah(kim, 3), _inti(diri, b, a, **{"inti-bendahara": str(b.pk)}))
    assert resp.status_code == 400 and "tiga orang yang berbeda" in _html(resp)


# --- revision -----------------------------------------------------------------------------------
def test_revision_reopens_the_wizard_with_the_reviewers_note(client, warga, diskominfo_mamuju):
    kim = diajukan(warga)
    services.kim_request_revision(actor=diskominfo_mamuju, kim=kim, catatan="Notulen rapat tidak terbaca, mohon unggah ulang.")
    client.force_login(warga)
    assert client.get(reverse("kim:wizard_lanjut", args=[kim.pk])).url == _langkah(kim, 6)
    for n in (1, 5, 6):
        resp = client.get(_langkah(kim, n))
        assert resp.status_code == 200
        assert "Notulen rapat tidak terbaca" in _html(resp) and "Catatan pemeriksa Diskominfo" in _html(resp)
    resp = client.post(_langkah(kim, 5), {"notulen": berkas("notulen.png", PNG, "image/png")})
    assert resp.status_code == 302
    assert client.post(_langkah(kim, 6)).status_code == 302
    kim.refresh_from_db()
    assert kim.status == StatusKim.DIAJUKAN


# --- editing an active KIM with the same pages --------------------------------------------------
def test_officer_edits_an_active_kim_outside_the_wizard(client, pengurus_kim_tapalang, kim_tapalang):
    client.force_login(pengurus_kim_tapalang)
    resp = client.get(_langkah(kim_tapalang, 1))
    html = _html(resp)
    assert resp.status_code == 200 and "disabled" in html and "Langkah pembentukan" not in html
    resp = client.post(_langkah(kim_tapalang, 1), _identitas(nama="Nama Lain", alamat="Sekretariat baru"))
    assert resp.status_code == 302 and resp.url == reverse("kim:kelola_detail", args=[kim_tapalang.pk])
    kim_tapalang.refresh_from_db()
    assert kim_tapalang.alamat == "Sekretariat baru" and kim_tapalang.nama == "KIM Orobatu Bersatu"
    # Step 6 (submission) does not apply to an active KIM.
    assert client.get(_langkah(kim_tapalang, 6)).status_code == 302


def test_member_edit_and_deactivation_pages(client, pengurus_kim_tapalang, kim_tapalang):
    client.force_login(pengurus_kim_tapalang)
    a = services.anggota_add(actor=pengurus_kim_tapalang, kim=kim_tapalang, nama="Wati", kelompok_umur="18-25")
    url = reverse("kim:anggota_ubah", args=[kim_tapalang.pk, a.pk])
    assert client.get(url).status_code == 200
    resp = client.post(url, {"nama": "Wati", "telepon": "abc", "jenis_kelamin": "P", "kelompok_umur": "18-25"})
    assert resp.status_code == 400 and "tidak valid" in _html(resp) and 'value="abc"' in _html(resp)
    resp = client.post(url, {"nama": "Wati S.", "telepon": "0813 1212 3434", "jenis_kelamin": "P",
                             "kelompok_umur": "18-25"})
    assert resp.status_code == 302
    a.refresh_from_db()
    assert a.nama == "Wati S." and a.telepon == "+6281312123434"
    resp = client.post(reverse("kim:anggota_nonaktif", args=[kim_tapalang.pk, a.pk]), {"alasan": "Pindah"})
    assert resp.status_code == 302
    a.refresh_from_db()
    assert not a.aktif
    assert KimEvent.objects.filter(kim=kim_tapalang, jenis="anggota", alasan="Pindah").exists()


# --- who may use the wizard ---------------------------------------------------------------------
def test_wizard_is_404_outside_the_users_reach(client, warga, kim_tapalang, anggota_kim_tapalang, diskominfo_makassar,
                                              camat_tapalang, pengurus_kim_tapalang):
    draf = bentuk_draf(pengurus_kim_tapalang, nama="KIM Draf Ketua")
    urls = [_langkah(kim_tapalang, 1), _langkah(draf, 1), reverse("kim:wizard_lanjut", args=[draf.pk])]
    for user, mfa in ((warga, False), (anggota_kim_tapalang, False), (diskominfo_makassar, True), (camat_tapalang, True)):
        client.logout()
        login_dengan_mfa(client, user) if mfa else client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(_langkah(draf, 1), _identitas(alamat="x")).status_code == 404
    draf.refresh_from_db()
    assert draf.alamat == ""


def test_wizard_requires_sign_in(client):
    resp = client.get(BARU)
    assert resp.status_code == 302 and "/akun/" in resp.url


def test_operator_may_continue_a_citizens_draft_in_his_desa(client, warga, operator_desa_orobatu):
    kim = lengkapi(warga, bentuk_draf(warga))
    services.kim_set_langkah(actor=warga, kim=kim, langkah=6)
    login_dengan_mfa(client, operator_desa_orobatu)
    assert client.get(_langkah(kim, 3)).status_code == 200
    assert client.post(_langkah(kim, 6)).status_code == 302
    kim.refresh_from_db()
    assert kim.status == StatusKim.DIAJUKAN
