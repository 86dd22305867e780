"""Demo: KIM Orobatu Bersatu decides to repair the farm road together (a consent poll closed
with a decision and two action items, one in progress), and is still choosing priorities for the
village fund (an open ranked-choice poll). Through the real services; idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from . import services
from .models import JenisJajak, Topik

JUDUL_1 = "Jalan tani ke Dusun Salukayu rusak"
JUDUL_2 = "Prioritas usulan KIM untuk musrenbang desa"


def muat(ctx) -> dict[str, int]:
    kim = ctx.kim
    if Topik.objects.filter(kim=kim, judul__in=[JUDUL_1, JUDUL_2]).exists():
        return {}
    ketua, anggota = ctx.users["pengurus_kim_tapalang"], ctx.users["anggota_kim_tapalang"]
    t1 = services.topik_create(
        actor=ketua, kim=kim, judul=JUDUL_1, publik=True,
        deskripsi="Jalan tani sepanjang **800 m** ke Dusun Salukayu berlubang sejak musim hujan. Hasil kebun "
                  "sulit diangkut dan ongkos ojek naik.\n\n- Perlu perbaikan sebelum panen kakao\n- Bisa swadaya?")
    services.komentar_add(actor=anggota, topik=t1, isi="Saya bisa bantu kumpulkan warga. Molen bisa pinjam dari desa.")
    services.komentar_add(actor=ketua, topik=t1, isi="Terima kasih. Saya buka jajak pendapat untuk kerja bakti.")
    j1 = services.jajak_create(actor=ketua, topik=t1, jenis=JenisJajak.PERSETUJUAN,
                               pertanyaan="Kerja bakti perbaikan jalan tani hari Minggu pagi?",
                               ditutup_pada=timezone.now() + timedelta(days=2), kuorum=2)
    services.suara_berikan(actor=anggota, jajak=j1, posisi="setuju")
    services.suara_berikan(actor=ketua, jajak=j1, posisi="setuju")
    kep = services.jajak_putuskan(
        actor=ketua, jajak=j1, pernyataan="Jalan tani diperbaiki swadaya lewat kerja bakti Minggu pagi; KIM "
                                         "mengusulkan pengaspalan ke pemerintah desa.",
        tindak_lanjut=[
            {"judul": "Pinjam molen dan kumpulkan semen dari warga", "penanggung_jawab": anggota,
             "tenggat": timezone.localdate() + timedelta(days=5)},
            {"judul": "Sampaikan usulan pengaspalan ke kepala desa", "penanggung_jawab": ketua,
             "tenggat": timezone.localdate() + timedelta(days=14)},
        ])
    tl = kep.tindak_lanjut.order_by("id").first()
    services.tindak_lanjut_perbarui(actor=anggota, tindak_lanjut=tl, progres=40, status="berjalan",
                                    catatan="Molen sudah dipinjam; semen terkumpul 12 sak dari 20.")
    t2 = services.topik_create(actor=ketua, kim=kim, judul=JUDUL_2,
                               deskripsi="Musrenbang desa bulan depan. Urutkan usulan yang paling penting.")
    j2 = services.jajak_create(actor=ketua, topik=t2, jenis=JenisJajak.PERINGKAT, pertanyaan="Urutkan prioritas",
                               opsi=["Titik wifi di balai desa", "Papan informasi di tiap dusun",
                                     "Pelatihan jurnalisme warga"],
                               ditutup_pada=timezone.now() + timedelta(days=6))
    ids = list(j2.opsi.values_list("pk", flat=True))
    services.suara_berikan(actor=anggota, jajak=j2, nilai={ids[1]: 1, ids[0]: 2})
    return {"topik": 2, "keputusan": 1, "tindak lanjut": 2}
