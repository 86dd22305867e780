"""Fixtures shared by the berita and portal tests (imported by both apps' conftest.py)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def foto_jpeg(nama="foto.jpg", ukuran=(2400, 1800), exif_gps=True) -> SimpleUploadedFile:
    img = Image.new("RGB", ukuran)
    px = img.load()
    for x in range(0, ukuran[0], 7):  # noisy enough not to compress to nothing
        for y in range(0, ukuran[1], 5):
            px[x, y] = ((x * 7) % 255, (y * 3) % 255, (x * y) % 255)
    buf = io.BytesIO()
    exif = Image.Exif()
    if exif_gps:
        exif[0x010F] = "KameraHP"  # Make
        exif[0x8825] = {1: "S", 2: (2.0, 40.0, 0.0)}  # GPS IFD
    img.save(buf, "JPEG", quality=95, exif=exif)
    return SimpleUploadedFile(nama, buf.getvalue(), content_type="image/jpeg")


@pytest.fixture
def foto():
    return foto_jpeg()


@pytest.fixture
def kategori(db):
    from simpul.berita.services import kategori_pastikan

    return kategori_pastikan(nama="Pertanian", slug="pertanian")


@pytest.fixture
def tulis(anggota_kim_tapalang, kim_tapalang):
    """A helper: a draft by the KIM member."""
    from simpul.berita import services

    def _tulis(judul="Panen raya jagung di Orobatu", isi="Warga Orobatu memanen jagung bersama hari ini. " * 3, **kw):
        return services.artikel_create(actor=anggota_kim_tapalang, kim=kim_tapalang, judul=judul, isi=isi, **kw)

    return _tulis


@pytest.fixture
def terbit(tulis, pengurus_kim_tapalang, anggota_kim_tapalang):
    """A helper: a published article (written by the member, approved by the ketua)."""
    from simpul.berita import services

    def _terbit(**kw):
        a = tulis(**kw)
        services.artikel_submit(actor=anggota_kim_tapalang, artikel=a)
        return services.artikel_approve(actor=pengurus_kim_tapalang, artikel=a)

    return _terbit


@pytest.fixture(autouse=True)
def _on_commit_segera(monkeypatch):
    """Tests run inside a transaction that never commits: run after-commit work (notifications,
    cache invalidation, search indexing) at once, as a real commit would."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda fn, using=None, robust=False: fn())
