"""Dissemination campaigns: an office writes a campaign, publishing fans it out to every active
KIM in its target regions (one :class:`Penerimaan` per KIM), KIMs acknowledge it and report the
reach of each re-dissemination (:class:`LaporanJangkauan`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel, Peristiwa
from simpul.wilayah.models import PANJANG_KODE, Tingkat


class Kategori(models.TextChoices):
    PROGRAM_PEMERINTAH = "program_pemerintah", _("Program pemerintah")
    KESEHATAN = "kesehatan", _("Kesehatan")
    PENDIDIKAN = "pendidikan", _("Pendidikan")
    EKONOMI = "ekonomi", _("Ekonomi dan UMKM")
    KEBENCANAAN = "kebencanaan", _("Kebencanaan")
    ACARA = "acara", _("Acara dan pariwisata")
    PEMILU = "pemilu", _("Pemilu dan demokrasi")
    KLARIFIKASI_HOAKS = "klarifikasi_hoaks", _("Klarifikasi hoaks")
    LAINNYA = "lainnya", _("Lainnya")


class Prioritas(models.TextChoices):
    BIASA = "biasa", _("Biasa")
    PENTING = "penting", _("Penting")
    MENDESAK = "mendesak", _("Mendesak")


class StatusKampanye(models.TextChoices):
    DRAF = "draf", _("Draf")
    TERBIT = "terbit", _("Terbit")
    DITUTUP = "ditutup", _("Ditutup")


class Saluran(models.TextChoices):
    PERTEMUAN_WARGA = "pertemuan_warga", _("Pertemuan warga")
    GRUP_WHATSAPP = "grup_whatsapp", _("Grup WhatsApp")
    MEDIA_SOSIAL = "media_sosial", _("Media sosial")
    PENGERAS_SUARA = "pengeras_suara", _("Pengeras suara / masjid")
    PAPAN_INFORMASI = "papan_informasi", _("Papan informasi")
    RADIO_KOMUNITAS = "radio_komunitas", _("Radio komunitas")
    LAINNYA = "lainnya", _("Lainnya")


class Kampanye(BaseModel):
    """A campaign written by an office. ``kantor_kode`` is the region of the office that owns it
    ("" = Komdigi, national); its targets must lie inside that region."""

    judul = models.CharField(_("judul"), max_length=200)
    isi = models.TextField(_("isi (Markdown)"), max_length=20_000)
    kategori = models.CharField(_("kategori"), max_length=24, choices=Kategori.choices)
    prioritas = models.CharField(_("prioritas"), max_length=10, choices=Prioritas.choices, default=Prioritas.BIASA)
    mulai = models.DateField(_("tanggal mulai"))
    selesai = models.DateField(_("tanggal selesai"))
    status = models.CharField(_("status"), max_length=10, choices=StatusKampanye.choices, default=StatusKampanye.DRAF)
    kantor_kode = models.CharField(_("wilayah kantor"), max_length=13, blank=True, db_index=True)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    diterbitkan_pada = models.DateTimeField(_("diterbitkan pada"), null=True, blank=True)
    ditutup_pada = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    # The day "remind those who have not reported" last ran (claimed with a conditional UPDATE).
    pengingat_terakhir = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("kampanye")
        verbose_name_plural = _("kampanye")
        ordering = ["-mulai", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(selesai__gte=models.F("mulai")), name="kampanye_masa_valid"),
        ]
        indexes = [models.Index(fields=["status", "selesai"], name="kampanye_status_selesai")]

    class Scope:
        wilayah_field = "kantor_kode"
        kim_field = None

    def __str__(self) -> str:
        return self.judul

    @property
    def berjalan(self) -> bool:
        return self.status == StatusKampanye.TERBIT and self.selesai >= timezone.localdate()

    @property
    def hoaks(self) -> bool:
        return self.kategori == Kategori.KLARIFIKASI_HOAKS


class KampanyeTarget(models.Model):
    kampanye = models.ForeignKey(Kampanye, on_delete=models.CASCADE, related_name="target")
    wilayah = models.ForeignKey("wilayah.Wilayah", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kampanye", "wilayah"], name="kampanye_target_unik")]
        indexes = [models.Index(fields=["wilayah", "kampanye"], name="kampanye_target_wilayah")]

    def __str__(self) -> str:
        return self.wilayah_id


def _lampiran_path(instance, filename: str) -> str:
    return f"diseminasi/{instance.kampanye_id}/{filename}"


class Lampiran(BaseModel):
    """An attachment: a photo (re-encoded by core.gambar) or a PDF (checked by content)."""

    class Jenis(models.TextChoices):
        GAMBAR = "gambar", _("Gambar")
        PDF = "pdf", _("PDF")

    kampanye = models.ForeignKey(Kampanye, on_delete=models.CASCADE, related_name="lampiran")
    jenis = models.CharField(max_length=8, choices=Jenis.choices)
    judul = models.CharField(_("keterangan"), max_length=150, blank=True)
    berkas = models.FileField(_("berkas"), upload_to=_lampiran_path)
    ukuran = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")

    class Scope:
        wilayah_field = "kampanye__kantor_kode"
        kim_field = None

    def __str__(self) -> str:
        return self.judul or self.berkas.name


class Penerimaan(BaseModel):
    """One campaign delivered to one KIM. Created set-based by publishing (never one by one);
    ``desa_kode``, ``jumlah_laporan`` and ``jangkauan`` are copies kept for set-based figures."""

    # Few indexes, since publishing inserts 100,000 rows at once: the FKs' own indexes are
    # covered by the unique (kampanye, kim) and by (kim, kampanye); ``dibuat`` is not searched.
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    kampanye = models.ForeignKey(Kampanye, on_delete=models.CASCADE, related_name="penerimaan", db_index=False)
    kim = models.ForeignKey("kim.Kim", on_delete=models.CASCADE, related_name="penerimaan_kampanye",
                            db_index=False)
    desa_kode = models.CharField(max_length=13)
    diakui_pada = models.DateTimeField(_("diterima pada"), null=True, blank=True)
    diakui_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", db_index=False)
    diberitahu_pada = models.DateTimeField(null=True, blank=True)
    jumlah_laporan = models.PositiveIntegerField(default=0)
    jangkauan = models.PositiveBigIntegerField(default=0)
    dilaporkan_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("penerimaan kampanye")
        verbose_name_plural = _("penerimaan kampanye")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["kampanye", "kim"], name="penerimaan_unik")]
        indexes = [
            # Covering: the dashboard's GROUP BYs read the index only (INCLUDE would warn on SQLite).
            models.Index(fields=["kampanye", "desa_kode", "diakui_pada", "jumlah_laporan", "jangkauan"],
                         name="penerimaan_kampanye_desa"),
            models.Index(fields=["kim", "kampanye"], name="penerimaan_kim"),
        ]

    class Scope:
        wilayah_field = "desa_kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        return f"{self.kampanye_id} → {self.kim_id}"


def _bukti_path(instance, filename: str) -> str:
    return f"diseminasi/bukti/{instance.kampanye_id}/{filename}"


class LaporanJangkauan(BaseModel):
    """One re-dissemination by a KIM and how many people it reached."""

    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    # FK indexes covered by the unique (penerimaan, kunci) and by (kampanye, saluran).
    penerimaan = models.ForeignKey(Penerimaan, on_delete=models.CASCADE, related_name="laporan", db_index=False)
    kampanye = models.ForeignKey(Kampanye, on_delete=models.CASCADE, related_name="+", db_index=False)
    saluran = models.CharField(_("saluran"), max_length=20, choices=Saluran.choices)
    tanggal = models.DateField(_("tanggal"))
    jumlah_orang = models.PositiveIntegerField(_("jumlah orang terjangkau"))
    tautan = models.URLField(_("tautan bukti"), blank=True, max_length=500)
    foto = models.FileField(_("foto bukti"), upload_to=_bukti_path, blank=True)
    catatan = models.CharField(_("catatan"), max_length=500, blank=True)
    dilaporkan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    # Idempotency key from the form: a double submit on a weak signal makes one report.
    kunci = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("laporan jangkauan")
        verbose_name_plural = _("laporan jangkauan")
        ordering = ["-tanggal", "-id"]
        constraints = [models.UniqueConstraint(fields=["penerimaan", "kunci"], name="laporan_kunci_unik")]
        indexes = [models.Index(fields=["kampanye", "saluran", "jumlah_orang"], name="laporan_kampanye_saluran")]

    class Scope:
        wilayah_field = "penerimaan__desa_kode"
        kim_field = "penerimaan__kim_id"

    def __str__(self) -> str:
        return f"{self.get_saluran_display()}: {self.jumlah_orang}"


PANJANG_KEC = PANJANG_KODE[Tingkat.KECAMATAN]  # a summary row's ``kode``: the desa code's kecamatan prefix


class RingkasanWilayah(models.Model):
    """A campaign's figures per kecamatan, kept current by the services in the same transaction
    as the act (publishing, a KIM getting a running campaign, acknowledging, reporting), so the
    dashboard sums a few thousand rows instead of grouping every delivery and every report.
    ``manage.py ringkasan_diseminasi`` (and the daily ``diseminasi.ringkasan`` task) recomputes
    them from the raw rows. Per channel: ``lap_<saluran>`` reports and ``orang_<saluran>`` people."""

    kampanye = models.ForeignKey(Kampanye, on_delete=models.CASCADE, related_name="+", db_index=False)
    kode = models.CharField(max_length=13)  # the kecamatan: the first PANJANG_KEC characters of the desa code
    total = models.PositiveIntegerField(default=0)
    diakui = models.PositiveIntegerField(default=0)
    melapor = models.PositiveIntegerField(default=0)
    laporan = models.PositiveIntegerField(default=0)
    jangkauan = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("ringkasan kampanye per kecamatan")
        verbose_name_plural = _("ringkasan kampanye per kecamatan")
        constraints = [models.UniqueConstraint(fields=["kampanye", "kode"], name="ringkasan_kampanye_kode")]

    class Scope:
        wilayah_field = "kode"
        kim_field = None

    def __str__(self) -> str:
        return f"{self.kampanye_id} / {self.kode}"


for _s in Saluran:
    RingkasanWilayah.add_to_class(f"lap_{_s.value}", models.PositiveIntegerField(default=0))
    RingkasanWilayah.add_to_class(f"orang_{_s.value}", models.PositiveBigIntegerField(default=0))
del _s


class KampanyeEvent(Peristiwa):
    """Audit trail of a campaign: created, changed, published, reminded, closed."""

    class Jenis(models.TextChoices):
        DIBUAT = "dibuat", _("Draf dibuat")
        DIUBAH = "diubah", _("Diubah")
        DITERBITKAN = "diterbitkan", _("Diterbitkan")
        PENGINGAT = "pengingat", _("Pengingat dikirim")
        DITUTUP = "ditutup", _("Ditutup")

    kampanye = models.ForeignKey(Kampanye, on_delete=models.CASCADE, related_name="riwayat")
    jenis = models.CharField(max_length=16, choices=Jenis.choices)

    class Meta:
        ordering = ["-waktu", "-id"]
        verbose_name = _("riwayat kampanye")
        verbose_name_plural = _("riwayat kampanye")

    class Scope:
        wilayah_field = "kampanye__kantor_kode"
        kim_field = None

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} — {self.kampanye}"
