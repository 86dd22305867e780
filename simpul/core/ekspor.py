"""Streamed CSV and Excel downloads, one implementation for every export in Simpul.

``csv_response(nama, judul, baris)`` and ``xlsx_response(nama, judul, baris, lembar=...)`` take an
iterable of rows (use ``.iterator(chunk_size=...)`` or ``values_list`` for big querysets) and
never hold the whole export in memory as Python objects: CSV is streamed line by line; Excel uses
openpyxl's write-only mode into a temporary file. Wrap the view in ``core.laju.batasi_laju`` when
the export is public.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Gema:
    """A file-like object whose write() returns the line (for a streamed csv.writer)."""

    def write(self, value: str) -> str:
        return value


def _aman(sel):
    """Neutralise spreadsheet formula injection (=, +, -, @ at the start of user text)."""
    if isinstance(sel, str) and sel[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + sel
    return sel


def csv_response(nama_berkas: str, judul: Sequence[str], baris: Iterable[Sequence]) -> StreamingHttpResponse:
    writer = csv.writer(_Gema())

    def isi():
        yield "\ufeff" + writer.writerow([str(j) for j in judul])  # BOM: spreadsheets read UTF-8 right
        for row in baris:
            yield writer.writerow([_aman(v) for v in row])

    resp = StreamingHttpResponse(isi(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{nama_berkas}"'
    return resp


def xlsx_response(nama_berkas: str, judul: Sequence[str], baris: Iterable[Sequence], *,
                  lembar: str = "Data") -> FileResponse:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=str(lembar)[:31])
    ws.append([str(j) for j in judul])
    for row in baris:
        ws.append([_aman(v) for v in row])
    berkas = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    wb.save(berkas)
    berkas.seek(0)
    return FileResponse(berkas, as_attachment=True, filename=nama_berkas, content_type=XLSX)
