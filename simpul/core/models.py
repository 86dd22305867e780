from django.conf import settings
from django.db import models
from django.utils import timezone
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


class Peristiwa(models.Model):
    """The audit trail's common part: every official act is a row saying when (``waktu``), who
    (``aktor``; null for the system) and the details (``data``: before/after values, ids). Each
    domain's event model (``KimEvent``, ``TargetEvent``, ``AkunEvent``, ...) adds the object it is
    about, a ``jenis`` with its own choices and, where useful, a reason."""

    waktu = models.DateTimeField(default=timezone.now, db_index=True)
    aktor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["-waktu", "-id"]
