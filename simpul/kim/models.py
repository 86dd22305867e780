from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel, Peristiwa
from simpul.core.peran import Jabatan


class StatusKim(models.TextChoices):
    DRAF = "draf", _("Draf")
    DIAJUKAN = "diajukan", _("Diajukan")
    PERLU_REVISI = "perlu_revisi", _("Perlu revisi")
    AKTIF = "aktif", _("Aktif")
    DITOLAK = "ditolak", _("Ditolak")
    DIBEKUKAN = "dibekukan", _("Dibekukan")


# Statuses a KIM can be edited by its officers in (the wizard works in these).
STATUS_DAPAT_DIUBAH = (StatusKim.DRAF, StatusKim.PERLU_REVISI)


class SumberDana(models.TextChoices):
    IURAN = "iuran", _("Iuran anggota")
    USAHA = "usaha", _("Usaha KIM")
    HIBAH = "hibah", _("Hibah/donasi")
    DANA_DESA = "dana_desa", _("Dana desa")
    APBD = "apbd", _("APBD")
    LAINNYA = "lainnya", _("Lainnya")


# A KIM mandiri is not financed by the regional or village budget.
SUMBER_DANA_PEMERINTAH = frozenset({SumberDana.DANA_DESA, SumberDana.APBD})

MEDIA_SOSIAL = ("website", "facebook", "instagram", "youtube", "tiktok", "x")


class KimQuerySet(models.QuerySet):
    def publik(self):
        """KIMs anyone may see: active or frozen (a frozen KIM's page says so)."""
        return self.filter(status__in=[StatusKim.AKTIF, StatusKim.DIBEKUKAN])

    def aktif(self):
        return self.filter(status=StatusKim.AKTIF)


class Kim(BaseModel):
    nama = models.CharField(_("nama KIM"), max_length=120)
    nama_normal = models.CharField(max_length=120, editable=False)
    slug = models.SlugField(_("alamat halaman"), max_length=140, unique=True)
    desa = models.ForeignKey(
        "wilayah.Wilayah", verbose_name=_("desa/kelurahan"), on_delete=models.PROTECT, related_name="kim",
    )
    alamat = models.CharField(_("alamat sekretariat"), max_length=255, blank=True)
    telepon = models.CharField(_("telepon/WhatsApp"), max_length=16, blank=True)
    email = models.EmailField(_("email"), blank=True)
    tanggal_berdiri = models.DateField(_("tanggal berdiri"), null=True, blank=True)
    deskripsi = models.TextField(_("tentang KIM"), blank=True, max_length=4000)
    situs_kimid = models.URLField(_("situs kim.id"), blank=True)
    media_sosial = models.JSONField(_("media dan media sosial"), default=dict, blank=True)
    sumber_dana = models.JSONField(_("sumber dana"), default=list, blank=True)
    # Derived, never typed: True when no declared source is APBD or dana desa (the keuangan
    # issue later derives it from the ledger). Stored for set-based coverage queries.
    mandiri = models.BooleanField(_("KIM mandiri"), default=False, db_index=True, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=StatusKim.choices, default=StatusKim.DRAF)
    langkah_wizard = models.PositiveSmallIntegerField(default=1, editable=False)
    diajukan_pada = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    aktif_sejak = models.DateTimeField(_("aktif sejak"), null=True, blank=True)
    lat = models.FloatField(_("lintang"), null=True, blank=True)
    lng = models.FloatField(_("bujur"), null=True, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )

    objects = KimQuerySet.as_manager()

    class Meta:
        verbose_name = _("KIM")
        verbose_name_plural = _("KIM")
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["desa", "nama_normal"], condition=~Q(status="ditolak"), name="kim_nama_unik_per_desa",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "desa"], name="kim_status_desa"),
            models.Index(fields=["status", "mandiri", "desa"], name="kim_status_mandiri_desa"),
            # Page orders that walk an index for their first rows instead of sorting ~100,000 KIMs:
            # the public directory (by normalised name), the finance overview (by name) and the
            # newest public KIMs of a region home.
            models.Index(fields=["nama_normal", "id"], name="kim_nama_normal_id"),
            models.Index(fields=["nama", "id"], name="kim_nama_id"),
            models.Index(
                models.F("aktif_sejak").desc(), models.F("id").desc(),
                condition=Q(status__in=["aktif", "dibekukan"], aktif_sejak__isnull=False),
                name="kim_publik_terbaru",
            ),
        ]

    class Scope:
        wilayah_field = "desa__kode"
        kim_field = "id"

    def __str__(self) -> str:
        return self.nama

    @property
    def dapat_diubah(self) -> bool:
        return self.status in STATUS_DAPAT_DIUBAH


class KelompokUmur(models.TextChoices):
    U13_17 = "13-17", _("13–17 tahun")
    U18_25 = "18-25", _("18–25 tahun")
    U26_35 = "26-35", _("26–35 tahun")
    U36_45 = "36-45", _("36–45 tahun")
    U46_55 = "46-55", _("46–55 tahun")
    U56 = "56+", _("56 tahun ke atas")


class JenisKelamin(models.TextChoices):
    LAKI_LAKI = "L", _("Laki-laki")
    PEREMPUAN = "P", _("Perempuan")


class Anggota(BaseModel):
    """A member. Members need not be registered residents of the desa. Minimal personal data:
    no NIK, no address."""

    kim = models.ForeignKey(Kim, on_delete=models.CASCADE, related_name="anggota")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="keanggotaan",
    )
    nama = models.CharField(_("nama"), max_length=150)
    telepon = models.CharField(_("telepon"), max_length=16, blank=True)
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin.choices, blank=True)
    kelompok_umur = models.CharField(_("kelompok umur"), max_length=5, choices=KelompokUmur.choices, blank=True)
    tanggal_gabung = models.DateField(_("tanggal bergabung"), default=timezone.localdate)
    aktif = models.BooleanField(_("aktif"), default=True)
    tanggal_keluar = models.DateField(_("tanggal keluar"), null=True, blank=True)

    class Meta:
        verbose_name = _("anggota")
        verbose_name_plural = _("anggota")
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(fields=["kim", "user"], condition=Q(user__isnull=False), name="anggota_user_unik"),
        ]
        indexes = [models.Index(fields=["kim", "aktif"], name="anggota_kim_aktif")]

    class Scope:
        wilayah_field = "kim__desa__kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        return self.nama


class Pengurus(BaseModel):
    """An officer position held by a member for a term."""

    kim = models.ForeignKey(Kim, on_delete=models.CASCADE, related_name="pengurus")
    anggota = models.ForeignKey(Anggota, on_delete=models.CASCADE, related_name="jabatan")
    jabatan = models.CharField(_("jabatan"), max_length=12, choices=Jabatan.choices)
    nama_seksi = models.CharField(_("nama seksi"), max_length=80, blank=True)
    mulai = models.DateField(_("mulai menjabat"), default=timezone.localdate)
    selesai = models.DateField(_("akhir masa jabatan"), null=True, blank=True)
    diberhentikan = models.DateField(_("diberhentikan"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengurus")
        verbose_name_plural = _("pengurus")
        ordering = ["kim", "jabatan"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gt=models.F("mulai")), name="pengurus_masa_valid",
            ),
            models.UniqueConstraint(
                fields=["kim", "jabatan"], condition=Q(diberhentikan__isnull=True, jabatan__in=["ketua", "sekretaris", "bendahara"]),
                name="pengurus_inti_unik",
            ),
        ]

    class Scope:
        wilayah_field = "kim__desa__kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        label = self.nama_seksi if self.jabatan == Jabatan.SEKSI and self.nama_seksi else self.get_jabatan_display()
        return f"{label}: {self.anggota}"

    @property
    def label_jabatan(self) -> str:
        if self.jabatan == Jabatan.SEKSI and self.nama_seksi:
            return f"{self.get_jabatan_display()} {self.nama_seksi}"
        return str(self.get_jabatan_display())


class PenerbitSK(models.TextChoices):
    KEPALA_DESA = "kepala_desa", _("Kepala desa")
    LURAH = "lurah", _("Lurah")
    CAMAT = "camat", _("Camat")
    DISKOMINFO = "diskominfo", _("Diskominfo")


def penyimpanan_privat():
    """Storage for KIM decrees and founding documents: outside MEDIA_ROOT, never served by a
    public URL (see ``views.berkas_sk`` / ``views.berkas_dokumen``, which check scope)."""
    return storages["privat"]


def _sk_path(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"kim/{instance.kim_id}/sk/{timezone.now():%Y%m%d%H%M%S}.{ext}"


def _dokumen_path(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"kim/{instance.kim_id}/dokumen/{instance.jenis}-{timezone.now():%Y%m%d%H%M%S}.{ext}"


class SuratKeputusan(BaseModel):
    """The decree (SK) confirming the KIM and its officers, with its term."""

    kim = models.ForeignKey(Kim, on_delete=models.CASCADE, related_name="sk")
    nomor = models.CharField(_("nomor SK"), max_length=100)
    tanggal = models.DateField(_("tanggal SK"))
    penerbit_jenis = models.CharField(_("diterbitkan oleh"), max_length=12, choices=PenerbitSK.choices)
    penerbit_nama = models.CharField(_("nama pejabat/instansi penerbit"), max_length=150, blank=True)
    berlaku_sampai = models.DateField(_("berlaku sampai"))
    berkas = models.FileField(_("berkas SK"), upload_to=_sk_path, storage=penyimpanan_privat)
    berkas_jenis = models.CharField(max_length=40, editable=False)
    berkas_ukuran = models.PositiveIntegerField(default=0, editable=False)
    # Days-before-expiry reminders already sent (idempotent reminders), e.g. [60, 30].
    pengingat_terkirim = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("surat keputusan")
        verbose_name_plural = _("surat keputusan")
        ordering = ["-tanggal", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(berlaku_sampai__gt=models.F("tanggal")), name="sk_masa_valid"),
        ]
        indexes = [models.Index(fields=["berlaku_sampai"], name="sk_berlaku_sampai")]

    class Scope:
        wilayah_field = "kim__desa__kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        return self.nomor


class JenisDokumen(models.TextChoices):
    NOTULEN = "notulen", _("Notulen rapat pembentukan")
    DAFTAR_HADIR = "daftar_hadir", _("Daftar hadir rapat pembentukan")
    LAINNYA = "lainnya", _("Dokumen lainnya")


class DokumenKim(BaseModel):
    kim = models.ForeignKey(Kim, on_delete=models.CASCADE, related_name="dokumen")
    jenis = models.CharField(_("jenis dokumen"), max_length=16, choices=JenisDokumen.choices)
    judul = models.CharField(_("judul"), max_length=150, blank=True)
    berkas = models.FileField(_("berkas"), upload_to=_dokumen_path, storage=penyimpanan_privat)
    berkas_jenis = models.CharField(max_length=40, editable=False)
    berkas_ukuran = models.PositiveIntegerField(default=0, editable=False)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("dokumen KIM")
        verbose_name_plural = _("dokumen KIM")
        ordering = ["jenis", "-dibuat"]

    class Scope:
        wilayah_field = "kim__desa__kode"
        kim_field = "kim_id"


class KimEvent(Peristiwa):
    """The full history of a KIM: who did what, when, and why."""

    class Jenis(models.TextChoices):
        DIBUAT = "dibuat", _("Draf dibuat")
        DIUBAH = "diubah", _("Profil diubah")
        DIAJUKAN = "diajukan", _("Diajukan untuk verifikasi")
        REVISI_DIMINTA = "revisi_diminta", _("Revisi diminta")
        DISETUJUI = "disetujui", _("Disetujui dan diaktifkan")
        DITOLAK = "ditolak", _("Ditolak")
        DIBEKUKAN = "dibekukan", _("Dibekukan")
        DIAKTIFKAN_KEMBALI = "diaktifkan_kembali", _("Diaktifkan kembali")
        ANGGOTA = "anggota", _("Anggota diubah")
        PENGURUS = "pengurus", _("Pengurus diubah")
        SK = "sk", _("SK diunggah")
        DOKUMEN = "dokumen", _("Dokumen diunggah")
        PENGINGAT_SK = "pengingat_sk", _("Pengingat masa SK dikirim")

    kim = models.ForeignKey(Kim, on_delete=models.CASCADE, related_name="riwayat")
    jenis = models.CharField(max_length=24, choices=Jenis.choices)
    dari_status = models.CharField(max_length=16, choices=StatusKim.choices, blank=True)
    ke_status = models.CharField(max_length=16, choices=StatusKim.choices, blank=True)
    alasan = models.TextField(_("alasan/catatan"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-waktu", "-id"]
        verbose_name = _("riwayat KIM")
        verbose_name_plural = _("riwayat KIM")

    class Scope:
        wilayah_field = "kim__desa__kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} — {self.kim}"
