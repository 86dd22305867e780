"""Demo news: KIM Orobatu Bersatu's articles in every workflow state, and published news from
other KIMs of Kabupaten Mamuju. Idempotent (an article is recognised by its KIM and title);
everything goes through the services."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from simpul.core.kode import subtree_q
from simpul.kim.models import Kim

from . import services
from .models import Artikel

KATEGORI = [("Pertanian", "pertanian"), ("Kegiatan KIM", "kegiatan-kim"), ("Pariwisata", "pariwisata"),
            ("Kesehatan", "kesehatan"), ("Cek fakta", "cek-fakta")]

ISI = {
    "panen": ("Warga Desa Orobatu memanen jagung bersama di lahan kelompok tani pada Sabtu pagi. "
              "Hasil panen tahun ini mencapai **12 ton**, naik dari tahun lalu.\n\n"
              "## Kerja bersama\n\nKIM Orobatu Bersatu mendokumentasikan panen dan membagikan harga jagung "
              "terbaru lewat grup WhatsApp desa.\n\n- Luas lahan: 6 hektare\n- Petani terlibat: 24 orang"),
    "hoaks": ("Beredar pesan berantai tentang pemotongan bantuan sosial di Kecamatan Tapalang. KIM memeriksa "
              "ke Dinas Sosial: **pesan itu tidak benar**. Penyaluran berjalan sesuai jadwal."),
    "posyandu": ("Posyandu Melati membuka layanan imunisasi setiap Selasa kedua. Pengurus KIM membantu "
                 "mengumumkan jadwal lewat pengeras suara masjid dan papan informasi desa."),
    "festival": ("Festival Pantai Orobatu akan digelar bulan depan dengan lomba perahu, kuliner ikan bakar, "
                 "dan pasar produk UMKM desa. Warga diundang mendaftarkan lapak."),
    "jalan": ("Perbaikan jalan desa sepanjang 800 meter dimulai minggu ini. Warga diminta berhati-hati "
              "saat melintas dan mengikuti arahan petugas."),
    "pelatihan": ("Anggota KIM mengikuti pelatihan menulis berita dan memotret dengan ponsel yang diadakan "
                  "Diskominfo Kabupaten Mamuju di aula kecamatan."),
}


def _foto(teks: str, warna: tuple[int, int, int]) -> SimpleUploadedFile:
    img = Image.new("RGB", (1200, 800), warna)
    d = ImageDraw.Draw(img)
    for i in range(0, 1200, 40):
        d.line([(i, 0), (1200 - i, 800)], fill=(255, 255, 255), width=2)
    d.text((40, 40), teks, fill=(0, 0, 0))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return SimpleUploadedFile("demo.jpg", buf.getvalue(), content_type="image/jpeg")


def _ada(kim: Kim, judul: str) -> bool:
    return Artikel.objects.filter(kim=kim, judul=judul).exists()


def muat(ctx) -> dict[str, int]:
    kat = {slug: services.kategori_pastikan(nama=nama, slug=slug, urutan=i) for i, (nama, slug) in enumerate(KATEGORI)}
    ketua, anggota = ctx.users["pengurus_kim_tapalang"], ctx.users["anggota_kim_tapalang"]
    kim, n = ctx.kim, 0

    def tulis(judul, isi, kategori, tag, penulis=anggota, foto=None, k=kim):
        return services.artikel_create(actor=penulis, kim=k, judul=judul, isi=isi, kategori=kat[kategori], tag=tag,
                                       foto=foto, foto_keterangan=judul if foto else "")

    # Published (with a photo), by the member, approved by the ketua.
    if not _ada(kim, "Panen raya jagung di Orobatu capai 12 ton"):
        a = tulis("Panen raya jagung di Orobatu capai 12 ton", ISI["panen"], "pertanian", "jagung, panen",
                  foto=_foto("Panen jagung", (200, 170, 60)))
        services.artikel_submit(actor=anggota, artikel=a)
        services.artikel_approve(actor=ketua, artikel=a)
        n += 1
    if not _ada(kim, "Cek fakta: pesan pemotongan bansos di Tapalang tidak benar"):
        a = tulis("Cek fakta: pesan pemotongan bansos di Tapalang tidak benar", ISI["hoaks"], "cek-fakta",
                  "hoaks, bansos", penulis=ketua)
        services.artikel_submit(actor=ketua, artikel=a)
        services.artikel_approve(actor=ketua, artikel=a)
        n += 1
    # Submitted, waiting for the editor.
    if not _ada(kim, "Jadwal imunisasi Posyandu Melati"):
        a = tulis("Jadwal imunisasi Posyandu Melati", ISI["posyandu"], "kesehatan", "posyandu")
        services.artikel_submit(actor=anggota, artikel=a)
        n += 1
    # Revision requested.
    if not _ada(kim, "Festival Pantai Orobatu bulan depan"):
        a = tulis("Festival Pantai Orobatu bulan depan", ISI["festival"], "pariwisata", "festival, pantai")
        services.artikel_submit(actor=anggota, artikel=a)
        services.artikel_request_revision(actor=ketua, artikel=a,
                                          catatan="Tambahkan tanggal pasti dan kontak panitia untuk pendaftaran lapak.")
        n += 1
    # Approved, scheduled for tomorrow morning.
    if not _ada(kim, "Perbaikan jalan desa dimulai"):
        a = tulis("Perbaikan jalan desa dimulai", ISI["jalan"], "kegiatan-kim", "infrastruktur")
        services.artikel_submit(actor=anggota, artikel=a)
        besok = (timezone.localtime() + timedelta(days=1)).replace(hour=7, minute=0, second=0, microsecond=0)
        services.artikel_approve(actor=ketua, artikel=a, terbit_pada=besok)
        n += 1
    # A draft.
    if not _ada(kim, "Catatan pelatihan jurnalisme warga"):
        tulis("Catatan pelatihan jurnalisme warga", ISI["pelatihan"], "kegiatan-kim", "pelatihan")
        n += 1

    # Other KIMs of the kabupaten: one published article each (their ketua writes and publishes).
    from simpul.core import scope
    from simpul.demo.services import akun_pengurus

    lain = list(Kim.objects.aktif().filter(subtree_q("desa__kode", ctx.kab)).exclude(pk=kim.pk).order_by("nama")[:4])
    warna = [(90, 150, 200), (120, 180, 120), (210, 120, 90), (160, 120, 200)]
    for k, w in zip(lain, warna, strict=False):
        judul = f"Kerja bakti dan rapat warga bersama {k.nama}"
        if _ada(k, judul):
            continue
        aktor = akun_pengurus(ctx, k, "ketua", email=f"ketua.{k.slug}@demo.simpul.id", bisa_masuk=False)
        if aktor is None:
            continue
        scope.forget(aktor)
        a = tulis(judul, f"{k.nama} mengajak warga kerja bakti membersihkan saluran air, lalu bermusyawarah "
                         "tentang jadwal ronda dan kebersihan kampung.", "kegiatan-kim", "kerja bakti",
                  penulis=aktor, foto=_foto(k.nama, w), k=k)
        services.artikel_submit(actor=aktor, artikel=a)
        services.artikel_approve(actor=aktor, artikel=a)
        n += 1
    return {"artikel": n}
