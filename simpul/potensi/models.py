from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel, Peristiwa


class Kategori(models.TextChoices):
    PERTANIAN = "pertanian", _("Hasil pertanian & perkebunan")
    PERIKANAN = "perikanan", _("Hasil perikanan & laut")
    KULINER = "kuliner", _("Makanan & minuman olahan")
    KERAJINAN = "kerajinan", _("Kerajinan & tenun")
    JASA = "jasa", _("Jasa")
    WISATA = "wisata", _("Wisata")
    PENGINAPAN = "penginapan", _("Penginapan & homestay")
    LAINNYA = "lainnya", _("Lainnya")


class StatusPotensi(models.TextChoices):
    DRAF = "draf", _("Draf")
    TERBIT = "terbit", _("Terbit")
    DISEMBUNYIKAN = "disembunyikan", _("Disembunyikan")


class PotensiQuerySet(models.QuerySet):
    def publik(self):
        """Listings anyone may see: published, of a KIM that is active."""
        return self.filter(status=StatusPotensi.TERBIT, kim__status="aktif")


class Potensi(BaseModel):
    """A local product, service or tourism offer listed by a KIM (``Aksi.POTENSI_KELOLA``).

    The seller's own phone number is shown (and used for the WhatsApp order link) only when
    their consent to publish it is recorded (``izin_kontak_pada``, UU PDP); otherwise orders go
    to the KIM's public number."""

    kim = models.ForeignKey("kim.Kim", verbose_name=_("KIM"), on_delete=models.PROTECT, related_name="potensi")
    desa = models.ForeignKey("wilayah.Wilayah", verbose_name=_("lokasi (desa/kelurahan)"),
                             on_delete=models.PROTECT, related_name="+")
    nama = models.CharField(_("nama"), max_length=120)
    slug = models.SlugField(_("alamat halaman"), max_length=140, unique=True)
    kategori = models.CharField(_("kategori"), max_length=12, choices=Kategori.choices)
    deskripsi = models.TextField(_("deskripsi"), max_length=4000, blank=True)
    harga_min = models.PositiveBigIntegerField(_("harga terendah (Rp)"), null=True, blank=True)
    harga_maks = models.PositiveBigIntegerField(_("harga tertinggi (Rp)"), null=True, blank=True)
    satuan = models.CharField(_("satuan"), max_length=40, blank=True, help_text=_("mis. per kg, per malam"))
    usaha_kim = models.BooleanField(_("usaha KIM"), default=False, db_index=True,
                                    help_text=_("Usaha yang dijalankan KIM sendiri"))
    penjual_nama = models.CharField(_("nama penjual"), max_length=120, blank=True)
    penjual_telepon = models.CharField(_("nomor WhatsApp penjual"), max_length=16, blank=True)
    # Consent (UU PDP) to show the seller's number: when, and who recorded it.
    izin_kontak_pada = models.DateTimeField(_("izin kontak dicatat"), null=True, blank=True)
    izin_kontak_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=14, choices=StatusPotensi.choices,
                              default=StatusPotensi.DRAF)
    alasan_sembunyi = models.CharField(_("alasan disembunyikan"), max_length=300, blank=True)
    diterbitkan_pada = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    objects = PotensiQuerySet.as_manager()

    class Meta:
        verbose_name = _("potensi")
        verbose_name_plural = _("potensi")
        ordering = ["-diterbitkan_pada", "-id"]
        indexes = [
            models.Index(fields=["status", "kategori", "-diterbitkan_pada"], name="potensi_status_kategori"),
            models.Index(fields=["status", "desa", "-diterbitkan_pada"], name="potensi_status_desa"),
            models.Index(fields=["kim", "status"], name="potensi_kim_status"),
            # "The newest N published listings" (catalogue, API, portal homes) walk this and stop.
            models.Index(fields=["-diterbitkan_pada", "-id"], condition=Q(status=StatusPotensi.TERBIT),
                         name="potensi_terbit_baru"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(harga_min__isnull=True) | Q(harga_maks__isnull=True) | Q(harga_maks__gte=models.F("harga_min")),
                name="potensi_harga_urut"),
        ]

    class Scope:
        wilayah_field = "kim__desa__kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        return self.nama

    @property
    def izin_kontak(self) -> bool:
        return self.izin_kontak_pada is not None and bool(self.penjual_telepon)


class FotoPotensi(BaseModel):
    """A photo of a listing, re-encoded by ``core.gambar`` (<= 150 KB, no EXIF/GPS)."""

    potensi = models.ForeignKey(Potensi, on_delete=models.CASCADE, related_name="foto")
    berkas = models.ImageField(upload_to="potensi/%Y/%m/", width_field="lebar", height_field="tinggi")
    lebar = models.PositiveIntegerField(default=0)
    tinggi = models.PositiveIntegerField(default=0)
    keterangan = models.CharField(_("keterangan foto"), max_length=160, blank=True)
    urutan = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("foto potensi")
        verbose_name_plural = _("foto potensi")
        ordering = ["urutan", "id"]

    def __str__(self) -> str:
        return self.keterangan or self.berkas.name


class AlasanLaporan(models.TextChoices):
    PENIPUAN = "penipuan", _("Dugaan penipuan")
    TIDAK_PANTAS = "tidak_pantas", _("Isi tidak pantas atau melanggar hukum")
    SALAH = "salah", _("Informasi salah atau usang")
    LAINNYA = "lainnya", _("Lainnya")


class LaporanPotensi(BaseModel):
    """A report of abuse by anyone (signed in or not). One per reporter per listing
    (``kunci_pelapor``: the user, or a hash of the client address)."""

    potensi = models.ForeignKey(Potensi, on_delete=models.CASCADE, related_name="laporan")
    alasan = models.CharField(_("alasan"), max_length=14, choices=AlasanLaporan.choices)
    catatan = models.TextField(_("catatan"), max_length=1000, blank=True)
    pelapor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    kunci_pelapor = models.CharField(max_length=64)
    ditangani_pada = models.DateTimeField(null=True, blank=True)
    ditangani_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")

    class Meta:
        verbose_name = _("laporan potensi")
        verbose_name_plural = _("laporan potensi")
        ordering = ["-dibuat"]
        constraints = [
            models.UniqueConstraint(fields=["potensi", "kunci_pelapor"], name="laporan_potensi_sekali"),
        ]

    class Scope:
        wilayah_field = "potensi__kim__desa__kode"
        kim_field = "potensi__kim_id"


class JenisPeristiwa(models.TextChoices):
    DIBUAT = "dibuat", _("Dibuat")
    DIUBAH = "diubah", _("Diubah")
    DITERBITKAN = "diterbitkan", _("Diterbitkan")
    DISEMBUNYIKAN = "disembunyikan", _("Disembunyikan")
    DITAMPILKAN = "ditampilkan", _("Ditampilkan lagi")
    DILAPORKAN = "dilaporkan", _("Dilaporkan")
    LAPORAN_DITANGANI = "laporan_ditangani", _("Laporan ditangani")
    FOTO = "foto", _("Foto diubah")
    IZIN_KONTAK = "izin_kontak", _("Izin kontak diubah")


class PotensiEvent(Peristiwa):
    potensi = models.ForeignKey(Potensi, on_delete=models.CASCADE, related_name="peristiwa")
    jenis = models.CharField(max_length=20, choices=JenisPeristiwa.choices)
    alasan = models.CharField(max_length=300, blank=True)

    class Meta(Peristiwa.Meta):
        verbose_name = _("peristiwa potensi")
        verbose_name_plural = _("peristiwa potensi")

    def __str__(self) -> str:
        return f"{self.potensi_id} {self.jenis}"
