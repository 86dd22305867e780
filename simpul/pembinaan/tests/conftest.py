from datetime import timedelta

import pytest
from django.utils import timezone

from simpul.pembinaan import services


def buat_kegiatan(actor, *, wilayah="76.02", jenis="pelatihan", kapasitas=None, mulai=None, durasi_jam=3,
                  umumkan=True, **lain):
    mulai = mulai or timezone.now() + timedelta(days=3)
    data = {
        "jenis": jenis, "judul": lain.pop("judul", "Pelatihan menulis berita KIM"), "wilayah": wilayah,
        "penyelenggara": "Diskominfo Kabupaten Mamuju", "mulai": mulai,
        "selesai": mulai + timedelta(hours=durasi_jam), "tempat": "Aula Diskominfo Mamuju", "kapasitas": kapasitas,
        **lain,
    }
    k = services.kegiatan_create(actor=actor, **data)
    if umumkan:
        services.kegiatan_umumkan(actor=actor, kegiatan=k)
        k.refresh_from_db()
    return k


def sedang_berlangsung(k):
    """Move an event so that it is running now (starts 30 minutes ago)."""
    from simpul.pembinaan.models import Kegiatan

    mulai = timezone.now() - timedelta(minutes=30)
    Kegiatan.objects.filter(pk=k.pk).update(mulai=mulai, selesai=mulai + timedelta(hours=3),
                                            pendaftaran_tutup=mulai + timedelta(hours=2))
    k.refresh_from_db()
    return k


@pytest.fixture
def pelatihan(diskominfo_mamuju):
    return buat_kegiatan(diskominfo_mamuju)
