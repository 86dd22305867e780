import io
from datetime import date

import pytest
from PIL import Image

from simpul.core.peran import Jabatan
from simpul.core.testing.factories import AnggotaFactory, PengurusFactory, UserFactory


@pytest.fixture
def bendahara_kim_tapalang(kim_tapalang):
    user = UserFactory(nama="Bendahara KIM Orobatu", email="bendahara.orobatu@contoh.id")
    anggota = AnggotaFactory(kim=kim_tapalang, user=user, nama=user.nama)
    PengurusFactory(anggota=anggota, kim=kim_tapalang, jabatan=Jabatan.BENDAHARA)
    return user


@pytest.fixture
def catat(bendahara_kim_tapalang, kim_tapalang):
    """Record an entry in Orobatu's book through the service: ``catat("masuk", "2026-01-05", 100_000, "iuran")``."""
    from simpul.keuangan.services import transaksi_catat

    def buat(jenis, tanggal, jumlah, sumber="", uraian="Uji", kim=None, **kw):
        return transaksi_catat(actor=bendahara_kim_tapalang, kim=kim or kim_tapalang, jenis=jenis,
                               tanggal=date.fromisoformat(tanggal) if isinstance(tanggal, str) else tanggal,
                               jumlah=jumlah, sumber=sumber, uraian=uraian, **kw)

    return buat


def foto_jpeg(nama="kuitansi.jpg") -> io.BytesIO:
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 180, 90)).save(buf, "JPEG")
    buf.seek(0)
    buf.name = nama
    return buf
