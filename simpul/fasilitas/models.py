"""Fasilitas: the facilities a KIM runs (free wifi points, equipment), who provided them, and
every change of their status (an event row per change: actor, time, before/after)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel


class JenisFasilitas(models.TextChoices):
    WIFI = "wifi", _("Titik wifi")
    PERANGKAT = "perangkat", _("Perangkat")


class StatusFasilitas(models.TextChoices):
    AKTIF = "aktif", _("Berfungsi")
    GANGGUAN = "gangguan", _("Gangguan")
    RUSAK = "rusak", _("Rusak")
    NONAKTIF = "nonaktif", _("Tidak dipakai lagi")


class SumberFasilitas(models.TextChoices):
    DISKOMINFO = "diskominfo", _("Diskominfo")
    KOMDIGI = "komdigi", _("Komdigi")
    PROGRAM = "program", _("Program pemerintah lain")
    DESA = "desa", _("Pemerintah desa")
    DONATUR = "donatur", _("Donatur/CSR")
    SWADAYA = "swadaya", _("Swadaya KIM")


class Fasilitas(BaseModel):
    kim = models.ForeignKey("kim.Kim", on_delete=models.CASCADE, related_name="fasilitas")
    jenis = models.CharField(_("jenis"), max_length=10, choices=JenisFasilitas.choices)
    nama = models.CharField(_("nama"), max_length=150,
                            help_text=_("Mis. “Wifi Balai Desa Orobatu” atau “Laptop sekretariat”."))
    keterangan = models.TextField(_("keterangan"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=StatusFasilitas.choices,
                              default=StatusFasilitas.AKTIF)
    # Wifi points
    lat = models.FloatField(_("lintang"), null=True, blank=True)
    lng = models.FloatField(_("bujur"), null=True, blank=True)
    penyedia = models.CharField(_("penyedia internet"), max_length=100, blank=True)
    bandwidth_mbps = models.PositiveIntegerField(_("bandwidth (Mbps)"), null=True, blank=True)
    biaya_bulanan = models.PositiveBigIntegerField(_("biaya per bulan (Rp)"), null=True, blank=True)
    pengguna_per_bulan = models.PositiveIntegerField(_("pengguna per bulan"), null=True, blank=True)
    pengguna_bulan = models.DateField(_("bulan data pengguna"), null=True, blank=True)
    # Equipment
    jumlah = models.PositiveIntegerField(_("jumlah unit"), default=1)
    # Who provided it
    sumber = models.CharField(_("diberikan oleh"), max_length=12, choices=SumberFasilitas.choices)
    sumber_nama = models.CharField(_("nama pemberi/program"), max_length=150, blank=True)
    tanggal_terima = models.DateField(_("tanggal diterima"), null=True, blank=True)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("fasilitas")
        verbose_name_plural = _("fasilitas")
        ordering = ["kim__nama", "jenis", "nama"]
        constraints = [
            models.CheckConstraint(condition=Q(lat__isnull=True) | Q(lat__gte=-90, lat__lte=90), name="fasilitas_lat"),
            models.CheckConstraint(condition=Q(lng__isnull=True) | Q(lng__gte=-180, lng__lte=180), name="fasilitas_lng"),
            models.CheckConstraint(condition=Q(jumlah__gte=1), name="fasilitas_jumlah_positif"),
        ]
        indexes = [models.Index(fields=["kim", "jenis", "status"], name="fasilitas_kim_jenis_status")]

    class Scope:
        wilayah_field = "kim__desa__kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        return self.nama


class FasilitasEvent(models.Model):
    """One change of a facility: who, when, what, before and after."""

    class Jenis(models.TextChoices):
        DIBUAT = "dibuat", _("Dicatat")
        DIUBAH = "diubah", _("Data diubah")
        STATUS = "status", _("Status diubah")
        PEMAKAIAN = "pemakaian", _("Jumlah pengguna dicatat")

    fasilitas = models.ForeignKey(Fasilitas, on_delete=models.CASCADE, related_name="riwayat")
    waktu = models.DateTimeField(default=timezone.now, db_index=True)
    aktor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    jenis = models.CharField(max_length=10, choices=Jenis.choices)
    dari_status = models.CharField(max_length=10, choices=StatusFasilitas.choices, blank=True)
    ke_status = models.CharField(max_length=10, choices=StatusFasilitas.choices, blank=True)
    sebelum = models.JSONField(default=dict, blank=True)
    sesudah = models.JSONField(default=dict, blank=True)
    catatan = models.CharField(_("catatan"), max_length=500, blank=True)

    class Meta:
        ordering = ["-waktu", "-id"]
        verbose_name = _("riwayat fasilitas")
        verbose_name_plural = _("riwayat fasilitas")

    class Scope:
        wilayah_field = "fasilitas__kim__desa__kode"
        kim_field = "fasilitas__kim_id"

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} — {self.fasilitas_id}"
