"""Roles and what they may do: defined in code, in one table, read by the scope engine.

Government roles are granted on a region (``akun.Penugasan``); a grant on a region covers its
whole subtree by code prefix. KIM roles come from membership (``kim.Pengurus`` / ``kim.Anggota``)
and cover that KIM only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Peran(models.TextChoices):
    """Government roles, each held on one region (Komdigi: the whole country)."""

    KOMDIGI = "komdigi", _("Komdigi (nasional)")
    DISKOMINFO_PROV = "diskominfo_prov", _("Diskominfo provinsi")
    DISKOMINFO_KABKOTA = "diskominfo_kabkota", _("Diskominfo kabupaten/kota")
    KECAMATAN = "kecamatan", _("Kecamatan (camat/operator)")
    DESA = "desa", _("Desa/kelurahan (kepala desa/lurah/operator)")


# The region level each role is held on (0 = national, no region).
TINGKAT_PERAN: dict[str, int] = {
    Peran.KOMDIGI: 0,
    Peran.DISKOMINFO_PROV: 1,
    Peran.DISKOMINFO_KABKOTA: 2,
    Peran.KECAMATAN: 3,
    Peran.DESA: 4,
}

# Roles that must use multi-factor authentication.
PERAN_PEMERINTAH = frozenset(Peran.values)


class Jabatan(models.TextChoices):
    """Positions inside a KIM."""

    KETUA = "ketua", _("Ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    BENDAHARA = "bendahara", _("Bendahara")
    SEKSI = "seksi", _("Seksi")
    ANGGOTA = "anggota", _("Anggota")


JABATAN_INTI = (Jabatan.KETUA, Jabatan.SEKRETARIS, Jabatan.BENDAHARA)


class Aksi(models.TextChoices):
    """Actions checked by the scope engine."""

    LIHAT = "lihat", _("Melihat data internal wilayah")
    KIM_INTERNAL = "kim.internal", _("Melihat data internal KIM (anggota, kontak)")
    KIM_KELOLA = "kim.kelola", _("Mengelola profil, anggota dan dokumen KIM")
    KIM_VERIFIKASI = "kim.verifikasi", _("Memverifikasi, menolak dan membekukan KIM")
    TARGET_KELOLA = "target.kelola", _("Menetapkan target cakupan")
    AKUN_KELOLA = "akun.kelola", _("Membuat akun dan memberi penugasan")
    # The domain apps' actions. Add one here (with its roles and positions below) rather than
    # checking roles in a view: scope.for_user / scope.boleh are the only permission check.
    DISEMINASI_KELOLA = "diseminasi.kelola", _("Menulis dan menerbitkan kampanye diseminasi")
    DISEMINASI_LAPOR = "diseminasi.lapor", _("Menerima kampanye dan melaporkan jangkauan")
    ASPIRASI_CATAT = "aspirasi.catat", _("Mencatat aspirasi atas nama warga")
    ASPIRASI_TANGANI = "aspirasi.tangani", _("Memverifikasi, meneruskan dan menangani aspirasi")
    ASPIRASI_ATUR = "aspirasi.atur", _("Mengatur instansi, aturan rute, templat tanggapan dan hari libur")
    MUSYAWARAH_IKUT = "musyawarah.ikut", _("Ikut berdiskusi dan memberi suara di musyawarah KIM")
    MUSYAWARAH_KELOLA = "musyawarah.kelola", _("Membuka topik dan jajak pendapat, menutup dengan keputusan")
    KEGIATAN_CATAT = "kegiatan.catat", _("Mencatat kegiatan KIM")
    BERITA_TULIS = "berita.tulis", _("Menulis berita")
    BERITA_SUNTING = "berita.sunting", _("Menyunting dan menerbitkan berita")
    POTENSI_KELOLA = "potensi.kelola", _("Mengelola katalog potensi lokal")
    PEMBINAAN_KELOLA = "pembinaan.kelola", _("Menyelenggarakan kegiatan pembinaan")
    KEUANGAN_KELOLA = "keuangan.kelola", _("Mengelola buku kas KIM")
    FASILITAS_KELOLA = "fasilitas.kelola", _("Mengelola daftar fasilitas")
    PENILAIAN_KELOLA = "penilaian.kelola", _("Mengatur dan menjalankan penilaian KIM")
    OUTBOX_KELOLA = "outbox.kelola", _("Memantau dan mengirim ulang pesan notifikasi yang gagal")


_KANTOR = {Aksi.LIHAT, Aksi.KIM_INTERNAL, Aksi.TARGET_KELOLA, Aksi.AKUN_KELOLA, Aksi.DISEMINASI_KELOLA,
           Aksi.ASPIRASI_TANGANI, Aksi.ASPIRASI_ATUR, Aksi.BERITA_SUNTING, Aksi.PEMBINAAN_KELOLA,
           Aksi.FASILITAS_KELOLA, Aksi.PENILAIAN_KELOLA}
_PENGURUS = {Aksi.KIM_INTERNAL, Aksi.KIM_KELOLA, Aksi.DISEMINASI_LAPOR, Aksi.ASPIRASI_CATAT,
             Aksi.ASPIRASI_TANGANI, Aksi.MUSYAWARAH_IKUT, Aksi.MUSYAWARAH_KELOLA, Aksi.KEGIATAN_CATAT,
             Aksi.BERITA_TULIS, Aksi.BERITA_SUNTING, Aksi.POTENSI_KELOLA}
_ANGGOTA = {Aksi.KIM_INTERNAL, Aksi.DISEMINASI_LAPOR, Aksi.MUSYAWARAH_IKUT, Aksi.BERITA_TULIS,
            Aksi.POTENSI_KELOLA}

IZIN_PERAN: dict[str, frozenset[str]] = {
    Peran.KOMDIGI: frozenset(_KANTOR | {Aksi.OUTBOX_KELOLA}),  # the outbox is national
    Peran.DISKOMINFO_PROV: frozenset(_KANTOR),
    Peran.DISKOMINFO_KABKOTA: frozenset(_KANTOR | {Aksi.KIM_VERIFIKASI, Aksi.KIM_KELOLA}),
    Peran.KECAMATAN: frozenset({Aksi.LIHAT, Aksi.KIM_INTERNAL, Aksi.ASPIRASI_TANGANI}),
    Peran.DESA: frozenset({Aksi.LIHAT, Aksi.KIM_INTERNAL, Aksi.KIM_KELOLA, Aksi.ASPIRASI_CATAT,
                           Aksi.ASPIRASI_TANGANI}),
}

IZIN_JABATAN: dict[str, frozenset[str]] = {
    Jabatan.KETUA: frozenset(_PENGURUS | {Aksi.KEUANGAN_KELOLA, Aksi.FASILITAS_KELOLA}),
    Jabatan.SEKRETARIS: frozenset(_PENGURUS),
    Jabatan.BENDAHARA: frozenset(_PENGURUS | {Aksi.KEUANGAN_KELOLA}),
    Jabatan.SEKSI: frozenset(_ANGGOTA | {Aksi.ASPIRASI_CATAT, Aksi.KEGIATAN_CATAT}),
    Jabatan.ANGGOTA: frozenset(_ANGGOTA),
}
