"""Writes of the local-potential catalogue. Every change goes through here.

- :func:`potensi_buat` / :func:`potensi_ubah`: a listing of a KIM (draft first), by anyone with
  ``Aksi.POTENSI_KELOLA`` on that KIM. Texts are cleaned (tags removed; the description is
  Markdown rendered through nh3), the seller's number validated (``core.telepon``), the
  seller's consent to show it recorded with who and when (``izin_kontak``).
- :func:`potensi_terbitkan`, :func:`potensi_sembunyikan` (with a reason; also Diskominfo of the
  kabupaten/kota, ``Aksi.KIM_VERIFIKASI``), :func:`potensi_tampilkan`: moderation states.
  The search index follows every change (published: indexed; otherwise removed).
- :func:`foto_tambah` / :func:`foto_hapus`: photos through ``core.gambar`` (at most
  ``MAKS_FOTO``, re-encoded <= 150 KB, metadata dropped, non-images refused).
- :func:`potensi_laporkan`: anyone reports abuse (once per reporter); the KIM's officers are
  notified; ``BATAS_LAPORAN`` distinct open reports hide the listing until someone reviews it.
  :func:`laporan_tangani` closes the open reports.
Each act writes a :class:`~simpul.potensi.models.PotensiEvent`.
"""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from simpul.cari import services as cari
from simpul.core import scope
from simpul.core.errors import Conflict, NotFound, ValidationError
from simpul.core.gambar import olah_gambar
from simpul.core.markdown import ringkas
from simpul.core.peran import Aksi
from simpul.core.teks import teks_masukan
from simpul.core.telepon import normalize_telepon
from simpul.kim.models import Kim, StatusKim
from simpul.wilayah.models import Tingkat, Wilayah

from .models import (
    AlasanLaporan,
    FotoPotensi,
    JenisPeristiwa,
    Kategori,
    LaporanPotensi,
    Potensi,
    PotensiEvent,
    StatusPotensi,
)

MAKS_FOTO = 5
BATAS_LAPORAN = 3
MAKS_HARGA = 10_000_000_000

# Fields a listing's form sets, with their defaults.
ISIAN = {
    "nama": "", "kategori": "", "deskripsi": "", "harga_min": None, "harga_maks": None, "satuan": "",
    "usaha_kim": False, "penjual_nama": "", "penjual_telepon": "", "izin_kontak": False, "desa": None,
}


def boleh_kelola(user, potensi_or_kim) -> bool:
    kim_id = potensi_or_kim.kim_id if isinstance(potensi_or_kim, Potensi) else potensi_or_kim.pk
    return scope.boleh(user, Aksi.POTENSI_KELOLA, kim_id=kim_id)


def boleh_moderasi(user, potensi: Potensi) -> bool:
    """The KIM's own people, or the kabupaten/kota Diskominfo over its region."""
    return boleh_kelola(user, potensi) or scope.boleh(
        user, Aksi.KIM_VERIFIKASI, wilayah_kode=potensi.kim.desa_id)


def _periksa(aktor, potensi_or_kim) -> None:
    if not boleh_kelola(aktor, potensi_or_kim):
        raise NotFound(_("Potensi tidak ditemukan."))


def _event(potensi: Potensi, aktor, jenis: str, *, alasan: str = "", data: dict | None = None) -> None:
    PotensiEvent.objects.create(
        potensi=potensi, aktor=aktor if getattr(aktor, "is_authenticated", False) else None, jenis=jenis,
        alasan=alasan[:300], data=data or {})


def url_potensi(potensi: Potensi) -> str:
    return reverse("potensi:detail", args=[potensi.slug])


def _dokumen(p: Potensi) -> dict:
    """The search document of a listing (for ``simpul.cari``), in Indonesian whatever the
    language of the request that publishes it."""
    with translation.override("id"):
        return _dokumen_id(p)


def _dokumen_id(p: Potensi) -> dict:
    return {
        "jenis": "potensi", "objek_id": p.pk, "judul": p.nama,
        "isi": " ".join(x for x in [ringkas(p.deskripsi, 1000), str(p.get_kategori_display()), p.satuan,
                                    p.desa.nama_lengkap, p.kim.nama,
                                    str(_("usaha KIM")) if p.usaha_kim else ""] if x),
        "url": url_potensi(p), "wilayah_kode": p.desa_id, "waktu": p.diterbitkan_pada, "kim_id": p.kim_id,
    }


def indeks(potensi: Potensi) -> None:
    """Put a published listing in the search index, or take it out."""
    if potensi.status == StatusPotensi.TERBIT and potensi.kim.status == StatusKim.AKTIF:
        cari.indeks_simpan(**_dokumen(potensi))
    else:
        cari.indeks_hapus(jenis="potensi", objek_id=potensi.pk)


# --- Cleaning -----------------------------------------------------------------------------------

def _harga(nilai, *, field: str) -> int | None:
    if nilai in (None, ""):
        return None
    try:
        n = int(str(nilai).replace(".", "").replace(",", "").replace(" ", "").removeprefix("Rp"))
    except ValueError as exc:
        raise ValidationError(_("Tulis harga dalam rupiah, angka saja (mis. 25000)."), field=field) from exc
    if n < 0 or n > MAKS_HARGA:
        raise ValidationError(_("Harga tidak masuk akal."), field=field)
    return n


def _desa(nilai, kim: Kim) -> Wilayah:
    if nilai in (None, ""):
        return kim.desa
    kode = nilai.kode if isinstance(nilai, Wilayah) else str(nilai)
    desa = Wilayah.objects.filter(kode=kode, tingkat=Tingkat.DESA, aktif=True).first()
    if desa is None:
        raise ValidationError(_("Pilih desa/kelurahan lokasi potensi."), field="desa")
    return desa


def _bersihkan(data: dict, kim: Kim) -> dict:
    d = {**ISIAN, **data}
    nama = teks_masukan(d["nama"], field="nama", label=_("Nama"), maks=120, wajib=True)
    kategori = d["kategori"]
    if kategori not in Kategori.values:
        raise ValidationError(_("Pilih kategori."), field="kategori")
    deskripsi = str(d["deskripsi"] or "").strip()
    if len(deskripsi) > 4000:
        raise ValidationError(_("Deskripsi paling panjang 4000 karakter."), field="deskripsi")
    harga_min, harga_maks = _harga(d["harga_min"], field="harga_min"), _harga(d["harga_maks"], field="harga_maks")
    if harga_min is not None and harga_maks is not None and harga_maks < harga_min:
        raise ValidationError(_("Harga tertinggi tidak boleh di bawah harga terendah."), field="harga_maks")
    if harga_maks is not None and harga_min is None:
        harga_min = harga_maks
    telepon = str(d["penjual_telepon"] or "").strip()
    if telepon:
        try:
            telepon = normalize_telepon(telepon)
        except ValidationError as exc:
            raise ValidationError(exc.message, field="penjual_telepon") from exc
    izin = bool(d["izin_kontak"])
    if izin and not telepon:
        raise ValidationError(_("Isi nomor WhatsApp penjual untuk mencatat izinnya."), field="penjual_telepon")
    return {
        "nama": nama, "kategori": kategori, "deskripsi": deskripsi, "harga_min": harga_min,
        "harga_maks": harga_maks, "satuan": teks_masukan(d["satuan"], field="satuan", label=_("Satuan"), maks=40),
        "usaha_kim": bool(d["usaha_kim"]),
        "penjual_nama": teks_masukan(d["penjual_nama"], field="penjual_nama", label=_("Nama penjual"), maks=120),
        "penjual_telepon": telepon, "izin_kontak": izin, "desa": _desa(d["desa"], kim),
    }


def _slug_baru(nama: str) -> str:
    dasar = (slugify(nama)[:120] or "potensi").strip("-") or "potensi"
    slug, i = dasar, 2
    while Potensi.objects.filter(slug=slug).exists():
        slug = f"{dasar}-{i}"
        i += 1
    return slug


def _izin(potensi: Potensi, izin: bool, aktor, telepon_lama: str) -> bool:
    """Record or withdraw the seller's consent; a new number needs consent again."""
    ada = potensi.izin_kontak_pada is not None and potensi.penjual_telepon == telepon_lama
    if izin and not ada:
        potensi.izin_kontak_pada, potensi.izin_kontak_oleh = timezone.now(), aktor
        return True
    if not izin and potensi.izin_kontak_pada is not None:
        potensi.izin_kontak_pada, potensi.izin_kontak_oleh = None, None
        return True
    return False


# --- Listings -----------------------------------------------------------------------------------

def potensi_buat(*, aktor, kim: Kim, data: dict) -> Potensi:
    """A new listing (draft) of ``kim``. ``data``: the keys of ``ISIAN``."""
    _periksa(aktor, kim)
    if kim.status != StatusKim.AKTIF:
        raise Conflict(_("Hanya KIM aktif yang dapat mencatat potensi."))
    bersih = _bersihkan(data, kim)
    izin = bersih.pop("izin_kontak")
    for percobaan in range(3):
        try:
            with transaction.atomic():
                p = Potensi(kim=kim, slug=_slug_baru(bersih["nama"]), dibuat_oleh=aktor, **bersih)
                _izin(p, izin, aktor, "")
                p.save()
                _event(p, aktor, JenisPeristiwa.DIBUAT, data={"nama": p.nama})
                if p.izin_kontak_pada:
                    _event(p, aktor, JenisPeristiwa.IZIN_KONTAK, data={"izin": True})
                return p
        except IntegrityError:  # a slug taken meanwhile
            if percobaan == 2:
                raise
    raise AssertionError("unreachable")


def _kunci(potensi: Potensi) -> Potensi:
    return Potensi.objects.select_for_update().select_related("kim", "desa").get(pk=potensi.pk)


def potensi_ubah(*, aktor, potensi: Potensi, data: dict) -> Potensi:
    _periksa(aktor, potensi)
    with transaction.atomic():
        p = _kunci(potensi)
        bersih = _bersihkan(data, p.kim)
        izin = bersih.pop("izin_kontak")
        sebelum = {f: getattr(p, f) for f in bersih if f != "desa"} | {"desa": p.desa_id}
        telepon_lama = p.penjual_telepon
        for f, v in bersih.items():
            setattr(p, f, v)
        izin_berubah = _izin(p, izin, aktor, telepon_lama)
        sesudah = {f: getattr(p, f) for f in bersih if f != "desa"} | {"desa": p.desa_id}
        beda = {f: [sebelum[f], sesudah[f]] for f in sebelum if sebelum[f] != sesudah[f]}
        if not beda and not izin_berubah:
            return p
        p.save()
        if beda:
            _event(p, aktor, JenisPeristiwa.DIUBAH, data=beda)
        if izin_berubah:
            _event(p, aktor, JenisPeristiwa.IZIN_KONTAK, data={"izin": p.izin_kontak_pada is not None})
        indeks(p)
    return p


def potensi_terbitkan(*, aktor, potensi: Potensi) -> Potensi:
    _periksa(aktor, potensi)
    with transaction.atomic():
        p = _kunci(potensi)
        if p.status == StatusPotensi.TERBIT:
            return p
        if p.status == StatusPotensi.DISEMBUNYIKAN:
            raise Conflict(_("Potensi ini disembunyikan. Tampilkan lagi setelah ditinjau."))
        if p.kim.status != StatusKim.AKTIF:
            raise Conflict(_("Hanya KIM aktif yang dapat menerbitkan potensi."))
        p.status, p.diterbitkan_pada = StatusPotensi.TERBIT, p.diterbitkan_pada or timezone.now()
        p.save(update_fields=["status", "diterbitkan_pada", "diubah"])
        _event(p, aktor, JenisPeristiwa.DITERBITKAN)
        indeks(p)
    return p


def potensi_sembunyikan(*, aktor, potensi: Potensi, alasan: str) -> Potensi:
    """Hide a listing (from the catalogue, its page and search) with a reason."""
    if not boleh_moderasi(aktor, potensi):
        raise NotFound(_("Potensi tidak ditemukan."))
    alasan = teks_masukan(alasan, field="alasan", label=_("Alasan"), maks=300, wajib=True)
    with transaction.atomic():
        p = _kunci(potensi)
        if p.status == StatusPotensi.DISEMBUNYIKAN:
            return p
        p.status, p.alasan_sembunyi = StatusPotensi.DISEMBUNYIKAN, alasan
        p.save(update_fields=["status", "alasan_sembunyi", "diubah"])
        _event(p, aktor, JenisPeristiwa.DISEMBUNYIKAN, alasan=alasan)
        indeks(p)
    return p


def potensi_tampilkan(*, aktor, potensi: Potensi) -> Potensi:
    """Publish a hidden listing again after review; its open reports are closed."""
    if not boleh_moderasi(aktor, potensi):
        raise NotFound(_("Potensi tidak ditemukan."))
    with transaction.atomic():
        p = _kunci(potensi)
        if p.status != StatusPotensi.DISEMBUNYIKAN:
            return p
        p.status, p.alasan_sembunyi = StatusPotensi.TERBIT, ""
        p.diterbitkan_pada = p.diterbitkan_pada or timezone.now()
        p.save(update_fields=["status", "alasan_sembunyi", "diterbitkan_pada", "diubah"])
        _tutup_laporan(p, aktor)
        _event(p, aktor, JenisPeristiwa.DITAMPILKAN)
        indeks(p)
    return p


# --- Photos -------------------------------------------------------------------------------------

def foto_tambah(*, aktor, potensi: Potensi, berkas, keterangan: str = "") -> FotoPotensi:
    _periksa(aktor, potensi)
    keterangan = teks_masukan(keterangan, field="keterangan", label=_("Keterangan foto"), maks=160)
    hasil = olah_gambar(berkas, field="foto", awalan="potensi")
    with transaction.atomic():
        p = _kunci(potensi)
        n = p.foto.count()
        if n >= MAKS_FOTO:
            raise ValidationError(_("Paling banyak %(n)s foto.") % {"n": MAKS_FOTO}, field="foto")
        foto = FotoPotensi.objects.create(potensi=p, berkas=hasil.berkas, keterangan=keterangan, urutan=n)
        _event(p, aktor, JenisPeristiwa.FOTO, data={"tambah": foto.pk, "ukuran": hasil.ukuran})
    return foto


def foto_hapus(*, aktor, foto: FotoPotensi) -> None:
    _periksa(aktor, foto.potensi)
    with transaction.atomic():
        p = _kunci(foto.potensi)
        _event(p, aktor, JenisPeristiwa.FOTO, data={"hapus": foto.pk})
        berkas = foto.berkas
        foto.delete()
        transaction.on_commit(lambda: berkas.delete(save=False))


# --- Reports ------------------------------------------------------------------------------------

def kunci_pelapor(*, user=None, alamat: str = "") -> str:
    if user is not None and getattr(user, "is_authenticated", False):
        return f"u{user.pk}"
    return "a" + hashlib.sha256(f"potensi:{alamat}".encode()).hexdigest()[:40]


def potensi_laporkan(*, potensi: Potensi, alasan: str, catatan: str = "", pelapor=None,
                     alamat: str = "") -> bool:
    """Record a report of abuse on a published listing. Returns False when this reporter had
    already reported it (idempotent)."""
    if alasan not in AlasanLaporan.values:
        raise ValidationError(_("Pilih alasan laporan."), field="alasan")
    catatan = teks_masukan(catatan, field="catatan", label=_("Catatan"), maks=1000)
    kunci = kunci_pelapor(user=pelapor, alamat=alamat)
    with transaction.atomic():
        p = _kunci(potensi)
        if p.status != StatusPotensi.TERBIT:
            raise NotFound(_("Potensi tidak ditemukan."))
        _obj, baru = LaporanPotensi.objects.get_or_create(
            potensi=p, kunci_pelapor=kunci,
            defaults={"alasan": alasan, "catatan": catatan,
                      "pelapor": pelapor if getattr(pelapor, "is_authenticated", False) else None})
        if not baru:
            return False
        _event(p, pelapor, JenisPeristiwa.DILAPORKAN, alasan=str(AlasanLaporan(alasan).label))
        terbuka = p.laporan.filter(ditangani_pada__isnull=True).count()
        if terbuka >= BATAS_LAPORAN:
            p.status = StatusPotensi.DISEMBUNYIKAN
            p.alasan_sembunyi = _("Disembunyikan otomatis: %(n)s laporan menunggu ditinjau.") % {"n": terbuka}
            p.save(update_fields=["status", "alasan_sembunyi", "diubah"])
            _event(p, None, JenisPeristiwa.DISEMBUNYIKAN, alasan=p.alasan_sembunyi)
            indeks(p)
        _kabari_laporan(p, terbuka)
    return True


def _kabari_laporan(p: Potensi, terbuka: int) -> None:
    from simpul.kim.selectors import pengguna_pengurus_aktif
    from simpul.notifikasi.services import notifikasi_kirim

    users = pengguna_pengurus_aktif([p.kim_id]).get(p.kim_id, [])
    url = reverse("potensi:kelola_detail", args=[p.pk])
    transaction.on_commit(lambda: notifikasi_kirim(
        users=users, kunci=f"potensi.laporan:{p.pk}:{terbuka}",
        judul=_("Potensi “%(nama)s” dilaporkan") % {"nama": p.nama},
        isi=_("Ada %(n)s laporan yang menunggu ditinjau.") % {"n": terbuka}, url=url))


def _tutup_laporan(p: Potensi, aktor) -> int:
    return p.laporan.filter(ditangani_pada__isnull=True).update(
        ditangani_pada=timezone.now(), ditangani_oleh=aktor if getattr(aktor, "is_authenticated", False) else None)


def laporan_tangani(*, aktor, potensi: Potensi, catatan: str = "") -> int:
    """Close the open reports of a listing (after review, when it stays as it is)."""
    if not boleh_moderasi(aktor, potensi):
        raise NotFound(_("Potensi tidak ditemukan."))
    catatan = teks_masukan(catatan, field="catatan", label=_("Catatan"), maks=300)
    with transaction.atomic():
        p = _kunci(potensi)
        n = _tutup_laporan(p, aktor)
        if n:
            _event(p, aktor, JenisPeristiwa.LAPORAN_DITANGANI, alasan=catatan, data={"jumlah": n})
    return n


def reindeks() -> int:
    """Rebuild the search documents of every published listing (``manage.py reindeks``)."""
    qs = Potensi.objects.publik().select_related("kim", "desa")
    return cari.indeks_simpan_banyak((_dokumen(p) for p in qs.iterator(500)), jenis="potensi")
