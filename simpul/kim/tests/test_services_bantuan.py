"""Helpers shared by the KIM write-side tests (services, wizard, verification, internal pages).

No tests here: plain functions that form KIMs through the real services, and sample files whose
content matches (or deliberately does not match) their names.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from simpul.kim import services
from simpul.kim.models import Anggota, JenisDokumen, Kim

DESA_OROBATU = "76.02.02.2003"
DESA_TAKANDEANG = "76.02.02.2006"
DESA_MAKASSAR = "73.71.01.1001"

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
WEBP = b"RIFF\x40\x00\x00\x00WEBPVP8 " + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 120
HTML = b"<html><script>alert(1)</script></html>"


def berkas(nama: str = "sk.pdf", isi: bytes = PDF, jenis: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, isi, content_type=jenis)


def bentuk_draf(actor, *, nama: str = "KIM Maju Bersama", desa: str = DESA_OROBATU, **kw) -> Kim:
    kw.setdefault("kelompok_umur_pembuat", "26-35")
    return services.kim_create_draft(actor=actor, nama=nama, desa=desa, **kw)


def lengkapi(actor, kim: Kim) -> Kim:
    """Make a draft complete for submission: identity, 3 members, core officers, SK, documents."""
    services.kim_update_profil(actor=actor, kim=kim, alamat="Jl. Poros Mamuju–Majene km 30",
                               telepon="0812 3456 7000", tanggal_berdiri=date(2025, 1, 10),
                               sumber_dana=["iuran", "usaha"])
    anggota = list(Anggota.objects.filter(kim=kim, aktif=True).order_by("id"))
    i = 0
    while len(anggota) < 3:
        i += 1
        anggota.append(services.anggota_add(actor=actor, kim=kim, nama=f"Anggota Pendiri {i}",
                                            kelompok_umur="26-35", jenis_kelamin="P"))
    services.pengurus_inti_set(actor=actor, kim=kim, ketua=anggota[0], sekretaris=anggota[1], bendahara=anggota[2])
    hari_ini = timezone.localdate()
    services.sk_upload(actor=actor, kim=kim, nomor="141/12/KPTS/2025", tanggal=hari_ini - timedelta(days=10),
                       penerbit_jenis="kepala_desa", penerbit_nama="Kepala Desa Orobatu",
                       berlaku_sampai=hari_ini + timedelta(days=3 * 365), berkas=berkas())
    services.dokumen_upload(actor=actor, kim=kim, jenis=JenisDokumen.NOTULEN, berkas=berkas("notulen.pdf"))
    services.dokumen_upload(actor=actor, kim=kim, jenis=JenisDokumen.DAFTAR_HADIR,
                            berkas=berkas("hadir.jpg", JPEG, "image/jpeg"))
    kim.refresh_from_db()
    return kim


def diajukan(actor, **kw) -> Kim:
    kim = lengkapi(actor, bentuk_draf(actor, **kw))
    return services.kim_submit(actor=actor, kim=kim)
