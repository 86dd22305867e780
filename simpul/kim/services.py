"""Every write to the KIM registry: formation, members, officers, documents, verification.

All functions are keyword-only, take the acting user as ``actor``, run in one transaction, write
a :class:`~simpul.kim.models.KimEvent` for every official act, check scope with
:func:`simpul.core.scope.boleh` (``Aksi.KIM_KELOLA`` to edit, ``Aksi.KIM_VERIFIKASI`` to verify)
and raise :mod:`simpul.core.errors` with a clear Indonesian message (``field`` names the input).
Outside the actor's reach: ``NotFound``; visible but not allowed: ``Forbidden``; wrong status:
``Conflict``; bad input: ``ValidationError``.

Formation (a KIM officer, or a desa operator / Diskominfo kab/kota on the KIM's behalf)::

    kim_create_draft(*, actor, nama: str, desa: Wilayah | str, alamat="", telepon="", email="",
                     tanggal_berdiri: date | None = None, deskripsi="", situs_kimid="",
                     media_sosial: dict[str, str] | None = None, sumber_dana: Iterable[str] = (),
                     kelompok_umur_pembuat="", jenis_kelamin_pembuat="") -> Kim
        Any signed-in user, any desa. A citizen creator becomes a member and the ketua (their
        age bracket ``kelompok_umur_pembuat`` is required and must be 18+); an office acting on
        the desa (``KIM_KELOLA`` on its region) does not become a member. A citizen may have at
        most ``MAKS_DRAF_WARGA`` unsubmitted KIMs. Duplicate name in the desa: ValidationError.
    kim_update_profil(*, actor, kim, nama=TETAP, desa=TETAP, alamat=TETAP, telepon=TETAP,
                      email=TETAP, tanggal_berdiri=TETAP, deskripsi=TETAP, situs_kimid=TETAP,
                      media_sosial=TETAP, sumber_dana=TETAP) -> Kim
        Only the arguments passed change. Name and desa only while draf / perlu_revisi; an office
        cannot move a KIM out of its own region. ``mandiri`` is recomputed from ``sumber_dana``.
    kim_set_langkah(*, actor, kim, langkah: int) -> Kim        # wizard progress (never goes back)
    anggota_add(*, actor, kim, nama: str, telepon="", jenis_kelamin="", kelompok_umur="",
                tanggal_gabung: date | None = None) -> Anggota
    anggota_update(*, actor, anggota, nama: str, telepon="", jenis_kelamin="",
                   kelompok_umur="") -> Anggota
    anggota_deactivate(*, actor, anggota, alasan="", tanggal_keluar: date | None = None) -> Anggota
    pengurus_inti_set(*, actor, kim, ketua: Anggota, sekretaris: Anggota, bendahara: Anggota,
                      mulai: date | None = None, selesai: date | None = None) -> list[Pengurus]
    pengurus_set(*, actor, kim, anggota, jabatan: str, nama_seksi="", mulai: date | None = None,
                 selesai: date | None = None) -> Pengurus
    pengurus_end(*, actor, pengurus, alasan="") -> Pengurus
    sk_upload(*, actor, kim, nomor: str, tanggal: date, penerbit_jenis: str, penerbit_nama="",
              berlaku_sampai: date, berkas: File) -> SuratKeputusan
    dokumen_upload(*, actor, kim, jenis: str, berkas: File, judul="") -> DokumenKim
    kim_submit(*, actor, kim) -> Kim       # ValidationError(extra={"kekurangan": [...]}) if incomplete

Verification (Diskominfo kabupaten/kota, ``Aksi.KIM_VERIFIKASI``)::

    kim_request_revision(*, actor, kim, catatan: str) -> Kim
    kim_approve(*, actor, kim, checklist: Iterable[str]) -> Kim   # every key of CHECKLIST_VERIFIKASI
    kim_reject(*, actor, kim, alasan: str) -> Kim
    kim_freeze(*, actor, kim, alasan: str) -> Kim
    kim_unfreeze(*, actor, kim, alasan: str) -> Kim

Status: draf -> diajukan -> aktif / perlu_revisi (-> diajukan again) / ditolak; aktif <-> dibekukan.
Content (profile, members, officers, SK, documents) can change in draf, perlu_revisi, aktif and
dibekukan; not while diajukan (under review) nor once ditolak.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import File
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.akun.selectors import pengguna_aktif_dengan_telepon, pengguna_dengan_peran_di
from simpul.core import scope
from simpul.core.errors import Conflict, Forbidden, NotFound, ValidationError
from simpul.core.peran import JABATAN_INTI, Aksi, Jabatan, Peran
from simpul.core.teks import normalisasi, teks_masukan
from simpul.core.telepon import normalize_telepon
from simpul.notifikasi.services import notifikasi_kirim
from simpul.wilayah.models import Tingkat, Wilayah
from simpul.wilayah.selectors import kode_normal

from . import selectors, signals
from .models import (
    MEDIA_SOSIAL,
    STATUS_DAPAT_DIUBAH,
    Anggota,
    DokumenKim,
    JenisDokumen,
    JenisKelamin,
    KelompokUmur,
    Kim,
    KimEvent,
    PenerbitSK,
    Pengurus,
    StatusKim,
    SumberDana,
    SuratKeputusan,
)
from .validators import periksa_berkas


class _Tetap:
    """Marker for "leave this field as it is" in :func:`kim_update_profil`."""

    def __repr__(self) -> str:
        return "TETAP"


TETAP: Any = _Tetap()

# Slugs that would collide with URLs under /kim/ (or look like them).
SLUG_DICADANGKAN = frozenset({
    "kelola", "baru", "verifikasi", "langkah", "berkas", "anggota", "pengurus", "api", "cari",
    "peta", "semua", "daftar", "admin", "media", "static", "privat", "profil", "direktori",
})

# The reviewer's checklist: every item must be ticked to approve.
CHECKLIST_VERIFIKASI: tuple[tuple[str, Any], ...] = (
    ("identitas", gettext_lazy("Identitas KIM lengkap dan benar (nama, desa, alamat, kontak, tanggal berdiri)")),
    ("anggota", gettext_lazy("Anggota aktif minimal 3 orang")),
    ("pengurus", gettext_lazy("Ketua, sekretaris dan bendahara lengkap, berusia 18 tahun ke atas")),
    ("sk", gettext_lazy("SK sah, masih berlaku dan berkasnya terbaca")),
    ("dokumen", gettext_lazy("Notulen dan daftar hadir rapat pembentukan ada")),
    ("tidak_ganda", gettext_lazy("Tidak ada KIM ganda di desa/kelurahan ini")),
)

WIZARD_LANGKAH_TERAKHIR = 6
# A citizen (not an office acting for the desa) may have this many unsubmitted KIMs at once.
MAKS_DRAF_WARGA = 5
STATUS_KONTEN = (StatusKim.DRAF, StatusKim.PERLU_REVISI, StatusKim.AKTIF, StatusKim.DIBEKUKAN)
UMUR_DEWASA = frozenset(k for k in KelompokUmur.values if k != KelompokUmur.U13_17)


# --- helpers ------------------------------------------------------------------------------------
def _periksa(actor, kim: Kim, aksi: str) -> None:
    """Raise unless ``actor`` may do ``aksi`` on ``kim``: NotFound when the KIM is outside their
    reach altogether, Forbidden when they can see it but not do this."""
    if scope.boleh(actor, aksi, wilayah_kode=kim.desa_id, kim_id=kim.pk):
        return
    if scope.boleh(actor, Aksi.KIM_INTERNAL, wilayah_kode=kim.desa_id, kim_id=kim.pk) or scope.boleh(
        actor, Aksi.LIHAT, wilayah_kode=kim.desa_id
    ):
        if aksi == Aksi.KIM_VERIFIKASI:
            raise Forbidden(_("Hanya Diskominfo kabupaten/kota wilayah ini yang dapat memverifikasi KIM."))
        raise Forbidden(_("Hanya pengurus inti KIM ini atau operator desanya yang dapat mengubah datanya."))
    raise NotFound(_("KIM tidak ditemukan."))


def _kunci(kim: Kim) -> Kim:
    """Re-read the KIM under a row lock (status changes must not race)."""
    return Kim.objects.select_for_update().get(pk=kim.pk)


def _wajib_status(kim: Kim, boleh: Iterable[str], pesan: str) -> None:
    if kim.status not in tuple(boleh):
        raise Conflict(pesan % {"status": kim.get_status_display()})


def _wajib_konten(kim: Kim) -> None:
    if kim.status == StatusKim.DIAJUKAN:
        raise Conflict(_("KIM sedang diverifikasi oleh Diskominfo; datanya dapat diubah lagi setelah hasil "
                         "verifikasi keluar."))
    if kim.status == StatusKim.DITOLAK:
        raise Conflict(_("Pengajuan KIM ini sudah ditolak; datanya tidak dapat diubah lagi."))


def _event(kim: Kim, actor, jenis: str, *, dari: str = "", ke: str = "", alasan: str = "",
           data: dict | None = None) -> KimEvent:
    return KimEvent.objects.create(
        kim=kim, aktor=actor if getattr(actor, "is_authenticated", False) else None, jenis=jenis,
        dari_status=dari, ke_status=ke, alasan=alasan, data=data or {},
    )


def _sentuh(kim: Kim) -> None:
    """Mark the KIM as changed (internal lists sort by last change)."""
    Kim.objects.filter(pk=kim.pk).update(diubah=timezone.now())


def _alasan(nilai: str | None, *, field: str, label: str) -> str:
    teks = (nilai or "").strip()
    if len(teks) < 5:
        raise ValidationError(label, field=field)
    if len(teks) > 2000:
        raise ValidationError(_("Terlalu panjang (maksimal 2.000 karakter)."), field=field)
    return teks


def _telepon(nilai: str | None, *, field: str = "telepon") -> str:
    if not (nilai or "").strip():
        return ""
    try:
        return normalize_telepon(nilai)
    except ValidationError as exc:
        raise ValidationError(exc.message, field=field) from None


def _email(nilai: str | None) -> str:
    email = (nilai or "").strip().lower()
    if not email:
        return ""
    try:
        validate_email(email)
    except DjangoValidationError:
        raise ValidationError(_("Alamat email tidak valid."), field="email") from None
    return email


def _desa(desa: Wilayah | str) -> Wilayah:
    kode = desa.kode if isinstance(desa, Wilayah) else (desa or "").strip()
    if not kode:
        raise ValidationError(_("Pilih desa/kelurahan tempat KIM berada."), field="desa")
    kode = kode_normal(kode) or kode  # "7602022003" -> "76.02.02.2003"
    wilayah = Wilayah.objects.filter(kode=kode).first()
    if wilayah is None:
        raise ValidationError(
            _("Kode wilayah “%(kode)s” tidak dikenal. Pilih desa/kelurahan dari daftar "
              "(contoh kode: 76.02.02.2003).") % {"kode": kode[:20]}, field="desa",
        )
    if wilayah.tingkat != Tingkat.DESA:
        raise ValidationError(
            _("%(nama)s bukan desa/kelurahan. KIM dibentuk di tingkat desa/kelurahan: pilih salah satu "
              "desa/kelurahannya.") % {"nama": wilayah.nama_lengkap}, field="desa",
        )
    if not wilayah.aktif:
        raise ValidationError(
            _("%(nama)s (%(kode)s) sudah tidak berlaku menurut keputusan Mendagri terbaru. Pilih "
              "desa/kelurahan yang berlaku.") % {"nama": wilayah.nama_lengkap, "kode": wilayah.kode},
            field="desa",
        )
    return wilayah


def _nama_kim(nama: str | None) -> tuple[str, str]:
    bersih = teks_masukan(nama, field="nama", label=_("Nama KIM"), wajib=True, maks=120, min_=3)
    return bersih, normalisasi(bersih)


def _cek_nama_unik(*, desa: Wilayah, nama: str, nama_normal: str, kecuali: int | None = None) -> None:
    lain = Kim.objects.filter(desa=desa, nama_normal=nama_normal).exclude(status=StatusKim.DITOLAK)
    if kecuali is not None:
        lain = lain.exclude(pk=kecuali)
    ada = lain.only("status").first()
    if ada is not None:
        raise ValidationError(_galat_nama_ganda(nama, desa, ada.get_status_display()), field="nama")


def _galat_nama_ganda(nama: str, desa: Wilayah, status: str | None = None) -> str:
    pesan = _("Sudah ada KIM bernama “%(nama)s” di %(desa)s") % {"nama": nama, "desa": desa.nama_lengkap}
    if status:
        pesan += _(" (status: %(status)s)") % {"status": str(status).lower()}
    return pesan + _(". Pakai nama lain, atau hubungi pengurus KIM tersebut untuk bergabung.")


def _slug_baru(nama: str, desa: Wilayah, *, kecuali: int | None = None) -> str:
    """``<name>-<desa>`` (the desa left out when the name already contains it), made unique with
    ``-2``, ``-3``... and never one of :data:`SLUG_DICADANGKAN`. One query."""
    dasar = slugify(nama)[:100].strip("-") or "kim"
    desa_slug = slugify(desa.nama)[:30].strip("-")
    if desa_slug and desa_slug not in dasar:
        dasar = f"{dasar}-{desa_slug}"
    terpakai = set(Kim.objects.filter(slug__startswith=dasar).exclude(pk=kecuali).values_list("slug", flat=True))
    terpakai |= SLUG_DICADANGKAN
    kandidat, i = dasar, 2
    while kandidat in terpakai:
        kandidat, i = f"{dasar}-{i}", i + 1
    return kandidat


def _sumber_dana(nilai: Iterable[str]) -> list[str]:
    dipilih = set(nilai or ())
    asing = dipilih - set(SumberDana.values)
    if asing:
        raise ValidationError(_("Sumber dana tidak dikenal: %(x)s.") % {"x": ", ".join(sorted(asing))},
                              field="sumber_dana")
    return [v for v in SumberDana.values if v in dipilih]


def _media(nilai: dict[str, str] | None) -> dict[str, str]:
    hasil = {}
    for nama, url in (nilai or {}).items():
        if nama not in MEDIA_SOSIAL:
            raise ValidationError(_("Jenis media tidak dikenal: %(x)s.") % {"x": nama}, field="media_sosial")
        url = (url or "").strip()
        if not url:
            continue
        if not selectors.url_aman(url):
            raise ValidationError(
                _("Alamat %(nama)s tidak valid: tulis alamat lengkap yang diawali https://.")
                % {"nama": nama}, field=f"media_{nama}",
            )
        hasil[nama] = url
    return hasil


def _situs(nilai: str | None) -> str:
    url = (nilai or "").strip()
    if url and not selectors.url_aman(url):
        raise ValidationError(_("Alamat situs tidak valid: tulis alamat lengkap yang diawali https://."),
                              field="situs_kimid")
    return url


def _tanggal_berdiri(nilai: date | None) -> date | None:
    if nilai and nilai > timezone.localdate():
        raise ValidationError(_("Tanggal berdiri tidak boleh di masa depan."), field="tanggal_berdiri")
    return nilai


def _pilihan(nilai: str | None, pilihan, *, field: str, label: str) -> str:
    nilai = nilai or ""
    if nilai and nilai not in pilihan.values:
        raise ValidationError(_("%(label)s tidak dikenal.") % {"label": label}, field=field)
    return nilai


def _wajib_dewasa(anggota: Anggota, *, field: str = "anggota") -> None:
    if anggota.kelompok_umur == KelompokUmur.U13_17:
        raise ValidationError(
            _("%(nama)s berusia di bawah 18 tahun; pengurus KIM harus berusia 18 tahun ke atas.")
            % {"nama": anggota.nama}, field=field,
        )
    if not anggota.kelompok_umur:
        raise ValidationError(
            _("Kelompok umur %(nama)s belum diisi; pengurus KIM harus berusia 18 tahun ke atas. Isi "
              "kelompok umurnya di daftar anggota dulu.") % {"nama": anggota.nama}, field=field,
        )


def _jaga_akses(actor, kim: Kim) -> None:
    """Refuse a change that would lock the actor out of the KIM they are managing (a citizen who
    hands every core position to others). Raises, so the whole change rolls back."""
    scope.forget(actor)
    if not scope.boleh(actor, Aksi.KIM_KELOLA, wilayah_kode=kim.desa_id, kim_id=kim.pk):
        scope.forget(actor)
        raise ValidationError(
            _("Setelah perubahan ini Anda tidak lagi memegang jabatan inti, sehingga tidak dapat "
              "mengelola KIM ini lagi. Jadikan diri Anda salah satu pengurus inti (ketua, sekretaris "
              "atau bendahara), atau minta operator desa melakukan perubahan ini."),
            field="ketua",
        )


def _penerima_pengurus(kim: Kim) -> list:
    users = list(selectors.pengguna_pengurus_aktif([kim.pk]).get(kim.pk, []))
    if kim.dibuat_oleh_id and all(u.pk != kim.dibuat_oleh_id for u in users):
        pembuat = kim.dibuat_oleh
        if pembuat is not None:
            users.append(pembuat)
    return users


def _kabar(users, *, kim: Kim, event: KimEvent, judul: str, isi: str, url: str) -> None:
    notifikasi_kirim(users=users, kunci=f"kim:{kim.pk}:event:{event.pk}", judul=judul, isi=isi, url=url)


def _simpan_berkas(obj, berkas: File, *, nama: str, field: str) -> None:
    jenis = periksa_berkas(berkas, field=field)
    obj.berkas_jenis = jenis.mime
    obj.berkas_ukuran = berkas.size
    obj.berkas.save(f"{nama}.{jenis.ekstensi}", File(berkas), save=False)


# --- formation: the KIM itself ------------------------------------------------------------------
@transaction.atomic
def kim_create_draft(
    *,
    actor,
    nama: str,
    desa: Wilayah | str,
    alamat: str = "",
    telepon: str = "",
    email: str = "",
    tanggal_berdiri: date | None = None,
    deskripsi: str = "",
    situs_kimid: str = "",
    media_sosial: dict[str, str] | None = None,
    sumber_dana: Iterable[str] = (),
    kelompok_umur_pembuat: str = "",
    jenis_kelamin_pembuat: str = "",
) -> Kim:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise Forbidden(_("Masuk dulu untuk membentuk KIM."))
    wilayah = _desa(desa)
    nama, nama_normal = _nama_kim(nama)
    kantor = scope.boleh(actor, Aksi.KIM_KELOLA, wilayah_kode=wilayah.kode)
    if not kantor:
        terbuka = Kim.objects.filter(dibuat_oleh=actor, status__in=STATUS_DAPAT_DIUBAH).count()
        if terbuka >= MAKS_DRAF_WARGA:
            raise ValidationError(_("Anda sudah memulai %(n)d KIM yang belum diajukan. Selesaikan dan ajukan "
                                    "salah satunya dulu.") % {"n": terbuka})
        umur = _pilihan(kelompok_umur_pembuat, KelompokUmur, field="kelompok_umur", label=_("Kelompok umur"))
        if not umur:
            raise ValidationError(_("Isi kelompok umur Anda: pembentuk KIM menjadi ketuanya dan harus "
                                    "berusia 18 tahun ke atas."), field="kelompok_umur")
        if umur not in UMUR_DEWASA:
            raise ValidationError(_("Ketua KIM harus berusia 18 tahun ke atas. Minta anggota dewasa atau "
                                    "operator desa Anda membentuk KIM, lalu bergabung sebagai anggota."),
                                  field="kelompok_umur")
        jk = _pilihan(jenis_kelamin_pembuat, JenisKelamin, field="jenis_kelamin", label=_("Jenis kelamin"))
    kim = Kim(
        nama=nama, nama_normal=nama_normal, desa=wilayah,
        alamat=teks_masukan(alamat, field="alamat", label=_("Alamat"), maks=255),
        telepon=_telepon(telepon), email=_email(email),
        tanggal_berdiri=_tanggal_berdiri(tanggal_berdiri),
        deskripsi=(deskripsi or "").strip()[:4000],
        situs_kimid=_situs(situs_kimid), media_sosial=_media(media_sosial),
        sumber_dana=_sumber_dana(sumber_dana), status=StatusKim.DRAF, langkah_wizard=1,
        dibuat_oleh=actor,
    )
    kim.mandiri = selectors.kim_mandiri_dari(kim.sumber_dana)
    _cek_nama_unik(desa=wilayah, nama=nama, nama_normal=nama_normal)
    for _coba in range(3):
        kim.slug = _slug_baru(nama, wilayah)
        try:
            with transaction.atomic():
                kim.save()
            break
        except IntegrityError:
            # A concurrent insert: the same name in the same desa (the DB constraint), or the slug.
            if Kim.objects.filter(desa=wilayah, nama_normal=nama_normal).exclude(status=StatusKim.DITOLAK).exists():
                raise ValidationError(_galat_nama_ganda(nama, wilayah), field="nama") from None
    else:  # pragma: no cover - three slug races in a row
        raise Conflict(_("KIM tidak dapat disimpan karena bentrok dengan pengajuan lain. Coba lagi."))

    data: dict[str, Any] = {"nama": nama, "desa": wilayah.kode, "sebagai_kantor": kantor}
    if not kantor:
        anggota = Anggota.objects.create(
            kim=kim, user=actor, nama=actor.nama or str(actor), telepon=actor.telepon or "",
            kelompok_umur=umur, jenis_kelamin=jk,
        )
        Pengurus.objects.create(kim=kim, anggota=anggota, jabatan=Jabatan.KETUA)
        data["ketua"] = anggota.nama
        scope.forget(actor)
    _event(kim, actor, KimEvent.Jenis.DIBUAT, ke=StatusKim.DRAF, data=data)
    return kim


def _nilai_event(nilai):
    if isinstance(nilai, date):
        return nilai.isoformat()
    if isinstance(nilai, Wilayah):
        return nilai.kode
    return nilai


@transaction.atomic
def kim_update_profil(
    *,
    actor,
    kim: Kim,
    nama: str = TETAP,
    desa: Wilayah | str = TETAP,
    alamat: str = TETAP,
    telepon: str = TETAP,
    email: str = TETAP,
    tanggal_berdiri: date | None = TETAP,
    deskripsi: str = TETAP,
    situs_kimid: str = TETAP,
    media_sosial: dict[str, str] = TETAP,
    sumber_dana: Iterable[str] = TETAP,
) -> Kim:
    _periksa(actor, kim, Aksi.KIM_KELOLA)
    kim = _kunci(kim)
    _wajib_konten(kim)
    baru: dict[str, Any] = {}
    if nama is not TETAP:
        baru["nama"], nama_normal = _nama_kim(nama)
    if desa is not TETAP:
        baru["desa"] = _desa(desa)
    if alamat is not TETAP:
        baru["alamat"] = teks_masukan(alamat, field="alamat", label=_("Alamat"), maks=255)
    if telepon is not TETAP:
        baru["telepon"] = _telepon(telepon)
    if email is not TETAP:
        baru["email"] = _email(email)
    if tanggal_berdiri is not TETAP:
        baru["tanggal_berdiri"] = _tanggal_berdiri(tanggal_berdiri)
    if deskripsi is not TETAP:
        baru["deskripsi"] = (deskripsi or "").strip()[:4000]
    if situs_kimid is not TETAP:
        baru["situs_kimid"] = _situs(situs_kimid)
    if media_sosial is not TETAP:
        baru["media_sosial"] = _media(media_sosial)
    if sumber_dana is not TETAP:
        baru["sumber_dana"] = _sumber_dana(sumber_dana)

    berubah = {k: v for k, v in baru.items() if getattr(kim, k) != v}
    if not berubah:
        return kim
    if ("nama" in berubah or "desa" in berubah) and not kim.dapat_diubah:
        raise Conflict(_("Nama dan desa KIM hanya dapat diubah sebelum KIM disetujui. Hubungi Diskominfo "
                         "kabupaten/kota Anda bila keduanya perlu diubah."))
    sebelum = {k: _nilai_event(getattr(kim, k)) for k in berubah}
    for k, v in berubah.items():
        setattr(kim, k, v)
    if "nama" in berubah:
        kim.nama_normal = nama_normal
    if "nama" in berubah or "desa" in berubah:
        _cek_nama_unik(desa=kim.desa, nama=kim.nama, nama_normal=kim.nama_normal, kecuali=kim.pk)
        kim.slug = _slug_baru(kim.nama, kim.desa, kecuali=kim.pk)
    kim.mandiri = selectors.kim_mandiri_dari(kim.sumber_dana)
    try:
        with transaction.atomic():
            kim.save()
    except IntegrityError:
        raise ValidationError(_galat_nama_ganda(kim.nama, kim.desa), field="nama") from None
    if "desa" in berubah and not scope.boleh(actor, Aksi.KIM_KELOLA, wilayah_kode=kim.desa_id, kim_id=kim.pk):
        raise ValidationError(_("Desa ini di luar wilayah kerja Anda; setelah dipindah Anda tidak dapat "
                                "mengelola KIM ini lagi. Minta pengurus KIM atau operator desa tujuan "
                                "memindahkannya."), field="desa")
    # Contact values stay out of the history's data (minimal personal data); the change is noted.
    rahasia = {"telepon", "email"}
    _event(kim, actor, KimEvent.Jenis.DIUBAH, data={
        "sebelum": {k: ("…" if k in rahasia else v) for k, v in sebelum.items()},
        "sesudah": {k: ("…" if k in rahasia else _nilai_event(v)) for k, v in berubah.items()},
    })
    return kim


@transaction.atomic
def kim_set_langkah(*, actor, kim: Kim, langkah: int) -> Kim:
    """Record wizard progress: the furthest step reached (1-6). Never moves back."""
    _periksa(actor, kim, Aksi.KIM_KELOLA)
    langkah = max(1, min(int(langkah), WIZARD_LANGKAH_TERAKHIR))
    if langkah > kim.langkah_wizard:
        Kim.objects.filter(pk=kim.pk, langkah_wizard__lt=langkah).update(langkah_wizard=langkah)
        kim.langkah_wizard = langkah
    return kim


# --- members ------------------------------------------------------------------------------------
def _data_anggota(*, nama, telepon, jenis_kelamin, kelompok_umur) -> dict[str, str]:
    return {
        "nama": teks_masukan(nama, field="nama", label=_("Nama anggota"), wajib=True, maks=150, min_=2),
        "telepon": _telepon(telepon),
        "jenis_kelamin": _pilihan(jenis_kelamin, JenisKelamin, field="jenis_kelamin", label=_("Jenis kelamin")),
        "kelompok_umur": _pilihan(kelompok_umur, KelompokUmur, field="kelompok_umur", label=_("Kelompok umur")),
    }


def _cek_telepon_anggota(kim: Kim, telepon: str, *, kecuali: int | None = None) -> None:
    if not telepon:
        return
    lain = Anggota.objects.filter(kim=kim, aktif=True, telepon=telepon)
    if kecuali is not None:
        lain = lain.exclude(pk=kecuali)
    ada = lain.only("nama").first()
    if ada is not None:
        raise ValidationError(_("Nomor ini sudah dipakai anggota lain di KIM ini: %(nama)s.") % {"nama": ada.nama},
                              field="telepon")


@transaction.atomic
def anggota_add(
    *,
    actor,
    kim: Kim,
    nama: str,
    telepon: str = "",
    jenis_kelamin: str = "",
    kelompok_umur: str = "",
    tanggal_gabung: date | None = None,
) -> Anggota:
    """Add a member (residents of other desa welcome). A member whose phone number belongs to a
    Simpul account is linked to it, so they see their KIM when they sign in."""
    _periksa(actor, kim, Aksi.KIM_KELOLA)
    _wajib_konten(kim)
    data = _data_anggota(nama=nama, telepon=telepon, jenis_kelamin=jenis_kelamin, kelompok_umur=kelompok_umur)
    _cek_telepon_anggota(kim, data["telepon"])
    user = pengguna_aktif_dengan_telepon(data["telepon"])
    anggota = None
    if user is not None:
        lama = Anggota.objects.filter(kim=kim, user=user).first()
        if lama is not None and lama.aktif:
            raise ValidationError(_("%(nama)s sudah menjadi anggota KIM ini.") % {"nama": lama.nama}, field="telepon")
        if lama is not None:  # a former member rejoins: the same row, active again
            anggota = lama
            for k, v in data.items():
                setattr(anggota, k, v)
            anggota.aktif, anggota.tanggal_keluar = True, None
            anggota.tanggal_gabung = tanggal_gabung or timezone.localdate()
            anggota.save()
    if anggota is None:
        anggota = Anggota.objects.create(kim=kim, user=user, tanggal_gabung=tanggal_gabung or timezone.localdate(),
                                         **data)
    _event(kim, actor, KimEvent.Jenis.ANGGOTA, data={"aksi": "tambah", "anggota_id": anggota.pk,
                                                    "nama": anggota.nama})
    _sentuh(kim)
    return anggota


@transaction.atomic
@transaction.atomic
def anggota_tautkan_akun(*, actor, anggota: Anggota, user) -> Anggota:
    """Link a member to an existing account (so they can sign in and act for the KIM).
    Idempotent; a member already linked to another account, or an account already linked to
    another member of the same KIM, is refused."""
    kim = anggota.kim
    _periksa(actor, kim, Aksi.KIM_KELOLA)
    if anggota.user_id == user.pk:
        return anggota
    if anggota.user_id:
        raise Conflict(_("%(nama)s sudah terhubung dengan akun lain.") % {"nama": anggota.nama})
    if Anggota.objects.filter(kim=kim, user=user).exists():
        raise ValidationError(_("Akun ini sudah terhubung dengan anggota lain di KIM ini."), field="user")
    Anggota.objects.filter(pk=anggota.pk).update(user=user, diubah=timezone.now())
    anggota.user = user
    _event(kim, actor, KimEvent.Jenis.ANGGOTA, data={"anggota": anggota.pk, "akun_ditautkan": user.pk})
    return anggota


def anggota_update(
    *, actor, anggota: Anggota, nama: str, telepon: str = "", jenis_kelamin: str = "", kelompok_umur: str = "",
) -> Anggota:
    kim = anggota.kim
    _periksa(actor, kim, Aksi.KIM_KELOLA)
    _wajib_konten(kim)
    anggota = Anggota.objects.select_for_update().get(pk=anggota.pk)
    data = _data_anggota(nama=nama, telepon=telepon, jenis_kelamin=jenis_kelamin, kelompok_umur=kelompok_umur)
    _cek_telepon_anggota(kim, data["telepon"], kecuali=anggota.pk)
    if data["kelompok_umur"] not in UMUR_DEWASA and anggota.jabatan.filter(
        diberhentikan__isnull=True, jabatan__in=[*JABATAN_INTI, Jabatan.SEKSI],
    ).exists():
        raise ValidationError(_("%(nama)s memegang jabatan pengurus, yang harus berusia 18 tahun ke atas.")
                              % {"nama": data["nama"]}, field="kelompok_umur")
    berubah = {k: v for k, v in data.items() if getattr(anggota, k) != v}
    if not berubah:
        return anggota
    sebelum = {k: ("…" if k == "telepon" else getattr(anggota, k)) for k in berubah}
    for k, v in berubah.items():
        setattr(anggota, k, v)
    anggota.save()
    _event(kim, actor, KimEvent.Jenis.ANGGOTA, data={
        "aksi": "ubah", "anggota_id": anggota.pk, "nama": anggota.nama, "sebelum": sebelum,
        "sesudah": {k: ("…" if k == "telepon" else v) for k, v in berubah.items()},
    })
    _sentuh(kim)
    return anggota


@transaction.atomic
def anggota_deactivate(*, actor, anggota: Anggota, alasan: str = "", tanggal_keluar: date | None = None) -> Anggota:
    """The member leaves: inactive, and any position they held ends today."""
    kim = anggota.kim
    _periksa(actor, kim, Aksi.KIM_KELOLA)
    _wajib_konten(kim)
    anggota = Anggota.objects.select_for_update().get(pk=anggota.pk)
    if not anggota.aktif:
        raise Conflict(_("%(nama)s sudah tidak aktif.") % {"nama": anggota.nama})
    hari_ini = timezone.localdate()
    anggota.aktif, anggota.tanggal_keluar = False, tanggal_keluar or hari_ini
    anggota.save(update_fields=["aktif", "tanggal_keluar", "diubah"])
    jabatan = list(Pengurus.objects.filter(anggota=anggota, diberhentikan__isnull=True).values_list("jabatan", flat=True))
    Pengurus.objects.filter(anggota=anggota, diberhentikan__isnull=True).update(diberhentikan=hari_ini,
                                                                                 diubah=timezone.now())
    _jaga_akses(actor, kim)
    _event(kim, actor, KimEvent.Jenis.ANGGOTA, alasan=(alasan or "").strip()[:2000], data={
        "aksi": "nonaktif", "anggota_id": anggota.pk, "nama": anggota.nama, "jabatan_berakhir": jabatan,
    })
    _sentuh(kim)
    return anggota


# --- officers -----------------------------------------------------------------------------------
def _masa(mulai: date | None, selesai: date | None) -> tuple[date, date | None]:
    mulai = mulai or timezone.localdate()
    if selesai is not None and selesai <= mulai:
        raise ValidationError(_("Akhir masa jabatan harus setelah tanggal mulai (%(tanggal)s).")
                              % {"tanggal": formats.date_format(mulai)}, field="selesai")
    return mulai, selesai


def _anggota_kim(kim: Kim, anggota: Anggota, *, field: str) -> Anggota:
    if anggota is None or anggota.kim_id != kim.pk or not anggota.aktif:
        raise ValidationError(_("Pilih anggota aktif KIM ini."), field=field)
    return anggota


@transaction.atomic
def pengurus_inti_set(
    *, actor, kim: Kim, ketua: Anggota, sekretaris: Anggota, bendahara: Anggota,
    mulai: date | None = None, selesai: date | None = None,
) -> list[Pengurus]:
    """Set the three core positions at once (swaps allowed). A holder who is replaced has their
    position ended today; one who keeps it has the term updated."""
    _periksa(actor, kim, Aksi.KIM_KELOLA)
    kim = _kunci(kim)
    _wajib_konten(kim)
    baru = {Jabatan.KETUA: ketua, Jabatan.SEKRETARIS: sekretaris, Jabatan.BENDAHARA: bendahara}
    for jabatan, anggota in baru.items():
        _anggota_kim(kim, anggota, field=jabatan)
    if len({a.pk for a in baru.values()}) < 3:
        raise ValidationError(_("Ketua, sekretaris dan bendahara harus tiga orang yang berbeda."), field="sekretaris")
    for jabatan, anggota in baru.items():
        _wajib_dewasa(anggota, field=jabatan)
    mulai, selesai = _masa(mulai, selesai)
    hari_ini = timezone.localdate()
    lama = {p.jabatan: p for p in Pengurus.objects.filter(kim=kim, jabatan__in=JABATAN_INTI,
                                                         diberhentikan__isnull=True).select_related("anggota")}
    if all(j in lama and lama[j].anggota_id == a.pk and lama[j].mulai == mulai and lama[j].selesai == selesai
           for j, a in baru.items()):
        return [lama[j] for j in baru]  # nothing changes: no event
    sebelum = {j: p.anggota.nama for j, p in lama.items()}
    for jabatan, p in lama.items():
        if p.anggota_id != baru[jabatan].pk:
            p.diberhentikan = hari_ini
            p.save(update_fields=["diberhentikan", "diubah"])
    hasil = []
    for jabatan, anggota in baru.items():
        p = lama.get(jabatan)
        if p is not None and p.anggota_id == anggota.pk:
            p.mulai, p.selesai = mulai, selesai
            p.save(update_fields=["mulai", "selesai", "diubah"])
        else:
            p = Pengurus.objects.create(kim=kim, anggota=anggota, jabatan=jabatan, mulai=mulai, selesai=selesai)
        hasil.append(p)
    _jaga_akses(actor, kim)
    _event(kim, actor, KimEvent.Jenis.PENGURUS, data={
        "sebelum": sebelum, "sesudah": {j: a.nama for j, a in baru.items()},
        "mulai": mulai.isoformat(), "selesai": selesai.isoformat() if selesai else None,
    })
    _sentuh(kim)
    return hasil


@transaction.atomic
def pengurus_set(
    *, actor, kim: Kim, anggota: Anggota, jabatan: str, nama_seksi: str = "",
    mulai: date | None = None, selesai: date | None = None,
) -> Pengurus:
    """Give one member one position. A core position (ketua/sekretaris/bendahara) replaces its
    current holder; a section (``seksi``) needs a name and several may exist."""
    _periksa(actor, kim, Aksi.KIM_KELOLA)
    kim = _kunci(kim)
    _wajib_konten(kim)
    if jabatan not in (*JABATAN_INTI, Jabatan.SEKSI):
        raise ValidationError(_("Jabatan tidak dikenal."), field="jabatan")
    _anggota_kim(kim, anggota, field="anggota")
    _wajib_dewasa(anggota)
    mulai, selesai = _masa(mulai, selesai)
    hari_ini = timezone.localdate()
    aktif = Pengurus.objects.filter(kim=kim, diberhentikan__isnull=True)
    data: dict[str, Any] = {"jabatan": jabatan, "anggota": anggota.nama}
    if jabatan == Jabatan.SEKSI:
        nama_seksi = teks_masukan(nama_seksi, field="nama_seksi", label=_("Nama seksi"), wajib=True, maks=80)
        if any(normalisasi(n) == normalisasi(nama_seksi) for n in
               aktif.filter(anggota=anggota, jabatan=Jabatan.SEKSI).values_list("nama_seksi", flat=True)):
            raise ValidationError(_("%(nama)s sudah tercatat di seksi %(seksi)s.")
                                  % {"nama": anggota.nama, "seksi": nama_seksi}, field="nama_seksi")
        p = Pengurus.objects.create(kim=kim, anggota=anggota, jabatan=jabatan, nama_seksi=nama_seksi,
                                    mulai=mulai, selesai=selesai)
        data["nama_seksi"] = nama_seksi
    else:
        lain = aktif.filter(anggota=anggota, jabatan__in=JABATAN_INTI).exclude(jabatan=jabatan).first()
        if lain is not None:
            raise ValidationError(_("%(nama)s sudah menjabat %(jabatan)s; satu orang hanya memegang satu "
                                    "jabatan inti.") % {"nama": anggota.nama, "jabatan": lain.get_jabatan_display().lower()},
                                  field="anggota")
        p = aktif.filter(jabatan=jabatan).select_related("anggota").first()
        if p is not None and p.anggota_id == anggota.pk:
            p.mulai, p.selesai = mulai, selesai
            p.save(update_fields=["mulai", "selesai", "diubah"])
        else:
            if p is not None:
                data["sebelum"] = p.anggota.nama
                p.diberhentikan = hari_ini
                p.save(update_fields=["diberhentikan", "diubah"])
            p = Pengurus.objects.create(kim=kim, anggota=anggota, jabatan=jabatan, mulai=mulai, selesai=selesai)
        _jaga_akses(actor, kim)
    data.update(mulai=mulai.isoformat(), selesai=selesai.isoformat() if selesai else None)
    _event(kim, actor, KimEvent.Jenis.PENGURUS, data=data)
    _sentuh(kim)
    return p


@transaction.atomic
def pengurus_end(*, actor, pengurus: Pengurus, alasan: str = "") -> Pengurus:
    """End a position today (e.g. remove a section)."""
    kim = pengurus.kim
    _periksa(actor, kim, Aksi.KIM_KELOLA)
    _wajib_konten(kim)
    pengurus = Pengurus.objects.select_for_update().select_related("anggota").get(pk=pengurus.pk)
    if pengurus.diberhentikan is not None:
        raise Conflict(_("Jabatan ini sudah berakhir."))
    pengurus.diberhentikan = timezone.localdate()
    pengurus.save(update_fields=["diberhentikan", "diubah"])
    _jaga_akses(actor, kim)
    _event(kim, actor, KimEvent.Jenis.PENGURUS, alasan=(alasan or "").strip()[:2000], data={
        "aksi": "berhenti", "jabatan": pengurus.jabatan, "nama_seksi": pengurus.nama_seksi,
        "anggota": pengurus.anggota.nama,
    })
    _sentuh(kim)
    return pengurus


# --- documents ----------------------------------------------------------------------------------
@transaction.atomic
def sk_upload(
    *, actor, kim: Kim, nomor: str, tanggal: date, penerbit_jenis: str, penerbit_nama: str = "",
    berlaku_sampai: date, berkas: File,
) -> SuratKeputusan:
    """Upload the decree (SK). The file is checked by content and size; the term must end after
    the SK's date."""
    _periksa(actor, kim, Aksi.KIM_KELOLA)
    _wajib_konten(kim)
    nomor = teks_masukan(nomor, field="nomor", label=_("Nomor SK"), wajib=True, maks=100)
    if tanggal is None:
        raise ValidationError(_("Tanggal SK wajib diisi."), field="tanggal")
    if tanggal > timezone.localdate():
        raise ValidationError(_("Tanggal SK tidak boleh di masa depan."), field="tanggal")
    if not penerbit_jenis:
        raise ValidationError(_("Pilih penerbit SK."), field="penerbit_jenis")
    penerbit_jenis = _pilihan(penerbit_jenis, PenerbitSK, field="penerbit_jenis", label=_("Penerbit SK"))
    penerbit_nama = teks_masukan(penerbit_nama, field="penerbit_nama", label=_("Nama penerbit"), maks=150)
    if berlaku_sampai is None:
        raise ValidationError(_("Isi tanggal akhir masa berlaku SK."), field="berlaku_sampai")
    if berlaku_sampai <= tanggal:
        raise ValidationError(
            _("Masa berlaku SK harus berakhir setelah tanggal SK (%(tanggal)s). Periksa lagi tanggal "
              "“berlaku sampai”.") % {"tanggal": formats.date_format(tanggal)},
            field="berlaku_sampai",
        )
    sk = SuratKeputusan(kim=kim, nomor=nomor, tanggal=tanggal, penerbit_jenis=penerbit_jenis,
                        penerbit_nama=penerbit_nama, berlaku_sampai=berlaku_sampai)
    _simpan_berkas(sk, berkas, nama="sk", field="berkas")
    sk.save()
    _event(kim, actor, KimEvent.Jenis.SK, data={
        "sk_id": sk.pk, "nomor": nomor, "tanggal": tanggal.isoformat(),
        "berlaku_sampai": berlaku_sampai.isoformat(), "penerbit": penerbit_jenis,
    })
    _sentuh(kim)
    return sk


@transaction.atomic
def dokumen_upload(*, actor, kim: Kim, jenis: str, berkas: File, judul: str = "") -> DokumenKim:
    """Upload a founding-meeting document (minutes, attendance) or another document."""
    _periksa(actor, kim, Aksi.KIM_KELOLA)
    _wajib_konten(kim)
    if jenis not in JenisDokumen.values:
        raise ValidationError(_("Jenis dokumen tidak dikenal."), field="jenis")
    judul = teks_masukan(judul, field="judul", label=_("Judul"), maks=150)
    dok = DokumenKim(kim=kim, jenis=jenis, judul=judul, diunggah_oleh=actor)
    _simpan_berkas(dok, berkas, nama=jenis, field=jenis if jenis != JenisDokumen.LAINNYA else "berkas")
    dok.save()
    _event(kim, actor, KimEvent.Jenis.DOKUMEN, data={"dokumen_id": dok.pk, "jenis": jenis, "judul": judul})
    _sentuh(kim)
    return dok


# --- status lifecycle ---------------------------------------------------------------------------
def _ubah_status(kim: Kim, actor, ke: str, jenis: str, *, alasan: str = "", data: dict | None = None,
                 **kolom) -> KimEvent:
    dari = kim.status
    kim.status = ke
    for k, v in kolom.items():
        setattr(kim, k, v)
    kim.save(update_fields=["status", "diubah", *kolom])
    return _event(kim, actor, jenis, dari=dari, ke=ke, alasan=alasan, data=data)


def _kabarkan_aktif(kim: Kim) -> None:
    """Tell the other domains, once committed, that ``kim`` is active (see ``kim.signals``)."""
    transaction.on_commit(lambda: signals.kim_aktif.send(sender=Kim, kim_id=kim.pk))


def _url_kelola(kim: Kim) -> str:
    return reverse("kim:kelola_detail", args=[kim.pk])


@transaction.atomic
def kim_submit(*, actor, kim: Kim) -> Kim:
    """Send the KIM to its Diskominfo kab/kota for verification. Refused with the list of what is
    missing (``exc.extra["kekurangan"]``) while incomplete."""
    _periksa(actor, kim, Aksi.KIM_KELOLA)
    kim = _kunci(kim)
    _wajib_status(kim, (StatusKim.DRAF, StatusKim.PERLU_REVISI),
                  _("Hanya KIM berstatus draf atau perlu revisi yang dapat diajukan; status KIM ini: %(status)s."))
    kurang = selectors.kim_kelengkapan(kim)
    if kurang:
        raise ValidationError(
            _("KIM belum dapat diajukan. Yang masih kurang: %(daftar)s")
            % {"daftar": " ".join(k.pesan for k in kurang)},
            code="belum_lengkap", extra={"kekurangan": kurang},
        )
    event = _ubah_status(kim, actor, StatusKim.DIAJUKAN, KimEvent.Jenis.DIAJUKAN, diajukan_pada=timezone.now(),
                         langkah_wizard=WIZARD_LANGKAH_TERAKHIR)
    kabkota = ".".join(kim.desa_id.split(".")[:2])
    kantor = pengguna_dengan_peran_di(Peran.DISKOMINFO_KABKOTA, kabkota).get(kabkota, [])
    with translation.override(settings.LANGUAGE_CODE):
        _kabar(kantor, kim=kim, event=event,
               judul=_("KIM baru menunggu verifikasi: %(kim)s") % {"kim": kim.nama},
               isi=_("%(kim)s di %(desa)s mengajukan pendaftaran. Periksa kelengkapannya di antrean "
                     "verifikasi.") % {"kim": kim.nama, "desa": kim.desa.nama_lengkap},
               url=reverse("kim:verifikasi_tinjau", args=[kim.pk]))
    return kim


@transaction.atomic
def kim_request_revision(*, actor, kim: Kim, catatan: str) -> Kim:
    _periksa(actor, kim, Aksi.KIM_VERIFIKASI)
    kim = _kunci(kim)
    _wajib_status(kim, (StatusKim.DIAJUKAN,),
                  _("Revisi hanya dapat diminta untuk KIM yang sedang diajukan; status KIM ini: %(status)s."))
    catatan = _alasan(catatan, field="catatan", label=_("Tuliskan apa yang perlu diperbaiki oleh pengurus KIM."))
    event = _ubah_status(kim, actor, StatusKim.PERLU_REVISI, KimEvent.Jenis.REVISI_DIMINTA, alasan=catatan)
    with translation.override(settings.LANGUAGE_CODE):
        _kabar(_penerima_pengurus(kim), kim=kim, event=event,
               judul=_("%(kim)s perlu direvisi") % {"kim": kim.nama},
               isi=_("Catatan pemeriksa: %(catatan)s") % {"catatan": catatan},
               url=reverse("kim:wizard", args=[kim.pk, WIZARD_LANGKAH_TERAKHIR]))
    return kim


@transaction.atomic
def kim_approve(*, actor, kim: Kim, checklist: Iterable[str]) -> Kim:
    """Approve and activate. Every item of :data:`CHECKLIST_VERIFIKASI` must be ticked and the
    KIM must still be complete."""
    _periksa(actor, kim, Aksi.KIM_VERIFIKASI)
    kim = _kunci(kim)
    _wajib_status(kim, (StatusKim.DIAJUKAN,),
                  _("Hanya KIM yang sedang diajukan yang dapat disetujui; status KIM ini: %(status)s."))
    dicentang = set(checklist or ())
    belum = [str(label) for kode, label in CHECKLIST_VERIFIKASI if kode not in dicentang]
    if belum:
        raise ValidationError(_("Centang semua butir pemeriksaan sebelum menyetujui. Belum dicentang: %(x)s.")
                              % {"x": "; ".join(belum)}, field="checklist")
    kurang = selectors.kim_kelengkapan(kim)
    if kurang:
        raise Conflict(_("KIM ini belum lengkap sehingga tidak dapat disetujui: %(x)s Minta revisi kepada "
                         "pengurusnya.") % {"x": " ".join(k.pesan for k in kurang)})
    sekarang = timezone.now()
    event = _ubah_status(kim, actor, StatusKim.AKTIF, KimEvent.Jenis.DISETUJUI,
                         data={"checklist": [k for k, _l in CHECKLIST_VERIFIKASI]},
                         aktif_sejak=kim.aktif_sejak or sekarang)
    _kabarkan_aktif(kim)
    with translation.override(settings.LANGUAGE_CODE):
        _kabar(_penerima_pengurus(kim), kim=kim, event=event,
               judul=_("%(kim)s disetujui dan aktif") % {"kim": kim.nama},
               isi=_("Selamat! %(kim)s telah diverifikasi Diskominfo dan kini tampil di direktori KIM.")
               % {"kim": kim.nama},
               url=_url_kelola(kim))
    return kim


@transaction.atomic
def kim_reject(*, actor, kim: Kim, alasan: str) -> Kim:
    _periksa(actor, kim, Aksi.KIM_VERIFIKASI)
    kim = _kunci(kim)
    _wajib_status(kim, (StatusKim.DIAJUKAN,),
                  _("Hanya KIM yang sedang diajukan yang dapat ditolak; status KIM ini: %(status)s."))
    alasan = _alasan(alasan, field="alasan", label=_("Tuliskan alasan penolakan (minimal 5 karakter)."))
    penerima = _penerima_pengurus(kim)  # before: a rejected KIM's positions grant nothing
    event = _ubah_status(kim, actor, StatusKim.DITOLAK, KimEvent.Jenis.DITOLAK, alasan=alasan)
    with translation.override(settings.LANGUAGE_CODE):
        _kabar(penerima, kim=kim, event=event,
               judul=_("Pengajuan %(kim)s ditolak") % {"kim": kim.nama},
               isi=_("Alasan: %(alasan)s") % {"alasan": alasan},
               url=reverse("kim:kelola"))
    return kim


@transaction.atomic
def kim_freeze(*, actor, kim: Kim, alasan: str) -> Kim:
    _periksa(actor, kim, Aksi.KIM_VERIFIKASI)
    kim = _kunci(kim)
    _wajib_status(kim, (StatusKim.AKTIF,),
                  _("Hanya KIM aktif yang dapat dibekukan; status KIM ini: %(status)s."))
    alasan = _alasan(alasan, field="alasan", label=_("Tuliskan alasan pembekuan (minimal 5 karakter)."))
    event = _ubah_status(kim, actor, StatusKim.DIBEKUKAN, KimEvent.Jenis.DIBEKUKAN, alasan=alasan)
    with translation.override(settings.LANGUAGE_CODE):
        _kabar(_penerima_pengurus(kim), kim=kim, event=event,
               judul=_("%(kim)s dibekukan") % {"kim": kim.nama},
               isi=_("Alasan: %(alasan)s") % {"alasan": alasan}, url=_url_kelola(kim))
    return kim


@transaction.atomic
def kim_unfreeze(*, actor, kim: Kim, alasan: str) -> Kim:
    _periksa(actor, kim, Aksi.KIM_VERIFIKASI)
    kim = _kunci(kim)
    _wajib_status(kim, (StatusKim.DIBEKUKAN,),
                  _("Hanya KIM yang dibekukan yang dapat diaktifkan kembali; status KIM ini: %(status)s."))
    alasan = _alasan(alasan, field="alasan", label=_("Tuliskan alasan pengaktifan kembali (minimal 5 karakter)."))
    event = _ubah_status(kim, actor, StatusKim.AKTIF, KimEvent.Jenis.DIAKTIFKAN_KEMBALI, alasan=alasan)
    _kabarkan_aktif(kim)
    with translation.override(settings.LANGUAGE_CODE):
        _kabar(_penerima_pengurus(kim), kim=kim, event=event,
               judul=_("%(kim)s aktif kembali") % {"kim": kim.nama},
               isi=_("Alasan: %(alasan)s") % {"alasan": alasan}, url=_url_kelola(kim))
    return kim
