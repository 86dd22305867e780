"""Musyawarah: KIM members find a shared problem (``Topik``), discuss it (``Komentar``), decide
(``JajakPendapat`` closed with a ``Keputusan``, or a face-to-face ``Rapat``) and carry the decision
out (``TindakLanjut`` with ``PembaruanTindakLanjut``). ``MusyawarahEvent`` is the audit trail.

A topic belongs to one KIM, or to the kecamatan-wide forum of the KIMs of one kecamatan
(``kecamatan`` set, ``kim`` empty). ``wilayah_kode`` is denormalised (the KIM's desa code or the
kecamatan code) so region offices can read decisions of their subtree with one prefix filter.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.core.models import BaseModel


def penyimpanan_privat():
    """Discussion photos and evidence are internal: stored outside MEDIA_ROOT and served only by
    a view that checks the scope engine (``views.lampiran``)."""
    return storages["privat"]


def _lampiran_path(instance, filename: str) -> str:
    return f"musyawarah/{timezone.now():%Y/%m}/{filename}"


class StatusTopik(models.TextChoices):
    TERBUKA = "terbuka", _("Dibahas")
    DIPUTUSKAN = "diputuskan", _("Sudah diputuskan")
    DITUTUP = "ditutup", _("Ditutup tanpa keputusan")


class Topik(BaseModel):
    kim = models.ForeignKey("kim.Kim", null=True, blank=True, on_delete=models.CASCADE, related_name="topik")
    kecamatan = models.ForeignKey(
        "wilayah.Wilayah", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("forum kecamatan"),
    )
    wilayah_kode = models.CharField(max_length=13, editable=False, db_index=True)
    judul = models.CharField(_("judul masalah"), max_length=150)
    deskripsi = models.TextField(_("uraian"), max_length=8000)
    status = models.CharField(_("status"), max_length=12, choices=StatusTopik.choices, default=StatusTopik.TERBUKA)
    publik = models.BooleanField(
        _("keputusan boleh dilihat publik"), default=False,
        help_text=_("Diskusi tetap internal; hanya keputusan dan tindak lanjutnya yang tampil untuk publik."),
    )
    # Where the topic came from (e.g. an aspiration): a small generic reference, no hard FK, so the
    # musyawarah app does not depend on the other domain's models.
    sumber_jenis = models.CharField(max_length=24, blank=True, editable=False)
    sumber_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    jumlah_komentar = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("topik musyawarah")
        verbose_name_plural = _("topik musyawarah")
        ordering = ["-diubah", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kim__isnull=False, kecamatan__isnull=True) | Q(kim__isnull=True, kecamatan__isnull=False),
                name="topik_kim_atau_forum",
            ),
            models.UniqueConstraint(fields=["sumber_jenis", "sumber_id"], condition=Q(sumber_id__isnull=False),
                                    name="topik_sumber_unik"),
        ]
        indexes = [models.Index(fields=["kim", "-diubah"], name="topik_kim_diubah")]

    class Scope:
        wilayah_field = "wilayah_kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        return self.judul


class Komentar(BaseModel):
    topik = models.ForeignKey(Topik, on_delete=models.CASCADE, related_name="komentar")
    penulis = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    isi = models.TextField(_("komentar"), max_length=8000)
    isi_html = models.TextField(editable=False)

    class Meta:
        ordering = ["dibuat", "id"]
        verbose_name = _("komentar")
        verbose_name_plural = _("komentar")


class Lampiran(BaseModel):
    """A photo attached to a topic, a comment, or an action item update (evidence)."""

    topik = models.ForeignKey(Topik, on_delete=models.CASCADE, related_name="lampiran")
    komentar = models.ForeignKey(Komentar, null=True, blank=True, on_delete=models.CASCADE, related_name="lampiran")
    pembaruan = models.ForeignKey("PembaruanTindakLanjut", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="lampiran")
    berkas = models.FileField(upload_to=_lampiran_path, storage=penyimpanan_privat)
    lebar = models.PositiveIntegerField(default=0)
    tinggi = models.PositiveIntegerField(default=0)
    ukuran = models.PositiveIntegerField(default=0)
    diunggah_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["id"]


class JenisJajak(models.TextChoices):
    PERSETUJUAN = "persetujuan", _("Persetujuan (setuju / abstain / tidak setuju / blokir)")
    PILIHAN_TUNGGAL = "tunggal", _("Pilih satu")
    PERINGKAT = "peringkat", _("Urutkan pilihan (peringkat)")
    SKOR = "skor", _("Beri nilai tiap pilihan")
    TITIK = "titik", _("Bagi titik suara")
    WAKTU_RAPAT = "waktu", _("Cari waktu rapat")


class Posisi(models.TextChoices):
    SETUJU = "setuju", _("Setuju")
    ABSTAIN = "abstain", _("Abstain")
    TIDAK_SETUJU = "tidak_setuju", _("Tidak setuju")
    BLOKIR = "blokir", _("Blokir")


class JajakPendapat(BaseModel):
    topik = models.ForeignKey(Topik, on_delete=models.CASCADE, related_name="jajak")
    jenis = models.CharField(_("jenis"), max_length=12, choices=JenisJajak.choices)
    pertanyaan = models.CharField(_("pertanyaan / usulan"), max_length=300)
    keterangan = models.TextField(_("keterangan"), blank=True, max_length=4000)
    ditutup_pada = models.DateTimeField(_("batas waktu memberi suara"))
    kuorum = models.PositiveSmallIntegerField(_("kuorum (jumlah pemberi suara minimal)"), default=0)
    sembunyikan_hasil = models.BooleanField(_("sembunyikan hasil sampai ditutup"), default=False)
    skor_maks = models.PositiveSmallIntegerField(_("nilai tertinggi"), default=5)
    jumlah_titik = models.PositiveSmallIntegerField(_("titik per orang"), default=5)
    # Set when a manager closes the poll with an outcome (a Keputusan). Voting ends at
    # ``ditutup_pada`` or at ``selesai``, whichever comes first.
    selesai = models.DateTimeField(null=True, blank=True, editable=False)
    pengingat_terkirim = models.BooleanField(default=False, editable=False)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["dibuat", "id"]
        verbose_name = _("jajak pendapat")
        verbose_name_plural = _("jajak pendapat")
        indexes = [models.Index(fields=["selesai", "ditutup_pada"], name="jajak_terbuka")]

    def __str__(self) -> str:
        return self.pertanyaan

    def terbuka(self, now=None) -> bool:
        now = now or timezone.now()
        return self.selesai is None and now < self.ditutup_pada

    def hasil_terlihat(self, now=None) -> bool:
        return not self.sembunyikan_hasil or not self.terbuka(now)


class Opsi(models.Model):
    jajak = models.ForeignKey(JajakPendapat, on_delete=models.CASCADE, related_name="opsi")
    label = models.CharField(_("pilihan"), max_length=150)
    waktu = models.DateTimeField(_("waktu"), null=True, blank=True)
    urutan = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["urutan", "id"]

    def __str__(self) -> str:
        return self.label


class Suara(BaseModel):
    """One member's vote on one poll (changeable until the poll closes: the row is updated)."""

    jajak = models.ForeignKey(JajakPendapat, on_delete=models.CASCADE, related_name="suara")
    pemilih = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    posisi = models.CharField(_("posisi"), max_length=12, choices=Posisi.choices, blank=True)
    alasan = models.TextField(_("alasan"), blank=True, max_length=2000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["jajak", "pemilih"], name="suara_satu_per_anggota")]


class SuaraOpsi(models.Model):
    """The value a vote gives one option: 1 (chosen), a rank (1 = first), a score, a number of
    dots, or for a meeting-time poll 2 (can come) / 1 (maybe). Options left blank have no row."""

    suara = models.ForeignKey(Suara, on_delete=models.CASCADE, related_name="nilai")
    opsi = models.ForeignKey(Opsi, on_delete=models.CASCADE, related_name="+")
    nilai = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["suara", "opsi"], name="suaraopsi_unik")]

    def __str__(self) -> str:
        return f"{self.opsi_id}={self.nilai}"


class Rapat(BaseModel):
    """A face-to-face meeting on a topic: minutes, attendance, paper vote tallies."""

    topik = models.ForeignKey(Topik, on_delete=models.CASCADE, related_name="rapat")
    waktu = models.DateTimeField(_("waktu rapat"))
    tempat = models.CharField(_("tempat"), max_length=150)
    notulen = models.TextField(_("notulen"), max_length=20000)
    hadir = models.ManyToManyField("kim.Anggota", blank=True, related_name="+", verbose_name=_("anggota yang hadir"))
    hadir_lain = models.PositiveIntegerField(_("peserta lain (bukan anggota)"), default=0)
    # Paper vote tallies: [{"label": "...", "jumlah": n}, ...]
    suara_kertas = models.JSONField(default=list, blank=True)
    dicatat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-waktu", "-id"]
        verbose_name = _("rapat")
        verbose_name_plural = _("rapat")

    def __str__(self) -> str:
        return f"{self.tempat} ({self.waktu:%Y-%m-%d})"


class Keputusan(BaseModel):
    topik = models.ForeignKey(Topik, on_delete=models.CASCADE, related_name="keputusan")
    jajak = models.OneToOneField(JajakPendapat, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="keputusan")
    rapat = models.OneToOneField(Rapat, null=True, blank=True, on_delete=models.CASCADE, related_name="keputusan")
    kim = models.ForeignKey("kim.Kim", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    wilayah_kode = models.CharField(max_length=13, editable=False, db_index=True)
    pernyataan = models.TextField(_("pernyataan keputusan"), max_length=4000)
    tanggal = models.DateField(_("tanggal keputusan"), default=timezone.localdate)
    hasil = models.JSONField(default=dict, blank=True, editable=False)  # tally snapshot at closing
    diputuskan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                        related_name="+")
    # An aspiration raised to government from this decision (generic reference, see services).
    aspirasi_jenis = models.CharField(max_length=24, blank=True, editable=False)
    aspirasi_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-tanggal", "-id"]
        verbose_name = _("keputusan")
        verbose_name_plural = _("keputusan")
        constraints = [
            models.CheckConstraint(condition=~(Q(jajak__isnull=False) & Q(rapat__isnull=False)),
                                   name="keputusan_satu_asal"),
        ]
        indexes = [models.Index(fields=["kim", "-tanggal"], name="keputusan_kim_tanggal")]

    class Scope:
        wilayah_field = "wilayah_kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        return self.pernyataan[:80]


class StatusTindakLanjut(models.TextChoices):
    BELUM = "belum", _("Belum mulai")
    BERJALAN = "berjalan", _("Berjalan")
    SELESAI = "selesai", _("Selesai")
    BATAL = "batal", _("Dibatalkan")


STATUS_TL_AKTIF = (StatusTindakLanjut.BELUM, StatusTindakLanjut.BERJALAN)


class TindakLanjut(BaseModel):
    keputusan = models.ForeignKey(Keputusan, on_delete=models.CASCADE, related_name="tindak_lanjut")
    kim = models.ForeignKey("kim.Kim", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    wilayah_kode = models.CharField(max_length=13, editable=False, db_index=True)
    judul = models.CharField(_("tindakan"), max_length=200)
    penanggung_jawab = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("penanggung jawab"))
    tenggat = models.DateField(_("tenggat"))
    status = models.CharField(_("status"), max_length=10, choices=StatusTindakLanjut.choices,
                              default=StatusTindakLanjut.BELUM)
    progres = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    bukti = models.CharField(_("tautan bukti"), max_length=300, blank=True)
    # Reminder windows already sent ("h3", "h0", "lewat"): idempotent reminders.
    pengingat_terkirim = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["tenggat", "id"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        constraints = [
            models.CheckConstraint(condition=Q(progres__lte=100), name="tindak_lanjut_progres_0_100"),
        ]
        indexes = [models.Index(fields=["status", "tenggat"], name="tl_status_tenggat")]

    class Scope:
        wilayah_field = "wilayah_kode"
        kim_field = "kim_id"

    def __str__(self) -> str:
        return self.judul

    @property
    def terlambat(self) -> bool:
        return self.status in STATUS_TL_AKTIF and self.tenggat < timezone.localdate()


class PembaruanTindakLanjut(BaseModel):
    tindak_lanjut = models.ForeignKey(TindakLanjut, on_delete=models.CASCADE, related_name="pembaruan")
    penulis = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    catatan = models.TextField(_("catatan"), max_length=4000)
    progres = models.PositiveSmallIntegerField(_("kemajuan (%)"))
    status = models.CharField(_("status"), max_length=10, choices=StatusTindakLanjut.choices)

    class Meta:
        ordering = ["-dibuat", "-id"]


class MusyawarahEvent(models.Model):
    """Audit trail: who opened, closed, decided, assigned, updated what and when."""

    class Jenis(models.TextChoices):
        TOPIK = "topik", _("Topik dibuka")
        JAJAK = "jajak", _("Jajak pendapat dibuka")
        KEPUTUSAN = "keputusan", _("Keputusan diambil")
        RAPAT = "rapat", _("Rapat dicatat")
        TINDAK_LANJUT = "tindak_lanjut", _("Tindak lanjut ditetapkan")
        PEMBARUAN = "pembaruan", _("Kemajuan tindak lanjut diperbarui")
        TOPIK_DITUTUP = "topik_ditutup", _("Topik ditutup")
        ASPIRASI = "aspirasi", _("Aspirasi diajukan ke pemerintah")

    topik = models.ForeignKey(Topik, on_delete=models.CASCADE, related_name="riwayat")
    waktu = models.DateTimeField(default=timezone.now)
    aktor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    jenis = models.CharField(max_length=16, choices=Jenis.choices)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-waktu", "-id"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} ({self.waktu:%Y-%m-%d})"
