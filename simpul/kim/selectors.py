import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from urllib.parse import urlsplit

from django.db.models import Case, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from simpul.core.peran import Jabatan
from simpul.core.teks import normalisasi

from .models import MEDIA_SOSIAL, Anggota, Kim, Pengurus, StatusKim, SuratKeputusan


def jabatan_aktif_user(user) -> list[tuple[int, str]]:
    """(kim_id, position) for the user's live memberships. Used by the scope engine.

    Every active member holds "anggota"; officers also hold their position while in office.
    Memberships of rejected KIMs grant nothing.
    """
    hidup = ~Q(kim__status=StatusKim.DITOLAK)
    rows: list[tuple[int, str]] = [
        (kim_id, Jabatan.ANGGOTA)
        for kim_id in Anggota.objects.filter(hidup, user=user, aktif=True).values_list("kim_id", flat=True)
    ]
    rows += list(
        Pengurus.objects.filter(hidup, anggota__user=user, anggota__aktif=True, diberhentikan__isnull=True)
        .values_list("kim_id", "jabatan")
    )
    return rows


# --- Public directory and profile (anyone may read these) ---------------------------------------

_KODE_WILAYAH = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def kode_wilayah_valid(kode: str) -> bool:
    """A well-formed Kemendagri code at any level ("76", "76.02", "76.02.02", "76.02.02.2003")."""
    return bool(_KODE_WILAYAH.match(kode or ""))


def kim_publik_list(*, wilayah: str = "", q: str = "", mandiri: bool | None = None) -> QuerySet[Kim]:
    """Public KIMs (active or frozen), sorted by name, each with its desa, kecamatan, kab/kota and
    province joined in the same query (no N+1).

    ``wilayah`` is a region code: the KIMs of that region's subtree (prefix on the desa code,
    bounded by the dot so "76.0" never matches "76.02"). ``q`` matches the normalised KIM name or
    desa name. Both columns are already lower-case and accent-free, so the query is normalised
    the same way and compared with a plain ``LIKE '%q%'`` (``contains``): on PostgreSQL a pg_trgm
    index on the column itself can serve it, which ``icontains`` (``UPPER(col) LIKE``) would defeat.
    """
    qs = Kim.objects.publik().select_related("desa__induk__induk__induk")
    if wilayah:
        qs = qs.filter(Q(desa_id=wilayah) | Q(desa__kode__startswith=f"{wilayah}."))
    cari = normalisasi(q)[:100]
    if cari:
        qs = qs.filter(Q(nama_normal__contains=cari) | Q(desa__nama_cari__contains=cari))
    if mandiri is not None:
        qs = qs.filter(mandiri=mandiri)
    return qs.order_by("nama_normal", "id")


def kim_publik_get(*, slug: str) -> Kim:
    """One public KIM with its regions joined. Raises ``Kim.DoesNotExist`` for unknown slugs and
    for KIMs the public may not see (drafts, submitted, revision, rejected)."""
    return Kim.objects.publik().select_related("desa__induk__induk__induk").get(slug=slug)


def pengurus_aktif_kim(kim: Kim, *, hari_ini: date | None = None) -> list[Pengurus]:
    """Officers in office today, core positions first. Only their member row is joined (names);
    callers showing them publicly must not expose anything beyond name and position."""
    hari_ini = hari_ini or timezone.localdate()
    urutan = Case(
        *[When(jabatan=j, then=Value(i)) for i, j in enumerate(
            (Jabatan.KETUA, Jabatan.SEKRETARIS, Jabatan.BENDAHARA, Jabatan.SEKSI))],
        default=Value(9),
    )
    return list(
        Pengurus.objects.filter(kim=kim, diberhentikan__isnull=True, mulai__lte=hari_ini, anggota__aktif=True)
        .filter(Q(selesai__isnull=True) | Q(selesai__gte=hari_ini))
        .select_related("anggota")
        .only("id", "jabatan", "nama_seksi", "anggota__id", "anggota__nama")
        .order_by(urutan, "nama_seksi", "anggota__nama")
    )


def jumlah_anggota_aktif(kim: Kim) -> int:
    return Anggota.objects.filter(kim=kim, aktif=True).count()


def sk_terakhir(kim: Kim) -> SuratKeputusan | None:
    """The KIM's most recent SK (by date), whether or not its term has ended."""
    return (
        SuratKeputusan.objects.filter(kim=kim)
        .defer("berkas", "berkas_jenis", "berkas_ukuran", "pengingat_terkirim")
        .order_by("-tanggal", "-id")
        .first()
    )


def media_aman(kim: Kim) -> list[tuple[str, str]]:
    """(name, url) of the KIM's media links that are plain http(s) URLs, in a fixed order.
    Anything else (``javascript:``, relative paths, non-strings) is dropped."""
    media = kim.media_sosial if isinstance(kim.media_sosial, dict) else {}
    hasil = []
    for nama in (*MEDIA_SOSIAL, *sorted(k for k in media if k not in MEDIA_SOSIAL)):
        url = media.get(nama)
        if isinstance(url, str) and url_aman(url):
            hasil.append((nama, url.strip()))
    return hasil


def url_aman(url: str) -> bool:
    url = (url or "").strip()
    if not url or len(url) > 500 or any(c.isspace() for c in url):
        return False
    bagian = urlsplit(url)
    return bagian.scheme in ("http", "https") and bool(bagian.netloc)


# --- SK expiry reminders ------------------------------------------------------------------------


def sk_terakhir_kim_aktif_berakhir_sebelum(batas: date) -> QuerySet[SuratKeputusan]:
    """Set-based: for every active KIM, its latest SK, if that SK's term ends on or before
    ``batas``. One query, whatever the number of KIMs (uses the ``berlaku_sampai`` index)."""
    terakhir = SuratKeputusan.objects.filter(kim_id=OuterRef("kim_id")).order_by("-tanggal", "-id").values("pk")[:1]
    return (
        SuratKeputusan.objects.filter(kim__status=StatusKim.AKTIF, berlaku_sampai__lte=batas)
        .filter(pk=Subquery(terakhir))
        .select_related("kim")
        .defer("berkas")
        .order_by("berlaku_sampai", "id")
    )


def pengguna_pengurus_aktif(kim_ids: Iterable[int], *, hari_ini: date | None = None) -> dict[int, list]:
    """kim_id -> active users holding an office in that KIM today (one query for all KIMs)."""
    hari_ini = hari_ini or timezone.localdate()
    hasil: dict[int, list] = defaultdict(list)
    rows = (
        Pengurus.objects.filter(
            kim_id__in=list(kim_ids), diberhentikan__isnull=True, mulai__lte=hari_ini,
            anggota__aktif=True, anggota__user__isnull=False, anggota__user__is_active=True,
        )
        .filter(Q(selesai__isnull=True) | Q(selesai__gte=hari_ini))
        .select_related("anggota__user")
    )
    for p in rows:
        if all(u.pk != p.anggota.user.pk for u in hasil[p.kim_id]):
            hasil[p.kim_id].append(p.anggota.user)
    return dict(hasil)


def keanggotaan_aktif_user(user) -> list[Anggota]:
    """The user's own active memberships (KIMs not rejected), for their profile page: each with
    its KIM and desa, and ``jabatan_aktif`` (the offices held now). Added by the akun work."""
    from django.db.models import Prefetch

    jabatan = Prefetch("jabatan", queryset=Pengurus.objects.filter(diberhentikan__isnull=True),
                       to_attr="jabatan_aktif")
    return list(
        Anggota.objects.filter(user=user, aktif=True).exclude(kim__status=StatusKim.DITOLAK)
        .select_related("kim", "kim__desa").prefetch_related(jabatan).order_by("kim__nama")
    )
