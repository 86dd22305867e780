"""Fixtures of the aspiration tests: an agency with a unit and staff, a routing rule, a ready
public-form payload (with a solved challenge) and helpers to push an aspiration through."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from simpul.aspirasi import services
from simpul.aspirasi.forms import GARAM
from simpul.aspirasi.models import AturanRute, Instansi, Kategori, StafInstansi
from simpul.core.testing.factories import UserFactory
from simpul.wilayah.models import Wilayah

DESA = "76.02.02.2003"  # Orobatu
DESA_LAIN = "76.02.02.2006"
DESA_MAKASSAR = "73.71.01.1001"


@pytest.fixture(autouse=True)
def _tantangan_cepat(settings):
    settings.SIMPUL_ASPIRASI_TANTANGAN_MIN_DETIK = 0


@pytest.fixture
def kategori(db):
    return Kategori.objects.get(kode="infrastruktur")


@pytest.fixture
def pupr(db):
    return Instansi.objects.create(nama="Dinas PUPR Kabupaten Mamuju", singkatan="PUPR",
                                   wilayah=Wilayah.objects.get(kode="76.02"))


@pytest.fixture
def pupr_bina_marga(pupr):
    return Instansi.objects.create(nama="Bidang Bina Marga", wilayah=pupr.wilayah, induk=pupr)


@pytest.fixture
def staf_pupr(pupr):
    user = UserFactory(nama="Staf PUPR", email="staf.pupr@contoh.id")
    StafInstansi.objects.create(instansi=pupr, user=user)
    return user


@pytest.fixture
def staf_bina_marga(pupr_bina_marga):
    user = UserFactory(nama="Staf Bina Marga", email="binamarga@contoh.id")
    StafInstansi.objects.create(instansi=pupr_bina_marga, user=user)
    return user


@pytest.fixture
def rute(pupr, kategori):
    return AturanRute.objects.create(kategori=kategori, wilayah=Wilayah.objects.get(kode="76.02"), instansi=pupr)


def jpeg(w: int = 40, h: int = 30, exif_gps: bool = True) -> SimpleUploadedFile:
    img = Image.new("RGB", (w, h), (200, 50, 50))
    buf = io.BytesIO()
    exif = Image.Exif()
    if exif_gps:
        exif[0x010F] = "KameraRahasia"  # Make
    img.save(buf, format="JPEG", exif=exif)
    return SimpleUploadedFile("foto.jpg", buf.getvalue(), content_type="image/jpeg")


def tantangan() -> dict:
    import secrets

    from django.core import signing
    return {"token": signing.dumps({"a": 2, "b": 3, "t": 0, "n": secrets.token_hex(4)}, salt=GARAM, compress=True),
            "jawaban": "5"}


def isian(**kw) -> dict:
    data = {"jenis": "pengaduan", "desa": DESA, "judul": "Jembatan dusun putus",
            "isi": "Jembatan penghubung dusun 2 putus diterjang banjir, anak sekolah memutar 5 km.",
            "nama": "Budi Warga", "telepon": "0812 3456 7890", "email": "budi@contoh.id"}
    data.update(tantangan())
    data.update(kw)
    return data


def buat(**kw):
    kw.setdefault("jenis", "pengaduan")
    kw.setdefault("desa", DESA)
    kw.setdefault("isi", "Jalan desa berlubang besar di depan sekolah dasar.")
    a, _created = services.aspirasi_create(**kw)
    return a
