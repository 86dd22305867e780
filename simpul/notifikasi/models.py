from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel


class Notifikasi(BaseModel):
    """An in-app notification. ``kunci`` makes sending idempotent: the same event never
    notifies the same user twice (retried tasks, repeated reminders)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifikasi")
    kunci = models.CharField(max_length=120)
    judul = models.CharField(_("judul"), max_length=200)
    isi = models.TextField(_("isi"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    dibaca = models.DateTimeField(_("dibaca"), null=True, blank=True)
    email_terkirim = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-dibuat", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "kunci"], name="notifikasi_kunci_unik")]
        indexes = [models.Index(fields=["user", "dibaca"], name="notifikasi_user_dibaca")]

    def __str__(self) -> str:
        return self.judul
