"""Demo assessment: the example scheme (marked as an example) for Kabupaten Mamuju and one round,
in competition mode with two categories, jurors' scores for a few KIMs, computed. Idempotent."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from simpul.wilayah.models import Wilayah

from . import services
from .models import Indikator, Peserta, Putaran, SumberNilai

NAMA = "Lomba KIM Kabupaten Mamuju {tahun}"


def muat(ctx) -> dict[str, int]:
    tahun = timezone.localdate().year
    nama = NAMA.format(tahun=tahun)
    if Putaran.objects.filter(nama=nama).exists():
        return {}
    kantor = ctx.users["diskominfo_mamuju"]
    kab = Wilayah.objects.get(kode=ctx.kab)
    skema = services.skema_contoh_pasang(actor=kantor, wilayah=kab)
    p = services.putaran_buat(actor=kantor, skema=skema, wilayah=kab, nama=nama, dari=date(tahun, 1, 1),
                              sampai=date(tahun, 12, 31), mode="lomba",
                              kategori=["Ekonomi kreatif dan digital", "Sosial budaya", "Literasi"],
                              juri=[kantor, ctx.users["diskominfo_sulbar"]])
    juri_ind = list(Indikator.objects.filter(dimensi__skema=skema, sumber=SumberNilai.JURI))
    peserta = list(Peserta.objects.filter(putaran=p).select_related("kim").order_by("kim__nama"))
    for i, ps in enumerate(peserta):
        services.peserta_kategori(actor=kantor, peserta=ps, kategori=p.kategori[i % len(p.kategori)])
        if ps.kim_id == ctx.kim.pk or i < 4:
            for juri in (kantor, ctx.users["diskominfo_sulbar"]):
                for ind in juri_ind:
                    services.nilai_juri_simpan(actor=juri, peserta=ps, indikator=ind, skor=ctx.rng.randint(55, 95),
                                               catatan="Demo")
    services.putaran_hitung(actor=kantor, putaran=p)
    return {"putaran penilaian": 1, "peserta penilaian": len(peserta)}
