"""The KIM activity log: what a KIM did, when, with whom, with photos. Public by default (shown on
the KIM's profile); the monthly report per KIM and the rollup per region are built from it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel


class JenisKegiatan(models.TextChoices):
    RAPAT = "rapat", _("Rapat / musyawarah anggota")
    DISEMINASI = "diseminasi", _("Diseminasi informasi")
    SOSIALISASI = "sosialisasi", _("Sosialisasi / penyuluhan")
    PELATIHAN = "pelatihan", _("Pelatihan / peningkatan kapasitas")
    LIPUTAN = "liputan", _("Liputan / produksi konten")
    LITERASI = "literasi", _("Literasi digital / anti hoaks")
    EKONOMI = "ekonomi", _("Usaha ekonomi / UMKM")
    LAYANAN = "layanan", _("Layanan informasi / pengaduan warga")
    SOSIAL = "sosial", _("Sosial budaya / kerja bakti")
    LAINNYA = "lainnya", _("Lainnya")


def _foto_path(instance, filename: str) -> str:
    return f"kegiatan/{timezone.now():%Y/%m}/{filename}"


class Kegiatan(BaseModel):
    kim = models.ForeignKey("kim.Kim", on_delete=models.CASCADE, related_name="kegiatan")
    jenis = models.CharField(_("jenis kegiatan"), max_length=12, choices=JenisKegiatan.choices)
    judul = models.CharField(_("nama kegiatan"), max_length=150)
    tanggal = models.DateField(_("tanggal"))
    tempat = models.CharField(_("tempat"), max_length=150, blank=True)
    ringkasan = models.TextField(_("ringkasan"), max_length=4000)
    jumlah_peserta = models.PositiveIntegerField(_("jumlah peserta"), default=0)
    peserta = models.ManyToManyField("kim.Anggota", blank=True, related_name="+",
                                     verbose_name=_("anggota KIM yang ikut"))
    publik = models.BooleanField(_("tampilkan di profil publik"), default=True)
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Idempotency of a retried submission (a phone on a weak signal sends twice).
    kunci_idempoten = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        ordering = ["-tanggal", "-id"]
        indexes = [
            models.Index(fields=["kim", "-tanggal"], name="kegiatan_kim_tanggal"),
            models.Index(fields=["tanggal", "kim"], name="kegiatan_tanggal_kim"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(jumlah_peserta__lte=100000), name="kegiatan_peserta_wajar"),
        ]

    class Scope:
        wilayah_field = "kim__desa__kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        return self.judul


class FotoKegiatan(BaseModel):
    """A compressed, metadata-free photo (``core.gambar``), public with its activity."""

    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="foto")
    berkas = models.ImageField(upload_to=_foto_path, width_field="lebar", height_field="tinggi")
    lebar = models.PositiveIntegerField(default=0)
    tinggi = models.PositiveIntegerField(default=0)
    ukuran = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.berkas.name
