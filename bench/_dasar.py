"""What every PostgreSQL benchmark needs, in one place: a throw-away database with the real schema
and every region, national-scale KIMs and members loaded with COPY, and the timing helpers.

    from bench import _dasar as d
    d.siapkan_pg("simpul_bench_x")          # create + migrate + import 91,599 regions, django.setup()
    kim_ids = d.buat_kim(100_000)           # KIMs spread over the desa by population (fixed seed)
    d.buat_anggota(kim_ids, 2_000_000)      # members
    p50, p95 = d.ukur(lambda: ..., runs=20) # milliseconds
    d.hapus_pg("simpul_bench_x")

Rows are generated deterministically (``SEED``) and written with ``COPY ... FROM STDIN``, the bulk
path PostgreSQL is fastest at; the ORM is not used for the rows, only for the schema.
"""

from __future__ import annotations

import bisect
import itertools
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261123
PG = "postgres://postgres@127.0.0.1:5432/"


def psql(sql: str, *, db: str = "postgres") -> None:
    subprocess.run(["psql", "-U", "postgres", "-h", "127.0.0.1", "-d", db, "-q", "-v", "ON_ERROR_STOP=1",
                    "-c", "SET client_min_messages=warning", "-c", sql], check=True, stdout=subprocess.DEVNULL)


def persentil(xs: Sequence[float], p: float) -> float:
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p
    f = int(k)
    c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)


def ukur(fn, runs: int = 20, *, pemanasan: int = 1) -> tuple[float, float]:
    """(p50, p95) of ``fn()`` in milliseconds over ``runs`` calls, after a warm-up."""
    for _ in range(pemanasan):
        fn()
    waktu = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        waktu.append((time.perf_counter() - t0) * 1000)
    return statistics.median(waktu), persentil(waktu, 0.95)


def rasio(nilai: float, dasar: float) -> str:
    return f"{nilai / dasar:.2f}x" if dasar else "n/a"


def siapkan_pg(db: str, *, wilayah: bool = True, baru: bool = True) -> None:
    """Point Django at a (new) PostgreSQL database ``db``, migrate it and import the regions."""
    if baru:
        psql(f"DROP DATABASE IF EXISTS {db}")
        psql(f"CREATE DATABASE {db}")
    os.environ["DATABASE_URL"] = PG + db
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.pop("REDIS_URL", None)
    os.environ["SIMPUL_PLAIN_STATIC"] = "1"  # pages render without a collectstatic manifest
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if wilayah:
        from simpul.wilayah.models import Wilayah

        if not Wilayah.objects.exists():
            from simpul.wilayah.services import wilayah_import

            wilayah_import()


def hapus_pg(db: str) -> None:
    from django.db import connections

    connections.close_all()
    psql(f"DROP DATABASE IF EXISTS {db}")


def salin(tabel: str, kolom: Sequence[str], baris: Iterable[Sequence]) -> int:
    """COPY ``baris`` into ``tabel``; returns the row count. Values: None -> NULL."""
    from django.db import connection

    n = 0
    with connection.cursor() as c, c.cursor.copy(f"COPY {tabel} ({', '.join(kolom)}) FROM STDIN") as cp:
        for row in baris:
            cp.write_row(row)
            n += 1
    return n


def salin_model(model, baris: Iterable[dict]) -> int:
    """COPY dicts into ``model``'s table. Columns not given take the field's default (or NULL,
    or "" for text, or now for auto timestamps), so a model gaining a column does not break the
    generators."""
    import json

    from django.db import models
    from django.utils import timezone

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    sekarang = timezone.now()
    bawaan = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            bawaan[f.attname] = sekarang
        elif f.has_default():
            bawaan[f.attname] = f.get_default()
        elif f.null:
            bawaan[f.attname] = None
        else:
            bawaan[f.attname] = ""
    json_cols = {f.attname for f in fields if isinstance(f, models.JSONField)}
    kolom = [f.attname for f in fields]

    def rows():
        for d in baris:
            row = []
            for k in kolom:
                v = d.get(k, bawaan[k])
                if k in json_cols and v is not None:
                    v = json.dumps(v)
                row.append(v)
            yield row

    return salin(model._meta.db_table, [f.column for f in fields], rows())


def _desa_berbobot(rng: random.Random) -> tuple[list[str], list[float]]:
    """Active desa codes with cumulative weights: the desa's population where known, otherwise
    its kecamatan's population shared equally, otherwise 1; each province also gets its own
    coverage level, so national figures are uneven as in reality."""
    from simpul.wilayah.models import Tingkat, Wilayah

    desa = list(Wilayah.objects.filter(tingkat=Tingkat.DESA, aktif=True).order_by("kode")
                .values_list("kode", "penduduk"))
    kec = dict(Wilayah.objects.filter(tingkat=Tingkat.KECAMATAN).values_list("kode", "penduduk"))
    per_kec: dict[str, int] = {}
    for kode, _p in desa:
        per_kec[kode[:8]] = per_kec.get(kode[:8], 0) + 1
    tingkat_prov: dict[str, float] = {}
    kodes, kumulatif, total = [], [], 0.0
    for kode, penduduk in desa:
        prov = kode[:2]
        if prov not in tingkat_prov:
            tingkat_prov[prov] = rng.uniform(0.2, 1.0)
        bobot = penduduk or ((kec.get(kode[:8]) or 0) / per_kec[kode[:8]]) or 1.0
        total += bobot * tingkat_prov[prov]
        kodes.append(kode)
        kumulatif.append(total)
    return kodes, kumulatif


STATUS_KIM = ["aktif"] * 80 + ["draf"] * 8 + ["diajukan"] * 6 + ["dibekukan"] * 4 + ["ditolak"] * 2


def buat_kim(jumlah: int = 100_000, *, seed: int = SEED) -> list[int]:
    """``jumlah`` KIMs over the active desa (every desa with weight > 0 may get several, by
    population); 80% active. Returns their ids in creation order."""
    from django.db import connection

    from simpul.kim.models import Kim

    rng = random.Random(seed)
    kodes, kumulatif = _desa_berbobot(rng)
    total = kumulatif[-1]
    sekarang = datetime(2026, 1, 1, tzinfo=UTC)
    mulai = Kim.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def rows():
        for i in range(jumlah):
            kode = kodes[bisect.bisect_left(kumulatif, rng.random() * total)]
            status = rng.choice(STATUS_KIM)
            mandiri = rng.random() < 0.3
            nama = f"KIM Nusantara {mulai + i + 1}"
            yield {"nama": nama, "nama_normal": nama.lower(), "slug": f"kim-nusantara-{mulai + i + 1}",
                   "desa_id": kode, "sumber_dana": ["iuran", "usaha"] if mandiri else ["dana_desa"],
                   "mandiri": mandiri, "status": status, "langkah_wizard": 6,
                   "aktif_sejak": sekarang if status == "aktif" else None}

    salin_model(Kim, rows())
    with connection.cursor() as c:
        c.execute("ANALYZE kim_kim")
    return list(Kim.objects.filter(id__gt=mulai).order_by("id").values_list("id", flat=True))


NAMA_DEPAN = ["Siti", "Ahmad", "Nur", "Muhammad", "Sri", "Andi", "Dewi", "Budi", "Rahmat", "Wahyu", "Fitri",
              "Agus", "Hasan", "Yusuf", "Ayu", "Rina", "Made", "Ketut", "Putu", "Lestari"]
NAMA_BELAKANG = ["Rahayu", "Saputra", "Hidayat", "Lestari", "Wijaya", "Pratama", "Siregar", "Nasution",
                 "Daeng", "Halim", "Kurniawan", "Sari", "Putri", "Setiawan", "Ramadhan"]


def buat_anggota(kim_ids: Sequence[int], jumlah: int, *, seed: int = SEED) -> int:
    """``jumlah`` members spread over ``kim_ids`` (10 at least each, the rest at random)."""
    from django.db import connection

    from simpul.kim.models import Anggota

    rng = random.Random(seed + 1)
    jk = ["L", "P"]
    umur = ["17-25", "26-35", "36-45", "46-55", "56+"]

    def kim_urut():
        dasar = min(10, jumlah // max(1, len(kim_ids)))
        for kim_id in kim_ids:
            for _ in range(dasar):
                yield kim_id
        for _ in range(jumlah - dasar * len(kim_ids)):
            yield rng.choice(kim_ids)

    def rows():
        for kim_id in itertools.islice(kim_urut(), jumlah):
            yield {"kim_id": kim_id, "nama": f"{rng.choice(NAMA_DEPAN)} {rng.choice(NAMA_BELAKANG)}",
                   "jenis_kelamin": rng.choice(jk), "kelompok_umur": rng.choice(umur),
                   "tanggal_gabung": date(2026, 1, 1)}

    n = salin_model(Anggota, rows())
    with connection.cursor() as c:
        c.execute("ANALYZE kim_anggota")
    return n


# --- additions for bench/negara.py (the synthetic country); the helpers above are unchanged ---


def bawaan_kolom(model) -> dict[str, object]:
    """Each non-pk concrete column's value when a generator does not give it (as ``salin_model``:
    the field's default, or NULL, or "" for text, or now for auto timestamps; JSON dumped)."""
    import json

    from django.db import models
    from django.utils import timezone

    sekarang = timezone.now()
    hasil: dict[str, object] = {}
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            v = sekarang
        elif f.has_default():
            v = f.get_default()
        elif f.null:
            v = None
        else:
            v = ""
        if isinstance(f, models.JSONField) and v is not None:
            v = json.dumps(v)
        hasil[f.attname] = v
    return hasil


def koneksi_baru():
    """A raw psycopg connection to Django's database (for a second COPY stream in parallel)."""
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params)


def salin_baris(model, kolom: Sequence[str], baris: Iterable[tuple], *, conn=None) -> int:
    """COPY tuples into ``model``'s table, fast: ``kolom`` are attnames (``id`` allowed) in the
    tuples' order; every other column gets :func:`bawaan_kolom`'s value. JSON values in ``kolom``
    must already be JSON text. ``conn``: a raw psycopg connection (committed here) instead of
    Django's."""
    from django.db import connection

    sisa = {k: v for k, v in bawaan_kolom(model).items() if k not in kolom}
    nama = {f.attname: f.column for f in model._meta.concrete_fields}
    cols = [nama[k] for k in kolom] + [nama[k] for k in sisa]
    ekor = tuple(sisa.values())
    sql = f"COPY {model._meta.db_table} ({', '.join(cols)}) FROM STDIN"
    n = 0

    def tulis(cur):
        nonlocal n
        with cur.copy(sql) as cp:
            for row in baris:
                cp.write_row(row + ekor)
                n += 1

    if conn is None:
        with connection.cursor() as c:
            tulis(c.cursor)
    else:
        with conn.cursor() as cur:
            tulis(cur)
        conn.commit()
    return n


def puncak_memori_mb(pid_induk: int) -> dict[int, float]:
    """Peak resident memory (VmHWM, MB) of ``pid_induk`` and its live children, read from /proc
    (Linux). Call it before stopping the processes."""
    hasil: dict[int, float] = {}
    pids = [pid_induk]
    try:
        for berkas in Path(f"/proc/{pid_induk}/task").glob("*/children"):
            pids += [int(x) for x in berkas.read_text().split()]
    except OSError:
        pass
    for pid in pids:
        try:
            for baris in Path(f"/proc/{pid}/status").read_text().splitlines():
                if baris.startswith("VmHWM:"):
                    hasil[pid] = int(baris.split()[1]) / 1024
        except OSError:
            continue
    return hasil


def perlu_wrk() -> None:
    """The HTTP load benchmarks drive the server with ``wrk``: install it (Debian, as root) or say how."""
    import shutil

    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("==> installing wrk (apt-get)", flush=True)
        subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk",
                       shell=True, check=False, stdout=subprocess.DEVNULL)
    if not shutil.which("wrk"):
        raise SystemExit("this benchmark needs wrk: install it (e.g. 'apt-get install wrk')")
