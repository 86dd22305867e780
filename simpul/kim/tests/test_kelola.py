"""Internal KIM pages: /kim/kelola/ (the KIMs a user manages or oversees), each KIM's internal page
and its files. Scope: each persona sees exactly its own reach; everything else is a 404."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.akun.testing import login_dengan_mfa
from simpul.core.testing.factories import AnggotaFactory, KimFactory, SuratKeputusanFactory
from simpul.kim import services
from simpul.kim.models import DokumenKim, StatusKim, SuratKeputusan
from simpul.wilayah.models import Wilayah

from .test_services_bantuan import (
    DESA_MAKASSAR,
    DESA_TAKANDEANG,
    JPEG,
    bentuk_draf,
    diajukan,
    lengkapi,
)

pytestmark = pytest.mark.django_db
KELOLA = reverse("kim:kelola")


def _masuk(client, user):
    client.logout()
    login_dengan_mfa(client, user)


def _nama(resp) -> set[str]:
    return {k.nama for k in resp.context["page"].object_list}


def _detail(kim):
    return reverse("kim:kelola_detail", args=[kim.pk])


@pytest.fixture
def kim_mamuju(warga):
    """A complete, submitted KIM in Orobatu (Mamuju) with an SK and documents."""
    return diajukan(warga, nama="KIM Tapalang Sehati")


def _berkas_urls(kim):
    sk = SuratKeputusan.objects.filter(kim=kim).first()
    dok = DokumenKim.objects.filter(kim=kim).first()
    return [reverse("kim:berkas_sk", args=[kim.pk, sk.pk]), reverse("kim:berkas_dokumen", args=[kim.pk, dok.pk])]


# --- the list -----------------------------------------------------------------------------------
def test_each_persona_sees_exactly_its_own_kims(
    client, kim_tapalang, kim_makassar, kim_mamuju, pengurus_kim_tapalang, anggota_kim_tapalang,
    diskominfo_mamuju, diskominfo_makassar, diskominfo_sulbar, camat_tapalang, operator_desa_orobatu, komdigi, warga,
):
    lain_desa = KimFactory(nama="KIM Takandeang", desa=Wilayah.objects.get(kode=DESA_TAKANDEANG))
    semua_mamuju = {kim_tapalang.nama, kim_mamuju.nama, lain_desa.nama}
    harapan = [
        (diskominfo_mamuju, semua_mamuju),
        (diskominfo_sulbar, semua_mamuju),
        (camat_tapalang, semua_mamuju),
        (operator_desa_orobatu, {kim_tapalang.nama, kim_mamuju.nama}),
        (diskominfo_makassar, {kim_makassar.nama}),
        (komdigi, semua_mamuju | {kim_makassar.nama}),
        (pengurus_kim_tapalang, {kim_tapalang.nama}),
        (anggota_kim_tapalang, {kim_tapalang.nama}),
        (warga, {kim_mamuju.nama}),  # the KIM the citizen formed and chairs
    ]
    for user, nama in harapan:
        _masuk(client, user)
        resp = client.get(KELOLA)
        assert resp.status_code == 200
        assert _nama(resp) == nama, user


def test_continue_link_only_for_those_who_may_edit(client, warga, camat_tapalang, operator_desa_orobatu):
    draf = bentuk_draf(warga)
    lanjut = reverse("kim:wizard_lanjut", args=[draf.pk])
    for user, boleh in ((warga, True), (operator_desa_orobatu, True), (camat_tapalang, False)):
        _masuk(client, user)
        assert (lanjut in client.get(KELOLA).content.decode()) is boleh, user


def test_a_citizen_without_kims_sees_an_empty_list_and_how_to_start(client, warga):
    client.force_login(warga)
    resp = client.get(KELOLA)
    html = resp.content.decode()
    assert resp.status_code == 200 and not resp.context["page"].object_list
    assert reverse("kim:wizard_baru") in html and "Belum ada KIM" in html
    assert "style=" not in html and "<style" not in html


def test_list_requires_sign_in(client):
    assert client.get(KELOLA).status_code == 302


def test_status_filter_and_counts(client, diskominfo_mamuju, kim_tapalang, kim_mamuju):
    bentuk_draf(diskominfo_mamuju, nama="KIM Draf Kantor")
    _masuk(client, diskominfo_mamuju)
    resp = client.get(KELOLA, {"status": "diajukan"})
    assert _nama(resp) == {kim_mamuju.nama}
    assert resp.context["jumlah_status"] == {"aktif": 1, "diajukan": 1, "draf": 1}
    assert resp.context["jumlah_antrean"] == 1
    assert _nama(client.get(KELOLA, {"status": "aktif"})) == {kim_tapalang.nama}
    # An unknown status is ignored rather than an error.
    resp = client.get(KELOLA, {"status": "<script>"})
    assert resp.status_code == 200 and len(_nama(resp)) == 3


def test_list_is_paginated_with_a_constant_query_budget(client, diskominfo_mamuju, django_assert_max_num_queries):
    desa = Wilayah.objects.get(kode=DESA_TAKANDEANG)
    for i in range(5):
        KimFactory(nama=f"KIM Sedikit {i}", desa=desa)
    _masuk(client, diskominfo_mamuju)
    client.get(KELOLA)  # warm the session (MFA check remembered)
    with django_assert_max_num_queries(10):
        assert client.get(KELOLA).status_code == 200
    for i in range(40):
        KimFactory(nama=f"KIM Banyak {i}", desa=desa)
    with django_assert_max_num_queries(10):
        resp = client.get(KELOLA)
    assert len(resp.context["page"].object_list) == 25 and resp.context["page"].paginator.count == 45
    assert "halaman=2" in resp.content.decode()
    assert len(client.get(KELOLA, {"halaman": 2}).context["page"].object_list) == 20


# --- the internal page --------------------------------------------------------------------------
def test_internal_page_shows_members_with_phones_officers_sk_documents_and_history(client, warga, kim_mamuju):
    client.force_login(warga)
    resp = client.get(_detail(kim_mamuju))
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "Anggota Pendiri 1" in html and "141/12/KPTS/2025" in html
    assert "Notulen rapat pembentukan" in html and "Diajukan untuk verifikasi" in html
    for url in _berkas_urls(kim_mamuju):
        assert url in html
    assert "/media/" not in html
    assert "style=" not in html


def test_internal_page_shows_member_phones_that_the_public_profile_hides(
    client, pengurus_kim_tapalang, kim_tapalang,
):
    services.anggota_add(actor=pengurus_kim_tapalang, kim=kim_tapalang, nama="Rahmawati", telepon="0813 5555 6666")
    client.force_login(pengurus_kim_tapalang)
    assert "+6281355556666" in client.get(_detail(kim_tapalang)).content.decode()
    client.logout()
    assert "6666" not in client.get(reverse("kim:profil", args=[kim_tapalang.slug])).content.decode()


def test_sk_expiry_warnings(client, pengurus_kim_tapalang, kim_tapalang):
    hari_ini = timezone.localdate()
    sk = SuratKeputusanFactory(kim=kim_tapalang, tanggal=hari_ini - timedelta(days=1000),
                               berlaku_sampai=hari_ini + timedelta(days=20))
    client.force_login(pengurus_kim_tapalang)
    assert "berakhir dalam 20 hari" in client.get(_detail(kim_tapalang)).content.decode()
    SuratKeputusan.objects.filter(pk=sk.pk).update(berlaku_sampai=hari_ini - timedelta(days=1))
    assert "sudah tidak berlaku" in client.get(_detail(kim_tapalang)).content.decode()


def test_rejection_and_freeze_reasons_are_shown(client, kim_tapalang, diskominfo_mamuju, pengurus_kim_tapalang):
    services.kim_freeze(actor=diskominfo_mamuju, kim=kim_tapalang, alasan="Tidak ada laporan kegiatan setahun")
    client.force_login(pengurus_kim_tapalang)
    assert "Tidak ada laporan kegiatan setahun" in client.get(_detail(kim_tapalang)).content.decode()


def test_internal_page_query_budget(client, warga, kim_mamuju, django_assert_max_num_queries):
    client.force_login(warga)
    client.get(_detail(kim_mamuju))
    with django_assert_max_num_queries(16):
        assert client.get(_detail(kim_mamuju)).status_code == 200
    AnggotaFactory.create_batch(25, kim=kim_mamuju)
    with django_assert_max_num_queries(16):
        assert client.get(_detail(kim_mamuju)).status_code == 200


# --- scope: pages and files ---------------------------------------------------------------------
def test_makassar_gets_404_on_a_mamuju_kims_page_verification_and_files(client, kim_mamuju, diskominfo_makassar):
    _masuk(client, diskominfo_makassar)
    urls = [_detail(kim_mamuju), reverse("kim:verifikasi_tinjau", args=[kim_mamuju.pk]), *_berkas_urls(kim_mamuju)]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("kim:verifikasi_tinjau", args=[kim_mamuju.pk]),
                       {"aksi": "tolak", "tolak-alasan": "Bukan wilayah kami"}).status_code == 404
    kim_mamuju.refresh_from_db()
    assert kim_mamuju.status == StatusKim.DIAJUKAN


def test_province_sees_the_kim_and_its_files_but_cannot_verify(client, kim_mamuju, diskominfo_sulbar):
    _masuk(client, diskominfo_sulbar)
    assert client.get(_detail(kim_mamuju)).status_code == 200
    for url in _berkas_urls(kim_mamuju):
        assert client.get(url).status_code == 200
    assert client.get(reverse("kim:verifikasi")).status_code == 404
    assert client.get(reverse("kim:verifikasi_tinjau", args=[kim_mamuju.pk])).status_code == 404
    assert "Verifikasi" not in client.get(_detail(kim_mamuju)).content.decode().split("<main")[1]


def test_camat_sees_the_kim_and_its_files(client, kim_mamuju, camat_tapalang):
    _masuk(client, camat_tapalang)
    assert client.get(_detail(kim_mamuju)).status_code == 200
    for url in _berkas_urls(kim_mamuju):
        assert client.get(url).status_code == 200
    assert client.get(reverse("kim:wizard", args=[kim_mamuju.pk, 1])).status_code == 404


def test_a_citizen_sees_nothing_internal(client, kim_tapalang, kim_mamuju, pengurus_kim_tapalang):
    SuratKeputusanFactory(kim=kim_tapalang)
    orang = pengurus_kim_tapalang.__class__.objects.create_user(email="orang@contoh.id", password="x", nama="Orang")
    client.force_login(orang)
    assert _nama(client.get(KELOLA)) == set()
    for kim in (kim_tapalang, kim_mamuju):
        assert client.get(_detail(kim)).status_code == 404
        for url in _berkas_urls(kim) if DokumenKim.objects.filter(kim=kim).exists() else []:
            assert client.get(url).status_code == 404
    sk = SuratKeputusan.objects.get(kim=kim_tapalang)
    assert client.get(reverse("kim:berkas_sk", args=[kim_tapalang.pk, sk.pk])).status_code == 404


def test_a_ketua_sees_only_his_kim(client, pengurus_kim_tapalang, kim_tapalang, kim_mamuju, kim_makassar):
    client.force_login(pengurus_kim_tapalang)
    assert _nama(client.get(KELOLA)) == {kim_tapalang.nama}
    assert client.get(_detail(kim_tapalang)).status_code == 200
    for kim in (kim_mamuju, kim_makassar):
        assert client.get(_detail(kim)).status_code == 404
        assert client.get(reverse("kim:wizard", args=[kim.pk, 1])).status_code == 404
    for url in _berkas_urls(kim_mamuju):
        assert client.get(url).status_code == 404


def test_a_file_is_only_served_through_its_own_kim(client, warga, kim_mamuju):
    lain = lengkapi(warga, bentuk_draf(warga, nama="KIM Kedua", desa=DESA_MAKASSAR))
    sk_lain = SuratKeputusan.objects.get(kim=lain)
    client.force_login(warga)
    assert client.get(reverse("kim:berkas_sk", args=[kim_mamuju.pk, sk_lain.pk])).status_code == 404
    assert client.get(reverse("kim:berkas_sk", args=[kim_mamuju.pk, 999999])).status_code == 404


def test_files_are_served_with_their_real_type_and_no_caching(client, warga, kim_mamuju):
    client.force_login(warga)
    sk_url, _dok = _berkas_urls(kim_mamuju)
    resp = client.get(sk_url)
    assert resp.status_code == 200
    assert resp["Content-Type"] == "application/pdf"
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in resp["Cache-Control"]
    assert 'filename="SK-kim-tapalang-sehati-orobatu-' in resp["Content-Disposition"]
    assert b"".join(resp.streaming_content).startswith(b"%PDF-")
    hadir = DokumenKim.objects.get(kim=kim_mamuju, jenis="daftar_hadir")
    resp = client.get(reverse("kim:berkas_dokumen", args=[kim_mamuju.pk, hadir.pk]))
    assert resp["Content-Type"] == "image/jpeg" and b"".join(resp.streaming_content) == JPEG


def test_files_require_sign_in(client, kim_mamuju):
    for url in _berkas_urls(kim_mamuju):
        resp = client.get(url)
        assert resp.status_code == 302 and "/akun/" in resp.url
