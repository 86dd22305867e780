"""Writes to the region table: the import of an official decree's hierarchy.

The import is set-based and avoids model instances: the decree files are parsed into plain
tuples, compared with the table read as tuples, and written with the database's bulk path
(``COPY`` on PostgreSQL, ``executemany`` on SQLite). A full national import (91,599 codes)
takes a few seconds on either database; see ``bench/wilayah_import.py``.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.errors import ValidationError
from simpul.core.kode import di_dalam
from simpul.core.teks import normalisasi

from .models import TINGKAT_JENIS, Wilayah

DATA_DIR = Path(settings.BASE_DIR) / "data" / "wilayah"
CHUNK = 5000
ANALYZE_SETELAH = 1000  # rows written

# Column order of a source row tuple (the primary key first), and of the table writes.
KOLOM = ("kode", "nama", "jenis", "tingkat", "induk_id", "nama_cari", "lat", "lng", "luas_km2",
         "penduduk", "aktif")
_I_NAMA, _I_CARI, _I_AKTIF = KOLOM.index("nama"), KOLOM.index("nama_cari"), KOLOM.index("aktif")

_KODE_RE = {
    1: re.compile(r"[0-9]{2}"),
    2: re.compile(r"[0-9]{2}\.[0-9]{2}"),
    3: re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}"),
    4: re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}"),
}
_TINGKAT = {str(jenis): int(tingkat) for jenis, tingkat in TINGKAT_JENIS.items()}

Baris = tuple  # (kode, nama, jenis, tingkat, induk_id, nama_cari, lat, lng, luas_km2, penduduk, aktif)


@dataclass
class LaporanImpor:
    """What an import changed."""

    baru: list[str] = field(default_factory=list)
    berubah_nama: list[tuple[str, str, str]] = field(default_factory=list)  # (kode, lama, baru)
    berubah_lain: int = 0
    dinonaktifkan: list[str] = field(default_factory=list)
    diaktifkan_kembali: list[str] = field(default_factory=list)
    total: int = 0

    @property
    def ada_perubahan(self) -> bool:
        return bool(self.baru or self.berubah_nama or self.berubah_lain or self.dinonaktifkan
                    or self.diaktifkan_kembali)


# --- Reading ----------------------------------------------------------------------------------

def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")  # noqa: SIM115


def _find(directory: Path, stem: str) -> Path | None:
    for name in (f"{stem}.csv", f"{stem}.csv.gz"):
        if (directory / name).exists():
            return directory / name
    return None


def _records(path: Path, wajib: tuple[str, ...]) -> Iterator[tuple[int, list[str], dict[str, int]]]:
    """Yield ``(line_number, fields, column_index)`` for each data row of a CSV file."""
    try:
        with _open_text(path) as fh:
            reader = csv.reader(fh)
            header = [h.strip().lstrip("\ufeff") for h in next(reader, [])]
            kolom = {h: i for i, h in enumerate(header)}
            kurang = [k for k in wajib if k not in kolom]
            if kurang:
                raise ValidationError(
                    _("%(berkas)s: kolom %(kolom)s tidak ada di baris judul")
                    % {"berkas": path.name, "kolom": ", ".join(kurang)})
            for n, rec in enumerate(reader, start=2):
                if rec:
                    yield n, rec, kolom
    except (UnicodeDecodeError, OSError, csv.Error) as exc:
        raise ValidationError(_("%(berkas)s tidak dapat dibaca: %(galat)s")
                              % {"berkas": path.name, "galat": exc}) from exc


def _cell(rec: list[str], i: int) -> str:
    return rec[i].strip() if i < len(rec) else ""


def _angka(teks: str, jenis: type, berkas: str, n: int, kolom: str):
    if not teks:
        return None
    try:
        return jenis(teks)
    except (ValueError, InvalidOperation) as exc:
        raise ValidationError(_("%(berkas)s baris %(n)s: %(kolom)s '%(nilai)s' bukan angka")
                              % {"berkas": berkas, "n": n, "kolom": kolom, "nilai": teks}) from exc


def _wanted(prefixes: tuple[str, ...]) -> Callable[[str], bool]:
    if not prefixes:
        return lambda kode: True
    return lambda kode: any(di_dalam(kode, p) or di_dalam(p, kode) for p in prefixes)


def baca_sumber(directory: Path | None = None, *,
                hanya_prefix: Iterable[str] | None = None) -> dict[str, Baris]:
    """Read and check the decree files into ``{kode: row tuple}`` (columns as :data:`KOLOM`).

    ``hanya_prefix`` keeps only those subtrees (plus their ancestors): used by tests and small
    installations. Raises :class:`ValidationError` naming the file and line of the first problem.
    """
    directory = Path(directory or DATA_DIR)
    wil_path = _find(directory, "wilayah")
    if wil_path is None:
        raise ValidationError(_("wilayah.csv(.gz) tidak ditemukan di %(dir)s") % {"dir": directory})
    wanted = _wanted(tuple(hanya_prefix or ()))

    koordinat: dict[str, tuple[float | None, float | None]] = {}
    if koord_path := _find(directory, "koordinat"):
        for n, rec, k in _records(koord_path, ("kode", "lat", "lng")):
            kode = _cell(rec, k["kode"])
            if wanted(kode):
                koordinat[kode] = (_angka(_cell(rec, k["lat"]), float, koord_path.name, n, "lat"),
                                   _angka(_cell(rec, k["lng"]), float, koord_path.name, n, "lng"))
    luas: dict[str, tuple[Decimal | None, int | None]] = {}
    if luas_path := _find(directory, "luas_penduduk"):
        for n, rec, k in _records(luas_path, ("kode", "luas_km2", "penduduk_total")):
            kode = _cell(rec, k["kode"])
            if wanted(kode):
                luas[kode] = (
                    _angka(_cell(rec, k["luas_km2"]), Decimal, luas_path.name, n, "luas_km2"),
                    _angka(_cell(rec, k["penduduk_total"]), int, luas_path.name, n, "penduduk_total"),
                )

    rows: dict[str, Baris] = {}
    berkas = wil_path.name
    kosong = (None, None)
    for n, rec, k in _records(wil_path, ("kode", "nama", "tingkat", "induk")):
        kode = _cell(rec, k["kode"])
        if not wanted(kode):
            continue
        jenis = _cell(rec, k["tingkat"])
        tingkat = _TINGKAT.get(jenis)
        if tingkat is None:
            raise ValidationError(_("%(berkas)s baris %(n)s: tingkat '%(jenis)s' tidak dikenal")
                                  % {"berkas": berkas, "n": n, "jenis": jenis})
        if not _KODE_RE[tingkat].fullmatch(kode):
            raise ValidationError(
                _("%(berkas)s baris %(n)s: kode '%(kode)s' tidak sesuai format tingkat %(jenis)s")
                % {"berkas": berkas, "n": n, "kode": kode, "jenis": jenis})
        if kode in rows:
            raise ValidationError(_("%(berkas)s baris %(n)s: kode '%(kode)s' muncul dua kali")
                                  % {"berkas": berkas, "n": n, "kode": kode})
        nama = " ".join(_cell(rec, k["nama"]).split())
        if not nama:
            raise ValidationError(_("%(berkas)s baris %(n)s: nama kosong") % {"berkas": berkas, "n": n})
        induk = _cell(rec, k["induk"]) or None
        if induk != (kode.rpartition(".")[0] or None):
            raise ValidationError(
                _("%(berkas)s baris %(n)s: induk '%(induk)s' bukan awalan kode '%(kode)s'")
                % {"berkas": berkas, "n": n, "induk": induk or "", "kode": kode})
        nama_cari = nama.lower() if nama.isascii() else normalisasi(nama)
        rows[kode] = (kode, nama, jenis, tingkat, induk, nama_cari,
                      *koordinat.get(kode, kosong), *luas.get(kode, kosong), True)
    if not rows:
        raise ValidationError(_("%(berkas)s tidak berisi satu wilayah pun") % {"berkas": berkas})
    for kode, row in rows.items():
        if row[4] is not None and row[4] not in rows:
            raise ValidationError(_("kode '%(kode)s': induk '%(induk)s' tidak ada di berkas")
                                  % {"kode": kode, "induk": row[4]})
    return rows


# --- Writing ----------------------------------------------------------------------------------

def _fts_rowid(kode: str) -> int:
    """The name-search index's row id of a code, as in migration 0003: its digits."""
    return int(kode.replace(".", ""))



def _table() -> str:
    return connection.ops.quote_name(Wilayah._meta.db_table)


def _cols(names: Iterable[str]) -> str:
    return ", ".join(connection.ops.quote_name(c) for c in names)


def _db_row(row: Baris, diubah) -> tuple:
    return (*row, diubah)


def insert_rows(rows: list[Baris], *, progress: Callable[[int], None] | None = None) -> None:
    """Bulk insert of new rows: ``COPY`` on PostgreSQL, ``executemany`` elsewhere. On SQLite the
    name-search index (``wilayah_fts``, migration 0003) is filled once after the load instead of
    by its row trigger. Call inside a transaction."""
    diubah = connection.ops.adapt_datetimefield_value(timezone.now())
    cols = (*KOLOM, "diubah")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO wilayah_fts_tunda VALUES (1)")
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {_table()} ({_cols(cols)}) FROM STDIN") as copy:
                for i, row in enumerate(rows, start=1):
                    copy.write_row(_db_row(row, diubah))
                    if progress and i % CHUNK == 0:
                        progress(CHUNK)
            if progress and len(rows) % CHUNK:
                progress(len(rows) % CHUNK)
            return
        sql = f"INSERT INTO {_table()} ({_cols(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"  # noqa: S608 (constant identifiers)
        for i in range(0, len(rows), CHUNK):
            chunk = rows[i : i + CHUNK]
            cursor.executemany(sql, [_db_row(r, diubah) for r in chunk])
            if progress:
                progress(len(chunk))
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM wilayah_fts_tunda")
            cursor.execute("SELECT EXISTS (SELECT 1 FROM wilayah_fts)")
            ganti = "OR REPLACE " if cursor.fetchone()[0] else ""  # plain INSERT is faster
            cursor.executemany(
                f"INSERT {ganti}INTO wilayah_fts(rowid, kode, nama_cari) VALUES (%s, %s, %s)",  # noqa: S608
                [(_fts_rowid(r[0]), r[0], r[_I_CARI]) for r in rows])


def _update_rows(rows: list[tuple[Baris, tuple[int, ...]]], *,
                 progress: Callable[[int], None] | None = None) -> None:
    """UPDATE by code, one ``executemany`` per set of changed columns, and only those columns in
    the SET list: indexes on unchanged columns are not rewritten, and SQLite's name-search
    trigger (``AFTER UPDATE OF kode, nama_cari``) fires only for renamed regions."""
    diubah = connection.ops.adapt_datetimefield_value(timezone.now())
    kelompok: dict[tuple[int, ...], list[Baris]] = {}
    for row, berubah in rows:
        kelompok.setdefault(berubah, []).append(row)
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for idx, baris in kelompok.items():
            sets = ", ".join(f"{q(KOLOM[i])} = %s" for i in idx)
            sql = f"UPDATE {_table()} SET {sets}, {q('diubah')} = %s WHERE {q('kode')} = %s"  # noqa: S608
            for i in range(0, len(baris), CHUNK):
                chunk = baris[i : i + CHUNK]
                cursor.executemany(sql, [(*(r[j] for j in idx), diubah, r[0]) for r in chunk])
                if progress:
                    progress(len(chunk))


def _di_dalam(kode: str, prefixes: tuple[str, ...]) -> bool:
    return any(di_dalam(kode, p) for p in prefixes)


def _existing(prefixes: tuple[str, ...], sumber: dict[str, Baris]) -> dict[str, tuple]:
    qs = Wilayah.objects.order_by()
    if prefixes:
        q = Q(kode__in=list(prefixes))
        for p in prefixes:
            q |= Q(kode__startswith=p + ".")
        # The ancestors of the prefixes are compared too (they are in the files' subset).
        q |= Q(kode__in=[k for k in sumber if not _di_dalam(k, prefixes)])
        qs = qs.filter(q)
    return {row[0]: row for row in qs.values_list(*KOLOM).iterator(chunk_size=CHUNK)}


def wilayah_import(
    *, directory: Path | None = None, hanya_prefix: Iterable[str] | None = None,
    dry_run: bool = False, progress: Callable[[int], None] | None = None,
) -> LaporanImpor:
    """Bring the region table in line with a decree's files. Idempotent.

    New codes are added, changed names and data updated, codes missing from the files become
    inactive (never deleted: KIMs may point to them), and inactive codes that reappear become
    active again. With ``hanya_prefix``, only those subtrees are compared. When the optional
    ``koordinat`` or ``luas_penduduk`` file is absent, the stored values are kept. A malformed
    file raises :class:`ValidationError` before anything is written.
    """
    prefixes = tuple(hanya_prefix or ())
    folder = Path(directory or DATA_DIR)
    sumber = baca_sumber(folder, hanya_prefix=prefixes)
    laporan = LaporanImpor(total=len(sumber))
    existing = _existing(prefixes, sumber)
    # Column ranges kept from the table when their file is not part of this decree's set.
    simpan = [s for stem, s in (("koordinat", slice(6, 8)), ("luas_penduduk", slice(8, 10)))
              if _find(folder, stem) is None]

    create: list[Baris] = []
    update: list[tuple[Baris, tuple[int, ...]]] = []  # (row, indexes of the changed columns)
    for kode, row in sumber.items():
        lama = existing.get(kode)
        if lama is None:
            create.append(row)
            continue
        for s in simpan:
            row = (*row[: s.start], *lama[s], *row[s.stop :])
        if lama == row:
            continue
        update.append((row, tuple(i for i in range(1, len(KOLOM)) if lama[i] != row[i])))
        if lama[_I_NAMA] != row[_I_NAMA]:
            laporan.berubah_nama.append((kode, lama[_I_NAMA], row[_I_NAMA]))
        if not lama[_I_AKTIF]:
            laporan.diaktifkan_kembali.append(kode)
        if any(a != b for i, (a, b) in enumerate(zip(lama, row, strict=True))
               if KOLOM[i] not in ("nama", "nama_cari", "aktif")):
            laporan.berubah_lain += 1
    # Parents before children, so the foreign key holds at every step.
    create.sort(key=lambda r: (r[3], r[0]))
    laporan.baru = [r[0] for r in create]
    laporan.dinonaktifkan = sorted(k for k, r in existing.items() if k not in sumber and r[_I_AKTIF])
    laporan.berubah_nama.sort()
    laporan.diaktifkan_kembali.sort()
    if dry_run or not laporan.ada_perubahan:
        return laporan

    with transaction.atomic():
        if create:
            insert_rows(create, progress=progress)
        if update:
            _update_rows(update, progress=progress)
        hilang = laporan.dinonaktifkan
        for i in range(0, len(hilang), 500):
            Wilayah.objects.filter(kode__in=hilang[i : i + 500]).update(
                aktif=False, diubah=timezone.now())
        if len(create) + len(update) >= ANALYZE_SETELAH:
            # Fresh planner statistics: without them both databases misjudge the level and
            # name indexes after a bulk load and the search slows down tenfold.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {_table()}")
    return laporan
