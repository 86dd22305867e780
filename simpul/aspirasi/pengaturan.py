"""Office settings of the aspiration service: responding agencies and their staff, routing rules,
response templates and holidays. Managed by offices (Diskominfo kab/kota, provinsi, Komdigi) for
their own region subtree; every change writes a :class:`PengaturanEvent`.

Reach: ``scope.lingkup(user, Aksi.ASPIRASI_ATUR)`` (Komdigi, Diskominfo provinsi and kab/kota; desa
and kecamatan handlers triage aspirations but do not configure agencies). National rows (holidays,
shared response templates) need the national reach (``.semua``). Outside it: ``NotFound``.
"""

from __future__ import annotations

import string
from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core import scope
from simpul.core.errors import NotFound, ValidationError
from simpul.core.kode import di_dalam, leluhur
from simpul.core.peran import Aksi
from simpul.core.scope import Lingkup
from simpul.core.teks import teks_masukan
from simpul.core.telepon import normalize_telepon
from simpul.wilayah.models import Wilayah

from .models import (
    Aspirasi,
    AturanRute,
    HariLibur,
    Instansi,
    JenisLibur,
    Kategori,
    PengaturanEvent,
    StafInstansi,
    TemplatTanggapan,
)

E = PengaturanEvent.JenisEvent
# Placeholders a response template may use, filled when the answer is written.
PLACEHOLDER = ("kode", "judul", "desa", "instansi", "tenggat", "tanggal")


# --- reach --------------------------------------------------------------------------------------
def _lingkup(user) -> Lingkup:
    """The office reach of ``user``: Komdigi everywhere, Diskominfo prov/kab/kota their subtree."""
    return scope.lingkup(user, Aksi.ASPIRASI_ATUR)


def adalah_kantor(user) -> bool:
    return bool(user and user.is_authenticated) and not _lingkup(user).kosong


def _wajib_wilayah(user, kode: str | None) -> None:
    if not _lingkup(user).mencakup_wilayah(kode):
        raise NotFound(_("Tidak ditemukan."))


def _wilayah(kode, user, *, field: str = "wilayah") -> Wilayah:
    kode = (kode.kode if isinstance(kode, Wilayah) else str(kode or "")).strip()
    w = Wilayah.objects.filter(kode=kode, aktif=True).first() if kode else None
    if w is None:
        raise ValidationError(_("Kode wilayah tidak dikenal."), field=field)
    if not _lingkup(user).mencakup_wilayah(w.kode):
        raise ValidationError(_("Wilayah ini di luar jangkauan Anda."), field=field)
    return w


def _catat(actor, objek: str, objek_id, jenis: str, wilayah_id: str | None, data: dict | None = None) -> None:
    PengaturanEvent.objects.create(aktor=actor if getattr(actor, "is_authenticated", False) else None,
                                   objek=objek, objek_id=objek_id, jenis=jenis, wilayah_id=wilayah_id,
                                   data=data or {})


def riwayat(objek: str, objek_id: int, n: int = 10) -> list[PengaturanEvent]:
    """The latest settings events of one object (the caller has already checked reach)."""
    return list(PengaturanEvent.objects.filter(objek=objek, objek_id=objek_id).select_related("aktor")[:n])


# --- agencies -----------------------------------------------------------------------------------
def instansi_list(user) -> QuerySet[Instansi]:
    return scope.for_user(Instansi.objects.select_related("wilayah", "induk"), user, Aksi.ASPIRASI_ATUR)


def instansi_get(user, pk) -> Instansi:
    obj = instansi_list(user).filter(pk=pk).first()
    if obj is None:
        raise NotFound(_("Instansi tidak ditemukan."))
    return obj


def _induk(user, induk, wilayah: Wilayah, diri: Instansi | None) -> Instansi | None:
    if induk in (None, ""):
        return None
    obj = induk if isinstance(induk, Instansi) else instansi_list(user).filter(pk=induk).first()
    if obj is None:
        raise ValidationError(_("Instansi induk tidak ditemukan."), field="induk")
    if diri is not None:
        cek = obj
        while cek is not None:
            if cek.pk == diri.pk:
                raise ValidationError(_("Instansi tidak dapat menjadi unit dari dirinya sendiri."), field="induk")
            cek = cek.induk
    if not di_dalam(wilayah.kode, obj.wilayah_id):
        raise ValidationError(_("Wilayah unit harus berada di dalam wilayah instansi induknya."), field="wilayah")
    return obj


def _simpan_unik(obj, pesan: str, field: str) -> None:
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError(pesan, field=field) from exc


@transaction.atomic
def instansi_simpan(*, actor, instansi: Instansi | None = None, nama, wilayah, singkatan="", induk=None,
                    email="") -> Instansi:
    """Create (``instansi`` None) or edit an agency or unit inside the actor's region."""
    if instansi is not None:
        instansi = instansi_get(actor, instansi.pk)
    nama = teks_masukan(nama, field="nama", label=_("Nama"), maks=150, wajib=True)
    singkatan = teks_masukan(singkatan, field="singkatan", label=_("Singkatan"), maks=30, wajib=False)
    email = teks_masukan(email, field="email", label=_("Email"), maks=254, wajib=False)
    if email and ("@" not in email or " " in email):
        raise ValidationError(_("Alamat email tidak valid."), field="email")
    w = _wilayah(wilayah, actor)
    ind = _induk(actor, induk, w, instansi)
    baru = instansi is None
    obj = instansi or Instansi()
    sebelum = {} if baru else {"nama": obj.nama, "singkatan": obj.singkatan, "wilayah": obj.wilayah_id,
                               "induk": obj.induk_id, "email": obj.email}
    obj.nama, obj.singkatan, obj.wilayah, obj.induk, obj.email = nama, singkatan, w, ind, email
    _simpan_unik(obj, _("Sudah ada instansi dengan nama ini di wilayah tersebut."), "nama")
    sesudah = {"nama": obj.nama, "singkatan": obj.singkatan, "wilayah": obj.wilayah_id, "induk": obj.induk_id,
               "email": obj.email}
    _catat(actor, "instansi", obj.pk, E.DIBUAT if baru else E.DIUBAH, w.kode,
           {"sebelum": sebelum, "sesudah": sesudah})
    return obj


@transaction.atomic
def instansi_atur_aktif(*, actor, instansi: Instansi, aktif: bool) -> Instansi:
    """Deactivate (or reactivate) an agency. Agencies are never deleted: aspirations point to them."""
    obj = instansi_get(actor, instansi.pk)
    if obj.aktif == aktif:
        return obj
    obj.aktif = aktif
    obj.save(update_fields=["aktif", "diubah"])
    _catat(actor, "instansi", obj.pk, E.DIAKTIFKAN if aktif else E.DINONAKTIFKAN, obj.wilayah_id,
           {"terbuka": Aspirasi.objects.filter(instansi=obj).exclude(status__in=("selesai", "diarsipkan",
                                                                                 "digabung")).count()})
    return obj


def _cari_user(kontak: str):
    kontak = (kontak or "").strip()
    if not kontak:
        raise ValidationError(_("Tuliskan email atau nomor telepon akun staf."), field="kontak")
    user_model = get_user_model()
    if "@" in kontak:
        user = user_model.objects.filter(email__iexact=kontak, is_active=True).first()
    else:
        try:
            tel = normalize_telepon(kontak)
        except ValidationError as exc:
            raise ValidationError(exc.message, field="kontak") from exc
        user = user_model.objects.filter(telepon=tel, is_active=True).first()
    if user is None:
        raise ValidationError(_("Tidak ada akun aktif dengan email atau nomor itu. Minta staf mendaftar lebih dulu."),
                              field="kontak")
    return user


@transaction.atomic
def staf_tambah(*, actor, instansi: Instansi, kontak: str, jabatan: str = "") -> StafInstansi:
    """Link an existing account (found by email or phone) to the agency. Idempotent."""
    obj = instansi_get(actor, instansi.pk)
    jabatan = teks_masukan(jabatan, field="jabatan", label=_("Jabatan"), maks=100, wajib=False)
    user = _cari_user(kontak)
    staf, dibuat = StafInstansi.objects.get_or_create(instansi=obj, user=user, defaults={"jabatan": jabatan})
    if not dibuat and (not staf.aktif or (jabatan and staf.jabatan != jabatan)):
        staf.aktif = True
        staf.jabatan = jabatan or staf.jabatan
        staf.save(update_fields=["aktif", "jabatan", "diubah"])
        dibuat = True
    if dibuat:
        _catat(actor, "instansi", obj.pk, E.STAF_DITAMBAH, obj.wilayah_id, {"user": user.pk, "jabatan": jabatan})
    return staf


@transaction.atomic
def staf_hapus(*, actor, instansi: Instansi, staf_id) -> None:
    obj = instansi_get(actor, instansi.pk)
    staf = StafInstansi.objects.filter(instansi=obj, pk=staf_id).first()
    if staf is None:
        return  # already removed: idempotent
    user_id = staf.user_id
    staf.delete()
    _catat(actor, "instansi", obj.pk, E.STAF_DIHAPUS, obj.wilayah_id, {"user": user_id})


# --- routing rules ------------------------------------------------------------------------------
def aturan_list(user) -> QuerySet[AturanRute]:
    return scope.for_user(AturanRute.objects.select_related("kategori", "wilayah", "instansi", "instansi__induk"),
                          user, Aksi.ASPIRASI_ATUR).order_by("wilayah_id", "kategori__nama", "-prioritas")


def aturan_get(user, pk) -> AturanRute:
    obj = aturan_list(user).filter(pk=pk).first()
    if obj is None:
        raise NotFound(_("Aturan tidak ditemukan."))
    return obj


def _kategori(kategori) -> Kategori | None:
    if kategori in (None, ""):
        return None
    obj = kategori if isinstance(kategori, Kategori) else Kategori.objects.filter(pk=kategori).first()
    if obj is None:
        raise ValidationError(_("Kategori tidak dikenal."), field="kategori")
    return obj


def _instansi_rute(actor, instansi, wilayah: Wilayah) -> Instansi:
    """The target agency: active, and serving the rule's region (any ancestor) or inside reach."""
    pk = instansi.pk if isinstance(instansi, Instansi) else instansi
    obj = Instansi.objects.filter(pk=int(pk), aktif=True).first() if str(pk or "").isdigit() else None
    if obj is None or not (obj.wilayah_id in leluhur(wilayah.kode, termasuk_diri=True)
                           or _lingkup(actor).mencakup_wilayah(obj.wilayah_id)):
        raise ValidationError(_("Pilih instansi aktif yang melayani wilayah itu."), field="instansi")
    return obj


@transaction.atomic
def aturan_simpan(*, actor, aturan: AturanRute | None = None, kategori, wilayah, instansi,
                  prioritas=0) -> AturanRute:
    if aturan is not None:
        aturan = aturan_get(actor, aturan.pk)
    try:
        prioritas = int(prioritas or 0)
    except (TypeError, ValueError):
        raise ValidationError(_("Prioritas harus bilangan bulat."), field="prioritas") from None
    if not -100 <= prioritas <= 100:
        raise ValidationError(_("Prioritas antara -100 dan 100."), field="prioritas")
    w = _wilayah(wilayah, actor)
    kat = _kategori(kategori)
    ins = _instansi_rute(actor, instansi, w)
    baru = aturan is None
    obj = aturan or AturanRute()
    sebelum = {} if baru else {"kategori": obj.kategori_id, "wilayah": obj.wilayah_id,
                               "instansi": obj.instansi_id, "prioritas": obj.prioritas}
    obj.kategori, obj.wilayah, obj.instansi, obj.prioritas = kat, w, ins, prioritas
    _simpan_unik(obj, _("Sudah ada aturan untuk kategori dan wilayah ini; ubah aturan itu."), "kategori")
    _catat(actor, "aturan", obj.pk, E.DIBUAT if baru else E.DIUBAH, w.kode, {
        "sebelum": sebelum, "sesudah": {"kategori": obj.kategori_id, "wilayah": obj.wilayah_id,
                                       "instansi": obj.instansi_id, "prioritas": obj.prioritas}})
    return obj


@transaction.atomic
def aturan_hapus(*, actor, aturan: AturanRute) -> None:
    obj = aturan_get(actor, aturan.pk)
    data = {"kategori": obj.kategori_id, "wilayah": obj.wilayah_id, "instansi": obj.instansi_id,
            "prioritas": obj.prioritas}
    pk, kode = obj.pk, obj.wilayah_id
    obj.delete()
    _catat(actor, "aturan", pk, E.DIHAPUS, kode, {"sebelum": data})


def aturan_uji(*, actor, kategori, desa) -> AturanRute | None:
    """Which rule would route an aspiration of ``kategori`` from ``desa`` (inside reach)."""
    from .services import aturan_untuk

    w = _wilayah(desa, actor, field="desa")
    if len(w.kode) != 13:
        raise ValidationError(_("Pilih desa/kelurahan, bukan wilayah yang lebih besar."), field="desa")
    kat = _kategori(kategori)
    return aturan_untuk(Aspirasi(desa_id=w.kode, kategori_id=kat.pk if kat else None))


# --- response templates -------------------------------------------------------------------------
def templat_list(user) -> QuerySet[TemplatTanggapan]:
    """Templates of agencies in reach, plus the shared ones (editable by Komdigi only)."""
    ling = _lingkup(user)
    qs = TemplatTanggapan.objects.select_related("instansi")
    if ling.semua:
        return qs
    if ling.kosong:
        return qs.none()
    return qs.filter(Q(instansi__isnull=True) | ling.q(wilayah_field="instansi__wilayah__kode"))


def boleh_ubah_templat(user, t: TemplatTanggapan) -> bool:
    ling = _lingkup(user)
    return ling.semua if t.instansi_id is None else ling.mencakup_wilayah(t.instansi.wilayah_id)


def templat_get(user, pk, *, ubah: bool = False) -> TemplatTanggapan:
    obj = templat_list(user).filter(pk=pk).first()
    if obj is None or (ubah and not boleh_ubah_templat(user, obj)):
        raise NotFound(_("Templat tidak ditemukan."))
    return obj


def periksa_placeholder(isi: str) -> None:
    """Only ``{kode}``, ``{judul}``, ... (see :data:`PLACEHOLDER`) and well-formed braces."""
    try:
        bagian = list(string.Formatter().parse(isi))
    except ValueError as exc:
        raise ValidationError(_("Kurung kurawal tidak seimbang. Tulis {{ atau }} untuk kurung biasa."),
                              field="isi") from exc
    for _literal, nama, spek, konversi in bagian:  # noqa: B007
        if nama is None:
            continue
        if nama not in PLACEHOLDER or spek or konversi:
            raise ValidationError(_("Isian {%(nama)s} tidak dikenal. Yang tersedia: %(daftar)s.")
                                  % {"nama": nama, "daftar": ", ".join(f"{{{p}}}" for p in PLACEHOLDER)},
                                  field="isi")


def isi_templat(t: TemplatTanggapan, a: Aspirasi) -> str:
    """The template's text filled for an aspiration (a template saved before the check, with
    unknown placeholders, comes back unfilled rather than failing)."""
    try:
        return _isi(t, a)
    except (KeyError, IndexError, ValueError, AttributeError):
        return t.isi


def _isi(t: TemplatTanggapan, a: Aspirasi) -> str:
    return t.isi.format(kode=a.kode, judul=a.judul, desa=a.desa.nama if a.desa_id else "",
                        instansi=a.instansi.nama if a.instansi_id else "",
                        tenggat=f"{a.tenggat:%d-%m-%Y}" if a.tenggat else "", tanggal=f"{timezone.localdate():%d-%m-%Y}")


@transaction.atomic
def templat_simpan(*, actor, templat: TemplatTanggapan | None = None, judul, isi, instansi=None) -> TemplatTanggapan:
    if templat is not None:
        templat = templat_get(actor, templat.pk, ubah=True)
    judul = teks_masukan(judul, field="judul", label=_("Judul"), maks=100, wajib=True)
    isi = (isi or "").strip()
    if len(isi) < 10:
        raise ValidationError(_("Isi templat terlalu pendek (minimal 10 karakter)."), field="isi")
    if len(isi) > 5000:
        raise ValidationError(_("Isi templat terlalu panjang (maksimal 5.000 karakter)."), field="isi")
    periksa_placeholder(isi)
    if instansi in (None, ""):
        if not _lingkup(actor).semua:
            raise ValidationError(_("Pilih instansi; templat untuk semua instansi hanya diatur Komdigi."),
                                  field="instansi")
        ins = None
    else:
        ins = instansi_list(actor).filter(pk=instansi.pk if isinstance(instansi, Instansi) else instansi).first()
        if ins is None:
            raise ValidationError(_("Instansi tidak ditemukan."), field="instansi")
    baru = templat is None
    obj = templat or TemplatTanggapan()
    sebelum = {} if baru else {"judul": obj.judul, "isi": obj.isi, "instansi": obj.instansi_id}
    obj.judul, obj.isi, obj.instansi = judul, isi, ins
    obj.save()
    _catat(actor, "templat", obj.pk, E.DIBUAT if baru else E.DIUBAH, ins.wilayah_id if ins else None,
           {"sebelum": sebelum, "sesudah": {"judul": judul, "isi": isi, "instansi": obj.instansi_id}})
    return obj


@transaction.atomic
def templat_hapus(*, actor, templat: TemplatTanggapan) -> None:
    obj = templat_get(actor, templat.pk, ubah=True)
    data = {"judul": obj.judul, "isi": obj.isi, "instansi": obj.instansi_id}
    kode = obj.instansi.wilayah_id if obj.instansi_id else None
    pk = obj.pk
    obj.delete()
    _catat(actor, "templat", pk, E.DIHAPUS, kode, {"sebelum": data})


# --- holidays -----------------------------------------------------------------------------------
def libur_list(user, tahun: int | None = None) -> QuerySet[HariLibur]:
    """National rows (read by everyone in an office) plus local rows of the user's subtree."""
    ling = _lingkup(user)
    qs = HariLibur.objects.select_related("wilayah")
    if tahun:
        qs = qs.filter(tanggal__year=tahun)
    if ling.semua:
        return qs
    if ling.kosong:
        return qs.none()
    return qs.filter(Q(wilayah__isnull=True) | ling.q(wilayah_field="wilayah__kode"))


def boleh_ubah_libur(user, h: HariLibur) -> bool:
    ling = _lingkup(user)
    return ling.semua if h.wilayah_id is None else ling.mencakup_wilayah(h.wilayah_id)


def libur_get(user, pk, *, ubah: bool = False) -> HariLibur:
    obj = libur_list(user).filter(pk=pk).first()
    if obj is None or (ubah and not boleh_ubah_libur(user, obj)):
        raise NotFound(_("Hari libur tidak ditemukan."))
    return obj


@transaction.atomic
def libur_simpan(*, actor, libur: HariLibur | None = None, tanggal, nama, jenis, wilayah=None,
                 perkiraan: bool = False) -> HariLibur:
    """Add or edit a holiday. Offices add local holidays and cuti bersama for their region;
    national rows (``wilayah`` empty) only Komdigi, who also confirms the "perkiraan" dates."""
    if libur is not None:
        libur = libur_get(actor, libur.pk, ubah=True)
    if not isinstance(tanggal, date):
        raise ValidationError(_("Tanggal tidak valid."), field="tanggal")
    nama = teks_masukan(nama, field="nama", label=_("Keterangan"), maks=150, wajib=True)
    if jenis not in JenisLibur.values:
        raise ValidationError(_("Jenis tidak dikenal."), field="jenis")
    komdigi = _lingkup(actor).semua
    if wilayah in (None, ""):
        if not komdigi:
            raise ValidationError(_("Isi kode wilayah Anda; libur nasional hanya diatur Komdigi."), field="wilayah")
        w = None
    else:
        w = _wilayah(wilayah, actor)
        if jenis == JenisLibur.NASIONAL:
            raise ValidationError(_("Libur nasional tidak berwilayah; pilih libur daerah atau cuti bersama."),
                                  field="jenis")
    baru = libur is None
    obj = libur or HariLibur()
    sebelum = {} if baru else {"tanggal": obj.tanggal.isoformat(), "nama": obj.nama, "jenis": obj.jenis,
                               "wilayah": obj.wilayah_id, "perkiraan": obj.perkiraan}
    obj.tanggal, obj.nama, obj.jenis, obj.wilayah = tanggal, nama, jenis, w
    obj.perkiraan = bool(perkiraan) if komdigi else (obj.perkiraan if w is None else False)
    _simpan_unik(obj, _("Tanggal ini sudah tercatat sebagai hari libur untuk wilayah tersebut."), "tanggal")
    _catat(actor, "libur", obj.pk, E.DIBUAT if baru else E.DIUBAH, obj.wilayah_id, {
        "sebelum": sebelum, "sesudah": {"tanggal": obj.tanggal.isoformat(), "nama": obj.nama, "jenis": obj.jenis,
                                       "wilayah": obj.wilayah_id, "perkiraan": obj.perkiraan}})
    return obj


@transaction.atomic
def libur_hapus(*, actor, libur: HariLibur) -> None:
    obj = libur_get(actor, libur.pk, ubah=True)
    data = {"tanggal": obj.tanggal.isoformat(), "nama": obj.nama, "jenis": obj.jenis, "wilayah": obj.wilayah_id}
    pk, kode = obj.pk, obj.wilayah_id
    obj.delete()
    _catat(actor, "libur", pk, E.DIHAPUS, kode, {"sebelum": data})

