"""Public coverage pages: figures, ranking, targets, chart, map, breadcrumb, size, queries."""

import gzip
import re
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from simpul.akun.testing import login_dengan_mfa
from simpul.cakupan.models import JenisTarget
from simpul.wilayah.models import Tingkat, Wilayah

pytestmark = pytest.mark.django_db

OROBATU = "76.02.02.2003"
TAKANDEANG = "76.02.02.2006"
TAPALANG = "76.02.02"
MAMUJU = "76.02"
HALAMAN = ["/cakupan/", "/cakupan/76/", "/cakupan/76.02/", "/cakupan/76.02.02/"]


def _html(resp) -> str:
    return resp.content.decode()


def _berat_halaman(html: str) -> int:
    """Compressed bytes of the page and every stylesheet and script it loads at first."""
    total = len(gzip.compress(html.encode(), 6))
    for url in re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html):
        path = finders.find(url)
        assert path, url
        with open(path, "rb") as f:
            total += len(gzip.compress(f.read(), 6))
    return total


@pytest.mark.parametrize("url", HALAMAN)
def test_every_level_has_a_public_page_with_figures_chart_and_map(client, kim_tapalang, url):
    resp = client.get(url)

    assert resp.status_code == 200
    html = _html(resp)
    assert "Cakupan KIM" in html
    assert "Desa/kelurahan dengan KIM aktif" in html
    assert "Kecamatan dengan KIM mandiri" in html
    assert html.count('role="img"') == 2  # the bar chart and the map
    assert re.search(r'<svg class="grafik" role="img"[^>]*aria-labelledby="(\w+) (\w+)"', html)
    assert re.search(r'<svg class="peta-svg" role="img"', html)
    assert "<title id=" in html and "<desc id=" in html
    assert 'class="breadcrumb"' in html


def test_pages_obey_the_strict_csp_and_load_leaflet_only_on_demand(client, kim_tapalang, settings):
    settings.SIMPUL_MAP_TILE_URL = "https://tile.contoh.id/{z}/{x}/{y}.png"
    html = _html(client.get("/cakupan/76.02/"))

    assert " style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline scripts
    assert re.search(r'<script src="/static/js/peta.js" defer nonce="[^"]+"', html)
    assert "leaflet" not in re.sub(r'data-leaflet-(js|css)="[^"]+"', "", html)
    assert 'data-tile-url="https://tile.contoh.id/{z}/{x}/{y}.png"' in html
    assert 'data-titik="/cakupan/76.02/titik.json"' in html
    assert re.search(r'<button type="button"[^>]*id="tombol-peta" hidden>Peta interaktif</button>', html)


def test_empty_tile_setting_leaves_an_empty_data_attribute(client, settings):
    settings.SIMPUL_MAP_TILE_URL = ""
    assert 'data-tile-url=""' in _html(client.get("/cakupan/"))


def test_page_shows_headline_figures(client, kim):
    kim(OROBATU, mandiri=True)
    kim(OROBATU, mandiri=False)
    kim(TAKANDEANG, status="draf")

    resp = client.get("/cakupan/76.02.02/")

    a = resp.context["a"]
    assert (a.desa, a.desa_tercakup, a.kim_aktif, a.kim_mandiri) == (10, 1, 2, 1)
    html = _html(resp)
    assert "10,0%" in html  # Indonesian decimal comma
    assert "1 dari 10" in html


def test_children_table_is_ranked_furthest_behind_first(client, kim):
    for desa in Wilayah.objects.filter(kode__startswith="76.02.01.", tingkat=Tingkat.DESA):
        kim(desa.kode)
    kim(OROBATU)

    resp = client.get("/cakupan/76.02/")

    anak = resp.context["c"].anak
    assert len(anak) == 11
    assert anak[-1].kode == "76.02.01" and anak[-2].kode == TAPALANG
    html = _html(resp)
    urutan = [m.group(1) for m in re.finditer(r'<td><a href="/cakupan/(76\.02\.\d\d)/">', html)]
    assert urutan == [b.kode for b in anak]
    # the chart draws the same order, labels as text
    grafik = html[html.index('<svg class="grafik"'):]
    label = re.findall(r'<text x="0" y="\d+">([^<]+)</text>', grafik[:grafik.index("</svg>")])
    assert label == [b.wilayah.nama for b in anak]


def test_targets_show_days_left_or_days_past(client, target, kim):
    kim(OROBATU)
    target(MAMUJU, hari=12)
    target("76", jenis=JenisTarget.MANDIRI_PER_KECAMATAN, hari=-5)

    html = _html(client.get("/cakupan/76.02.02/"))

    assert "12 hari lagi" in html
    assert "lewat 5 hari" in html
    assert "Berlaku dari target Kabupaten Mamuju" in html
    assert "masih 9 desa/kelurahan tanpa KIM aktif" in html
    assert "Target tercapai" in html  # Orobatu's KIM is mandiri: Tapalang has its KIM mandiri


def test_target_due_today_says_so(client, target):
    target(MAMUJU, hari=0)
    assert "hari ini" in _html(client.get("/cakupan/76.02/"))


def test_national_page_without_targets_says_so(client):
    assert "Belum ada target yang berlaku" in _html(client.get("/cakupan/"))


def test_desa_code_redirects_to_its_kecamatan_with_the_desa_highlighted(client, kim_tapalang):
    resp = client.get(f"/cakupan/{OROBATU}/")
    assert resp.status_code == 302
    assert resp.url == f"/cakupan/76.02.02/?desa={OROBATU}#desa-{OROBATU}"

    html = _html(client.get(resp.url))
    assert f'<tr id="desa-{OROBATU}" class="sorot" aria-current="true">' in html
    assert 'font-weight="bold">Orobatu</text>' in html  # labelled on the map


def test_kecamatan_page_lists_its_desa_with_their_kims(client, kim_tapalang):
    html = _html(client.get("/cakupan/76.02.02/"))
    assert f'href="/kim/?wilayah={OROBATU}">Orobatu</a>' in html
    assert "Takandeang <span class=\"status status-belum\">belum ada KIM</span>" in html


@pytest.mark.parametrize("url", ["/cakupan/99/", "/cakupan/76.99/", "/cakupan/76.02.02.9999/",
                                 "/cakupan/76.0x/", "/cakupan/76.02.02.2003.1/", "/cakupan/99/titik.json",
                                 "/cakupan/99/tanpa-kim/", "/cakupan/99/tanpa-kim.csv"])
def test_unknown_region_code_is_404(client, url):
    assert client.get(url).status_code == 404


def test_inactive_region_is_404(client):
    Wilayah.objects.filter(kode="76.05").update(aktif=False)
    assert client.get("/cakupan/76.05/").status_code == 404


def test_officer_sees_a_link_to_set_a_target_for_a_region_in_reach(client, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    assert "/cakupan/target/baru/?wilayah=76.02.02" in _html(client.get("/cakupan/76.02.02/"))
    assert "/cakupan/target/baru/" not in _html(client.get("/cakupan/76/"))
    assert "/cakupan/target/baru/" not in _html(client.get("/cakupan/"))


def test_visitors_see_no_target_link(client):
    assert "/cakupan/target/baru/" not in _html(client.get("/cakupan/76.02/"))


# --- map JSON ------------------------------------------------------------------------------------

def test_map_json_lists_desa_points_for_a_kabupaten(client, kim_tapalang):
    resp = client.get("/cakupan/76.02/titik.json")

    assert resp.status_code == 200 and resp["Content-Type"] == "application/json"
    data = resp.json()
    assert data["wilayah"] == {"kode": "76.02", "nama": "Kabupaten Mamuju"}
    assert data["tingkat"] == Tingkat.DESA
    titik = {t["kode"]: t for t in data["titik"]}
    punya_koordinat = Wilayah.objects.filter(kode__startswith="76.02.", tingkat=4, lat__isnull=False).count()
    assert len(titik) == punya_koordinat
    orobatu = titik[OROBATU]
    assert orobatu["kelas"] == "ya" and orobatu["kim_aktif"] == 1
    assert orobatu["url"] == f"/kim/?wilayah={OROBATU}"
    assert titik[TAKANDEANG]["kelas"] == "tidak"
    assert {"lat", "lng", "nama", "warna"} <= set(orobatu)
    assert {la["kelas"] for la in data["lapisan"]} == {"ya", "tidak"}


def test_map_json_aggregates_kabkota_nationally_and_kecamatan_for_a_province(client, kim_tapalang):
    nasional = client.get("/cakupan/titik.json").json()
    assert nasional["wilayah"] is None and nasional["tingkat"] == Tingkat.KABKOTA
    mamuju = next(t for t in nasional["titik"] if t["kode"] == MAMUJU)
    assert (mamuju["desa"], mamuju["desa_tercakup"]) == (101, 1)
    assert mamuju["url"] == "/cakupan/76.02/"
    prov = client.get("/cakupan/76/titik.json").json()
    assert prov["tingkat"] == Tingkat.KECAMATAN
    assert next(t for t in prov["titik"] if t["kode"] == TAPALANG)["persen"] == 10.0


def test_map_json_of_unknown_region_is_a_json_404(client):
    resp = client.get("/cakupan/76.99/titik.json")
    assert resp.status_code == 404
    assert resp.json() == {"detail": "Wilayah tidak ditemukan."}


# --- size and queries ----------------------------------------------------------------------------

@pytest.mark.parametrize("url", HALAMAN)
def test_page_weighs_under_60_kb_compressed(client, kim_tapalang, url):
    assert _berat_halaman(_html(client.get(url))) <= 60 * 1024


@pytest.mark.parametrize("url", HALAMAN + ["/cakupan/76.02.02/?desa=76.02.02.2003"])
def test_pages_stay_within_their_query_budget(client, kim, django_assert_max_num_queries, target, url):
    for desa in Wilayah.objects.filter(kode__startswith="76.02.", tingkat=Tingkat.DESA)[:30]:
        kim(desa.kode)
    kim("73.71.01.1001")
    target(None)
    target(MAMUJU)
    # path, children, map points, two grouped figure queries per level (+2 for a kab/kota whose
    # map is per desa), targets
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_signed_in_page_adds_only_the_session_and_grant_queries(client, diskominfo_mamuju,
                                                               django_assert_max_num_queries):
    login_dengan_mfa(client, diskominfo_mamuju)
    # + session, user, grants, KIM memberships and positions, the MFA check, and saving the
    # session's MFA mark (with its savepoints)
    with django_assert_max_num_queries(8 + 10):
        assert client.get("/cakupan/76.02/").status_code == 200


@pytest.mark.parametrize("url", ["/cakupan/titik.json", "/cakupan/76/titik.json", "/cakupan/76.02/titik.json",
                                 "/cakupan/76.02.02/titik.json"])
def test_map_json_stays_within_its_query_budget(client, kim_tapalang, django_assert_max_num_queries, url):
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200


def test_deadline_countdown_uses_the_local_date(client, target):
    t = target(MAMUJU, hari=1)
    assert t.tenggat == timezone.localdate() + timedelta(days=1)
    assert "1 hari lagi" in _html(client.get("/cakupan/76.02/"))
