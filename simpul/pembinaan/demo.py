"""Demo data of kegiatan pembinaan (Kabupaten Mamuju), through the services:

- a sosialisasi in every kecamatan of Mamuju, held earlier this year, with walk-in
  representatives of the KIMs of that kecamatan;
- a pelatihan held three weeks ago with registered participants (the persona KIM's ketua and
  member), attendance, evaluations and certificates;
- a bimtek in two weeks with registration open (the member registered; the ketua can register).

Idempotent: each event is looked up by its title first.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from simpul.kim.models import Kim, StatusKim
from simpul.wilayah.models import Tingkat, Wilayah

from . import services
from .models import Kegiatan

PENYELENGGARA = "Diskominfo Kabupaten Mamuju"


def _saat(hari, jam: int):
    return timezone.make_aware(datetime.combine(hari, time(jam, 0)))


def muat(ctx) -> dict[str, int]:
    kantor = ctx.users["diskominfo_mamuju"]
    hasil = {"kegiatan pembinaan": 0, "peserta hadir": 0, "sertifikat": 0}
    hari_ini = timezone.localdate()
    awal_tahun = hari_ini.replace(month=1, day=1)
    rentang = max(1, (hari_ini - timedelta(days=10) - awal_tahun).days)

    # 1. a sosialisasi in every kecamatan, earlier this year
    kecamatan = list(Wilayah.objects.filter(induk_id=ctx.kab, tingkat=Tingkat.KECAMATAN, aktif=True).order_by("kode"))
    for i, kec in enumerate(kecamatan):
        judul = f"Sosialisasi KIM di {kec.nama_lengkap}"
        if Kegiatan.objects.filter(judul=judul, wilayah=kec).exists():
            continue
        hari = awal_tahun + timedelta(days=10 + (rentang * i) // max(1, len(kecamatan)))
        k = services.kegiatan_create(
            actor=kantor, jenis="sosialisasi", judul=judul, program="Sosialisasi pembentukan KIM", wilayah=kec,
            penyelenggara=PENYELENGGARA, mulai=_saat(hari, 9), selesai=_saat(hari, 12),
            tempat=f"Aula Kantor Camat {kec.nama}", bersertifikat=False,
            agenda="1. Apa itu KIM\n2. Cara membentuk KIM dan mendaftarkannya di Simpul\n3. Tanya jawab",
        )
        services.kegiatan_umumkan(actor=kantor, kegiatan=k)
        for kim in Kim.objects.filter(desa__induk=kec, status=StatusKim.AKTIF).order_by("nama")[:3]:
            services.walkin_add(actor=kantor, kegiatan=k, nama=f"Perwakilan {kim.nama}", kim=kim)
            hasil["peserta hadir"] += 1
        services.walkin_add(actor=kantor, kegiatan=k, nama=f"Kepala desa se-{kec.nama}", instansi=kec.nama_lengkap)
        hasil["peserta hadir"] += 1
        hasil["kegiatan pembinaan"] += 1

    # 2. a pelatihan three weeks ago, with attendance, evaluations and certificates
    judul = "Pelatihan menulis berita dan memotret untuk KIM"
    if not Kegiatan.objects.filter(judul=judul).exists():
        mulai = timezone.now() + timedelta(days=1)
        k = services.kegiatan_create(
            actor=kantor, jenis="pelatihan", judul=judul, program="Peningkatan kapasitas KIM", wilayah=ctx.kab,
            penyelenggara=PENYELENGGARA, mulai=mulai, selesai=mulai + timedelta(hours=6), kapasitas=30,
            tempat="Aula Diskominfo Mamuju", agenda="1. Menulis berita 5W+1H\n2. Foto dengan HP\n3. Praktik",
        )
        services.kegiatan_umumkan(actor=kantor, kegiatan=k)
        peserta = [ctx.users["pengurus_kim_tapalang"], ctx.users["anggota_kim_tapalang"]]
        for u in peserta:
            services.pendaftaran_daftar(actor=u, kegiatan=k)
        # The demo moves the event into the past once people registered (a real one simply happens).
        lalu = _saat(hari_ini - timedelta(days=21), 8)
        Kegiatan.objects.filter(pk=k.pk).update(mulai=lalu, selesai=lalu + timedelta(hours=6),
                                                pendaftaran_tutup=lalu)
        k.refresh_from_db()
        services.presensi_set(actor=kantor, kegiatan=k,
                              hadir_ids=list(k.peserta.values_list("pk", flat=True)))
        for kim in Kim.objects.filter(desa__kode__startswith=ctx.kab + ".", status=StatusKim.AKTIF).exclude(
                pk=ctx.kim.pk).order_by("nama")[:8]:
            services.walkin_add(actor=kantor, kegiatan=k, nama=f"Pengurus {kim.nama}", kim=kim)
        for i, u in enumerate(peserta):
            services.evaluasi_isi(actor=u, kegiatan=k, nilai_materi=5, nilai_narasumber=4 + i % 2,
                                  nilai_penyelenggaraan=4, nilai_manfaat=5,
                                  saran="Praktik memotret ditambah." if i == 0 else "")
        for p in k.peserta.filter(hadir_pada__isnull=False):
            services.sertifikat_terbit(actor=kantor, peserta=p)
            hasil["sertifikat"] += 1
        hasil["peserta hadir"] += k.peserta.filter(hadir_pada__isnull=False).count()
        hasil["kegiatan pembinaan"] += 1

    # 3. a bimtek in two weeks, registration open
    judul = "Bimtek pengelolaan media sosial dan penangkal hoaks"
    if not Kegiatan.objects.filter(judul=judul).exists():
        hari = hari_ini + timedelta(days=14)
        k = services.kegiatan_create(
            actor=kantor, jenis="bimtek", judul=judul, program="Literasi digital", wilayah=ctx.kab,
            penyelenggara=PENYELENGGARA, mulai=_saat(hari, 9), selesai=_saat(hari, 15), kapasitas=25,
            pendaftaran_tutup=_saat(hari - timedelta(days=2), 23), tempat="Hotel Maleo, Mamuju",
            tautan_daring="https://meet.example.id/bimtek-kim-mamuju",
            sasaran_jabatan=["ketua", "sekretaris", "anggota"],
            agenda="1. Mengelola akun media sosial KIM\n2. Mengenali dan meluruskan hoaks\n3. Praktik",
        )
        services.kegiatan_umumkan(actor=kantor, kegiatan=k)
        services.pendaftaran_daftar(actor=ctx.users["anggota_kim_tapalang"], kegiatan=k)
        hasil["kegiatan pembinaan"] += 1
    return hasil
