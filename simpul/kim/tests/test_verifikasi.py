"""Diskominfo kab/kota's verification queue (/kim/kelola/verifikasi/) and review page: checklist,
approve / reject with reason / ask for revision with a note; freeze and unfreeze active KIMs."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.akun.testing import login_dengan_mfa
from simpul.core.testing.factories import UserFactory
from simpul.kim import services
from simpul.kim.models import Kim, KimEvent, StatusKim
from simpul.notifikasi.models import Notifikasi

from .test_services_bantuan import DESA_MAKASSAR, DESA_TAKANDEANG, bentuk_draf, diajukan

pytestmark = pytest.mark.django_db
ANTREAN = reverse("kim:verifikasi")
SEMUA = [k for k, _l in services.CHECKLIST_VERIFIKASI]


def _tinjau(kim):
    return reverse("kim:verifikasi_tinjau", args=[kim.pk])


def _html(resp) -> str:
    return resp.content.decode()


@pytest.fixture
def antre(warga):
    """Three submitted KIMs in Mamuju (submitted 10, 3 and 0 days ago), one in Makassar, one draft."""
    sekarang = timezone.now()
    lama = diajukan(warga, nama="KIM Terlama")
    tengah = diajukan(UserFactory(), nama="KIM Tengah", desa=DESA_TAKANDEANG)
    baru = diajukan(UserFactory(), nama="KIM Terbaru")
    Kim.objects.filter(pk=lama.pk).update(diajukan_pada=sekarang - timedelta(days=10))
    Kim.objects.filter(pk=tengah.pk).update(diajukan_pada=sekarang - timedelta(days=3))
    diajukan(UserFactory(), nama="KIM Pantai Losari", desa=DESA_MAKASSAR)
    bentuk_draf(UserFactory(), nama="KIM Masih Draf")
    return lama, tengah, baru


def test_queue_lists_submitted_kims_of_the_subtree_oldest_first_with_waiting_days(
    client, diskominfo_mamuju, antre, kim_tapalang,
):
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.get(ANTREAN)
    assert resp.status_code == 200
    page = list(resp.context["page"])
    assert [k.nama for k in page] == ["KIM Terlama", "KIM Tengah", "KIM Terbaru"]
    assert [k.hari_menunggu for k in page] == [10, 3, 0]
    html = _html(resp)
    assert "10 hari" in html and _tinjau(antre[0]) in html and "style=" not in html


def test_each_kab_office_sees_only_its_own_queue(client, diskominfo_makassar, antre):
    login_dengan_mfa(client, diskominfo_makassar)
    assert [k.nama for k in client.get(ANTREAN).context["page"]] == ["KIM Pantai Losari"]
    assert client.get(_tinjau(antre[0])).status_code == 404


@pytest.mark.parametrize("persona", ["diskominfo_sulbar", "komdigi", "camat_tapalang", "operator_desa_orobatu",
                                     "pengurus_kim_tapalang", "warga"])
def test_only_kab_offices_have_a_queue(client, request, persona, antre):
    user = request.getfixturevalue(persona)
    login_dengan_mfa(client, user)
    assert client.get(ANTREAN).status_code == 404
    assert client.get(_tinjau(antre[0])).status_code == 404
    resp = client.post(_tinjau(antre[0]), {"aksi": "setujui", "setujui-checklist": SEMUA})
    assert resp.status_code == 404
    antre[0].refresh_from_db()
    assert antre[0].status == StatusKim.DIAJUKAN


def test_queue_query_budget(client, diskominfo_mamuju, antre, django_assert_max_num_queries):
    login_dengan_mfa(client, diskominfo_mamuju)
    client.get(ANTREAN)
    with django_assert_max_num_queries(8):
        assert client.get(ANTREAN).status_code == 200


def test_review_page_shows_the_checklist_with_automatic_hints_and_duplicates(client, diskominfo_mamuju, antre):
    lama, _tengah, baru = antre
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.get(_tinjau(lama))
    html = _html(resp)
    assert resp.status_code == 200
    for _kode, label in services.CHECKLIST_VERIFIKASI:
        assert str(label) in html
    assert "Semua persyaratan tercatat lengkap" in html
    assert "KIM Terbaru" in html and "ada KIM lain di desa ini" in html  # same desa: a possible duplicate
    assert "menunggu 10 hari" in html
    assert reverse("kim:berkas_sk", args=[lama.pk, lama.sk.get().pk]) in html
    assert "style=" not in html


def test_approve_needs_every_item_ticked_and_keeps_the_ticks(client, diskominfo_mamuju, antre, warga):
    lama = antre[0]
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.post(_tinjau(lama), {"aksi": "setujui", "setujui-checklist": SEMUA[:3]})
    html = _html(resp)
    assert resp.status_code == 400 and "Centang semua butir" in html
    assert html.count("checked") == 3
    lama.refresh_from_db()
    assert lama.status == StatusKim.DIAJUKAN

    resp = client.post(_tinjau(lama), {"aksi": "setujui", "setujui-checklist": SEMUA})
    assert resp.status_code == 302 and resp.url == ANTREAN
    lama.refresh_from_db()
    assert lama.status == StatusKim.AKTIF and lama.aktif_sejak is not None
    assert Notifikasi.objects.filter(user=warga, judul__contains="disetujui").exists()
    assert [k.nama for k in client.get(ANTREAN).context["page"]] == ["KIM Tengah", "KIM Terbaru"]
    # The public directory now lists it.
    client.logout()
    assert client.get(reverse("kim:profil", args=[lama.slug])).status_code == 200


def test_ask_for_revision_needs_a_note(client, diskominfo_mamuju, antre, warga):
    lama = antre[0]
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.post(_tinjau(lama), {"aksi": "revisi", "revisi-catatan": ""})
    assert resp.status_code == 400 and "Tuliskan apa yang perlu diperbaiki" in _html(resp)
    resp = client.post(_tinjau(lama), {"aksi": "revisi", "revisi-catatan": "Foto daftar hadir buram."})
    assert resp.status_code == 302
    lama.refresh_from_db()
    assert lama.status == StatusKim.PERLU_REVISI
    ev = KimEvent.objects.filter(kim=lama).first()
    assert ev.jenis == KimEvent.Jenis.REVISI_DIMINTA and ev.aktor == diskominfo_mamuju


def test_reject_needs_a_reason_and_keeps_the_typed_text(client, diskominfo_mamuju, antre):
    lama = antre[0]
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.post(_tinjau(lama), {"aksi": "tolak", "tolak-alasan": "Ok"})
    assert resp.status_code == 400 and "alasan penolakan" in _html(resp) and "\nOk</textarea>" in _html(resp)
    resp = client.post(_tinjau(lama), {"aksi": "tolak", "tolak-alasan": "Sudah ada KIM lain yang sama."})
    assert resp.status_code == 302
    lama.refresh_from_db()
    assert lama.status == StatusKim.DITOLAK


def test_freeze_and_unfreeze_an_active_kim(client, diskominfo_mamuju, kim_tapalang, pengurus_kim_tapalang):
    login_dengan_mfa(client, diskominfo_mamuju)
    html = _html(client.get(_tinjau(kim_tapalang)))
    assert "Bekukan" in html and "Setujui dan aktifkan" not in html
    resp = client.post(_tinjau(kim_tapalang), {"aksi": "bekukan", "bekukan-alasan": ""})
    assert resp.status_code == 400 and "alasan pembekuan" in _html(resp)
    resp = client.post(_tinjau(kim_tapalang), {"aksi": "bekukan", "bekukan-alasan": "Tidak ada kegiatan setahun."})
    assert resp.status_code == 302 and resp.url == reverse("kim:kelola_detail", args=[kim_tapalang.pk])
    kim_tapalang.refresh_from_db()
    assert kim_tapalang.status == StatusKim.DIBEKUKAN
    resp = client.post(_tinjau(kim_tapalang), {"aksi": "aktifkan", "aktifkan-alasan": "Kegiatan sudah berjalan."})
    kim_tapalang.refresh_from_db()
    assert resp.status_code == 302 and kim_tapalang.status == StatusKim.AKTIF


def test_an_action_that_does_not_fit_the_status_changes_nothing(client, diskominfo_mamuju, kim_tapalang):
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.post(_tinjau(kim_tapalang), {"aksi": "setujui", "setujui-checklist": SEMUA}, follow=True)
    assert "tidak berlaku untuk KIM berstatus aktif" in _html(resp)
    resp = client.post(_tinjau(kim_tapalang), {"aksi": "hapus"}, follow=True)
    assert resp.status_code == 200
    kim_tapalang.refresh_from_db()
    assert kim_tapalang.status == StatusKim.AKTIF


def test_review_page_of_a_draft_offers_no_action(client, diskominfo_mamuju, warga):
    draf = bentuk_draf(warga)
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.get(_tinjau(draf))
    assert resp.status_code == 200 and "Tidak ada tindakan verifikasi" in _html(resp)
