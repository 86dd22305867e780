from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel


class Kanal(models.TextChoices):
    """Delivery channels. In-app is the inbox (always kept); the others go through the outbox."""

    INAPP = "inapp", _("Di aplikasi")
    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")
    SMS = "sms", _("SMS")


KANAL_LUAR = (Kanal.EMAIL, Kanal.WHATSAPP, Kanal.TELEGRAM, Kanal.SMS)


class Mode(models.TextChoices):
    LANGSUNG = "langsung", _("Langsung")
    RINGKASAN = "ringkasan", _("Ringkasan harian")
    MATI = "mati", _("Tidak dikirim")


class Notifikasi(BaseModel):
    """An in-app notification. ``kunci`` makes sending idempotent: the same event never
    notifies the same user twice (retried tasks, repeated reminders)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifikasi")
    kunci = models.CharField(max_length=120)
    jenis = models.CharField(_("jenis"), max_length=40, default="umum")
    judul = models.CharField(_("judul"), max_length=200)
    isi = models.TextField(_("isi"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    dibaca = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-dibuat", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "kunci"], name="notifikasi_kunci_unik")]
        indexes = [models.Index(fields=["user", "dibaca"], name="notifikasi_user_dibaca")]

    def __str__(self) -> str:
        return self.judul


class ProfilNotifikasi(BaseModel):
    """A user's addresses on the channels the account does not hold (email and phone live on
    the user): the Telegram chat id, and an optional separate WhatsApp number."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="profil_notifikasi")
    telegram_chat_id = models.CharField(_("ID chat Telegram"), max_length=32, blank=True)
    whatsapp = models.CharField(_("nomor WhatsApp"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("profil notifikasi")
        verbose_name_plural = _("profil notifikasi")

    def __str__(self) -> str:
        return str(self.user)


class Preferensi(BaseModel):
    """How one user wants one type of event on one channel. ``jenis=""`` is the user's default
    for the channel; a row for a specific type overrides it. No row: the channel's default
    (``services.MODE_BAWAAN``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferensi_notifikasi")
    kanal = models.CharField(_("kanal"), max_length=16, choices=[(k.value, k.label) for k in KANAL_LUAR])
    jenis = models.CharField(_("jenis"), max_length=40, blank=True)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)

    class Meta:
        verbose_name = _("preferensi notifikasi")
        verbose_name_plural = _("preferensi notifikasi")
        constraints = [models.UniqueConstraint(fields=["user", "kanal", "jenis"], name="preferensi_unik")]

    def __str__(self) -> str:
        return f"{self.user} {self.kanal}/{self.jenis or '*'}: {self.mode}"


class StatusPesan(models.TextChoices):
    TAHAN = "tahan", _("Menunggu ringkasan")  # held for the daily digest
    ANTRI = "antri", _("Antri")  # queued, due at coba_lagi_pada
    KIRIM = "kirim", _("Sedang dikirim")  # claimed by a worker
    TERKIRIM = "terkirim", _("Terkirim")
    DIGABUNG = "digabung", _("Masuk ringkasan")  # sent as part of a digest message
    GAGAL = "gagal", _("Gagal")  # permanent failure or attempts exhausted
    TIDAK_PASTI = "tidak_pasti", _("Tidak pasti")  # the worker died mid-send: never re-sent on its own
    BATAL = "batal", _("Dibatalkan")


STATUS_MASALAH = (StatusPesan.GAGAL, StatusPesan.TIDAK_PASTI)


class Pesan(BaseModel):
    """One outgoing message in the outbox (email, WhatsApp, Telegram or SMS).

    ``kunci`` (unique) is a digest of (event key, channel, address): enqueuing the same message
    twice is a no-op. Workers claim due rows (``status=antri``) with ``SELECT ... FOR UPDATE
    SKIP LOCKED`` + a conditional UPDATE, so two workers never send the same row.
    """

    kunci = models.CharField(max_length=64, unique=True)
    kunci_acara = models.CharField(_("kunci acara"), max_length=160)
    kanal = models.CharField(_("kanal"), max_length=16, choices=Kanal.choices)
    alamat = models.CharField(_("alamat"), max_length=254)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    jenis = models.CharField(_("jenis"), max_length=40, default="umum")
    muatan = models.JSONField(_("muatan"), default=dict)  # {"judul", "isi", "url"}
    status = models.CharField(_("status"), max_length=16, choices=StatusPesan.choices, default=StatusPesan.ANTRI)
    percobaan = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    coba_lagi_pada = models.DateTimeField(_("dicoba pada"), null=True, blank=True)
    diklaim_pada = models.DateTimeField(null=True, blank=True)
    token_klaim = models.CharField(max_length=32, blank=True)
    terkirim_pada = models.DateTimeField(_("terkirim"), null=True, blank=True)
    galat_terakhir = models.TextField(_("galat terakhir"), blank=True)
    id_penyedia = models.CharField(_("ID penyedia"), max_length=200, blank=True)
    ringkasan = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="isi_ringkasan")

    class Meta:
        verbose_name = _("pesan keluar")
        verbose_name_plural = _("pesan keluar")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "coba_lagi_pada"], name="pesan_antrian"),
            models.Index(fields=["user", "kanal", "status"], name="pesan_user_kanal"),
        ]

    def __str__(self) -> str:
        return f"{self.kanal}:{self.alamat} {self.kunci_acara}"
