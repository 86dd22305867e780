"""Every write to the news: writing, the editorial workflow, scheduled publishing, rules.

Keyword-only, ``actor`` passed in, one transaction, an :class:`ArtikelEvent` for every act.

Writers (``Aksi.BERITA_TULIS`` on the KIM: its members and officers)::

    artikel_create(*, actor, kim, judul, isi, kategori=None, tag=(), foto=None,
                   foto_keterangan="") -> Artikel
    artikel_update(*, actor, artikel, judul, isi, kategori=None, tag=(), foto=None,
                   foto_keterangan="", hapus_foto=False) -> Artikel
        The writer while draf / perlu_revisi; an editor also while diajukan (copy-editing).
    artikel_submit(*, actor, artikel) -> Artikel                 # draf / perlu_revisi -> diajukan

Editors (``Aksi.BERITA_SUNTING``; who that is depends on :class:`AturanRedaksi`, see
:func:`boleh_sunting`)::

    artikel_request_revision(*, actor, artikel, catatan) -> Artikel   # diajukan -> perlu_revisi
    artikel_approve(*, actor, artikel, terbit_pada=None) -> Artikel
        diajukan -> terbit (now), or -> disetujui until ``terbit_pada`` (then the periodic task
        :func:`terbitkan_terjadwal` publishes it).
    artikel_withdraw(*, actor, artikel, alasan) -> Artikel           # terbit/disetujui -> ditarik
    aturan_redaksi_set(*, actor, wilayah, penyunting) -> AturanRedaksi

Every change to what the public sees calls :func:`simpul.portal.cache.segarkan`, and, once the
search app offers it, indexes or removes the article there.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from simpul.core import scope
from simpul.core.errors import Conflict, Forbidden, NotFound, ValidationError
from simpul.core.gambar import olah_gambar
from simpul.core.kode import leluhur
from simpul.core.markdown import bersihkan_teks, ringkas
from simpul.core.peran import Aksi
from simpul.notifikasi.services import notifikasi_kirim

from .models import (
    STATUS_DAPAT_DITULIS,
    Artikel,
    ArtikelEvent,
    AturanRedaksi,
    Kategori,
    Penyunting,
    StatusArtikel,
    Tag,
)

MAKS_TAG = 8
MAKS_ISI = 20000
# Slugs that would clash with the pages under a KIM's news section.
SLUG_DICADANGKAN = frozenset({"rss", "atom", "kategori", "tag", "halaman", "semua"})
STATUS_PUBLIK_TERDAMPAK = (StatusArtikel.TERBIT,)


# --- who may do what --------------------------------------------------------------------------


def penyunting_untuk(wilayah_kode: str) -> str:
    """The editorial rule for a region: the nearest rule up the tree, else ``Penyunting.KIM``."""
    kodes = leluhur(wilayah_kode, termasuk_diri=True)
    rules = dict(AturanRedaksi.objects.filter(wilayah_id__in=kodes).values_list("wilayah_id", "penyunting"))
    for kode in reversed(kodes):
        if kode in rules:
            return rules[kode]
    return Penyunting.KIM


def boleh_sunting(user, artikel: Artikel, *, aturan: str | None = None) -> bool:
    """May ``user`` review and publish ``artikel``? The region's Diskominfo always may
    (``BERITA_SUNTING`` on the region); the KIM's officers only where the rule is ``kim``."""
    ling = scope.lingkup(user, Aksi.BERITA_SUNTING)
    if ling.mencakup_wilayah(artikel.wilayah_kode):
        return True
    if artikel.kim_id not in ling.kim_ids:
        return False
    return (aturan or penyunting_untuk(artikel.wilayah_kode)) == Penyunting.KIM


def boleh_tulis(user, kim) -> bool:
    return scope.boleh(user, Aksi.BERITA_TULIS, kim_id=kim.pk)


def _boleh_lihat(user, artikel: Artikel) -> bool:
    return (artikel.penulis_id == getattr(user, "pk", None) or boleh_tulis(user, artikel.kim)
            or boleh_sunting(user, artikel))


def _periksa_sunting(actor, artikel: Artikel) -> None:
    if boleh_sunting(actor, artikel):
        return
    if _boleh_lihat(actor, artikel):
        raise Forbidden(_("Anda tidak dapat menyunting berita ini: penyuntingnya %(siapa)s.")
                        % {"siapa": Penyunting(penyunting_untuk(artikel.wilayah_kode)).label})
    raise NotFound(_("Berita tidak ditemukan."))


def _kunci(artikel: Artikel) -> Artikel:
    return Artikel.objects.select_for_update().select_related("kim").get(pk=artikel.pk)


def _event(artikel: Artikel, actor, jenis: str, dari: str = "", catatan: str = "", data: dict | None = None):
    ArtikelEvent.objects.create(artikel=artikel, aktor=actor if getattr(actor, "pk", None) else None, jenis=jenis,
                                dari_status=dari, ke_status=artikel.status, catatan=catatan, data=data or {})


# --- input cleaning ---------------------------------------------------------------------------


def _judul(judul: str) -> str:
    judul = bersihkan_teks(judul)[:150]
    if len(judul) < 5:
        raise ValidationError(_("Judul terlalu pendek (minimal 5 huruf)."), field="judul")
    return judul


def _isi(isi: str) -> str:
    isi = (isi or "").replace("\r\n", "\n").strip()
    if len(isi) < 20:
        raise ValidationError(_("Isi berita terlalu pendek (minimal 20 huruf)."), field="isi")
    if len(isi) > MAKS_ISI:
        raise ValidationError(_("Isi berita terlalu panjang (maksimal %(n)d huruf).") % {"n": MAKS_ISI}, field="isi")
    return isi


def _ringkasan(isi: str) -> str:
    """Plain text (entities decoded once; templates and feeds escape it again)."""
    return html.unescape(ringkas(isi, 280))[:300]


def _tag(tag: Iterable[str] | str) -> list[Tag]:
    if isinstance(tag, str):
        tag = tag.split(",")
    nama_per_slug: dict[str, str] = {}
    for t in tag:
        nama = bersihkan_teks(t).lstrip("#")[:40]
        s = slugify(nama)[:50]
        if s:
            nama_per_slug.setdefault(s, nama)
    if len(nama_per_slug) > MAKS_TAG:
        raise ValidationError(_("Paling banyak %(n)d tag.") % {"n": MAKS_TAG}, field="tag")
    ada = {t.slug: t for t in Tag.objects.filter(slug__in=nama_per_slug)}
    baru = [Tag(slug=s, nama=n) for s, n in nama_per_slug.items() if s not in ada]
    if baru:
        Tag.objects.bulk_create(baru, ignore_conflicts=True)
        ada = {t.slug: t for t in Tag.objects.filter(slug__in=nama_per_slug)}
    return [ada[s] for s in nama_per_slug]


def _kategori(kategori) -> Kategori | None:
    if kategori in (None, ""):
        return None
    if isinstance(kategori, Kategori):
        return kategori
    try:
        return Kategori.objects.get(pk=int(kategori))
    except (Kategori.DoesNotExist, TypeError, ValueError):
        raise ValidationError(_("Kategori tidak dikenal."), field="kategori") from None


def slug_baru(judul: str, kim_id: int, *, kecuali: int | None = None) -> str:
    """A slug unique within the KIM: the title's, then ``-2``, ``-3``... One query."""
    dasar = slugify(judul)[:150].strip("-") or "berita"
    terpakai = set(Artikel.objects.filter(kim_id=kim_id, slug__startswith=dasar).exclude(pk=kecuali)
                   .values_list("slug", flat=True)) | SLUG_DICADANGKAN
    kandidat, i = dasar, 2
    while kandidat in terpakai:
        kandidat, i = f"{dasar}-{i}", i + 1
    return kandidat


def _simpan_foto(artikel: Artikel, foto, keterangan: str) -> None:
    # Check everything before touching storage: a refused upload must neither leave an orphan file
    # nor delete the current photo (the row's rollback would then point at a missing file).
    if not keterangan:
        raise ValidationError(_("Tulis keterangan foto (untuk pembaca yang tidak bisa melihat gambar)."),
                              field="foto_keterangan")
    hasil = olah_gambar(foto, field="foto", maks_bytes=150_000, awalan="berita")
    if artikel.foto:
        artikel.foto.delete(save=False)
    artikel.foto.save(hasil.berkas.name, hasil.berkas, save=False)


def _segarkan_publik(artikel: Artikel, *, tampil: bool) -> None:
    """After commit: drop cached public pages, and index or unindex the article in search."""
    from simpul.portal.cache import segarkan

    def lakukan():
        segarkan()
        _indeks(artikel.pk, tampil=tampil)

    transaction.on_commit(lakukan)


def _indeks(artikel_id: int, *, tampil: bool) -> None:
    """Tell the search app (when installed with an index service) about a change."""
    try:
        from simpul.cari import services as cari
    except ImportError:  # pragma: no cover
        return
    if tampil and hasattr(cari, "indeks_simpan"):
        from . import selectors

        a = Artikel.objects.select_related("kim").filter(pk=artikel_id, status=StatusArtikel.TERBIT).first()
        if a is not None:
            cari.indeks_simpan(**selectors.dokumen_cari(a))
    elif not tampil and hasattr(cari, "indeks_hapus"):
        cari.indeks_hapus(jenis="berita", objek_id=artikel_id)


# --- writing ----------------------------------------------------------------------------------


def artikel_create(*, actor, kim, judul: str, isi: str, kategori=None, tag: Iterable[str] | str = (),
                   foto=None, foto_keterangan: str = "") -> Artikel:
    if not boleh_tulis(actor, kim):
        raise NotFound(_("KIM tidak ditemukan."))
    judul, isi = _judul(judul), _isi(isi)
    keterangan = bersihkan_teks(foto_keterangan)[:200]
    kat = _kategori(kategori)
    for _percobaan in range(3):
        try:
            with transaction.atomic():
                tags = _tag(tag)
                a = Artikel(kim=kim, wilayah_kode=kim.desa_id, penulis=actor, judul=judul, isi=isi,
                            ringkasan=_ringkasan(isi), kategori=kat, foto_keterangan=keterangan,
                            slug=slug_baru(judul, kim.pk))
                if foto:
                    _simpan_foto(a, foto, keterangan)
                a.save()
                a.tag.set(tags)
                _event(a, actor, ArtikelEvent.Jenis.DIBUAT)
                return a
        except IntegrityError:  # a concurrent article took the slug: pick the next one
            continue
    raise Conflict(_("Gagal menyimpan; coba lagi."))  # pragma: no cover


def artikel_update(*, actor, artikel: Artikel, judul: str, isi: str, kategori=None,
                   tag: Iterable[str] | str = (), foto=None, foto_keterangan: str = "",
                   hapus_foto: bool = False) -> Artikel:
    judul, isi = _judul(judul), _isi(isi)
    keterangan = bersihkan_teks(foto_keterangan)[:200]
    kat = _kategori(kategori)
    with transaction.atomic():
        a = _kunci(artikel)
        penulis = a.penulis_id == actor.pk and boleh_tulis(actor, a.kim)
        sunting = boleh_sunting(actor, a)
        if not (penulis or sunting):
            if _boleh_lihat(actor, a):
                raise Forbidden(_("Hanya penulis atau penyunting yang dapat mengubah berita ini."))
            raise NotFound(_("Berita tidak ditemukan."))
        if not (a.status in STATUS_DAPAT_DITULIS or (sunting and a.status == StatusArtikel.DIAJUKAN)):
            raise Conflict(_("Berita berstatus “%(status)s” tidak dapat diubah.") % {"status": a.get_status_display()})
        sebelum = {"judul": a.judul, "panjang_isi": len(a.isi)}
        if judul != a.judul and not a.riwayat.filter(jenis=ArtikelEvent.Jenis.DITERBITKAN).exists():
            a.slug = slug_baru(judul, a.kim_id, kecuali=a.pk)  # never published: the address follows
        a.judul, a.isi, a.ringkasan, a.kategori = judul, isi, _ringkasan(isi), kat
        a.foto_keterangan = keterangan
        if hapus_foto and a.foto:
            a.foto.delete(save=False)
            a.foto = ""
        if foto:
            _simpan_foto(a, foto, keterangan)
        elif a.foto and not keterangan:
            raise ValidationError(_("Tulis keterangan foto (untuk pembaca yang tidak bisa melihat gambar)."),
                                  field="foto_keterangan")
        a.save()
        a.tag.set(_tag(tag))
        _event(a, actor, ArtikelEvent.Jenis.DIUBAH, a.status,
               data={"sebelum": sebelum, "sesudah": {"judul": a.judul, "panjang_isi": len(a.isi)}})
    return a


def _penyunting_users(a: Artikel) -> list:
    """Who to notify about a submission: the KIM's officers (when they edit) or the region's
    Diskominfo kab/kota."""
    from simpul.akun.selectors import pengguna_dengan_peran_di
    from simpul.core.peran import Peran
    from simpul.kim.selectors import pengguna_pengurus_aktif

    if penyunting_untuk(a.wilayah_kode) == Penyunting.KIM:
        users = pengguna_pengurus_aktif([a.kim_id]).get(a.kim_id, [])
        if users:
            return [u for u in users if boleh_sunting(u, a)]
    return list(pengguna_dengan_peran_di(Peran.DISKOMINFO_KABKOTA, a.wilayah_kode[:5]).get(a.wilayah_kode[:5], []))


def artikel_submit(*, actor, artikel: Artikel) -> Artikel:
    with transaction.atomic():
        a = _kunci(artikel)
        if not (a.penulis_id == actor.pk or boleh_sunting(actor, a)):
            if _boleh_lihat(actor, a):
                raise Forbidden(_("Hanya penulis yang dapat mengajukan berita ini."))
            raise NotFound(_("Berita tidak ditemukan."))
        if a.status == StatusArtikel.DIAJUKAN:
            return a  # idempotent: a double press submits once
        if a.status not in STATUS_DAPAT_DITULIS:
            raise Conflict(_("Berita berstatus “%(status)s” tidak dapat diajukan.") % {"status": a.get_status_display()})
        dari = a.status
        a.status, a.diajukan_pada = StatusArtikel.DIAJUKAN, timezone.now()
        a.save(update_fields=["status", "diajukan_pada", "diubah"])
        _event(a, actor, ArtikelEvent.Jenis.DIAJUKAN, dari)
        n = a.riwayat.filter(jenis=ArtikelEvent.Jenis.DIAJUKAN).count()
        users = [u for u in _penyunting_users(a) if u.pk != actor.pk]
        url = reverse("berita:kelola_detail", args=[a.pk])
        transaction.on_commit(lambda: notifikasi_kirim(
            users=users, kunci=f"berita:{a.pk}:diajukan:{n}",
            judul=_("Berita baru menunggu penyuntingan: %(judul)s") % {"judul": a.judul}, url=url))
    return a


# --- editing ----------------------------------------------------------------------------------


def artikel_request_revision(*, actor, artikel: Artikel, catatan: str) -> Artikel:
    catatan = (catatan or "").strip()[:2000]
    if len(catatan) < 5:
        raise ValidationError(_("Tulis apa yang perlu diperbaiki."), field="catatan")
    with transaction.atomic():
        a = _kunci(artikel)
        _periksa_sunting(actor, a)
        if a.status != StatusArtikel.DIAJUKAN:
            raise Conflict(_("Hanya berita yang menunggu penyuntingan yang dapat diminta revisi."))
        a.status = StatusArtikel.PERLU_REVISI
        a.penyunting = actor
        a.save(update_fields=["status", "penyunting", "diubah"])
        _event(a, actor, ArtikelEvent.Jenis.REVISI_DIMINTA, StatusArtikel.DIAJUKAN, catatan)
        n = a.riwayat.filter(jenis=ArtikelEvent.Jenis.REVISI_DIMINTA).count()
        penulis = [a.penulis] if a.penulis_id else []
        url = reverse("berita:kelola_detail", args=[a.pk])
        transaction.on_commit(lambda: notifikasi_kirim(
            users=penulis, kunci=f"berita:{a.pk}:revisi:{n}",
            judul=_("Berita Anda perlu revisi: %(judul)s") % {"judul": a.judul}, isi=catatan, url=url))
    return a


def _terbitkan(a: Artikel, actor, dari: str) -> None:
    a.status = StatusArtikel.TERBIT
    a.terbit_pada = timezone.now()
    a.save(update_fields=["status", "terbit_pada", "diubah"])
    _event(a, actor, ArtikelEvent.Jenis.DITERBITKAN, dari)
    penulis = [a.penulis] if a.penulis_id else []
    kunci = f"berita:{a.pk}:terbit:{a.terbit_pada:%Y%m%d%H%M%S}"
    from simpul.portal.urls_publik import url_artikel

    url = url_artikel(a)
    transaction.on_commit(lambda: notifikasi_kirim(
        users=penulis, kunci=kunci, judul=_("Berita Anda terbit: %(judul)s") % {"judul": a.judul}, url=url))
    _segarkan_publik(a, tampil=True)


def artikel_approve(*, actor, artikel: Artikel, terbit_pada: datetime | None = None) -> Artikel:
    with transaction.atomic():
        a = _kunci(artikel)
        _periksa_sunting(actor, a)
        if a.status in (StatusArtikel.TERBIT, StatusArtikel.DISETUJUI):
            return a  # idempotent
        if a.status != StatusArtikel.DIAJUKAN:
            raise Conflict(_("Hanya berita yang menunggu penyuntingan yang dapat disetujui."))
        a.penyunting = actor
        sekarang = timezone.now()
        if terbit_pada is not None and terbit_pada > sekarang:
            a.status, a.terbit_pada = StatusArtikel.DISETUJUI, terbit_pada
            a.save(update_fields=["status", "terbit_pada", "penyunting", "diubah"])
            _event(a, actor, ArtikelEvent.Jenis.DISETUJUI, StatusArtikel.DIAJUKAN,
                   data={"terbit_pada": terbit_pada.isoformat()})
        else:
            a.save(update_fields=["penyunting", "diubah"])
            _event(a, actor, ArtikelEvent.Jenis.DISETUJUI, StatusArtikel.DIAJUKAN)
            _terbitkan(a, actor, StatusArtikel.DIAJUKAN)
    return a


def artikel_withdraw(*, actor, artikel: Artikel, alasan: str) -> Artikel:
    alasan = (alasan or "").strip()[:2000]
    if len(alasan) < 5:
        raise ValidationError(_("Tulis alasan penarikan."), field="alasan")
    with transaction.atomic():
        a = _kunci(artikel)
        _periksa_sunting(actor, a)
        if a.status == StatusArtikel.DITARIK:
            return a
        if a.status not in (StatusArtikel.TERBIT, StatusArtikel.DISETUJUI):
            raise Conflict(_("Hanya berita yang terbit atau terjadwal yang dapat ditarik."))
        dari = a.status
        a.status = StatusArtikel.DITARIK
        a.save(update_fields=["status", "diubah"])
        _event(a, actor, ArtikelEvent.Jenis.DITARIK, dari, alasan)
        _segarkan_publik(a, tampil=False)
    return a


def artikel_revise_again(*, actor, artikel: Artikel) -> Artikel:
    """A withdrawn article goes back to its writer as a draft to be fixed and resubmitted."""
    with transaction.atomic():
        a = _kunci(artikel)
        if not (a.penulis_id == actor.pk or boleh_sunting(actor, a)):
            raise NotFound(_("Berita tidak ditemukan."))
        if a.status != StatusArtikel.DITARIK:
            raise Conflict(_("Hanya berita yang ditarik yang dapat ditulis ulang."))
        a.status = StatusArtikel.DRAF
        a.save(update_fields=["status", "diubah"])
        _event(a, actor, ArtikelEvent.Jenis.DIUBAH, StatusArtikel.DITARIK)
    return a


def terbitkan_terjadwal(*, sekarang: datetime | None = None) -> int:
    """Publish every approved article whose time has come. Idempotent (each row is re-checked
    under a lock). Returns how many were published."""
    sekarang = sekarang or timezone.now()
    ids = list(Artikel.objects.filter(status=StatusArtikel.DISETUJUI, terbit_pada__lte=sekarang)
               .values_list("pk", flat=True)[:500])
    n = 0
    for pk in ids:
        with transaction.atomic():
            a = Artikel.objects.select_for_update().filter(pk=pk, status=StatusArtikel.DISETUJUI).first()
            if a is None:
                continue
            _terbitkan(a, None, StatusArtikel.DISETUJUI)
            n += 1
    return n


def aturan_redaksi_set(*, actor, wilayah, penyunting: str) -> AturanRedaksi:
    """An office (``BERITA_SUNTING`` on the region) decides who edits its KIMs' news."""
    if penyunting not in Penyunting.values:
        raise ValidationError(_("Pilihan penyunting tidak dikenal."), field="penyunting")
    if not scope.lingkup(actor, Aksi.BERITA_SUNTING).mencakup_wilayah(wilayah.kode):
        raise NotFound(_("Wilayah tidak ditemukan."))
    with transaction.atomic():
        aturan, _baru = AturanRedaksi.objects.update_or_create(
            wilayah=wilayah, defaults={"penyunting": penyunting, "diubah_oleh": actor})
    return aturan


def kategori_pastikan(*, nama: str, slug: str, urutan: int = 50) -> Kategori:
    """Create a category if missing (demo data and deployments' setup)."""
    k, _baru = Kategori.objects.get_or_create(slug=slug, defaults={"nama": nama, "urutan": urutan})
    return k
