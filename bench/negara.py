"""A synthetic country on PostgreSQL, deterministic (fixed seed), loaded with COPY.

    .venv/bin/python -m bench.negara --db simpul_negara              # the full country
    .venv/bin/python -m bench.negara --db simpul_negara_kecil --skala 0.01

Creates the database if missing, migrates it, imports the 91,599 real regions
(``wilayah_import``) and loads, at ``--skala 1``:

- accounts: one Komdigi officer, one Diskominfo officer per province and per kab/kota (with
  their ``Penugasan``), one staff user per agency, one account per KIM chairperson;
- 100,000 KIMs spread over the desa by population (``_dasar.buat_kim``), 2,000,000 members
  (``_dasar.buat_anggota``), three core officers per KIM (``Pengurus``), the chair linked to an
  account;
- six agencies per kab/kota with routing rules per category, and 1,000,000 aspirations whose
  status histories are simulated step by step as the services would write them (intake, triage,
  forwarding, merging, disposition by rule, progress and final responses, rating, reopening,
  the deadline tick's escalations), with their ``AspirasiEvent`` and ``Tanggapan`` rows;
- 500 campaigns (50 national) with their targets, one delivery per active KIM in target,
  acknowledgements and reach reports, and their events;
- 1,000,000 articles with their history and tags, and the search documents the app would have
  made for the published ones;
- 200,000 listings with their history and search documents; the region and KIM documents
  (``cari.services.reindeks_wilayah`` / ``reindeks_kim``) and the typo vocabulary (equal to
  what ``kata_bangun`` builds).

It is a bulk load: the big tables' secondary indexes, unique and foreign-key constraints are
dropped first and rebuilt (exactly as the migrations defined them) at the end, then VACUUM
ANALYZE. A row in ``negara_muatan`` records the seed, scale and version; it is completed LAST.
A second run against a completed database is refused; a database whose load did not complete
(a run died) is dropped and loaded again from scratch. Progress goes to stderr.

``muat(skala=..., seed=...)`` loads into the database Django is connected to (the smoke test,
``simpul/core/tests/test_negara.py``, uses it on the test database at a tiny scale).
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import re
import sys
import threading
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache

from bench import _dasar as d

VERSI = 1
PENUH = {
    "kim": 100_000,
    "anggota": 2_000_000,
    "aspirasi": 1_000_000,
    "kampanye": 500,
    "kampanye_nasional": 50,
    "artikel": 1_000_000,
    "potensi": 200_000,
}
# "Today" for the generated history (fixed so the same seed gives the same rows any day).
HARI_INI = date(2026, 11, 23)
MARKA = "negara_muatan"
# Aspirations and articles are generated in this many forked processes (fixed, so the rows do not
# depend on the machine; each part has its own random stream and id range).
BAGIAN = 2

# The big tables: their secondary indexes and constraints are dropped during the load.
TABEL_BESAR = [
    "kim_anggota",
    "kim_pengurus",
    "akun_user",
    "aspirasi_aspirasi",
    "aspirasi_aspirasievent",
    "aspirasi_tanggapan",
    "diseminasi_penerimaan",
    "diseminasi_laporanjangkauan",
    "berita_artikel",
    "berita_artikelevent",
    "berita_artikel_tag",
    "cari_dokumen",
    "potensi_potensi",
    "potensi_potensievent",
]


def jumlah_untuk(skala: float) -> dict[str, int]:
    j = {k: max(1, round(v * skala)) for k, v in PENUH.items()}
    j["kampanye"] = max(2, j["kampanye"])
    j["kampanye_nasional"] = max(1, min(j["kampanye_nasional"], j["kampanye"] // 2))
    return j


# --- progress --------------------------------------------------------------------------------------


class Fase:
    """Times each phase and draws a progress bar on stderr (tqdm, already a dependency)."""

    def __init__(self, tulis=None) -> None:
        self.waktu: dict[str, float] = {}
        self.tulis = tulis or (lambda s: print(s, file=sys.stderr, flush=True))
        self.mulai = time.perf_counter()

    @contextmanager
    def __call__(self, nama: str, total: int | None = None):
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: the parts are forked
        t0 = time.perf_counter()
        bar = tqdm(
            total=total,
            desc=f"{nama:<22}",
            unit=" baris",
            unit_scale=True,
            file=sys.stderr,
            mininterval=1.0,
            leave=False,
            disable=total is None,
        )
        try:
            yield bar
        finally:
            bar.close()
            dt = time.perf_counter() - t0
            self.waktu[nama] = self.waktu.get(nama, 0) + dt
            self.tulis(f"[{time.perf_counter() - self.mulai:7.1f} s] {nama}: {dt:.1f} s")


def _bar(nama: str, total: int, posisi: int = 0):
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: the parts are forked

    return tqdm(
        total=total,
        desc=f"{nama:<22}",
        unit=" baris",
        unit_scale=True,
        file=sys.stderr,
        mininterval=2.0,
        position=posisi,
        leave=False,
    )


def _bagi(kerja, bagian: int = BAGIAN) -> list:
    """``kerja(b)`` for each part ``b``, in forked processes at once; their results in order.
    A child never touches the parent's database connection (it opens its own) and leaves with
    ``os._exit`` so nothing of the parent's is closed or flushed twice."""
    import multiprocessing as mp
    import os
    import traceback

    ctx = mp.get_context("fork")
    q = ctx.Queue()

    def anak(b):
        try:
            q.put((b, kerja(b), None))
        except BaseException:  # noqa: BLE001 (reported to the parent, which raises)
            q.put((b, None, traceback.format_exc()))
        finally:
            q.close()
            q.join_thread()
            os._exit(0)

    proses = [ctx.Process(target=anak, args=(b,)) for b in range(bagian)]
    for p in proses:
        p.start()
    hasil, galat = {}, []
    for _ in proses:
        b, r, err = q.get()
        if err:
            galat.append(f"part {b}:\n{err}")
        hasil[b] = r
    for p in proses:
        p.join()
    if galat:
        raise RuntimeError("\n".join(galat))
    return [hasil[b] for b in range(bagian)]


def _iter_bar(it, bar, setiap: int = 5000):
    n = 0
    for x in it:
        yield x
        n += 1
        if n == setiap:
            bar.update(n)
            n = 0
    bar.update(n)


# --- SQL helpers -----------------------------------------------------------------------------------


def _sql(sql: str, params=None) -> int:
    from django.db import connection

    with connection.cursor() as c:
        c.execute(sql, params)
        return c.rowcount


def _nilai(sql: str, params=None):
    from django.db import connection

    with connection.cursor() as c:
        c.execute(sql, params)
        return c.fetchall()


def _paralel(perintah: list[str], koneksi: int = 2) -> None:
    """Run SQL statements on ``koneksi`` connections at once (index builds, VACUUM)."""
    antre = list(perintah)
    kunci = threading.Lock()
    galat: list[BaseException] = []

    def kerja():
        try:
            with d.koneksi_baru() as conn:
                conn.autocommit = True
                conn.execute("SET maintenance_work_mem = '1GB'")
                while True:
                    with kunci:
                        if not antre or galat:
                            return
                        s = antre.pop(0)
                    conn.execute(s)
        except BaseException as exc:  # noqa: BLE001 (re-raised below, in the caller's thread)
            galat.append(exc)

    ts = [threading.Thread(target=kerja) for _ in range(koneksi)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if galat:
        raise galat[0]


def lepas_indeks(tabel: list[str]) -> list[tuple[str, str]]:
    """Drop the secondary indexes, unique and foreign-key constraints of ``tabel`` (primary keys
    and CHECKs stay); returns what to run to put them back: ``[(kind, sql)]``, kind "indeks" or
    "fk" (foreign keys go back after every index)."""
    balik: list[tuple[str, str]] = []
    for t in tabel:
        kons = _nilai(
            "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY conname",
            [t],
        )
        for nama, jenis, definisi in kons:
            _sql(f'ALTER TABLE {t} DROP CONSTRAINT "{nama}"')
            balik.append(
                (
                    "fk" if jenis == "f" else "indeks",
                    f'ALTER TABLE {t} ADD CONSTRAINT "{nama}" {definisi}',
                )
            )
        idx = _nilai(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) ORDER BY i.indexname",
            [t],
        )
        for nama, definisi in idx:
            _sql(f'DROP INDEX "{nama}"')
            balik.append(("indeks", definisi))
    return balik


def pasang_indeks(balik: list[tuple[str, str]]) -> None:
    # The GIN indexes are the slowest: start them first so the two connections finish together.
    idx = sorted((s for k, s in balik if k == "indeks"), key=lambda s: "gin" not in s)
    _paralel(idx)
    _paralel([s for k, s in balik if k == "fk"])


def _setval(tabel: list[str]) -> None:
    for t in tabel:
        _sql(
            f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), GREATEST(1, (SELECT max(id) FROM {t})))"
        )


# --- the generator ---------------------------------------------------------------------------------


class Negara:
    def __init__(self, *, skala: float, seed: int, hari_ini: date, fase: Fase) -> None:
        self.j = jumlah_untuk(skala)
        self.seed = seed
        self.hari_ini = hari_ini
        self.sekarang = datetime(hari_ini.year, hari_ini.month, hari_ini.day, 11, 0, tzinfo=UTC)
        self.fase = fase
        self.jumlah: dict[str, int] = {}

    def rng(self, n: int) -> random.Random:
        return random.Random(self.seed * 1000 + n)

    # --- regions and accounts ---
    def wilayah(self) -> None:
        from simpul.wilayah.models import Tingkat, Wilayah

        rows = list(
            Wilayah.objects.filter(aktif=True)
            .values_list("kode", "nama", "jenis", "tingkat")
            .order_by("kode")
        )
        self.nama = {k: n for k, n, _j, _t in rows}
        self.jenis = {k: j for k, _n, j, _t in rows}
        self.prov = [k for k, _n, _j, t in rows if t == Tingkat.PROVINSI]
        self.kab = [k for k, _n, _j, t in rows if t == Tingkat.KABKOTA]
        self.kec = [k for k, _n, _j, t in rows if t == Tingkat.KECAMATAN]
        self.desa = [k for k, _n, _j, t in rows if t == Tingkat.DESA]

    def _users(self, rows: list[tuple[str, str]]) -> list[int]:
        """Accounts (email, name) with an unusable password; returns their ids in order."""
        from simpul.akun.models import User

        mulai = (User.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        t = self.sekarang - timedelta(days=800)
        d.salin_baris(
            User,
            ["id", "email", "nama", "password", "date_joined"],
            ((mulai + i, e, n, "!negara", t) for i, (e, n) in enumerate(rows)),
        )
        return list(range(mulai, mulai + len(rows)))

    def akun(self) -> None:
        from simpul.akun.models import Penugasan
        from simpul.core.peran import Peran

        with self.fase("akun kantor"):
            rows = [("komdigi@negara.contoh.id", "Petugas Komdigi")]
            rows += [
                (f"diskominfo.{k.replace('.', '-')}@negara.contoh.id", f"Diskominfo {self.nama[k]}")
                for k in self.prov + self.kab
            ]
            ids = self._users(rows)
            self.komdigi = ids[0]
            self.user_kantor = dict(zip(self.prov + self.kab, ids[1:], strict=True))
            t = self.sekarang - timedelta(days=790)
            pen = [(self.komdigi, Peran.KOMDIGI, None, "Direktorat IKP", None, t)]
            pen += [
                (
                    u,
                    Peran.DISKOMINFO_PROV if len(k) == 2 else Peran.DISKOMINFO_KABKOTA,
                    k,
                    "Bidang IKP",
                    self.komdigi,
                    t,
                )
                for k, u in self.user_kantor.items()
            ]
            d.salin_baris(
                Penugasan,
                ["user_id", "peran", "wilayah_id", "jabatan_teks", "diberikan_oleh_id", "dibuat"],
                pen,
            )
            self.jumlah["user_kantor"] = len(ids)

    # --- KIMs, members, officers ---
    def kim(self) -> None:
        with self.fase("kim"):
            d.buat_kim(self.j["kim"], seed=self.seed)
            rows = _nilai("SELECT id, desa_id, status, slug, nama FROM kim_kim ORDER BY id")
        self.kim_ids = [r[0] for r in rows]
        self.kim_desa = {r[0]: r[1] for r in rows}
        self.kim_slug = {r[0]: r[3] for r in rows}
        self.kim_nama = {r[0]: r[4] for r in rows}
        self.kim_aktif = [r[0] for r in rows if r[2] == "aktif"]
        self.kim_pertama: dict[str, int] = {}  # the desa's first active KIM (what intake picks)
        for r in rows:
            if r[2] == "aktif":
                self.kim_pertama.setdefault(r[1], r[0])
        self.jumlah["kim"] = len(rows)

    def anggota(self) -> None:
        from simpul.akun.models import User

        n = self.j["anggota"]
        with self.fase("anggota", n):
            self.jumlah["anggota"] = d.buat_anggota(self.kim_ids, n, seed=self.seed)
        with self.fase("pengurus + akun ketua"):
            _sql(
                "CREATE TEMP TABLE negara_ketua (kim_id int PRIMARY KEY, anggota_id bigint, user_id bigint)"
            )
            _sql(
                """INSERT INTO kim_pengurus (dibuat, diubah, kim_id, anggota_id, jabatan, nama_seksi, mulai)
                    SELECT %s, %s, kim_id, id, (ARRAY['ketua','sekretaris','bendahara'])[rn], '', %s
                    FROM (SELECT id, kim_id, row_number() OVER (PARTITION BY kim_id ORDER BY id) rn FROM kim_anggota) a
                    WHERE rn <= 3 ORDER BY kim_id, rn""",
                [self.sekarang - timedelta(days=700)] * 2 + [self.hari_ini - timedelta(days=700)],
            )
            mulai = User.objects.order_by("-id").values_list("id", flat=True).first() or 0
            _sql(
                """INSERT INTO negara_ketua SELECT p.kim_id, p.anggota_id, %s + row_number() OVER (ORDER BY p.kim_id)
                    FROM kim_pengurus p WHERE p.jabatan = 'ketua'""",
                [mulai],
            )
            _sql(
                """INSERT INTO akun_user (id, password, is_superuser, email, telepon_terverifikasi, sandi_sementara,
                        nama, is_active, is_staff, date_joined)
                    SELECT k.user_id, '!negara', false, 'ketua.kim' || k.kim_id || '@negara.contoh.id', false, false,
                        a.nama, true, false, %s
                    FROM negara_ketua k JOIN kim_anggota a ON a.id = k.anggota_id ORDER BY k.user_id""",
                [self.sekarang - timedelta(days=700)],
            )
            _sql(
                "UPDATE kim_anggota a SET user_id = k.user_id FROM negara_ketua k WHERE a.id = k.anggota_id"
            )
            self.ketua = dict(_nilai("SELECT kim_id, user_id FROM negara_ketua"))
            self.jumlah["pengurus"] = _nilai("SELECT count(*) FROM kim_pengurus")[0][0]
            self.jumlah["akun_ketua"] = len(self.ketua)

    # --- the KIMs' history and decrees ---
    def riwayat_kim(self) -> None:
        """Every KIM's history as the registry writes it (created, submitted, sometimes sent back
        for revision, approved/rejected/frozen, officers named, SK uploaded) and the SK of every
        active KIM: issued over the three years before today (terms of three years, so some have
        run out and some end within the reminder windows), with the reminders a daily run would
        already have sent recorded, as ``kim.tasks.sk_reminders_send`` leaves them."""
        from django.conf import settings

        jendela = sorted({int(h) for h in settings.SIMPUL_SK_REMINDER_DAYS if int(h) > 0}, reverse=True)
        with self.fase("riwayat kim + sk"):
            # t0: the KIM's creation, spread over the 1,130 days before 2026-01 by a fixed hash.
            _sql(
                """CREATE TEMP TABLE negara_kim_t AS
                    SELECT id, status, timestamptz '2022-12-01 09:00+00' + ((id * 7919) % 1130) * interval '1 day' AS t0,
                           (id * 104729) % 5 = 0 AS revisi
                    FROM kim_kim"""
            )
            _sql(
                """INSERT INTO kim_kimevent (waktu, aktor_id, data, kim_id, jenis, dari_status, ke_status, alasan)
                    SELECT LEAST(k.t0 + e.hari * interval '1 day', %s), NULL, '{}'::jsonb, k.id, e.jenis, e.dari,
                        e.ke, e.alasan
                    FROM negara_kim_t k
                    CROSS JOIN LATERAL (VALUES
                        (0, 'dibuat', '', 'draf', '', true),
                        (3, 'diajukan', 'draf', 'diajukan', '', k.status <> 'draf'),
                        (9, 'revisi_diminta', 'diajukan', 'perlu_revisi',
                            'Lengkapi daftar anggota dan unggah berita acara pembentukan.',
                            k.revisi AND k.status <> 'draf'),
                        (13, 'diajukan', 'perlu_revisi', 'diajukan', '', k.revisi AND k.status <> 'draf'),
                        (20, 'disetujui', 'diajukan', 'aktif', '', k.status IN ('aktif', 'dibekukan')),
                        (20, 'ditolak', 'diajukan', 'ditolak', 'Sudah ada KIM lain dengan pengurus yang sama.',
                            k.status = 'ditolak'),
                        (21, 'pengurus', '', '', '', k.status IN ('aktif', 'dibekukan')),
                        (22, 'sk', '', '', '', k.status = 'aktif'),
                        (400, 'dibekukan', 'aktif', 'dibekukan', 'Tidak ada kegiatan selama satu tahun.',
                            k.status = 'dibekukan')
                    ) AS e(hari, jenis, dari, ke, alasan, ada)
                    WHERE e.ada
                    ORDER BY k.id, e.hari""",
                [self.sekarang - timedelta(days=3)],
            )
            # The registry's own record of when each active KIM was approved.
            _sql(
                """UPDATE kim_kim k SET aktif_sejak = t.t0 + interval '20 days'
                    FROM negara_kim_t t WHERE t.id = k.id AND k.status = 'aktif'"""
            )
            # pengingat_terkirim: the windows already reached (and 0 once the term has ended).
            kasus = " ".join(
                f"WHEN s.sampai - %(hari)s::date <= {h} THEN '{json.dumps([x for x in jendela if x >= h])}'"
                for h in reversed(jendela)
            )
            _sql(
                f"""INSERT INTO kim_suratkeputusan (dibuat, diubah, kim_id, nomor, tanggal, penerbit_jenis,
                        penerbit_nama, berlaku_sampai, berkas, berkas_jenis, berkas_ukuran, pengingat_terkirim)
                    SELECT s.t, s.t, s.id, s.id || '/SK/KIM/' || extract(year FROM s.t)::int, s.t::date,
                        'kepala_desa', '', s.sampai, 'kim/' || s.id || '/sk/negara.pdf', 'application/pdf', 184320,
                        (CASE WHEN s.sampai < %(hari)s::date THEN '{json.dumps([*jendela, 0])}'
                              {kasus} ELSE '[]' END)::jsonb
                    FROM (SELECT id, t0 + interval '22 days' AS t, (t0 + interval '22 days' + interval '3 years')::date AS sampai
                          FROM negara_kim_t WHERE status = 'aktif') s
                    ORDER BY s.id""",
                {"hari": self.hari_ini},
            )
            _sql("DROP TABLE negara_kim_t")
            self.jumlah["kim_event"] = _nilai("SELECT count(*) FROM kim_kimevent")[0][0]
            self.jumlah["sk"] = _nilai("SELECT count(*) FROM kim_suratkeputusan")[0][0]

    # --- agencies and aspirations ---
    INSTANSI = [
        ("Dinas Pekerjaan Umum dan Penataan Ruang", "PUPR", ["infrastruktur", "jaringan"]),
        ("Dinas Kesehatan", "Dinkes", ["kesehatan"]),
        ("Dinas Pendidikan", "Disdik", ["pendidikan"]),
        ("Dinas Sosial", "Dinsos", ["sosial", "administrasi"]),
        ("Dinas Pertanian dan Lingkungan Hidup", "DPLH", ["ekonomi", "lingkungan"]),
        (
            "Dinas Komunikasi dan Informatika",
            "Diskominfo",
            ["informasi_publik", "ketertiban", "layanan_publik"],
        ),
    ]

    def instansi(self) -> None:
        from simpul.aspirasi.models import AturanRute, Instansi, Kategori, StafInstansi

        with self.fase("instansi + aturan rute"):
            kat = dict(Kategori.objects.filter(aktif=True).values_list("kode", "id"))
            self.kategori = sorted(kat.values())
            mulai = (Instansi.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
            rows, self.rute, aturan = [], {}, []
            self.instansi_kab: dict[str, list[int]] = {}
            for kab in self.kab:
                for nama, singkat, kats in self.INSTANSI:
                    iid = mulai + len(rows)
                    rows.append(
                        (
                            iid,
                            nama,
                            singkat,
                            kab,
                            f"{singkat.lower()}.{kab.replace('.', '-')}@negara.contoh.id",
                        )
                    )
                    self.instansi_kab.setdefault(kab, []).append(iid)
                    for k in kats:
                        if k in kat:
                            self.rute[(kab, kat[k])] = iid
                            aturan.append((kat[k], kab, iid))
            d.salin_baris(Instansi, ["id", "nama", "singkatan", "wilayah_id", "email"], rows)
            d.salin_baris(AturanRute, ["kategori_id", "wilayah_id", "instansi_id"], aturan)
            staf = self._users(
                [
                    (
                        f"staf.{r[2].lower()}.{r[3].replace('.', '-')}@negara.contoh.id",
                        f"Staf {r[2]} {self.nama[r[3]]}",
                    )
                    for r in rows
                ]
            )
            self.staf = dict(zip([r[0] for r in rows], staf, strict=True))
            d.salin_baris(
                StafInstansi,
                ["instansi_id", "user_id", "jabatan"],
                ((i, u, "Admin pengaduan") for i, u in self.staf.items()),
            )
            self.jumlah["instansi"] = len(rows)

    def aspirasi(self) -> None:
        from simpul.aspirasi.models import HariLibur
        from simpul.aspirasi.services import ALFABET_KODE

        n = self.j["aspirasi"]
        libur = frozenset(
            HariLibur.objects.filter(wilayah__isnull=True).values_list("tanggal", flat=True)
        )
        sim = SimulasiAspirasi(self, libur, ALFABET_KODE)
        mulai_id = _nilai("SELECT COALESCE(max(id), 0) FROM aspirasi_aspirasi")[0][0] + 1
        tg_id = _nilai("SELECT COALESCE(max(id), 0) FROM aspirasi_tanggapan")[0][0]
        batas = [n * b // BAGIAN for b in range(BAGIAN + 1)]
        with self.fase("aspirasi"):
            hasil = _bagi(
                lambda b: sim.muat_bagian(
                    b, batas[b + 1] - batas[b], mulai_id + batas[b], tg_id + 4 * batas[b]
                )
            )
        self.jumlah["aspirasi"] = n
        self.jumlah["aspirasi_event"] = sum(h["event"] for h in hasil)
        self.jumlah["tanggapan"] = sum(h["tanggapan"] for h in hasil)

    # --- campaigns ---
    def kampanye(self) -> None:
        from simpul.diseminasi.models import Kampanye, KampanyeEvent, KampanyeTarget

        rng = self.rng(30)
        n, nas = self.j["kampanye"], self.j["kampanye_nasional"]
        kab_per_prov: dict[str, list[str]] = {}
        for k in self.kab:
            kab_per_prov.setdefault(k[:2], []).append(k)
        kec_per_kab: dict[str, list[str]] = {}
        for k in self.kec:
            kec_per_kab.setdefault(k[:5], []).append(k)
        tema = [
            ("program_pemerintah", "Sosialisasi program {x}"),
            ("kesehatan", "Imunisasi dan gizi balita di {x}"),
            ("pendidikan", "Pendaftaran beasiswa pelajar {x}"),
            ("ekonomi", "Pelatihan UMKM naik kelas {x}"),
            ("kebencanaan", "Siaga banjir dan longsor musim hujan {x}"),
            ("acara", "Festival budaya {x}"),
            ("pemilu", "Ayo cek daftar pemilih {x}"),
            ("klarifikasi_hoaks", "Klarifikasi hoaks bantuan tunai {x}"),
        ]
        rows, target, ev = [], [], []
        mulai_id = (Kampanye.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        for i in range(n):
            kid = mulai_id + i
            if i < nas:
                kantor, kodes, aktor = "", list(self.prov), self.komdigi
            else:
                prov = rng.choice(self.prov)
                if rng.random() < 0.3 or not kab_per_prov.get(prov):
                    kantor = prov
                    kabs = kab_per_prov.get(prov, [])
                    kodes = (
                        [prov]
                        if rng.random() < 0.7 or len(kabs) < 2
                        else rng.sample(kabs, min(len(kabs), rng.randint(2, 4)))
                    )
                else:
                    kantor = rng.choice(kab_per_prov[prov])
                    kecs = kec_per_kab.get(kantor, [])
                    kodes = (
                        [kantor]
                        if rng.random() < 0.7 or len(kecs) < 2
                        else rng.sample(kecs, min(len(kecs), rng.randint(2, 5)))
                    )
                aktor = self.user_kantor[kantor]
            kat, judul = rng.choice(tema)
            judul = (
                judul.format(x=self.nama.get(kantor, "nasional") if kantor else "nasional")
                + f" ({kid})"
            )
            mulai = self.hari_ini - timedelta(days=rng.randint(0, 365))
            selesai = mulai + timedelta(days=rng.randint(14, 60))
            r = rng.random()
            if r < 0.05:
                status, mulai = "draf", self.hari_ini + timedelta(days=rng.randint(1, 20))
                selesai = mulai + timedelta(days=30)
            elif selesai < self.hari_ini and r < 0.6:
                status = "ditutup"
            else:
                status = "terbit"
            dibuat = datetime(mulai.year, mulai.month, mulai.day, 7, 0, tzinfo=UTC) - timedelta(
                days=2
            )
            terbit = dibuat + timedelta(days=2, hours=1) if status != "draf" else None
            tutup = (
                datetime(selesai.year, selesai.month, selesai.day, 9, 0, tzinfo=UTC)
                + timedelta(days=1)
                if status == "ditutup"
                else None
            )
            if tutup and tutup > self.sekarang:
                tutup = self.sekarang - timedelta(hours=1)
            isi = (
                f"## {judul}\n\nKepada seluruh KIM di wilayah sasaran: mohon sebarkan informasi ini kepada "
                "warga melalui pertemuan, grup WhatsApp dan papan informasi.\n\nLaporkan jangkauan penyebaran "
                "melalui Simpul."
            )
            prioritas = rng.choice(["biasa", "biasa", "biasa", "penting", "mendesak"])
            diubah = tutup or terbit or dibuat
            rows.append(
                (
                    kid,
                    judul,
                    isi,
                    kat,
                    prioritas,
                    mulai,
                    selesai,
                    status,
                    kantor,
                    aktor,
                    terbit,
                    tutup,
                    dibuat,
                    diubah,
                )
            )
            target += [(kid, k) for k in kodes]
            ev.append((kid, dibuat, aktor, "dibuat", json.dumps({"target": kodes})))
        with self.fase("kampanye"):
            d.salin_baris(
                Kampanye,
                [
                    "id",
                    "judul",
                    "isi",
                    "kategori",
                    "prioritas",
                    "mulai",
                    "selesai",
                    "status",
                    "kantor_kode",
                    "dibuat_oleh_id",
                    "diterbitkan_pada",
                    "ditutup_pada",
                    "dibuat",
                    "diubah",
                ],
                rows,
            )
            d.salin_baris(KampanyeTarget, ["kampanye_id", "wilayah_id"], target)
            d.salin_baris(KampanyeEvent, ["kampanye_id", "waktu", "aktor_id", "jenis", "data"], ev)
        with self.fase("penerimaan"):
            self.jumlah["penerimaan"] = _sql(
                PENERIMAAN_SQL, {"sekarang": self.sekarang, "hari_ini": self.hari_ini}
            )
        with self.fase("laporan jangkauan"):
            self.jumlah["laporan_jangkauan"] = _sql(LAPORAN_SQL, {"sekarang": self.sekarang})
            _sql(KAMPANYE_EVENT_SQL)
        self.jumlah["kampanye"] = n

    # --- articles and their search documents ---
    def berita(self) -> None:
        from simpul.berita.models import Tag
        from simpul.berita.services import kategori_pastikan

        kat = [
            kategori_pastikan(nama=nm, slug=sl, urutan=i).pk
            for i, (nm, sl) in enumerate(
                [
                    ("Kegiatan Warga", "kegiatan-warga"),
                    ("Ekonomi Desa", "ekonomi-desa"),
                    ("Kesehatan", "kesehatan"),
                    ("Pendidikan", "pendidikan"),
                    ("Pertanian", "pertanian"),
                    ("Budaya", "budaya"),
                    ("Kebencanaan", "kebencanaan"),
                    ("Pemerintahan Desa", "pemerintahan-desa"),
                ]
            )
        ]
        Tag.objects.bulk_create([Tag(nama=t, slug=t) for t in TOPIK_TAG], ignore_conflicts=True)
        self.tag_ids = sorted(Tag.objects.filter(slug__in=TOPIK_TAG).values_list("id", flat=True))
        n = self.j["artikel"]
        pen = Penulis(self, kat)
        mulai_id = _nilai("SELECT COALESCE(max(id), 0) FROM berita_artikel")[0][0] + 1
        batas = [n * b // BAGIAN for b in range(BAGIAN + 1)]
        with self.fase("berita + indeks"):
            hasil = _bagi(
                lambda b: pen.muat_bagian(b, batas[b], batas[b + 1] - batas[b], n, mulai_id)
            )
        self.kata: dict[str, int] = {}
        for h in hasil:
            for k, v in h["kata"].items():
                self.kata[k] = self.kata.get(k, 0) + v
        with self.fase("berita riwayat + tag"):
            self.jumlah["artikel_event"] = _sql(ARTIKEL_EVENT_SQL)
            self.jumlah["artikel_tag"] = _sql(
                ARTIKEL_TAG_SQL, [self.tag_ids, len(self.tag_ids), self.tag_ids, len(self.tag_ids)]
            )
        self.jumlah["artikel"] = n
        self.jumlah["dokumen_berita"] = sum(h["terbit"] for h in hasil)

    def potensi(self) -> None:
        from simpul.cari.models import Dokumen
        from simpul.potensi.models import Potensi

        n = self.j["potensi"]
        gen = Penjual(self)
        dok: list[tuple] = []
        with self.fase("potensi", n) as bar:
            with (
                d.koneksi_baru() as cp
            ):  # the generator reads through Django's connection meanwhile
                d.salin_baris(Potensi, Penjual.KOLOM, _iter_bar(gen.semua(n, dok), bar), conn=cp)
            d.salin_baris(Dokumen, DOK_KOLOM, dok)
            self.jumlah["potensi_event"] = _sql(POTENSI_EVENT_SQL)
        for k, v in gen.kata.items():
            self.kata[k] = self.kata.get(k, 0) + v
        self.jumlah["potensi"] = n
        self.jumlah["dokumen_potensi"] = len(dok)

    def cari(self) -> None:
        from simpul.cari import services as cari

        with self.fase("indeks wilayah + kim"):
            self.jumlah["dokumen_wilayah"] = cari.reindeks_wilayah()
            self.jumlah["dokumen_kim"] = cari.reindeks_kim()
        with self.fase("kosakata"):
            # What kata_bangun() builds (ts_stat over the whole index), computed in two parts: the
            # regions' and KIMs' documents by ts_stat, the generated texts' words counted while
            # they were written.
            _sql("DELETE FROM cari_kata")
            _sql(
                "INSERT INTO cari_kata (kata, jumlah) SELECT word, ndoc FROM ts_stat("
                "'SELECT to_tsvector(''simple'', judul || '' '' || isi) FROM cari_dokumen "
                "WHERE jenis IN (''wilayah'', ''kim'')') "
                "WHERE length(word) BETWEEN 3 AND 40 AND word ~ '^[a-z0-9]*[a-z][a-z0-9]*$'"
            )
            from django.db import connection

            with (
                connection.cursor() as c,
                c.cursor.copy("COPY negara_kata (kata, jumlah) FROM STDIN") as cp,
            ):
                for k, v in sorted(self.kata.items()):
                    cp.write_row((k, v))
            _sql(
                "INSERT INTO cari_kata (kata, jumlah) SELECT kata, jumlah FROM negara_kata "
                "ON CONFLICT (kata) DO UPDATE SET jumlah = cari_kata.jumlah + EXCLUDED.jumlah"
            )
            self.jumlah["kata"] = _nilai("SELECT count(*) FROM cari_kata")[0][0]


# --- aspirations: a step-by-step simulation of what the services write ----------------------------

NAIK = {13: 8, 8: 5, 5: 2}
TERBUKA = {"draf", "baru", "ditunda", "diverifikasi", "didisposisi", "ditindaklanjuti"}
INSTANSI_ST = {"didisposisi", "ditindaklanjuti"}
ISI_ASPIRASI = {
    "infrastruktur": [
        "Jalan desa di {d} rusak parah dan berlubang sejak musim hujan, mohon segera diperbaiki.",
        "Jembatan penghubung dusun di {d} hampir putus, anak sekolah harus memutar jauh.",
        "Air bersih di {d} sudah dua minggu tidak mengalir, warga mengambil air dari sungai.",
    ],
    "kesehatan": [
        "Posyandu di {d} kekurangan vaksin dan timbangan balita sudah rusak.",
        "Puskesmas pembantu di {d} sering tutup, bidan hanya datang seminggu sekali.",
    ],
    "pendidikan": [
        "Atap ruang kelas SD di {d} bocor, murid belajar di teras saat hujan.",
        "Mohon informasi jadwal pendaftaran beasiswa untuk pelajar dari {d}.",
    ],
    "sosial": [
        "Bantuan sosial untuk lansia di {d} belum diterima tiga bulan terakhir.",
        "Data penerima bantuan pangan di {d} tidak sesuai, ada keluarga mampu yang terdaftar.",
    ],
    "administrasi": [
        "Pengurusan KTP elektronik di {d} sudah tiga bulan belum selesai.",
        "Blangko kartu keluarga di kecamatan habis, warga {d} diminta kembali bulan depan.",
    ],
    "ekonomi": [
        "Harga pupuk bersubsidi di {d} melebihi harga eceran tertinggi.",
        "Pelaku UMKM di {d} meminta pelatihan pemasaran daring dan bantuan modal.",
    ],
    "lingkungan": [
        "Sampah menumpuk di pinggir jalan {d} dan tidak diangkut sejak sebulan.",
        "Tebing di {d} retak setelah hujan deras, warga khawatir longsor.",
    ],
    "ketertiban": [
        "Balap liar di jalan utama {d} setiap malam minggu meresahkan warga.",
        "Lampu penerangan jalan di {d} mati sehingga rawan pencurian.",
    ],
    "layanan_publik": [
        "Kantor desa {d} sering tutup pada jam kerja, pelayanan surat tertunda.",
        "Mohon penjelasan biaya pengurusan surat keterangan usaha di {d}.",
    ],
    "informasi_publik": [
        "Beredar pesan berantai soal bantuan tunai di {d}, apakah benar?",
        "Mohon salinan laporan realisasi dana desa {d} tahun lalu.",
    ],
    "jaringan": [
        "Sinyal telepon dan internet di {d} hilang sejak menara rusak.",
        "Warga {d} meminta titik wifi desa untuk belajar daring.",
    ],
    "lainnya": [
        "Warga {d} mengusulkan lapangan olahraga untuk kegiatan pemuda.",
        "Mohon perhatian untuk perbaikan pasar desa di {d}.",
    ],
}
TANGGAPAN = [
    "Terima kasih atas laporannya. Tim kami sudah meninjau lokasi dan perbaikan dijadwalkan bulan ini.",
    "Laporan sudah kami teruskan ke bidang terkait; petugas akan menghubungi pelapor.",
    "Permasalahan sudah ditangani dan layanan kembali normal. Silakan kabari bila masih ada kendala.",
    "Informasi yang diminta terlampir dan dapat diambil di kantor kami pada jam kerja.",
]
PROGRES = [
    "Sedang kami tindak lanjuti; survei lapangan dijadwalkan minggu ini.",
    "Usulan sudah masuk rencana kerja dan menunggu anggaran perubahan.",
]


class SimulasiAspirasi:
    KOLOM = [
        "id",
        "kode",
        "jenis",
        "kategori_id",
        "desa_id",
        "wilayah_tangani_id",
        "kim_id",
        "judul",
        "isi",
        "nama",
        "telepon",
        "email",
        "kanal",
        "kanal_alamat",
        "anonim",
        "rahasia",
        "status",
        "instansi_id",
        "butuh_cek_lapangan",
        "sengketa",
        "tenggat",
        "terlambat",
        "tingkat_eskalasi",
        "diverifikasi_pada",
        "didisposisi_pada",
        "respons_pertama_pada",
        "selesai_pada",
        "tepat_waktu",
        "digabung_ke_id",
        "penilaian",
        "dibuka_ulang",
        "kunci_idempoten",
        "dibuat_oleh_id",
        "dibuat",
        "diubah",
    ]

    def __init__(self, n: Negara, libur: frozenset, alfabet: str) -> None:
        from simpul.aspirasi.models import Kategori

        self.n = n
        self.libur = libur
        self.alfabet = alfabet
        self.kunci = threading.Lock()
        self.kat_kode = dict(Kategori.objects.values_list("id", "kode"))
        rng = n.rng(20)
        self.kodes, self.kum = d._desa_berbobot(rng)
        self.total = self.kum[-1]

    def muat_bagian(self, b: int, jumlah: int, mulai_id: int, tg_id: int) -> dict:
        """Part ``b`` of the aspirations (in a forked process): COPY the aspirations, their events
        and responses on three connections at once."""
        from simpul.aspirasi.models import Aspirasi, AspirasiEvent, Tanggapan

        ca, ce, ct = d.koneksi_baru(), d.koneksi_baru(), d.koneksi_baru()
        ev_q: list[tuple] = []
        tg_q: list[tuple] = []
        ev_kol = [
            "aspirasi_id",
            "waktu",
            "aktor_id",
            "jenis",
            "dari_status",
            "ke_status",
            "alasan",
            "data",
        ]
        tg_kol = [
            "id",
            "aspirasi_id",
            "instansi_id",
            "penulis_id",
            "isi",
            "final",
            "dibuat",
            "diubah",
        ]
        hasil = {"event": 0, "tanggapan": 0}

        def aliran(antre, kunci):
            while True:
                with self.kunci:
                    blok = antre[:]
                    antre.clear()
                for r in blok:
                    if r is None:
                        return
                    yield r
                    hasil[kunci] += 1
                if not blok:
                    time.sleep(0.01)

        te = threading.Thread(
            target=d.salin_baris,
            args=(AspirasiEvent, ev_kol, aliran(ev_q, "event")),
            kwargs={"conn": ce},
        )
        tt = threading.Thread(
            target=d.salin_baris,
            args=(Tanggapan, tg_kol, aliran(tg_q, "tanggapan")),
            kwargs={"conn": ct},
        )
        te.start()
        tt.start()
        bar = _bar(f"aspirasi {b + 1}/{BAGIAN}", jumlah, b)
        try:
            baris = self.semua(jumlah, ev_q, tg_q, b=b, mulai_id=mulai_id, tg_id=tg_id)
            d.salin_baris(Aspirasi, SimulasiAspirasi.KOLOM, _iter_bar(baris, bar), conn=ca)
        finally:
            with self.kunci:
                ev_q.append(None)
                tg_q.append(None)
            te.join()
            tt.join()
            bar.close()
            for c in (ca, ce, ct):
                c.close()
        return hasil

    @lru_cache(maxsize=200_000)  # noqa: B019 (one instance per load)
    def tambah(self, mulai: date, hari: int) -> date:
        from simpul.aspirasi.kalender import tambah_hari_kerja

        return tambah_hari_kerja(mulai, hari, self.libur)

    def semua(self, jumlah: int, ev_q: list, tg_q: list, *, b: int, mulai_id: int, tg_id: int):
        from simpul.aspirasi.kalender import TENGGAT_BAKU

        n = self.n
        rng = n.rng(21 + 100 * b)
        # Each part draws its codes' first character from its own letters: no clash between parts.
        awal = self.alfabet[b::BAGIAN]
        kodes_terpakai: set[str] = set()
        terakhir_desa: dict[str, tuple[int, str]] = {}
        kanal_p = ["web"] * 55 + ["kim"] * 15 + ["whatsapp"] * 15 + ["telegram"] * 5 + ["sms"] * 10
        jenis_p = ["aspirasi"] * 45 + ["pengaduan"] * 40 + ["informasi"] * 15
        sekarang, hari_ini = n.sekarang, n.hari_ini
        ev_blok: list[tuple] = []
        tg_blok: list[tuple] = []
        for i in range(jumlah):
            aid = mulai_id + i
            umur = 730 * rng.random() ** 1.6
            t = sekarang - timedelta(days=umur, seconds=rng.randrange(3600))
            desa = self.kodes[bisect.bisect_left(self.kum, rng.random() * self.total)]
            kim = n.kim_pertama.get(desa)
            kanal = rng.choice(kanal_p)
            if kanal == "kim" and kim is None:
                kanal = "web"
            jenis = rng.choice(jenis_p)
            kat = rng.choice(n.kategori)
            kat_awal = kat if kanal in ("web", "kim") and rng.random() < 0.6 else None
            teks = rng.choice(
                ISI_ASPIRASI.get(self.kat_kode.get(kat, "lainnya"), ISI_ASPIRASI["lainnya"])
            )
            isi = teks.format(d=n.nama[desa])
            judul = isi if len(isi) <= 80 else isi[:77].rsplit(" ", 1)[0] + "…"
            anonim = rng.random() < 0.08
            rahasia = anonim or rng.random() < 0.05
            nama = "" if anonim else f"{rng.choice(d.NAMA_DEPAN)} {rng.choice(d.NAMA_BELAKANG)}"
            telepon = (
                f"+628{rng.randrange(10**9, 10**10)}"
                if kanal in ("whatsapp", "sms") or rng.random() < 0.3
                else ""
            )
            email = f"warga{aid}@surel.contoh.id" if kanal == "web" and rng.random() < 0.3 else ""
            alamat = (
                telepon
                if kanal in ("whatsapp", "sms")
                else (str(rng.randrange(10**8, 10**10)) if kanal == "telegram" else "")
            )
            if kanal in ("whatsapp", "telegram", "sms"):
                kunci = f"{kanal}:{rng.getrandbits(64):016x}"
            elif kanal == "web" and rng.random() < 0.5:
                kunci = f"web:{rng.getrandbits(64):016x}"
            else:
                kunci = None
            while True:
                kode = rng.choice(awal) + "".join(rng.choices(self.alfabet, k=9))
                if kode not in kodes_terpakai:
                    kodes_terpakai.add(kode)
                    break
            dibuat_oleh = n.ketua.get(kim) if kanal == "kim" else None
            kim_h = kim
            s = {
                "status": "draf" if kanal in ("whatsapp", "telegram", "sms") else "baru",
                "wt": desa,
                "kim": kim_h,
                "tenggat": self.tambah(t.date(), TENGGAT_BAKU["verifikasi"]),
                "terlambat": False,
                "esk": 0,
                "instansi": None,
                "kategori": kat_awal,
                "cek": False,
                "sengketa": False,
                "t": t,
                "verif": None,
                "dispo": None,
                "respons": None,
                "selesai": None,
                "tepat": None,
                "gabung": None,
                "nilai": None,
                "buka": 0,
            }
            evs: list[tuple] = []

            def ev(waktu, aktor, jenis_, dari, ke, alasan="", data=None, _aid=aid, _evs=evs):
                _evs.append((_aid, waktu, aktor, jenis_, dari, ke, alasan, json.dumps(data or {})))

            ev(t, dibuat_oleh, "masuk", "", s["status"], data={"kanal": kanal, "jenis": jenis})

            def petugas(_s=s, _desa=desa):
                if _s["kim"] and _s["kim"] in n.ketua:
                    return n.ketua[_s["kim"]]
                wt = _s["wt"]
                return n.user_kantor.get(wt if len(wt) <= 5 else wt[:5]) or n.user_kantor.get(
                    _desa[:5]
                )

            def tick(sampai: datetime, _s=s) -> None:
                # The hourly deadline check (services.tenggat_periksa) on every day the deadline passed.
                while (
                    _s["status"] in TERBUKA
                    and _s["tenggat"] is not None
                    and _s["tenggat"] < sampai.date()
                    and _s["tenggat"] < hari_ini
                ):
                    hari = _s["tenggat"] + timedelta(days=1)
                    wkt = datetime(hari.year, hari.month, hari.day, 1, 0, tzinfo=UTC)
                    _s["terlambat"] = True
                    wt = _s["wt"]
                    if len(wt) in NAIK:
                        data = {
                            "sebelum": {"wilayah_tangani": wt, "kim": _s["kim"]},
                            "sesudah": {"wilayah_tangani": wt[: NAIK[len(wt)]], "kim": None},
                        }
                        _s["wt"], _s["kim"] = wt[: NAIK[len(wt)]], None
                    else:
                        data = {}
                    data["hari_ini"] = hari.isoformat()
                    _s["esk"] += 1
                    kunci_ = "respons_pertama" if _s["status"] in INSTANSI_ST else "verifikasi"
                    _s["tenggat"] = self.tambah(hari, TENGGAT_BAKU[kunci_])
                    ev(wkt, None, "dieskalasi", _s["status"], _s["status"], data=data)
                    _s["t"] = wkt

            def langkah(hari_kerja: float, _s=s) -> datetime | None:
                """The time of the next act, ``hari_kerja`` working days (fractional) later; None if
                it would be after today (the history stops there)."""
                base = _s["t"]
                tgl = self.tambah(base.date(), int(hari_kerja)) if hari_kerja >= 1 else base.date()
                wkt = datetime(tgl.year, tgl.month, tgl.day, tzinfo=UTC) + timedelta(
                    hours=8 + rng.random() * 8
                )
                if wkt <= base:
                    wkt = base + timedelta(minutes=5 + rng.randrange(240))
                if wkt > sekarang:
                    tick(sekarang)
                    return None
                tick(wkt)
                _s["t"] = wkt
                return wkt

            def ubah(wkt, aktor, jenis_, ke, alasan="", data=None, _s=s):
                dari = _s["status"]
                _s["status"] = ke
                ev(wkt, aktor, jenis_, dari, ke, alasan, data)

            def tanggapan(wkt, final: bool, _s=s, _aid=aid, _jenis=jenis):
                nonlocal tg_id
                tg_id += 1
                penulis = n.staf.get(_s["instansi"])
                tg_blok.append(
                    (
                        tg_id,
                        _aid,
                        _s["instansi"],
                        penulis,
                        rng.choice(TANGGAPAN if final else PROGRES),
                        final,
                        wkt,
                        wkt,
                    )
                )
                if _s["respons"] is None:
                    _s["respons"] = wkt
                if _s["tenggat"] and wkt.date() > _s["tenggat"]:
                    _s["terlambat"] = True
                if final:
                    _s["tenggat"], _s["tepat"] = None, not _s["terlambat"]
                    ubah(
                        wkt,
                        penulis,
                        "ditanggapi",
                        "ditanggapi",
                        data={"tanggapan": tg_id, "final": True},
                    )
                else:
                    mulai = _s["dispo"].date() if _s["dispo"] else wkt.date()
                    k = (
                        "lapangan"
                        if _s["cek"]
                        else "sengketa"
                        if _s["sengketa"]
                        else {"informasi": "informasi", "pengaduan": "pengaduan"}.get(
                            _jenis, "aspirasi"
                        )
                    )
                    _s["tenggat"] = max(self.tambah(mulai, TENGGAT_BAKU[k]), wkt.date())
                    ubah(
                        wkt,
                        penulis,
                        "ditanggapi",
                        "ditindaklanjuti",
                        data={"tanggapan": tg_id, "final": False},
                    )

            def disposisi(wkt, iid, aktor, catatan, _s=s):
                data = {"sebelum": {"instansi": _s["instansi"]}, "sesudah": {"instansi": iid}}
                _s["instansi"], _s["dispo"] = iid, wkt
                _s["tenggat"] = self.tambah(wkt.date(), TENGGAT_BAKU["respons_pertama"])
                ubah(wkt, aktor, "didisposisi", "didisposisi", catatan, data)

            # --- triage ---
            r = rng.random()
            selesai = False
            if r < 0.03 and (w := langkah(rng.uniform(0, 2))):
                ubah(w, petugas(), "ditunda", "ditunda", "Menunggu kelengkapan data dari pelapor.")
            elif r < 0.10 and (w := langkah(rng.uniform(0, 3))):
                s["tenggat"], s["selesai"] = None, w
                ubah(
                    w,
                    petugas(),
                    "diarsipkan",
                    "diarsipkan",
                    "Isi tidak dapat ditindaklanjuti (tidak jelas).",
                )
                selesai = True
            elif r < 0.14 and desa in terakhir_desa and (w := langkah(rng.uniform(0, 3))):
                ke_id, ke_kode = terakhir_desa[desa]
                s["tenggat"], s["selesai"], s["gabung"] = None, w, ke_id
                ubah(
                    w,
                    petugas(),
                    "digabung",
                    "digabung",
                    "Laporan yang sama sudah masuk.",
                    {"ke": ke_kode},
                )
                selesai = True
            elif r < 0.19 and (w := langkah(rng.uniform(0, 2))):
                ke = desa[:8]
                data = {
                    "sebelum": {"wilayah_tangani": s["wt"], "kim": s["kim"]},
                    "sesudah": {"wilayah_tangani": ke, "kim": None},
                }
                ubah(
                    w,
                    petugas(),
                    "diteruskan",
                    "baru",
                    "Bukan kewenangan desa; diteruskan ke kecamatan.",
                    data,
                )
                s["wt"], s["kim"] = ke, None
                s["tenggat"] = self.tambah(w.date(), TENGGAT_BAKU["verifikasi"])
            if (
                not selesai
                and s["status"] in ("draf", "baru", "ditunda")
                and (w := langkah(rng.choice([0, 1, 1, 2, 2, 3, 4, 6]) + rng.random()))
            ):
                sebelum = {
                    "kategori": s["kategori"],
                    "jenis": jenis,
                    "butuh_cek_lapangan": False,
                    "sengketa": False,
                    "desa": desa,
                }
                s["kategori"] = s["kategori"] or kat
                s["cek"] = rng.random() < 0.05
                s["sengketa"] = rng.random() < 0.02
                if s["tenggat"] and w.date() > s["tenggat"]:
                    s["terlambat"] = True
                s["verif"] = w
                s["tenggat"] = self.tambah(w.date(), TENGGAT_BAKU["respons_pertama"])
                aktor = petugas()
                ubah(
                    w,
                    aktor,
                    "diverifikasi",
                    "diverifikasi",
                    "",
                    {
                        "sebelum": sebelum,
                        "sesudah": {
                            "kategori": s["kategori"],
                            "jenis": jenis,
                            "butuh_cek_lapangan": s["cek"],
                            "sengketa": s["sengketa"],
                            "desa": desa,
                        },
                    },
                )
                iid = n.rute.get((desa[:5], s["kategori"]))
                if iid:
                    disposisi(w, iid, aktor, "Otomatis menurut aturan rute.")
                elif n.instansi_kab.get(desa[:5]) and (w := langkah(rng.uniform(0, 2))):
                    disposisi(w, n.instansi_kab[desa[:5]][-1], n.user_kantor.get(desa[:5]), "")
            # --- the agency ---
            for _putaran in range(2):
                if s["status"] != "didisposisi":
                    break
                cepat = rng.random() < 0.8
                if rng.random() < 0.4 and (
                    w := langkah(rng.uniform(0.5, 3) if cepat else rng.uniform(3, 8))
                ):
                    tanggapan(w, False)
                if s["status"] in INSTANSI_ST and (
                    w := langkah(rng.uniform(1, 10) if cepat else rng.uniform(6, 20))
                ):
                    tanggapan(w, True)
                if s["status"] != "ditanggapi":
                    break
                r = rng.random()
                if r < 0.55 and (w := langkah(rng.uniform(0, 5))):
                    nilai = rng.choices([1, 2, 3, 4, 5], [5, 7, 18, 35, 35])[0]
                    s["nilai"], s["selesai"] = nilai, w
                    ubah(w, None, "dinilai", "selesai", "", {"penilaian": nilai})
                elif r < 0.60 and s["buka"] < 2 and (w := langkah(rng.uniform(0, 5))):
                    s["buka"] += 1
                    s["tenggat"], s["tepat"] = (
                        self.tambah(w.date(), TENGGAT_BAKU["respons_pertama"]),
                        None,
                    )
                    ubah(
                        w,
                        None,
                        "dibuka_ulang",
                        "didisposisi",
                        "Jawaban belum menyelesaikan masalah.",
                    )
            tick(sekarang)
            if s["status"] not in ("digabung",):
                terakhir_desa[desa] = (aid, kode)
            st = s["status"]
            terbuka = st in TERBUKA
            ev_blok.extend(evs)
            yield (
                aid,
                kode,
                jenis,
                s["kategori"],
                desa,
                s["wt"],
                s["kim"],
                judul,
                isi,
                nama,
                telepon,
                email,
                kanal,
                alamat,
                anonim,
                rahasia,
                st,
                s["instansi"],
                s["cek"],
                s["sengketa"],
                s["tenggat"] if terbuka else None,
                s["terlambat"],
                s["esk"],
                s["verif"],
                s["dispo"],
                s["respons"],
                s["selesai"],
                s["tepat"],
                s["gabung"],
                s["nilai"],
                s["buka"],
                kunci,
                dibuat_oleh,
                t,
                s["t"],
            )
            if len(ev_blok) >= 20_000:
                with self.kunci:
                    ev_q.extend(ev_blok)
                    tg_q.extend(tg_blok)
                ev_blok.clear()
                tg_blok.clear()
        with self.kunci:
            ev_q.extend(ev_blok)
            tg_q.extend(tg_blok)


# --- campaigns, set-based (what publishing, acknowledging and reporting leave behind) -------------

# h: a deterministic 0..999 per (campaign, KIM); 75% acknowledge, 35% report once or twice.
PENERIMAAN_SQL = """
INSERT INTO diseminasi_penerimaan (kampanye_id, kim_id, desa_kode, dibuat, diubah, diakui_pada, diakui_oleh_id,
    diberitahu_pada, jumlah_laporan, jangkauan, dilaporkan_pada)
SELECT s.kampanye_id, s.kim_id, s.desa_id, s.terbit,
       COALESCE(s.diakui + interval '1 hour', s.diakui, s.terbit + interval '2 minutes'),
       s.diakui, CASE WHEN s.diakui IS NOT NULL THEN kt.user_id END, s.terbit + interval '2 minutes', s.n,
       CASE WHEN s.n >= 1 THEN 5 + (s.h * 37 + 101) %% 300 ELSE 0 END
         + CASE WHEN s.n >= 2 THEN 5 + (s.h * 37 + 202) %% 300 ELSE 0 END,
       CASE WHEN s.n > 0 THEN s.diakui + interval '1 hour' END
FROM (
    SELECT b.*, CASE WHEN b.h < 750 THEN LEAST(
                    b.terbit + ((b.h * 7) %% GREATEST(1, LEAST(5, b.akhir - b.mulai + 1))) * interval '1 day'
                    + (b.h %% 90) * interval '1 minute',
                    %(sekarang)s::timestamptz - interval '2 hours') END AS diakui,
           CASE WHEN b.h < 350 THEN 1 + (b.h %% 4 = 0)::int ELSE 0 END AS n
    FROM (
        SELECT DISTINCT c.id AS kampanye_id, k.id AS kim_id, k.desa_id, c.diterbitkan_pada AS terbit, c.mulai,
               LEAST(c.selesai, %(hari_ini)s::date) AS akhir, ((k.id::bigint * 2654435761 + c.id * 40503) %% 1000)::int AS h
        FROM kim_kim k
        -- a target covers a KIM when it is the KIM's desa or one of its ancestors: four hash lookups
        -- per KIM instead of a LIKE against every target
        CROSS JOIN LATERAL unnest(ARRAY[left(k.desa_id, 2), left(k.desa_id, 5), left(k.desa_id, 8), k.desa_id]) a(kode)
        JOIN diseminasi_kampanyetarget t ON t.wilayah_id = a.kode
        JOIN diseminasi_kampanye c ON c.id = t.kampanye_id
        WHERE k.status = 'aktif' AND c.status <> 'draf'
    ) b
) s
LEFT JOIN negara_ketua kt ON kt.kim_id = s.kim_id
ORDER BY s.kampanye_id, s.kim_id
"""

LAPORAN_SQL = """
INSERT INTO diseminasi_laporanjangkauan (dibuat, diubah, penerimaan_id, kampanye_id, saluran, tanggal, jumlah_orang,
    tautan, foto, catatan, dilaporkan_oleh_id, kunci)
SELECT w.t, w.t, w.id, w.kampanye_id,
       (ARRAY['pertemuan_warga','grup_whatsapp','media_sosial','pengeras_suara','papan_informasi',
              'radio_komunitas','lainnya'])[1 + (w.h + w.i) %% 7],
       w.t::date, 5 + (w.h * 37 + w.i * 101) %% 300, '', '', '', w.diakui_oleh_id, 'negara-' || w.i
FROM (
    SELECT p.id, p.kampanye_id, p.diakui_oleh_id, i,
           ((p.kim_id::bigint * 2654435761 + p.kampanye_id * 40503) %% 1000)::int AS h,
           LEAST(p.dilaporkan_pada + (i - 1) * interval '1 day', %(sekarang)s::timestamptz - interval '1 hour') AS t
    FROM diseminasi_penerimaan p, generate_series(1, p.jumlah_laporan) i
    WHERE p.jumlah_laporan > 0
) w
ORDER BY w.id, w.i
"""

KAMPANYE_EVENT_SQL = """
WITH agg AS (
    SELECT kampanye_id, count(*) AS n, count(*) FILTER (WHERE jumlah_laporan > 0) AS melapor
    FROM diseminasi_penerimaan GROUP BY kampanye_id
)
INSERT INTO diseminasi_kampanyeevent (kampanye_id, waktu, aktor_id, jenis, data)
SELECT c.id, c.diterbitkan_pada, c.dibuat_oleh_id, 'diterbitkan',
       jsonb_build_object('penerimaan_baru', COALESCE(a.n, 0))
FROM diseminasi_kampanye c LEFT JOIN agg a ON a.kampanye_id = c.id WHERE c.diterbitkan_pada IS NOT NULL
UNION ALL
SELECT c.id, c.ditutup_pada, c.dibuat_oleh_id, 'ditutup',
       jsonb_build_object('penerimaan', COALESCE(a.n, 0), 'melapor', COALESCE(a.melapor, 0))
FROM diseminasi_kampanye c LEFT JOIN agg a ON a.kampanye_id = c.id WHERE c.ditutup_pada IS NOT NULL
ORDER BY 2, 1
"""

# --- articles --------------------------------------------------------------------------------------

TOPIK_TAG = [
    "kopi",
    "sagu",
    "tenun",
    "homestay",
    "posyandu",
    "banjir",
    "longsor",
    "festival",
    "panen",
    "jagung",
    "kakao",
    "cengkeh",
    "bumdes",
    "stunting",
    "internet",
    "jembatan",
    "irigasi",
    "nelayan",
    "kerajinan",
    "wisata",
    "kuliner",
    "pelatihan",
    "literasi",
    "hoaks",
    "pemilu",
    "vaksinasi",
    "beasiswa",
    "umkm",
    "karang-taruna",
    "gotong-royong",
]
DOK_KOLOM = [
    "dibuat",
    "diubah",
    "jenis",
    "objek_id",
    "judul",
    "isi",
    "url",
    "wilayah_kode",
    "kim_id",
    "waktu",
    "publik",
]


def _ringkas(polos: str, panjang: int) -> str:
    """``core.markdown.ringkas`` for text with no Markdown in it (whitespace already collapsed)."""
    return polos if len(polos) <= panjang else polos[: panjang - 1].rsplit(" ", 1)[0] + "…"


def _kata_valid(k: str) -> bool:
    return 3 <= len(k) <= 40 and not k.isdigit()


class Penulis:
    """Articles by the KIMs (Zipf-like activity), chronological, with their search documents."""

    KOLOM = [
        "id",
        "kim_id",
        "wilayah_kode",
        "penulis_id",
        "judul",
        "slug",
        "isi",
        "ringkasan",
        "kategori_id",
        "status",
        "diajukan_pada",
        "terbit_pada",
        "penyunting_id",
        "dibuat",
        "diubah",
    ]

    def __init__(self, n: Negara, kategori: list[int]) -> None:
        import re

        from bench import cari as c
        from simpul.cari.services import kata_dari

        self.n = n
        self.kategori = kategori
        self.umum = [w for w in c.UMUM]
        random.Random(n.seed).shuffle(self.umum)
        self.cum_umum = c._zipf(len(self.umum), 0.9)
        self.topik = c.TOPIK
        self.cum_topik = c._zipf(len(self.topik), 0.8)
        polos = re.compile(r"^[A-Za-z]+( [A-Za-z]+)*$")
        self.tempat = [k for k in n.desa + n.kec if polos.match(n.nama[k])]
        self.tempat_kata = {k: kata_dari(n.nama[k]) for k in self.tempat}
        self.valid = {w for w in self.umum + self.topik + ["kecamatan", "desa"] if _kata_valid(w)}
        self.kata: dict[str, int] = {}
        self.terbit = 0

    def muat_bagian(self, b: int, i0: int, jumlah: int, total: int, mulai_id: int) -> dict:
        """Part ``b`` of the articles (in a forked process): the articles and their search
        documents COPYed on two connections at once. Each part writes for its own KIMs (so slugs,
        unique per KIM, never clash between parts)."""
        from simpul.berita.models import Artikel
        from simpul.cari.models import Dokumen

        ca, cd = d.koneksi_baru(), d.koneksi_baru()
        dok_q: list = []
        kunci = threading.Lock()

        def aliran():
            while True:
                with kunci:
                    blok = dok_q[:]
                    dok_q.clear()
                for r in blok:
                    if r is None:
                        return
                    yield r
                if not blok:
                    time.sleep(0.01)

        td = threading.Thread(
            target=d.salin_baris, args=(Dokumen, DOK_KOLOM, aliran()), kwargs={"conn": cd}
        )
        td.start()
        bar = _bar(f"berita {b + 1}/{BAGIAN}", jumlah, b)
        try:
            baris = self.semua(jumlah, dok_q, kunci, b=b, i0=i0, total=total, mulai_id=mulai_id)
            d.salin_baris(Artikel, Penulis.KOLOM, _iter_bar(baris, bar), conn=ca)
        finally:
            with kunci:
                dok_q.append(None)
            td.join()
            bar.close()
            ca.close()
            cd.close()
        return {"kata": self.kata, "terbit": self.terbit}

    def semua(
        self,
        jumlah: int,
        dok_q: list,
        kunci: threading.Lock,
        *,
        b: int,
        i0: int,
        total: int,
        mulai_id: int,
    ):
        from django.urls import reverse
        from django.utils.text import slugify

        n = self.n
        rng = n.rng(40 + 100 * b)
        contoh = reverse("portal:artikel", args=["kimx", "artikelx"])
        url_a, url_b = contoh.split("kimx")
        url_b, url_c = url_b.split("artikelx")
        aktif = n.kim_aktif[b::BAGIAN] or n.kim_aktif
        # Some KIMs write a lot, most a little.
        bobot, acc = [], 0.0
        for _k in aktif:
            acc += rng.paretovariate(1.3)
            bobot.append(acc)
        awal = n.sekarang - timedelta(days=5 * 365)
        rentang = (n.sekarang - awal).total_seconds()
        slug_terpakai: set[tuple[int, str]] = set()
        kata = self.kata
        blok: list[tuple] = []
        status_p = (
            ["terbit"] * 900
            + ["ditarik"] * 20
            + ["draf"] * 40
            + ["diajukan"] * 25
            + ["perlu_revisi"] * 10
            + ["disetujui"] * 5
        )
        for i in range(i0, i0 + jumlah):
            aid = mulai_id + i
            kim = aktif[bisect.bisect_left(bobot, rng.random() * acc)] if aktif else n.kim_ids[0]
            topik = rng.choices(self.topik, cum_weights=self.cum_topik, k=2)
            tempat = rng.choice(self.tempat)
            tnama = n.nama[tempat]
            jk = rng.choices(self.umum, cum_weights=self.cum_umum, k=rng.randint(3, 7))
            judul = " ".join([topik[0].capitalize(), *jk[:2], tnama, *jk[2:]])
            par, kata_isi = [], set()
            for _p in range(rng.randint(2, 4)):
                ws = rng.choices(self.umum, cum_weights=self.cum_umum, k=rng.randint(12, 25))
                ws.insert(rng.randrange(len(ws)), topik[_p % 2])
                kata_isi.update(ws)
                par.append(" ".join(ws).capitalize() + ".")
            desa2 = rng.choice(self.tempat)
            par.append(f"Kegiatan di {n.nama[desa2]} ini diliput oleh {n.kim_nama[kim]}.")
            isi = "\n\n".join(par)
            polos = " ".join(isi.split())
            dasar = slugify(judul)[:150].strip("-") or "berita"
            slug, k = dasar, 2
            while (kim, slug) in slug_terpakai:
                slug, k = f"{dasar}-{k}", k + 1
            slug_terpakai.add((kim, slug))
            status = rng.choice(status_p)
            terbit = awal + timedelta(seconds=rentang * (i + rng.random()) / total)
            dibuat = terbit - timedelta(hours=rng.uniform(2, 72))
            diajukan = (
                dibuat + timedelta(minutes=rng.randrange(10, 600)) if status != "draf" else None
            )
            if status in ("draf", "diajukan", "perlu_revisi"):
                terbit_pada = None
            elif status == "disetujui":
                terbit_pada = n.sekarang + timedelta(days=rng.randint(1, 7))
            else:
                terbit_pada = min(terbit, n.sekarang - timedelta(minutes=30))
                if diajukan and diajukan >= terbit_pada:
                    diajukan = terbit_pada - timedelta(minutes=30)
                    dibuat = min(dibuat, diajukan - timedelta(minutes=30))
            penulis = n.ketua.get(kim)
            penyunting = (
                None if status in ("draf", "diajukan") else n.user_kantor.get(n.kim_desa[kim][:5])
            )
            diubah = (
                terbit_pada + timedelta(days=2)
                if status == "ditarik"
                else (terbit_pada if status in ("terbit", "disetujui") else diajukan or dibuat)
            )
            if status == "ditarik":
                diubah = min(diubah, n.sekarang)
            yield (
                aid,
                kim,
                n.kim_desa[kim],
                penulis,
                judul,
                slug,
                isi,
                _ringkas(polos, 280)[:300],
                rng.choice(self.kategori),
                status,
                diajukan,
                terbit_pada,
                penyunting,
                dibuat,
                diubah,
            )
            if status == "terbit":
                self.terbit += 1
                blok.append(
                    (
                        terbit_pada,
                        terbit_pada,
                        "berita",
                        str(aid),
                        judul,
                        polos,
                        f"{url_a}{n.kim_slug[kim]}{url_b}{slug}{url_c}",
                        n.kim_desa[kim],
                        kim,
                        terbit_pada,
                        True,
                    )
                )
                ws = (
                    {w.lower() for w in jk}
                    | {t for t in topik}
                    | kata_isi
                    | {"kegiatan", "ini", "diliput", "oleh"}
                )
                ws = {w for w in ws if w in self.valid or _kata_valid(w)}
                ws |= (
                    self.tempat_kata[tempat] | self.tempat_kata[desa2] | _kata_nama(n.kim_nama[kim])
                )
                for w in ws:
                    kata[w] = kata.get(w, 0) + 1
                if len(blok) >= 5000:
                    with kunci:
                        dok_q.extend(blok)
                    blok = []
        with kunci:
            dok_q.extend(blok)


@cache
def _kata_nama(nama: str) -> frozenset[str]:
    from simpul.cari.services import kata_dari

    return frozenset(kata_dari(nama))


# Events of an article's history, as the services write them (ke_status: the status after the act;
# an immediate approval is recorded before publishing, so its ke_status is still "diajukan").
ARTIKEL_EVENT_SQL = """
INSERT INTO berita_artikelevent (artikel_id, waktu, aktor_id, jenis, dari_status, ke_status, catatan, data)
SELECT a.id, v.waktu, v.aktor, v.jenis, v.dari, v.ke, v.catatan, v.data::jsonb
FROM berita_artikel a
CROSS JOIN LATERAL (VALUES
    (1, a.dibuat, a.penulis_id, 'dibuat', '', 'draf', '', '{}', true),
    (2, a.diajukan_pada, a.penulis_id, 'diajukan', 'draf', 'diajukan', '', '{}', a.status <> 'draf'),
    (3, a.diajukan_pada + interval '20 minutes', a.penyunting_id, 'revisi_diminta', 'diajukan', 'perlu_revisi',
        'Lengkapi nama narasumber dan waktu kegiatan.', '{}', a.status = 'perlu_revisi'),
    (4, LEAST(a.diajukan_pada + interval '10 minutes', a.terbit_pada), a.penyunting_id, 'disetujui', 'diajukan',
        CASE WHEN a.status = 'disetujui' THEN 'disetujui' ELSE 'diajukan' END, '',
        CASE WHEN a.status = 'disetujui'
             THEN json_build_object('terbit_pada', to_char(a.terbit_pada AT TIME ZONE 'UTC',
                                                           'YYYY-MM-DD"T"HH24:MI:SS+00:00'))::text
             ELSE '{}' END,
        a.status IN ('disetujui', 'terbit', 'ditarik')),
    (5, a.terbit_pada, a.penyunting_id, 'diterbitkan', 'diajukan', 'terbit', '', '{}', a.status IN ('terbit', 'ditarik')),
    (6, a.diubah, a.penyunting_id, 'ditarik', 'terbit', 'ditarik', 'Informasi perlu dikoreksi.', '{}',
        a.status = 'ditarik')
) v(urut, waktu, aktor, jenis, dari, ke, catatan, data, ada)
WHERE v.ada
ORDER BY a.id, v.urut
"""

ARTIKEL_TAG_SQL = """
INSERT INTO berita_artikel_tag (artikel_id, tag_id)
SELECT id, (%s::int[])[1 + (id * 7) %% %s] FROM berita_artikel WHERE id %% 3 = 0
UNION ALL
SELECT id, (%s::int[])[1 + (id * 7 + 1) %% %s] FROM berita_artikel WHERE id %% 9 = 0
ORDER BY 1, 2
"""

# --- listings --------------------------------------------------------------------------------------

PRODUK = [
    ("pertanian", "Kopi Robusta", "per kg", 60_000),
    ("pertanian", "Beras Organik", "per 5 kg", 75_000),
    ("pertanian", "Kakao Fermentasi", "per kg", 45_000),
    ("pertanian", "Madu Hutan", "per botol", 90_000),
    ("perikanan", "Ikan Asin", "per kg", 50_000),
    ("perikanan", "Rumput Laut Kering", "per kg", 25_000),
    ("perikanan", "Udang Segar", "per kg", 90_000),
    ("kuliner", "Keripik Pisang", "per bungkus", 15_000),
    ("kuliner", "Sambal Roa", "per botol", 35_000),
    ("kuliner", "Kue Tradisional", "per kotak", 30_000),
    ("kerajinan", "Tenun Ikat", "per lembar", 450_000),
    ("kerajinan", "Anyaman Bambu", "per buah", 40_000),
    ("kerajinan", "Ukiran Kayu", "per buah", 250_000),
    ("jasa", "Servis Ponsel", "per unit", 50_000),
    ("jasa", "Sewa Tenda Hajatan", "per hari", 500_000),
    ("wisata", "Wisata Air Terjun", "per orang", 10_000),
    ("wisata", "Susur Sungai", "per perahu", 150_000),
    ("penginapan", "Homestay", "per malam", 200_000),
    ("lainnya", "Bibit Tanaman", "per batang", 5_000),
]


class Penjual:
    KOLOM = [
        "id",
        "kim_id",
        "desa_id",
        "nama",
        "slug",
        "kategori",
        "deskripsi",
        "harga_min",
        "harga_maks",
        "satuan",
        "usaha_kim",
        "penjual_nama",
        "penjual_telepon",
        "izin_kontak_pada",
        "izin_kontak_oleh_id",
        "status",
        "alasan_sembunyi",
        "diterbitkan_pada",
        "dibuat_oleh_id",
        "dibuat",
        "diubah",
    ]

    def __init__(self, n: Negara) -> None:
        self.n = n
        self.kata: dict[str, int] = {}

    def semua(self, jumlah: int, dok: list):
        from django.urls import reverse
        from django.utils import translation
        from django.utils.text import slugify

        from simpul.potensi.models import Kategori
        from simpul.wilayah.models import Jenis

        n = self.n
        rng = n.rng(50)
        with translation.override("id"):
            label = {k: str(v) for k, v in Kategori.choices}
            usaha = str(translation.gettext("usaha KIM"))
            jenis_label = {k: str(v) for k, v in Jenis.choices}
        url_a, url_b = reverse("potensi:detail", args=["slugx"]).split("slugx")
        mulai_id = _nilai("SELECT COALESCE(max(id), 0) FROM potensi_potensi")[0][0] + 1
        dasar_n: dict[str, int] = {}
        aktif = n.kim_aktif or n.kim_ids
        for i in range(jumlah):
            pid = mulai_id + i
            kim = rng.choice(aktif)
            desa = n.kim_desa[kim]
            kat, produk, satuan, harga = rng.choice(PRODUK)
            nama = f"{produk} {n.nama[desa]}"[:120]
            dasar = (slugify(nama)[:120] or "potensi").strip("-") or "potensi"
            k = dasar_n.get(dasar, 0) + 1
            dasar_n[dasar] = k
            slug = dasar if k == 1 else f"{dasar}-{k}"
            deskripsi = DESKRIPSI.format(produk=produk, desa=n.nama[desa], kim=n.kim_nama[kim])
            hmin = harga * rng.randint(8, 12) // 10
            hmaks = hmin if rng.random() < 0.5 else hmin * rng.randint(12, 20) // 10
            usaha_kim = rng.random() < 0.2
            penjual = (
                "" if usaha_kim else f"{rng.choice(d.NAMA_DEPAN)} {rng.choice(d.NAMA_BELAKANG)}"
            )
            telepon = (
                f"+628{rng.randrange(10**9, 10**10)}" if penjual and rng.random() < 0.6 else ""
            )
            r = rng.random()
            status = "terbit" if r < 0.85 else "draf" if r < 0.95 else "disembunyikan"
            dibuat = n.sekarang - timedelta(
                days=1000 * rng.random() ** 1.3, minutes=rng.randrange(600)
            )
            terbit = dibuat + timedelta(hours=rng.uniform(0.1, 48)) if status != "draf" else None
            if terbit and terbit > n.sekarang:
                terbit = n.sekarang - timedelta(minutes=10)
            pembuat = n.ketua.get(kim)
            izin = dibuat if telepon and rng.random() < 0.7 else None
            alasan = "Dilaporkan warga: harga tidak sesuai." if status == "disembunyikan" else ""
            yield (
                pid,
                kim,
                desa,
                nama,
                slug,
                kat,
                deskripsi,
                hmin,
                hmaks,
                satuan,
                usaha_kim,
                penjual,
                telepon,
                izin,
                pembuat if izin else None,
                status,
                alasan,
                terbit,
                pembuat,
                dibuat,
                terbit or dibuat,
            )
            if status == "terbit":
                # What potensi.services._dokumen + cari's cleaning make, built from cached cleaned
                # parts (nh3 on every whole text would cost minutes): only the region names and the
                # category labels can hold characters the cleaning changes.
                desa_b = _bersihkan(n.nama[desa])
                bagian = [
                    _ringkas(
                        DESKRIPSI.format(produk=produk, desa=desa_b, kim=n.kim_nama[kim]), 1000
                    ),
                    _bersihkan(label[kat]),
                    satuan,
                    f"{jenis_label[n.jenis[desa]]} {desa_b}",
                    n.kim_nama[kim],
                    usaha if usaha_kim else "",
                ]
                judul = _bersihkan(nama)[:300]
                isi = " ".join(x for x in bagian if x)
                dok.append(
                    (
                        terbit,
                        terbit,
                        "potensi",
                        str(pid),
                        judul,
                        isi,
                        f"{url_a}{slug}{url_b}",
                        desa,
                        kim,
                        terbit,
                        True,
                    )
                )
                kata = _tok(judul).union(
                    _tok(DESKRIPSI.format(produk="", desa="", kim="")),
                    *(_tok(x) for x in bagian[1:] if x),
                    _tok(produk),
                    _tok(desa_b),
                )
                for w in kata:
                    self.kata[w] = self.kata.get(w, 0) + 1


ENTITAS = re.compile(r"&[a-z]+;|&#[0-9]+;")
DESKRIPSI = (
    "{produk} dari {desa}, diolah warga dan anggota {kim}. Tersedia sepanjang tahun, bisa dikirim ke "
    "luar daerah. Pesan melalui WhatsApp."
)


@cache
def _bersihkan(teks: str) -> str:
    from simpul.core.markdown import bersihkan_teks

    return bersihkan_teks(teks)


@cache
def _tok(teks: str) -> frozenset[str]:
    """The vocabulary words of a cleaned text as ts_stat sees them ("&amp;" is an entity, not a word)."""
    from simpul.cari.services import kata_dari

    return frozenset(kata_dari(ENTITAS.sub(" ", teks)))


POTENSI_EVENT_SQL = """
INSERT INTO potensi_potensievent (potensi_id, waktu, aktor_id, jenis, alasan, data)
SELECT p.id, v.waktu, p.dibuat_oleh_id, v.jenis, v.alasan, v.data::jsonb
FROM potensi_potensi p
CROSS JOIN LATERAL (VALUES
    (1, p.dibuat, 'dibuat', '', json_build_object('nama', p.nama)::text, true),
    (2, p.dibuat, 'izin_kontak', '', '{"izin": true}', p.izin_kontak_pada IS NOT NULL),
    (3, p.diterbitkan_pada, 'diterbitkan', '', '{}', p.diterbitkan_pada IS NOT NULL),
    (4, p.diubah, 'disembunyikan', p.alasan_sembunyi, '{}', p.status = 'disembunyikan')
) v(urut, waktu, jenis, alasan, data, ada)
WHERE v.ada
ORDER BY p.id, v.urut
"""


# --- the whole load --------------------------------------------------------------------------------


def muat(
    *,
    skala: float = 1.0,
    seed: int = d.SEED,
    hari_ini: date = HARI_INI,
    fase: Fase | None = None,
    pulihkan_saat_gagal: bool = False,
) -> dict:
    """Load the synthetic country into the database Django is connected to (regions already
    imported). Returns the counts and the per-phase times."""
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("bench.negara needs PostgreSQL (it loads with COPY)")
    fase = fase or Fase()
    n = Negara(skala=skala, seed=seed, hari_ini=hari_ini, fase=fase)
    _sql("SET synchronous_commit = off")
    _sql("CREATE TEMP TABLE IF NOT EXISTS negara_kata (kata text PRIMARY KEY, jumlah int)")
    with fase("lepas indeks"):
        balik = lepas_indeks(TABEL_BESAR)
    selesai = False
    try:
        n.wilayah()
        n.akun()
        n.kim()
        n.anggota()
        n.riwayat_kim()
        n.instansi()
        n.aspirasi()
        n.kampanye()
        n.berita()
        n.potensi()
        n.cari()
        selesai = True
    finally:
        if selesai or pulihkan_saat_gagal:
            with fase("indeks + constraint"):
                _setval(
                    [
                        "akun_user",
                        "aspirasi_aspirasi",
                        "aspirasi_tanggapan",
                        "aspirasi_instansi",
                        "diseminasi_kampanye",
                        "berita_artikel",
                        "potensi_potensi",
                    ]
                )
                pasang_indeks(balik)
        if selesai:
            # The campaign dashboard's per-kecamatan summary, when the app has one: its own
            # set-based recompute, per campaign, so after the indexes are back.
            from simpul.diseminasi import services as dis

            if hasattr(dis, "ringkasan_hitung_ulang"):
                with fase("ringkasan kampanye"):
                    dis.ringkasan_hitung_ulang()
            # The aspiration dashboard's summary (recomputed every 10 minutes in production).
            from simpul.aspirasi import services as asp

            with fase("ringkasan aspirasi"):
                asp.ringkasan_aspirasi_hitung_ulang()
        _sql("DROP TABLE IF EXISTS negara_ketua")
        _sql("DROP TABLE IF EXISTS negara_kata")
    with fase("vacuum analyze"):
        tabel = [
            r[0]
            for r in _nilai(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "ORDER BY pg_total_relation_size(quote_ident(tablename)) DESC"
            )
        ]
        _paralel([f"VACUUM (ANALYZE) {t}" for t in tabel])
    return {"jumlah": n.jumlah, "waktu": fase.waktu}


def ceksum() -> dict[str, str]:
    """A few columns' checksums (determinism: the same seed gives the same values). The two parts
    of the aspirations COPY their events at once, so event ids interleave differently from run to
    run; an aspiration's own events are in order, which is what is summed."""
    q = {
        "kim": "SELECT md5(string_agg(desa_id || status || mandiri::text, ',' ORDER BY id)) FROM kim_kim",
        "aspirasi": "SELECT md5(string_agg(kode || status || wilayah_tangani_id || COALESCE(instansi_id::text, '-')"
        " || COALESCE(tenggat::text, '-'), ',' ORDER BY id)) FROM aspirasi_aspirasi",
        "aspirasi_event": "SELECT md5(string_agg(aspirasi_id || jenis || ke_status || waktu::text, ','"
        " ORDER BY aspirasi_id, id))"
        " FROM aspirasi_aspirasievent",
        "penerimaan": "SELECT md5(string_agg(kampanye_id || ':' || kim_id || ':' || jangkauan, ',' ORDER BY id))"
        " FROM diseminasi_penerimaan",
        "artikel": "SELECT md5(string_agg(slug || status, ',' ORDER BY id)) FROM berita_artikel",
        "dokumen": "SELECT md5(string_agg(jenis || objek_id || url, ',' ORDER BY jenis, objek_id)) FROM cari_dokumen",
        "potensi": "SELECT md5(string_agg(slug || status, ',' ORDER BY id)) FROM potensi_potensi",
        "kim_event": "SELECT md5(string_agg(kim_id || jenis || ke_status || waktu::text, ',' ORDER BY kim_id, id))"
        " FROM kim_kimevent",
        "sk": "SELECT md5(string_agg(kim_id || nomor || berlaku_sampai::text || pengingat_terkirim::text, ','"
        " ORDER BY id)) FROM kim_suratkeputusan",
    }
    return {k: _nilai(v)[0][0] for k, v in q.items()}


# --- the command: create, refuse a second run, start over after a broken one ----------------------


def _psql_nilai(sql: str, db: str = "postgres") -> str:
    import subprocess

    return subprocess.run(
        ["psql", "-U", "postgres", "-h", "127.0.0.1", "-d", db, "-tAq", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def keadaan(db: str) -> tuple[str, str]:
    """("tidak_ada" | "kosong" | "lengkap" | "setengah" | "asing", detail)."""
    if _psql_nilai(f"SELECT count(*) FROM pg_database WHERE datname = '{db}'") == "0":
        return "tidak_ada", ""
    ada_marka = _psql_nilai(f"SELECT count(*) FROM pg_tables WHERE tablename = '{MARKA}'", db)
    if ada_marka == "0":
        tabel = _psql_nilai("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", db)
        return ("kosong", "") if tabel == "0" else ("asing", f"{tabel} tables, no {MARKA} table")
    row = _psql_nilai(
        f"SELECT versi, seed, skala, mulai, selesai FROM {MARKA} ORDER BY mulai DESC LIMIT 1", db
    )
    if not row:
        return "setengah", "no marker row"
    versi, seed, skala, mulai, selesai = row.split("|")
    detail = f"version {versi}, seed {seed}, scale {skala}, started {mulai}"
    return ("lengkap", f"{detail}, completed {selesai}") if selesai else ("setengah", detail)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Load the synthetic country (see the module docstring)."
    )
    ap.add_argument("--db", default="simpul_negara")
    ap.add_argument(
        "--skala", type=float, default=1.0, help="fraction of the full country (default 1)"
    )
    ap.add_argument("--seed", type=int, default=d.SEED)
    ap.add_argument(
        "--hari-ini",
        type=date.fromisoformat,
        default=HARI_INI,
        help=f"the generated history's 'today' (default {HARI_INI})",
    )
    ap.add_argument(
        "--timpa", action="store_true", help="drop a database that was not made by this generator"
    )
    o = ap.parse_args(argv)
    if not o.db.replace("_", "").isalnum():
        ap.error("--db: letters, digits and _ only")
    t0 = time.perf_counter()
    st, detail = keadaan(o.db)
    if st == "lengkap":
        print(
            f"{o.db} is already loaded ({detail}); refusing to load it twice. "
            f"Drop it first: psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE {o.db}'",
            file=sys.stderr,
        )
        return 3
    if st == "asing" and not o.timpa:
        print(
            f"{o.db} exists and was not made by bench.negara ({detail}); not touching it "
            "(use another --db, or --timpa to drop it)",
            file=sys.stderr,
        )
        return 4
    if st in ("setengah", "asing"):
        print(
            f"{o.db}: an earlier load did not complete ({detail}); dropping it and starting over",
            file=sys.stderr,
        )
    if st in ("setengah", "asing", "kosong"):
        d.psql(f"DROP DATABASE IF EXISTS {o.db} WITH (FORCE)")
    d.psql(f"CREATE DATABASE {o.db}")
    d.psql(
        f"CREATE TABLE {MARKA} (versi int NOT NULL, seed bigint NOT NULL, skala double precision NOT NULL, "
        f"hari_ini date NOT NULL, mulai timestamptz NOT NULL DEFAULT now(), selesai timestamptz, "
        f"durasi_detik double precision, jumlah jsonb, waktu jsonb, ceksum jsonb); "
        f"INSERT INTO {MARKA} (versi, seed, skala, hari_ini) VALUES ({VERSI}, {o.seed}, {o.skala}, "
        f"'{o.hari_ini.isoformat()}')",
        db=o.db,
    )
    fase = Fase()
    with fase("migrate + wilayah"):
        d.siapkan_pg(o.db, baru=False)
    hasil = muat(skala=o.skala, seed=o.seed, hari_ini=o.hari_ini, fase=fase)
    cek = ceksum()
    total = time.perf_counter() - t0
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as c:  # the last step: the load is complete
        c.execute(
            f"UPDATE {MARKA} SET selesai = now(), durasi_detik = %s, jumlah = %s, waktu = %s, ceksum = %s",
            [
                total,
                json.dumps(hasil["jumlah"]),
                json.dumps({k: round(v, 1) for k, v in fase.waktu.items()}),
                json.dumps(cek),
            ],
        )
    beban = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n{o.db}: loaded in {total:.0f} s (seed {o.seed}, scale {o.skala}, version {VERSI}); "
        f"load average at the end {beban}"
    )
    print("| phase | s |\n| --- | ---: |")
    for k, v in fase.waktu.items():
        print(f"| {k} | {v:.1f} |")
    print(f"| **total** | **{total:.1f}** |\n")
    print("| table | rows |\n| --- | ---: |")
    for k, v in hasil["jumlah"].items():
        print(f"| {k} | {v:,} |")
    print("\nchecksums: " + ", ".join(f"{k} {v[:8] if v else '-'}" for k, v in cek.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
