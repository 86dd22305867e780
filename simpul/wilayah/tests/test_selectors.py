"""Region reads: codes, ancestors, children with counts, labels and the name search."""

import pytest

from simpul.core.errors import NotFound
from simpul.wilayah.models import Tingkat, Wilayah
from simpul.wilayah.selectors import (
    anak,
    anak_dengan_jumlah,
    kode_normal,
    label_lengkap,
    leluhur,
    pasang_label,
    wilayah_cari,
    wilayah_cari_qs,
    wilayah_get,
)

OROBATU = "76.02.02.2003"


@pytest.mark.parametrize(("teks", "kode"), [
    ("76.02.02", "76.02.02"), (" 76.02.02.2003 ", OROBATU), ("7602022003", OROBATU), ("7602", "76.02"),
    ("76", "76"), ("76.2", None), ("76.02.02.203", None), ("abc", None), ("", None), (None, None),
])
def test_kode_normal_accepts_dotted_and_bare_codes(teks, kode):
    assert kode_normal(teks) == kode


def test_wilayah_get_finds_a_region_and_refuses_unknown_or_malformed_codes(db):
    assert wilayah_get("7602022003").nama == "Orobatu"
    for bad in ("76.99", "76.02.02.9999", "x'; drop", "", None):
        with pytest.raises(NotFound, match="Kode wilayah tidak dikenal"):
            wilayah_get(bad)


def test_leluhur_lists_ancestors_top_down_in_one_query(db, django_assert_num_queries):
    desa = Wilayah.objects.get(kode=OROBATU)
    with django_assert_num_queries(1):
        assert [w.kode for w in leluhur(desa)] == ["76", "76.02", "76.02.02"]
    prov = Wilayah.objects.get(kode="76")
    with django_assert_num_queries(0):
        assert leluhur(prov) == []


def test_anak_lists_direct_children_and_provinces(db):
    assert list(anak(None).values_list("kode", flat=True)) == ["73", "76"]
    kec = list(anak("76.02").values_list("kode", flat=True))
    assert "76.02.02" in kec and all(k.count(".") == 2 for k in kec)


def test_children_counts_come_from_one_grouped_query(db, django_assert_num_queries):
    with django_assert_num_queries(2):
        kab = {w.kode: w for w in anak_dengan_jumlah("76")}
    mamuju = kab["76.02"]
    assert mamuju.jumlah_anak == Wilayah.objects.filter(induk_id="76.02", aktif=True).count()
    assert mamuju.jumlah_desa == Wilayah.objects.filter(
        kode__startswith="76.02.", tingkat=Tingkat.DESA, aktif=True).count()
    with django_assert_num_queries(2):
        prov = {w.kode: w for w in anak_dengan_jumlah(None)}
    assert prov["76"].jumlah_anak == 6
    assert prov["76"].jumlah_desa == sum(w.jumlah_desa for w in kab.values())


def test_children_counts_skip_inactive_regions(db):
    Wilayah.objects.filter(kode=OROBATU).update(aktif=False)
    kec = {w.kode: w for w in anak_dengan_jumlah("76.02")}
    assert kec["76.02.02"].jumlah_desa == Wilayah.objects.filter(induk_id="76.02.02").count() - 1


def test_desa_has_no_children(db):
    assert anak_dengan_jumlah(OROBATU) == []


def test_label_names_the_parents_so_namesakes_differ(db):
    desa = Wilayah.objects.get(kode=OROBATU)
    assert label_lengkap(desa) == "Desa Orobatu — Kec. Tapalang, Kab. Mamuju, Sulawesi Barat"
    assert label_lengkap(Wilayah.objects.get(kode="76")) == "Provinsi Sulawesi Barat"
    kel = Wilayah.objects.filter(kode__startswith="73.71.", tingkat=4).first()
    assert ", Kota Makassar, Sulawesi Selatan" in label_lengkap(kel)


def test_pasang_label_uses_one_query_for_many_regions(db, django_assert_num_queries):
    regions = list(Wilayah.objects.filter(kode__startswith="76.02.02."))
    with django_assert_num_queries(1):
        pasang_label(regions)
    assert all(w.label_induk == "Kec. Tapalang, Kab. Mamuju, Sulawesi Barat" for w in regions)


def test_search_tapalang_finds_both_kecamatan_then_their_desa(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        hasil = wilayah_cari("tapalang", limit=50)
    kodes = [w.kode for w in hasil]
    assert kodes[:2] == ["76.02.02", "76.02.13"]  # Tapalang, Tapalang Barat
    assert OROBATU in kodes
    assert all(w.tingkat == 4 for w in hasil[2:])
    orobatu = next(w for w in hasil if w.kode == OROBATU)
    assert orobatu.label == "Desa Orobatu — Kec. Tapalang, Kab. Mamuju, Sulawesi Barat"


def test_search_prefix_before_infix_and_higher_levels_first(db):
    kodes = [w.kode for w in wilayah_cari("mamuju", limit=50)]
    # Kabupaten Mamuju, Kabupaten Mamuju Tengah (name prefixes), Kecamatan Mamuju, then children.
    assert kodes[:3] == ["76.02", "76.06", "76.02.01"]
    ranks = [w.peringkat for w in wilayah_cari_qs("mamuju")]
    assert ranks == sorted(ranks)
    hasil = wilayah_cari("barat", limit=100)
    word_start = [w for w in hasil if w.nama_cari.startswith("tapalang barat")]
    assert word_start and word_start[0].peringkat == 1


def test_search_ignores_case_and_accents(db):
    assert [w.kode for w in wilayah_cari("ÓROBATU")] == [OROBATU]
    assert [w.kode for w in wilayah_cari("  orobatu ", tingkat=Tingkat.DESA)] == [OROBATU]


def test_search_by_code_finds_that_region_first(db):
    assert wilayah_cari("76.02.02")[0].kode == "76.02.02"
    assert wilayah_cari("7602022003")[0].kode == OROBATU
    desa = wilayah_cari("76.02.02", tingkat=Tingkat.DESA, limit=100)
    assert desa and all(w.kode.startswith("76.02.02.") and w.tingkat == 4 for w in desa)


def test_search_filters_level_and_subtree(db):
    assert all(w.tingkat == 3 for w in wilayah_cari("tapalang", tingkat=Tingkat.KECAMATAN))
    assert [w.kode for w in wilayah_cari("tapalang", tingkat=[1, 2])] == []
    dalam = wilayah_cari("a", dalam="73.71", limit=100)
    assert dalam and all(w.kode.startswith("73.71.") for w in dalam)
    assert wilayah_cari("orobatu", dalam="73.71") == []


def test_search_kind_word_narrows_the_level(db):
    assert [w.kode for w in wilayah_cari("kecamatan tapalang")] == ["76.02.02", "76.02.13"]
    assert [w.kode for w in wilayah_cari("kec. tapalang barat")] == ["76.02.13"]
    assert [w.kode for w in wilayah_cari("desa orobatu")] == [OROBATU]


def test_search_skips_inactive_regions(db):
    Wilayah.objects.filter(kode=OROBATU).update(aktif=False)
    assert wilayah_cari("orobatu") == []


def test_search_with_junk_is_empty_not_an_error(db):
    for q in ("", "   ", "%", "_", "'; drop table x; --", "zzzzqqq", "a" * 300):
        assert isinstance(wilayah_cari(q), list)
    assert wilayah_cari("%%%") == []
