from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel, Peristiwa
from simpul.core.peran import Peran


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        email = self.normalize_email(email) if email else None
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Minimal personal data (UU PDP): a name, and an email and/or an
    Indonesian phone number (E.164) to sign in with. No NIK, no address."""

    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    telepon = models.CharField(_("nomor telepon"), max_length=16, unique=True, null=True, blank=True)
    telepon_terverifikasi = models.BooleanField(default=False)
    # Set when an office hands out a temporary password; the user must choose a new one first.
    sandi_sementara = models.BooleanField(_("kata sandi sementara"), default=False, editable=False)
    nama = models.CharField(_("nama"), max_length=150)
    is_active = models.BooleanField(_("aktif"), default=True)
    is_staff = models.BooleanField(_("staf admin"), default=False)
    date_joined = models.DateTimeField(_("bergabung"), default=timezone.now)
    dibuat_oleh = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("dibuat oleh"),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["nama"]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(telepon__isnull=False),
                name="user_email_atau_telepon",
            )
        ]

    def __str__(self) -> str:
        return self.nama or self.email or self.telepon or f"#{self.pk}"

    def get_full_name(self) -> str:
        return self.nama

    def get_short_name(self) -> str:
        return self.nama.split(" ")[0] if self.nama else ""


class PenugasanQuerySet(models.QuerySet):
    def aktif(self):
        return self.filter(dicabut__isnull=True)


class Penugasan(BaseModel):
    """A government role held on a region (and its whole subtree). Komdigi: no region."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="penugasan")
    peran = models.CharField(_("peran"), max_length=24, choices=Peran.choices)
    wilayah = models.ForeignKey(
        "wilayah.Wilayah", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("wilayah"),
    )
    jabatan_teks = models.CharField(_("jabatan/unit"), max_length=120, blank=True)
    diberikan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    dicabut = models.DateTimeField(_("dicabut"), null=True, blank=True)
    dicabut_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    alasan_cabut = models.CharField(_("alasan pencabutan"), max_length=300, blank=True)

    objects = PenugasanQuerySet.as_manager()

    class Meta:
        verbose_name = _("penugasan")
        verbose_name_plural = _("penugasan")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "peran", "wilayah"], condition=Q(dicabut__isnull=True),
                name="penugasan_aktif_unik",
            ),
        ]

    class Scope:
        wilayah_field = "wilayah__kode"
        kim_field = None

    def __str__(self) -> str:
        return f"{self.get_peran_display()} — {self.wilayah or _('Nasional')}"


class AkunEvent(Peristiwa):
    """Audit trail of official acts on accounts and grants (who, what, when, why)."""

    class Jenis(models.TextChoices):
        AKUN_DIBUAT = "akun_dibuat", _("Akun dibuat")
        AKUN_DINONAKTIFKAN = "akun_dinonaktifkan", _("Akun dinonaktifkan")
        PENUGASAN_DIBERIKAN = "penugasan_diberikan", _("Penugasan diberikan")
        PENUGASAN_DICABUT = "penugasan_dicabut", _("Penugasan dicabut")
        SANDI_DIRESET = "sandi_direset", _("Kata sandi sementara dibuat")
        PROFIL_DIUBAH = "profil_diubah", _("Profil diubah")

    jenis = models.CharField(max_length=32, choices=Jenis.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="akun_event")
    wilayah_kode = models.CharField(max_length=13, blank=True, db_index=True)
    alasan = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-waktu", "-id"]
        verbose_name = _("riwayat akun")
        verbose_name_plural = _("riwayat akun")

    class Scope:
        wilayah_field = "wilayah_kode"
        kim_field = None

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} — {self.user}"
