"""Writes to the region table: the import of an official decree's hierarchy."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from simpul.core.errors import ValidationError
from simpul.core.teks import normalisasi

from .models import PANJANG_KODE, TINGKAT_JENIS, Jenis, Wilayah

DATA_DIR = Path(settings.BASE_DIR) / "data" / "wilayah"
BATCH = 5000
_FIELDS = ("nama", "jenis", "tingkat", "induk_id", "nama_cari", "lat", "lng", "luas_km2", "penduduk", "aktif")


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


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")  # noqa: SIM115


def _find(directory: Path, stem: str) -> Path | None:
    for name in (f"{stem}.csv", f"{stem}.csv.gz"):
        if (directory / name).exists():
            return directory / name
    return None


def _valid_kode(kode: str, tingkat: int) -> bool:
    parts = kode.split(".")
    widths = [2, 2, 2, 4][: len(parts)]
    return (len(kode) == PANJANG_KODE[tingkat] and len(parts) == tingkat
            and all(len(p) == w and p.isdigit() for p, w in zip(parts, widths, strict=True)))


def baca_sumber(directory: Path | None = None, *, hanya_prefix: Iterable[str] | None = None) -> dict[str, dict]:
    """Read the decree files into ``{kode: row}``. ``hanya_prefix`` keeps only those subtrees
    (plus their ancestors): used by tests and small installations."""
    directory = Path(directory or DATA_DIR)
    wil_path = _find(directory, "wilayah")
    if wil_path is None:
        raise ValidationError(f"wilayah.csv(.gz) tidak ditemukan di {directory}")
    prefixes = tuple(hanya_prefix or ())

    def wanted(kode: str) -> bool:
        return not prefixes or any(kode.startswith(p) or p.startswith(kode + ".") or p == kode for p in prefixes)

    rows: dict[str, dict] = {}
    with _open_text(wil_path) as fh:
        for n, rec in enumerate(csv.DictReader(fh), start=2):
            kode = (rec.get("kode") or "").strip()
            if not wanted(kode):
                continue
            jenis = (rec.get("tingkat") or "").strip()
            if jenis not in TINGKAT_JENIS:
                raise ValidationError(f"{wil_path.name} baris {n}: tingkat '{jenis}' tidak dikenal")
            tingkat = int(TINGKAT_JENIS[Jenis(jenis)])
            if not _valid_kode(kode, tingkat):
                raise ValidationError(f"{wil_path.name} baris {n}: kode '{kode}' tidak sesuai tingkat {jenis}")
            nama = " ".join((rec.get("nama") or "").split())
            if not nama:
                raise ValidationError(f"{wil_path.name} baris {n}: nama kosong")
            induk = (rec.get("induk") or "").strip() or None
            if induk != (kode.rsplit(".", 1)[0] if "." in kode else None):
                raise ValidationError(f"{wil_path.name} baris {n}: induk '{induk}' bukan awalan kode '{kode}'")
            rows[kode] = {
                "nama": nama, "jenis": jenis, "tingkat": tingkat, "induk_id": induk,
                "nama_cari": normalisasi(nama), "lat": None, "lng": None, "luas_km2": None,
                "penduduk": None, "aktif": True,
            }
    for kode, row in rows.items():
        if row["induk_id"] and row["induk_id"] not in rows:
            raise ValidationError(f"kode '{kode}': induk '{row['induk_id']}' tidak ada di berkas")

    koord_path = _find(directory, "koordinat")
    if koord_path:
        with _open_text(koord_path) as fh:
            for rec in csv.DictReader(fh):
                row = rows.get(rec["kode"])
                if row is not None:
                    row["lat"], row["lng"] = float(rec["lat"]), float(rec["lng"])
    luas_path = _find(directory, "luas_penduduk")
    if luas_path:
        with _open_text(luas_path) as fh:
            for rec in csv.DictReader(fh):
                row = rows.get(rec["kode"])
                if row is not None:
                    row["luas_km2"] = Decimal(rec["luas_km2"]) if rec.get("luas_km2") else None
                    row["penduduk"] = int(rec["penduduk_total"]) if rec.get("penduduk_total") else None
    return rows


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(a - b) < 1e-7 or a is b is None
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return (a is None and b is None) or (a is not None and b is not None and Decimal(a) == Decimal(b))
    return a == b


def wilayah_import(
    *, directory: Path | None = None, hanya_prefix: Iterable[str] | None = None,
    dry_run: bool = False, progress: Callable[[int], None] | None = None,
) -> LaporanImpor:
    """Bring the region table in line with a decree's files. Idempotent.

    New codes are added, changed names and data updated, codes missing from the files become
    inactive (never deleted: KIMs may point to them), and inactive codes that reappear become
    active again. With ``hanya_prefix``, only those subtrees are compared.
    """
    sumber = baca_sumber(directory, hanya_prefix=hanya_prefix)
    laporan = LaporanImpor(total=len(sumber))
    prefixes = tuple(hanya_prefix or ())

    existing_qs = Wilayah.objects.all()
    if prefixes:
        from django.db.models import Q

        q = Q(pk__in=[])
        for p in prefixes:
            q |= Q(kode__startswith=p)
        existing_qs = existing_qs.filter(q | Q(kode__in=list(sumber)))
    existing = {w.kode: w for w in existing_qs.only("kode", *[f for f in _FIELDS if f != "induk_id"], "induk_id")}

    create: list[Wilayah] = []
    update: list[Wilayah] = []
    for kode in sorted(sumber, key=lambda k: (len(k), k)):
        row = sumber[kode]
        obj = existing.get(kode)
        if obj is None:
            create.append(Wilayah(kode=kode, **row))
            laporan.baru.append(kode)
            continue
        changed = [f for f in _FIELDS if not _same(getattr(obj, f), row[f])]
        if not changed:
            continue
        if "nama" in changed:
            laporan.berubah_nama.append((kode, obj.nama, row["nama"]))
        if "aktif" in changed:
            laporan.diaktifkan_kembali.append(kode)
        if set(changed) - {"nama", "nama_cari", "aktif"}:
            laporan.berubah_lain += 1
        for f in _FIELDS:
            setattr(obj, f, row[f])
        update.append(obj)
    hilang = [k for k, w in existing.items() if k not in sumber and w.aktif]
    laporan.dinonaktifkan = sorted(hilang)

    if dry_run:
        return laporan
    done = 0
    with transaction.atomic():
        for i in range(0, len(create), BATCH):
            Wilayah.objects.bulk_create(create[i : i + BATCH], batch_size=BATCH)
            done += len(create[i : i + BATCH])
            if progress:
                progress(len(create[i : i + BATCH]))
        for i in range(0, len(update), 1000):
            Wilayah.objects.bulk_update(update[i : i + 1000], list(_FIELDS), batch_size=1000)
            if progress:
                progress(len(update[i : i + 1000]))
        for i in range(0, len(hilang), 1000):
            Wilayah.objects.filter(kode__in=hilang[i : i + 1000]).update(aktif=False)
    return laporan
