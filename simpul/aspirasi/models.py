"""Citizens' aspirations, complaints and information requests (modelled on LAPOR! SP4N).

An :class:`Aspirasi` comes in through the public form, a KIM officer recording it on a citizen's
behalf, or an inbound WhatsApp / Telegram / SMS message. It is triaged by the KIM, the desa or
Diskominfo (verify, postpone, forward, archive, merge), routed to a responding agency
(:class:`Instansi`), answered (:class:`Tanggapan`), rated or reopened by the citizen. Every change
is an :class:`AspirasiEvent` row. Deadlines are in working days (:mod:`simpul.aspirasi.kalender`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel, Peristiwa


class Jenis(models.TextChoices):
    ASPIRASI = "aspirasi", _("Aspirasi")
    PENGADUAN = "pengaduan", _("Pengaduan")
    INFORMASI = "informasi", _("Permintaan informasi")


class Kanal(models.TextChoices):
    WEB = "web", _("Formulir web")
    KIM = "kim", _("Dicatat KIM")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")
    SMS = "sms", _("SMS")


class Status(models.TextChoices):
    DRAF = "draf", _("Draf (pesan masuk)")
    BARU = "baru", _("Menunggu verifikasi")
    DITUNDA = "ditunda", _("Ditunda")
    DIVERIFIKASI = "diverifikasi", _("Terverifikasi")
    DIDISPOSISI = "didisposisi", _("Diteruskan ke instansi")
    DITINDAKLANJUTI = "ditindaklanjuti", _("Sedang ditindaklanjuti")
    DITANGGAPI = "ditanggapi", _("Sudah ditanggapi")
    SELESAI = "selesai", _("Selesai")
    DIARSIPKAN = "diarsipkan", _("Diarsipkan")
    DIGABUNG = "digabung", _("Digabung (ganda)")


# Waiting for triage (the verification deadline runs).
STATUS_TRIASE = (Status.DRAF, Status.BARU, Status.DITUNDA)
# In an agency's hands (the response deadlines run).
STATUS_INSTANSI = (Status.DIDISPOSISI, Status.DITINDAKLANJUTI)
STATUS_TERBUKA = (*STATUS_TRIASE, Status.DIVERIFIKASI, *STATUS_INSTANSI)
STATUS_AKHIR = (Status.SELESAI, Status.DIARSIPKAN, Status.DIGABUNG)
# Statuses the public may see (once verified).
STATUS_PUBLIK = (Status.DIVERIFIKASI, *STATUS_INSTANSI, Status.DITANGGAPI, Status.SELESAI)


class Kategori(BaseModel):
    """The configurable taxonomy (seeded by a data migration; offices add or retire entries)."""

    kode = models.SlugField(_("kode"), max_length=40, unique=True)
    nama = models.CharField(_("nama"), max_length=100)
    induk = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="anak",
                              verbose_name=_("induk"))
    aktif = models.BooleanField(_("aktif"), default=True)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=100)

    class Meta:
        verbose_name = _("kategori aspirasi")
        verbose_name_plural = _("kategori aspirasi")
        ordering = ["urutan", "nama"]

    def __str__(self) -> str:
        return self.nama


class Instansi(BaseModel):
    """A responding agency (OPD / instansi) or one of its units (``induk`` set).

    ``wilayah`` is the region it serves (a kab/kota OPD: "76.02"); the scope engine uses it so a
    Diskominfo can manage its region's agencies. Staff are :class:`StafInstansi` rows."""

    nama = models.CharField(_("nama"), max_length=150)
    singkatan = models.CharField(_("singkatan"), max_length=30, blank=True)
    wilayah = models.ForeignKey("wilayah.Wilayah", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("wilayah layanan"))
    induk = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="unit",
                              verbose_name=_("instansi induk"))
    email = models.EmailField(_("email"), blank=True)
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["nama"]
        constraints = [models.UniqueConstraint(fields=["wilayah", "nama"], name="instansi_nama_unik")]

    class Scope:
        wilayah_field = "wilayah__kode"

    def __str__(self) -> str:
        return f"{self.induk.singkatan or self.induk.nama} — {self.nama}" if self.induk_id and self.induk else self.nama


class StafInstansi(BaseModel):
    """A user who answers for an agency (or unit). Linked to the user's account."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="staf")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staf_instansi")
    jabatan = models.CharField(_("jabatan"), max_length=100, blank=True)
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("staf instansi")
        verbose_name_plural = _("staf instansi")
        constraints = [models.UniqueConstraint(fields=["instansi", "user"], name="staf_instansi_unik")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.instansi}"


class AturanRute(BaseModel):
    """Routing rule: aspirations of ``kategori`` (any when empty) from inside ``wilayah`` go to
    ``instansi``. The most specific rule wins (longest region code, then a category over none)."""

    kategori = models.ForeignKey(Kategori, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("kategori"))
    wilayah = models.ForeignKey("wilayah.Wilayah", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("wilayah"))
    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="aturan",
                                 verbose_name=_("instansi tujuan"))
    prioritas = models.SmallIntegerField(_("prioritas"), default=0,
                                         help_text=_("Aturan berprioritas lebih tinggi menang; bila sama, yang paling khusus."))

    class Meta:
        verbose_name = _("aturan rute")
        verbose_name_plural = _("aturan rute")
        constraints = [models.UniqueConstraint(fields=["kategori", "wilayah"], name="aturan_rute_unik")]

    class Scope:
        wilayah_field = "wilayah__kode"


class JenisLibur(models.TextChoices):
    NASIONAL = "nasional", _("Libur nasional")
    CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
    LOKAL = "lokal", _("Libur daerah")


class HariLibur(BaseModel):
    """A non-working day. National rows (``wilayah`` empty) come from the SKB 3 Menteri (seeded by
    a data migration); an office adds local holidays for its region (they count for every
    aspiration whose desa is inside it)."""

    tanggal = models.DateField(_("tanggal"), db_index=True)
    nama = models.CharField(_("keterangan"), max_length=150)
    jenis = models.CharField(_("jenis"), max_length=14, choices=JenisLibur.choices, default=JenisLibur.NASIONAL)
    wilayah = models.ForeignKey("wilayah.Wilayah", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+", verbose_name=_("wilayah (kosong = nasional)"))
    perkiraan = models.BooleanField(_("tanggal perkiraan"), default=False,
                                    help_text=_("Belum ditetapkan SKB; periksa kembali."))

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["tanggal"]
        constraints = [
            models.UniqueConstraint(fields=["tanggal"], condition=Q(wilayah__isnull=True), name="libur_nasional_unik"),
            models.UniqueConstraint(fields=["tanggal", "wilayah"], name="libur_wilayah_unik"),
        ]

    class Scope:
        wilayah_field = "wilayah__kode"

    def __str__(self) -> str:
        return f"{self.tanggal:%Y-%m-%d} {self.nama}"


def penyimpanan_privat():
    """Attachments live in private storage and are served by ``views.lampiran`` after a check."""
    return storages["privat"]


def _lampiran_path(instance, filename: str) -> str:
    return f"aspirasi/{timezone.now():%Y/%m}/{filename}"


class Aspirasi(BaseModel):
    kode = models.CharField(_("kode lacak"), max_length=12, unique=True)
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices, default=Jenis.ASPIRASI)
    kategori = models.ForeignKey(Kategori, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("kategori"))
    desa = models.ForeignKey("wilayah.Wilayah", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("desa/kelurahan"))
    # The region whose offices handle it now: the desa at first; "not our authority" forwards it
    # up (kecamatan, kab/kota) or sideways (another region). Scope follows this code.
    wilayah_tangani = models.ForeignKey("wilayah.Wilayah", on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("ditangani di wilayah"))
    kim = models.ForeignKey("kim.Kim", null=True, blank=True, on_delete=models.SET_NULL, related_name="aspirasi",
                            verbose_name=_("KIM"))
    lat = models.FloatField(_("lintang"), null=True, blank=True)
    lng = models.FloatField(_("bujur"), null=True, blank=True)
    judul = models.CharField(_("judul"), max_length=150)
    isi = models.TextField(_("isi"), max_length=5000)
    # Personal data: never public; hidden from handlers too when ``anonim``.
    nama = models.CharField(_("nama"), max_length=120, blank=True)
    telepon = models.CharField(_("telepon/WhatsApp"), max_length=16, blank=True)
    email = models.EmailField(_("email"), blank=True)
    kanal = models.CharField(_("kanal"), max_length=10, choices=Kanal.choices, default=Kanal.WEB)
    # Where to answer on a messaging channel (Telegram chat id, WhatsApp / SMS number).
    kanal_alamat = models.CharField(max_length=64, blank=True, editable=False)
    anonim = models.BooleanField(_("anonim"), default=False)
    rahasia = models.BooleanField(_("rahasia"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.BARU)
    instansi = models.ForeignKey(Instansi, null=True, blank=True, on_delete=models.PROTECT, related_name="aspirasi",
                                 verbose_name=_("instansi"))
    butuh_cek_lapangan = models.BooleanField(_("perlu pemeriksaan lapangan"), default=False)
    sengketa = models.BooleanField(_("sengketa"), default=False)
    tenggat = models.DateField(_("tenggat"), null=True, blank=True)
    terlambat = models.BooleanField(_("melewati tenggat"), default=False)
    tingkat_eskalasi = models.PositiveSmallIntegerField(_("eskalasi"), default=0)
    diverifikasi_pada = models.DateTimeField(null=True, blank=True)
    didisposisi_pada = models.DateTimeField(null=True, blank=True)
    respons_pertama_pada = models.DateTimeField(null=True, blank=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)
    tepat_waktu = models.BooleanField(null=True, blank=True, editable=False)
    disembunyikan = models.BooleanField(_("disembunyikan (laporan penyalahgunaan)"), default=False)
    digabung_ke = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplikat")
    penilaian = models.PositiveSmallIntegerField(_("penilaian"), null=True, blank=True)
    penilaian_catatan = models.CharField(_("catatan penilaian"), max_length=500, blank=True)
    dibuka_ulang = models.PositiveSmallIntegerField(default=0)
    # Idempotency: the offline outbox's key, or "<kanal>:<provider message id>".
    kunci_idempoten = models.CharField(max_length=100, null=True, blank=True, unique=True, editable=False)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    # Not yet announced to the desa's officials: set at intake in the same transaction (so the
    # announcement cannot be lost), cleared by services.kabari_petugas_masuk, which handles
    # every pending row at once (one task per burst of submissions, not one per submission).
    perlu_dikabari = models.BooleanField(default=False, db_default=False, editable=False)

    class Meta:
        verbose_name = _("aspirasi")
        verbose_name_plural = _("aspirasi")
        ordering = ["-dibuat", "-id"]
        indexes = [
            models.Index(fields=["instansi", "status", "tenggat"], name="aspirasi_antrean_instansi"),
            # An agency's open queue in page order (selectors.PaginatorAntrean): the page's ids and
            # the count come from this index alone. Partial: new submissions (no agency yet) and
            # closed items cost nothing here.
            models.Index(fields=["instansi", "tenggat", "-id"], name="aspirasi_antrean_terbuka",
                         condition=Q(status__in=STATUS_TERBUKA, instansi__isnull=False)),
            # The public list (selectors.aspirasi_publik_list), newest verified first: the page's
            # rows and the count come from this index alone (2.2 s -> ~90 ms at 1M aspirations).
            models.Index(fields=["-diverifikasi_pada", "-id"], name="aspirasi_publik_urut",
                         condition=Q(status__in=STATUS_PUBLIK, rahasia=False, disembunyikan=False)),
            # The handlers' open queue (selectors.aspirasi_kelola_list, default filter "terbuka")
            # in page order, for any reach: nationally the first page is the index's first 25
            # entries; a province or kab/kota walks it and filters on the reach's columns (region,
            # KIM, agency) and the overdue flag in the index itself, and its count is an
            # index-only scan. Was a sort of every open row of the reach (82,000 nationally,
            # 9,848 in province 35): 330 / 690 ms -> 0.1 ms at 1M aspirations. Key columns, not
            # INCLUDE: SQLite has no covering indexes (the order is the same).
            models.Index(fields=["tenggat", "-id", "wilayah_tangani", "kim", "instansi", "terlambat"],
                         name="aspirasi_terbuka_tenggat", condition=Q(status__in=STATUS_TERBUKA)),
            models.Index(fields=["wilayah_tangani", "status"], name="aspirasi_wilayah_status"),
            models.Index(fields=["status", "tenggat"], name="aspirasi_status_tenggat"),
            models.Index(fields=["kim", "status"], name="aspirasi_kim_status"),
            models.Index(fields=["id"], name="aspirasi_perlu_dikabari", condition=Q(perlu_dikabari=True)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(penilaian__isnull=True) | Q(penilaian__gte=1, penilaian__lte=5),
                                   name="aspirasi_penilaian_1_5"),
        ]

    class Scope:
        wilayah_field = "wilayah_tangani__kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        return f"{self.kode} {self.judul}"

    @property
    def publik(self) -> bool:
        return self.status in STATUS_PUBLIK and not self.rahasia and not self.disembunyikan

    @property
    def terbuka(self) -> bool:
        return self.status in STATUS_TERBUKA


class Lampiran(BaseModel):
    """A photo attached to an aspiration, re-encoded (metadata and location stripped)."""

    aspirasi = models.ForeignKey(Aspirasi, on_delete=models.CASCADE, related_name="lampiran")
    berkas = models.FileField(upload_to=_lampiran_path, storage=penyimpanan_privat)
    lebar = models.PositiveIntegerField(default=0)
    tinggi = models.PositiveIntegerField(default=0)
    ukuran = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]


class Tanggapan(BaseModel):
    """A response from the agency (or a handler) to the citizen. ``final``: the answer the
    citizen rates; otherwise a progress update."""

    aspirasi = models.ForeignKey(Aspirasi, on_delete=models.CASCADE, related_name="tanggapan")
    instansi = models.ForeignKey(Instansi, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    penulis = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    isi = models.TextField(_("tanggapan"), max_length=5000)
    final = models.BooleanField(_("jawaban akhir"), default=True)

    class Meta:
        ordering = ["dibuat", "id"]


class TemplatTanggapan(BaseModel):
    """A reusable response text for an agency (or for everyone when ``instansi`` is empty)."""

    instansi = models.ForeignKey(Instansi, null=True, blank=True, on_delete=models.CASCADE, related_name="templat")
    judul = models.CharField(_("judul"), max_length=100)
    isi = models.TextField(_("isi"), max_length=5000)

    class Meta:
        ordering = ["judul"]

    def __str__(self) -> str:
        return self.judul


class LaporanPenyalahgunaan(BaseModel):
    """Someone flagged a public aspiration (abusive, personal data, hoax). The item is hidden at
    once; a handler reviews it (restores it or archives it)."""

    aspirasi = models.ForeignKey(Aspirasi, on_delete=models.CASCADE, related_name="laporan")
    alasan = models.CharField(_("alasan"), max_length=500)
    ditinjau = models.BooleanField(default=False)

    class Meta:
        ordering = ["-dibuat"]


class AspirasiEvent(Peristiwa):
    """The audit trail: every change to an aspiration, with actor, time and before/after."""

    class JenisEvent(models.TextChoices):
        MASUK = "masuk", _("Diterima")
        DIUBAH = "diubah", _("Data diubah")
        DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
        DITUNDA = "ditunda", _("Ditunda")
        DITERUSKAN = "diteruskan", _("Diteruskan (bukan kewenangan)")
        DIARSIPKAN = "diarsipkan", _("Diarsipkan")
        DIGABUNG = "digabung", _("Digabung ke aspirasi lain")
        DIDISPOSISI = "didisposisi", _("Didisposisikan ke instansi")
        DITANGGAPI = "ditanggapi", _("Ditanggapi")
        DINILAI = "dinilai", _("Dinilai warga")
        DIBUKA_ULANG = "dibuka_ulang", _("Dibuka kembali oleh warga")
        TERLAMBAT = "terlambat", _("Melewati tenggat")
        DIESKALASI = "dieskalasi", _("Dieskalasi")
        DILAPORKAN = "dilaporkan", _("Dilaporkan (penyalahgunaan)")
        DIPULIHKAN = "dipulihkan", _("Ditampilkan kembali setelah ditinjau")
        DIKIRIM_LAPOR = "dikirim_lapor", _("Diekspor ke LAPOR!")

    aspirasi = models.ForeignKey(Aspirasi, on_delete=models.CASCADE, related_name="riwayat")
    jenis = models.CharField(max_length=16, choices=JenisEvent.choices)
    dari_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    ke_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    alasan = models.TextField(_("alasan/catatan"), blank=True, max_length=2000)

    class Meta(Peristiwa.Meta):
        verbose_name = _("riwayat aspirasi")
        verbose_name_plural = _("riwayat aspirasi")
        indexes = [models.Index(fields=["aspirasi", "waktu"], name="aspirasi_event_waktu")]

    class Scope:
        wilayah_field = "aspirasi__wilayah_tangani__kode"
        kim_field = "aspirasi__kim_id"


class PengaturanEvent(Peristiwa):
    """The audit trail of the office settings: agencies, staff, routing rules, response templates
    and holidays. ``wilayah`` is the region of the changed object (empty: national) for scope."""

    class JenisEvent(models.TextChoices):
        DIBUAT = "dibuat", _("Dibuat")
        DIUBAH = "diubah", _("Diubah")
        DIHAPUS = "dihapus", _("Dihapus")
        DINONAKTIFKAN = "dinonaktifkan", _("Dinonaktifkan")
        DIAKTIFKAN = "diaktifkan", _("Diaktifkan kembali")
        STAF_DITAMBAH = "staf_ditambah", _("Staf ditautkan")
        STAF_DIHAPUS = "staf_dihapus", _("Staf dilepas")

    objek = models.CharField(_("objek"), max_length=20)  # "instansi", "aturan", "templat", "libur"
    objek_id = models.PositiveBigIntegerField(null=True, blank=True)
    jenis = models.CharField(max_length=16, choices=JenisEvent.choices)
    wilayah = models.ForeignKey("wilayah.Wilayah", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")

    class Meta(Peristiwa.Meta):
        verbose_name = _("riwayat pengaturan aspirasi")
        verbose_name_plural = _("riwayat pengaturan aspirasi")
        indexes = [models.Index(fields=["objek", "objek_id"], name="aspirasi_pengaturan_objek")]

    class Scope:
        wilayah_field = "wilayah__kode"


class RingkasanAspirasi(models.Model):
    """The management dashboard's figures for wide reaches, pre-aggregated: one row per
    (province of the handling region, month of submission in local time, dimension, value).

    ``services.ringkasan_aspirasi_hitung_ulang`` recomputes the whole table from the raw rows
    (every 10 minutes, task ``aspirasi.ringkasan``; ``manage.py ringkasan_aspirasi``), so a national
    or provincial dashboard sums a few thousand narrow rows instead of grouping every aspiration.

    Rollups, summed from those rows in the same recompute, serve the dashboards without a
    ``dari`` month: ``bulan`` NULL = every month of that province, and ``provinsi`` "" with
    ``bulan`` NULL = the whole country (a national read is then ~10,000 rows, not ~460,000).

    ``dimensi`` / ``nilai`` and the measures that dimension fills (the others stay 0):

    - ``status``, ``jenis``: the value; ``n``.
    - ``kategori``: the category id ("" for none); ``n``.
    - ``kecamatan``: the desa code's kecamatan prefix; ``n``.
    - ``instansi``: the agency id ("" for none); ``n``, ``terbuka`` (status in STATUS_INSTANSI),
      ``dijawab`` (tepat_waktu set), ``tepat`` (tepat_waktu true), ``terlambat`` (overdue and
      status in STATUS_INSTANSI), ``penilaian_jumlah`` / ``penilaian_n`` (sum / count of ratings).
    - ``total`` (value ""): ``n``, ``dijawab``, ``tepat``, ``terlambat`` (overdue and status in
      STATUS_TERBUKA).
    - ``respons``: whole hours from disposition to first response (rounded, clamped to
      0..RESPONS_JAM_MAKS); ``n``. The histogram the median is read from.
    """

    DIMENSI = ("status", "jenis", "kategori", "kecamatan", "instansi", "total", "respons")
    UKURAN = ("n", "terbuka", "dijawab", "tepat", "terlambat", "penilaian_jumlah", "penilaian_n")
    RESPONS_JAM_MAKS = 2000

    provinsi = models.CharField(max_length=2)
    # The first day of the month of ``dibuat`` (local date); NULL on the all-time rollup rows.
    bulan = models.DateField(null=True)
    dimensi = models.CharField(max_length=10)
    nilai = models.CharField(max_length=20, blank=True)
    n = models.PositiveIntegerField(default=0)
    terbuka = models.PositiveIntegerField(default=0)
    dijawab = models.PositiveIntegerField(default=0)
    tepat = models.PositiveIntegerField(default=0)
    terlambat = models.PositiveIntegerField(default=0)
    penilaian_jumlah = models.PositiveBigIntegerField(default=0)
    penilaian_n = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ringkasan dasbor aspirasi")
        verbose_name_plural = _("ringkasan dasbor aspirasi")
        constraints = [models.UniqueConstraint(fields=["provinsi", "bulan", "dimensi", "nilai"],
                                               name="ringkasan_aspirasi_unik")]
        # The national read with a ``dari`` month; a province's read uses the unique index.
        indexes = [models.Index(fields=["bulan", "provinsi"], name="ringkasan_aspirasi_bulan")]

    def __str__(self) -> str:
        return f"{self.provinsi} {self.bulan:%Y-%m} {self.dimensi}={self.nilai}: {self.n}"


class RingkasanAspirasiStatus(models.Model):
    """The single row saying when :class:`RingkasanAspirasi` was last recomputed (written in the
    recompute's transaction). No row: never computed, the dashboard reads the raw rows."""

    dihitung_pada = models.DateTimeField()
    baris = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("status ringkasan dasbor aspirasi")
        verbose_name_plural = _("status ringkasan dasbor aspirasi")

    def __str__(self) -> str:
        return f"{self.dihitung_pada:%Y-%m-%d %H:%M} ({self.baris})"
