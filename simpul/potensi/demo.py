"""Demo listings: KIM Orobatu Bersatu's coffee, sago and beach homestay (a KIM venture), and
listings of two more KIMs in Kabupaten Mamuju (tenun, fish); then the search index is rebuilt
(regions, KIMs, listings, vocabulary) so the demo search finds everything. Idempotent."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from simpul.core.kode import subtree_q
from simpul.demo.services import akun_pengurus
from simpul.kim.models import Kim

from . import services
from .models import Potensi

OROBATU = [
    {"nama": "Kopi Robusta Orobatu", "kategori": "pertanian", "harga_min": 85_000, "harga_maks": 120_000,
     "satuan": "per kg", "penjual_nama": "Pak Sangkala", "penjual_telepon": "0812 4455 6601", "izin_kontak": True,
     "deskripsi": "Kopi robusta dari kebun warga di lereng Tapalang, **dipetik merah** dan dijemur di para-para.\n\n"
                  "- biji sangrai atau bubuk\n- kemasan 250 g dan 1 kg\n\nBisa dikirim ke Mamuju setiap Kamis.",
     "warna": (111, 78, 55)},
    {"nama": "Sagu Lempeng Tapalang", "kategori": "kuliner", "harga_min": 15_000, "harga_maks": 25_000,
     "satuan": "per ikat", "penjual_nama": "Ibu Hasnah", "penjual_telepon": "0813 5566 7702", "izin_kontak": False,
     "deskripsi": "Sagu lempeng panggang khas Mandar, renyah dan tahan lama. Cocok untuk oleh-oleh.",
     "warna": (214, 190, 140)},
    {"nama": "Homestay Pantai Dungkait", "kategori": "penginapan", "harga_min": 250_000, "satuan": "per malam",
     "usaha_kim": True,
     "deskripsi": "Penginapan dikelola KIM Orobatu Bersatu, lima menit dari pantai. Dua kamar, sarapan ikan "
                  "bakar, antar-jemput dari jalan poros Mamuju–Majene.",
     "warna": (64, 140, 190)},
    {"nama": "Gula Aren Orobatu", "kategori": "pertanian", "harga_min": 20_000, "satuan": "per batang",
     "deskripsi": "Gula aren cetak dari nira pohon aren warga, tanpa campuran.", "warna": (150, 90, 40)},
]
LAIN = [
    {"nama": "Tenun Sekomandi", "kategori": "kerajinan", "harga_min": 750_000, "harga_maks": 3_500_000,
     "satuan": "per lembar", "usaha_kim": True,
     "deskripsi": "Kain tenun ikat Sekomandi dengan pewarna alam, ditenun tangan oleh kelompok penenun desa.",
     "warna": (140, 40, 40)},
    {"nama": "Ikan Terbang Asap", "kategori": "perikanan", "harga_min": 30_000, "satuan": "per ikat",
     "deskripsi": "Ikan terbang (tuing-tuing) asap hasil nelayan setempat.", "warna": (90, 110, 120)},
]


def _foto(nama: str, warna: tuple[int, int, int]):
    img = Image.new("RGB", (800, 600), warna)
    d = ImageDraw.Draw(img)
    for i in range(0, 800, 40):
        d.line([(i, 600), (i + 300, 0)], fill=tuple(min(255, c + 25) for c in warna), width=8)
    d.rectangle([40, 480, 760, 560], fill=(255, 255, 255))
    d.text((60, 505), nama, fill=(20, 20, 20))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    buf.name = "demo.png"
    return buf


def _buat(aktor, kim: Kim, data: dict) -> int:
    if Potensi.objects.filter(kim=kim, nama=data["nama"]).exists():
        return 0
    isian = {k: v for k, v in data.items() if k != "warna"}
    p = services.potensi_buat(aktor=aktor, kim=kim, data=isian)
    services.foto_tambah(aktor=aktor, potensi=p, berkas=_foto(p.nama, data["warna"]), keterangan=p.nama)
    services.potensi_terbitkan(aktor=aktor, potensi=p)
    return 1


def muat(ctx) -> dict[str, int]:
    from simpul.cari.management.commands.reindeks import reindeks

    n = 0
    ketua = ctx.users["pengurus_kim_tapalang"]
    for data in OROBATU:
        n += _buat(ketua, ctx.kim, data)
    lain = list(Kim.objects.aktif().filter(subtree_q("desa__kode", ctx.kab)).exclude(pk=ctx.kim.pk)
                .order_by("nama")[:2])
    for kim, data in zip(lain, LAIN, strict=False):
        aktor = akun_pengurus(ctx, kim, "ketua", email=f"ketua.{kim.slug}@demo.simpul.id", bisa_masuk=False)
        if aktor is not None:
            n += _buat(aktor, kim, data)
    # Rebuilt on every load (idempotent: replaces the documents); counted only when new
    # listings came in, so a second load reports nothing.
    indeks = reindeks()
    return {"potensi": n, "dokumen pencarian": sum(v for k, v in indeks.items() if k != "kata") if n else 0}
