import io

import pytest
from PIL import Image

from simpul.potensi import services


def png(warna=(120, 80, 40), ukuran=(400, 300)):
    buf = io.BytesIO()
    Image.new("RGB", ukuran, warna).save(buf, format="PNG")
    buf.seek(0)
    buf.name = "foto.png"
    return buf


DATA_KOPI = {
    "nama": "Kopi Robusta Orobatu", "kategori": "pertanian", "deskripsi": "Kopi dari kebun warga **Tapalang**.",
    "harga_min": "85.000", "harga_maks": "120000", "satuan": "per kg", "penjual_nama": "Pak Sangkala",
    "penjual_telepon": "0812 4455 6601", "izin_kontak": True,
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def kopi(kim_tapalang, pengurus_kim_tapalang, media):
    p = services.potensi_buat(aktor=pengurus_kim_tapalang, kim=kim_tapalang, data=DATA_KOPI)
    services.foto_tambah(aktor=pengurus_kim_tapalang, potensi=p, berkas=png(), keterangan="Biji kopi")
    return services.potensi_terbitkan(aktor=pengurus_kim_tapalang, potensi=p)
