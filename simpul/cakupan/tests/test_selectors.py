"""Coverage figures, ranking and applicable targets, checked against small hand-made fixtures.

Fixed facts of the test regions (Kemendagri 2025): Kecamatan Tapalang (76.02.02) has 10
desa/kelurahan; Kabupaten Mamuju (76.02) has 11 kecamatan and 101 desa/kelurahan.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from simpul.cakupan import selectors
from simpul.cakupan.models import JenisTarget
from simpul.core.errors import NotFound
from simpul.kim.models import StatusKim
from simpul.wilayah.models import Tingkat, Wilayah

pytestmark = pytest.mark.django_db

OROBATU = "76.02.02.2003"
TAKANDEANG = "76.02.02.2006"
TAPALANG = "76.02.02"
MAMUJU = "76.02"
KEC_MAMUJU = "76.02.01"  # Kecamatan Mamuju, in Kabupaten Mamuju


def _desa_di(kode: str) -> int:
    return Wilayah.objects.filter(kode__startswith=kode + ".", tingkat=Tingkat.DESA, aktif=True).count()


def _kecamatan_di(kode: str) -> int:
    return Wilayah.objects.filter(kode__startswith=kode + ".", tingkat=Tingkat.KECAMATAN, aktif=True).count()


def _anak(c, kode):
    return next(b for b in c.anak if b.kode == kode)


def test_only_active_kims_cover_their_desa(kim):
    kim(OROBATU)
    for status in (StatusKim.DRAF, StatusKim.DIAJUKAN, StatusKim.PERLU_REVISI, StatusKim.DITOLAK,
                   StatusKim.DIBEKUKAN):
        kim(TAKANDEANG, status=status)

    a = selectors.cakupan_wilayah(TAPALANG).angka

    assert a.desa == 10
    assert a.desa_tercakup == 1
    assert a.kim_aktif == 1
    assert a.persen_desa == 10.0


def test_two_active_kims_in_one_desa_count_the_desa_once(kim):
    kim(OROBATU)
    kim(OROBATU)

    c = selectors.cakupan_wilayah(MAMUJU)

    assert c.angka.desa_tercakup == 1
    assert c.angka.kim_aktif == 2
    assert _anak(c, TAPALANG).angka.desa_tercakup == 1
    assert _anak(c, TAPALANG).angka.kim_aktif == 2


def test_inactive_desa_is_neither_counted_nor_covered(kim):
    kim(OROBATU)
    kim(TAKANDEANG)
    Wilayah.objects.filter(kode=TAKANDEANG).update(aktif=False)

    c = selectors.cakupan_wilayah(TAPALANG)

    assert c.angka.desa == 9
    assert c.angka.desa_tercakup == 1
    assert c.angka.kim_aktif == 1  # counted again once moved to a desa of the new decree
    assert TAKANDEANG not in [b.kode for b in c.anak]
    assert selectors.cakupan_wilayah(MAMUJU).angka.desa == _desa_di(MAMUJU) == 100


def test_kecamatan_with_a_kim_mandiri_counts_once_and_only_for_active_mandiri_kims(kim):
    kim(OROBATU, mandiri=True)
    kim(TAKANDEANG, mandiri=True)  # same kecamatan: still one kecamatan
    kim(f"{KEC_MAMUJU}.1002", mandiri=False)  # active but not mandiri
    kim(f"{KEC_MAMUJU}.1003", mandiri=True, status=StatusKim.DIAJUKAN)  # mandiri but not active

    c = selectors.cakupan_wilayah(MAMUJU)

    assert c.angka.kecamatan == _kecamatan_di(MAMUJU) == 11
    assert c.angka.kecamatan_mandiri == 1
    assert c.angka.kim_mandiri == 2
    assert _anak(c, TAPALANG).angka.kecamatan_mandiri == 1
    assert _anak(c, KEC_MAMUJU).angka.kecamatan_mandiri == 0
    assert _anak(c, KEC_MAMUJU).angka.desa_tercakup == 1
    # a kecamatan's own page counts the kecamatan itself
    t = selectors.cakupan_wilayah(TAPALANG).angka
    assert (t.kecamatan, t.kecamatan_mandiri) == (1, 1)


def test_national_figures_of_one_query_agree_with_the_provinces(kim):
    kim(OROBATU)
    kim("73.71.01.1001", mandiri=False)
    a = selectors.angka_wilayah(None)
    assert a == selectors.cakupan_wilayah(None).angka
    assert (a.desa_tercakup, a.kecamatan_mandiri, a.kim_aktif, a.kim_mandiri) == (2, 1, 2, 1)


def test_every_level_adds_up(kim):
    kim(OROBATU)
    kim(f"{KEC_MAMUJU}.1002", mandiri=False)
    kim("76.01.01.2003")
    kim("73.71.01.1001")

    nasional = selectors.cakupan_wilayah(None)
    sulbar = selectors.cakupan_wilayah("76")
    mamuju = selectors.cakupan_wilayah(MAMUJU)

    assert nasional.angka.desa == Wilayah.objects.filter(tingkat=Tingkat.DESA, aktif=True).count()
    assert nasional.angka.desa_tercakup == 4
    assert nasional.angka.kim_aktif == 4
    assert {b.kode for b in nasional.anak} == {"73", "76"}
    assert _anak(nasional, "76").angka == sulbar.angka
    assert _anak(sulbar, MAMUJU).angka == mamuju.angka
    assert mamuju.angka.desa_tercakup == 2
    assert sum(b.angka.desa for b in mamuju.anak) == mamuju.angka.desa
    # a kecamatan's and a desa's own figures (one query each, not grouped) agree with their row
    tapalang = selectors.cakupan_wilayah(TAPALANG)
    assert _anak(mamuju, TAPALANG).angka == tapalang.angka
    assert _anak(tapalang, OROBATU).angka == selectors.cakupan_wilayah(OROBATU).angka
    # the page's variant (figures rolled up from the map's groups) gives the same numbers
    for kode in (None, "76", MAMUJU, TAPALANG):
        tanpa, dengan = selectors.cakupan_wilayah(kode), selectors.cakupan_wilayah(kode, peta=True)
        assert tanpa.angka == dengan.angka
        assert [(b.kode, b.angka) for b in tanpa.anak] == [(b.kode, b.angka) for b in dengan.anak]


def test_desa_figures(kim):
    kim(OROBATU, mandiri=True)

    c = selectors.cakupan_wilayah(OROBATU)

    assert (c.angka.desa, c.angka.desa_tercakup, c.angka.kim_aktif) == (1, 1, 1)
    assert c.anak == []
    assert [w.kode for w in c.jalur] == ["76", MAMUJU, TAPALANG]


def test_children_are_ranked_furthest_behind_first(kim):
    # Tapalang: 1 of 10 covered; Simboro: all covered; the other kecamatan of Mamuju: none.
    kim(OROBATU)
    for desa in Wilayah.objects.filter(kode__startswith=KEC_MAMUJU + ".", tingkat=Tingkat.DESA):
        kim(desa.kode)

    c = selectors.cakupan_wilayah(MAMUJU)
    urutan = [b.kode for b in c.anak]
    persen = [b.angka.persen_desa for b in c.anak]

    assert persen == sorted(persen)
    assert urutan[-1] == KEC_MAMUJU and c.anak[-1].angka.persen_desa == 100.0
    assert urutan[-2] == TAPALANG
    assert [b.peringkat for b in c.anak] == list(range(1, 12))
    # among equals (0%), the one with more desa still to cover comes first
    nol = [b for b in c.anak if b.angka.desa_tercakup == 0]
    assert [b.angka.desa_belum for b in nol] == sorted((b.angka.desa_belum for b in nol), reverse=True)


def test_percentages_never_round_to_0_or_100_falsely():
    a = selectors.Angka(desa=2000, desa_tercakup=1999)
    assert a.persen_desa == 99.9
    assert selectors.Angka(desa=2000, desa_tercakup=1).persen_desa == 0.1
    assert selectors.Angka().persen_desa is None


def test_nearest_target_wins_and_days_to_deadline(target, kim):
    kim(OROBATU)
    target(None, hari=400)
    target("76", hari=200)
    target(MAMUJU, hari=100)
    target("76", jenis=JenisTarget.MANDIRI_PER_KECAMATAN, hari=-3)

    c = selectors.cakupan_wilayah(TAPALANG)
    per_jenis = {t.target.jenis: t for t in c.target}

    desa = per_jenis[JenisTarget.KIM_PER_DESA]
    assert desa.target.wilayah_id == MAMUJU and not desa.sendiri
    assert desa.sisa_hari == 100
    assert (desa.total, desa.tercapai, desa.kekurangan) == (10, 1, 9)
    mandiri = per_jenis[JenisTarget.MANDIRI_PER_KECAMATAN]
    assert mandiri.sisa_hari == -3 and mandiri.lewat_hari == 3
    assert (mandiri.total, mandiri.kekurangan) == (1, 0)  # Orobatu's KIM is mandiri
    assert mandiri.selesai

    # Kabupaten Majene has no own target: the province's wins; the nation sees only its own.
    assert selectors.cakupan_wilayah("76.05").target[0].target.wilayah_id == "76"
    nasional = selectors.cakupan_wilayah(None)
    assert [t.target.wilayah_id for t in nasional.target] == [None]
    assert nasional.target[0].sisa_hari == 400
    assert selectors.cakupan_wilayah("73.71").target[0].target.wilayah_id is None


def test_inactive_targets_do_not_apply(target):
    t = target(MAMUJU, hari=10)
    t.aktif = False
    t.save()
    assert selectors.cakupan_wilayah(MAMUJU).target == []


def test_target_days_count_from_the_given_day(target):
    target(MAMUJU, hari=10)
    besok = timezone.localdate() + timedelta(days=1)
    assert selectors.cakupan_wilayah(MAMUJU, hari_ini=besok).target[0].sisa_hari == 9


def test_desa_without_an_active_kim(kim):
    kim(OROBATU)
    kim(TAKANDEANG, status=StatusKim.DRAF)

    kodes = list(selectors.desa_tanpa_kim(TAPALANG).values_list("kode", flat=True))

    assert len(kodes) == 9
    assert OROBATU not in kodes and TAKANDEANG in kodes
    assert kodes == sorted(kodes)
    assert selectors.desa_tanpa_kim(None).count() == selectors.cakupan_wilayah(None).angka.desa_belum
    baris = next(r for r in selectors.desa_tanpa_kim_baris(TAPALANG) if r[0] == TAKANDEANG)
    assert baris == (TAKANDEANG, "Takandeang", "desa", "Tapalang", "Kabupaten Mamuju", "Sulawesi Barat")


def test_unknown_or_inactive_region_is_not_found():
    for kode in ("99", "76.99", "76.0", "abc", "76.02.02.9999"):
        with pytest.raises(NotFound):
            selectors.cakupan_wilayah(kode)
    Wilayah.objects.filter(kode="76.05").update(aktif=False)
    with pytest.raises(NotFound):
        selectors.cakupan_wilayah("76.05")


def test_map_points_are_kabkota_for_the_nation_kecamatan_for_a_province_desa_below(kim):
    kim(OROBATU)
    _w, tingkat, titik = selectors.titik_peta(None)
    assert tingkat == Tingkat.KABKOTA
    assert {b.kode for b in titik} >= {MAMUJU, "73.71"}
    mamuju = next(b for b in titik if b.kode == MAMUJU)
    assert (mamuju.angka.desa, mamuju.angka.desa_tercakup) == (101, 1)
    assert selectors.titik_peta("76")[1] == Tingkat.KECAMATAN
    _w, tingkat, titik = selectors.titik_peta(MAMUJU)
    assert tingkat == Tingkat.DESA and len(titik) == 101
    assert sum(b.angka.desa_tercakup for b in titik) == 1
    assert selectors.titik_peta(TAPALANG)[1] == Tingkat.DESA
