import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from simpul.core import scope
from simpul.core.kode import subtree_q
from simpul.core.peran import JABATAN_INTI, Aksi, Jabatan
from simpul.core.teks import normalisasi

from .models import (
    MEDIA_SOSIAL,
    SUMBER_DANA_PEMERINTAH,
    Anggota,
    DokumenKim,
    JenisDokumen,
    KelompokUmur,
    Kim,
    KimEvent,
    Pengurus,
    StatusKim,
    SuratKeputusan,
)


def jabatan_aktif_user(user) -> list[tuple[int, str]]:
    """(kim_id, position) for the user's live memberships. Used by the scope engine.

    Every active member holds "anggota"; officers also hold their position while in office.
    Memberships of rejected KIMs grant nothing.
    """
    hidup = ~Q(kim__status=StatusKim.DITOLAK)
    # One query for both (it runs on every signed-in request, through the scope engine).
    anggota = (
        Anggota.objects.filter(hidup, user=user, aktif=True)
        .annotate(j=Value(str(Jabatan.ANGGOTA), output_field=CharField()))
        .values_list("kim_id", "j")
        .order_by()
    )
    pengurus = Pengurus.objects.filter(
        hidup, anggota__user=user, anggota__aktif=True, diberhentikan__isnull=True
    ).values_list("kim_id", "jabatan").order_by()
    return [(kim_id, jabatan) for kim_id, jabatan in anggota.union(pengurus, all=True).order_by()]


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
    qs = _dengan_mandiri(Kim.objects.publik().select_related("desa__induk__induk__induk"))
    if wilayah:
        qs = qs.filter(subtree_q("desa__kode", wilayah))
    cari = normalisasi(q)[:100]
    if cari:
        qs = qs.filter(Q(nama_normal__contains=cari) | Q(desa__nama_cari__contains=cari))
    if mandiri is not None:
        qs = qs.filter(mandiri_kini=mandiri)
    return qs.order_by("nama_normal", "id")


def kim_publik_terbaru(*, wilayah: str = "", batas: int = 6) -> list[Kim]:
    """The public KIMs of ``wilayah``'s subtree most recently activated, newest first (region
    homes), from the ``kim_publik_terbaru`` index. A KIM never activated is not "new" (and
    PostgreSQL would sort its NULL date first on DESC)."""
    return list(kim_publik_list(wilayah=wilayah).filter(aktif_sejak__isnull=False)
                .order_by("-aktif_sejak", "-id")[:batas])


def _dengan_mandiri(qs: QuerySet[Kim]) -> QuerySet[Kim]:
    """Annotate ``mandiri_kini``: mandiri as the coverage target counts it (derived from the
    books, ``cakupan.selectors.q_kim_mandiri``), not the funding the KIM declared at formation."""
    from simpul.cakupan.selectors import q_kim_mandiri

    return qs.annotate(mandiri_kini=Case(When(q_kim_mandiri(), then=Value(True)), default=Value(False),
                                         output_field=BooleanField()))


def kim_publik_get(*, slug: str) -> Kim:
    """One public KIM with its regions joined. Raises ``Kim.DoesNotExist`` for unknown slugs and
    for KIMs the public may not see (drafts, submitted, revision, rejected)."""
    return _dengan_mandiri(Kim.objects.publik().select_related("desa__induk__induk__induk")).get(slug=slug)


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


def _anggota_aktif() -> QuerySet[Anggota]:
    """What "a KIM's members" means wherever they are counted."""
    return Anggota.objects.filter(aktif=True)


def jumlah_anggota_aktif(kim: Kim) -> int:
    return _anggota_aktif().filter(kim=kim).count()


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


# --- Internal pages, formation wizard and verification (the write side's reads) ----------------
# Added by the KIM write-side work. Every list here goes through the scope engine.

MIN_ANGGOTA = 3


def _jumlah_anggota_aktif():
    """Active members of each listed KIM as a correlated subquery: computed for the page's rows
    only (a JOIN + GROUP BY counted the members of every KIM in reach before the page was cut:
    3 s nationally with 2,000,000 members)."""
    n = (_anggota_aktif().filter(kim=OuterRef("pk")).order_by().values("kim")
         .annotate(n=Count("id")).values("n"))
    return Coalesce(Subquery(n), 0)


def kim_kelola_list(*, user, status: str = "") -> QuerySet[Kim]:
    """KIMs the user oversees (offices: ``Aksi.LIHAT`` on a region) or belongs to (members and
    officers: ``Aksi.KIM_INTERNAL`` on their own KIM), newest change first, each with its desa and
    kecamatan joined and ``jumlah_anggota`` (active members) annotated. One query per page."""
    semua = Kim.objects.all()
    qs = scope.for_user(semua, user, Aksi.LIHAT) | scope.for_user(semua, user, Aksi.KIM_INTERNAL)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("desa__induk").annotate(jumlah_anggota=_jumlah_anggota_aktif()).order_by("-diubah", "-id")


def kim_kelola_jumlah_status(*, user) -> dict[str, int]:
    """status -> number of KIMs in the user's reach (the filter's counts), one query."""
    semua = Kim.objects.all()
    qs = scope.for_user(semua, user, Aksi.LIHAT) | scope.for_user(semua, user, Aksi.KIM_INTERNAL)
    return dict(qs.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n"))


def antrean_verifikasi(*, user) -> QuerySet[Kim]:
    """Submitted KIMs the user may verify (``Aksi.KIM_VERIFIKASI``), oldest submission first,
    with desa and kecamatan joined and ``jumlah_anggota`` annotated."""
    qs = scope.for_user(Kim.objects.filter(status=StatusKim.DIAJUKAN), user, Aksi.KIM_VERIFIKASI)
    return qs.select_related("desa__induk").annotate(jumlah_anggota=_jumlah_anggota_aktif()).order_by("diajukan_pada", "id")


@dataclass(frozen=True)
class Kekurangan:
    """One thing a KIM still lacks before it can be submitted, and the wizard step to fix it."""

    kode: str
    pesan: str
    langkah: int


def kim_kelengkapan(kim: Kim, *, hari_ini: date | None = None) -> list[Kekurangan]:
    """What the KIM still lacks for submission (empty list: complete). Five small queries."""
    from django.utils.translation import gettext as _

    hari_ini = hari_ini or timezone.localdate()
    kurang: list[Kekurangan] = []

    identitas = []
    if not kim.alamat.strip():
        identitas.append(_("alamat sekretariat"))
    if not (kim.telepon or kim.email):
        identitas.append(_("telepon atau email KIM"))
    if not kim.tanggal_berdiri:
        identitas.append(_("tanggal berdiri"))
    if not kim.sumber_dana:
        identitas.append(_("sumber dana"))
    if identitas:
        kurang.append(Kekurangan("identitas", _("Identitas belum lengkap: %(isian)s.")
                                 % {"isian": ", ".join(identitas)}, 1))

    n = Anggota.objects.filter(kim=kim, aktif=True).count()
    if n < MIN_ANGGOTA:
        kurang.append(Kekurangan("anggota", _("Anggota aktif baru %(n)d orang; minimal %(min)d orang.")
                                 % {"n": n, "min": MIN_ANGGOTA}, 2))

    inti = {
        p.jabatan: p for p in Pengurus.objects.filter(
            kim=kim, jabatan__in=JABATAN_INTI, diberhentikan__isnull=True, anggota__aktif=True,
        ).filter(Q(selesai__isnull=True) | Q(selesai__gte=hari_ini)).select_related("anggota")
    }
    belum = [str(Jabatan(j).label).lower() for j in JABATAN_INTI if j not in inti]
    if belum:
        kurang.append(Kekurangan("pengurus", _("Pengurus inti belum lengkap: belum ada %(jabatan)s.")
                                 % {"jabatan": ", ".join(belum)}, 3))
    muda = [p.anggota.nama for p in inti.values()
            if p.anggota.kelompok_umur in ("", KelompokUmur.U13_17)]
    if muda:
        kurang.append(Kekurangan("umur_pengurus", _(
            "Pengurus harus berusia 18 tahun ke atas; isi kelompok umur yang benar untuk: %(nama)s.")
            % {"nama": ", ".join(sorted(muda))}, 2))

    sk = sk_terakhir(kim)
    if sk is None:
        kurang.append(Kekurangan("sk", _("Belum ada SK (surat keputusan) yang diunggah."), 4))
    elif sk.berlaku_sampai < hari_ini:
        from django.utils import formats

        kurang.append(Kekurangan("sk", _("SK nomor %(nomor)s sudah tidak berlaku sejak %(tanggal)s; "
                                         "unggah SK yang masih berlaku.")
                                 % {"nomor": sk.nomor, "tanggal": formats.date_format(sk.berlaku_sampai)}, 4))

    ada = set(DokumenKim.objects.filter(kim=kim).values_list("jenis", flat=True).distinct())
    for jenis in (JenisDokumen.NOTULEN, JenisDokumen.DAFTAR_HADIR):
        if jenis not in ada:
            kurang.append(Kekurangan(jenis, _("Belum ada %(dokumen)s.") % {"dokumen": str(jenis.label).lower()}, 5))
    return kurang


def kim_mandiri_dari(sumber_dana: Iterable[str]) -> bool:
    """A KIM is mandiri when it declared its funding and none of it is APBD or dana desa."""
    sumber = set(sumber_dana)
    return bool(sumber) and not (sumber & SUMBER_DANA_PEMERINTAH)


def kim_lain_di_desa(kim: Kim) -> list[Kim]:
    """The other (not rejected) KIMs of the same desa, for the reviewer's duplicate check."""
    return list(
        Kim.objects.filter(desa_id=kim.desa_id).exclude(pk=kim.pk).exclude(status=StatusKim.DITOLAK)
        .only("id", "nama", "slug", "status", "desa_id").order_by("nama_normal")
    )


def anggota_kim(kim: Kim) -> list[Anggota]:
    """All members, active first, with ``jabatan_aktif`` (positions held now) prefetched.
    Internal: includes phone numbers."""
    from django.db.models import Prefetch

    jabatan = Prefetch("jabatan", queryset=Pengurus.objects.filter(diberhentikan__isnull=True)
                       .order_by("jabatan", "nama_seksi"), to_attr="jabatan_aktif")
    return list(Anggota.objects.filter(kim=kim).prefetch_related(jabatan).order_by("-aktif", "nama", "id"))


def anggota_aktif_pilihan(kim: Kim) -> QuerySet[Anggota]:
    """Active members, for choosing officers."""
    return Anggota.objects.filter(kim=kim, aktif=True).only("id", "nama", "kelompok_umur", "kim_id", "aktif").order_by(
        "nama", "id")


def pengurus_kim(kim: Kim) -> list[Pengurus]:
    """Positions not ended (``diberhentikan`` empty), core positions first, with the member."""
    urutan = Case(*[When(jabatan=j, then=Value(i)) for i, j in enumerate(
        (Jabatan.KETUA, Jabatan.SEKRETARIS, Jabatan.BENDAHARA, Jabatan.SEKSI))], default=Value(9))
    return list(
        Pengurus.objects.filter(kim=kim, diberhentikan__isnull=True).select_related("anggota")
        .order_by(urutan, "nama_seksi", "anggota__nama")
    )


def sk_kim(kim: Kim) -> list[SuratKeputusan]:
    return list(SuratKeputusan.objects.filter(kim=kim).order_by("-tanggal", "-id"))


def dokumen_kim(kim: Kim) -> list[DokumenKim]:
    return list(DokumenKim.objects.filter(kim=kim).select_related("diunggah_oleh").order_by("jenis", "-dibuat", "-id"))


def riwayat_kim(kim: Kim, *, batas: int = 100) -> list[KimEvent]:
    return list(KimEvent.objects.filter(kim=kim).select_related("aktor").order_by("-waktu", "-id")[:batas])


def catatan_revisi_terakhir(kim: Kim) -> KimEvent | None:
    """The reviewer's latest revision request (shown in the wizard while a revision is due)."""
    return (
        KimEvent.objects.filter(kim=kim, jenis=KimEvent.Jenis.REVISI_DIMINTA)
        .select_related("aktor").order_by("-waktu", "-id").first()
    )


def alasan_status_terakhir(kim: Kim) -> KimEvent | None:
    """The event that put the KIM in its current status (rejection, freeze...), if any."""
    return (
        KimEvent.objects.filter(kim=kim, ke_status=kim.status).exclude(alasan="")
        .select_related("aktor").order_by("-waktu", "-id").first()
    )
