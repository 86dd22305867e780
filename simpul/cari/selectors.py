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
   newest 300 matches, plus (up to 5,000 of) the title matches when the newest ~40,000-60,000
   documents hold fewer than 300 matches (a rare query). One statement finds them the cheapest
   way for the query (:func:`_rencana`, from the vocabulary's document counts, which the
   vocabulary lookup returns anyway): a common word walks the primary key over the newest
   documents, a middling one reads just enough of the GIN index's bucket lexemes (migration
   0005), a rare one reads all its matches from the GIN index, a small region is read whole.
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
from simpul.core.kode import subtree_q
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
EMBER = 20_000            # ids per bucket lexeme (migration 0005)
EMBER_JENDELA = 2         # buckets before the newest one looked at first
JALAN_MAKS = 12_000       # newest documents read in id order at most (a common query)
JALAN_MIN = 2000          # ... at least (any query)
N_TAK_HINGGA = 1 << 62
GIN_MAKS = 4000           # expected matches read from the unrestricted GIN index at most
SARING_MAKS = 20_000      # filtered documents counted (a region this small may be read whole)
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


def _tetangga(kata: list[str], saring: tuple[str, list] | None = None
             ) -> tuple[dict[str, list[tuple[str, float, int]]], dict[str, int]]:
    """({word: [(vocabulary word, similarity, documents)]} for the words worth correcting, the
    word itself included when it is in the vocabulary; {word or "word*": documents}, the
    vocabulary's document counts of every query word and, on PostgreSQL, of the last word as a
    prefix ("kop*": the documents of every word starting with "kop"), for the cost estimate of
    :func:`_perkiraan`), and under ``"#"`` the documents passing the filter ``saring`` (a WHERE
    clause and its parameters; counted up to ``SARING_MAKS``). One query."""
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
                + ("" if saring is None else
                   f" UNION ALL SELECT '#', '', -1.0, count(*) FROM (SELECT 1 FROM cari_dokumen"  # noqa: S608
                   f" WHERE {saring[0]} LIMIT {SARING_MAKS}) d"),
                [calon, [k for k in kata if k not in hasil], f"{awalan}*", f"{awalan}%" if awalan else "",
                 *(saring[1] if saring else [])])
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


def _alternatif(kata: list[str], saring: tuple[str, list] | None = None
                ) -> tuple[list[list[tuple[str, bool]]], dict[str, str], dict[str, int]]:
    """For each word, the terms that may stand for it: [(term, as a prefix)], the corrections
    made, and the document counts ({term or "prefix*": documents, "#": filtered documents},
    see :func:`_tetangga`)."""
    tetangga, jumlah = _tetangga(kata, saring)
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


_ember_cache: tuple[float, int, int] = (-1e9, 0, 0)


def _terbaru() -> tuple[int, int]:
    """(the newest document id, the number of documents), read at most once a minute."""
    global _ember_cache
    sekarang = time.monotonic()
    if sekarang - _ember_cache[0] > 60:
        with connection.cursor() as cur:
            cur.execute("SELECT COALESCE(max(id), 0), (SELECT reltuples FROM pg_class "
                        "WHERE oid = 'cari_dokumen'::regclass) FROM cari_dokumen")
            maks, n = cur.fetchone()
            # reltuples is -1 until the first ANALYZE: the newest id stands in.
            _ember_cache = (sekarang, maks, max(int(n) if n and n > 0 else maks, 1))
    return _ember_cache[1], _ember_cache[2]


def _ember(dari: int, sampai: int) -> str:
    """The bucket lexemes covering ids ``dari`` to ``sampai`` ("zi50 | zi49 | zi48")."""
    return " | ".join(f"zi{b}" for b in range(sampai // EMBER, dari // EMBER - 1, -1))


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


@dataclass(frozen=True)
class Rencana:
    """How :func:`_sql_pg` reads the newest matches (see :func:`_rencana`)."""

    jalan: int = 0        # walk the newest ``jalan`` documents in id order first
    ember: int = 0        # or read the newest ~``ember`` documents from the bucketed GIN index first
    pindai: bool = False  # or test every document passing the filter (a small region)


def _rencana(perkiraan: float, n: int, *, posting: int = 0, tersaring: int | None = None) -> Rencana:
    """How to read the newest matches of a query expected to match ``perkiraan`` of ``n``
    documents, whose words' posting lists hold ``posting`` entries in all, with a filter
    passed by ``tersaring`` documents (None: no region filter, or more than ``SARING_MAKS``).
    Only the cost changes, never what is found.

    Measured at 1,000,000 articles (bench/cari.py): a walk costs ~1 us a document, a bucket
    ~4 ms (the GIN index reads its 20,000 entries whatever the query), the GIN index ~0.5 us
    a posting entry plus ~3-5 us a match it hands to the table. So a small region (a
    kabupaten: ~1,000-8,000 articles) is read whole when that is cheaper than the words'
    posting lists; otherwise a common query walks (its newest ``KANDIDAT`` matches lie among
    the newest few thousand documents), a rare one (a few thousand matches) reads them all
    from the GIN index, the ones between read just enough buckets. Twice the expected depth
    is read, so a query a little rarer than expected still fills up."""
    if tersaring is not None and tersaring * 4 < posting:
        return Rencana(pindai=True)
    dalam = int(2 * KANDIDAT / perkiraan) if perkiraan > 0 else N_TAK_HINGGA
    if dalam <= JALAN_MAKS:
        return Rencana(jalan=max(dalam, JALAN_MIN))
    # A short walk first anyway: it costs ~2 ms and saves a query whose counts are stale (a
    # word that became common since the vocabulary was rebuilt) from reading every match.
    if perkiraan * n <= GIN_MAKS:
        return Rencana(jalan=JALAN_MIN)
    return Rencana(jalan=JALAN_MIN, ember=dalam)


def _sql_pg(where: str, wparams: list, grup, *, semua: bool, q_normal: str, limit: int,
            offset: int, rencana: Rencana) -> tuple[str, list]:
    """One statement: the candidates (the newest ``KANDIDAT`` matches, plus the title matches
    when the newest 40,000-60,000 documents, the window, hold fewer than ``KANDIDAT`` matches),
    ranked.

    The newest matches come from a chain of id ranges, newest first, each read only if the
    ones before it gave fewer than ``KANDIDAT`` rows (an ``Append`` under a ``LIMIT`` stops
    pulling once it has enough), chosen by :func:`_rencana`:
    1. a walk down the primary key over the newest documents, testing each tsvector (a common
       word: "desa" is in every other article, its newest 300 matches are in the newest ~600);
    2. or the GIN index restricted to the bucket lexemes of the newest documents (migration
       0005);
    3. then the GIN index over every older document (all of them for a rare query).
    A small region is instead read whole, each document tested once for the query and for the
    title. Whichever way, the candidates are the same: the newest matches (and the title
    matches).
    """
    tq = _tsquery(grup, semua=semua)
    maks, _n = _terbaru()
    bawah = max(0, (maks // EMBER - EMBER_JENDELA) * EMBER)   # the window: the newest buckets
    if bawah == 0:
        rencana = Rencana(pindai=rencana.pindai)   # a small index lies wholly inside the window
    awal = ""       # CTEs before "baru"
    aparams: list = []
    if rencana.pindai:
        awal = (f"s AS MATERIALIZED (SELECT id, vektor @@ to_tsquery('{KONFIG}', %s) AS cocok, "  # noqa: S608
                f"vektor_judul @@ to_tsquery('{KONFIG}', %s) AS dijudul FROM cari_dokumen WHERE {where}), ")
        aparams = [tq, tq, *wparams]
        baru = f"SELECT id FROM s WHERE cocok ORDER BY id DESC LIMIT {KANDIDAT}"  # noqa: S608
        params: list = []
        judul, jparams = "SELECT id FROM s WHERE dijudul", []
    else:
        anak: list[str] = []
        params = []
        atas = None  # the upper id bound of the next range (None: no bound)
        if rencana.jalan:
            atas = max(0, maks - rencana.jalan)
            # OFFSET 0 keeps the text test out of the scan: the planner must walk the key.
            anak.append(f"SELECT id FROM (SELECT id, vektor FROM cari_dokumen WHERE {where} AND id >= %s "  # noqa: S608
                        f"ORDER BY id DESC OFFSET 0) s WHERE vektor @@ to_tsquery('{KONFIG}', %s) "
                        f"LIMIT {KANDIDAT}")
            params += [*wparams, atas, tq]
        dari = max(0, (maks - rencana.ember) // EMBER * EMBER)
        if rencana.ember and (atas is None or dari < atas):
            # Whole buckets: the lexemes alone bound the range from below (an id bound made the
            # planner AND in a bitmap of the primary key, ~13 ms for 100,000 ids; so is the
            # upper bound kept out of the index with "+ 0"); the bucket after the newest too:
            # documents indexed since the newest id was read.
            batas = "" if atas is None else " AND id + 0 < %s"
            anak.append(f"SELECT id FROM cari_dokumen WHERE {where}{batas} AND vektor @@ "  # noqa: S608
                        f"(to_tsquery('{KONFIG}', %s) && to_tsquery('simple', %s)) "
                        f"ORDER BY id DESC LIMIT {KANDIDAT}")
            params += [*wparams, *([] if atas is None else [atas]), tq,
                       _ember(dari, maks + EMBER if atas is None else atas)]
            atas = dari
        if atas != 0:
            batas = "" if atas is None else " AND id < %s"
            anak.append(f"SELECT id FROM cari_dokumen WHERE {where}{batas} AND vektor @@ "  # noqa: S608
                        f"to_tsquery('{KONFIG}', %s) ORDER BY id DESC LIMIT {KANDIDAT}")
            params += [*wparams, *([] if atas is None else [atas]), tq]
        baru = "SELECT id FROM (" + " UNION ALL ".join(f"({a})" for a in anak) + f") b LIMIT {KANDIDAT}"  # noqa: S608
        judul = f"SELECT id FROM cari_dokumen WHERE {where} AND vektor_judul @@ to_tsquery('{KONFIG}', %s)"  # noqa: S608
        jparams = [*wparams, tq]
    # Every title match too when the window holds few matches (a rare query: an old article
    # titled with the query words still ranks first). Gated by an InitPlan: not read otherwise.
    # Capped at the newest JUDUL_MAKS (a safety bound for a word common only in old articles;
    # it also keeps the plan's estimated cost low enough not to trigger JIT compilation, which
    # cost ~30 ms a query when a common word's title matches were costed in full).
    if bawah > 0:
        judul += f" AND (SELECT count(*) FROM baru WHERE id >= %s) < {KANDIDAT}"  # noqa: S608
        jparams = [*jparams, bawah]
    # Only constants and ORM-compiled SQL are formatted in; every value is a parameter.
    sql = f"""
        WITH {awal}baru AS MATERIALIZED ({baru}),
             k AS (SELECT id FROM baru UNION ({judul} ORDER BY id DESC LIMIT {JUDUL_MAKS}))
        SELECT {_KOLOM}, left("cari_dokumen"."isi", 300) AS isi,
               ts_rank("cari_dokumen".vektor, to_tsquery('{KONFIG}', %s))
               + similarity(lower("cari_dokumen"."judul"), %s) AS skor
        FROM cari_dokumen WHERE "cari_dokumen"."id" = ANY(ARRAY(SELECT id FROM k))
        ORDER BY skor DESC, "cari_dokumen"."waktu" DESC, "cari_dokumen"."id"
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
    where, wparams = _where(saring_q(user=user, jenis=jenis, wilayah=wilayah))
    pg = connection.vendor == "postgresql"
    # A region filter: count its documents (in the vocabulary query) to see if it is small.
    grup, hasil.koreksi, jumlah = _alternatif(kata, (where, wparams) if pg and wilayah else None)
    offset = (halaman - 1) * per_halaman
    for semua in (True, False) if len(kata) > 1 else (True,):
        if pg:
            n = _terbaru()[1]
            rencana = _rencana(_perkiraan(grup, jumlah, semua=semua, n=n), n, posting=_posting(grup, jumlah, semua=semua),
                               tersaring=jumlah["#"] if jumlah.get("#", SARING_MAKS) < SARING_MAKS else None)
            sql, params = _sql_pg(where, wparams, grup, semua=semua, q_normal=" ".join(kata),
                                  limit=per_halaman + 1, offset=offset, rencana=rencana)
        else:
            sql, params = _sql_sqlite(where, wparams, grup, semua=semua, limit=per_halaman + 1, offset=offset)
        dokumen = list(Dokumen.objects.raw(sql, params))
        if dokumen:
            break
    hasil.semua_kata = semua
    hasil.ada_berikut = len(dokumen) > per_halaman and halaman < MAKS_HALAMAN
    hasil.dokumen = dokumen[:per_halaman]
    return hasil
