"""Public pages of the KIM registry: the directory and each KIM's profile.

Anyone may read them; only public KIMs (active or frozen) appear, everything else answers 404.
No member's personal data is shown: officers by name and position only, members as a count.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_safe

from simpul.core.kode import leluhur
from simpul.wilayah.models import Tingkat, Wilayah

from . import selectors
from .models import Kim, StatusKim

PER_HALAMAN = 30

LABEL_MEDIA = {
    "website": _lazy("Situs web"),
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "tiktok": "TikTok",
    "x": "X (Twitter)",
}


def _wilayah_terpilih(kode: str) -> tuple[list[Wilayah], list[Wilayah]]:
    """(the chosen region with its ancestors, top first; the regions one level below it).
    One query: ancestors come from the code itself, children by ``induk``."""
    if kode:
        kodes = leluhur(kode, termasuk_diri=True)
        cond = Q(kode__in=kodes) | Q(induk_id=kode, aktif=True)
    else:
        kodes = []
        cond = Q(tingkat=Tingkat.PROVINSI, aktif=True)
    jalur, anak = [], []
    for w in Wilayah.objects.filter(cond).only("kode", "nama", "jenis", "tingkat", "induk_id").order_by("kode"):
        (jalur if w.kode in kodes else anak).append(w)
    return jalur, sorted(anak, key=lambda w: w.nama)


@require_safe
def direktori(request):
    kode = request.GET.get("wilayah", "").strip()
    q = request.GET.get("q", "").strip()[:100]
    mandiri = request.GET.get("mandiri") == "1"
    galat = ""

    if kode and not selectors.kode_wilayah_valid(kode):
        galat = _("Kode wilayah “%(kode)s” tidak dikenal. Contoh kode yang benar: 76.02.02.") % {"kode": kode}
        kode_filter = ""
    else:
        kode_filter = kode

    jalur, anak = _wilayah_terpilih(kode_filter)
    if kode_filter and not any(w.kode == kode_filter for w in jalur):
        galat = _("Kode wilayah “%(kode)s” tidak dikenal. Contoh kode yang benar: 76.02.02.") % {"kode": kode}
        kode_filter = ""
        jalur, anak = _wilayah_terpilih("")

    qs = selectors.kim_publik_list(wilayah=kode_filter, q=q, mandiri=True if mandiri else None)
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))

    # Query string of the current filters, for pagination and the drill-down links.
    saring = {k: v for k, v in (("q", q), ("mandiri", "1" if mandiri else "")) if v}
    query = urlencode({**saring, **({"wilayah": kode_filter} if kode_filter else {})})
    tanpa_wilayah = urlencode(saring)

    return render(request, "kim/publik/direktori.html", {
        "page": page,
        "query": query,
        "tanpa_wilayah": tanpa_wilayah,
        "kode": kode,
        "kode_filter": kode_filter,
        "q": q,
        "mandiri": mandiri,
        "jalur": jalur,
        "anak": anak,
        "tingkat_anak": Tingkat(len(jalur) + 1).label if len(jalur) < Tingkat.DESA else "",
        "galat": galat,
    })


def _wilayah_kim(kim: Kim) -> list[Wilayah]:
    """The KIM's region path, province first (already joined by the selector)."""
    jalur = []
    w = kim.desa
    while w is not None:
        jalur.append(w)
        w = w.induk if w.tingkat > Tingkat.PROVINSI else None
    return list(reversed(jalur))


@require_safe
def profil(request, slug: str):
    try:
        kim = selectors.kim_publik_get(slug=slug)
    except Kim.DoesNotExist:
        raise Http404(_("KIM tidak ditemukan.")) from None

    hari_ini = timezone.localdate()
    sk = selectors.sk_terakhir(kim)
    jalur = _wilayah_kim(kim)
    lokasi = ", ".join(w.nama_lengkap for w in reversed(jalur))
    deskripsi_meta = (kim.deskripsi or "").strip().replace("\n", " ")[:200] or _(
        "%(nama)s, Komunitas Informasi Masyarakat di %(lokasi)s."
    ) % {"nama": kim.nama, "lokasi": lokasi}

    return render(request, "kim/publik/profil.html", {
        "kim": kim,
        "dibekukan": kim.status == StatusKim.DIBEKUKAN,
        "jalur": jalur,
        "lokasi": lokasi,
        "pengurus": selectors.pengurus_aktif_kim(kim, hari_ini=hari_ini),
        "jumlah_anggota": selectors.jumlah_anggota_aktif(kim),
        "sk": sk,
        "sk_berlaku": bool(sk and sk.berlaku_sampai >= hari_ini),
        "media": [(LABEL_MEDIA.get(nama, nama.capitalize()), url) for nama, url in selectors.media_aman(kim)],
        "situs_kimid": kim.situs_kimid if selectors.url_aman(kim.situs_kimid) else "",
        "deskripsi_meta": deskripsi_meta,
        "url_kanonik": f"{settings.SIMPUL_SITE_URL.rstrip('/')}{request.path}",
    })
