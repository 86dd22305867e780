"""Every non-trivial read of the news. Public reads only ever return published articles."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from simpul.core import scope
from simpul.core.kode import subtree_q
from simpul.core.peran import Aksi

from .models import Artikel, ArtikelEvent, Kategori, StatusArtikel, Tag

KOLOM_DAFTAR = ("id", "judul", "slug", "ringkasan", "terbit_pada", "foto", "foto_lebar", "foto_tinggi",
                "foto_keterangan", "kim_id", "kim__nama", "kim__slug", "kategori_id", "kategori__nama",
                "kategori__slug", "status", "wilayah_kode")


def terbit_list(*, wilayah: str = "", kim=None, kategori: str = "", tag: str = "") -> QuerySet[Artikel]:
    """Published articles, newest first, with their KIM and category joined (one query a page).
    ``wilayah``: a region code, its whole subtree (regional aggregation)."""
    qs = Artikel.objects.terbit().select_related("kim", "kategori").only(*KOLOM_DAFTAR)
    if wilayah:
        qs = qs.filter(subtree_q("wilayah_kode", wilayah))
    if kim is not None:
        qs = qs.filter(kim=kim)
    if kategori:
        qs = qs.filter(kategori__slug=kategori)
    if tag:
        qs = qs.filter(tag__slug=tag)
    return qs.order_by("-terbit_pada", "-id")


def terbit_get(*, kim, slug: str) -> Artikel:
    """One published article of ``kim`` with its category and tags. ``Artikel.DoesNotExist`` for
    anything not published (drafts, submitted, approved-but-scheduled, withdrawn)."""
    return (Artikel.objects.terbit().select_related("kategori", "penulis")
            .prefetch_related(Prefetch("tag", queryset=Tag.objects.order_by("slug")))
            .get(kim=kim, slug=slug))


def kategori_list() -> list[Kategori]:
    return list(Kategori.objects.order_by("urutan", "nama"))


def artikel_terkait(a: Artikel, *, batas: int = 3) -> list[Artikel]:
    qs = terbit_list(kim=a.kim).exclude(pk=a.pk)
    return list(qs[:batas])


# --- internal (signed-in) ---------------------------------------------------------------------


def artikel_saya(*, user) -> QuerySet[Artikel]:
    """The user's own articles, every status, latest change first."""
    return (Artikel.objects.filter(penulis=user).select_related("kim", "kategori")
            .order_by("-diubah", "-id"))


def antrean_sunting(*, user) -> list[Artikel]:
    """Submitted articles the user may edit, oldest submission first. The editorial rule of
    each region is applied (KIM officers drop out where only Diskominfo edits)."""
    from .services import boleh_sunting, penyunting_untuk

    ling = scope.lingkup(user, Aksi.BERITA_SUNTING)
    qs = scope.for_user(Artikel.objects.filter(status=StatusArtikel.DIAJUKAN), user, Aksi.BERITA_SUNTING)
    rows = list(qs.select_related("kim", "penulis").order_by("diajukan_pada", "id")[:200])
    aturan: dict[str, str] = {}
    hasil = []
    for a in rows:
        if ling.mencakup_wilayah(a.wilayah_kode):
            hasil.append(a)
            continue
        if a.wilayah_kode not in aturan:
            aturan[a.wilayah_kode] = penyunting_untuk(a.wilayah_kode)
        if boleh_sunting(user, a, aturan=aturan[a.wilayah_kode]):
            hasil.append(a)
    return hasil


def artikel_kelola_get(*, user, pk: int) -> Artikel:
    """An article the user may see internally: their own, their KIM's (``BERITA_TULIS``) or one
    they may edit (``BERITA_SUNTING``). Raises ``Http404`` otherwise."""
    dasar = Artikel.objects.select_related("kim", "kategori", "penulis", "kim__desa")
    qs = (scope.for_user(dasar, user, Aksi.BERITA_TULIS) | scope.for_user(dasar, user, Aksi.BERITA_SUNTING)
          | dasar.filter(penulis_id=getattr(user, "pk", None)))
    return _satu(qs, pk)


def _satu(qs, pk):
    from django.http import Http404

    try:
        return qs.distinct().get(pk=pk)
    except Artikel.DoesNotExist as exc:
        raise Http404 from exc


def riwayat(a: Artikel) -> list[ArtikelEvent]:
    return list(a.riwayat.select_related("aktor").order_by("-waktu", "-id")[:50])


def catatan_revisi_terakhir(a: Artikel) -> ArtikelEvent | None:
    return (a.riwayat.filter(jenis=ArtikelEvent.Jenis.REVISI_DIMINTA).select_related("aktor")
            .order_by("-waktu", "-id").first())


def tag_artikel(a: Artikel) -> str:
    return ", ".join(t.nama for t in a.tag.order_by("slug"))


def dokumen_cari(a: Artikel) -> dict:
    """What the search index needs to know about a published article."""
    from simpul.portal.urls_publik import url_artikel

    return {
        "jenis": "berita", "objek_id": a.pk, "judul": a.judul, "isi": a.isi, "url": url_artikel(a),
        "wilayah_kode": a.wilayah_kode, "waktu": a.terbit_pada, "publik": True, "kim_id": a.kim_id,
    }


def jumlah_per_status(*, user) -> dict[str, int]:
    from django.db.models import Count

    return dict(Artikel.objects.filter(penulis=user).values_list("status").annotate(n=Count("id"))
                .values_list("status", "n"))


def kim_untuk_menulis(*, user):
    """KIMs the user may write for (members and officers), public or not yet."""
    from simpul.kim.models import Kim

    ids = scope.lingkup(user, Aksi.BERITA_TULIS).kim_ids
    return Kim.objects.filter(pk__in=sorted(ids)).exclude(status="ditolak").order_by("nama")

