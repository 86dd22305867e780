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


# The fields each kind of object records in its audit events (``x_id`` recorded as ``x``).
MEDAN_CATAT = {
    "instansi": ("nama", "singkatan", "wilayah_id", "induk_id", "email"),
    "aturan": ("kategori_id", "wilayah_id", "instansi_id", "prioritas"),
    "templat": ("judul", "isi", "instansi_id"),
    "libur": ("tanggal", "nama", "jenis", "wilayah_id", "perkiraan"),
}


def _potret(objek: str, obj) -> dict:
    """The audit snapshot of ``obj`` (dates as ISO text, for the JSON column)."""
    data = {}
    for medan in MEDAN_CATAT[objek]:
        nilai = getattr(obj, medan)
        data[medan.removesuffix("_id")] = nilai.isoformat() if isinstance(nilai, date) else nilai
    return data


def _simpan_dicatat(actor, objek: str, obj, *, ubah, kode: str | None, unik: str | None = None,
                    medan_unik: str = "") -> None:
    """Save ``obj`` after ``ubah(obj)`` sets its new values, and record created/changed with the
    before and after snapshots. ``unik``: the message when a unique constraint refuses the row."""
    baru = obj.pk is None
    sebelum = {} if baru else _potret(objek, obj)
    ubah(obj)
    if unik:
        _simpan_unik(obj, unik, medan_unik)
    else:
        obj.save()
    _catat(actor, objek, obj.pk, E.DIBUAT if baru else E.DIUBAH, kode,
           {"sebelum": sebelum, "sesudah": _potret(objek, obj)})


def _hapus_dicatat(actor, objek: str, obj, kode: str | None) -> None:
    """Delete ``obj`` and record it with its last snapshot."""
    data, pk = _potret(objek, obj), obj.pk
    obj.delete()
    _catat(actor, objek, pk, E.DIHAPUS, kode, {"sebelum": data})


def _nasional_dan_lingkup(qs: QuerySet, user, *, kosong: str, wilayah_field: str) -> QuerySet:
    """Rows shared nationally (``kosong`` is null) plus rows in the user's reach."""
    ling = _lingkup(user)
    if ling.semua:
        return qs
    if ling.kosong:
        return qs.none()
    return qs.filter(Q(**{f"{kosong}__isnull": True}) | ling.q(wilayah_field=wilayah_field))


def _boleh_ubah(user, kode: str | None) -> bool:
    """A national row (``kode`` None) is changed by Komdigi only; a regional one inside reach."""
    ling = _lingkup(user)
    return ling.semua if kode is None else ling.mencakup_wilayah(kode)


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
    obj = instansi or Instansi()

    def ubah(o):
        o.nama, o.singkatan, o.wilayah, o.induk, o.email = nama, singkatan, w, ind, email

    _simpan_dicatat(actor, "instansi", obj, ubah=ubah, kode=w.kode,
                    unik=_("Sudah ada instansi dengan nama ini di wilayah tersebut."), medan_unik="nama")
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
    obj = aturan or AturanRute()

    def ubah(o):
        o.kategori, o.wilayah, o.instansi, o.prioritas = kat, w, ins, prioritas

    _simpan_dicatat(actor, "aturan", obj, ubah=ubah, kode=w.kode,
                    unik=_("Sudah ada aturan untuk kategori dan wilayah ini; ubah aturan itu."), medan_unik="kategori")
    return obj


@transaction.atomic
def aturan_hapus(*, actor, aturan: AturanRute) -> None:
    obj = aturan_get(actor, aturan.pk)
    _hapus_dicatat(actor, "aturan", obj, obj.wilayah_id)


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
    return _nasional_dan_lingkup(TemplatTanggapan.objects.select_related("instansi"), user,
                                 kosong="instansi", wilayah_field="instansi__wilayah__kode")


def boleh_ubah_templat(user, t: TemplatTanggapan) -> bool:
    return _boleh_ubah(user, t.instansi.wilayah_id if t.instansi_id else None)


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
    obj = templat or TemplatTanggapan()

    def ubah(o):
        o.judul, o.isi, o.instansi = judul, isi, ins

    _simpan_dicatat(actor, "templat", obj, ubah=ubah, kode=ins.wilayah_id if ins else None)
    return obj


@transaction.atomic
def templat_hapus(*, actor, templat: TemplatTanggapan) -> None:
    obj = templat_get(actor, templat.pk, ubah=True)
    _hapus_dicatat(actor, "templat", obj, obj.instansi.wilayah_id if obj.instansi_id else None)


# --- holidays -----------------------------------------------------------------------------------
def libur_list(user, tahun: int | None = None) -> QuerySet[HariLibur]:
    """National rows (read by everyone in an office) plus local rows of the user's subtree."""
    qs = HariLibur.objects.select_related("wilayah")
    if tahun:
        qs = qs.filter(tanggal__year=tahun)
    return _nasional_dan_lingkup(qs, user, kosong="wilayah", wilayah_field="wilayah__kode")


def boleh_ubah_libur(user, h: HariLibur) -> bool:
    return _boleh_ubah(user, h.wilayah_id)


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
    obj = libur or HariLibur()

    def ubah(o):
        o.tanggal, o.nama, o.jenis, o.wilayah = tanggal, nama, jenis, w
        o.perkiraan = bool(perkiraan) if komdigi else (o.perkiraan if w is None else False)

    _simpan_dicatat(actor, "libur", obj, ubah=ubah, kode=w.kode if w else None,
                    unik=_("Tanggal ini sudah tercatat sebagai hari libur untuk wilayah tersebut."), medan_unik="tanggal")
    return obj


@transaction.atomic
def libur_hapus(*, actor, libur: HariLibur) -> None:
    obj = libur_get(actor, libur.pk, ubah=True)
    _hapus_dicatat(actor, "libur", obj, obj.wilayah_id)

