"""Writes to the search index. Other apps call these; nothing else writes ``cari_dokumen``.

One row per searchable thing (:class:`~simpul.cari.models.Dokumen`), keyed by ``(jenis,
objek_id)``. The owning app copies a plain-text version of its object here when the object
becomes public or changes, and removes it when it stops being public. The database keeps the
full-text index itself (a generated tsvector on PostgreSQL, FTS5 triggers on SQLite).

- :func:`indeks_simpan` ``(*, jenis, objek_id, judul, isi="", url, wilayah_kode="", waktu=None,
  publik=True, kim_id=None) -> Dokumen``: add or replace the document of one object
  (idempotent; call it inside the transaction that publishes or changes the object).
  ``jenis`` is one of ``"berita"``, ``"potensi"``, ``"kim"``, ``"wilayah"``; ``objek_id`` the
  object's id (int or str); ``judul`` the title; ``isi`` the searchable text (plain text or
  Markdown; tags are stripped, it is cut at 20,000 characters; the first ~300 characters are
  shown under the title, so put a summary first); ``url`` the public page; ``wilayah_kode``
  the region code (a desa, or any level) for the region filter; ``waktu`` the publication
  time (newer documents win ties and are preferred when a query matches very many; None for
  things that are not published, such as regions: they count as the oldest);
  ``publik=False`` makes an internal document, found only by people who may see the internal
  data of ``kim_id`` or of its region (``Aksi.KIM_INTERNAL``). Drafts and hidden objects
  should not be indexed at all: call :func:`indeks_hapus`.
- :func:`indeks_hapus` ``(*, jenis, objek_id) -> bool``: remove an object's document (True if
  there was one; idempotent).
- :func:`indeks_simpan_banyak` ``(dokumen: Iterable[dict], *, jenis=None) -> int``: bulk
  version for rebuilds (``jenis`` given: that kind's old rows are replaced).
- :func:`reindeks_wilayah`, :func:`reindeks_kim`: set-based rebuilds (INSERT ... SELECT) of the
  regions' and the public KIMs' documents; :func:`kata_bangun` rebuilds the typo vocabulary
  from the whole index. ``manage.py reindeks`` runs them (and the apps' own rebuilds).

Example (berita, when an article is published)::

    from simpul.cari.services import indeks_simpan, indeks_hapus
    indeks_simpan(jenis="berita", objek_id=artikel.pk, judul=artikel.judul,
                  isi=artikel.ringkasan + "\\n" + artikel.isi, url=artikel.get_absolute_url(),
                  wilayah_kode=artikel.kim.desa_id, waktu=artikel.terbit_pada, kim_id=artikel.kim_id)
    indeks_hapus(jenis="berita", objek_id=artikel.pk)   # unpublished, hidden or deleted
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.errors import ValidationError
from simpul.core.markdown import bersihkan_teks
from simpul.core.teks import normalisasi

from .models import Dokumen, JenisDokumen, Kata

MAKS_JUDUL = 300
MAKS_ISI = 20_000
MAKS_URL = 500
KATA_RE = re.compile(r"[a-z0-9]+")
KATA_MIN, KATA_MAKS = 3, 40


def kata_dari(teks: str) -> set[str]:
    """The vocabulary words of a text: lower-case, accent-free runs of letters and digits, 3 to 40
    characters, with at least one letter (numbers are not typo-corrected)."""
    return {k for k in KATA_RE.findall(normalisasi(teks))
            if KATA_MIN <= len(k) <= KATA_MAKS and not k.isdigit()}


def _bersih(*, jenis: str, objek_id, judul: str, isi: str, url: str, wilayah_kode: str | None,
            waktu: datetime | None, publik: bool, kim_id: int | None) -> dict:
    if jenis not in JenisDokumen.values:
        raise ValidationError(_("Jenis dokumen pencarian tidak dikenal: %(jenis)s") % {"jenis": jenis},
                              field="jenis")
    objek_id = str(objek_id if objek_id is not None else "").strip()
    if not objek_id or len(objek_id) > 40:
        raise ValidationError(_("Id objek tidak valid."), field="objek_id")
    judul = bersihkan_teks(judul)[:MAKS_JUDUL]
    if not judul:
        raise ValidationError(_("Dokumen pencarian perlu judul."), field="judul")
    url = (url or "").strip()
    if not url or len(url) > MAKS_URL or not (url.startswith("/") or url.startswith("https://")):
        raise ValidationError(_("Alamat dokumen tidak valid."), field="url")
    wilayah_kode = (wilayah_kode or "").strip()
    if len(wilayah_kode) > 13:
        raise ValidationError(_("Kode wilayah tidak valid."), field="wilayah_kode")
    return {
        "jenis": jenis, "objek_id": objek_id, "judul": judul,
        "isi": bersihkan_teks((isi or "")[: MAKS_ISI * 2])[:MAKS_ISI], "url": url,
        "wilayah_kode": wilayah_kode, "waktu": waktu, "publik": bool(publik), "kim_id": kim_id,
    }


def _kata_tambah(kata: Iterable[str]) -> None:
    baru = [Kata(kata=k) for k in sorted(set(kata))]
    if baru:
        Kata.objects.bulk_create(baru, ignore_conflicts=True, batch_size=500)


def indeks_simpan(*, jenis: str, objek_id, judul: str, isi: str = "", url: str,
                  wilayah_kode: str | None = "", waktu: datetime | None = None, publik: bool = True,
                  kim_id: int | None = None) -> Dokumen:
    """Add or replace the search document of one object (see the module docstring)."""
    data = _bersih(jenis=jenis, objek_id=objek_id, judul=judul, isi=isi, url=url,
                   wilayah_kode=wilayah_kode, waktu=waktu, publik=publik, kim_id=kim_id)
    with transaction.atomic():
        dok, dibuat = Dokumen.objects.get_or_create(
            jenis=data["jenis"], objek_id=data["objek_id"], defaults=data)
        if not dibuat:
            berubah = [f for f, v in data.items() if getattr(dok, f) != v]
            if berubah:
                for f in berubah:
                    setattr(dok, f, data[f])
                dok.save(update_fields=[*berubah, "diubah"])
            if "judul" not in berubah and "isi" not in berubah:
                return dok
        _kata_tambah(kata_dari(data["judul"] + " " + data["isi"]))
    return dok


def indeks_hapus(*, jenis: str, objek_id) -> bool:
    """Remove the search document of one object; True if there was one."""
    n, _detail = Dokumen.objects.filter(jenis=jenis, objek_id=str(objek_id)).delete()
    return n > 0


def indeks_simpan_banyak(dokumen: Iterable[dict], *, jenis: str | None = None, batch: int = 1000) -> int:
    """Bulk add or replace documents (dicts with :func:`indeks_simpan`'s arguments). With
    ``jenis``, every old document of that kind not in ``dokumen`` is removed (a full rebuild of
    one kind). One transaction; inserts in batches; the vocabulary is extended once."""
    n = 0
    kata: set[str] = set()
    with transaction.atomic():
        if jenis is not None:
            Dokumen.objects.filter(jenis=jenis).delete()
        rows: list[Dokumen] = []
        for d in dokumen:
            data = _bersih(**{"isi": "", "wilayah_kode": "", "waktu": None, "publik": True,
                              "kim_id": None, **d})
            kata |= kata_dari(data["judul"] + " " + data["isi"])
            rows.append(Dokumen(**data))
            if len(rows) >= batch:
                n += _simpan_rows(rows, ganti=jenis is None)
                rows = []
        n += _simpan_rows(rows, ganti=jenis is None)
        _kata_tambah(kata)
    return n


def _simpan_rows(rows: list[Dokumen], *, ganti: bool) -> int:
    if not rows:
        return 0
    if ganti:
        q = Q(pk__in=[])
        for r in rows:
            q |= Q(jenis=r.jenis, objek_id=r.objek_id)
        Dokumen.objects.filter(q).delete()
    Dokumen.objects.bulk_create(rows)
    return len(rows)


# --- Set-based rebuilds ---------------------------------------------------------------------------

def _judul_wilayah_sql(t: str) -> str:
    return (f"CASE {t}.jenis WHEN 'provinsi' THEN 'Provinsi ' || {t}.nama "
            f"WHEN 'kecamatan' THEN 'Kecamatan ' || {t}.nama WHEN 'desa' THEN 'Desa ' || {t}.nama "
            f"WHEN 'kelurahan' THEN 'Kelurahan ' || {t}.nama ELSE {t}.nama END")


def reindeks_wilayah() -> int:
    """Replace every region document with one per active region, in two statements: title
    "Kecamatan Tapalang", text its parents' names and its code, url its region page, no time
    (a region is not published: it must not count as the newest document for a query)."""
    awal = reverse("wilayah:detail", args=["00"]).removesuffix("00/")
    judul = _judul_wilayah_sql("w")
    sekarang = timezone.now()
    sql = f"""
        INSERT INTO cari_dokumen (dibuat, diubah, jenis, objek_id, judul, isi, url, wilayah_kode,
                                  kim_id, waktu, publik)
        SELECT %s, %s, 'wilayah', w.kode, {judul},
               COALESCE({_judul_wilayah_sql('p1')} || ', ', '') || COALESCE({_judul_wilayah_sql('p2')} || ', ', '')
               || COALESCE({_judul_wilayah_sql('p3')} || ', ', '') || w.kode,
               %s || w.kode || '/', w.kode, NULL, NULL, %s
        FROM wilayah_wilayah w
        LEFT JOIN wilayah_wilayah p1 ON p1.kode = w.induk_id
        LEFT JOIN wilayah_wilayah p2 ON p2.kode = p1.induk_id
        LEFT JOIN wilayah_wilayah p3 ON p3.kode = p2.induk_id
        WHERE w.aktif = %s
    """  # noqa: S608 (constant fragments; values are parameters)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM cari_dokumen WHERE jenis = 'wilayah'")
        cur.execute(sql, [sekarang, sekarang, awal, True, True])
        n = cur.rowcount
        _kata_dari_jenis(cur, "wilayah")
    return n


def reindeks_kim() -> int:
    """Replace every KIM document with one per public KIM (active or frozen), set-based: title
    the KIM's name, text its description and its desa, kecamatan and kabupaten."""
    from simpul.kim.models import StatusKim

    awal = reverse("kim:profil", args=["x"]).removesuffix("x/")
    sekarang = timezone.now()
    sql = f"""
        INSERT INTO cari_dokumen (dibuat, diubah, jenis, objek_id, judul, isi, url, wilayah_kode,
                                  kim_id, waktu, publik)
        SELECT %s, %s, 'kim', CAST(k.id AS varchar(40)), k.nama,
               {_judul_wilayah_sql('d')} || COALESCE(', ' || {_judul_wilayah_sql('p1')}, '')
               || COALESCE(', ' || {_judul_wilayah_sql('p2')}, '') || '. ' || COALESCE(k.deskripsi, ''),
               %s || k.slug || '/', k.desa_id, k.id, COALESCE(k.aktif_sejak, k.dibuat), %s
        FROM kim_kim k
        JOIN wilayah_wilayah d ON d.kode = k.desa_id
        LEFT JOIN wilayah_wilayah p1 ON p1.kode = d.induk_id
        LEFT JOIN wilayah_wilayah p2 ON p2.kode = p1.induk_id
        WHERE k.status IN (%s, %s)
    """  # noqa: S608 (constant fragments; values are parameters)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM cari_dokumen WHERE jenis = 'kim'")
        cur.execute(sql, [sekarang, sekarang, awal, True, StatusKim.AKTIF, StatusKim.DIBEKUKAN])
        n = cur.rowcount
        _kata_dari_jenis(cur, "kim")
    return n


def _kata_dari_jenis(cur, jenis: str) -> None:
    """Add the words of one kind's documents to the vocabulary (set-based on PostgreSQL)."""
    if connection.vendor == "postgresql":
        cur.execute(_KATA_PG_SQL.format(sumber="WHERE jenis = ''" + jenis + "''")
                    + " ON CONFLICT (kata) DO NOTHING")
        return
    # SQLite: read the rows' words in Python (embedded installations are small).
    kata: set[str] = set()
    for judul, isi in Dokumen.objects.filter(jenis=jenis).values_list("judul", "isi").iterator(2000):
        kata |= kata_dari(judul + " " + isi)
    _kata_tambah(kata)


_KATA_PG_SQL = (
    "INSERT INTO cari_kata (kata, jumlah) SELECT word, ndoc FROM ts_stat("
    "'SELECT to_tsvector(''simple'', judul || '' '' || isi) FROM cari_dokumen {sumber}') "
    "WHERE length(word) BETWEEN 3 AND 40 AND word ~ '^[a-z0-9]*[a-z][a-z0-9]*$'"
)


def kata_bangun() -> int:
    """Rebuild the typo vocabulary from the whole index, with each word's document count
    (set-based: PostgreSQL's ``ts_stat``; SQLite's ``fts5vocab`` over the FTS5 index)."""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM cari_kata")
        if connection.vendor == "postgresql":
            cur.execute(_KATA_PG_SQL.format(sumber=""))
        else:
            cur.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.cari_fts_kosakata "
                        "USING fts5vocab(main, cari_fts, 'row')")
            cur.execute("INSERT INTO cari_kata (kata, jumlah) SELECT term, doc FROM temp.cari_fts_kosakata "
                        "WHERE length(term) BETWEEN 3 AND 40 AND term GLOB '*[a-z]*' "
                        "AND term NOT GLOB '*[^a-z0-9]*'")
        return cur.rowcount
