"""The list of desa without an active KIM: paginated page, streamed CSV, Excel export."""

import csv
import io

import pytest
from django.http import FileResponse, StreamingHttpResponse
from openpyxl import load_workbook

from simpul.cakupan import selectors
from simpul.kim.models import StatusKim

pytestmark = pytest.mark.django_db

OROBATU = "76.02.02.2003"
JUDUL = ["kode", "desa", "jenis", "kecamatan", "kabupaten_kota", "provinsi"]


def _csv(resp) -> list[list[str]]:
    teks = b"".join(resp.streaming_content).decode("utf-8")
    assert teks.startswith("\ufeff")
    return list(csv.reader(io.StringIO(teks[1:])))


def test_page_lists_desa_without_an_active_kim_with_their_parents(client, kim):
    kim(OROBATU)
    kim("76.02.02.2006", status=StatusKim.DIAJUKAN)

    resp = client.get("/cakupan/76.02.02/tanpa-kim/")

    assert resp.status_code == 200
    html = resp.content.decode()
    assert "9 desa/kelurahan belum punya KIM aktif." in html
    assert "Takandeang" in html and ">Orobatu<" not in html
    assert "<td>Tapalang</td><td>Kabupaten Mamuju</td>" in html
    assert 'href="/cakupan/76.02.02/tanpa-kim.csv"' in html
    assert 'href="/cakupan/76.02.02/tanpa-kim.xlsx"' in html
    assert '<li><a href="/cakupan/76.02.02/">Kecamatan Tapalang</a></li>' in html  # breadcrumb


def test_page_is_paginated_by_50(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # path, count, page
        resp = client.get("/cakupan/76/tanpa-kim/")
    page = resp.context["page"]
    assert page.paginator.count == 648 and len(page.object_list) == 50
    assert 'href="?halaman=2"' in resp.content.decode()
    terakhir = client.get("/cakupan/76/tanpa-kim/?halaman=13").context["page"]
    assert len(terakhir.object_list) == 648 - 12 * 50
    assert client.get("/cakupan/76/tanpa-kim/?halaman=abc").status_code == 200


def test_national_list_shows_the_province_column(client):
    html = client.get("/cakupan/tanpa-kim/").content.decode()
    assert "<th scope=\"col\">Provinsi</th>" in html


def test_csv_is_streamed_with_headers_and_every_row(client, kim, django_assert_max_num_queries):
    kim(OROBATU)
    with django_assert_max_num_queries(3):
        resp = client.get("/cakupan/76.02/tanpa-kim.csv")
        rows = _csv(resp)

    assert isinstance(resp, StreamingHttpResponse)
    assert resp["Content-Type"] == "text/csv; charset=utf-8"
    assert resp["Content-Disposition"] == 'attachment; filename="desa-tanpa-kim-76.02.csv"'
    assert rows[0] == JUDUL
    assert len(rows) - 1 == 100
    assert [r[0] for r in rows[1:]] == list(selectors.desa_tanpa_kim("76.02").values_list("kode", flat=True))
    assert OROBATU not in {r[0] for r in rows}
    assert ["76.02.02.2006", "Takandeang", "desa", "Tapalang", "Kabupaten Mamuju", "Sulawesi Barat"] in rows


def test_national_csv_covers_every_region(client):
    rows = _csv(client.get("/cakupan/tanpa-kim.csv"))
    assert len(rows) - 1 == selectors.cakupan_wilayah(None).angka.desa
    assert {r[5] for r in rows[1:]} == {"Sulawesi Barat", "Sulawesi Selatan"}


def test_xlsx_opens_and_has_the_same_rows_as_the_csv(client, kim, django_assert_max_num_queries):
    kim(OROBATU)
    with django_assert_max_num_queries(3):
        resp = client.get("/cakupan/76.02/tanpa-kim.xlsx")
        isi = b"".join(resp.streaming_content)

    assert isinstance(resp, FileResponse)
    assert resp["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="desa-tanpa-kim-76.02.xlsx"' in resp["Content-Disposition"]
    wb = load_workbook(io.BytesIO(isi), read_only=True)
    ws = wb.worksheets[0]
    assert ws.title == "Desa tanpa KIM"
    xlsx = [[("" if v is None else str(v)) for v in row] for row in ws.iter_rows(values_only=True)]
    assert xlsx == _csv(client.get("/cakupan/76.02/tanpa-kim.csv"))


def test_lists_of_an_unknown_region_or_of_a_single_desa_are_404(client):
    for url in ("/cakupan/76.99/tanpa-kim.csv", "/cakupan/76.99/tanpa-kim.xlsx", "/cakupan/76.99/tanpa-kim/",
                f"/cakupan/{OROBATU}/tanpa-kim/", f"/cakupan/{OROBATU}/tanpa-kim.csv"):
        assert client.get(url).status_code == 404
