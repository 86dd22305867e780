from django.db import models
from django.utils.translation import gettext_lazy as _

from simpul.core.kode import leluhur


class Tingkat(models.IntegerChoices):
    PROVINSI = 1, _("Provinsi")
    KABKOTA = 2, _("Kabupaten/Kota")
    KECAMATAN = 3, _("Kecamatan")
    DESA = 4, _("Desa/Kelurahan")


class Jenis(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DESA = "desa", _("Desa")
    KELURAHAN = "kelurahan", _("Kelurahan")


TINGKAT_JENIS = {
    Jenis.PROVINSI: Tingkat.PROVINSI,
    Jenis.KABUPATEN: Tingkat.KABKOTA,
    Jenis.KOTA: Tingkat.KABKOTA,
    Jenis.KECAMATAN: Tingkat.KECAMATAN,
    Jenis.DESA: Tingkat.DESA,
    Jenis.KELURAHAN: Tingkat.DESA,
}

# Length of a code at each level: "76", "76.02", "76.02.02", "76.02.02.2001".
PANJANG_KODE = {Tingkat.PROVINSI: 2, Tingkat.KABKOTA: 5, Tingkat.KECAMATAN: 8, Tingkat.DESA: 13}


def nama_lengkap(jenis: str, nama: str) -> str:
    """A region's name with its level for kecamatan and desa ("Kecamatan Tapalang"), from its
    ``jenis`` and ``nama`` (for rows read without building a model instance)."""
    if jenis in (Jenis.KECAMATAN, Jenis.DESA, Jenis.KELURAHAN):
        return f"{Jenis(jenis).label} {nama}"
    return nama


class Wilayah(models.Model):
    """An administrative region with its Kemendagri code (Kepmendagri 300.2.2-2138/2025).

    Never deleted: a code dropped by a new decree becomes inactive, since KIMs may point to it.
    """

    kode = models.CharField(_("kode"), max_length=13, primary_key=True)
    nama = models.CharField(_("nama"), max_length=120)
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    tingkat = models.PositiveSmallIntegerField(_("tingkat"), choices=Tingkat.choices, db_index=True)
    induk = models.ForeignKey(
        "self", verbose_name=_("induk"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="anak",
    )
    # Lower-case, accent-free name for search ("Kabupaten " / "Kota " prefixes kept).
    nama_cari = models.CharField(max_length=120, db_index=True, editable=False)
    lat = models.FloatField(_("lintang"), null=True, blank=True)
    lng = models.FloatField(_("bujur"), null=True, blank=True)
    luas_km2 = models.DecimalField(_("luas (km²)"), max_digits=12, decimal_places=3, null=True, blank=True)
    penduduk = models.PositiveIntegerField(_("penduduk"), null=True, blank=True)
    aktif = models.BooleanField(_("aktif"), default=True, db_index=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["kode"]
        indexes = [models.Index(fields=["tingkat", "aktif", "kode"], name="wilayah_tingkat_aktif_kode")]

    class Scope:
        wilayah_field = "kode"
        kim_field = None

    def __str__(self) -> str:
        return self.nama

    @property
    def is_desa(self) -> bool:
        return self.tingkat == Tingkat.DESA

    @property
    def nama_lengkap(self) -> str:
        """Name with its level for kecamatan and desa ("Kecamatan Tapalang")."""
        return nama_lengkap(self.jenis, self.nama)

    def kode_leluhur(self) -> list[str]:
        """Codes of the ancestors, top first, derived from the code itself (no query)."""
        return leluhur(self.kode)
