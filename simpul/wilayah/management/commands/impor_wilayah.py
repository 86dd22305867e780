import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from simpul.core.errors import ApplicationError
from simpul.wilayah.services import wilayah_import


class Command(BaseCommand):
    help = "Import (or update from a new decree) the official region hierarchy. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="folder with wilayah.csv[.gz], koordinat.csv[.gz], luas_penduduk.csv[.gz] (default: the shipped data)")
        parser.add_argument("--prefix", action="append", help="only this subtree (repeatable), e.g. --prefix 76.02")
        parser.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **opts):
        start = time.perf_counter()
        bar = None if opts["no_progress"] or opts["dry_run"] else tqdm(unit=" wilayah", desc="impor", leave=False)
        try:
            laporan = wilayah_import(
                directory=opts["dir"], hanya_prefix=opts["prefix"], dry_run=opts["dry_run"],
                progress=bar.update if bar is not None else None,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        finally:
            if bar is not None:
                bar.close()
        took = time.perf_counter() - start
        w = self.stdout.write
        w(f"{laporan.total} kode dibaca dalam {took:.1f} s{' (dry run)' if opts['dry_run'] else ''}")
        w(f"  baru: {len(laporan.baru)}")
        w(f"  nama berubah: {len(laporan.berubah_nama)}")
        for kode, lama, baru in laporan.berubah_nama[:20]:
            w(f"    {kode}: {lama} -> {baru}")
        w(f"  data lain berubah: {laporan.berubah_lain}")
        w(f"  dinonaktifkan (tidak ada di berkas): {len(laporan.dinonaktifkan)}")
        for kode in laporan.dinonaktifkan[:20]:
            w(f"    {kode}")
        w(f"  diaktifkan kembali: {len(laporan.diaktifkan_kembali)}")
        if not laporan.ada_perubahan:
            w(self.style.SUCCESS("Tidak ada perubahan."))
