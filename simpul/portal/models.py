from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel


class DomainSitus(BaseModel):
    """A custom domain served as one KIM's site or one region's home (see ``middleware.py``)."""

    domain = models.CharField(_("domain"), max_length=253, unique=True,
                              help_text=_("Tanpa http:// dan tanpa garis miring, mis. kim-orobatu.desa.id"))
    kim = models.ForeignKey("kim.Kim", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                            verbose_name=_("KIM"))
    wilayah = models.ForeignKey("wilayah.Wilayah", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+", verbose_name=_("wilayah"))
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("domain situs")
        verbose_name_plural = _("domain situs")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kim__isnull=False, wilayah__isnull=True) | Q(kim__isnull=True, wilayah__isnull=False)),
                name="domainsitus_satu_tujuan"),
        ]

    def __str__(self) -> str:
        return self.domain
