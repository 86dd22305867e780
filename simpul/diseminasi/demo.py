"""Demo campaigns from the Mamuju and Sulawesi Barat offices: a provincial sporting event, a
health programme and a hoax clarification (published, with deliveries, acknowledgements and
reach reports from the demo KIMs), plus a draft. All through the services. Idempotent: does
nothing if the demo campaigns already exist."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from simpul.core import scope

from . import services
from .models import Kampanye, Penerimaan, Saluran

JUDUL_HOAKS = "Klarifikasi: kabar tsunami susulan di pesisir Mamuju tidak benar"

KAMPANYE = [
    # (office persona, title, category, priority, targets, body, published?)
    ("diskominfo_sulbar", "Sukseskan Tour de Central Celebes etape Sulawesi Barat", "acara", "penting", ["76"],
     "Etape Sulawesi Barat **Tour de Central Celebes** melintasi poros Mamuju–Majene.\n\n"
     "- Sampaikan jadwal penutupan jalan kepada warga.\n- Ajak warga menonton dari tepi jalan dengan tertib.\n"
     "- Unggah foto dukungan dengan tagar resmi.", True),
    ("diskominfo_mamuju", JUDUL_HOAKS, "klarifikasi_hoaks", "mendesak", ["76.02"],
     "Beredar pesan berantai tentang **tsunami susulan** di pesisir Mamuju malam ini. Kabar itu **tidak benar**: "
     "BMKG tidak mengeluarkan peringatan dini tsunami.\n\nSumber resmi: situs dan akun media sosial BMKG. "
     "Mohon KIM meneruskan klarifikasi ini di grup WhatsApp warga dan pengeras suara masjid.", True),
    ("diskominfo_mamuju", "Bulan imunisasi anak: ajak balita ke posyandu", "kesehatan", "biasa",
     ["76.02.02", "76.02.01"],
     "Bulan imunisasi anak berlangsung di semua posyandu. Ingatkan orang tua membawa buku KIA.", True),
    ("diskominfo_mamuju", "Sosialisasi pendaftaran UMKM ke katalog lokal", "ekonomi", "biasa", ["76.02"],
     "Draf: ajakan bagi pelaku UMKM desa untuk mendaftarkan produknya.", False),
]


def muat(ctx) -> dict[str, int]:
    if Kampanye.objects.filter(judul=JUDUL_HOAKS).exists():
        return {}
    hari_ini = timezone.localdate()
    u = ctx.users
    dibuat = {"kampanye": 0, "penerimaan": 0, "laporan": 0}
    for persona, judul, kategori, prioritas, target, isi, terbit in KAMPANYE:
        actor = u[persona]
        scope.forget(actor)
        with transaction.atomic():
            k = services.kampanye_create(
                actor=actor, judul=judul, isi=isi, kategori=kategori, prioritas=prioritas,
                mulai=hari_ini - timedelta(days=ctx.rng.randint(3, 10)), selesai=hari_ini + timedelta(days=30),
                target=target)
            dibuat["kampanye"] += 1
            if terbit:
                dibuat["penerimaan"] += services.kampanye_publish(actor=actor, kampanye=k)
    # The persona KIM acknowledges everything and reports twice on the hoax clarification; other
    # demo KIMs report now and then (through a member of each, if it has a member account).
    saluran = list(Saluran.values)
    anggota = u["anggota_kim_tapalang"]
    scope.forget(anggota)
    for p in Penerimaan.objects.filter(kim=ctx.kim).select_related("kampanye"):
        services.penerimaan_acknowledge(actor=anggota, penerimaan=p)
        laporan = [("grup_whatsapp", 85), ("pengeras_suara", 150)] if p.kampanye.hoaks else [("pertemuan_warga", 30)]
        for i, (s, n) in enumerate(laporan):
            services.laporan_create(actor=anggota, penerimaan=p, saluran=s, jumlah_orang=n,
                                    tanggal=max(p.kampanye.mulai, hari_ini - timedelta(days=1)),
                                    kunci=f"demo-{p.pk}-{i}", catatan="Disampaikan oleh pengurus KIM.")
            dibuat["laporan"] += 1
    from simpul.kim.selectors import pengguna_pengurus_aktif

    lain = list(Penerimaan.objects.exclude(kim=ctx.kim).select_related("kampanye").order_by("id"))
    pengurus = pengguna_pengurus_aktif([p.kim_id for p in lain])
    for p in lain:
        users = pengurus.get(p.kim_id)
        if not users or ctx.rng.random() < 0.4:
            continue
        scope.forget(users[0])
        services.penerimaan_acknowledge(actor=users[0], penerimaan=p)
        if ctx.rng.random() < 0.6:
            services.laporan_create(actor=users[0], penerimaan=p, saluran=ctx.rng.choice(saluran),
                                    jumlah_orang=ctx.rng.randint(10, 250), tanggal=p.kampanye.mulai,
                                    kunci=f"demo-{p.pk}-0")
            dibuat["laporan"] += 1
    return dibuat
