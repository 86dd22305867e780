"""Kegiatan pembinaan: events offices run to foster KIMs (sosialisasi, pelatihan, bimtek, rapat
koordinasi), their registrations, attendance, evaluations and certificates.

Scope: an event belongs to a region (``wilayah``: where it is held / whom it targets); offices
manage the events of their subtree (``Aksi.PEMBINAAN_KELOLA``). Participants are users targeted by
the event (members of KIMs in the region, optionally only some KIMs and positions).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel


class JenisKegiatan(models.TextChoices):
    SOSIALISASI = "sosialisasi", _("Sosialisasi")
    PELATIHAN = "pelatihan", _("Pelatihan")
    BIMTEK = "bimtek", _("Bimbingan teknis (bimtek)")
    RAPAT = "rapat_koordinasi", _("Rapat koordinasi")


# The kinds that count as "training" (penilaian's "trainings attended" indicator).
JENIS_PELATIHAN = (JenisKegiatan.PELATIHAN, JenisKegiatan.BIMTEK)


class StatusKegiatan(models.TextChoices):
    DRAF = "draf", _("Draf")
    TERBIT = "terbit", _("Diumumkan")
    BATAL = "batal", _("Dibatalkan")


class Kegiatan(BaseModel):
    jenis = models.CharField(_("jenis kegiatan"), max_length=20, choices=JenisKegiatan.choices)
    judul = models.CharField(_("judul"), max_length=200)
    program = models.CharField(_("program"), max_length=120, blank=True,
                               help_text=_("Nama program pembinaan, mis. “Literasi digital KIM 2026”."))
    agenda = models.TextField(_("agenda dan keterangan"), blank=True, max_length=8000)
    wilayah = models.ForeignKey("wilayah.Wilayah", verbose_name=_("wilayah sasaran"), on_delete=models.PROTECT,
                                related_name="+")
    penyelenggara = models.CharField(_("penyelenggara"), max_length=150)
    mulai = models.DateTimeField(_("mulai"))
    selesai = models.DateTimeField(_("selesai"))
    tempat = models.CharField(_("tempat"), max_length=255, blank=True)
    tautan_daring = models.URLField(_("tautan daring"), blank=True, max_length=500)
    kapasitas = models.PositiveIntegerField(_("kapasitas"), null=True, blank=True,
                                            help_text=_("Kosongkan bila tidak dibatasi."))
    # Seats taken by registrations (not walk-ins); claimed with a conditional UPDATE (race-safe).
    terisi = models.PositiveIntegerField(default=0, editable=False)
    pendaftaran_tutup = models.DateTimeField(_("pendaftaran ditutup"), null=True, blank=True)
    sasaran_jabatan = models.JSONField(_("jabatan sasaran"), default=list, blank=True)
    sasaran_kim = models.ManyToManyField("kim.Kim", verbose_name=_("KIM sasaran"), blank=True, related_name="+")
    bersertifikat = models.BooleanField(_("peserta hadir mendapat sertifikat"), default=True)
    status = models.CharField(_("status"), max_length=8, choices=StatusKegiatan.choices,
                              default=StatusKegiatan.DRAF)
    diumumkan = models.DateTimeField(null=True, blank=True, editable=False)
    # Part of the signed check-in URL: changing it invalidates every QR printed before.
    kunci_qr = models.CharField(max_length=32, editable=False)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("kegiatan pembinaan")
        verbose_name_plural = _("kegiatan pembinaan")
        ordering = ["-mulai", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(selesai__gt=F("mulai")), name="kegiatan_waktu_valid"),
            models.CheckConstraint(condition=Q(kapasitas__isnull=True) | Q(terisi__lte=F("kapasitas")),
                                   name="kegiatan_tidak_melebihi_kapasitas"),
        ]
        indexes = [
            models.Index(fields=["status", "mulai"], name="kegiatan_status_mulai"),
            models.Index(fields=["wilayah", "mulai"], name="kegiatan_wilayah_mulai"),
        ]

    class Scope:
        wilayah_field = "wilayah__kode"
        kim_field = None

    def __str__(self) -> str:
        return self.judul

    @property
    def sisa_kursi(self) -> int | None:
        return None if self.kapasitas is None else max(0, self.kapasitas - self.terisi)

    @property
    def batas_daftar(self):
        return self.pendaftaran_tutup or self.mulai

    @property
    def pendaftaran_buka(self) -> bool:
        return self.status == StatusKegiatan.TERBIT and timezone.now() < self.batas_daftar

    @property
    def sudah_selesai(self) -> bool:
        return timezone.now() >= self.selesai


def penyimpanan_privat():
    from django.core.files.storage import storages

    return storages["privat"]


def _materi_path(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"pembinaan/{instance.kegiatan_id}/materi-{timezone.now():%Y%m%d%H%M%S%f}.{ext[:5]}"


class Materi(BaseModel):
    """A handout of an event (slides, module): a PDF or an image, served only to participants
    and to the offices in scope."""

    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="materi")
    judul = models.CharField(_("judul materi"), max_length=150)
    berkas = models.FileField(_("berkas"), upload_to=_materi_path, storage=penyimpanan_privat)
    berkas_jenis = models.CharField(max_length=40, editable=False)
    berkas_ukuran = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("materi")
        verbose_name_plural = _("materi")
        ordering = ["dibuat", "id"]

    class Scope:
        wilayah_field = "kegiatan__wilayah__kode"
        kim_field = None

    def __str__(self) -> str:
        return self.judul


class StatusPeserta(models.TextChoices):
    TERDAFTAR = "terdaftar", _("Terdaftar")
    MENUNGGU = "menunggu", _("Daftar tunggu")
    BATAL = "batal", _("Batal")


class CaraHadir(models.TextChoices):
    QR = "qr", _("Pindai QR")
    MANUAL = "manual", _("Dicentang panitia")


class Peserta(BaseModel):
    """One person's registration for an event. Walk-ins added by the organiser have no user."""

    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="peserta")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    kim = models.ForeignKey("kim.Kim", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    nama = models.CharField(_("nama"), max_length=150)
    jabatan = models.CharField(_("jabatan di KIM"), max_length=12, blank=True)
    instansi = models.CharField(_("asal/instansi"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=StatusPeserta.choices,
                              default=StatusPeserta.TERDAFTAR)
    walkin = models.BooleanField(_("hadir tanpa mendaftar"), default=False)
    # Position in the waiting list (the time of the latest registration).
    antre_sejak = models.DateTimeField(default=timezone.now)
    hadir_pada = models.DateTimeField(_("hadir pada"), null=True, blank=True)
    cara_hadir = models.CharField(_("cara presensi"), max_length=8, choices=CaraHadir.choices, blank=True)
    sertifikat_kode = models.CharField(_("kode sertifikat"), max_length=24, null=True, blank=True, unique=True)
    sertifikat_terbit = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        ordering = ["dibuat", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kegiatan", "user"], condition=Q(user__isnull=False),
                                    name="peserta_user_unik"),
        ]
        indexes = [
            models.Index(fields=["kegiatan", "status", "dibuat"], name="peserta_kegiatan_status"),
            models.Index(fields=["kim", "hadir_pada"], name="peserta_kim_hadir"),
        ]

    class Scope:
        wilayah_field = "kegiatan__wilayah__kode"
        kim_field = None

    def __str__(self) -> str:
        return f"{self.nama} — {self.kegiatan_id}"

    @property
    def hadir(self) -> bool:
        return self.hadir_pada is not None


class Evaluasi(BaseModel):
    """A participant's evaluation of the event (one per participant; only those who attended)."""

    peserta = models.OneToOneField(Peserta, on_delete=models.CASCADE, related_name="evaluasi")
    nilai_materi = models.PositiveSmallIntegerField(_("materi"))
    nilai_narasumber = models.PositiveSmallIntegerField(_("narasumber"))
    nilai_penyelenggaraan = models.PositiveSmallIntegerField(_("penyelenggaraan"))
    nilai_manfaat = models.PositiveSmallIntegerField(_("manfaat bagi KIM"))
    saran = models.TextField(_("saran"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("evaluasi")
        verbose_name_plural = _("evaluasi")
        constraints = [
            models.CheckConstraint(
                condition=Q(nilai_materi__range=(1, 5), nilai_narasumber__range=(1, 5),
                            nilai_penyelenggaraan__range=(1, 5), nilai_manfaat__range=(1, 5)),
                name="evaluasi_nilai_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Evaluasi {self.peserta_id}"


class KegiatanEvent(models.Model):
    """The history of an event: who created, changed, announced, cancelled it, marked attendance."""

    class Jenis(models.TextChoices):
        DIBUAT = "dibuat", _("Dibuat")
        DIUBAH = "diubah", _("Diubah")
        DIUMUMKAN = "diumumkan", _("Diumumkan dan undangan dikirim")
        DIBATALKAN = "dibatalkan", _("Dibatalkan")
        MATERI = "materi", _("Materi diunggah")
        PRESENSI = "presensi", _("Presensi diubah panitia")
        WALKIN = "walkin", _("Peserta langsung ditambahkan")
        QR_BARU = "qr_baru", _("Kode QR diganti")

    kegiatan = models.ForeignKey(Kegiatan, on_delete=models.CASCADE, related_name="riwayat")
    waktu = models.DateTimeField(default=timezone.now, db_index=True)
    aktor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    jenis = models.CharField(max_length=16, choices=Jenis.choices)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-waktu", "-id"]

    class Scope:
        wilayah_field = "kegiatan__wilayah__kode"
        kim_field = None

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} — {self.kegiatan_id}"
