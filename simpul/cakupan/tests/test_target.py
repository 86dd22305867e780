"""Targets: set by an office for its own subtree, with history and an audit trail."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from simpul.akun.testing import login_dengan_mfa
from simpul.cakupan import services
from simpul.cakupan.models import JenisTarget, Target, TargetEvent
from simpul.core.errors import Conflict, NotFound, ValidationError

pytestmark = pytest.mark.django_db

KIM_PER_DESA = JenisTarget.KIM_PER_DESA
MANDIRI = JenisTarget.MANDIRI_PER_KECAMATAN


def _hari(n: int):
    return timezone.localdate() + timedelta(days=n)


def _html(resp) -> str:
    return resp.content.decode()


# --- services ------------------------------------------------------------------------------------

def test_office_sets_a_target_for_its_own_region_and_it_is_audited(diskominfo_mamuju):
    t = services.target_set(actor=diskominfo_mamuju, wilayah_kode="76.02", jenis=KIM_PER_DESA,
                            tenggat=_hari(100), catatan="  Renstra   2025-2029 ")

    assert (t.wilayah_id, t.jenis, t.tenggat, t.aktif) == ("76.02", KIM_PER_DESA, _hari(100), True)
    assert t.catatan == "Renstra 2025-2029"
    assert t.dibuat_oleh == diskominfo_mamuju
    e = TargetEvent.objects.get(target=t)
    assert (e.jenis, e.aktor) == (TargetEvent.Jenis.DITETAPKAN, diskominfo_mamuju)
    assert e.data["tenggat"] == _hari(100).isoformat()


def test_office_sets_a_target_on_a_kecamatan_below_it(diskominfo_mamuju):
    t = services.target_set(actor=diskominfo_mamuju, wilayah_kode="76.02.02", jenis=MANDIRI, tenggat=_hari(5))
    assert t.wilayah_id == "76.02.02"


def test_a_new_target_replaces_the_active_one_and_keeps_history(diskominfo_mamuju, diskominfo_sulbar):
    lama = services.target_set(actor=diskominfo_mamuju, wilayah_kode="76.02", jenis=KIM_PER_DESA,
                               tenggat=_hari(100))
    lain = services.target_set(actor=diskominfo_mamuju, wilayah_kode="76.02", jenis=MANDIRI, tenggat=_hari(300))
    baru = services.target_set(actor=diskominfo_sulbar, wilayah_kode="76.02", jenis=KIM_PER_DESA,
                               tenggat=_hari(50))

    lama.refresh_from_db()
    lain.refresh_from_db()
    assert not lama.aktif and baru.aktif and lain.aktif
    assert Target.objects.filter(wilayah_id="76.02", jenis=KIM_PER_DESA).count() == 2
    assert list(Target.objects.filter(wilayah_id="76.02", jenis=KIM_PER_DESA, aktif=True)) == [baru]
    diganti = TargetEvent.objects.get(target=lama, jenis=TargetEvent.Jenis.DIGANTI)
    assert diganti.aktor == diskominfo_sulbar and diganti.data["diganti_oleh"] == baru.pk
    ditetapkan = TargetEvent.objects.get(target=baru)
    assert ditetapkan.data["menggantikan"] == lama.pk
    assert ditetapkan.data["tenggat_lama"] == _hari(100).isoformat()


def test_region_outside_the_subtree_is_refused_with_a_clear_message(diskominfo_makassar):
    with pytest.raises(ValidationError) as exc:
        services.target_set(actor=diskominfo_makassar, wilayah_kode="76.02", jenis=KIM_PER_DESA,
                            tenggat=_hari(30))
    assert exc.value.field == "wilayah"
    assert exc.value.message == ("Kabupaten Mamuju (76.02) berada di luar wilayah kewenangan Anda. Anda hanya "
                                 "dapat menetapkan target untuk wilayah Anda sendiri dan wilayah di bawahnya.")
    assert not Target.objects.exists()


def test_a_kabupaten_office_cannot_set_a_target_on_its_province(diskominfo_mamuju):
    with pytest.raises(ValidationError, match="di luar wilayah kewenangan"):
        services.target_set(actor=diskominfo_mamuju, wilayah_kode="76", jenis=KIM_PER_DESA, tenggat=_hari(30))


def test_national_targets_are_komdigi_only(komdigi, diskominfo_sulbar):
    with pytest.raises(ValidationError, match="Target nasional hanya dapat ditetapkan oleh Komdigi"):
        services.target_set(actor=diskominfo_sulbar, wilayah_kode=None, jenis=KIM_PER_DESA, tenggat=_hari(30))
    t = services.target_set(actor=komdigi, wilayah_kode="", jenis=KIM_PER_DESA, tenggat=_hari(30))
    assert t.wilayah is None
    baru = services.target_set(actor=komdigi, wilayah_kode=None, jenis=KIM_PER_DESA, tenggat=_hari(60))
    t.refresh_from_db()
    assert not t.aktif and baru.aktif
    assert Target.objects.filter(wilayah__isnull=True, aktif=True).count() == 1


def test_komdigi_may_set_a_target_anywhere(komdigi):
    assert services.target_set(actor=komdigi, wilayah_kode="73.71", jenis=MANDIRI, tenggat=_hari(1)).pk


def test_past_deadline_is_refused_and_today_is_allowed(diskominfo_mamuju):
    with pytest.raises(ValidationError) as exc:
        services.target_set(actor=diskominfo_mamuju, wilayah_kode="76.02", jenis=KIM_PER_DESA, tenggat=_hari(-1))
    assert exc.value.field == "tenggat"
    assert "sudah lewat" in exc.value.message
    assert services.target_set(actor=diskominfo_mamuju, wilayah_kode="76.02", jenis=KIM_PER_DESA,
                               tenggat=_hari(0)).tenggat == timezone.localdate()


@pytest.mark.parametrize("kode", ["99", "76.99", "76.0x", "7602"])
def test_unknown_region_is_refused(diskominfo_mamuju, kode):
    with pytest.raises(ValidationError, match="tidak dikenal") as exc:
        services.target_set(actor=diskominfo_mamuju, wilayah_kode=kode, jenis=KIM_PER_DESA, tenggat=_hari(3))
    assert exc.value.field == "wilayah"


def test_a_single_desa_cannot_carry_a_target(diskominfo_mamuju):
    with pytest.raises(ValidationError, match="bukan untuk satu desa"):
        services.target_set(actor=diskominfo_mamuju, wilayah_kode="76.02.02.2003", jenis=KIM_PER_DESA,
                            tenggat=_hari(3))


def test_roles_without_target_rights_are_refused(camat_tapalang, warga):
    for actor in (camat_tapalang, warga):
        with pytest.raises(ValidationError, match="di luar wilayah kewenangan"):
            services.target_set(actor=actor, wilayah_kode="76.02.02", jenis=KIM_PER_DESA, tenggat=_hari(3))


def test_unknown_kind_and_long_note_are_refused(diskominfo_mamuju):
    with pytest.raises(ValidationError) as exc:
        services.target_set(actor=diskominfo_mamuju, wilayah_kode="76.02", jenis="lain", tenggat=_hari(3))
    assert exc.value.field == "jenis"
    with pytest.raises(ValidationError) as exc:
        services.target_set(actor=diskominfo_mamuju, wilayah_kode="76.02", jenis=KIM_PER_DESA, tenggat=_hari(3),
                            catatan="x" * 301)
    assert exc.value.field == "catatan"


def test_deactivate_in_reach_keeps_the_row_and_audits(diskominfo_mamuju, diskominfo_sulbar):
    t = services.target_set(actor=diskominfo_mamuju, wilayah_kode="76.02", jenis=KIM_PER_DESA, tenggat=_hari(9))
    services.target_deactivate(actor=diskominfo_sulbar, target=t, alasan="Diganti rencana provinsi")

    t.refresh_from_db()
    assert not t.aktif
    e = TargetEvent.objects.get(target=t, jenis=TargetEvent.Jenis.DINONAKTIFKAN)
    assert (e.aktor, e.alasan) == (diskominfo_sulbar, "Diganti rencana provinsi")
    with pytest.raises(Conflict):
        services.target_deactivate(actor=diskominfo_mamuju, target=t)


def test_deactivate_outside_reach_is_not_found(diskominfo_mamuju, diskominfo_makassar):
    t = services.target_set(actor=diskominfo_mamuju, wilayah_kode="76.02", jenis=KIM_PER_DESA, tenggat=_hari(9))
    with pytest.raises(NotFound):
        services.target_deactivate(actor=diskominfo_makassar, target=t)
    t.refresh_from_db()
    assert t.aktif


# --- pages ---------------------------------------------------------------------------------------

@pytest.fixture
def target_semua(komdigi, diskominfo_sulbar, diskominfo_mamuju, diskominfo_makassar):
    return {
        "nasional": services.target_set(actor=komdigi, wilayah_kode=None, jenis=KIM_PER_DESA, tenggat=_hari(400)),
        "sulbar": services.target_set(actor=diskominfo_sulbar, wilayah_kode="76", jenis=KIM_PER_DESA,
                                      tenggat=_hari(200)),
        "mamuju": services.target_set(actor=diskominfo_mamuju, wilayah_kode="76.02", jenis=KIM_PER_DESA,
                                      tenggat=_hari(100)),
        "tapalang": services.target_set(actor=diskominfo_mamuju, wilayah_kode="76.02.02", jenis=MANDIRI,
                                        tenggat=_hari(50)),
        "makassar": services.target_set(actor=diskominfo_makassar, wilayah_kode="73.71", jenis=KIM_PER_DESA,
                                        tenggat=_hari(30)),
    }


def test_target_list_shows_exactly_the_officers_subtree(client, target_semua, diskominfo_mamuju,
                                                        diskominfo_sulbar, komdigi):
    harapan = {
        diskominfo_mamuju: {"mamuju", "tapalang"},
        diskominfo_sulbar: {"sulbar", "mamuju", "tapalang"},
        komdigi: set(target_semua),
    }
    for user, nama in harapan.items():
        login_dengan_mfa(client, user)
        resp = client.get("/cakupan/target/")
        assert resp.status_code == 200
        assert {t.pk for t in resp.context["page"]} == {target_semua[n].pk for n in nama}
        client.logout()


def test_target_list_with_history_shows_inactive_rows(client, diskominfo_mamuju):
    lama = services.target_set(actor=diskominfo_mamuju, wilayah_kode="76.02", jenis=KIM_PER_DESA, tenggat=_hari(9))
    services.target_set(actor=diskominfo_mamuju, wilayah_kode="76.02", jenis=KIM_PER_DESA, tenggat=_hari(19))
    login_dengan_mfa(client, diskominfo_mamuju)

    assert lama not in client.get("/cakupan/target/").context["page"].object_list
    resp = client.get("/cakupan/target/?riwayat=1")
    assert lama in resp.context["page"].object_list
    assert "Tidak aktif" in _html(resp)


def test_target_pages_need_sign_in_and_target_rights(client, camat_tapalang, target_semua):
    for url in ("/cakupan/target/", "/cakupan/target/baru/", f"/cakupan/target/{target_semua['mamuju'].pk}/"):
        resp = client.get(url)
        assert resp.status_code == 302 and "/akun/" in resp.url
    login_dengan_mfa(client, camat_tapalang)
    for url in ("/cakupan/target/", "/cakupan/target/baru/", f"/cakupan/target/{target_semua['mamuju'].pk}/"):
        assert client.get(url).status_code == 404


def test_target_of_another_subtree_is_404(client, diskominfo_makassar, target_semua):
    login_dengan_mfa(client, diskominfo_makassar)
    assert client.get(f"/cakupan/target/{target_semua['makassar'].pk}/").status_code == 200
    for nama in ("mamuju", "sulbar", "nasional"):
        assert client.get(f"/cakupan/target/{target_semua[nama].pk}/").status_code == 404
        resp = client.post(f"/cakupan/target/{target_semua[nama].pk}/nonaktifkan/", {"alasan": ""})
        assert resp.status_code == 404
    assert client.get("/cakupan/target/999999/").status_code == 404
    assert Target.objects.filter(aktif=True).count() == 5


def test_target_detail_shows_the_audit_trail(client, diskominfo_mamuju, diskominfo_sulbar):
    services.target_set(actor=diskominfo_mamuju, wilayah_kode="76.02", jenis=KIM_PER_DESA, tenggat=_hari(9))
    baru = services.target_set(actor=diskominfo_sulbar, wilayah_kode="76.02", jenis=KIM_PER_DESA,
                               tenggat=_hari(19))
    login_dengan_mfa(client, diskominfo_mamuju)

    html = _html(client.get(f"/cakupan/target/{baru.pk}/"))

    assert "Diskominfo Mamuju" in html and "Diskominfo Sulbar" in html
    assert "Target diganti oleh target baru" in html
    assert html.count("Target ditetapkan") == 2


def test_form_sets_a_target_and_redirects_to_it(client, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    form = client.get("/cakupan/target/baru/")
    assert 'value="76.02"' in _html(form)  # starts from the officer's own region

    resp = client.post("/cakupan/target/baru/", {"wilayah": "76.02.02", "jenis": KIM_PER_DESA,
                                                 "tenggat": _hari(60).isoformat(), "catatan": "SK 12/2026"})

    t = Target.objects.get()
    assert resp.status_code == 302 and resp.url == f"/cakupan/target/{t.pk}/"
    assert (t.wilayah_id, t.tenggat, t.catatan, t.dibuat_oleh) == ("76.02.02", _hari(60), "SK 12/2026",
                                                                   diskominfo_mamuju)
    assert "Target disimpan." in _html(client.get(resp.url))


def test_form_prefills_region_and_kind_from_the_query(client, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    html = _html(client.get(f"/cakupan/target/baru/?wilayah=76.02.02&jenis={MANDIRI}"))
    assert 'value="76.02.02"' in html
    assert re.search(rf'value="{MANDIRI}"[^>]* checked>', html)


def _form_galat(client, data):
    resp = client.post("/cakupan/target/baru/", data)
    assert resp.status_code == 200
    assert not Target.objects.exists()
    return _html(resp)


def test_form_region_outside_the_subtree_gets_a_clear_message_and_keeps_input(client, diskominfo_makassar):
    login_dengan_mfa(client, diskominfo_makassar)
    tenggat = _hari(60).isoformat()
    html = _form_galat(client, {"wilayah": "76.02", "jenis": KIM_PER_DESA, "tenggat": tenggat,
                                "catatan": "Catatan saya"})
    assert "Kabupaten Mamuju (76.02) berada di luar wilayah kewenangan Anda." in html
    assert 'value="76.02"' in html and f'value="{tenggat}"' in html and 'value="Catatan saya"' in html
    assert re.search(rf'value="{KIM_PER_DESA}"[^>]* checked>', html)


def test_form_past_deadline_gets_a_clear_message_and_keeps_input(client, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    lalu = _hari(-10)
    html = _form_galat(client, {"wilayah": "76.02", "jenis": MANDIRI, "tenggat": lalu.isoformat()})
    assert "sudah lewat. Pilih tanggal hari ini atau sesudahnya." in html
    assert f'value="{lalu.isoformat()}"' in html and 'value="76.02"' in html


@pytest.mark.parametrize(("kode", "pesan"), [
    ("76.99", "Kode wilayah tidak dikenal: 76.99."),
    ("76.0x", "Tidak ada provinsi, kabupaten/kota atau kecamatan bernama “76.0x”."),
    ("76.02.02.2003", "Pilih provinsi, kabupaten/kota atau kecamatan, bukan desa."),
])
def test_form_unknown_region_gets_a_clear_message_and_keeps_input(client, diskominfo_mamuju, kode, pesan):
    login_dengan_mfa(client, diskominfo_mamuju)
    html = _form_galat(client, {"wilayah": kode, "jenis": KIM_PER_DESA, "tenggat": _hari(5).isoformat()})
    assert pesan in html
    assert f'value="{kode}"' in html


def test_form_accepts_a_region_typed_by_name(client, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.post("/cakupan/target/baru/", {"wilayah": "Tapalang", "jenis": MANDIRI,
                                                 "tenggat": _hari(30).isoformat()})
    assert resp.status_code == 302
    assert Target.objects.get().wilayah_id == "76.02.02"


def test_form_missing_fields_get_messages(client, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    html = _form_galat(client, {"wilayah": "76.02", "tenggat": "bukan tanggal"})
    assert html.count('class="errorlist') >= 2
    assert 'value="bukan tanggal"' in html


def test_deactivate_through_the_page(client, diskominfo_mamuju):
    t = services.target_set(actor=diskominfo_mamuju, wilayah_kode="76.02", jenis=KIM_PER_DESA, tenggat=_hari(9))
    login_dengan_mfa(client, diskominfo_mamuju)

    resp = client.post(f"/cakupan/target/{t.pk}/nonaktifkan/", {"alasan": "Salah tanggal"})

    assert resp.status_code == 302 and resp.url == "/cakupan/target/"
    t.refresh_from_db()
    assert not t.aktif
    resp = client.post(f"/cakupan/target/{t.pk}/nonaktifkan/", {"alasan": ""})
    assert resp.status_code == 400 and "sudah tidak aktif" in _html(resp)


def test_target_forms_require_csrf(diskominfo_mamuju):
    client = Client(enforce_csrf_checks=True)
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.post("/cakupan/target/baru/", {"wilayah": "76.02", "jenis": KIM_PER_DESA,
                                                 "tenggat": _hari(5).isoformat()})
    assert resp.status_code == 403
    assert not Target.objects.exists()


def test_target_pages_stay_within_their_query_budget(client, diskominfo_sulbar, target_semua,
                                                    django_assert_max_num_queries):
    login_dengan_mfa(client, diskominfo_sulbar)
    client.get("/cakupan/target/")  # the session's MFA mark is saved once
    with django_assert_max_num_queries(9):
        assert client.get("/cakupan/target/?riwayat=1").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/cakupan/target/baru/").status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(f"/cakupan/target/{target_semua['mamuju'].pk}/").status_code == 200


def test_form_empty_region_is_national_for_komdigi_only(client, komdigi, diskominfo_sulbar):
    data = {"wilayah": "", "jenis": KIM_PER_DESA, "tenggat": _hari(365).isoformat()}
    login_dengan_mfa(client, diskominfo_sulbar)
    html = _form_galat(client, data)
    assert "Target nasional hanya dapat ditetapkan oleh Komdigi." in html
    client.logout()
    login_dengan_mfa(client, komdigi)
    assert 'name="wilayah" value=' not in _html(client.get("/cakupan/target/baru/"))  # starts empty
    assert client.post("/cakupan/target/baru/", data).status_code == 302
    assert Target.objects.get().wilayah is None
