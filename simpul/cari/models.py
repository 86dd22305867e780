from django.db import models
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel


class JenisDokumen(models.TextChoices):
    BERITA = "berita", _("Berita")
    POTENSI = "potensi", _("Potensi")
    KIM = "kim", _("KIM")
    WILAYAH = "wilayah", _("Wilayah")


class Dokumen(BaseModel):
    """One searchable thing (an article, a listing, a KIM, a region), copied here by its app
    through :func:`simpul.cari.services.indeks_simpan`.

    The search index lives beside these columns and is kept by the database itself:

    - PostgreSQL: a stored generated ``vektor tsvector`` column (title weight A, text weight B,
      ``indonesian`` configuration) with a GIN index, and a pg_trgm index on the vocabulary
      (:class:`Kata`) for typos (migration 0002);
    - SQLite: an external-content FTS5 table ``cari_fts`` kept in step by triggers, and an
      FTS5 trigram table on the vocabulary (migration 0003).
    """

    jenis = models.CharField(_("jenis"), max_length=10, choices=JenisDokumen.choices)
    objek_id = models.CharField(_("id objek"), max_length=40)
    judul = models.CharField(_("judul"), max_length=300)
    isi = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("alamat"), max_length=500)
    wilayah_kode = models.CharField(_("kode wilayah"), max_length=13, blank=True, db_index=True)
    kim_id = models.IntegerField(_("KIM"), null=True, blank=True)
    waktu = models.DateTimeField(_("waktu"), null=True, blank=True)
    # False: internal, found only by people who may see the KIM's internal data (Aksi.KIM_INTERNAL).
    publik = models.BooleanField(_("publik"), default=True)

    class Meta:
        verbose_name = _("dokumen pencarian")
        verbose_name_plural = _("dokumen pencarian")
        constraints = [
            models.UniqueConstraint(fields=["jenis", "objek_id"], name="cari_dokumen_objek_unik"),
        ]
        indexes = [
            models.Index(fields=["-waktu"], name="cari_dokumen_waktu"),
            models.Index(fields=["jenis", "-waktu"], name="cari_dokumen_jenis_waktu"),
        ]

    class Scope:
        wilayah_field = "wilayah_kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        return f"{self.jenis}:{self.objek_id} {self.judul}"


class Kata(models.Model):
    """The index's vocabulary (lower-case words of titles and texts, 3 to 40 characters) with the
    number of documents holding each (as of the last rebuild): the typo corrector looks up the
    words closest to an unknown query word here (pg_trgm on PostgreSQL, FTS5 trigram on SQLite)."""

    kata = models.CharField(max_length=40, unique=True)
    jumlah = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("kata")
        verbose_name_plural = _("kata")

    def __str__(self) -> str:
        return self.kata
