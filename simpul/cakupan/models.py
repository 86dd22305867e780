from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel


class JenisTarget(models.TextChoices):
    KIM_PER_DESA = "kim_per_desa", _("Minimal satu KIM aktif di setiap desa/kelurahan")
    MANDIRI_PER_KECAMATAN = "mandiri_per_kecamatan", _("Minimal satu KIM mandiri di setiap kecamatan")


class Target(BaseModel):
    """A coverage target an office sets for its subtree (no region = national, Komdigi)."""

    wilayah = models.ForeignKey(
        "wilayah.Wilayah", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("wilayah"),
    )
    jenis = models.CharField(_("jenis target"), max_length=24, choices=JenisTarget.choices)
    tenggat = models.DateField(_("tenggat"))
    catatan = models.CharField(_("catatan/dasar hukum"), max_length=300, blank=True)
    aktif = models.BooleanField(_("aktif"), default=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("target")
        ordering = ["tenggat"]
        constraints = [
            models.UniqueConstraint(
                fields=["wilayah", "jenis"], condition=models.Q(aktif=True), name="target_aktif_unik",
            ),
        ]

    class Scope:
        wilayah_field = "wilayah__kode"
        kim_field = None

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} — {self.tenggat:%d-%m-%Y}"
