"""A KIM's cash book (buku kas) and its derived mandiri status.

Money is integer rupiah (``BigIntegerField``), never a float. An entry is never silently changed
or deleted: a correction bumps ``versi`` and writes a :class:`TransaksiEvent` with the values
before and after and the reason; a deletion is a void (``batal``), kept and shown struck out,
left out of every balance. The mandiri status is derived from the books by a configurable rule
(:class:`AturanMandiri`) and stored per KIM (:class:`StatusMandiri`) so the coverage figures can
use it set-based.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel
from simpul.kim.models import SumberDana, penyimpanan_privat

# Sources that make a KIM *not* mandiri by default (regional and village budgets).
SUMBER_PEMERINTAH_BAWAAN = ["apbd", "dana_desa"]
# Above this an amount is a typing mistake, not a KIM's transaction (Rp10 miliar).
MAKS_JUMLAH = 10_000_000_000


class JenisTransaksi(models.TextChoices):
    MASUK = "masuk", _("Pemasukan")
    KELUAR = "keluar", _("Pengeluaran")


def _bukti_path(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"keuangan/{instance.kim_id}/{timezone.now():%Y%m%d%H%M%S%f}.{ext}"


class Transaksi(BaseModel):
    """One entry of a KIM's cash book: income (with its source) or an expense."""

    kim = models.ForeignKey("kim.Kim", on_delete=models.CASCADE, related_name="transaksi_kas")
    jenis = models.CharField(_("jenis"), max_length=6, choices=JenisTransaksi.choices)
    sumber = models.CharField(_("sumber dana"), max_length=12, choices=SumberDana.choices, blank=True)
    tanggal = models.DateField(_("tanggal"))
    jumlah = models.BigIntegerField(_("jumlah (Rp)"))
    uraian = models.CharField(_("uraian"), max_length=200)
    bukti = models.FileField(_("bukti/kuitansi"), upload_to=_bukti_path, storage=penyimpanan_privat, blank=True)
    bukti_jenis = models.CharField(max_length=40, blank=True, editable=False)
    versi = models.PositiveIntegerField(default=1, editable=False)
    batal = models.BooleanField(_("dibatalkan"), default=False)
    alasan_batal = models.CharField(_("alasan pembatalan"), max_length=300, blank=True)
    # A client retry of the same form (double tap on a weak signal) records the entry once.
    kunci_idempoten = models.CharField(max_length=64, blank=True, editable=False)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("transaksi kas")
        verbose_name_plural = _("transaksi kas")
        ordering = ["-tanggal", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(jumlah__gt=0) & Q(jumlah__lte=MAKS_JUMLAH),
                                   name="transaksi_jumlah_wajar"),
            models.CheckConstraint(condition=Q(jenis="keluar") | ~Q(sumber=""), name="transaksi_masuk_bersumber"),
            models.UniqueConstraint(fields=["kim", "kunci_idempoten"], condition=~Q(kunci_idempoten=""),
                                    name="transaksi_idempoten"),
        ]
        indexes = [models.Index(fields=["kim", "tanggal", "id"], name="transaksi_kim_tanggal")]

    class Scope:
        wilayah_field = "kim__desa__kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        return f"{self.tanggal:%Y-%m-%d} {self.get_jenis_display()} {self.jumlah}"

    @property
    def bertanda(self) -> int:
        return self.jumlah if self.jenis == JenisTransaksi.MASUK else -self.jumlah


class TransaksiEvent(models.Model):
    """The audit trail of the books: every entry, correction and void, with who, when, why,
    and the values before and after."""

    class Jenis(models.TextChoices):
        DICATAT = "dicatat", _("Dicatat")
        DIKOREKSI = "dikoreksi", _("Dikoreksi")
        DIBATALKAN = "dibatalkan", _("Dibatalkan")

    transaksi = models.ForeignKey(Transaksi, on_delete=models.CASCADE, related_name="riwayat")
    kim = models.ForeignKey("kim.Kim", on_delete=models.CASCADE, related_name="+")
    waktu = models.DateTimeField(default=timezone.now, db_index=True)
    aktor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    jenis = models.CharField(max_length=12, choices=Jenis.choices)
    versi = models.PositiveIntegerField()
    sebelum = models.JSONField(default=dict, blank=True)
    sesudah = models.JSONField(default=dict, blank=True)
    alasan = models.CharField(_("alasan"), max_length=300, blank=True)

    class Meta:
        ordering = ["-waktu", "-id"]
        verbose_name = _("riwayat transaksi")
        verbose_name_plural = _("riwayat transaksi")

    class Scope:
        wilayah_field = "kim__desa__kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} v{self.versi}"


class AturanMandiri(BaseModel):
    """The rule deciding from the books whether a KIM is mandiri. One row per region (the most
    specific region above a KIM wins); none at all means the defaults below (also the national
    row's defaults)."""

    wilayah = models.OneToOneField("wilayah.Wilayah", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("wilayah (kosong: nasional)"))
    bulan = models.PositiveSmallIntegerField(_("periode (bulan terakhir)"), default=12)
    sumber_pemerintah = models.JSONField(_("sumber yang membuat tidak mandiri"), default=list)
    wajib_menutup_pengeluaran = models.BooleanField(_("pemasukan sendiri harus menutup pengeluaran"),
                                                    default=True)
    min_transaksi = models.PositiveSmallIntegerField(_("minimal transaksi dalam periode"), default=1)
    # Transition: a KIM that keeps no books in Simpul keeps its declared status until its first entry.
    deklarasi_tanpa_buku = models.BooleanField(_("KIM tanpa buku kas memakai sumber dana yang dinyatakan"),
                                               default=True)

    class Meta:
        verbose_name = _("aturan KIM mandiri")
        verbose_name_plural = _("aturan KIM mandiri")
        constraints = [models.UniqueConstraint(fields=["wilayah"], condition=Q(wilayah__isnull=True),
                                               name="aturan_mandiri_satu_nasional")]

    class Scope:
        wilayah_field = "wilayah__kode"

    def __str__(self) -> str:
        return str(self.wilayah or _("Nasional"))

    @property
    def sumber_pemerintah_efektif(self) -> list[str]:
        return list(self.sumber_pemerintah or SUMBER_PEMERINTAH_BAWAAN)


class StatusMandiri(models.Model):
    """A KIM's mandiri status as derived from its books (maintained by ``services`` when the books
    change and recomputed nightly, since the period slides). A KIM without a row has never been
    judged from books: ``cakupan.selectors.q_kim_mandiri`` then falls back to the declared flag."""

    kim = models.OneToOneField("kim.Kim", primary_key=True, on_delete=models.CASCADE, related_name="status_mandiri")
    mandiri = models.BooleanField(default=False, db_index=True)
    dari = models.DateField(null=True, blank=True)
    sampai = models.DateField(null=True, blank=True)
    pemasukan_sendiri = models.BigIntegerField(default=0)
    pemasukan_pemerintah = models.BigIntegerField(default=0)
    pengeluaran = models.BigIntegerField(default=0)
    jumlah_transaksi = models.PositiveIntegerField(default=0)
    alasan = models.CharField(max_length=24, blank=True)
    dihitung = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("status mandiri")
        verbose_name_plural = _("status mandiri")

    class Scope:
        wilayah_field = "kim__desa__kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        return f"{self.kim_id}: {'mandiri' if self.mandiri else self.alasan}"
