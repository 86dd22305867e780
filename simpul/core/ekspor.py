"""Streamed CSV and Excel downloads, one implementation for every export in Simpul.

``csv_response(nama, judul, baris)`` and ``xlsx_response(nama, judul, baris, lembar=...)`` take an
iterable of rows (use ``.iterator(chunk_size=...)`` or ``values_list`` for big querysets) and
never hold the whole export in memory as Python objects. CSV is formatted in batches of
:data:`BARIS_PER_POTONG` rows and streamed chunk by chunk. Excel is written by the small
streaming writer below (not openpyxl, which spends ~25 us per cell building objects): the sheet's
XML goes row by row straight into a deflated zip member of a temporary file, strings inline
(no shared-string table to hold), numbers, booleans, dates and datetimes as typed cells. Text is
XML-escaped and stripped of the characters XML 1.0 forbids, so no value can corrupt the file.
Wrap the view in ``core.laju.batasi_laju`` when the export is public.
"""

from __future__ import annotations

import csv
import io
import math
import re
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from itertools import chain, islice

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

BARIS_PER_POTONG = 1000  # CSV rows per streamed chunk
TINGKAT_KOMPRESI = 1  # sheet deflate level: at 6 ~1.4x the time, ~20% smaller


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _aman_baris(row: Iterable) -> list:
    """``row`` with spreadsheet formula injection neutralised (text starting with = + - @ tab or
    CR gets a leading quote). The one formula check of both formats; a row at a time, as a call
    per value costs as much as the CSV formatting."""
    return ["'" + v if isinstance(v, str) and v[:1] in _FORMULA else v for v in row]


def _aman(sel):
    """One value neutralised (see :func:`_aman_baris`)."""
    return _aman_baris((sel,))[0]


# --- CSV ----------------------------------------------------------------------------------------


def csv_response(
    nama_berkas: str, judul: Sequence[str], baris: Iterable[Sequence]
) -> StreamingHttpResponse:
    def isi():
        buf = io.StringIO()
        writer = csv.writer(buf)
        buf.write("\ufeff")  # BOM: spreadsheets read UTF-8 right
        writer.writerow([str(j) for j in judul])
        yield buf.getvalue()
        rows = iter(baris)
        while potong := list(islice(rows, BARIS_PER_POTONG)):
            buf.seek(0)
            buf.truncate()
            writer.writerows([_aman_baris(row) for row in potong])
            yield buf.getvalue()

    resp = StreamingHttpResponse(isi(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{nama_berkas}"'
    return resp


# --- XLSX ---------------------------------------------------------------------------------------

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _content_types(n_lembar: int) -> str:
    lembar = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
        for i in range(1, n_lembar + 1)
    )
    return (
        _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f"{lembar}"
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
        "</Types>"
    )


_RELS = (
    _XML + f'<Relationships xmlns="{_NS_PKG_R}">'
    f'<Relationship Id="rId1" Type="{_NS_R}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def _workbook_rels(n_lembar: int) -> str:
    """Styles are rId1; sheet i is rId(i+1)."""
    lembar = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{_NS_R}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, n_lembar + 1)
    )
    return (
        _XML + f'<Relationships xmlns="{_NS_PKG_R}">'
        f'<Relationship Id="rId1" Type="{_NS_R}/styles" Target="styles.xml"/>'
        f"{lembar}</Relationships>"
    )


# Cell formats: 0 general, 1 date (built-in 14), 2 date and time (22), 3 time of day (21).
_STYLES = (
    _XML + f'<styleSheet xmlns="{_NS}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="21" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)

# Characters XML 1.0 does not allow (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF).
_TERLARANG = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NAMA_LEMBAR_TERLARANG = re.compile(r"[\[\]:*?/\\\x00-\x1f\ud800-\udfff\ufffe\uffff]")
_EPOCH = date(1899, 12, 30)  # Excel's 1900 date system, counted past its fictitious 1900-02-29
_SEL_STR = '<c t="inlineStr"><is><t xml:space="preserve">'
_NUL = "\x00"
_ANTAR_STR = "</t></is></c>" + _SEL_STR
# A row of plain strings that needs no escaping, no stripping and no formula neutralising, once
# its values are joined by NUL (NUL itself is illegal, so counted apart): most rows of most exports.
_PERLU_PERIKSA = re.compile(
    "[\x01-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff&<>]|(?:^|\x00)["
    + re.escape("".join(_FORMULA))
    + "]"
)


def _teks(s: str) -> str:
    """``s`` safe as XML character data: illegal characters dropped, ``& < >`` escaped."""
    if _TERLARANG.search(s):
        s = _TERLARANG.sub("", s)
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    return s


def _str(s: str) -> str:
    return f"{_SEL_STR}{_teks(s)}</t></is></c>"


def _hari(d: date) -> int:
    hari = (d - _EPOCH).days
    return hari - 1 if 0 < hari <= 60 else hari  # before 1900-03-01, as Excel (and openpyxl) count


def _pecahan_hari(t: time | datetime) -> float:
    """The time of day as a fraction of a day."""
    return (t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6) / 86400


def _waktu(v: datetime) -> str:
    if v.tzinfo is not None:  # Excel has no time zones: the wall-clock time here
        v = timezone.make_naive(v)
    return f'<c s="2"><v>{_hari(v.date()) + _pecahan_hari(v)!r}</v></c>'


# One cell writer per value type, looked up by exact type first (the commonest cases skip an
# isinstance chain), then by isinstance in this order (bool before int, datetime before date).
_PENULIS = {
    type(None): lambda v: "<c/>",  # an empty cell: cells carry no reference
    str: _str,
    bool: lambda v: f'<c t="b"><v>{int(v)}</v></c>',
    int: lambda v: f"<c><v>{int(v)}</v></c>",
    float: lambda v: f"<c><v>{float(v)!r}</v></c>" if math.isfinite(v) else _str(str(v)),
    Decimal: lambda v: f"<c><v>{v}</v></c>" if v.is_finite() else _str(str(v)),
    datetime: _waktu,
    date: lambda v: f'<c s="1"><v>{_hari(v)}</v></c>',
    time: lambda v: f'<c s="3"><v>{_pecahan_hari(v)!r}</v></c>',
}


def _sel(v) -> str:
    """One ``<c>`` element for any value already passed through :func:`_aman_baris`."""
    tulis = _PENULIS.get(v.__class__)
    if tulis is None:
        tulis = next((f for t, f in _PENULIS.items() if isinstance(v, t)), None)
        if tulis is None:  # lazy translations, UUIDs, enums...: their text
            return _str(_aman(str(v)))
    return tulis(v)


def _nama_lembar(lembar) -> str:
    """A valid sheet name: no ``[]:*?/\\`` or controls, no quote at either end, 1-31 chars."""
    nama = _NAMA_LEMBAR_TERLARANG.sub("_", str(lembar))[:31].strip("'").strip()
    return nama or "Data"


def _atribut(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# Excel's limit: 1,048,576 rows a sheet. A longer export continues on "Data (2)", "Data (3)"...,
# each starting with the header row, instead of writing rows Excel would refuse or drop.
BARIS_PER_LEMBAR = 1_048_575


def _nama_lembar_ke(nama: str, ke: int) -> str:
    if ke == 1:
        return nama
    ekor = f" ({ke})"
    return nama[: 31 - len(ekor)] + ekor


def tulis_xlsx(
    berkas,
    judul: Sequence[str],
    baris: Iterable[Sequence],
    *,
    lembar: str = "Data",
    kompresi: int = TINGKAT_KOMPRESI,
    baris_per_lembar: int = BARIS_PER_LEMBAR,
) -> None:
    """Write a workbook to the binary file ``berkas``: a header row, then ``baris``, on one sheet
    or, past ``baris_per_lembar`` rows (Excel's limit), on as many as needed."""
    nama = _nama_lembar(lembar)
    rows = iter(baris)
    judul = [str(j) for j in judul]
    with zipfile.ZipFile(
        berkas, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=kompresi
    ) as zf:
        n_lembar = 0
        while True:
            pertama = next(rows, _HABIS) if n_lembar else None
            if pertama is _HABIS:
                break
            n_lembar += 1
            potongan = islice(rows, baris_per_lembar - (pertama is not None))
            isi = potongan if pertama is None else chain((pertama,), potongan)
            with zf.open(f"xl/worksheets/sheet{n_lembar}.xml", "w") as sheet:
                _tulis_lembar(sheet, judul, isi)
        zf.writestr("[Content_Types].xml", _content_types(n_lembar))
        zf.writestr("_rels/.rels", _RELS)
        sheets = "".join(
            f'<sheet name="{_atribut(_nama_lembar_ke(nama, i))}" sheetId="{i}" r:id="rId{i + 1}"/>'
            for i in range(1, n_lembar + 1)
        )
        zf.writestr(
            "xl/workbook.xml",
            _XML + f'<workbook xmlns="{_NS}" xmlns:r="{_NS_R}"><sheets>{sheets}</sheets></workbook>',
        )
        zf.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(n_lembar))
        zf.writestr("xl/styles.xml", _STYLES)


_HABIS = object()


def _baris_xml(n: int, row: Sequence) -> str:
    """One ``<row>``: whole-row fast path when its text needs no escaping, no stripping and no
    formula neutralising, else cell by cell. Cells carry no ``r`` reference (optional in the
    format): each cell, even an empty one, takes the next column."""
    try:
        gabung = _NUL.join(row)
    except TypeError:  # not all str: numbers, dates, None...
        teks = [v for v in row if v.__class__ is str]
        gabung = _NUL.join(teks)
        if not _PERLU_PERIKSA.search(gabung) and gabung.count(_NUL) == max(len(teks) - 1, 0):
            # Exact str needs nothing; the others: no formula check either but for a str subclass.
            sel = [
                f"{_SEL_STR}{v}</t></is></c>"
                if v.__class__ is str
                else _sel(_aman(v) if isinstance(v, str) else v)
                for v in row
            ]
            return f'<row r="{n}">{"".join(sel)}</row>'
    else:
        if row and not _PERLU_PERIKSA.search(gabung) and gabung.count(_NUL) == len(row) - 1:
            return f'<row r="{n}">{_SEL_STR}{gabung.replace(_NUL, _ANTAR_STR)}</t></is></c></row>'
    return f'<row r="{n}">{"".join([_sel(v) for v in _aman_baris(row)])}</row>'


# The same test as _PERLU_PERIKSA, split so a whole chunk of rows is checked at C speed: the
# characters by one class (no alternation: several times faster per character), the formula
# prefixes by plain substring tests after the NUL that precedes every value but the first.
_PERLU_PERIKSA_KELAS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff&<>]")
_FORMULA_SETELAH_NUL = tuple(_NUL + c for c in _FORMULA)
BARIS_PER_POTONG_XLSX = 500


def _potong_xml(n0: int, rows: list) -> str:
    """``<row>`` elements for a chunk of rows numbered from ``n0``. When every value of the chunk
    is text needing no escaping, stripping or formula neutralising (the chunk checked at once),
    each row is one join and one replace; otherwise row by row (:func:`_baris_xml`)."""
    try:
        teks = [_NUL.join(row) for row in rows]
    except TypeError:  # not all str: numbers, dates, None...
        teks = None
    if teks is not None:
        semua = _NUL.join(teks)
        if (
            all(rows)
            and semua.count(_NUL) == sum(len(row) for row in rows) - 1
            and not _PERLU_PERIKSA_KELAS.search(semua)
            and not semua.startswith(_FORMULA)
            and not any(p in semua for p in _FORMULA_SETELAH_NUL)
        ):
            return "".join([
                f'<row r="{n}">{_SEL_STR}{t.replace(_NUL, _ANTAR_STR)}</t></is></c></row>'
                for n, t in enumerate(teks, start=n0)
            ])
    return "".join([_baris_xml(n, row) for n, row in enumerate(rows, start=n0)])


def _tulis_lembar(sheet, judul: Sequence[str], baris: Iterable[Sequence]) -> None:
    sheet.write((_XML + f'<worksheet xmlns="{_NS}"><sheetData>').encode())
    sheet.write(_baris_xml(1, judul).encode())
    rows = iter(baris)
    n = 2
    while potong := list(islice(rows, BARIS_PER_POTONG_XLSX)):
        sheet.write(_potong_xml(n, potong).encode())
        n += len(potong)
    sheet.write(b"</sheetData></worksheet>")


def xlsx_response(
    nama_berkas: str, judul: Sequence[str], baris: Iterable[Sequence], *, lembar: str = "Data"
) -> FileResponse:
    berkas = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    try:
        tulis_xlsx(berkas, judul, baris, lembar=lembar)
    except BaseException:
        berkas.close()
        raise
    berkas.seek(0)
    return FileResponse(berkas, as_attachment=True, filename=nama_berkas, content_type=XLSX)
