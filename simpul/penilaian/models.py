"""Assessment of KIMs: versioned scoring schemes per region, rounds, jurors and results.

A scheme (``Skema``) has dimensions with weights, each with indicators with weights; an indicator
is either computed from Simpul's data (``sumber = otomatis``, ``kode_data`` names a function of
the indicator registry, ``simpul.penilaian.indikator``) or scored by jurors (``sumber = juri``,
0..100 with evidence). Levels (``Tingkat``) are score thresholds. A scheme used by a round is never
changed: ``services.skema_versi_baru`` copies it into a new version, and old rounds keep theirs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel, Peristiwa


class Skema(BaseModel):
    wilayah = models.ForeignKey("wilayah.Wilayah", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("wilayah (kosong: nasional)"))
    kode = models.SlugField(_("kode skema"), max_length=60)
    versi = models.PositiveIntegerField(_("versi"), default=1)
    nama = models.CharField(_("nama"), max_length=150)
    keterangan = models.TextField(_("keterangan"), blank=True, max_length=2000)
    contoh = models.BooleanField(_("contoh"), default=False, help_text=_("Skema contoh, bukan ketentuan resmi."))
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("skema penilaian")
        verbose_name_plural = _("skema penilaian")
        ordering = ["kode", "-versi"]
        constraints = [models.UniqueConstraint(fields=["wilayah", "kode", "versi"], name="skema_versi_unik")]

    class Scope:
        wilayah_field = "wilayah__kode"

    def __str__(self) -> str:
        return f"{self.nama} (v{self.versi})"


class Dimensi(models.Model):
    skema = models.ForeignKey(Skema, on_delete=models.CASCADE, related_name="dimensi")
    nama = models.CharField(_("nama dimensi"), max_length=120)
    bobot = models.PositiveSmallIntegerField(_("bobot"), default=1)
    urutan = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["urutan", "id"]

    def __str__(self) -> str:
        return self.nama


class SumberNilai(models.TextChoices):
    OTOMATIS = "otomatis", _("Dihitung dari data Simpul")
    JURI = "juri", _("Dinilai juri/penilai")


class Indikator(models.Model):
    dimensi = models.ForeignKey(Dimensi, on_delete=models.CASCADE, related_name="indikator")
    nama = models.CharField(_("nama indikator"), max_length=160)
    sumber = models.CharField(_("sumber nilai"), max_length=8, choices=SumberNilai.choices)
    kode_data = models.CharField(_("kode data"), max_length=40, blank=True)
    # Automatic indicators: the value that earns the full 100 (linear below it).
    target = models.FloatField(_("target nilai penuh"), default=1)
    bobot = models.PositiveSmallIntegerField(_("bobot"), default=1)
    urutan = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["urutan", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(sumber="juri") | ~Q(kode_data=""), name="indikator_otomatis_berkode"),
            models.CheckConstraint(condition=Q(target__gt=0), name="indikator_target_positif"),
        ]

    def __str__(self) -> str:
        return self.nama


class Tingkat(models.Model):
    skema = models.ForeignKey(Skema, on_delete=models.CASCADE, related_name="tingkat")
    nama = models.CharField(_("nama tingkat"), max_length=60)
    batas_bawah = models.FloatField(_("skor minimal"))

    class Meta:
        ordering = ["-batas_bawah"]

    def __str__(self) -> str:
        return self.nama


class ModePutaran(models.TextChoices):
    PENILAIAN = "penilaian", _("Penilaian berkala")
    LOMBA = "lomba", _("Lomba (kategori, beberapa juri)")


class StatusPutaran(models.TextChoices):
    BERJALAN = "berjalan", _("Berjalan")
    SELESAI = "selesai", _("Selesai")


class Putaran(BaseModel):
    """An assessment round of a region's KIMs with one scheme version, over a period."""

    skema = models.ForeignKey(Skema, on_delete=models.PROTECT, related_name="putaran")
    wilayah = models.ForeignKey("wilayah.Wilayah", on_delete=models.PROTECT, related_name="+")
    nama = models.CharField(_("nama putaran"), max_length=150)
    dari = models.DateField(_("periode dari"))
    sampai = models.DateField(_("periode sampai"))
    mode = models.CharField(_("mode"), max_length=10, choices=ModePutaran.choices, default=ModePutaran.PENILAIAN)
    kategori = models.JSONField(_("kategori lomba"), default=list, blank=True)
    status = models.CharField(max_length=10, choices=StatusPutaran.choices, default=StatusPutaran.BERJALAN)
    juri = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="putaran_juri")
    dihitung = models.DateTimeField(null=True, blank=True)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("putaran penilaian")
        verbose_name_plural = _("putaran penilaian")
        ordering = ["-sampai", "-id"]
        constraints = [models.CheckConstraint(condition=Q(sampai__gte=models.F("dari")), name="putaran_periode_valid")]

    class Scope:
        wilayah_field = "wilayah__kode"

    def __str__(self) -> str:
        return self.nama


class Peserta(models.Model):
    """A KIM assessed in a round, with its result: total, level, rank, and ``rincian``
    ``{"d": {dimension id: score}, "n": {indicator id: automatic value}}`` (jurors' scores are
    in ``NilaiJuri``)."""

    putaran = models.ForeignKey(Putaran, on_delete=models.CASCADE, related_name="peserta")
    kim = models.ForeignKey("kim.Kim", on_delete=models.CASCADE, related_name="penilaian")
    kategori = models.CharField(_("kategori"), max_length=80, blank=True)
    total = models.FloatField(null=True, blank=True)
    tingkat = models.CharField(max_length=60, blank=True)
    peringkat = models.PositiveIntegerField(null=True, blank=True)
    rincian = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["peringkat", "kim__nama"]
        constraints = [models.UniqueConstraint(fields=["putaran", "kim"], name="peserta_unik")]
        indexes = [models.Index(fields=["putaran", "kategori", "peringkat"], name="peserta_peringkat")]

    class Scope:
        wilayah_field = "kim__desa__kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        return f"{self.kim_id} @ {self.putaran_id}"


class NilaiJuri(BaseModel):
    peserta = models.ForeignKey(Peserta, on_delete=models.CASCADE, related_name="nilai_juri")
    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="+")
    juri = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    skor = models.PositiveSmallIntegerField(_("skor (0–100)"))
    bukti = models.URLField(_("tautan bukti"), blank=True)
    catatan = models.CharField(_("catatan"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["peserta", "indikator", "juri"], name="nilai_juri_unik"),
            models.CheckConstraint(condition=Q(skor__lte=100), name="nilai_juri_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.indikator_id}: {self.skor}"


class SkemaEvent(Peristiwa):
    """The history of a scheme: who created it, who made a new version or edited it, with the
    scheme's content before and after in ``data`` (``{"sebelum": ..., "sesudah": ...}``)."""

    class Jenis(models.TextChoices):
        DIBUAT = "dibuat", _("Skema dibuat")
        VERSI_BARU = "versi_baru", _("Versi baru dibuat")
        DIUBAH = "diubah", _("Skema diubah (belum dipakai putaran)")

    skema = models.ForeignKey(Skema, on_delete=models.CASCADE, related_name="riwayat")
    jenis = models.CharField(max_length=12, choices=Jenis.choices)

    class Meta:
        ordering = ["-waktu", "-id"]

    def __str__(self) -> str:
        return f"{self.jenis} @ {self.skema_id}"
