"""The search: one ranked, typo-tolerant query over every app's documents.

- :func:`cari` ``(q, *, user=None, jenis=None, wilayah=None, halaman=1, per_halaman=20) ->
  HasilCari``: the documents matching ``q`` that ``user`` may see, best first. Two queries
  (the vocabulary lookup, the ranked search), a third only when no document holds every word
  (on PostgreSQL + the newest id and the index size, read once a minute).
- :func:`kata_query` ``(q) -> list[str]``: the words of a query as the search sees them.

How a query is answered
1. The words are lower-cased, accents dropped, cut to 8 words of at most 40 characters.
2. Typos: each word of 4 or more letters that is not in the index's vocabulary
   (:class:`~simpul.cari.models.Kata`) is paired with up to three vocabulary words close to it
   by trigram similarity (>= 0.35 and within 0.04 of the closest; "tapalng" -> "tapalang",
   "robsta" -> "robusta"), from
   pg_trgm's index on PostgreSQL or the FTS5 trigram table on SQLite. The last word also
   matches as a prefix ("kop" finds "kopi") unless it is a known word.
3. Every word (or one of its corrections) must occur; if no document has them all, any
   word will do (ranked by how many and how well they match).
4. Ranking. PostgreSQL: ``ts_rank`` over the stored ``indonesian`` tsvector (title weight A
   = 1.0, text B = 0.4) plus the trigram similarity of the title to the query, so an exact
   title beats a mention in the text. The ranking runs over a bounded candidate set: the
   newest 300 matches by publication time (``waktu``, as ``urut``: migration 0006), plus (up
   to 5,000 of) the title matches when the newest 40,000 documents (of the region, with a
   region filter) hold fewer than 300 matches (a rare query). One statement finds them the
   cheapest way for the query (:func:`_rencana`, from the vocabulary's document counts, which
   the vocabulary lookup returns anyway): a common word walks the ``(urut, id)`` index over the
   newest documents, a middling one reads just enough weeks of the GIN index (week lexemes), a
   rare one reads all its matches from the GIN index; a region filter is a lexeme of the GIN
   query (the region is intersected in the index, never read whole).
   A query matching half a million articles thus costs about as much as one matching a
   thousand, and the candidates are the same whichever way is taken.
   SQLite: FTS5 ``bm25`` with the title weighted 10 to 1, over every match.
5. Who sees what: public documents for everyone; internal ones (``publik=False``) only for
   users who may see the internal data of their KIM or region (``Aksi.KIM_INTERNAL``).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q

from simpul.core import scope
from simpul.core.kode import PANJANG_KODE_DESA, subtree_q
from simpul.core.peran import Aksi
from simpul.core.teks import normalisasi

from .models import Dokumen, JenisDokumen
from .services import KATA_MAKS, KATA_RE

KONFIG = "indonesian"
MAKS_KATA = 8
MIRIP_MIN = 0.35          # trigram similarity for a correction
MAKS_KOREKSI = 3          # corrections per word
SELISIH_KOREKSI = 0.04    # ... within this similarity of the best one
KANDIDAT = 300            # newest matches ranked
MAKS_HALAMAN = 15         # pages offered (KANDIDAT / 20)
MINGGU = 604_800          # seconds per week lexeme (migration 0006)
MAKS_MINGGU = 104         # week lexemes in one GIN read at most
JENDELA = 40_000          # the window: the newest documents (title matches added when it holds few matches)
CONTOH = 20_000           # newest documents sampled for the publication rate (Statistik.laju)
JALAN_MAKS = 12_000       # newest documents walked in publication order at most (a common query)
JALAN_MIN = 2000          # ... at least (any query)
N_TAK_HINGGA = 1 << 62
GIN_MAKS = 4000           # expected matches read from the unrestricted GIN index at most
SARING_MAKS = 20_000      # a region's documents counted at most (beyond: the planner statistics)
JUDUL_MAKS = 5000         # title matches added to the candidates of a rare query, newest first


@dataclass
class HasilCari:
    q: str
    dokumen: list[Dokumen] = field(default_factory=list)
    halaman: int = 1
    per_halaman: int = 20
    ada_berikut: bool = False
    # {typed word: the correction used}, for "did you mean"
    koreksi: dict[str, str] = field(default_factory=dict)
    semua_kata: bool = True  # False: no document had every word; any word was accepted

    @property
    def ada_sebelum(self) -> bool:
        return self.halaman > 1

    @property
    def saran(self) -> str:
        """The query with each corrected word replaced ("" when nothing was corrected)."""
        if not self.koreksi:
            return ""
        return " ".join(self.koreksi.get(k, k) for k in kata_query(self.q))


def kata_query(q: str | None) -> list[str]:
    """The words of a query: lower-case, accent-free letters and digits, at most 8 words of at
    most 40 characters, duplicates dropped."""
    hasil: list[str] = []
    for k in KATA_RE.findall(normalisasi((q or "")[:500])):
        k = k[:KATA_MAKS]
        if k not in hasil:
            hasil.append(k)
    return hasil[:MAKS_KATA]


# --- Trigram similarity (pg_trgm's definition, for SQLite) ---------------------------------------

def trigram(kata: str) -> set[str]:
    s = f"  {kata} "
    return {s[i:i + 3] for i in range(len(s) - 2)}


def kemiripan(a: str, b: str) -> float:
    ta, tb = trigram(a), trigram(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


# --- Step 2: corrections --------------------------------------------------------------------------

def _perlu_koreksi(k: str) -> bool:
    return len(k) >= 4 and not k.isdigit()


def _tetangga(kata: list[str], wilayah: str | None = None
             ) -> tuple[dict[str, list[tuple[str, float, int]]], dict[str, int]]:
    """({word: [(vocabulary word, similarity, documents)]} for the words worth correcting, the
    word itself included when it is in the vocabulary; {word or "word*": documents}, the
    vocabulary's document counts of every query word and, on PostgreSQL, of the last word as a
    prefix ("kop*": the documents of every word starting with "kop"), for the cost estimate of
    :func:`_perkiraan`), and under ``"#"`` (PostgreSQL, a region filter ``wilayah`` given) about
    how many documents lie in the region: counted from the region-code index up to
    ``SARING_MAKS`` (index-only, ~5 ms), beyond that the planner statistics' frequency of the
    region's lexeme (migration 0006), else ``SARING_MAKS``. One query."""
    calon = [k for k in kata if _perlu_koreksi(k)]
    hasil: dict[str, list[tuple[str, float, int]]] = {k: [] for k in calon}
    jumlah: dict[str, int] = {}
    if connection.vendor == "postgresql":
        # Corrections (words of 4+ letters), exact counts of the shorter words, and the last
        # word's prefix count (capped: it only has to tell "common" from "rare").
        awalan = kata[-1] if kata and len(kata[-1]) >= 2 else None
        with connection.cursor() as cur:
            cur.execute(  # the filter: ORM-compiled SQL; every value is a parameter
                "SELECT w.q, k.kata, k.s, k.jumlah FROM unnest(%s::text[]) AS w(q) CROSS JOIN LATERAL ("  # noqa: S608
                " SELECT kata, jumlah, similarity(kata, w.q) AS s FROM cari_kata WHERE kata %% w.q"
                " ORDER BY s DESC, jumlah DESC LIMIT 5) k"
                " UNION ALL SELECT kata, kata, 1.0, jumlah FROM cari_kata WHERE kata = ANY(%s::text[])"
                " UNION ALL SELECT %s, '', -1.0, COALESCE(sum(jumlah), 0) FROM"
                " (SELECT jumlah FROM cari_kata WHERE kata LIKE %s LIMIT 2000) a"
                + ("" if not wilayah else
                   " UNION ALL SELECT '#', '', -1.0, CASE WHEN d.c < %s THEN d.c ELSE COALESCE(("
                   " SELECT (m.f * c.reltuples)::bigint FROM pg_stats s, pg_class c,"
                   " unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS m(e, f)"
                   " WHERE s.schemaname = current_schema() AND s.tablename = 'cari_dokumen'"
                   " AND s.attname = 'vektor' AND c.oid = 'cari_dokumen'::regclass AND m.e = %s"
                   " LIMIT 1), d.c) END FROM (SELECT count(*) AS c FROM (SELECT 1 FROM cari_dokumen"
                   " WHERE wilayah_kode LIKE %s LIMIT %s) d) d"),
                [calon, [k for k in kata if k not in hasil], f"{awalan}*", f"{awalan}%" if awalan else "",
                 *([SARING_MAKS, lexem_wilayah(wilayah), wilayah + ".%", SARING_MAKS] if wilayah else [])])
            for q, kata_v, s, n in cur.fetchall():
                if s < 0:
                    if awalan or q == "#":
                        jumlah[q] = int(n)
                    continue
                if q in hasil:
                    hasil[q].append((kata_v, float(s), n))
                if kata_v == q:
                    jumlah[q] = n
        return hasil, jumlah
    if not calon:
        return hasil, jumlah
    with connection.cursor() as cur:
        bagian, params = [], []
        for i, k in enumerate(calon):
            match = " OR ".join(f'"{t}"' for t in sorted({k[j:j + 3] for j in range(len(k) - 2)}))
            bagian.append(
                f"SELECT * FROM (SELECT {i} AS i, c.kata, c.jumlah FROM cari_kata_fts f "  # noqa: S608 (i: an int)
                "JOIN cari_kata c ON c.id = f.rowid WHERE cari_kata_fts MATCH %s "
                "ORDER BY f.rank LIMIT 40)")
            params.append(match)
        cur.execute(" UNION ALL ".join(bagian), params)
        for i, kata_v, n in cur.fetchall():
            k = calon[i]
            hasil[k].append((kata_v, kemiripan(kata_v, k), n))
        for k in hasil:
            hasil[k].sort(key=lambda t: (-t[1], -t[2]))
    return hasil, jumlah


def _alternatif(kata: list[str], wilayah: str | None = None
                ) -> tuple[list[list[tuple[str, bool]]], dict[str, str], dict[str, int]]:
    """For each word, the terms that may stand for it: [(term, as a prefix)], the corrections
    made, and the document counts ({term or "prefix*": documents, "#": filtered documents},
    see :func:`_tetangga`)."""
    tetangga, jumlah = _tetangga(kata, wilayah)
    grup: list[list[tuple[str, bool]]] = []
    koreksi: dict[str, str] = {}
    for i, k in enumerate(kata):
        terakhir = i == len(kata) - 1
        daftar = tetangga.get(k, [])
        dikenal = any(v == k for v, _s, _n in daftar)
        # A known word is matched as itself: a prefix would make the GIN read every posting
        # list starting with it ("kopi:*" at 1M articles: 225 ms instead of a few).
        alt = [(k, terakhir and len(k) >= 2 and not dikenal)]
        if daftar and not dikenal:
            # Only corrections about as close as the best one: "tapalng" -> "tapalang" (0.55),
            # not also "tapang" (0.50) or "tapalina" (0.42), rarer words that would outrank it.
            terbaik = max(s for _v, s, _n in daftar)
            batas = max(MIRIP_MIN, terbaik - SELISIH_KOREKSI)
            dekat = [v for v, s, _n in daftar if s >= batas and v != k][:MAKS_KOREKSI]
            alt += [(v, False) for v in dekat]
            jumlah.update({v: n for v, _s, n in daftar if v in dekat})
            if dekat and not (terakhir and dekat[0].startswith(k)):
                koreksi[k] = dekat[0]
        grup.append(alt)
    return grup, koreksi, jumlah


# --- Step 3-4: the query --------------------------------------------------------------------------

def _tsquery(grup: list[list[tuple[str, bool]]], *, semua: bool, bobot: str = "") -> str:
    bagian = []
    for alt in grup:
        terms = [f"{t}:*{bobot}" if prefix else (f"{t}:{bobot}" if bobot else t) for t, prefix in alt]
        bagian.append("(" + " | ".join(terms) + ")")
    return (" & " if semua else " | ").join(bagian)


def _fts5(grup: list[list[tuple[str, bool]]], *, semua: bool) -> str:
    bagian = []
    for alt in grup:
        terms = [f'"{t}"*' if prefix else f'"{t}"' for t, prefix in alt]
        bagian.append("(" + " OR ".join(terms) + ")")
    return (" AND " if semua else " OR ").join(bagian)


def _where(q: Q) -> tuple[str, list]:
    """A WHERE clause on ``cari_dokumen`` from a Q, compiled by the ORM (scope, filters)."""
    query = Dokumen.objects.filter(q).query
    compiler = query.get_compiler(using="default")
    sql, params = query.where.as_sql(compiler, compiler.connection)
    return (sql or "1=1"), list(params)


_KOLOM = ('"cari_dokumen"."id", "cari_dokumen"."dibuat", "cari_dokumen"."diubah", '
          '"cari_dokumen"."jenis", "cari_dokumen"."objek_id", "cari_dokumen"."judul", '
          '"cari_dokumen"."url", "cari_dokumen"."wilayah_kode", "cari_dokumen"."kim_id", '
          '"cari_dokumen"."waktu", "cari_dokumen"."publik"')


@dataclass(frozen=True)
class Statistik:
    """The top of the index in publication order (``urut``, migration 0006), read at most once a
    minute by :func:`_terbaru`."""

    maks: int = 0         # the newest ``urut`` (seconds since 1970)
    n: int = 1            # documents in the index
    laju: float = 1.0     # documents per second among the newest ``CONTOH``

    def urut_pada(self, kedalaman: int) -> int:
        """About the ``urut`` of the document ``kedalaman`` documents below the newest."""
        return int(self.maks - kedalaman / self.laju)


_ember_cache: tuple = (-1e9, None)


def _terbaru() -> Statistik:
    """The newest ``urut``, the number of documents and how densely the newest ``CONTOH`` are
    spread in time (documents per second), read at most once a minute (~10 ms: the ``urut``
    index). Documents without a time (regions: ``urut`` 0) are left out of the rate."""
    global _ember_cache
    sekarang = time.monotonic()
    if sekarang - _ember_cache[0] > 60 or _ember_cache[1] is None:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT COALESCE(max(urut), 0), COALESCE(min(urut), 0), count(*), (SELECT reltuples FROM "  # noqa: S608
                "pg_class WHERE oid = 'cari_dokumen'::regclass), (SELECT COALESCE(max(id), 0) FROM cari_dokumen) "
                f"FROM (SELECT urut FROM cari_dokumen WHERE urut > 0 ORDER BY urut DESC, id DESC LIMIT {CONTOH}) t")
            maks, minim, contoh, n, maks_id = cur.fetchone()
        # reltuples is -1 until the first ANALYZE: the newest id stands in.
        n = max(int(n) if n and n > 0 else maks_id, contoh, 1)
        laju = contoh / max(maks - minim, 1) if contoh > 1 else 1.0
        _ember_cache = (sekarang, Statistik(maks=maks, n=n, laju=laju))
    return _ember_cache[1]


def _minggu(dari: int, sampai: int) -> str:
    """The week lexemes covering ``urut`` ``dari`` to ``sampai`` ("zt2970 | zt2969"), newest first."""
    return " | ".join(f"zt{m}" for m in range(sampai // MINGGU, dari // MINGGU - 1, -1))


def lexem_wilayah(kode: str | None) -> str:
    """The region lexeme of migration 0006 for a region filter ("35.24" -> "zw3524"), or ""."""
    digit = (kode or "").replace(".", "")
    return f"zw{digit}" if digit.isdigit() and digit.isascii() and len(digit) >= 2 else ""


def _per_kata(grup: list[list[tuple[str, bool]]], jumlah: dict[str, int]) -> list[int]:
    """Each query word's documents: the sum of its alternatives' vocabulary counts (a word the
    vocabulary lacks counts 0)."""
    return [sum(jumlah.get(f"{t}*" if prefix else t, 0) for t, prefix in alt) for alt in grup]


def _perkiraan(grup: list[list[tuple[str, bool]]], jumlah: dict[str, int], *, semua: bool, n: int) -> float:
    """The share of the documents expected to match, from the vocabulary's document counts
    (words independent; a word the vocabulary lacks counts as rare). Only steers how the
    newest matches are read (:func:`_sql_pg`), never what is found."""
    bagian = [min(1.0, m / max(n, 1)) for m in _per_kata(grup, jumlah)]
    return math.prod(bagian) if semua else 1.0 - math.prod(1.0 - g for g in bagian)


def _posting(grup: list[list[tuple[str, bool]]], jumlah: dict[str, int], *, semua: bool = True) -> int:
    """About how many GIN posting-list entries a query reads: every word's (its alternatives'
    document counts); when every word must match, the rarest word's (the GIN index skips
    through the others' lists), else all of them."""
    per_kata = _per_kata(grup, jumlah)
    return (min(per_kata) if semua else sum(per_kata)) if per_kata else 0


def _bagian_wilayah(tersaring: int | None, n: int) -> float:
    """The share of the documents inside a region filter, from the count the vocabulary query
    made (capped at ``SARING_MAKS``: a bigger region counts as that big, so its matches are
    under-estimated and a little more is read; never a wrong result)."""
    if tersaring is None:
        return 1.0
    return min(1.0, max(tersaring, 1) / max(n, 1))


@dataclass(frozen=True)
class Rencana:
    """How :func:`_sql_pg` reads the newest matches (see :func:`_rencana`). Depths are in
    documents, newest first (publication order, ``urut``)."""

    jalan: int = 0        # walk the newest ``jalan`` documents in publication order first
    ember: int = 0        # then read the next ~``ember`` documents' weeks from the GIN index
    pindai: bool = False  # or test every document passing the filter (a small region)


def _rencana(perkiraan: float, n: int, *, posting: int = 0, tersaring: int | None = None) -> Rencana:
    """How to read the newest matches of a query expected to match ``perkiraan`` of ``n``
    documents (the region's share included), whose words' posting lists hold ``posting``
    entries in all, with a filter passed by ``tersaring`` documents (None: no region filter).
    Only the cost changes, never what is found.

    Measured on the synthetic country (1.25M documents, bench/negara.py): a walk in publication
    order costs ~1-3 us a document (it tests each tsvector in the table), a week of the GIN index
    ~0.2 ms, the GIN index ~0.05 us a posting entry plus ~3-5 us a match it hands to the table.
    So a common query (its newest ``KANDIDAT`` matches within the newest ``JALAN_MAKS``) walks,
    a rare one (a few thousand matches) reads them all from the GIN index, the ones between read
    just enough weeks. A region filter is a lexeme of the GIN query (migration 0006), so a region
    makes a query rarer, never slower: it is never read whole. Twice the expected depth is read,
    so a query a little rarer than expected still fills up; a short walk comes first anyway (a
    word that became common since the vocabulary was counted), except under a region filter,
    where a walk tests the region in the table too."""
    dalam = int(2 * KANDIDAT / perkiraan) if perkiraan > 0 else N_TAK_HINGGA
    if dalam <= JALAN_MAKS:
        return Rencana(jalan=max(dalam, JALAN_MIN))
    awal = JALAN_MIN if tersaring is None else 0
    if perkiraan * n <= GIN_MAKS:
        return Rencana(jalan=awal)
    return Rencana(jalan=awal, ember=dalam)


def _sql_pg(where: str, wparams: list, grup, *, semua: bool, q_normal: str, limit: int,
            offset: int, rencana: Rencana, wilayah: str | None = None, bagian: float = 1.0
            ) -> tuple[str, list]:
    """One statement: the candidates (the newest ``KANDIDAT`` matches in publication order, plus
    the title matches when the newest ``JENDELA`` documents, the window, hold fewer than
    ``KANDIDAT`` matches; with a region filter the window is the region's newest ``JENDELA``
    documents, ``bagian`` being the region's share of the index), ranked.

    The newest matches come from a chain of ``urut`` ranges, newest first, each read only if the
    ones before it gave fewer than ``KANDIDAT`` rows (an ``Append`` under a ``LIMIT`` stops
    pulling once it has enough), chosen by :func:`_rencana`:
    1. a walk down the ``(urut, id)`` index over the newest documents, testing each tsvector
       (a common word: "desa" is in every other article, its newest 300 matches are in the
       newest ~600);
    2. or the GIN index restricted to the week lexemes of the next documents (migration 0006);
    3. then the GIN index over every older document (all of them for a rare query).
    With a region filter (``wilayah``), the GIN reads also intersect the region's lexeme. A
    small region may instead be read whole, each document tested once for the query and for
    the title. Whichever way, the candidates are the same: the newest matches (and the title
    matches); the filter ``where`` is always applied too.
    """
    tq = _tsquery(grup, semua=semua)
    st = _terbaru()
    zw = lexem_wilayah(wilayah)
    # The GIN reads: the query AND the region's lexeme (a superset of the region filter, which
    # stays in the WHERE clause).
    cocok = f"(to_tsquery('{KONFIG}', %s) && to_tsquery('simple', %s))" if zw else f"to_tsquery('{KONFIG}', %s)"
    cparams = [tq, zw] if zw else [tq]
    # The window: the newest JENDELA documents (of the region: ``bagian`` is its share).
    bawah = st.urut_pada(int(JENDELA / max(bagian, 1e-6)))
    awal = ""       # CTEs before "baru"
    aparams: list = []
    if rencana.pindai:
        awal = (f"s AS MATERIALIZED (SELECT id, urut, vektor @@ to_tsquery('{KONFIG}', %s) AS cocok, "  # noqa: S608
                f"vektor_judul @@ to_tsquery('{KONFIG}', %s) AS dijudul FROM cari_dokumen WHERE {where}"
                + (" AND vektor @@ to_tsquery('simple', %s)" if zw else "") + "), ")
        aparams = [tq, tq, *wparams, *([zw] if zw else [])]
        baru = f"SELECT id, urut FROM s WHERE cocok ORDER BY urut DESC, id DESC LIMIT {KANDIDAT}"  # noqa: S608
        params: list = []
        judul, jparams, jurut = "SELECT id FROM s WHERE dijudul", [], "urut"
    else:
        anak: list[str] = []
        params = []
        atas = None  # the upper urut bound of the next range (None: no bound)
        if rencana.jalan:
            atas = st.urut_pada(rencana.jalan)
            # OFFSET 0 keeps the text test out of the scan: the planner must walk the index.
            anak.append(f"SELECT id, urut FROM (SELECT id, urut, vektor FROM cari_dokumen WHERE {where} "  # noqa: S608
                        f"AND urut >= %s ORDER BY urut DESC, id DESC OFFSET 0) s "
                        f"WHERE vektor @@ to_tsquery('{KONFIG}', %s) LIMIT {KANDIDAT}")
            params += [*wparams, atas, tq]
        if rencana.ember:
            puncak = st.maks + 2 * MINGGU if atas is None else atas
            dari = max(st.urut_pada(rencana.jalan + rencana.ember), puncak - MAKS_MINGGU * MINGGU)
            dari = max(0, dari // MINGGU * MINGGU)
            if dari < puncak:
                # Whole weeks: the lexemes alone bound the range from below; the upper bound is
                # kept out of the index with "+ 0" (a bound made the planner AND in a bitmap of
                # the B-tree). Without a walk before it, the weeks after the newest document too.
                batas = "" if atas is None else " AND urut + 0 < %s"
                anak.append(f"SELECT id, urut FROM cari_dokumen WHERE {where}{batas} AND vektor @@ "  # noqa: S608
                            f"({cocok} && to_tsquery('simple', %s)) "
                            f"ORDER BY urut DESC, id DESC LIMIT {KANDIDAT}")
                params += [*wparams, *([] if atas is None else [atas]), *cparams, _minggu(dari, puncak)]
                atas = dari
        if atas is None or atas > 0:
            batas = "" if atas is None else " AND urut < %s"
            anak.append(f"SELECT id, urut FROM cari_dokumen WHERE {where}{batas} AND vektor @@ "  # noqa: S608
                        f"{cocok} ORDER BY urut DESC, id DESC LIMIT {KANDIDAT}")
            params += [*wparams, *([] if atas is None else [atas]), *cparams]
        baru = "SELECT id, urut FROM (" + " UNION ALL ".join(f"({a})" for a in anak) + f") b LIMIT {KANDIDAT}"  # noqa: S608
        if zw:
            # In a region: the title words (weight A) and the region's lexeme from the GIN index
            # of vektor (it starts from the region's short list; the weights are rechecked in
            # the table, on the region's matches only), not every title match in the country.
            judul = (f"SELECT id FROM cari_dokumen WHERE {where} AND vektor @@ "  # noqa: S608
                     f"(to_tsquery('{KONFIG}', %s) && to_tsquery('simple', %s))")
            jparams = [*wparams, _tsquery(grup, semua=semua, bobot="A"), zw]
        else:
            judul = f"SELECT id FROM cari_dokumen WHERE {where} AND vektor_judul @@ to_tsquery('{KONFIG}', %s)"  # noqa: S608
            jparams = [*wparams, tq]
        # "+ 0": the title matches are read from a GIN index, never by walking the urut index
        # (a word common only in old titles would walk most of the table).
        jurut = "urut + 0"
    # Every title match too when the window holds few matches (a rare query: an old article
    # titled with the query words still ranks first). Gated by an InitPlan: not read otherwise.
    # Capped at the newest JUDUL_MAKS (a safety bound for a word common only in old titles;
    # it also keeps the plan's estimated cost low enough not to trigger JIT compilation, which
    # cost ~30 ms a query when a common word's title matches were costed in full).
    judul += f" AND (SELECT count(*) FROM baru WHERE urut >= %s) < {KANDIDAT}"  # noqa: S608
    jparams = [*jparams, bawah]
    # Only constants and ORM-compiled SQL are formatted in; every value is a parameter.
    sql = f"""
        WITH {awal}baru AS MATERIALIZED ({baru}),
             k AS (SELECT id FROM baru UNION ({judul} ORDER BY {jurut} DESC, id DESC LIMIT {JUDUL_MAKS}))
        SELECT {_KOLOM}, left("cari_dokumen"."isi", 300) AS isi,
               ts_rank("cari_dokumen".vektor, to_tsquery('{KONFIG}', %s))
               + similarity(lower("cari_dokumen"."judul"), %s) AS skor
        FROM cari_dokumen WHERE "cari_dokumen"."id" = ANY(ARRAY(SELECT id FROM k))
        ORDER BY skor DESC, "cari_dokumen"."waktu" DESC NULLS LAST, "cari_dokumen"."id"
        LIMIT {int(limit)} OFFSET {int(offset)}
    """  # noqa: S608 (constant fragments; values are parameters)
    # (= ANY(ARRAY(...)): the candidates are read by primary key; a join let the planner, misled
    # by the title matches' estimate, scan the whole table to meet 300 rows.)
    return sql, [*aparams, *params, *jparams, tq, q_normal]


def _sql_sqlite(where: str, wparams: list, grup, *, semua: bool, limit: int, offset: int) -> tuple[str, list]:
    sql = f"""
        SELECT {_KOLOM}, substr("cari_dokumen"."isi", 1, 300) AS isi,
               -bm25(cari_fts, 10.0, 1.0) AS skor
        FROM cari_fts JOIN cari_dokumen ON "cari_dokumen"."id" = cari_fts.rowid
        WHERE cari_fts MATCH %s AND {where}
        ORDER BY skor DESC, "cari_dokumen"."waktu" DESC, "cari_dokumen"."id"
        LIMIT {int(limit)} OFFSET {int(offset)}
    """  # noqa: S608 (constant fragments; values are parameters)
    return sql, [_fts5(grup, semua=semua), *wparams]


def saring_q(*, user=None, jenis: str | list[str] | None = None, wilayah: str | None = None) -> Q:
    """The filter of a search: what ``user`` may see, of these kinds, in this region's subtree."""
    q = Q(publik=True)
    if user is not None and getattr(user, "is_authenticated", False):
        internal = scope.lingkup(user, Aksi.KIM_INTERNAL).q(wilayah_field="wilayah_kode", kim_field="kim_id")
        q |= Q(publik=False) & (Q() if internal is None else internal)
    if jenis:
        daftar = [jenis] if isinstance(jenis, str) else list(jenis)
        q &= Q(jenis__in=[j for j in daftar if j in JenisDokumen.values])
    if wilayah:
        q &= subtree_q("wilayah_kode", wilayah)
    return q


def _saring_wilayah_pg(kode: str) -> tuple[str, list]:
    """The region filter of :func:`saring_q` (the code or below it, bounded by the dot) written so
    that no index answers it: the GIN index does, through the region's lexeme; this is the
    exact test on each row it hands over (a desa: equality, a handful of rows)."""
    if len(kode) >= PANJANG_KODE_DESA:
        return '"cari_dokumen"."wilayah_kode" = %s', [kode]
    awal = kode + "."
    return ('("cari_dokumen"."wilayah_kode" = %s OR left("cari_dokumen"."wilayah_kode", %s) = %s)',
            [kode, len(awal), awal])


def cari(q: str | None, *, user=None, jenis: str | list[str] | None = None, wilayah: str | None = None,
         halaman: int = 1, per_halaman: int = 20) -> HasilCari:
    """The documents matching ``q`` that ``user`` may see, best first (see the module
    docstring). ``jenis``: one kind or a list; ``wilayah``: a region code (its subtree).
    Documents carry ``skor`` and ``isi`` cut to 300 characters."""
    per_halaman = max(1, min(int(per_halaman), 50))
    halaman = max(1, min(int(halaman), MAKS_HALAMAN))
    hasil = HasilCari(q=q or "", halaman=halaman, per_halaman=per_halaman)
    kata = kata_query(q)
    if not kata:
        return hasil
    pg = connection.vendor == "postgresql"
    if pg and wilayah:
        # The region is read from the GIN index (its lexeme, see _sql_pg); the code test stays
        # as a recheck the planner cannot answer from the code's B-tree (a bitmap of a
        # province's 150,000 documents cost ~50 ms).
        where, wparams = _where(saring_q(user=user, jenis=jenis))
        wsql, wp = _saring_wilayah_pg(wilayah)
        where, wparams = f"({where}) AND {wsql}", [*wparams, *wp]
    else:
        where, wparams = _where(saring_q(user=user, jenis=jenis, wilayah=wilayah))
    # A region filter: estimate its documents (in the vocabulary query): the plan depends on it.
    grup, hasil.koreksi, jumlah = _alternatif(kata, wilayah if pg else None)
    offset = (halaman - 1) * per_halaman
    for semua in (True, False) if len(kata) > 1 else (True,):
        if pg:
            n = _terbaru().n
            tersaring = jumlah.get("#") if wilayah else None
            bagian = _bagian_wilayah(tersaring, n)
            rencana = _rencana(_perkiraan(grup, jumlah, semua=semua, n=n) * bagian, n,
                               posting=_posting(grup, jumlah, semua=semua), tersaring=tersaring)
            sql, params = _sql_pg(where, wparams, grup, semua=semua, q_normal=" ".join(kata),
                                  limit=per_halaman + 1, offset=offset, rencana=rencana, wilayah=wilayah,
                                  bagian=bagian)
        else:
            sql, params = _sql_sqlite(where, wparams, grup, semua=semua, limit=per_halaman + 1, offset=offset)
        dokumen = list(Dokumen.objects.raw(sql, params))
        if dokumen:
            break
    hasil.semua_kata = semua
    hasil.ada_berikut = len(dokumen) > per_halaman and halaman < MAKS_HALAMAN
    hasil.dokumen = dokumen[:per_halaman]
    return hasil
