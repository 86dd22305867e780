from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Every Simpul table has creation and change times."""

    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class JadwalJalan(models.Model):
    """When each periodic task was last enqueued (see ``simpul.core.jadwal``)."""

    kunci = models.CharField(max_length=100, primary_key=True)
    terakhir = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.kunci} @ {self.terakhir:%Y-%m-%d %H:%M}"
