"""The public portal: the national home, a home per region, a site for every KIM, its news.

Every page here is public, cached for anonymous visitors (``cache.cache_anonim``), costs a fixed
number of queries, works without JavaScript and weighs well under 50 KB on first load.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from simpul.berita import selectors as berita
from simpul.berita.models import Artikel
from simpul.core.kode import leluhur
from simpul.kim import selectors as kim_sel
from simpul.kim.models import Kim
from simpul.wilayah.models import Tingkat, Wilayah

from .cache import cache_anonim, konteks_placeholder
from .urls_publik import url_artikel, url_situs

PER_HALAMAN = 12
BERITA_BERANDA = 6


def _render(request, template: str, ctx: dict, status: int = 200):
    return render(request, template, {**ctx, **konteks_placeholder(request)}, status=status)


def _kartu(artikels) -> list[dict]:
    """Plain dicts for the news cards. Each KIM's addresses are reversed once per list (a KIM
    site's six cards share them), the article's slug put into its KIM's pattern: slugs are
    ``[-a-zA-Z0-9_]``, nothing to escape."""
    situs: dict[str, tuple[str, tuple[str, str, str]]] = {}
    hasil = []
    for a in artikels:
        kim_slug = a.kim.slug
        if kim_slug not in situs:
            situs[kim_slug] = (url_situs(kim_slug),
                               url_situs(kim_slug, "artikel", "__artikel__").rpartition("__artikel__"))
        rumah, (depan, _x, belakang) = situs[kim_slug]
        hasil.append({"a": a, "url": f"{depan}{a.slug}{belakang}", "situs": rumah})
    return hasil


def _saring(request) -> tuple[str, str]:
    return request.GET.get("kategori", "")[:70], request.GET.get("tag", "")[:50]


def _halaman_berita(request, qs):
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    kategori, tag = _saring(request)
    query = urlencode({k: v for k, v in (("kategori", kategori), ("tag", tag)) if v})
    return page, query


def _jalur(kode: str) -> list[Wilayah]:
    kodes = leluhur(kode, termasuk_diri=True)
    return list(Wilayah.objects.filter(kode__in=kodes).only("kode", "nama", "jenis", "tingkat").order_by("kode"))


def _kampanye(kode: str | None) -> list[dict]:
    """Current published campaigns concerning a region (national ones, its offices' and those of
    offices inside it), once the diseminasi app offers a public selector."""
    try:
        from simpul.diseminasi import selectors as dis
    except ImportError:  # pragma: no cover
        return []
    fungsi = getattr(dis, "kampanye_publik_list", None)
    if fungsi is None:  # pragma: no cover
        return []
    from django.db.models import Q

    from simpul.core.kode import subtree_q
    from simpul.core.markdown import ringkas

    qs = fungsi().filter(selesai__gte=timezone.localdate())
    if kode:
        parts = kode.split(".")
        leluhur = ["", *(".".join(parts[:i]) for i in range(1, len(parts)))]
        qs = qs.filter(Q(kantor_kode__in=leluhur) | subtree_q("kantor_kode", kode))
    return [{"judul": k.judul, "mulai": k.mulai, "selesai": k.selesai, "ringkas": ringkas(k.isi, 160)}
            for k in qs.only("judul", "isi", "mulai", "selesai")[:3]]


# --- national ----------------------------------------------------------------------------------


@require_safe
@cache_anonim
def beranda(request):
    from simpul.core.views import angka_nasional

    provinsi = Wilayah.objects.filter(tingkat=Tingkat.PROVINSI, aktif=True).only("kode", "nama").order_by("nama")
    return _render(request, "portal/beranda.html", {
        "angka": angka_nasional(),
        "berita": _kartu(berita.terbit_list()[:BERITA_BERANDA]),
        "provinsi": provinsi,
        "kampanye": _kampanye(None),
        "potensi": _potensi(batas=4),
    })


# --- regions -----------------------------------------------------------------------------------


def _wilayah_atau_404(kode: str) -> tuple[Wilayah, list[Wilayah]]:
    jalur = _jalur(kode)
    if not jalur or jalur[-1].kode != kode or jalur[-1].tingkat > Tingkat.KECAMATAN:
        raise Http404(_("Wilayah tidak ditemukan."))
    return jalur[-1], jalur


@require_safe
@cache_anonim
def wilayah(request, kode: str):
    from simpul.cakupan.selectors import angka_wilayah

    w, jalur = _wilayah_atau_404(kode)
    anak = (Wilayah.objects.filter(induk_id=kode, aktif=True).only("kode", "nama", "jenis", "tingkat")
            .order_by("nama")) if w.tingkat < Tingkat.KECAMATAN else []
    return _render(request, "portal/wilayah.html", {
        "w": w, "jalur": jalur[:-1], "anak": anak,
        "angka": angka_wilayah(kode),
        "berita": _kartu(berita.terbit_list(wilayah=kode)[:BERITA_BERANDA]),
        "kampanye": _kampanye(kode),
        "potensi": _potensi(wilayah=kode),
        "kim_terbaru": kim_sel.kim_publik_terbaru(wilayah=kode),
    })


@require_safe
@cache_anonim
def wilayah_berita(request, kode: str):
    w, jalur = _wilayah_atau_404(kode)
    kategori, tag = _saring(request)
    page, query = _halaman_berita(request, berita.terbit_list(wilayah=kode, kategori=kategori, tag=tag))
    return _render(request, "portal/berita_daftar.html", {
        "judul": _("Berita KIM di %(wilayah)s") % {"wilayah": w.nama_lengkap}, "w": w, "jalur": jalur,
        "page": page, "kartu": _kartu(page.object_list), "query": query, "kategori": kategori, "tag": tag,
        "kategori_list": berita.kategori_list(), "rss": f"/{kode}/rss/", "atom": f"/{kode}/atom/",
    })


# --- KIM sites ---------------------------------------------------------------------------------


def _kim_atau_404(slug: str) -> Kim:
    try:
        return kim_sel.kim_publik_get(slug=slug)
    except Kim.DoesNotExist:
        raise Http404(_("KIM tidak ditemukan.")) from None


def _jalur_kim(kim: Kim) -> list[Wilayah]:
    jalur, w = [], kim.desa
    while w is not None:
        jalur.append(w)
        w = w.induk if w.tingkat > Tingkat.PROVINSI else None
    return list(reversed(jalur))


def _potensi(*, kim: Kim | None = None, wilayah: str | None = None, batas: int = 6) -> list:
    """Published local products (simpul.potensi), newest first; the portal's list shows no photo
    (``portal/_potensi.html``), so none is read."""
    from simpul.potensi import selectors as potensi

    if kim is not None:
        return potensi.untuk_kim(kim, limit=batas, foto=False)
    return potensi.terbaru(wilayah, limit=batas, foto=False)


def _kegiatan(kim: Kim) -> list:
    """The KIM's latest public activities (simpul.kegiatan), first photo included."""
    from simpul.kegiatan.selectors import kegiatan_terbaru_publik

    return kegiatan_terbaru_publik(kim, batas=6)


@require_safe
@cache_anonim
def kim(request, kim: str):
    k = _kim_atau_404(kim)
    jalur = _jalur_kim(k)
    lokasi = ", ".join(w.nama_lengkap for w in reversed(jalur))
    return _render(request, "portal/kim.html", {
        "kim": k, "jalur": jalur, "lokasi": lokasi,
        "situs": url_situs(k.slug),
        "pengurus": kim_sel.pengurus_aktif_kim(k),
        "jumlah_anggota": kim_sel.jumlah_anggota_aktif(k),
        "media": kim_sel.media_aman(k),
        "berita": _kartu(berita.terbit_list(kim=k)[:BERITA_BERANDA]),
        "deskripsi_meta": (k.deskripsi or "").strip().replace("\n", " ")[:200] or _(
            "%(nama)s, Komunitas Informasi Masyarakat di %(lokasi)s.") % {"nama": k.nama, "lokasi": lokasi},
        "url_kanonik": request.build_absolute_uri(url_situs(k.slug)),
        "rss": url_situs(k.slug, "kim_rss"), "atom": url_situs(k.slug, "kim_atom"),
        "potensi": _potensi(kim=k), "kegiatan": _kegiatan(k),
    })


@require_safe
@cache_anonim
def kim_berita(request, kim: str):
    k = _kim_atau_404(kim)
    kategori, tag = _saring(request)
    page, query = _halaman_berita(request, berita.terbit_list(kim=k, kategori=kategori, tag=tag))
    return _render(request, "portal/berita_daftar.html", {
        "judul": _("Berita %(kim)s") % {"kim": k.nama}, "kim": k, "situs": url_situs(k.slug),
        "jalur": _jalur_kim(k), "page": page, "kartu": _kartu(page.object_list), "query": query,
        "kategori": kategori, "tag": tag, "kategori_list": berita.kategori_list(),
        "rss": url_situs(k.slug, "kim_rss"), "atom": url_situs(k.slug, "kim_atom"),
    })


def tautan_bagi(url: str, judul: str) -> list[tuple[str, str]]:
    """Share links, WhatsApp first: plain links, no third-party script, nothing loaded."""
    teks = quote(f"{judul} {url}")
    u, j = quote(url, safe=""), quote(judul)
    return [
        ("WhatsApp", f"https://wa.me/?text={teks}"),
        ("Telegram", f"https://t.me/share/url?url={u}&text={j}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        ("X", f"https://x.com/intent/post?url={u}&text={j}"),
        (_("Email"), f"mailto:?subject={j}&body={teks}"),
    ]


@require_safe
@cache_anonim
def artikel(request, kim: str, artikel: str):
    k = _kim_atau_404(kim)
    try:
        a = berita.terbit_get(kim=k, slug=artikel)
    except Artikel.DoesNotExist:
        raise Http404(_("Berita tidak ditemukan.")) from None
    a.kim = k
    url = request.build_absolute_uri(url_artikel(a))
    from simpul.core.markdown import render_markdown

    return _render(request, "portal/artikel.html", {
        "a": a, "kim": k, "situs": url_situs(k.slug), "jalur": _jalur_kim(k),
        "isi": render_markdown(a.isi), "tag": list(a.tag.all()),
        "url_kanonik": url, "foto_url": request.build_absolute_uri(a.foto.url) if a.foto else "",
        "bagi": tautan_bagi(url, a.judul),
        "terkait": _kartu(berita.artikel_terkait(a)),
        "sekarang": timezone.now(),
    })


@require_safe
@cache_anonim
def berita_nasional(request):
    kategori, tag = _saring(request)
    page, query = _halaman_berita(request, berita.terbit_list(kategori=kategori, tag=tag))
    return _render(request, "portal/berita_daftar.html", {
        "judul": _("Berita KIM"), "page": page, "kartu": _kartu(page.object_list), "query": query,
        "kategori": kategori, "tag": tag, "kategori_list": berita.kategori_list(),
        "rss": "/berita/rss/", "atom": "/berita/atom/",
    })
