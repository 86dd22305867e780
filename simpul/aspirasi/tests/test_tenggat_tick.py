"""The periodic tick: flags and escalates overdue aspirations, set-based and idempotent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from simpul.aspirasi import services
from simpul.aspirasi.models import Aspirasi, AspirasiEvent, Status
from simpul.aspirasi.tasks import tenggat_harian

from .conftest import buat

pytestmark = pytest.mark.django_db


def _lewat(*aspirasi):
    Aspirasi.objects.filter(pk__in=[a.pk for a in aspirasi]).update(tenggat=timezone.localdate() - timedelta(days=1))


def test_triase_terlambat_naik_ke_kecamatan_lalu_kabupaten(kim_tapalang):
    a = buat()
    _lewat(a)
    hasil = services.tenggat_periksa()
    a.refresh_from_db()
    assert hasil["terlambat"] == 1 and hasil["eskalasi_wilayah"] == 1
    assert a.wilayah_tangani_id == "76.02.02" and a.kim_id is None and a.terlambat and a.tingkat_eskalasi == 1
    assert a.tenggat > timezone.localdate()
    ev = AspirasiEvent.objects.get(aspirasi=a, jenis="dieskalasi")
    assert ev.data["sebelum"]["wilayah_tangani"] == "76.02.02.2003"
    _lewat(a)
    services.tenggat_periksa()
    a.refresh_from_db()
    assert a.wilayah_tangani_id == "76.02" and a.tingkat_eskalasi == 2


def test_tick_idempoten(kim_tapalang):
    a = buat()
    _lewat(a)
    services.tenggat_periksa()
    kedua = services.tenggat_periksa()
    assert kedua == {"terlambat": 0, "eskalasi_wilayah": 0, "eskalasi_instansi": 0}
    assert AspirasiEvent.objects.filter(aspirasi=a, jenis="dieskalasi").count() == 1
    tenggat_harian.enqueue()  # the registered task runs the same code
    assert AspirasiEvent.objects.filter(aspirasi=a, jenis="dieskalasi").count() == 1


def test_unit_instansi_terlambat_naik_ke_induk(diskominfo_mamuju, pupr, pupr_bina_marga, kategori, staf_pupr):
    a = buat()
    services.aspirasi_verifikasi(actor=diskominfo_mamuju, aspirasi=a, kategori=kategori)
    services.aspirasi_disposisi(actor=diskominfo_mamuju, aspirasi=a, instansi=pupr_bina_marga)
    _lewat(a)
    hasil = services.tenggat_periksa()
    a.refresh_from_db()
    assert hasil["eskalasi_instansi"] == 1 and a.instansi == pupr and a.status == Status.DIDISPOSISI
    services.tanggapan_kirim(actor=staf_pupr, aspirasi=a, isi="Sudah ditangani oleh dinas.")
    a.refresh_from_db()
    assert a.tepat_waktu is False


def test_tick_set_based_jumlah_query_tetap(django_assert_max_num_queries, kim_tapalang):
    semua = [buat() for _i in range(30)]
    _lewat(*semua)
    with django_assert_max_num_queries(25):
        hasil = services.tenggat_periksa()
    assert hasil["eskalasi_wilayah"] == 30


def test_yang_selesai_tidak_disentuh(operator_desa_orobatu):
    a = buat()
    services.aspirasi_arsipkan(actor=operator_desa_orobatu, aspirasi=a, alasan="Laporan uji coba")
    Aspirasi.objects.filter(pk=a.pk).update(tenggat=timezone.localdate() - timedelta(days=3))
    assert services.tenggat_periksa()["terlambat"] == 0
