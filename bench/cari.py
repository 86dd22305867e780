"""Benchmark: the search (``simpul.cari.selectors.cari``) over 1,000,000 articles on PostgreSQL.

Usage (``python -m bench --hanya cari`` gives it a throw-away database), or by hand:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simpul_bench_cari .venv/bin/python bench/cari.py

1. Migrates, then bulk-loads ``--jumlah`` (default 1,000,000) synthetic articles into the index
   table ``cari_dokumen`` with COPY (two connections in parallel; the GIN index is built after the
   load, as one does for a bulk load). The text is deterministic (seed 20261123) and
   Indonesian-like: a Zipf-weighted vocabulary of ~600 everyday news words, the real names of
   the 83,000 desa and 7,000 kecamatan of the shipped decree (the long tail), topical words
   (kopi, robusta, sagu, tenun, homestay, posyandu, banjir...), a title of 5-10 words and a
   text of 40-80 words per article, a desa code and a time over five years each.
2. Rebuilds the typo vocabulary (``kata_bangun``: ``ts_stat`` over the whole index), ANALYZE.
3. Runs a fixed list of queries (common and rare words, names, two- and three-word queries,
   typos such as "tapalng" and "kopi robsta", with a kind or region filter) ``--ulang`` times
   each through the real selector, timed in-process, and prints p50 / p95 / max.
4. Baseline, same run, same queries: the selector's own statements (the vocabulary lookup,
   the one ranked statement with the plan it chose), captured once per query and replayed
   with the same values through a plain cursor, and the ratio selector / bare SQL. Before timing, the bare SQL is checked to return the same documents in the same order
   as the selector for every query. For information it also times the naive query (rank every
   match, no candidate cap) on the same list.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import random
import statistics
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261123

UMUM = """
yang dan di ke dari untuk dengan pada dalam ini itu oleh akan telah sudah juga tidak ada lebih
bisa dapat harus masih karena sebagai serta atau namun bahwa agar saat setelah sebelum hingga
sejak antara melalui tentang bagi para kami mereka kita warga desa kelurahan kecamatan kabupaten
kota provinsi pemerintah daerah masyarakat kegiatan program bantuan pembangunan jalan jembatan
sekolah anak guru murid kesehatan puskesmas posyandu bidan dokter ibu bapak keluarga rumah tangga
petani nelayan pedagang pasar harga beras jagung padi sawah kebun ladang panen pupuk benih bibit
air bersih sumur irigasi listrik internet sinyal jaringan telepon informasi komunikasi media berita
kabar laporan rapat musyawarah pertemuan sosialisasi pelatihan penyuluhan lomba festival budaya
adat tradisi upacara perayaan hari ulang tahun kemerdekaan agustus gotong royong kerja bakti
kebersihan lingkungan sampah pohon hutan sungai laut pantai pulau gunung bukit hujan banjir longsor
gempa kemarau angin cuaca musim bencana pengungsi relawan posko logistik dapur umum camat lurah
kepala dusun rukun tetangga tokoh pemuda karang taruna perempuan pkk lansia disabilitas
koperasi usaha mikro kecil menengah umkm modal pinjaman tabungan bank pendapatan ekonomi wisata
wisatawan kunjungan pengunjung tiket penginapan homestay kuliner makanan minuman oleh khas produk
kerajinan tangan anyaman tenun kain batik ukiran kayu bambu rotan sagu kopi robusta arabika kakao
cokelat kelapa sawit karet cengkeh pala lada vanili durian rambutan mangga pisang ubi singkong
ikan udang kepiting rumput kerang tambak keramba perahu kapal dermaga pelabuhan mobil motor
angkutan ojek terminal bus transportasi jalan rusak perbaikan aspal beton drainase saluran
anggaran dana desa apbdes alokasi realisasi transparansi laporan pertanggungjawaban bumdes
komunitas informasi kim diskominfo komdigi literasi digital hoaks sosial facebook whatsapp
video foto dokumentasi liputan wartawan jurnalis warga menulis membaca menanam memanen mengolah
menjual membeli membangun memperbaiki membersihkan mengikuti menghadiri menyampaikan meminta
mengusulkan menyetujui meresmikan membuka menutup meningkatkan mengembangkan mendukung membantu
pertanian perikanan peternakan sapi kambing ayam bebek babi kandang pakan vaksin penyakit obat
stunting gizi imunisasi balita bayi hamil vaksinasi sehat sakit rawat inap rujukan ambulans
pendidikan paud sd smp sma beasiswa perpustakaan buku pramuka olahraga sepak bola voli bulu
tangkis turnamen juara pemenang hadiah piala medali prestasi peserta panitia acara pembukaan
penutupan sambutan doa bersama syukuran masjid gereja pura vihara ibadah ramadan lebaran natal
baru lama besar kecil tinggi rendah banyak sedikit cepat lambat murah mahal baik buruk aman
pagi siang sore malam minggu bulan tahun hari senin selasa rabu kamis jumat sabtu januari
februari maret april mei juni juli september oktober november desember pukul sekitar orang
jiwa kepala hektare ton kilogram liter meter kilometer rupiah juta miliar persen tahap kedua
pertama ketiga terakhir utama penting khusus umum resmi baru mulai selesai lanjut rencana target
""".split()  # noqa: SIM905 (a word list reads better as prose)

TOPIK = """kopi robusta sagu tenun sekomandi homestay pantai posyandu banjir longsor festival panen
jagung kakao cengkeh rumput laut bumdes stunting internet sinyal jembatan irigasi nelayan
kerajinan anyaman wisata kuliner pelatihan literasi hoaks pemilu vaksinasi beasiswa""".split()  # noqa: SIM905

# What people type: (query, filter). Typos on purpose.
PERTANYAAN: list[tuple[str, dict]] = [
    ("kopi", {}), ("kopi robusta", {}), ("kopi robsta", {}), ("kpoi robusta", {}),
    ("tapalang", {}), ("tapalng", {}), ("orobatu", {}), ("mamuju", {}), ("sagu", {}),
    ("tenun sekomandi", {}), ("tenun sekomdi", {}), ("homestay pantai", {}), ("homestai pantai", {}),
    ("posyandu balita", {}), ("banjir", {}), ("banjir longsor kecamatan", {}), ("festival budaya", {}),
    ("desa", {}), ("warga", {}), ("pembangunan jalan desa", {}), ("rumput laut", {}),
    ("bumdes", {}), ("stunting", {}), ("pelatihan literasi digital", {}), ("hoaks", {}),
    ("panen jagung", {"jenis": "berita"}), ("kopi", {"wilayah": "76.02"}), ("banjir", {"wilayah": "76"}),
    ("sinyal internet", {"wilayah": "73.71"}), ("xyzzyq", {}), ("kop", {}), ("pemerintah kabupaten", {}),
    ("jembatan rusak", {}), ("wisata kuliner khas", {}), ("nelayan perahu", {}), ("karang taruna", {}),
]


def _zipf(n: int, s: float = 1.0) -> list[float]:
    acc, out = 0.0, []
    for r in range(n):
        acc += 1.0 / (r + 1) ** s
        out.append(acc)
    return out


def _nama_wilayah() -> tuple[list[str], list[str], list[str]]:
    desa, kec, kode_desa = [], [], []
    with gzip.open(ROOT / "data/wilayah/wilayah.csv.gz", "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["tingkat"] in ("desa", "kelurahan"):
                desa.append(row["nama"])
                kode_desa.append(row["kode"])
            elif row["tingkat"] == "kecamatan":
                kec.append(row["nama"])
    return desa, kec, kode_desa


class Penghasil:
    """Deterministic Indonesian-like articles."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.desa, self.kec, self.kode = _nama_wilayah()
        self.kec += ["Tapalang", "Tapalang Barat", "Kalumpang"]
        self.desa += ["Orobatu", "Takandeang"]
        rng = random.Random(SEED)
        self.umum = UMUM[:]
        rng.shuffle(self.umum)
        self.cum_umum = _zipf(len(self.umum), 0.9)
        self.cum_topik = _zipf(len(TOPIK), 0.8)
        self.awal = datetime(2021, 1, 1, tzinfo=UTC)

    def artikel(self, urutan: float) -> tuple[str, str, str, datetime]:
        r = self.rng
        topik = r.choices(TOPIK, cum_weights=self.cum_topik, k=2)
        tempat = r.choice(self.desa) if r.random() < 0.7 else r.choice(self.kec)
        judul_kata = r.choices(self.umum, cum_weights=self.cum_umum, k=r.randint(3, 7))
        judul = " ".join([topik[0].capitalize(), *judul_kata[:2], tempat, *judul_kata[2:]])
        isi_kata = r.choices(self.umum, cum_weights=self.cum_umum, k=r.randint(40, 80))
        for i in range(r.randint(1, 3)):
            isi_kata.insert(r.randrange(len(isi_kata)), topik[i % 2])
        isi_kata.insert(r.randrange(len(isi_kata)), r.choice(self.desa))
        isi_kata.insert(r.randrange(len(isi_kata)), "Kecamatan " + r.choice(self.kec))
        isi = " ".join(isi_kata).capitalize() + "."
        # Published in order (the index grows as articles are published), a few hours' jitter.
        waktu = self.awal + timedelta(seconds=int(urutan * 5 * 365 * 86400) + r.randrange(6 * 3600))
        return judul, isi, r.choice(self.kode), waktu


def _muat(dsn_kw: dict, mulai: int, jumlah: int, total: int, seed: int) -> None:
    import psycopg

    gen = Penghasil(seed)
    sekarang = datetime.now(UTC)
    with psycopg.connect(**dsn_kw) as conn, conn.cursor() as cur:
        with cur.copy("COPY cari_dokumen (dibuat, diubah, jenis, objek_id, judul, isi, url, wilayah_kode, "
                      "kim_id, waktu, publik) FROM STDIN") as cp:
            for i in range(mulai, mulai + jumlah):
                judul, isi, kode, waktu = gen.artikel(i / total)
                cp.write_row((sekarang, sekarang, "berita", str(i), judul, isi, f"/berita/{i}/", kode,
                              None, waktu, True))
        conn.commit()


def _persen(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[max(0, int(round(len(xs) * p)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jumlah", type=int, default=1_000_000, help="articles (default 1,000,000)")
    parser.add_argument("--ulang", type=int, default=10, help="runs per query (default 10)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("bench/cari.py needs DATABASE_URL=postgres://... (python -m bench --hanya cari)")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from simpul.cari import selectors
    from simpul.cari.models import Dokumen
    from simpul.cari.services import kata_bangun

    call_command("migrate", verbosity=0)
    n = Dokumen.objects.count()
    if n < args.jumlah:
        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("DELETE FROM cari_dokumen")
            cur.execute("DROP INDEX IF EXISTS cari_dokumen_vektor")
            cur.execute("DROP INDEX IF EXISTS cari_dokumen_vektor_judul")
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        separuh = args.jumlah // 2
        kerja = [threading.Thread(target=_muat, args=(params, 0, separuh, args.jumlah, SEED)),
                 threading.Thread(target=_muat, args=(params, separuh, args.jumlah - separuh, args.jumlah, SEED + 1))]
        for t in kerja:
            t.start()
        for t in kerja:
            t.join()
        t1 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '512MB'")
            cur.execute("CREATE INDEX cari_dokumen_vektor ON cari_dokumen USING gin (vektor)")
            cur.execute("CREATE INDEX cari_dokumen_vektor_judul ON cari_dokumen USING gin (vektor_judul)")
        t2 = time.perf_counter()
        kata = kata_bangun()
        t3 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE cari_dokumen")
            cur.execute("VACUUM ANALYZE cari_kata")
        n = Dokumen.objects.count()
        print(f"loaded {n} articles: COPY {t1 - t0:.0f} s, GIN index {t2 - t1:.0f} s, "
              f"vocabulary {kata} words {t3 - t2:.0f} s")
    with connection.cursor() as cur:
        cur.execute("SELECT pg_size_pretty(pg_total_relation_size('cari_dokumen')), "
                    "pg_size_pretty(pg_relation_size('cari_dokumen_vektor')), (SELECT count(*) FROM cari_kata)")
        ukuran, ukuran_gin, n_kata = cur.fetchone()
    print(f"database: {connection.vendor}, {n} documents ({ukuran}, GIN {ukuran_gin}), {n_kata} words")

    def lewat_selector(q, kw):
        return len(selectors.cari(q, **kw).dokumen)

    def lewat_naif(q, kw):
        # The vocabulary lookup by hand, then the naive statement: rank every match.
        naif = True
        kata = selectors.kata_query(q)
        with connection.cursor() as cur:
            calon = [k for k in kata if len(k) >= 4 and not k.isdigit()]
            pendek = [k for k in kata if k not in calon]
            awalan = kata[-1] if len(kata[-1]) >= 2 else None
            saring, sp = "publik", []
            if kw.get("jenis"):
                saring += " AND jenis = %s"
                sp.append(kw["jenis"])
            if kw.get("wilayah"):
                saring += " AND (wilayah_kode LIKE %s OR wilayah_kode = %s)"
                sp += [kw["wilayah"] + ".%%", kw["wilayah"]]
            hitung = ""
            cur.execute("SELECT w.q, k.kata, similarity(k.kata, w.q) s, k.jumlah FROM unnest(%s::text[]) w(q) "
                        "CROSS JOIN LATERAL (SELECT kata, jumlah FROM cari_kata WHERE kata %% w.q "
                        "ORDER BY similarity(kata, w.q) DESC, jumlah DESC LIMIT 5) k "
                        "UNION ALL SELECT kata, kata, 1.0, jumlah FROM cari_kata WHERE kata = ANY(%s::text[]) "
                        "UNION ALL SELECT %s, '', -1.0, COALESCE(sum(jumlah), 0) FROM "
                        "(SELECT jumlah FROM cari_kata WHERE kata LIKE %s LIMIT 2000) a" + hitung,
                        [calon, pendek, f"{awalan}*", f"{awalan}%" if awalan else "", *(sp if hitung else [])])
            tetangga: dict[str, list[tuple[str, float]]] = {}
            jumlah: dict[str, int] = {}
            for w, v, sim, n_dok in cur.fetchall():
                if sim < 0:
                    if awalan or w == "#":
                        jumlah[w] = n_dok
                    continue
                if w in calon:
                    tetangga.setdefault(w, []).append((v, sim))
                jumlah[v] = n_dok
            bagian, frek, per_kata = [], [], []
            for i, k in enumerate(kata):
                daftar = tetangga.get(k, [])
                dikenal = any(v == k for v, _s in daftar)
                awal = i == len(kata) - 1 and not dikenal
                alt = [f"{k}:*" if awal else k]
                m = jumlah.get(f"{k}*" if awal else k, 0)
                if daftar and not dikenal:
                    batas = max(selectors.MIRIP_MIN, max(s for _v, s in daftar) - selectors.SELISIH_KOREKSI)
                    dekat = [v for v, s in daftar if s >= batas and v != k][:3]
                    alt += dekat
                    m += sum(jumlah.get(v, 0) for v in dekat)
                bagian.append("(" + " | ".join(alt) + ")")
                frek.append(min(1.0, m / selectors._terbaru().n))
                per_kata.append(m)
            if naif:
                tq = " & ".join(bagian)
                cur.execute(
                    f"SELECT id, judul, url, ts_rank(vektor, q) + similarity(lower(judul), %s) AS skor "  # noqa: S608
                    f"FROM cari_dokumen, to_tsquery('indonesian', %s) q WHERE {saring} AND vektor @@ q "
                    "ORDER BY skor DESC LIMIT 21", [" ".join(kata), tq, *sp])
                return len(cur.fetchall())
        return 0

    pernyataan: dict[tuple, list[str]] = {}

    def lewat_sql(q, kw, *, naif=False, ids=False):
        # The same statements with the same values through a bare cursor (no ORM, no model
        # objects): the selector's own SQL, captured once per query (the plan it chose).
        if naif:
            return lewat_naif(q, kw)
        kunci = (q, tuple(sorted(kw.items())))
        if kunci not in pernyataan:
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as c:
                selectors.cari(q, **kw)
            pernyataan[kunci] = [x["sql"] for x in c.captured_queries if "max(urut)" not in x["sql"]]
        rows: list = []
        with connection.cursor() as cur:
            for sql in pernyataan[kunci]:
                cur.execute(sql)
                rows = cur.fetchall()
        return [r[0] for r in rows[:20]] if ids else len(rows)

    def ukur(fungsi, ulang):
        semua, per_q = [], {}
        for q, kw in PERTANYAAN:
            fungsi(q, kw)  # warm once
        for _ in range(ulang):
            for q, kw in PERTANYAAN:
                t = time.perf_counter()
                hasil = fungsi(q, kw)
                dt = (time.perf_counter() - t) * 1000
                semua.append(dt)
                per_q.setdefault(f"{q!r} {kw or ''} ({hasil})", []).append(dt)
        return semua, per_q

    # The bare SQL gives the same answer as the selector (the same documents in the same order).
    beda = [q for q, kw in PERTANYAAN
            if lewat_sql(q, kw, ids=True) != [d.id for d in selectors.cari(q, **kw).dokumen]]
    print(f"bare SQL = selector on {len(PERTANYAAN) - len(beda)} of {len(PERTANYAAN)} queries"
          + (f" (differs: {', '.join(beda)})" if beda else ""))
    sel, sel_q = ukur(lewat_selector, args.ulang)
    bare, _ = ukur(lewat_sql, args.ulang)
    naif, naif_q = ukur(lambda q, kw: lewat_sql(q, kw, naif=True), 1)
    print(f"{len(PERTANYAAN)} queries x {args.ulang} runs")
    for nama, xs in (("selector cari()", sel), ("bare SQL, same plan", bare), ("naive: rank every match", naif)):
        print(f"{nama:26} p50 {statistics.median(xs):7.1f} ms   p95 {_persen(xs, 0.95):7.1f} ms   "
              f"max {max(xs):7.1f} ms")
    print(f"ratio selector / bare SQL: p50 {statistics.median(sel) / statistics.median(bare):.2f}, "
          f"p95 {_persen(sel, 0.95) / _persen(bare, 0.95):.2f}")
    print(f"target p95 <= 100 ms: {'met' if _persen(sel, 0.95) <= 100 else 'NOT met'}")
    print("slowest queries (selector, median ms):")
    for label, xs in sorted(sel_q.items(), key=lambda kv: -statistics.median(kv[1]))[:6]:
        print(f"  {statistics.median(xs):7.1f}  {label}")
    print("slowest queries (naive, ms):")
    for label, xs in sorted(naif_q.items(), key=lambda kv: -max(kv[1]))[:4]:
        print(f"  {max(xs):7.1f}  {label}")


if __name__ == "__main__":
    main()
