"""Demo aspirations for Kabupaten Mamuju: two agencies (Dinas PUPR with its Bina Marga unit,
Dinas Kesehatan), routing rules, a response template, and a dozen aspirations at every stage
(new, postponed, routed, answered, rated, archived, overdue), all through the services.
Idempotent: does nothing if the demo agencies already exist."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from simpul.wilayah.models import Wilayah

from . import services
from .models import Aspirasi, AturanRute, Instansi, Kategori, StafInstansi, TemplatTanggapan

CONTOH = [
    ("pengaduan", "infrastruktur", "Jembatan gantung dusun Salupangi putus",
     "Jembatan gantung penghubung dusun Salupangi putus sejak banjir minggu lalu. Anak sekolah harus memutar 6 km."),
    ("aspirasi", "jaringan", "Sinyal internet di dusun 3 hilang",
     "Sejak menara dipindah, sinyal di dusun 3 hilang. Mohon titik wifi KIM ditambah di balai dusun."),
    ("informasi", "kesehatan", "Jadwal posyandu dan imunisasi",
     "Mohon informasi jadwal posyandu dan imunisasi campak bulan depan di desa kami."),
    ("pengaduan", "infrastruktur", "Jalan poros desa berlubang",
     "Jalan poros desa berlubang besar di depan SD, sudah dua motor jatuh."),
    ("aspirasi", "ekonomi", "Pelatihan pengemasan kopi",
     "Kami ingin pelatihan pengemasan dan pemasaran daring kopi robusta untuk kelompok tani."),
    ("pengaduan", "kesehatan", "Puskesmas pembantu sering tutup",
     "Pustu di desa sering tutup pada jam kerja, warga harus ke kecamatan."),
    ("informasi", "administrasi", "Syarat pindah domisili",
     "Apa saja syarat mengurus surat pindah domisili ke kabupaten lain?"),
    ("aspirasi", "lingkungan", "Tempat sampah di pantai",
     "Mohon disediakan tempat sampah terpilah di pantai Dungkait yang ramai tiap akhir pekan."),
]


def muat(ctx) -> dict[str, int]:
    kab = Wilayah.objects.get(kode=ctx.kab)
    if Instansi.objects.filter(wilayah=kab, nama="Dinas PUPR Kabupaten Mamuju").exists():
        return {}
    pupr = Instansi.objects.create(nama="Dinas PUPR Kabupaten Mamuju", singkatan="PUPR", wilayah=kab)
    bina = Instansi.objects.create(nama="Bidang Bina Marga", wilayah=kab, induk=pupr)
    dinkes = Instansi.objects.create(nama="Dinas Kesehatan Kabupaten Mamuju", singkatan="Dinkes", wilayah=kab)
    kat = {k.kode: k for k in Kategori.objects.all()}
    AturanRute.objects.create(kategori=kat["infrastruktur"], wilayah=kab, instansi=bina)
    AturanRute.objects.create(kategori=kat["kesehatan"], wilayah=kab, instansi=dinkes)
    TemplatTanggapan.objects.create(judul="Dijadwalkan", isi="Terima kasih atas laporannya. Perbaikan sudah kami "
                                    "jadwalkan; petugas akan ke lokasi paling lambat minggu depan.")
    TemplatTanggapan.objects.create(instansi=dinkes, judul="Jadwal posyandu", isi="Jadwal posyandu dan imunisasi "
                                    "diumumkan di papan desa dan grup WhatsApp KIM setiap awal bulan.")
    u = ctx.users
    # The persona diskominfo_mamuju answers for nothing; demo staff are the kab office's accounts.
    StafInstansi.objects.get_or_create(instansi=pupr, user=u["diskominfo_mamuju"], defaults={"jabatan": "Admin"})
    StafInstansi.objects.get_or_create(instansi=dinkes, user=u["diskominfo_mamuju"], defaults={"jabatan": "Admin"})
    ketua, diskominfo = u["pengurus_kim_tapalang"], u["diskominfo_mamuju"]
    desa = ctx.kim.desa
    dibuat = []
    for i, (jenis, kode_kat, judul, isi) in enumerate(CONTOH):
        a, _c = services.aspirasi_create(
            actor=ketua if i % 3 == 0 else None, kim=ctx.kim if i % 3 == 0 else None, jenis=jenis,
            kategori=kat[kode_kat], desa=desa, judul=judul, isi=isi, nama=ctx.rng.choice(["Hasnah", "Sangkala", ""]),
            telepon="" if i % 2 else f"08124455{6600 + i}", anonim=i == 5, rahasia=i == 6,
            kunci_idempoten=f"demo:{i}")
        dibuat.append(a)
    a = dibuat
    services.aspirasi_verifikasi(actor=ketua, aspirasi=a[0], kategori=kat["infrastruktur"], butuh_cek_lapangan=True)
    services.tanggapan_kirim(actor=diskominfo, aspirasi=a[0], final=False,
                             isi="Tim Bina Marga akan memeriksa ke lokasi; jembatan darurat sedang disiapkan.")
    services.aspirasi_verifikasi(actor=diskominfo, aspirasi=a[2], kategori=kat["kesehatan"])
    services.tanggapan_kirim(actor=diskominfo, aspirasi=a[2],
                             isi="Posyandu tanggal 5 di balai desa; imunisasi campak tanggal 12 di Pustu.")
    services.aspirasi_nilai(aspirasi=a[2], penilaian=5, catatan="Jelas, terima kasih")
    services.aspirasi_verifikasi(actor=diskominfo, aspirasi=a[3], kategori=kat["infrastruktur"])
    services.tanggapan_kirim(actor=diskominfo, aspirasi=a[3], isi="Penambalan dijadwalkan minggu depan.")
    services.aspirasi_tunda(actor=ketua, aspirasi=a[4], alasan="Menunggu daftar nama kelompok tani")
    services.aspirasi_verifikasi(actor=diskominfo, aspirasi=a[5], kategori=kat["kesehatan"])
    services.aspirasi_verifikasi(actor=diskominfo, aspirasi=a[7], kategori=kat["lingkungan"])
    services.aspirasi_disposisi(actor=diskominfo, aspirasi=a[7], instansi=pupr)
    # One overdue item so the dashboard and the tick have something to show.
    Aspirasi.objects.filter(pk=a[1].pk).update(tenggat=timezone.localdate() - timedelta(days=2))
    services.tenggat_periksa()
    # The national and provincial personas' dashboard reads the summary (kept every 10 minutes).
    services.ringkasan_aspirasi_hitung_ulang()
    return {"instansi": 3, "aspirasi": len(dibuat)}
