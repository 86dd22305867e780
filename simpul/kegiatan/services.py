"""Writes of the activity log (``Aksi.KEGIATAN_CATAT``: the KIM's ketua, sekretaris, bendahara and
section officers).

    kegiatan_catat(*, actor, kim, jenis, judul, tanggal, ringkasan, tempat="", jumlah_peserta=0,
                   peserta=(), publik=True, foto=(), kunci_idempoten=None) -> Kegiatan
    kegiatan_hapus(*, actor, kegiatan) -> None
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core import scope
from simpul.core.errors import Conflict, NotFound, ValidationError
from simpul.core.gambar import olah_gambar
from simpul.core.markdown import bersihkan_teks
from simpul.core.peran import Aksi
from simpul.kim.models import Anggota, Kim, StatusKim

from .models import FotoKegiatan, JenisKegiatan, Kegiatan

MAKS_FOTO = 6
MAKS_BYTES_FOTO = 150_000
# Activities may be recorded late, but not absurdly so, and never in the future.
MAKS_HARI_LALU = 366


def _periksa(actor, kim: Kim) -> None:
    if not scope.boleh(actor, Aksi.KEGIATAN_CATAT, kim_id=kim.pk):
        raise NotFound(_("KIM tidak ditemukan."))


def kegiatan_catat(*, actor, kim: Kim, jenis: str, judul: str, tanggal: date, ringkasan: str, tempat: str = "",
                   jumlah_peserta: int = 0, peserta: Iterable = (), publik: bool = True, foto: Sequence = (),
                   kunci_idempoten: str | None = None) -> Kegiatan:
    _periksa(actor, kim)
    if kunci_idempoten:
        ada = Kegiatan.objects.filter(kunci_idempoten=kunci_idempoten, kim=kim).first()
        if ada is not None:
            return ada
    if kim.status not in (StatusKim.AKTIF, StatusKim.DIBEKUKAN):
        raise Conflict(_("Kegiatan dicatat setelah KIM aktif."))
    if jenis not in JenisKegiatan.values:
        raise ValidationError(_("Pilih jenis kegiatan."), field="jenis")
    judul = bersihkan_teks(judul)
    if len(judul) < 3 or len(judul) > 150:
        raise ValidationError(_("Nama kegiatan 3 sampai 150 karakter."), field="judul")
    hari_ini = timezone.localdate()
    if tanggal is None or tanggal > hari_ini:
        raise ValidationError(_("Tanggal kegiatan tidak boleh di masa depan."), field="tanggal")
    if tanggal < hari_ini - timedelta(days=MAKS_HARI_LALU):
        raise ValidationError(_("Kegiatan lebih dari setahun lalu tidak dapat dicatat lagi."), field="tanggal")
    ringkasan = (ringkasan or "").strip()
    if len(ringkasan) < 10:
        raise ValidationError(_("Tuliskan ringkasan kegiatan (minimal 10 karakter)."), field="ringkasan")
    if len(ringkasan) > 4000:
        raise ValidationError(_("Ringkasan terlalu panjang (maksimal 4.000 karakter)."), field="ringkasan")
    tempat = bersihkan_teks(tempat)[:150]
    try:
        jumlah_peserta = int(jumlah_peserta or 0)
    except (TypeError, ValueError):
        raise ValidationError(_("Jumlah peserta diisi angka."), field="jumlah_peserta") from None
    if not 0 <= jumlah_peserta <= 100000:
        raise ValidationError(_("Jumlah peserta tidak masuk akal."), field="jumlah_peserta")
    peserta_ids = {int(getattr(p, "pk", p)) for p in peserta}
    if Anggota.objects.filter(pk__in=peserta_ids, kim=kim).count() != len(peserta_ids):
        raise ValidationError(_("Peserta harus anggota KIM ini."), field="peserta")
    jumlah_peserta = max(jumlah_peserta, len(peserta_ids))
    foto = [f for f in foto or () if f]
    if len(foto) > MAKS_FOTO:
        raise ValidationError(_("Paling banyak %(n)d foto per kegiatan.") % {"n": MAKS_FOTO}, field="foto")
    hasil_foto = [olah_gambar(f, field="foto", maks_bytes=MAKS_BYTES_FOTO, awalan="kegiatan") for f in foto]
    try:
        with transaction.atomic():
            k = Kegiatan.objects.create(kim=kim, jenis=jenis, judul=judul, tanggal=tanggal, tempat=tempat,
                                        ringkasan=ringkasan, jumlah_peserta=jumlah_peserta, publik=bool(publik),
                                        dicatat_oleh=actor, kunci_idempoten=kunci_idempoten or None)
            k.peserta.set(list(peserta_ids))
            for h in hasil_foto:
                FotoKegiatan.objects.create(kegiatan=k, berkas=h.berkas, ukuran=h.ukuran)
    except IntegrityError:
        if kunci_idempoten:
            return Kegiatan.objects.get(kunci_idempoten=kunci_idempoten)
        raise
    return k


def kegiatan_hapus(*, actor, kegiatan: Kegiatan) -> None:
    _periksa(actor, kegiatan.kim)
    with transaction.atomic():
        for f in kegiatan.foto.all():
            f.berkas.delete(save=False)
        kegiatan.delete()
