"""Seed data: the starting category taxonomy and the national holidays.

2026: SKB Menteri Agama, Menteri Ketenagakerjaan dan MenPAN-RB Nomor 1497 Tahun 2025, Nomor 2 Tahun
2025, Nomor 5 Tahun 2025 (17 libur nasional, 8 cuti bersama).
2027: the SKB for 2027 had not been checked when this was written; the fixed dates are certain,
the movable ones (Islamic, Chinese, Balinese and Buddhist calendars) are astronomical estimates
marked ``perkiraan=True``, and no cuti bersama is seeded. Offices correct them in the admin /
holiday page when the SKB is out (see docs/aspirasi.md).
"""

from datetime import date

from django.db import migrations

KATEGORI = [
    ("infrastruktur", "Infrastruktur (jalan, jembatan, air bersih)"),
    ("kesehatan", "Kesehatan"),
    ("pendidikan", "Pendidikan"),
    ("sosial", "Sosial dan bantuan sosial"),
    ("administrasi", "Administrasi kependudukan"),
    ("ekonomi", "Ekonomi, UMKM dan pertanian"),
    ("lingkungan", "Lingkungan hidup dan bencana"),
    ("ketertiban", "Ketertiban dan keamanan"),
    ("layanan_publik", "Pelayanan publik dan aparatur"),
    ("informasi_publik", "Informasi publik dan hoaks"),
    ("jaringan", "Jaringan internet dan telekomunikasi"),
    ("lainnya", "Lainnya"),
]

N, C = "nasional", "cuti_bersama"
LIBUR_2026 = [
    (date(2026, 1, 1), "Tahun Baru 2026 Masehi", N),
    (date(2026, 1, 16), "Isra Mikraj Nabi Muhammad S.A.W.", N),
    (date(2026, 2, 16), "Cuti bersama Tahun Baru Imlek", C),
    (date(2026, 2, 17), "Tahun Baru Imlek 2577 Kongzili", N),
    (date(2026, 3, 18), "Cuti bersama Hari Suci Nyepi", C),
    (date(2026, 3, 19), "Hari Suci Nyepi (Tahun Baru Saka 1948)", N),
    (date(2026, 3, 20), "Cuti bersama Idul Fitri 1447 H", C),
    (date(2026, 3, 21), "Idul Fitri 1447 H", N),
    (date(2026, 3, 22), "Idul Fitri 1447 H", N),
    (date(2026, 3, 23), "Cuti bersama Idul Fitri 1447 H", C),
    (date(2026, 3, 24), "Cuti bersama Idul Fitri 1447 H", C),
    (date(2026, 4, 3), "Wafat Yesus Kristus", N),
    (date(2026, 4, 5), "Kebangkitan Yesus Kristus (Paskah)", N),
    (date(2026, 5, 1), "Hari Buruh Internasional", N),
    (date(2026, 5, 14), "Kenaikan Yesus Kristus", N),
    (date(2026, 5, 15), "Cuti bersama Kenaikan Yesus Kristus", C),
    (date(2026, 5, 27), "Idul Adha 1447 H", N),
    (date(2026, 5, 28), "Cuti bersama Idul Adha 1447 H", C),
    (date(2026, 5, 31), "Hari Raya Waisak 2570 BE", N),
    (date(2026, 6, 1), "Hari Lahir Pancasila", N),
    (date(2026, 6, 16), "1 Muharam Tahun Baru Islam 1448 H", N),
    (date(2026, 8, 17), "Proklamasi Kemerdekaan", N),
    (date(2026, 8, 25), "Maulid Nabi Muhammad S.A.W.", N),
    (date(2026, 12, 24), "Cuti bersama Kelahiran Yesus Kristus", C),
    (date(2026, 12, 25), "Kelahiran Yesus Kristus", N),
]
# (date, name, estimated?)
LIBUR_2027 = [
    (date(2027, 1, 1), "Tahun Baru 2027 Masehi", False),
    (date(2027, 1, 5), "Isra Mikraj Nabi Muhammad S.A.W.", True),
    (date(2027, 2, 6), "Tahun Baru Imlek 2578 Kongzili", True),
    (date(2027, 3, 8), "Hari Suci Nyepi (Tahun Baru Saka 1949)", True),
    (date(2027, 3, 10), "Idul Fitri 1448 H", True),
    (date(2027, 3, 11), "Idul Fitri 1448 H", True),
    (date(2027, 3, 26), "Wafat Yesus Kristus", False),
    (date(2027, 3, 28), "Kebangkitan Yesus Kristus (Paskah)", False),
    (date(2027, 5, 1), "Hari Buruh Internasional", False),
    (date(2027, 5, 6), "Kenaikan Yesus Kristus", False),
    (date(2027, 5, 17), "Idul Adha 1448 H", True),
    (date(2027, 5, 20), "Hari Raya Waisak 2571 BE", True),
    (date(2027, 6, 1), "Hari Lahir Pancasila", False),
    (date(2027, 6, 6), "1 Muharam Tahun Baru Islam 1449 H", True),
    (date(2027, 8, 15), "Maulid Nabi Muhammad S.A.W.", True),
    (date(2027, 8, 17), "Proklamasi Kemerdekaan", False),
    (date(2027, 12, 25), "Kelahiran Yesus Kristus", False),
]


def seed(apps, schema_editor):
    Kategori = apps.get_model("aspirasi", "Kategori")
    HariLibur = apps.get_model("aspirasi", "HariLibur")
    for i, (kode, nama) in enumerate(KATEGORI):
        Kategori.objects.get_or_create(kode=kode, defaults={"nama": nama, "urutan": (i + 1) * 10})
    for tgl, nama, jenis in LIBUR_2026:
        HariLibur.objects.get_or_create(tanggal=tgl, wilayah=None, defaults={"nama": nama, "jenis": jenis})
    for tgl, nama, kira in LIBUR_2027:
        HariLibur.objects.get_or_create(tanggal=tgl, wilayah=None,
                                        defaults={"nama": nama, "jenis": N, "perkiraan": kira})


def unseed(apps, schema_editor):
    HariLibur = apps.get_model("aspirasi", "HariLibur")
    HariLibur.objects.filter(wilayah__isnull=True, tanggal__year__in=[2026, 2027]).delete()


class Migration(migrations.Migration):
    dependencies = [("aspirasi", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
