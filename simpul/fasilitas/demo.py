"""Demo facilities: free wifi points from Diskominfo Mamuju at a few KIMs (one with a reported
outage and its repair, monthly users reported by the ketua) and a laptop from a donor.
Through the services; idempotent (skipped when KIM Orobatu Bersatu already has facilities)."""

from __future__ import annotations

from datetime import date

from simpul.kim.models import Kim, StatusKim

from . import services
from .models import Fasilitas

PENYEDIA = ("Telkom IndiHome", "Biznet", "XL Satu", "Telkomsel Orbit")


def muat(ctx) -> dict[str, int]:
    if Fasilitas.objects.filter(kim=ctx.kim).exists():
        return {}
    kantor = ctx.users["diskominfo_mamuju"]
    ketua = ctx.users["pengurus_kim_tapalang"]
    rng = ctx.rng
    kims = [ctx.kim, *Kim.objects.filter(desa__kode__startswith=ctx.kab + ".", status=StatusKim.AKTIF)
            .exclude(pk=ctx.kim.pk).select_related("desa").order_by("nama")[:4]]
    n = 0
    for i, kim in enumerate(kims):
        lat = (kim.lat or kim.desa.lat or -2.68) + rng.uniform(-0.003, 0.003)
        lng = (kim.lng or kim.desa.lng or 118.89) + rng.uniform(-0.003, 0.003)
        x = services.fasilitas_create(
            actor=kantor, kim=kim, jenis="wifi", nama=f"Wifi gratis {kim.desa.nama}", sumber="diskominfo",
            sumber_nama="Program Desa Terkoneksi Diskominfo Mamuju", tanggal_terima=date(2025, 3 + i, 1),
            lat=round(lat, 6), lng=round(lng, 6), penyedia=PENYEDIA[i % len(PENYEDIA)], bandwidth_mbps=20 + 10 * (i % 3),
            biaya_bulanan=1_000_000, pengguna_per_bulan=rng.randint(60, 400),
            keterangan="Titik wifi di balai desa, dipakai warga dan pelajar.",
        )
        n += 1
        if i == 0:
            services.fasilitas_status_set(actor=ketua, fasilitas=x, status="gangguan",
                                          catatan="Router mati setelah listrik padam.")
            services.fasilitas_status_set(actor=kantor, fasilitas=x, status="aktif", catatan="Router diganti teknisi.")
            services.fasilitas_pemakaian_set(actor=ketua, fasilitas=x, pengguna_per_bulan=312)
        if i == 3:
            services.fasilitas_status_set(actor=kantor, fasilitas=x, status="rusak", catatan="Tersambar petir.")
    services.fasilitas_create(actor=kantor, kim=ctx.kim, jenis="perangkat", nama="Laptop sekretariat", jumlah=1,
                              sumber="donatur", sumber_nama="CSR Bank Sulselbar", tanggal_terima=date(2025, 8, 17))
    services.fasilitas_create(actor=kantor, kim=ctx.kim, jenis="perangkat", nama="Pengeras suara portabel", jumlah=2,
                              sumber="diskominfo", sumber_nama="Diskominfo Mamuju", tanggal_terima=date(2025, 5, 2))
    return {"fasilitas": n + 2}
