from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel, Peristiwa


class JenisTarget(models.TextChoices):
    KIM_PER_DESA = "kim_per_desa", _("Minimal satu KIM aktif di setiap desa/kelurahan")
    MANDIRI_PER_KECAMATAN = "mandiri_per_kecamatan", _("Minimal satu KIM mandiri di setiap kecamatan")


class Target(BaseModel):
    """A coverage target an office sets for its subtree (no region = national, Komdigi).

    One active target per region and kind; setting a new one keeps the old row as inactive
    history (see ``services.target_set``), and every act is recorded in :class:`TargetEvent`.
    """

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
            # NULL regions are distinct in a unique index: the national target needs its own.
            models.UniqueConstraint(
                fields=["jenis"], condition=models.Q(aktif=True, wilayah__isnull=True),
                name="target_nasional_aktif_unik",
            ),
        ]

    class Scope:
        wilayah_field = "wilayah__kode"
        kim_field = None

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} — {self.tenggat:%d-%m-%Y}"


class TargetEvent(Peristiwa):
    """Audit trail of targets: who set, replaced or withdrew which target, and when."""

    class Jenis(models.TextChoices):
        DITETAPKAN = "ditetapkan", _("Target ditetapkan")
        DIGANTI = "diganti", _("Target diganti oleh target baru")
        DINONAKTIFKAN = "dinonaktifkan", _("Target dinonaktifkan")

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="riwayat")
    jenis = models.CharField(max_length=16, choices=Jenis.choices)
    alasan = models.CharField(_("alasan"), max_length=300, blank=True)

    class Meta:
        ordering = ["-waktu", "-id"]
        verbose_name = _("riwayat target")
        verbose_name_plural = _("riwayat target")

    class Scope:
        wilayah_field = "target__wilayah__kode"
        kim_field = None

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} — {self.target}"
