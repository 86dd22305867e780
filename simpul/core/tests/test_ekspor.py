"""The CSV and Excel writers of ``core.ekspor``: read back with the csv module and openpyxl."""

import csv
import io
import zipfile
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from simpul.core import ekspor

HOSTILE = [
    '=HYPERLINK("http://evil")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "\tx",
    "\rx",
]
SPECIAL = "<b>&amp; \"quoted\" 'single' > <"
UNICODE = "Désa Ñusantara — 日本 🙂 ᬅᬓ᭄ᬱᬭ"


def _buka(resp: FileResponse):
    data = b"".join(resp.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        assert "xl/worksheets/sheet1.xml" in zf.namelist()
    return load_workbook(io.BytesIO(data)).active


def _nilai(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def _xlsx(judul, rows, **kw):
    resp = ekspor.xlsx_response("x.xlsx", judul, rows, **kw)
    assert isinstance(resp, FileResponse)
    assert resp["Content-Type"] == ekspor.XLSX
    assert resp["Content-Disposition"] == 'attachment; filename="x.xlsx"'
    return _buka(resp)


@pytest.mark.parametrize("dengan_angka", [False, True], ids=["text-only rows", "mixed rows"])
def test_xlsx_text_comes_back_escaped_stripped_and_neutralised(dengan_angka):
    # Text-only rows and rows with numbers take different paths in the writer: both must agree.
    ekor = [7] if dengan_angka else []
    rows = [
        [UNICODE, *ekor],
        [SPECIAL, *ekor],
        ["a\x00b\x07c\x0bd\x1fe\ufffef", *ekor],
        ["tab\there\nnewline", *ekor],
        ["  spaced  ", *ekor],
        ["", *ekor],
        *([h, *ekor] for h in HOSTILE),
        [mark_safe("=1+1"), *ekor],  # a str subclass is neutralised too
        [gettext_lazy("Desa"), *ekor],  # a lazy translation is written as its text
    ]
    ws = _xlsx(["teks", "angka"][: 1 + len(ekor)], rows)
    got = [r[0] for r in _nilai(ws)]

    assert got[0] == "teks"
    assert got[1] == UNICODE
    assert got[2] == SPECIAL
    assert got[3] == "abcdef"  # characters illegal in XML dropped
    assert got[4] == "tab\there\nnewline"
    assert got[5] == "  spaced  "
    assert got[6] in ("", None)
    assert got[7 : 7 + len(HOSTILE)] == [ekspor._aman(h).replace("\r", "\n") for h in HOSTILE]
    assert all(g.startswith("'") for g in got[7 : 7 + len(HOSTILE)])
    assert got[-2] == "'=1+1"
    assert got[-1] == "Desa"
    if dengan_angka:
        assert {r[1] for r in _nilai(ws)[1:]} == {7}


def test_xlsx_numbers_dates_and_empty_cells_keep_their_types():
    lokal = timezone.make_aware(datetime(2026, 3, 4, 5, 6, 7))
    row = [
        42,
        -5,
        10**15,
        Decimal("12.50"),
        Decimal("-0.125"),
        2.5,
        True,
        False,
        None,
        date(2026, 11, 23),
        datetime(2026, 11, 23, 14, 30, 15),
        lokal,
        time(13, 45, 30),
        "akhir",
    ]
    ws = _xlsx([f"k{i}" for i in range(len(row))], [row, [None, None, "x"]])
    judul, got, kedua = _nilai(ws)

    assert judul == [f"k{i}" for i in range(len(row))]
    assert got[:3] == [42, -5, 10**15] and all(type(v) is int for v in got[:3])
    assert got[3] == Decimal("12.50") and got[4] == Decimal("-0.125") and got[5] == 2.5
    assert got[6] is True and got[7] is False
    assert got[8] is None  # an empty cell, and the next value is still in its own column
    assert got[9] == datetime(2026, 11, 23) and ws.cell(2, 10).is_date
    assert "h" not in ws.cell(2, 10).number_format  # a date format, without the time
    assert got[10] == datetime(2026, 11, 23, 14, 30, 15) and ws.cell(2, 11).is_date
    assert "h" in ws.cell(2, 11).number_format
    assert got[11] == datetime(2026, 3, 4, 5, 6, 7)  # aware: the wall-clock time of the site
    assert got[12] == time(13, 45, 30)
    assert got[13] == "akhir"
    assert kedua[:3] == [None, None, "x"]


def test_xlsx_dates_round_trip_across_excel_epoch_quirks():
    tanggal = [
        date(1900, 1, 1),
        date(1900, 2, 28),
        date(1900, 3, 1),
        date(1970, 1, 1),
        date(2099, 12, 31),
    ]
    ws = _xlsx(["tanggal"], [[d] for d in tanggal])
    assert [r[0].date() for r in _nilai(ws)[1:]] == tanggal


@pytest.mark.parametrize(
    ("lembar", "harapan"),
    [
        ("Desa tanpa KIM", "Desa tanpa KIM"),
        ("a[b]:c*d?e/f\\g", "a_b__c_d_e_f_g"),
        ("x" * 40, "x" * 31),
        ("'kutip'", "kutip"),
        ("", "Data"),
        ('<&>"', '<&>"'),
        (2026, "2026"),
    ],
)
def test_xlsx_sheet_name_is_made_valid(lembar, harapan):
    ws = _xlsx(["a"], [["b"]], lembar=lembar)
    assert ws.title == harapan
    assert len(ws.title) <= 31 and not set(ws.title) & set("[]:*?/\\")


def test_large_xlsx_is_a_valid_workbook_with_every_row():
    n = 20_000
    rows = (
        (f"76.02.{i % 100:02d}.{2000 + i}", f"Desa {i}", "desa", i, date(2026, 1, 1 + i % 28))
        for i in range(n)
    )
    resp = ekspor.xlsx_response("besar.xlsx", ["kode", "desa", "jenis", "no", "tanggal"], rows)
    data = b"".join(resp.streaming_content)
    ws = load_workbook(io.BytesIO(data), read_only=True).active
    got = list(ws.iter_rows(values_only=True))
    assert len(got) == n + 1
    assert got[1] == ("76.02.00.2000", "Desa 0", "desa", 0, datetime(2026, 1, 1))
    assert got[-1] == (
        f"76.02.{(n - 1) % 100:02d}.{2000 + n - 1}",
        f"Desa {n - 1}",
        "desa",
        n - 1,
        datetime(2026, 1, 1 + (n - 1) % 28),
    )


@pytest.mark.parametrize("n", [0, 4, 5, 11])
def test_xlsx_past_the_sheet_limit_continues_on_more_sheets_each_with_the_header(n):
    """Excel takes 1,048,576 rows a sheet: a longer export goes on in "Data (2)", "Data (3)"...,
    every sheet starting with the header and no row lost or repeated (limit lowered to 4 here)."""
    buf = io.BytesIO()
    ekspor.tulis_xlsx(buf, ["no", "nama"], ((i, f"baris {i}") for i in range(n)),
                      lembar="Desa tanpa KIM sangat panjang namanya", baris_per_lembar=4)
    wb = load_workbook(io.BytesIO(buf.getvalue()), read_only=True)
    harap_lembar = max(1, -(-n // 4))
    assert len(wb.sheetnames) == harap_lembar
    assert wb.sheetnames[0] == "Desa tanpa KIM sangat panjang n"
    assert all(len(x) <= 31 for x in wb.sheetnames) and len(set(wb.sheetnames)) == harap_lembar
    if harap_lembar > 1:
        assert wb.sheetnames[1].endswith(" (2)")
    semua = []
    for nama in wb.sheetnames:
        baris = list(wb[nama].iter_rows(values_only=True))
        assert baris[0] == ("no", "nama") and 1 <= len(baris) <= 5
        semua += baris[1:]
    assert semua == [(i, f"baris {i}") for i in range(n)]


@pytest.mark.parametrize("sisip", [
    None, ("=SUM(A1)", "x"), ("a", "-1"), ("a&b", "c"), ("<b>", "c"), ("nul\x00di", "x"), ("\x07", "y"),
    (), ("a", 5), ("a", None), ("@x", "y"), ("\tx", "y"),
])
def test_xlsx_chunk_fast_path_writes_exactly_what_row_by_row_writes(sisip):
    """A chunk of plain-text rows is checked at once and written with one replace per row; any
    row needing escaping, stripping, formula neutralising or typed cells sends the chunk down
    the row-by-row path. Either way the XML is the same as writing row by row."""
    rows = [(f"76.02.02.{2000 + i}", f"Desa {i}") for i in range(7)]
    if sisip is not None:
        rows.insert(3, sisip)
    harap = "".join(ekspor._baris_xml(n, r) for n, r in enumerate(rows, start=2))
    assert ekspor._potong_xml(2, rows) == harap


def _csv_dasar(judul, rows) -> bytes:
    """The same export written by the csv module in one go (formula text prefixed as _aman does)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(judul)
    w.writerows([[ekspor._aman(v) for v in row] for row in rows])
    return ("\ufeff" + buf.getvalue()).encode()


@pytest.mark.parametrize("n", [0, 3, ekspor.BARIS_PER_POTONG, 2 * ekspor.BARIS_PER_POTONG + 7])
def test_csv_matches_the_csv_module_byte_for_byte(n):
    campuran = [
        *HOSTILE,
        SPECIAL,
        UNICODE,
        "a,b",
        'kata "kutip"',
        "baris\nbaru",
        None,
        3,
        Decimal("1.50"),
        date(2026, 1, 2),
        True,
    ]
    rows = [[campuran[i % len(campuran)], f"r{i}", i] for i in range(n)]
    judul = ["nilai", "nama", "no"]

    resp = ekspor.csv_response("x.csv", judul, iter(rows))

    assert isinstance(resp, StreamingHttpResponse)
    assert resp["Content-Type"] == "text/csv; charset=utf-8"
    assert resp["Content-Disposition"] == 'attachment; filename="x.csv"'
    potong = list(resp.streaming_content)
    assert b"".join(potong) == _csv_dasar(judul, rows)
    assert len(potong) == 1 + -(-n // ekspor.BARIS_PER_POTONG)  # header, then one chunk per batch


def test_csv_streams_without_reading_every_row_first():
    dibaca = 0

    def rows():
        nonlocal dibaca
        for i in range(10 * ekspor.BARIS_PER_POTONG):
            dibaca += 1
            yield [f"r{i}"]

    isi = iter(ekspor.csv_response("x.csv", ["a"], rows()).streaming_content)
    next(isi)  # the header
    next(isi)  # the first batch
    assert dibaca <= ekspor.BARIS_PER_POTONG + 1


class _Pilihan(str):
    """A str subclass, as a TextChoices value is."""


@pytest.mark.parametrize("dengan_angka", [False, True], ids=["text-only rows", "mixed rows"])
def test_both_formats_neutralise_formula_text_the_same_way(dengan_angka):
    row = ["biasa", _Pilihan("=1+1"), "-3", *([7, date(2026, 1, 2)] if dengan_angka else [])]
    (xlsx,) = _nilai(_xlsx([], [row]))[1:]
    isi = "".join(c.decode() for c in ekspor.csv_response("x.csv", [], [row]).streaming_content)
    (csv_row,) = list(csv.reader(io.StringIO(isi.lstrip("\ufeff"))))[1:]
    assert xlsx[:3] == csv_row[:3] == ["biasa", "'=1+1", "'-3"]
    assert ekspor._aman_baris(row)[:3] == [ekspor._aman(v) for v in row[:3]] == ["biasa", "'=1+1", "'-3"]
