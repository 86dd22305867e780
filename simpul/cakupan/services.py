"""Every write to coverage targets.

An office sets targets for its own subtree (``Aksi.TARGET_KELOLA``); national targets (no
region) are Komdigi's. Setting a target replaces the active one of the same region and kind: the
old row stays as inactive history. Every act writes a :class:`TargetEvent` (who, what, when).
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from simpul.core import scope
from simpul.core.errors import Conflict, NotFound, ValidationError
from simpul.core.peran import Aksi
from simpul.wilayah.models import Tingkat, Wilayah

from .models import JenisTarget, Target, TargetEvent
from .selectors import tingkat_dari_kode

MAKS_CATATAN = 300


def _wilayah_target(actor, wilayah_kode: str | None) -> Wilayah | None:
    lingkup = scope.lingkup(actor, Aksi.TARGET_KELOLA)
    kode = (wilayah_kode or "").strip()
    if not kode:
        if not lingkup.semua:
            raise ValidationError(
                _("Target nasional hanya dapat ditetapkan oleh Komdigi. Isi kode wilayah Anda."),
                field="wilayah")
        return None
    wilayah = None
    if tingkat_dari_kode(kode) is not None:
        wilayah = Wilayah.objects.filter(kode=kode, aktif=True).first()
    if wilayah is None:
        raise ValidationError(
            _("Kode wilayah “%(kode)s” tidak dikenal. Contoh kode yang benar: 76.02.") % {"kode": kode},
            field="wilayah")
    if wilayah.tingkat == Tingkat.DESA:
        raise ValidationError(
            _("Target ditetapkan untuk provinsi, kabupaten/kota atau kecamatan, bukan untuk satu desa."),
            field="wilayah")
    if not lingkup.mencakup_wilayah(wilayah.kode):
        raise ValidationError(
            _("%(wilayah)s (%(kode)s) berada di luar wilayah kewenangan Anda. Anda hanya dapat "
              "menetapkan target untuk wilayah Anda sendiri dan wilayah di bawahnya.")
            % {"wilayah": wilayah.nama_lengkap, "kode": wilayah.kode},
            field="wilayah")
    return wilayah


def target_set(*, actor, wilayah_kode: str | None, jenis: str, tenggat: date, catatan: str = "") -> Target:
    """Set the target of ``jenis`` for a region (None: national, Komdigi only) by ``tenggat``.

    Replaces the region's active target of that kind (kept as an inactive row). Raises
    ValidationError for a region outside the actor's subtree, an unknown region, a past
    deadline or an unknown kind.
    """
    if jenis not in JenisTarget.values:
        raise ValidationError(_("Pilih jenis target."), field="jenis")
    if not isinstance(tenggat, date):
        raise ValidationError(_("Isi tanggal tenggat."), field="tenggat")
    hari_ini = timezone.localdate()
    if tenggat < hari_ini:
        raise ValidationError(
            _("Tenggat %(tanggal)s sudah lewat. Pilih tanggal hari ini atau sesudahnya.")
            % {"tanggal": date_format(tenggat, "j F Y")},
            field="tenggat")
    catatan = " ".join((catatan or "").split())
    if len(catatan) > MAKS_CATATAN:
        raise ValidationError(
            _("Catatan terlalu panjang (maksimal %(n)s karakter).") % {"n": MAKS_CATATAN}, field="catatan")
    wilayah = _wilayah_target(actor, wilayah_kode)

    with transaction.atomic():
        lama = (Target.objects.select_for_update()
                .filter(wilayah=wilayah, jenis=jenis, aktif=True).first())
        if lama is not None:
            lama.aktif = False
            lama.save(update_fields=["aktif", "diubah"])
        try:
            with transaction.atomic():
                target = Target.objects.create(wilayah=wilayah, jenis=jenis, tenggat=tenggat,
                                               catatan=catatan, dibuat_oleh=actor)
        except IntegrityError:
            # Someone else set the same target at the same moment.
            raise Conflict(_("Target ini baru saja diubah oleh petugas lain. Muat ulang lalu coba lagi."),
                           field="tenggat") from None
        if lama is not None:
            TargetEvent.objects.create(
                target=lama, aktor=actor, jenis=TargetEvent.Jenis.DIGANTI,
                data={"diganti_oleh": target.pk},
            )
        TargetEvent.objects.create(
            target=target, aktor=actor, jenis=TargetEvent.Jenis.DITETAPKAN,
            data={
                "tenggat": tenggat.isoformat(), "catatan": catatan,
                **({"menggantikan": lama.pk, "tenggat_lama": lama.tenggat.isoformat()} if lama else {}),
            },
        )
    return target


def target_deactivate(*, actor, target: Target, alasan: str = "") -> Target:
    """Withdraw an active target in the actor's subtree (it stays as inactive history)."""
    alasan = " ".join((alasan or "").split())
    if len(alasan) > MAKS_CATATAN:
        raise ValidationError(
            _("Alasan terlalu panjang (maksimal %(n)s karakter).") % {"n": MAKS_CATATAN}, field="alasan")
    with transaction.atomic():
        try:
            target = (scope.for_user(Target.objects.select_for_update(), actor, Aksi.TARGET_KELOLA)
                      .get(pk=target.pk))
        except Target.DoesNotExist:
            raise NotFound(_("Target tidak ditemukan.")) from None
        if not target.aktif:
            raise Conflict(_("Target ini sudah tidak aktif."), field="alasan")
        target.aktif = False
        target.save(update_fields=["aktif", "diubah"])
        TargetEvent.objects.create(target=target, aktor=actor, jenis=TargetEvent.Jenis.DINONAKTIFKAN,
                                   alasan=alasan)
    return target
