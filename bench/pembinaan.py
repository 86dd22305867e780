"""Benchmark: the trainings-attended indicator and the coverage per programme at scale.

Run through ``python -m bench --hanya pembinaan`` (a throw-away PostgreSQL database), or directly
with ``DATABASE_URL`` set to an empty database. It migrates, imports the regions of Sulawesi Barat
(76), bulk-creates 100,000 KIMs over its desa, 3,000 events in the current year (pelatihan,
bimtek, sosialisasi, some cancelled) and 400,000 attendance rows (fixed seed), runs ANALYZE, then
times (p50/p95 over ``--runs``):

- ``pelatihan_dihadiri_per_kim(year)`` (penilaian's indicator for every KIM at once) against a
  hand-written SQL baseline doing the same work on the same connection (results checked equal);
- ``jangkauan_per_program`` for the whole province (the coverage page's main table).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._dasar import ukur  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SIMPUL_TASKS", "immediate")

JUMLAH_KIM = 100_000
JUMLAH_KEGIATAN = 3_000
JUMLAH_HADIR = 400_000
SEED = 20261123


def isi(tahun: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from simpul.core.teks import normalisasi
    from simpul.kim.models import Kim
    from simpul.pembinaan.models import Kegiatan, Peserta
    from simpul.wilayah.models import Tingkat, Wilayah
    from simpul.wilayah.services import wilayah_import

    rng = random.Random(SEED)
    wilayah_import(hanya_prefix=["76"])
    desa = list(Wilayah.objects.filter(tingkat=Tingkat.DESA).values_list("kode", flat=True))
    kec = list(Wilayah.objects.filter(tingkat=Tingkat.KECAMATAN).values_list("kode", flat=True))
    t = time.perf_counter()
    Kim.objects.bulk_create([
        Kim(nama=f"KIM Bench {i}", nama_normal=normalisasi(f"KIM Bench {i}"), slug=f"kim-bench-{i}",
            desa_id=rng.choice(desa), status="aktif") for i in range(JUMLAH_KIM)], batch_size=5000)
    kim_ids = list(Kim.objects.values_list("pk", flat=True))
    awal = timezone.make_aware(datetime(tahun, 1, 1, 8))
    kegiatan = []
    for i in range(JUMLAH_KEGIATAN):
        mulai = awal + timedelta(days=rng.randint(0, 360), hours=rng.randint(0, 8))
        kegiatan.append(Kegiatan(
            jenis=rng.choice(["pelatihan", "bimtek", "sosialisasi", "rapat_koordinasi"]), judul=f"Kegiatan {i}",
            program=rng.choice(["Literasi digital", "Peningkatan kapasitas", ""]),
            wilayah_id=rng.choice(kec + ["76", "76.02"]), penyelenggara="Diskominfo", mulai=mulai,
            selesai=mulai + timedelta(hours=4), tempat="Aula", status="batal" if i % 50 == 0 else "terbit",
            kunci_qr="x"))
    Kegiatan.objects.bulk_create(kegiatan, batch_size=2000)
    keg_ids = list(Kegiatan.objects.values_list("pk", flat=True))
    sekarang = timezone.now()
    Peserta.objects.bulk_create([
        Peserta(kegiatan_id=rng.choice(keg_ids), kim_id=rng.choice(kim_ids), nama="Peserta", walkin=True,
                hadir_pada=sekarang, cara_hadir="manual") for _ in range(JUMLAH_HADIR)], batch_size=5000)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    print(f"data: {JUMLAH_KIM:,} KIMs, {JUMLAH_KEGIATAN:,} events, {JUMLAH_HADIR:,} attendances "
          f"({time.perf_counter() - t:.1f} s)")


BASELINE = """
SELECT p.kim_id, COUNT(DISTINCT p.kegiatan_id)
FROM pembinaan_peserta p JOIN pembinaan_kegiatan k ON k.id = p.kegiatan_id
WHERE p.kim_id IS NOT NULL AND p.hadir_pada IS NOT NULL AND k.jenis IN ('pelatihan', 'bimtek')
  AND k.mulai >= %s AND k.mulai < %s AND k.status <> 'batal'
GROUP BY p.kim_id
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    opts = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from simpul.akun.models import Penugasan, User
    from simpul.pembinaan import selectors

    if connection.vendor != "postgresql":
        sys.exit("bench/pembinaan.py needs PostgreSQL (DATABASE_URL).")
    call_command("migrate", verbosity=0)
    tahun = timezone.localdate().year
    isi(tahun)
    dari, sampai = date(tahun, 1, 1), date(tahun + 1, 1, 1)

    hasil = selectors.pelatihan_dihadiri_per_kim(dari, sampai)
    with connection.cursor() as c:
        c.execute(BASELINE, [selectors._saat(dari), selectors._saat(sampai)])
        assert dict(c.fetchall()) == hasil, "selector and baseline disagree"
    print(f"KIMs with >= 1 training: {len(hasil):,}")

    def baseline():
        with connection.cursor() as c:
            c.execute(BASELINE, [selectors._saat(dari), selectors._saat(sampai)])
            c.fetchall()

    p50, p95 = ukur(lambda: selectors.pelatihan_dihadiri_per_kim(dari, sampai), opts.runs)
    b50, b95 = ukur(baseline, opts.runs)
    print(f"pelatihan_dihadiri_per_kim (100k KIMs): p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    print(f"baseline hand-written SQL:              p50 {b50:.0f} ms, p95 {b95:.0f} ms")
    print(f"ratio selector / baseline (p50): {p50 / b50:.2f}")

    user = User.objects.create(nama="Bench", email="bench@contoh.id")
    Penugasan.objects.create(user=user, peran="diskominfo_prov", wilayah_id="76")
    j50, j95 = ukur(lambda: selectors.jangkauan_per_program(user=user, tahun=tahun, wilayah="76"), opts.runs)
    print(f"jangkauan_per_program (province 76, {JUMLAH_KEGIATAN:,} events): p50 {j50:.0f} ms, p95 {j95:.0f} ms")


if __name__ == "__main__":
    main()
