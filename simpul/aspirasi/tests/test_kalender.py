"""Working days: weekends, national holidays, cuti bersama and local holidays (with hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simpul.aspirasi import kalender
from simpul.aspirasi.models import HariLibur, JenisLibur
from simpul.wilayah.models import Wilayah

LIBUR = frozenset({date(2026, 3, 18), date(2026, 3, 19), date(2026, 3, 20), date(2026, 3, 23),
                   date(2026, 3, 24), date(2026, 12, 24), date(2026, 12, 25)})
tanggal = st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31))
libur = st.frozensets(tanggal, max_size=40)


@given(tanggal, st.integers(min_value=1, max_value=60), libur)
def test_tenggat_selalu_hari_kerja_dan_tepat_n_hari_kerja(mulai, n, lib):
    t = kalender.tambah_hari_kerja(mulai, n, lib)
    assert t > mulai
    assert kalender.hari_kerja(t, lib)
    assert kalender.hari_kerja_antara(mulai, t, lib) == n
    # the day before the deadline is still short of n
    assert kalender.hari_kerja_antara(mulai, t - timedelta(days=1), lib) == n - 1


@given(tanggal, st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=30), libur)
def test_tenggat_monoton_dan_dapat_dijumlahkan(mulai, a, b, lib):
    ta = kalender.tambah_hari_kerja(mulai, a, lib)
    assert kalender.tambah_hari_kerja(ta, b, lib) == kalender.tambah_hari_kerja(mulai, a + b, lib)


@given(tanggal, st.integers(min_value=1, max_value=30), libur, tanggal)
def test_libur_tambahan_tidak_memajukan_tenggat(mulai, n, lib, ekstra):
    assert kalender.tambah_hari_kerja(mulai, n, lib | {ekstra}) >= kalender.tambah_hari_kerja(mulai, n, lib)


@given(tanggal, st.integers(min_value=1, max_value=20))
def test_tanpa_libur_n_hari_kerja_paling_banyak_n_plus_akhir_pekan(mulai, n):
    t = kalender.tambah_hari_kerja(mulai, n)
    assert (t - mulai).days <= n + 2 * (n // 5 + 1)


@pytest.mark.parametrize(("mulai", "n", "harap"), [
    (date(2026, 3, 17), 3, date(2026, 3, 27)),   # Nyepi + Idul Fitri + cuti bersama week
    (date(2026, 11, 20), 3, date(2026, 11, 25)),  # Friday: the weekend does not count
    (date(2026, 12, 23), 1, date(2026, 12, 28)),  # cuti bersama 24 + Christmas 25 + weekend
    (date(2026, 3, 21), 0, date(2026, 3, 25)),   # n=0 on a holiday moves to the next working day
])
def test_contoh_sekitar_libur(mulai, n, harap):
    assert kalender.tambah_hari_kerja(mulai, n, LIBUR) == harap


@pytest.mark.django_db
def test_libur_nasional_2026_ditanam_lengkap():
    qs = HariLibur.objects.filter(wilayah__isnull=True, tanggal__year=2026)
    assert qs.filter(jenis=JenisLibur.NASIONAL).count() == 17
    assert qs.filter(jenis=JenisLibur.CUTI_BERSAMA).count() == 8
    assert kalender.tenggat_dari(date(2026, 3, 17), 3, "76.02.02.2003") == date(2026, 3, 27)


@pytest.mark.django_db
def test_libur_daerah_hanya_berlaku_di_wilayahnya():
    HariLibur.objects.create(tanggal=date(2026, 11, 24), nama="Hari jadi Kabupaten Mamuju",
                             jenis=JenisLibur.LOKAL, wilayah=Wilayah.objects.get(kode="76.02"))
    assert kalender.tenggat_dari(date(2026, 11, 23), 1, "76.02.02.2003") == date(2026, 11, 25)
    assert kalender.tenggat_dari(date(2026, 11, 23), 1, "73.71.01.1001") == date(2026, 11, 24)


def test_tenggat_baku_lapor_dan_dapat_diatur(settings):
    assert [kalender.tenggat_hari(k) for k in ("verifikasi", "respons_pertama", "informasi", "pengaduan",
                                               "sengketa", "lapangan")] == [3, 3, 5, 5, 14, 60]
    settings.SIMPUL_ASPIRASI_TENGGAT = {"verifikasi": 2}
    assert kalender.tenggat_hari("verifikasi") == 2
