"""The editorial workflow: draft -> submitted -> revision / approved -> published, scheduled
publishing, who may edit (per region), audit events, slugs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from simpul.berita import services
from simpul.berita.models import Artikel, ArtikelEvent, Penyunting, StatusArtikel
from simpul.berita.tasks import terbitkan_terjadwal
from simpul.core.errors import Conflict, Forbidden, NotFound, ValidationError
from simpul.notifikasi.models import Notifikasi
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db


def test_member_writes_submits_officer_asks_revision_then_publishes(tulis, anggota_kim_tapalang,
                                                                      pengurus_kim_tapalang):
    a = tulis()
    assert a.status == StatusArtikel.DRAF and a.slug == "panen-raya-jagung-di-orobatu"
    services.artikel_submit(actor=anggota_kim_tapalang, artikel=a)
    assert Notifikasi.objects.filter(user=pengurus_kim_tapalang).count() == 1
    services.artikel_request_revision(actor=pengurus_kim_tapalang, artikel=a, catatan="Tambahkan jumlah panen.")
    a.refresh_from_db()
    assert a.status == StatusArtikel.PERLU_REVISI
    assert Notifikasi.objects.filter(user=anggota_kim_tapalang, isi__contains="jumlah panen").exists()
    services.artikel_update(actor=anggota_kim_tapalang, artikel=a, judul=a.judul,
                            isi=a.isi + "\n\nPanen mencapai 12 ton.")
    services.artikel_submit(actor=anggota_kim_tapalang, artikel=a)
    services.artikel_approve(actor=pengurus_kim_tapalang, artikel=a)
    a.refresh_from_db()
    assert a.status == StatusArtikel.TERBIT and a.terbit_pada is not None
    jenis = list(ArtikelEvent.objects.filter(artikel=a).order_by("waktu", "id").values_list("jenis", flat=True))
    assert jenis == ["dibuat", "diajukan", "revisi_diminta", "diubah", "diajukan", "disetujui", "diterbitkan"]
    assert ArtikelEvent.objects.get(artikel=a, jenis="revisi_diminta").aktor == pengurus_kim_tapalang


def test_submitting_twice_is_idempotent_and_approving_twice_too(tulis, anggota_kim_tapalang, pengurus_kim_tapalang):
    a = tulis()
    services.artikel_submit(actor=anggota_kim_tapalang, artikel=a)
    services.artikel_submit(actor=anggota_kim_tapalang, artikel=a)
    assert ArtikelEvent.objects.filter(artikel=a, jenis="diajukan").count() == 1
    services.artikel_approve(actor=pengurus_kim_tapalang, artikel=a)
    services.artikel_approve(actor=pengurus_kim_tapalang, artikel=a)
    assert ArtikelEvent.objects.filter(artikel=a, jenis="diterbitkan").count() == 1


def test_scheduled_article_waits_then_the_periodic_task_publishes_it(tulis, anggota_kim_tapalang, pengurus_kim_tapalang):
    a = tulis()
    services.artikel_submit(actor=anggota_kim_tapalang, artikel=a)
    nanti = timezone.now() + timedelta(hours=2)
    services.artikel_approve(actor=pengurus_kim_tapalang, artikel=a, terbit_pada=nanti)
    a.refresh_from_db()
    assert a.status == StatusArtikel.DISETUJUI
    assert services.terbitkan_terjadwal() == 0
    assert services.terbitkan_terjadwal(sekarang=nanti + timedelta(minutes=1)) == 1
    assert services.terbitkan_terjadwal(sekarang=nanti + timedelta(minutes=2)) == 0  # idempotent
    a.refresh_from_db()
    assert a.status == StatusArtikel.TERBIT


def test_periodic_task_is_registered_and_runs(tulis, anggota_kim_tapalang, pengurus_kim_tapalang):
    from simpul.core.jadwal import muat_semua

    assert "berita.terbit_terjadwal" in muat_semua()
    a = tulis()
    services.artikel_submit(actor=anggota_kim_tapalang, artikel=a)
    services.artikel_approve(actor=pengurus_kim_tapalang, artikel=a, terbit_pada=timezone.now() + timedelta(seconds=1))
    Artikel.objects.filter(pk=a.pk).update(terbit_pada=timezone.now() - timedelta(minutes=1))
    terbitkan_terjadwal.enqueue()
    a.refresh_from_db()
    assert a.status == StatusArtikel.TERBIT


def test_where_diskominfo_edits_kim_officers_cannot_approve(tulis, anggota_kim_tapalang, pengurus_kim_tapalang,
                                                            diskominfo_mamuju):
    services.aturan_redaksi_set(actor=diskominfo_mamuju, wilayah=Wilayah.objects.get(kode="76.02"),
                                penyunting=Penyunting.DISKOMINFO)
    a = tulis()
    services.artikel_submit(actor=anggota_kim_tapalang, artikel=a)
    assert Notifikasi.objects.filter(user=diskominfo_mamuju).exists()
    with pytest.raises(Forbidden):
        services.artikel_approve(actor=pengurus_kim_tapalang, artikel=a)
    services.artikel_approve(actor=diskominfo_mamuju, artikel=a)
    a.refresh_from_db()
    assert a.status == StatusArtikel.TERBIT


def test_office_outside_region_and_plain_member_cannot_edit(tulis, anggota_kim_tapalang, diskominfo_makassar, warga):
    a = tulis()
    services.artikel_submit(actor=anggota_kim_tapalang, artikel=a)
    with pytest.raises(NotFound):
        services.artikel_approve(actor=diskominfo_makassar, artikel=a)
    with pytest.raises(NotFound):
        services.artikel_request_revision(actor=warga, artikel=a, catatan="bukan urusan saya")
    with pytest.raises(Forbidden):
        services.artikel_approve(actor=anggota_kim_tapalang, artikel=a)
    with pytest.raises(NotFound):
        services.aturan_redaksi_set(actor=diskominfo_makassar, wilayah=Wilayah.objects.get(kode="76.02"),
                                    penyunting=Penyunting.DISKOMINFO)


def test_non_member_cannot_write_for_a_kim(kim_tapalang, warga):
    with pytest.raises(NotFound):
        services.artikel_create(actor=warga, kim=kim_tapalang, judul="Judul berita palsu", isi="x" * 40)


def test_published_article_cannot_be_edited_by_its_writer_and_withdraw_hides_it(terbit, anggota_kim_tapalang,
                                                                                  pengurus_kim_tapalang):
    a = terbit()
    with pytest.raises(Conflict):
        services.artikel_update(actor=anggota_kim_tapalang, artikel=a, judul="Judul baru sekali", isi="y" * 40)
    with pytest.raises(ValidationError):
        services.artikel_withdraw(actor=pengurus_kim_tapalang, artikel=a, alasan="")
    services.artikel_withdraw(actor=pengurus_kim_tapalang, artikel=a, alasan="Foto tanpa izin.")
    a.refresh_from_db()
    assert a.status == StatusArtikel.DITARIK
    services.artikel_revise_again(actor=anggota_kim_tapalang, artikel=a)
    a.refresh_from_db()
    assert a.status == StatusArtikel.DRAF


def test_slug_collisions_in_one_kim_get_a_suffix_and_reserved_words_are_avoided(tulis):
    a1, a2, a3 = tulis(), tulis(), tulis()
    assert [a1.slug, a2.slug, a3.slug] == [
        "panen-raya-jagung-di-orobatu", "panen-raya-jagung-di-orobatu-2", "panen-raya-jagung-di-orobatu-3"]
    assert tulis(judul="Kategori").slug == "kategori-2"
    assert tulis(judul="!!! ??? ...").slug == "berita"


def test_bad_input_gives_field_errors(tulis):
    with pytest.raises(ValidationError) as e:
        tulis(judul="ab")
    assert e.value.field == "judul"
    with pytest.raises(ValidationError) as e:
        tulis(isi="pendek")
    assert e.value.field == "isi"
    with pytest.raises(ValidationError) as e:
        tulis(tag=",".join(f"t{i}" for i in range(20)))
    assert e.value.field == "tag"
    with pytest.raises(ValidationError) as e:
        tulis(kategori="999999")
    assert e.value.field == "kategori"


def test_tags_are_cleaned_and_shared(tulis):
    a = tulis(tag="Pertanian, #jagung, <b>Panen</b>, jagung")
    assert sorted(a.tag.values_list("slug", flat=True)) == ["jagung", "panen", "pertanian"]
    b = tulis(tag="jagung")
    assert b.tag.get().pk == a.tag.get(slug="jagung").pk


def test_a_new_photo_without_caption_is_refused_and_the_current_photo_survives(anggota_kim_tapalang, kim_tapalang):
    from simpul.berita.testing import foto_jpeg

    a = services.artikel_create(actor=anggota_kim_tapalang, kim=kim_tapalang, judul="Panen jagung",
                                isi="Warga Orobatu memanen jagung bersama di ladang desa.", foto=foto_jpeg(),
                                foto_keterangan="Warga memanen")
    nama = a.foto.name
    with pytest.raises(ValidationError) as exc:
        services.artikel_update(actor=anggota_kim_tapalang, artikel=a, judul=a.judul, isi=a.isi,
                                foto=foto_jpeg(), foto_keterangan="")
    assert exc.value.field == "foto_keterangan"
    a.refresh_from_db()
    assert a.foto.name == nama and a.foto.storage.exists(nama)  # not deleted by the refused upload
