"""Demo: a few months of KIM Orobatu Bersatu's activities (with one photo), and some for the
other active KIMs of the kabupaten so the rollup has figures. Idempotent; through the services."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from simpul.core.kode import subtree_q
from simpul.kim.models import Kim, Pengurus

from . import services
from .models import Kegiatan

KEGIATAN = [
    ("diseminasi", "Sosialisasi jadwal posyandu dan imunisasi", 3, 34),
    ("rapat", "Rapat bulanan anggota KIM", 10, 9),
    ("literasi", "Kelas cek fakta hoaks untuk pemuda", 24, 21),
    ("liputan", "Liputan panen kakao Dusun Salukayu", 38, 6),
    ("layanan", "Pos pengaduan warga di pasar desa", 52, 40),
    ("ekonomi", "Pendampingan UMKM abon ikan memasarkan daring", 67, 12),
]


def _foto() -> SimpleUploadedFile:
    img = Image.new("RGB", (800, 600), (46, 125, 50))
    d = ImageDraw.Draw(img)
    d.rectangle((60, 380, 740, 560), fill=(121, 85, 72))
    d.ellipse((560, 60, 700, 200), fill=(255, 213, 79))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return SimpleUploadedFile("kegiatan.jpg", buf.getvalue(), "image/jpeg")


def muat(ctx) -> dict[str, int]:
    hari_ini = timezone.localdate()
    n = 0
    ketua = ctx.users["pengurus_kim_tapalang"]
    if Kegiatan.objects.filter(kim=ctx.kim).exists():
        return {}  # loaded before: other demos may since have given more KIMs a ketua with a login
    anggota = list(ctx.kim.anggota.filter(aktif=True)[:4])
    for i, (jenis, judul, hari, peserta) in enumerate(KEGIATAN):
        services.kegiatan_catat(actor=ketua, kim=ctx.kim, jenis=jenis, judul=judul,
                                tanggal=hari_ini - timedelta(days=hari), tempat="Desa Orobatu",
                                ringkasan=f"{judul}. Dihadiri {peserta} orang; hasilnya dibagikan di grup WhatsApp "
                                          "desa dan papan informasi.",
                                jumlah_peserta=peserta, peserta=anggota, foto=[_foto()] if i == 0 else [])
        n += 1
    # Other active KIMs of the kabupaten, recorded by their own ketua (if they have one with an account).
    for kim in Kim.objects.aktif().filter(subtree_q("desa__kode", ctx.kab)).exclude(pk=ctx.kim.pk)[:12]:
        if Kegiatan.objects.filter(kim=kim).exists():
            continue
        p = Pengurus.objects.filter(kim=kim, jabatan="ketua", diberhentikan__isnull=True,
                                    anggota__user__isnull=False).select_related("anggota__user").first()
        if p is None:
            continue
        for jenis, judul, hari, peserta in ctx.rng.sample(KEGIATAN, k=ctx.rng.randint(1, 4)):
            services.kegiatan_catat(actor=p.anggota.user, kim=kim, jenis=jenis, judul=judul,
                                    tanggal=hari_ini - timedelta(days=hari + ctx.rng.randint(0, 5)),
                                    ringkasan=f"{judul} bersama warga.", jumlah_peserta=peserta)
            n += 1
    return {"kegiatan": n} if n else {}
