"""The search: one ranked, typo-tolerant query over every app's documents.

- :func:`cari` ``(q, *, user=None, jenis=None, wilayah=None, halaman=1, per_halaman=20) ->
  HasilCari``: the documents matching ``q`` that ``user`` may see, best first. Two queries
  (the vocabulary lookup, the ranked search), a third only when no document holds every word.
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
   title beats a mention in the text. The ranking runs over at most 300 candidates: the
   newest matches among the ~40,000-60,000 most recently indexed documents (picked from the
   GIN index with the bucket lexemes of migration 0005), or, when those hold fewer than 300
   matches, the newest 300 matches overall plus every title match. A query matching half a
   million articles thus costs about as much as one matching a thousand.
   SQLite: FTS5 ``bm25`` with the title weighted 10 to 1, over every match.
5. Who sees what: public documents for everyone; internal ones (``publik=False``) only for
   users who may see the internal data of their KIM or region (``Aksi.KIM_INTERNAL``).
"""

from __future__ import annotations

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


def _tetangga(kata: list[str]) -> dict[str, list[tuple[str, float, int]]]:
    """{word: [(vocabulary word, similarity, documents)]} for the words worth correcting, the
    word itself included when it is in the vocabulary. One query."""
    calon = [k for k in kata if _perlu_koreksi(k)]
    if not calon:
        return {}
    hasil: dict[str, list[tuple[str, float, int]]] = {k: [] for k in calon}
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT w.q, k.kata, k.s, k.jumlah FROM unnest(%s::text[]) AS w(q) CROSS JOIN LATERAL ("
                " SELECT kata, jumlah, similarity(kata, w.q) AS s FROM cari_kata WHERE kata %% w.q"
                " ORDER BY s DESC, jumlah DESC LIMIT 5) k",
                [calon])
            for q, kata_v, s, jumlah in cur.fetchall():
                hasil[q].append((kata_v, float(s), jumlah))
        else:
            bagian, params = [], []
            for i, k in enumerate(calon):
                match = " OR ".join(f'"{t}"' for t in sorted({k[j:j + 3] for j in range(len(k) - 2)}))
                bagian.append(
                    f"SELECT * FROM (SELECT {i} AS i, c.kata, c.jumlah FROM cari_kata_fts f "  # noqa: S608 (i: an int)
                    "JOIN cari_kata c ON c.id = f.rowid WHERE cari_kata_fts MATCH %s "
                    "ORDER BY f.rank LIMIT 40)")
                params.append(match)
            cur.execute(" UNION ALL ".join(bagian), params)
            for i, kata_v, jumlah in cur.fetchall():
                k = calon[i]
                hasil[k].append((kata_v, kemiripan(kata_v, k), jumlah))
            for k in hasil:
                hasil[k].sort(key=lambda t: (-t[1], -t[2]))
    return hasil


def _alternatif(kata: list[str]) -> tuple[list[list[tuple[str, bool]]], dict[str, str]]:
    """For each word, the terms that may stand for it: [(term, as a prefix)], and the
    corrections made."""
    tetangga = _tetangga(kata)
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
            if dekat and not (terakhir and dekat[0].startswith(k)):
                koreksi[k] = dekat[0]
        grup.append(alt)
    return grup, koreksi


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


_ember_cache: tuple[float, int] = (-1e9, 0)


def _jendela() -> tuple[str, int]:
    """The bucket lexemes of the newest documents ("zi50 | zi49 | zi48") and the lowest id they
    cover: ``EMBER_JENDELA`` buckets of ``EMBER`` ids before the newest one (migration 0005).
    The newest id is read at most once a minute."""
    global _ember_cache
    sekarang = time.monotonic()
    if sekarang - _ember_cache[0] > 60:
        with connection.cursor() as cur:
            cur.execute("SELECT max(id) FROM cari_dokumen")
            _ember_cache = (sekarang, (cur.fetchone()[0] or 0) // EMBER)
    atas = _ember_cache[1] + 1  # the next bucket too: ids taken during the minute
    bawah = max(0, atas - EMBER_JENDELA - 1)
    return " | ".join(f"zi{b}" for b in range(atas, bawah - 1, -1)), bawah * EMBER


def _sql_pg(where: str, wparams: list, grup, *, semua: bool, q_normal: str, limit: int,
            offset: int, jendela: tuple[str, int] | None) -> tuple[str, list]:
    tq = _tsquery(grup, semua=semua)
    if jendela:
        # The newest matches, from the GIN alone (the bucket lexemes restrict the match; the id
        # bound stops a backward walk of the primary key at the window's start).
        kandidat = (f"SELECT id FROM cari_dokumen WHERE {where} AND id >= %s AND vektor @@ "  # noqa: S608
                    f"(to_tsquery('{KONFIG}', %s) && to_tsquery('simple', %s)) ORDER BY id DESC LIMIT {KANDIDAT}")
        kparams = [*wparams, jendela[1], tq, jendela[0]]
    else:
        # Few matches overall: the newest of them, and every title match.
        kandidat = (f"(SELECT id FROM cari_dokumen WHERE {where} AND vektor @@ to_tsquery('{KONFIG}', %s) "  # noqa: S608
                    f"ORDER BY id DESC LIMIT {KANDIDAT}) UNION "
                    f"(SELECT id FROM cari_dokumen WHERE {where} AND vektor_judul @@ to_tsquery('{KONFIG}', %s))")
        kparams = [*wparams, tq, *wparams, tq]
    # Only constants and ORM-compiled SQL are formatted in; every value is a parameter.
    sql = f"""
        WITH k AS ({kandidat})
        SELECT {_KOLOM}, left("cari_dokumen"."isi", 300) AS isi, (SELECT count(*) FROM k) AS n_kandidat,
               ts_rank("cari_dokumen".vektor, to_tsquery('{KONFIG}', %s))
               + similarity(lower("cari_dokumen"."judul"), %s) AS skor
        FROM cari_dokumen JOIN k ON k.id = "cari_dokumen"."id"
        ORDER BY skor DESC, "cari_dokumen"."waktu" DESC, "cari_dokumen"."id"
        LIMIT {int(limit)} OFFSET {int(offset)}
    """  # noqa: S608 (constant fragments; values are parameters)
    return sql, [*kparams, tq, q_normal]


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
    grup, hasil.koreksi = _alternatif(kata)
    where, wparams = _where(saring_q(user=user, jenis=jenis, wilayah=wilayah))
    offset = (halaman - 1) * per_halaman
    for semua in (True, False) if len(kata) > 1 else (True,):
        if connection.vendor == "postgresql":
            # The newest documents first; all of them when the newest hold too few matches.
            terbaru = _jendela()
            # A small index lies wholly inside the window: one query over all of it.
            for jendela in (terbaru, None) if terbaru[1] > 0 else (None,):
                sql, params = _sql_pg(where, wparams, grup, semua=semua, q_normal=" ".join(kata),
                                      limit=per_halaman + 1, offset=offset, jendela=jendela)
                dokumen = list(Dokumen.objects.raw(sql, params))
                if jendela is None or (dokumen and dokumen[0].n_kandidat >= KANDIDAT):
                    break
        else:
            sql, params = _sql_sqlite(where, wparams, grup, semua=semua, limit=per_halaman + 1, offset=offset)
            dokumen = list(Dokumen.objects.raw(sql, params))
        if dokumen:
            break
    hasil.semua_kata = semua
    hasil.ada_berikut = len(dokumen) > per_halaman and halaman < MAKS_HALAMAN
    hasil.dokumen = dokumen[:per_halaman]
    return hasil
