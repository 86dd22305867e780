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


_KANTOR = {Aksi.LIHAT, Aksi.KIM_INTERNAL, Aksi.TARGET_KELOLA, Aksi.AKUN_KELOLA}

IZIN_PERAN: dict[str, frozenset[str]] = {
    Peran.KOMDIGI: frozenset(_KANTOR),
    Peran.DISKOMINFO_PROV: frozenset(_KANTOR),
    Peran.DISKOMINFO_KABKOTA: frozenset(_KANTOR | {Aksi.KIM_VERIFIKASI, Aksi.KIM_KELOLA}),
    Peran.KECAMATAN: frozenset({Aksi.LIHAT, Aksi.KIM_INTERNAL}),
    Peran.DESA: frozenset({Aksi.LIHAT, Aksi.KIM_INTERNAL, Aksi.KIM_KELOLA}),
}

IZIN_JABATAN: dict[str, frozenset[str]] = {
    Jabatan.KETUA: frozenset({Aksi.KIM_INTERNAL, Aksi.KIM_KELOLA}),
    Jabatan.SEKRETARIS: frozenset({Aksi.KIM_INTERNAL, Aksi.KIM_KELOLA}),
    Jabatan.BENDAHARA: frozenset({Aksi.KIM_INTERNAL, Aksi.KIM_KELOLA}),
    Jabatan.SEKSI: frozenset({Aksi.KIM_INTERNAL}),
    Jabatan.ANGGOTA: frozenset({Aksi.KIM_INTERNAL}),
}
