"""News written by KIM members (citizen journalism) with an editorial review.

Workflow: draf -> diajukan -> perlu_revisi (-> diajukan again) / disetujui -> terbit; an approved
article with a future ``terbit_pada`` waits in ``disetujui`` until the periodic task publishes it.
An editor can withdraw a published article (``ditarik``). Only ``terbit`` is ever public.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel, Peristiwa


class StatusArtikel(models.TextChoices):
    DRAF = "draf", _("Draf")
    DIAJUKAN = "diajukan", _("Menunggu penyuntingan")
    PERLU_REVISI = "perlu_revisi", _("Perlu revisi")
    DISETUJUI = "disetujui", _("Disetujui, terbit terjadwal")
    TERBIT = "terbit", _("Terbit")
    DITARIK = "ditarik", _("Ditarik")


# The writer may change the text in these statuses.
STATUS_DAPAT_DITULIS = (StatusArtikel.DRAF, StatusArtikel.PERLU_REVISI)


class Penyunting(models.TextChoices):
    """Who reviews and publishes the news of a region's KIMs."""

    KIM = "kim", _("Pengurus KIM (ketua, sekretaris, bendahara) dan Diskominfo")
    DISKOMINFO = "diskominfo", _("Hanya Diskominfo")


class Kategori(BaseModel):
    nama = models.CharField(_("nama"), max_length=60, unique=True)
    slug = models.SlugField(_("slug"), max_length=70, unique=True)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=50)

    class Meta:
        verbose_name = _("kategori berita")
        verbose_name_plural = _("kategori berita")
        ordering = ["urutan", "nama"]

    def __str__(self) -> str:
        return self.nama


class Tag(models.Model):
    nama = models.CharField(_("nama"), max_length=40)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tag")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.nama


def _foto_path(instance, filename: str) -> str:
    return f"berita/{instance.kim_id}/{filename}"


class ArtikelQuerySet(models.QuerySet):
    def terbit(self):
        return self.filter(status=StatusArtikel.TERBIT)


class Artikel(BaseModel):
    kim = models.ForeignKey("kim.Kim", on_delete=models.CASCADE, related_name="artikel")
    # The KIM's desa code, copied on write: regional lists filter on it by prefix, with no join.
    wilayah_kode = models.CharField(max_length=13, editable=False)
    penulis = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    judul = models.CharField(_("judul"), max_length=150)
    slug = models.SlugField(_("alamat"), max_length=160)
    isi = models.TextField(_("isi (Markdown)"), max_length=20000)
    ringkasan = models.CharField(_("ringkasan"), max_length=300, blank=True, editable=False)
    foto = models.ImageField(_("foto utama"), upload_to=_foto_path, blank=True, width_field="foto_lebar",
                             height_field="foto_tinggi")
    foto_lebar = models.PositiveIntegerField(null=True, blank=True, editable=False)
    foto_tinggi = models.PositiveIntegerField(null=True, blank=True, editable=False)
    foto_keterangan = models.CharField(_("keterangan foto"), max_length=200, blank=True)
    kategori = models.ForeignKey(Kategori, verbose_name=_("kategori"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="artikel")
    tag = models.ManyToManyField(Tag, verbose_name=_("tag"), blank=True, related_name="artikel")
    status = models.CharField(_("status"), max_length=16, choices=StatusArtikel.choices, default=StatusArtikel.DRAF)
    diajukan_pada = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    # Publication time: planned while "disetujui", actual once "terbit".
    terbit_pada = models.DateTimeField(_("terbit pada"), null=True, blank=True)
    penyunting = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = ArtikelQuerySet.as_manager()

    class Meta:
        verbose_name = _("artikel berita")
        verbose_name_plural = _("artikel berita")
        ordering = ["-terbit_pada", "-id"]
        constraints = [models.UniqueConstraint(fields=["kim", "slug"], name="artikel_slug_unik_per_kim")]
        indexes = [
            models.Index(fields=["status", "wilayah_kode", "terbit_pada"], name="artikel_status_wilayah"),
            models.Index(fields=["kim", "status", "terbit_pada"], name="artikel_kim_status"),
            models.Index(fields=["status", "terbit_pada"], name="artikel_status_terbit",
                         condition=Q(status__in=["disetujui", "terbit"])),
        ]

    class Scope:
        wilayah_field = "wilayah_kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        return self.judul

    @property
    def dapat_ditulis(self) -> bool:
        return self.status in STATUS_DAPAT_DITULIS


class ArtikelEvent(Peristiwa):
    class Jenis(models.TextChoices):
        DIBUAT = "dibuat", _("Draf dibuat")
        DIUBAH = "diubah", _("Diubah")
        DIAJUKAN = "diajukan", _("Diajukan untuk penyuntingan")
        REVISI_DIMINTA = "revisi_diminta", _("Revisi diminta")
        DISETUJUI = "disetujui", _("Disetujui")
        DITERBITKAN = "diterbitkan", _("Diterbitkan")
        DITARIK = "ditarik", _("Ditarik dari publik")

    artikel = models.ForeignKey(Artikel, on_delete=models.CASCADE, related_name="riwayat")
    jenis = models.CharField(max_length=16, choices=Jenis.choices)
    dari_status = models.CharField(max_length=16, choices=StatusArtikel.choices, blank=True)
    ke_status = models.CharField(max_length=16, choices=StatusArtikel.choices, blank=True)
    catatan = models.TextField(_("catatan"), blank=True, max_length=2000)

    class Meta(Peristiwa.Meta):
        verbose_name = _("riwayat artikel")
        verbose_name_plural = _("riwayat artikel")

    class Scope:
        wilayah_field = "artikel__wilayah_kode"
        kim_field = "artikel__kim_id"


class AturanRedaksi(BaseModel):
    """Who edits the news of a region's KIMs. The rule of the nearest region up the tree applies;
    with no rule anywhere, KIM officers edit their own KIM's news (``Penyunting.KIM``)."""

    wilayah = models.OneToOneField("wilayah.Wilayah", on_delete=models.CASCADE, related_name="+",
                                   verbose_name=_("wilayah"))
    penyunting = models.CharField(_("penyunting"), max_length=12, choices=Penyunting.choices,
                                  default=Penyunting.KIM)
    diubah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("aturan redaksi")
        verbose_name_plural = _("aturan redaksi")

    class Scope:
        wilayah_field = "wilayah_id"
        kim_field = None

    def __str__(self) -> str:
        return f"{self.wilayah_id}: {self.penyunting}"
