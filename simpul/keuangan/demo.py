"""Demo books: KIM Orobatu Bersatu's cash book over 14 months (members' dues, sales of its coffee
venture, expenses; a dana desa grant 13 months ago, just outside the 12-month period), which makes it
mandiri; and the books of three other Mamuju KIMs (one funded by dana desa, one in deficit).
Recorded through the services by each KIM's bendahara (the ketua for Orobatu). Idempotent."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from simpul.core.peran import Jabatan
from simpul.demo.services import akun_pengurus
from simpul.kim.models import Kim

from . import services
from .models import Transaksi
from .selectors import mundur_bulan


def _bulan_lalu(n: int, hari: int) -> date:
    d = mundur_bulan(timezone.localdate().replace(day=1), n)
    return min(d.replace(day=hari), timezone.localdate())


def muat(ctx) -> dict[str, int]:
    if Transaksi.objects.filter(kim=ctx.kim).exists():
        return {}
    ketua = ctx.users["pengurus_kim_tapalang"]
    n = 0

    def catat(kim, actor, jenis, tanggal, jumlah, uraian, sumber=""):
        nonlocal n
        services.transaksi_catat(actor=actor, kim=kim, jenis=jenis, tanggal=tanggal, jumlah=jumlah, uraian=uraian,
                                 sumber=sumber, kunci=f"demo-{kim.pk}-{n}")
        n += 1

    catat(ctx.kim, ketua, "masuk", _bulan_lalu(13, 10), 2_000_000, "Bantuan dana desa untuk perlengkapan", "dana_desa")
    for b in range(13, -1, -1):
        catat(ctx.kim, ketua, "masuk", _bulan_lalu(b, 5), 150_000, "Iuran anggota", "iuran")
        if b % 2 == 0:
            catat(ctx.kim, ketua, "masuk", _bulan_lalu(b, 18), 350_000 + 25_000 * (b % 3),
                  "Penjualan kopi Orobatu", "usaha")
        catat(ctx.kim, ketua, "keluar", _bulan_lalu(b, 20), 180_000, "Pulsa data dan cetak buletin")
    salah = services.transaksi_catat(actor=ketua, kim=ctx.kim, jenis="keluar", tanggal=_bulan_lalu(2, 22),
                                     jumlah=75_000, uraian="Snack rapat", kunci="demo-koreksi")
    services.transaksi_koreksi(actor=ketua, transaksi=salah, alasan="Salah ketik jumlah (nota Rp57.000)",
                               jenis="keluar", tanggal=salah.tanggal, jumlah=57_000, uraian="Snack rapat")
    dobel = services.transaksi_catat(actor=ketua, kim=ctx.kim, jenis="masuk", tanggal=_bulan_lalu(1, 5),
                                     jumlah=150_000, uraian="Iuran anggota", sumber="iuran", kunci="demo-dobel")
    services.transaksi_batal(actor=ketua, transaksi=dobel, alasan="Tercatat dua kali")

    lain = list(Kim.objects.filter(desa__kode__startswith=ctx.kab + ".", status="aktif").exclude(pk=ctx.kim.pk)
                .order_by("pk")[:3])
    pola = [("dana_desa", 1_500_000, 900_000), ("iuran", 300_000, 650_000), ("usaha", 1_200_000, 400_000)]
    for kim, (sumber, masuk, keluar) in zip(lain, pola, strict=False):
        actor = akun_pengurus(ctx, kim, Jabatan.BENDAHARA, email=f"bendahara.{kim.pk}@demo.simpul.id")
        if actor is None:
            continue
        for b in (5, 3, 1):
            catat(kim, actor, "masuk", _bulan_lalu(b, 3), masuk // 3, "Pemasukan", sumber)
            catat(kim, actor, "keluar", _bulan_lalu(b, 12), keluar // 3, "Kegiatan KIM")
    return {"transaksi kas": n + 2}
