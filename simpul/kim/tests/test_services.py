"""KIM write services: formation, members, officers, documents, submission and verification."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from simpul.core import scope
from simpul.core.errors import Conflict, Forbidden, NotFound, ValidationError
from simpul.core.peran import Aksi, Jabatan
from simpul.core.testing.factories import AnggotaFactory, KimFactory, UserFactory
from simpul.kim import selectors, services
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
from simpul.wilayah.models import Wilayah

from .test_services_bantuan import (
    DESA_MAKASSAR,
    DESA_OROBATU,
    DESA_TAKANDEANG,
    ELF,
    EXE,
    HTML,
    JPEG,
    PNG,
    WEBP,
    bentuk_draf,
    berkas,
    diajukan,
    lengkapi,
)

pytestmark = pytest.mark.django_db
SEMUA_CENTANG = [k for k, _l in services.CHECKLIST_VERIFIKASI]


# --- kim_create_draft ---------------------------------------------------------------------------
def test_citizen_creating_a_draft_becomes_member_and_ketua(warga):
    kim = bentuk_draf(warga, nama="  KIM   Maju  Bersama ", sumber_dana=["iuran"], jenis_kelamin_pembuat="L")

    assert kim.status == StatusKim.DRAF and kim.nama == "KIM Maju Bersama"
    assert kim.nama_normal == "kim maju bersama"
    assert kim.slug == "kim-maju-bersama-orobatu"
    assert kim.dibuat_oleh == warga and kim.mandiri is True and kim.langkah_wizard == 1
    anggota = Anggota.objects.get(kim=kim)
    assert anggota.user == warga and anggota.kelompok_umur == "26-35" and anggota.jenis_kelamin == "L"
    assert Pengurus.objects.get(kim=kim).jabatan == Jabatan.KETUA
    assert scope.boleh(warga, Aksi.KIM_KELOLA, kim_id=kim.pk)
    ev = KimEvent.objects.get(kim=kim)
    assert ev.jenis == KimEvent.Jenis.DIBUAT and ev.aktor == warga and ev.ke_status == StatusKim.DRAF


def test_desa_operator_forms_a_kim_on_its_behalf_without_becoming_a_member(operator_desa_orobatu):
    kim = services.kim_create_draft(actor=operator_desa_orobatu, nama="KIM Orobatu Cerdas", desa=DESA_OROBATU)
    assert not Anggota.objects.filter(kim=kim).exists()
    assert KimEvent.objects.get(kim=kim).data["sebagai_kantor"] is True
    assert scope.boleh(operator_desa_orobatu, Aksi.KIM_KELOLA, wilayah_kode=kim.desa_id, kim_id=kim.pk)


def test_citizen_may_form_a_kim_in_any_desa(warga):
    kim = bentuk_draf(warga, nama="KIM Pesisir", desa=DESA_MAKASSAR)
    assert kim.desa_id == DESA_MAKASSAR
    assert bentuk_draf(warga, nama="KIM Tanpa Titik", desa="7602022006").desa_id == DESA_TAKANDEANG


def test_citizen_creator_must_give_an_adult_age_bracket(warga):
    with pytest.raises(ValidationError) as exc:
        services.kim_create_draft(actor=warga, nama="KIM Remaja", desa=DESA_OROBATU)
    assert exc.value.field == "kelompok_umur" and "18 tahun" in exc.value.message
    with pytest.raises(ValidationError) as exc:
        bentuk_draf(warga, nama="KIM Remaja", kelompok_umur_pembuat="13-17")
    assert "18 tahun ke atas" in exc.value.message
    assert not Kim.objects.filter(nama="KIM Remaja").exists()


def test_a_citizen_may_hold_only_a_few_unsubmitted_drafts(warga, operator_desa_orobatu):
    for i in range(services.MAKS_DRAF_WARGA):
        bentuk_draf(warga, nama=f"KIM Percobaan {i}")
    with pytest.raises(ValidationError) as exc:
        bentuk_draf(warga, nama="KIM Percobaan Lagi")
    assert "belum diajukan" in exc.value.message
    # Offices forming KIMs for their desa are not limited.
    for i in range(services.MAKS_DRAF_WARGA + 1):
        services.kim_create_draft(actor=operator_desa_orobatu, nama=f"KIM Desa {i}", desa=DESA_OROBATU)


def test_an_office_cannot_move_a_draft_out_of_its_own_region(operator_desa_orobatu):
    kim = services.kim_create_draft(actor=operator_desa_orobatu, nama="KIM Pindah", desa=DESA_OROBATU)
    with pytest.raises(ValidationError) as exc:
        services.kim_update_profil(actor=operator_desa_orobatu, kim=kim, desa=DESA_TAKANDEANG)
    assert exc.value.field == "desa" and "di luar wilayah kerja Anda" in exc.value.message
    kim.refresh_from_db()
    assert kim.desa_id == DESA_OROBATU


def test_anonymous_cannot_create():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Forbidden):
        services.kim_create_draft(actor=AnonymousUser(), nama="KIM X", desa=DESA_OROBATU)


@pytest.mark.parametrize("kode, pesan", [
    ("76.02.02.9999", "tidak dikenal"),
    ("bukan-kode", "tidak dikenal"),
    ("", "Pilih desa"),
    ("76.02.02", "bukan desa/kelurahan"),
])
def test_create_refuses_unknown_or_non_desa_regions(warga, kode, pesan):
    with pytest.raises(ValidationError) as exc:
        bentuk_draf(warga, desa=kode)
    assert exc.value.field == "desa" and pesan in exc.value.message


def test_create_refuses_an_inactive_desa(warga):
    Wilayah.objects.filter(kode=DESA_TAKANDEANG).update(aktif=False)
    with pytest.raises(ValidationError) as exc:
        bentuk_draf(warga, desa=DESA_TAKANDEANG)
    assert "sudah tidak berlaku" in exc.value.message


def test_duplicate_name_in_the_same_desa_gets_a_clear_error(warga, kim_tapalang):
    with pytest.raises(ValidationError) as exc:
        bentuk_draf(warga, nama="kim  OROBATU bersatu")
    assert exc.value.field == "nama"
    assert "Sudah ada KIM bernama" in exc.value.message and "Desa Orobatu" in exc.value.message
    # The same name is fine in another desa.
    assert bentuk_draf(warga, nama="KIM Orobatu Bersatu", desa=DESA_TAKANDEANG).slug == "kim-orobatu-bersatu-takandeang"


def test_the_database_constraint_also_refuses_a_duplicate_name(kim_tapalang):
    with pytest.raises(IntegrityError), transaction.atomic():
        KimFactory(nama="KIM Orobatu Bersatu", slug="lain", desa=kim_tapalang.desa)


def test_a_rejected_kims_name_can_be_used_again_with_a_new_slug(warga, diskominfo_mamuju):
    lama = diajukan(warga, nama="KIM Sejahtera")
    services.kim_reject(actor=diskominfo_mamuju, kim=lama, alasan="Pengajuan ganda, SK tidak sah")
    baru = bentuk_draf(UserFactory(), nama="KIM Sejahtera")
    assert baru.slug == "kim-sejahtera-orobatu-2"


def test_slug_avoids_reserved_words_and_collisions():
    desa = Wilayah(kode="76.99.99.2001", nama="Kelola")
    assert services._slug_baru("Kelola", desa) == "kelola-2"
    assert services._slug_baru("Baru", Wilayah(kode="x", nama="")) == "baru-2"
    KimFactory(slug="kim-a-orobatu")
    assert services._slug_baru("KIM A", Wilayah.objects.get(kode=DESA_OROBATU)) == "kim-a-orobatu-2"


def test_create_validates_contacts_links_and_funding(warga):
    with pytest.raises(ValidationError) as exc:
        bentuk_draf(warga, telepon="12345")
    assert exc.value.field == "telepon"
    with pytest.raises(ValidationError) as exc:
        bentuk_draf(warga, email="bukan-email")
    assert exc.value.field == "email"
    with pytest.raises(ValidationError) as exc:
        bentuk_draf(warga, media_sosial={"facebook": "javascript:alert(1)"})
    assert exc.value.field == "media_facebook"
    with pytest.raises(ValidationError) as exc:
        bentuk_draf(warga, sumber_dana=["emas"])
    assert exc.value.field == "sumber_dana"
    with pytest.raises(ValidationError) as exc:
        bentuk_draf(warga, tanggal_berdiri=timezone.localdate() + timedelta(days=1))
    assert exc.value.field == "tanggal_berdiri"
    kim = bentuk_draf(warga, telepon="0812-3456-7000", media_sosial={"facebook": "https://fb.com/kim", "x": ""})
    assert kim.telepon == "+6281234567000" and kim.media_sosial == {"facebook": "https://fb.com/kim"}


# --- kim_update_profil --------------------------------------------------------------------------
@pytest.mark.parametrize("sumber, mandiri", [
    (["iuran"], True), (["usaha", "hibah"], True), (["iuran", "dana_desa"], False), (["apbd"], False), ([], False),
])
def test_mandiri_is_recomputed_from_funding_sources(warga, sumber, mandiri):
    kim = bentuk_draf(warga, sumber_dana=["apbd"] if mandiri else ["iuran"])
    kim = services.kim_update_profil(actor=warga, kim=kim, sumber_dana=sumber)
    kim.refresh_from_db()
    assert kim.mandiri is mandiri and kim.sumber_dana == sumber


def test_update_records_before_and_after_and_changes_only_what_is_passed(warga):
    kim = bentuk_draf(warga, alamat="Jl. Lama")
    services.kim_update_profil(actor=warga, kim=kim, alamat="Jl. Baru", tanggal_berdiri=date(2024, 5, 1))
    kim.refresh_from_db()
    assert kim.alamat == "Jl. Baru" and kim.nama == "KIM Maju Bersama"
    ev = KimEvent.objects.filter(kim=kim, jenis=KimEvent.Jenis.DIUBAH).get()
    assert ev.data["sebelum"] == {"alamat": "Jl. Lama", "tanggal_berdiri": None}
    assert ev.data["sesudah"] == {"alamat": "Jl. Baru", "tanggal_berdiri": "2024-05-01"}
    # No change, no event.
    services.kim_update_profil(actor=warga, kim=kim, alamat="Jl. Baru")
    assert KimEvent.objects.filter(kim=kim, jenis=KimEvent.Jenis.DIUBAH).count() == 1


def test_renaming_a_draft_rechecks_duplicates_and_regenerates_the_slug(warga, kim_tapalang):
    kim = bentuk_draf(warga)
    with pytest.raises(ValidationError) as exc:
        services.kim_update_profil(actor=warga, kim=kim, nama="KIM Orobatu Bersatu")
    assert exc.value.field == "nama"
    kim = services.kim_update_profil(actor=warga, kim=kim, nama="KIM Cahaya", desa=DESA_TAKANDEANG)
    assert kim.slug == "kim-cahaya-takandeang" and kim.desa_id == DESA_TAKANDEANG


def test_active_kim_name_and_desa_are_locked_but_contacts_editable(pengurus_kim_tapalang, kim_tapalang):
    with pytest.raises(Conflict):
        services.kim_update_profil(actor=pengurus_kim_tapalang, kim=kim_tapalang, nama="KIM Baru Sekali")
    kim = services.kim_update_profil(actor=pengurus_kim_tapalang, kim=kim_tapalang, alamat="Balai Desa")
    assert kim.alamat == "Balai Desa" and kim.slug == "kim-orobatu-bersatu"


def test_update_outside_scope_is_not_found_and_plain_member_is_forbidden(
    warga, kim_tapalang, anggota_kim_tapalang, diskominfo_makassar, camat_tapalang,
):
    for outsider in (warga, diskominfo_makassar):
        with pytest.raises(NotFound):
            services.kim_update_profil(actor=outsider, kim=kim_tapalang, alamat="x")
    for viewer in (anggota_kim_tapalang, camat_tapalang):
        with pytest.raises(Forbidden):
            services.kim_update_profil(actor=viewer, kim=kim_tapalang, alamat="x")


def test_kab_office_and_desa_operator_may_edit_kims_in_their_region(
    kim_tapalang, diskominfo_mamuju, operator_desa_orobatu,
):
    services.kim_update_profil(actor=diskominfo_mamuju, kim=kim_tapalang, alamat="A")
    services.kim_update_profil(actor=operator_desa_orobatu, kim=kim_tapalang, alamat="B")
    kim_tapalang.refresh_from_db()
    assert kim_tapalang.alamat == "B"


def test_a_submitted_or_rejected_kim_cannot_be_edited(warga, diskominfo_mamuju):
    kim = diajukan(warga)
    with pytest.raises(Conflict) as exc:
        services.kim_update_profil(actor=warga, kim=kim, alamat="x")
    assert "sedang diverifikasi" in exc.value.message
    services.kim_reject(actor=diskominfo_mamuju, kim=kim, alasan="Tidak memenuhi syarat")
    with pytest.raises(Conflict):
        services.kim_update_profil(actor=diskominfo_mamuju, kim=kim, alamat="x")


def test_wizard_step_only_moves_forward(warga):
    kim = bentuk_draf(warga)
    services.kim_set_langkah(actor=warga, kim=kim, langkah=4)
    services.kim_set_langkah(actor=warga, kim=kim, langkah=2)
    services.kim_set_langkah(actor=warga, kim=kim, langkah=99)
    kim.refresh_from_db()
    assert kim.langkah_wizard == 6


# --- members ------------------------------------------------------------------------------------
def test_add_member_normalises_phone_and_allows_non_residents(warga):
    kim = bentuk_draf(warga)
    a = services.anggota_add(actor=warga, kim=kim, nama="Siti Aminah", telepon="0813 1111 2222",
                             jenis_kelamin="P", kelompok_umur="18-25")
    assert a.telepon == "+6281311112222" and a.aktif and a.user is None
    b = services.anggota_add(actor=warga, kim=kim, nama="Tamu dari Makassar")
    assert b.telepon == ""
    assert KimEvent.objects.filter(kim=kim, jenis=KimEvent.Jenis.ANGGOTA).count() == 2


def test_add_member_rejects_bad_input(warga):
    kim = bentuk_draf(warga)
    with pytest.raises(ValidationError) as exc:
        services.anggota_add(actor=warga, kim=kim, nama="Budi", telepon="0000")
    assert exc.value.field == "telepon" and "tidak valid" in exc.value.message
    with pytest.raises(ValidationError) as exc:
        services.anggota_add(actor=warga, kim=kim, nama=" ")
    assert exc.value.field == "nama"
    with pytest.raises(ValidationError) as exc:
        services.anggota_add(actor=warga, kim=kim, nama="Budi", kelompok_umur="99")
    assert exc.value.field == "kelompok_umur"
    services.anggota_add(actor=warga, kim=kim, nama="Budi", telepon="081311112222")
    with pytest.raises(ValidationError) as exc:
        services.anggota_add(actor=warga, kim=kim, nama="Badu", telepon="+62 813-1111-2222")
    assert "sudah dipakai anggota lain" in exc.value.message and "Budi" in exc.value.message


def test_member_with_an_account_phone_is_linked_and_gains_kim_access(warga):
    kim = bentuk_draf(warga)
    orang = UserFactory(telepon="+6281399990000")
    a = services.anggota_add(actor=warga, kim=kim, nama="Orang", telepon="0813 9999 0000")
    assert a.user == orang
    assert scope.boleh(orang, Aksi.KIM_INTERNAL, kim_id=kim.pk)
    with pytest.raises(ValidationError):
        services.anggota_add(actor=warga, kim=kim, nama="Orang Lagi", telepon="081399990000")


def test_update_member_keeps_officers_adult(warga):
    kim = bentuk_draf(warga)
    ketua = Anggota.objects.get(kim=kim)
    with pytest.raises(ValidationError) as exc:
        services.anggota_update(actor=warga, anggota=ketua, nama=ketua.nama, kelompok_umur="13-17")
    assert exc.value.field == "kelompok_umur" and "18 tahun" in exc.value.message
    biasa = services.anggota_add(actor=warga, kim=kim, nama="Remaja", kelompok_umur="18-25")
    services.anggota_update(actor=warga, anggota=biasa, nama="Remaja Hebat", kelompok_umur="13-17")
    biasa.refresh_from_db()
    assert biasa.nama == "Remaja Hebat" and biasa.kelompok_umur == "13-17"


def test_deactivating_a_member_ends_their_positions(warga, operator_desa_orobatu):
    kim = lengkapi(warga, bentuk_draf(warga))
    bendahara = Pengurus.objects.get(kim=kim, jabatan=Jabatan.BENDAHARA, diberhentikan__isnull=True).anggota
    services.anggota_deactivate(actor=warga, anggota=bendahara, alasan="Pindah kerja")
    bendahara.refresh_from_db()
    assert not bendahara.aktif and bendahara.tanggal_keluar == timezone.localdate()
    assert not Pengurus.objects.filter(anggota=bendahara, diberhentikan__isnull=True).exists()
    assert any(k.kode == "pengurus" for k in selectors.kim_kelengkapan(kim))
    with pytest.raises(Conflict):
        services.anggota_deactivate(actor=warga, anggota=bendahara)


def test_a_citizen_ketua_cannot_lock_himself_out(warga, operator_desa_orobatu):
    kim = bentuk_draf(warga)
    diri = Anggota.objects.get(kim=kim, user=warga)
    with pytest.raises(ValidationError) as exc:
        services.anggota_deactivate(actor=warga, anggota=diri)
    assert "tidak dapat mengelola KIM ini lagi" in exc.value.message
    diri.refresh_from_db()
    assert diri.aktif  # rolled back
    # The desa operator may do it: the office keeps its access through the region.
    services.anggota_deactivate(actor=operator_desa_orobatu, anggota=diri)


# --- officers -----------------------------------------------------------------------------------
def _tiga(actor, kim, umur="26-35"):
    return [services.anggota_add(actor=actor, kim=kim, nama=f"Calon {i}", kelompok_umur=umur) for i in range(3)]


def test_core_officers_are_set_together_and_must_be_three_adults(operator_desa_orobatu):
    kim = services.kim_create_draft(actor=operator_desa_orobatu, nama="KIM Tiga", desa=DESA_OROBATU)
    a, b, c = _tiga(operator_desa_orobatu, kim)
    with pytest.raises(ValidationError) as exc:
        services.pengurus_inti_set(actor=operator_desa_orobatu, kim=kim, ketua=a, sekretaris=a, bendahara=c)
    assert "tiga orang yang berbeda" in exc.value.message
    muda = services.anggota_add(actor=operator_desa_orobatu, kim=kim, nama="Muda", kelompok_umur="13-17")
    with pytest.raises(ValidationError) as exc:
        services.pengurus_inti_set(actor=operator_desa_orobatu, kim=kim, ketua=a, sekretaris=b, bendahara=muda)
    assert exc.value.field == "bendahara" and "di bawah 18 tahun" in exc.value.message
    tanpa_umur = services.anggota_add(actor=operator_desa_orobatu, kim=kim, nama="Tanpa Umur")
    with pytest.raises(ValidationError) as exc:
        services.pengurus_inti_set(actor=operator_desa_orobatu, kim=kim, ketua=a, sekretaris=b, bendahara=tanpa_umur)
    assert "belum diisi" in exc.value.message
    services.pengurus_inti_set(actor=operator_desa_orobatu, kim=kim, ketua=a, sekretaris=b, bendahara=c,
                               mulai=date(2025, 1, 1), selesai=date(2028, 1, 1))
    aktif = {p.jabatan: p.anggota for p in Pengurus.objects.filter(kim=kim, diberhentikan__isnull=True)}
    assert aktif == {"ketua": a, "sekretaris": b, "bendahara": c}


def test_core_officers_can_be_swapped_and_replaced_holders_are_ended(operator_desa_orobatu):
    kim = services.kim_create_draft(actor=operator_desa_orobatu, nama="KIM Tukar", desa=DESA_OROBATU)
    a, b, c = _tiga(operator_desa_orobatu, kim)
    d = services.anggota_add(actor=operator_desa_orobatu, kim=kim, nama="Calon D", kelompok_umur="36-45")
    services.pengurus_inti_set(actor=operator_desa_orobatu, kim=kim, ketua=a, sekretaris=b, bendahara=c)
    services.pengurus_inti_set(actor=operator_desa_orobatu, kim=kim, ketua=b, sekretaris=a, bendahara=d)
    aktif = {p.jabatan: p.anggota for p in Pengurus.objects.filter(kim=kim, diberhentikan__isnull=True)}
    assert aktif == {"ketua": b, "sekretaris": a, "bendahara": d}
    assert Pengurus.objects.filter(kim=kim, diberhentikan__isnull=False).count() == 3
    ev = KimEvent.objects.filter(kim=kim, jenis=KimEvent.Jenis.PENGURUS).first()
    assert ev.data["sebelum"]["ketua"] == "Calon 0" and ev.data["sesudah"]["ketua"] == "Calon 1"


def test_unchanged_core_officers_write_no_event(operator_desa_orobatu):
    kim = services.kim_create_draft(actor=operator_desa_orobatu, nama="KIM Tetap", desa=DESA_OROBATU)
    a, b, c = _tiga(operator_desa_orobatu, kim)
    mulai = timezone.localdate()
    services.pengurus_inti_set(actor=operator_desa_orobatu, kim=kim, ketua=a, sekretaris=b, bendahara=c, mulai=mulai)
    services.pengurus_inti_set(actor=operator_desa_orobatu, kim=kim, ketua=a, sekretaris=b, bendahara=c, mulai=mulai)
    assert KimEvent.objects.filter(kim=kim, jenis=KimEvent.Jenis.PENGURUS).count() == 1


def test_term_must_end_after_it_starts(operator_desa_orobatu):
    kim = services.kim_create_draft(actor=operator_desa_orobatu, nama="KIM Masa", desa=DESA_OROBATU)
    a, b, c = _tiga(operator_desa_orobatu, kim)
    with pytest.raises(ValidationError) as exc:
        services.pengurus_inti_set(actor=operator_desa_orobatu, kim=kim, ketua=a, sekretaris=b, bendahara=c,
                                   mulai=date(2025, 1, 1), selesai=date(2024, 12, 31))
    assert exc.value.field == "selesai"


def test_officers_must_be_active_members_of_this_kim(operator_desa_orobatu, kim_tapalang):
    kim = services.kim_create_draft(actor=operator_desa_orobatu, nama="KIM Lain", desa=DESA_OROBATU)
    a, b, _c = _tiga(operator_desa_orobatu, kim)
    asing = AnggotaFactory(kim=kim_tapalang)
    with pytest.raises(ValidationError) as exc:
        services.pengurus_inti_set(actor=operator_desa_orobatu, kim=kim, ketua=a, sekretaris=b, bendahara=asing)
    assert exc.value.field == "bendahara" and "anggota aktif" in exc.value.message


def test_a_citizen_cannot_hand_all_core_positions_to_others(warga):
    kim = bentuk_draf(warga)
    a, b, c = _tiga(warga, kim)
    with pytest.raises(ValidationError) as exc:
        services.pengurus_inti_set(actor=warga, kim=kim, ketua=a, sekretaris=b, bendahara=c)
    assert "tidak dapat mengelola KIM ini lagi" in exc.value.message
    diri = Anggota.objects.get(kim=kim, user=warga)
    assert Pengurus.objects.get(kim=kim, jabatan="ketua", diberhentikan__isnull=True).anggota == diri
    services.pengurus_inti_set(actor=warga, kim=kim, ketua=a, sekretaris=diri, bendahara=c)
    assert scope.boleh(warga, Aksi.KIM_KELOLA, kim_id=kim.pk)


def test_sections_have_custom_names_and_no_duplicates(operator_desa_orobatu):
    kim = services.kim_create_draft(actor=operator_desa_orobatu, nama="KIM Seksi", desa=DESA_OROBATU)
    a, b, _c = _tiga(operator_desa_orobatu, kim)
    p = services.pengurus_set(actor=operator_desa_orobatu, kim=kim, anggota=a, jabatan="seksi",
                              nama_seksi="Penyebaran Informasi")
    assert p.label_jabatan == "Seksi Penyebaran Informasi"
    services.pengurus_set(actor=operator_desa_orobatu, kim=kim, anggota=b, jabatan="seksi",
                          nama_seksi="Penyebaran Informasi")
    with pytest.raises(ValidationError) as exc:
        services.pengurus_set(actor=operator_desa_orobatu, kim=kim, anggota=a, jabatan="seksi",
                              nama_seksi="penyebaran  informasi")
    assert exc.value.field == "nama_seksi"
    with pytest.raises(ValidationError) as exc:
        services.pengurus_set(actor=operator_desa_orobatu, kim=kim, anggota=a, jabatan="seksi")
    assert exc.value.field == "nama_seksi"
    with pytest.raises(ValidationError):
        services.pengurus_set(actor=operator_desa_orobatu, kim=kim, anggota=a, jabatan="anggota")
    services.pengurus_end(actor=operator_desa_orobatu, pengurus=p)
    with pytest.raises(Conflict):
        services.pengurus_end(actor=operator_desa_orobatu, pengurus=p)


def test_single_core_position_replaces_holder_and_one_person_holds_one(operator_desa_orobatu):
    kim = services.kim_create_draft(actor=operator_desa_orobatu, nama="KIM Satu", desa=DESA_OROBATU)
    a, b, c = _tiga(operator_desa_orobatu, kim)
    services.pengurus_set(actor=operator_desa_orobatu, kim=kim, anggota=a, jabatan="ketua")
    services.pengurus_set(actor=operator_desa_orobatu, kim=kim, anggota=b, jabatan="sekretaris")
    with pytest.raises(ValidationError) as exc:
        services.pengurus_set(actor=operator_desa_orobatu, kim=kim, anggota=a, jabatan="bendahara")
    assert "sudah menjabat ketua" in exc.value.message
    services.pengurus_set(actor=operator_desa_orobatu, kim=kim, anggota=c, jabatan="ketua")
    assert Pengurus.objects.get(kim=kim, jabatan="ketua", diberhentikan__isnull=True).anggota == c


# --- SK and documents ---------------------------------------------------------------------------
def _sk(actor, kim, **kw):
    hari_ini = timezone.localdate()
    data = {"nomor": "141/01/2025", "tanggal": hari_ini - timedelta(days=5), "penerbit_jenis": "kepala_desa",
            "penerbit_nama": "Kades", "berlaku_sampai": hari_ini + timedelta(days=700), "berkas": berkas()}
    data.update(kw)
    return services.sk_upload(actor=actor, kim=kim, **data)


@pytest.mark.parametrize("nama, isi, mime, ext", [
    ("sk.pdf", b"%PDF-1.7\n...", "application/pdf", "pdf"),
    ("foto.JPG", JPEG, "image/jpeg", "jpg"),
    ("scan.png", PNG, "image/png", "png"),
    ("scan.webp", WEBP, "image/webp", "webp"),
    ("sk-tanpa-ekstensi", b"%PDF-1.4 isi", "application/pdf", "pdf"),
    ("foto.pdf", PNG, "image/png", "png"),  # named .pdf but really a PNG: stored as what it is
])
def test_sk_upload_accepts_pdf_and_images_by_content(warga, nama, isi, mime, ext):
    kim = bentuk_draf(warga)
    sk = _sk(warga, kim, berkas=berkas(nama, isi, "application/octet-stream"))
    assert sk.berkas_jenis == mime and sk.berkas_ukuran == len(isi)
    assert sk.berkas.name.endswith(f".{ext}")
    with sk.berkas.open("rb") as fh:
        assert fh.read() == isi
    ev = KimEvent.objects.get(kim=kim, jenis=KimEvent.Jenis.SK)
    assert ev.data["nomor"] == "141/01/2025"


@pytest.mark.parametrize("isi", [ELF, EXE])
def test_sk_upload_refuses_a_renamed_executable(warga, isi):
    kim = bentuk_draf(warga)
    with pytest.raises(ValidationError) as exc:
        _sk(warga, kim, berkas=berkas("sk.pdf", isi, "application/pdf"))
    assert exc.value.field == "berkas" and "program (executable)" in exc.value.message
    assert not SuratKeputusan.objects.exists()


def test_sk_upload_refuses_other_content_and_empty_files(warga):
    kim = bentuk_draf(warga)
    with pytest.raises(ValidationError) as exc:
        _sk(warga, kim, berkas=berkas("sk.pdf", HTML, "application/pdf"))
    assert "bukan PDF, JPG, PNG atau WebP" in exc.value.message
    with pytest.raises(ValidationError) as exc:
        _sk(warga, kim, berkas=berkas("sk.pdf", b"", "application/pdf"))
    assert "kosong" in exc.value.message
    with pytest.raises(ValidationError) as exc:
        _sk(warga, kim, berkas=None)
    assert exc.value.field == "berkas"


def test_sk_upload_refuses_files_over_the_size_limit(warga, settings):
    settings.SIMPUL_SK_MAX_BYTES = 1024 * 1024
    kim = bentuk_draf(warga)
    besar = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as exc:
        _sk(warga, kim, berkas=berkas("sk.pdf", besar))
    assert exc.value.field == "berkas"
    assert "terlalu besar" in exc.value.message and "maksimal 1 MB" in exc.value.message
    _sk(warga, kim, berkas=berkas("sk.pdf", besar[: 1024 * 1024]))


def test_sk_term_must_end_after_the_sk_date(warga):
    kim = bentuk_draf(warga)
    tanggal = timezone.localdate() - timedelta(days=5)
    for akhir in (tanggal, tanggal - timedelta(days=1)):
        with pytest.raises(ValidationError) as exc:
            _sk(warga, kim, tanggal=tanggal, berlaku_sampai=akhir)
        assert exc.value.field == "berlaku_sampai" and "harus berakhir setelah tanggal SK" in exc.value.message


def test_sk_requires_number_date_issuer_and_no_future_date(warga):
    kim = bentuk_draf(warga)
    for kw, field in (({"nomor": ""}, "nomor"), ({"tanggal": None}, "tanggal"),
                      ({"penerbit_jenis": ""}, "penerbit_jenis"), ({"penerbit_jenis": "presiden"}, "penerbit_jenis"),
                      ({"tanggal": timezone.localdate() + timedelta(days=2)}, "tanggal"),
                      ({"berlaku_sampai": None}, "berlaku_sampai")):
        with pytest.raises(ValidationError) as exc:
            _sk(warga, kim, **kw)
        assert exc.value.field == field, kw


def test_sk_files_live_in_private_storage_not_under_media(warga, settings):
    sk = _sk(warga, bentuk_draf(warga))
    assert not sk.berkas.path.startswith(str(settings.MEDIA_ROOT))


def test_dokumen_upload_checks_files_the_same_way(warga):
    kim = bentuk_draf(warga)
    d = services.dokumen_upload(actor=warga, kim=kim, jenis="notulen", berkas=berkas("n.pdf"))
    assert d.berkas_jenis == "application/pdf" and d.diunggah_oleh == warga
    with pytest.raises(ValidationError) as exc:
        services.dokumen_upload(actor=warga, kim=kim, jenis="daftar_hadir", berkas=berkas("hadir.pdf", ELF))
    assert exc.value.field == "daftar_hadir" and "program" in exc.value.message
    with pytest.raises(ValidationError) as exc:
        services.dokumen_upload(actor=warga, kim=kim, jenis="ktp", berkas=berkas())
    assert exc.value.field == "jenis"
    assert DokumenKim.objects.filter(kim=kim).count() == 1


# --- submission ---------------------------------------------------------------------------------
def test_submit_lists_everything_missing(warga):
    kim = bentuk_draf(warga)
    with pytest.raises(ValidationError) as exc:
        services.kim_submit(actor=warga, kim=kim)
    kode = [k.kode for k in exc.value.extra["kekurangan"]]
    assert kode == ["identitas", "anggota", "pengurus", "sk", "notulen", "daftar_hadir"]
    assert "minimal 3 orang" in exc.value.message and "belum ada sekretaris, bendahara" in exc.value.message
    kim.refresh_from_db()
    assert kim.status == StatusKim.DRAF


def test_submit_refuses_an_expired_sk(warga):
    kim = lengkapi(warga, bentuk_draf(warga))
    SuratKeputusan.objects.filter(kim=kim).update(tanggal=date(2019, 1, 1), berlaku_sampai=date(2022, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.kim_submit(actor=warga, kim=kim)
    assert "sudah tidak berlaku" in exc.value.message


def test_complete_kim_is_submitted_and_the_kab_office_notified(
    warga, diskominfo_mamuju, diskominfo_makassar, diskominfo_sulbar, camat_tapalang,
):
    kim = lengkapi(warga, bentuk_draf(warga))
    kim = services.kim_submit(actor=warga, kim=kim)
    assert kim.status == StatusKim.DIAJUKAN and kim.diajukan_pada is not None
    ev = KimEvent.objects.filter(kim=kim, jenis=KimEvent.Jenis.DIAJUKAN).get()
    assert (ev.dari_status, ev.ke_status, ev.aktor) == (StatusKim.DRAF, StatusKim.DIAJUKAN, warga)
    penerima = set(Notifikasi.objects.filter(kunci=f"kim:{kim.pk}:event:{ev.pk}").values_list("user_id", flat=True))
    assert penerima == {diskominfo_mamuju.pk}
    n = Notifikasi.objects.get(user=diskominfo_mamuju)
    assert "KIM Maju Bersama" in n.judul and n.url == f"/kim/kelola/verifikasi/{kim.pk}/"
    with pytest.raises(Conflict):
        services.kim_submit(actor=warga, kim=kim)


def test_submit_needs_adult_core_officers(operator_desa_orobatu):
    kim = services.kim_create_draft(actor=operator_desa_orobatu, nama="KIM Umur", desa=DESA_OROBATU)
    kim = lengkapi(operator_desa_orobatu, kim)
    ketua = Pengurus.objects.get(kim=kim, jabatan="ketua", diberhentikan__isnull=True).anggota
    Anggota.objects.filter(pk=ketua.pk).update(kelompok_umur="")  # data from before the rule
    with pytest.raises(ValidationError) as exc:
        services.kim_submit(actor=operator_desa_orobatu, kim=kim)
    assert [k.kode for k in exc.value.extra["kekurangan"]] == ["umur_pengurus"]


# --- verification -------------------------------------------------------------------------------
def test_approve_needs_every_checklist_item(warga, diskominfo_mamuju):
    kim = diajukan(warga)
    with pytest.raises(ValidationError) as exc:
        services.kim_approve(actor=diskominfo_mamuju, kim=kim, checklist=SEMUA_CENTANG[:-1])
    assert exc.value.field == "checklist" and "Tidak ada KIM ganda" in exc.value.message
    kim.refresh_from_db()
    assert kim.status == StatusKim.DIAJUKAN


def test_approve_activates_and_notifies_the_officers(warga, diskominfo_mamuju):
    kim = diajukan(warga)
    sebelum = timezone.now()
    kim = services.kim_approve(actor=diskominfo_mamuju, kim=kim, checklist=SEMUA_CENTANG)
    assert kim.status == StatusKim.AKTIF and kim.aktif_sejak >= sebelum
    ev = KimEvent.objects.filter(kim=kim, jenis=KimEvent.Jenis.DISETUJUI).get()
    assert ev.aktor == diskominfo_mamuju and ev.data["checklist"] == SEMUA_CENTANG
    assert Notifikasi.objects.filter(user=warga, kunci=f"kim:{kim.pk}:event:{ev.pk}").exists()
    assert Kim.objects.publik().filter(pk=kim.pk).exists()


def test_approve_refuses_a_kim_that_became_incomplete(warga, diskominfo_mamuju):
    kim = diajukan(warga)
    DokumenKim.objects.filter(kim=kim, jenis="notulen").delete()
    with pytest.raises(Conflict) as exc:
        services.kim_approve(actor=diskominfo_mamuju, kim=kim, checklist=SEMUA_CENTANG)
    assert "notulen" in exc.value.message.lower()


def test_only_the_kab_office_of_the_region_verifies(
    warga, diskominfo_sulbar, diskominfo_makassar, camat_tapalang, operator_desa_orobatu, komdigi,
):
    kim = diajukan(warga)
    for pengamat in (diskominfo_sulbar, camat_tapalang, operator_desa_orobatu, komdigi, warga):
        with pytest.raises(Forbidden):
            services.kim_approve(actor=pengamat, kim=kim, checklist=SEMUA_CENTANG)
    with pytest.raises(NotFound):
        services.kim_approve(actor=diskominfo_makassar, kim=kim, checklist=SEMUA_CENTANG)
    kim.refresh_from_db()
    assert kim.status == StatusKim.DIAJUKAN


def test_invalid_transitions_raise_conflict_with_the_status(warga, diskominfo_mamuju):
    kim = lengkapi(warga, bentuk_draf(warga))
    for fungsi, kw in ((services.kim_approve, {"checklist": SEMUA_CENTANG}),
                       (services.kim_reject, {"alasan": "Tidak lengkap sama sekali"}),
                       (services.kim_request_revision, {"catatan": "Perbaiki SK"}),
                       (services.kim_freeze, {"alasan": "Tidak aktif setahun"}),
                       (services.kim_unfreeze, {"alasan": "Sudah aktif lagi"})):
        with pytest.raises(Conflict) as exc:
            fungsi(actor=diskominfo_mamuju, kim=kim, **kw)
        assert "status KIM ini: Draf" in exc.value.message


def test_revision_needs_a_note_and_reopens_the_wizard(warga, diskominfo_mamuju):
    kim = diajukan(warga)
    with pytest.raises(ValidationError) as exc:
        services.kim_request_revision(actor=diskominfo_mamuju, kim=kim, catatan="  ")
    assert exc.value.field == "catatan"
    kim = services.kim_request_revision(actor=diskominfo_mamuju, kim=kim,
                                        catatan="Daftar hadir tidak terbaca, unggah ulang.")
    assert kim.status == StatusKim.PERLU_REVISI and kim.dapat_diubah
    assert selectors.catatan_revisi_terakhir(kim).alasan == "Daftar hadir tidak terbaca, unggah ulang."
    n = Notifikasi.objects.get(user=warga)
    assert "perlu direvisi" in n.judul and "Daftar hadir tidak terbaca" in n.isi
    assert n.url == f"/kim/kelola/{kim.pk}/langkah/6/"
    services.dokumen_upload(actor=warga, kim=kim, jenis="daftar_hadir", berkas=berkas("h.png", PNG, "image/png"))
    kim = services.kim_submit(actor=warga, kim=kim)
    assert kim.status == StatusKim.DIAJUKAN


def test_reject_needs_a_reason_and_frees_the_name(warga, diskominfo_mamuju):
    kim = diajukan(warga)
    with pytest.raises(ValidationError) as exc:
        services.kim_reject(actor=diskominfo_mamuju, kim=kim, alasan="")
    assert exc.value.field == "alasan"
    kim = services.kim_reject(actor=diskominfo_mamuju, kim=kim, alasan="KIM ganda dengan KIM Orobatu Bersatu")
    assert kim.status == StatusKim.DITOLAK
    assert KimEvent.objects.filter(kim=kim, jenis=KimEvent.Jenis.DITOLAK).get().alasan.startswith("KIM ganda")
    n = Notifikasi.objects.get(user=warga)
    assert "ditolak" in n.judul and "KIM ganda" in n.isi
    # The rejected KIM's positions grant nothing any more.
    scope.forget(warga)
    assert not scope.boleh(warga, Aksi.KIM_KELOLA, kim_id=kim.pk)


def test_freeze_and_unfreeze_need_reasons(pengurus_kim_tapalang, kim_tapalang, diskominfo_mamuju):
    with pytest.raises(ValidationError):
        services.kim_freeze(actor=diskominfo_mamuju, kim=kim_tapalang, alasan="")
    kim = services.kim_freeze(actor=diskominfo_mamuju, kim=kim_tapalang, alasan="Tidak ada kegiatan 12 bulan")
    assert kim.status == StatusKim.DIBEKUKAN
    assert Notifikasi.objects.filter(user=pengurus_kim_tapalang, judul__contains="dibekukan").exists()
    with pytest.raises(Conflict):
        services.kim_freeze(actor=diskominfo_mamuju, kim=kim, alasan="Lagi dan lagi")
    with pytest.raises(ValidationError):
        services.kim_unfreeze(actor=diskominfo_mamuju, kim=kim, alasan="ok")
    kim = services.kim_unfreeze(actor=diskominfo_mamuju, kim=kim, alasan="Kegiatan sudah berjalan lagi")
    assert kim.status == StatusKim.AKTIF
    jenis = list(KimEvent.objects.filter(kim=kim).values_list("jenis", flat=True))
    assert jenis[:2] == [KimEvent.Jenis.DIAKTIFKAN_KEMBALI, KimEvent.Jenis.DIBEKUKAN]


def test_frozen_kim_data_can_still_be_maintained(pengurus_kim_tapalang, kim_tapalang, diskominfo_mamuju):
    services.kim_freeze(actor=diskominfo_mamuju, kim=kim_tapalang, alasan="SK habis masa berlaku")
    kim_tapalang.refresh_from_db()
    sk = _sk(pengurus_kim_tapalang, kim_tapalang)
    assert sk.kim == kim_tapalang


def test_linking_a_member_to_an_account_is_idempotent_audited_and_scoped(kim_tapalang, diskominfo_mamuju,
                                                                          diskominfo_makassar):
    from simpul.core.errors import ApplicationError, Conflict
    from simpul.core.testing.factories import AnggotaFactory, UserFactory
    from simpul.kim.models import KimEvent

    anggota = AnggotaFactory(kim=kim_tapalang)
    akun = UserFactory()
    with pytest.raises(ApplicationError):
        services.anggota_tautkan_akun(actor=diskominfo_makassar, anggota=anggota, user=akun)
    services.anggota_tautkan_akun(actor=diskominfo_mamuju, anggota=anggota, user=akun)
    services.anggota_tautkan_akun(actor=diskominfo_mamuju, anggota=anggota, user=akun)  # again: nothing new
    anggota.refresh_from_db()
    assert anggota.user == akun
    assert KimEvent.objects.filter(kim=kim_tapalang, data__akun_ditautkan=akun.pk).count() == 1
    with pytest.raises(Conflict):
        services.anggota_tautkan_akun(actor=diskominfo_mamuju, anggota=anggota, user=UserFactory())
    with pytest.raises(ApplicationError):  # one account, one member per KIM
        services.anggota_tautkan_akun(actor=diskominfo_mamuju, anggota=AnggotaFactory(kim=kim_tapalang), user=akun)
