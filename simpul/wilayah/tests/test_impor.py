"""The decree import: new decree handling, idempotence and refusal of malformed files."""

import gzip

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from simpul.core.errors import ValidationError
from simpul.wilayah.models import Wilayah
from simpul.wilayah.services import wilayah_import

KEPUTUSAN_LAMA = [
    ("99", "Provinsi Uji", "provinsi", ""),
    ("99.01", "Kabupaten Uji", "kabupaten", "99"),
    ("99.01.01", "Kecamatan Satu", "kecamatan", "99.01"),
    ("99.01.01.2001", "Sukamaju", "desa", "99.01.01"),
    ("99.01.01.2002", "Sukamundur", "desa", "99.01.01"),
    ("99.01.01.1003", "Kota Lama", "kelurahan", "99.01.01"),
]


def tulis(folder, baris, *, koordinat=None, luas=None, gz=False):
    folder.mkdir(parents=True, exist_ok=True)
    teks = "kode,nama,tingkat,induk\n" + "".join(
        f'{k},"{n}",{t},{i}\n' for k, n, t, i in baris)
    if gz:
        with gzip.open(folder / "wilayah.csv.gz", "wt", encoding="utf-8") as fh:
            fh.write(teks)
    else:
        (folder / "wilayah.csv").write_text(teks, encoding="utf-8")
    if koordinat is not None:
        (folder / "koordinat.csv").write_text(
            "kode,lat,lng\n" + "".join(f"{k},{a},{b}\n" for k, a, b in koordinat), encoding="utf-8")
    if luas is not None:
        (folder / "luas_penduduk.csv").write_text(
            "kode,luas_km2,penduduk_laki_laki,penduduk_perempuan,penduduk_total\n"
            + "".join(f"{k},{a},,,{p}\n" for k, a, p in luas), encoding="utf-8")
    return folder


@pytest.fixture
def keputusan_lama(db, tmp_path):
    folder = tulis(tmp_path / "lama", KEPUTUSAN_LAMA, koordinat=[("99.01.01.2001", "-2.5", "119.1")],
                   luas=[("99", "1234.5", "1000")])
    laporan = wilayah_import(directory=folder, hanya_prefix=["99"])
    assert len(laporan.baru) == 6
    return folder


def test_first_import_adds_every_code_with_its_data(keputusan_lama):
    desa = Wilayah.objects.get(kode="99.01.01.2001")
    assert (desa.nama, desa.jenis, desa.tingkat, desa.induk_id) == ("Sukamaju", "desa", 4, "99.01.01")
    assert (desa.lat, desa.lng, desa.aktif) == (-2.5, 119.1, True)
    prov = Wilayah.objects.get(kode="99")
    assert prov.induk_id is None and prov.penduduk == 1000 and float(prov.luas_km2) == 1234.5
    assert Wilayah.objects.get(kode="99.01.01.1003").jenis == "kelurahan"


def test_second_run_changes_nothing(keputusan_lama):
    sebelum = list(Wilayah.objects.filter(kode__startswith="99").values_list())
    laporan = wilayah_import(directory=keputusan_lama, hanya_prefix=["99"])
    assert not laporan.ada_perubahan
    assert laporan.total == 6
    assert list(Wilayah.objects.filter(kode__startswith="99").values_list()) == sebelum


def test_new_decree_renames_adds_and_deactivates(keputusan_lama, tmp_path):
    baru = [b for b in KEPUTUSAN_LAMA if b[0] != "99.01.01.2002"]
    baru[3] = ("99.01.01.2001", "Suka Maju Jaya", "desa", "99.01.01")
    baru.append(("99.01.01.2004", "Desa Pemekaran", "desa", "99.01.01"))
    laporan = wilayah_import(directory=tulis(tmp_path / "baru", baru), hanya_prefix=["99"])

    assert laporan.berubah_nama == [("99.01.01.2001", "Sukamaju", "Suka Maju Jaya")]
    assert laporan.baru == ["99.01.01.2004"]
    assert laporan.dinonaktifkan == ["99.01.01.2002"]
    renamed = Wilayah.objects.get(kode="99.01.01.2001")
    assert renamed.nama == "Suka Maju Jaya" and renamed.nama_cari == "suka maju jaya"
    hilang = Wilayah.objects.get(kode="99.01.01.2002")  # never deleted
    assert hilang.aktif is False and hilang.nama == "Sukamundur"
    assert Wilayah.objects.get(kode="99.01.01.2004").aktif is True
    # No koordinat.csv in the new set: the stored coordinates are kept.
    assert (renamed.lat, renamed.lng) == (-2.5, 119.1)


def test_coordinates_in_new_files_replace_stored_ones(keputusan_lama, tmp_path):
    folder = tulis(tmp_path / "k", KEPUTUSAN_LAMA, koordinat=[("99.01.01.2002", "-3", "118")],
                   luas=[("99", "1234.5", "1000")])
    laporan = wilayah_import(directory=folder, hanya_prefix=["99"])
    assert laporan.berubah_lain == 2 and not laporan.berubah_nama
    assert Wilayah.objects.get(kode="99.01.01.2001").lat is None
    assert Wilayah.objects.get(kode="99.01.01.2002").lat == -3.0
    from simpul.wilayah.selectors import wilayah_cari

    assert [w.kode for w in wilayah_cari("sukamundur")] == ["99.01.01.2002"]  # index intact


def test_code_referenced_by_a_kim_is_deactivated_not_deleted(kim_tapalang, tmp_path):
    from simpul.wilayah.services import baca_sumber

    sumber = baca_sumber(hanya_prefix=["76.02.02"])
    baris = [(r[0], r[1], r[2], r[4] or "") for k, r in sumber.items() if k != kim_tapalang.desa_id]
    laporan = wilayah_import(directory=tulis(tmp_path / "d", baris), hanya_prefix=["76.02.02"])
    assert laporan.dinonaktifkan == [kim_tapalang.desa_id]
    kim_tapalang.refresh_from_db()
    assert kim_tapalang.desa.aktif is False


def test_reappearing_code_is_reactivated(keputusan_lama, tmp_path):
    tanpa = [b for b in KEPUTUSAN_LAMA if b[0] != "99.01.01.2002"]
    wilayah_import(directory=tulis(tmp_path / "tanpa", tanpa), hanya_prefix=["99"])
    assert Wilayah.objects.get(kode="99.01.01.2002").aktif is False

    laporan = wilayah_import(directory=tulis(tmp_path / "lagi", KEPUTUSAN_LAMA), hanya_prefix=["99"])
    assert laporan.diaktifkan_kembali == ["99.01.01.2002"]
    assert Wilayah.objects.get(kode="99.01.01.2002").aktif is True
    assert not wilayah_import(directory=tulis(tmp_path / "lagi", KEPUTUSAN_LAMA),
                              hanya_prefix=["99"]).ada_perubahan


def test_dry_run_reports_without_writing(keputusan_lama, tmp_path):
    baru = [*KEPUTUSAN_LAMA, ("99.01.01.2009", "Baru Sekali", "desa", "99.01.01")]
    laporan = wilayah_import(directory=tulis(tmp_path / "b", baru), hanya_prefix=["99"], dry_run=True)
    assert laporan.baru == ["99.01.01.2009"]
    assert not Wilayah.objects.filter(kode="99.01.01.2009").exists()


def test_gzipped_files_are_read(db, tmp_path):
    laporan = wilayah_import(directory=tulis(tmp_path / "gz", KEPUTUSAN_LAMA, gz=True), hanya_prefix=["99"])
    assert len(laporan.baru) == 6


@pytest.mark.parametrize(("baris_rusak", "pesan"), [
    (("99.01.01.201", "Desa Pendek", "desa", "99.01.01"), "kode '99.01.01.201' tidak sesuai format"),
    (("99.1.01", "Kec Rusak", "kecamatan", "99.1"), "kode '99.1.01' tidak sesuai format"),
    (("99.02.01.2001", "Yatim", "desa", "99.02.01"), "induk '99.02.01' tidak ada di berkas"),
    (("99.01.01.2005", "Salah Induk", "desa", "99.01.02"), "induk '99.01.02' bukan awalan kode"),
    (("99.01.01.2006", "Aneh", "dusun", "99.01.01"), "tingkat 'dusun' tidak dikenal"),
    (("99.01.01.2001", "Kembar", "desa", "99.01.01"), "muncul dua kali"),
    (("99.01.01.2007", "", "desa", "99.01.01"), "nama kosong"),
])
def test_malformed_file_gives_clear_error_and_changes_nothing(keputusan_lama, tmp_path, baris_rusak, pesan):
    rusak = [b for b in KEPUTUSAN_LAMA if b[0] != "99.01.01.2002"]  # would deactivate a code
    rusak[3] = ("99.01.01.2001", "Nama Baru", "desa", "99.01.01")  # would rename one
    rusak.append(baris_rusak)
    sebelum = list(Wilayah.objects.filter(kode__startswith="99").values_list())
    with pytest.raises(ValidationError) as exc:
        wilayah_import(directory=tulis(tmp_path / "rusak", rusak), hanya_prefix=["99"])
    assert pesan in exc.value.message
    assert list(Wilayah.objects.filter(kode__startswith="99").values_list()) == sebelum


def test_bad_number_in_coordinates_names_file_and_line(db, tmp_path):
    folder = tulis(tmp_path / "k", KEPUTUSAN_LAMA, koordinat=[("99", "-2.5", "119.1"), ("99.01", "x", "1")])
    with pytest.raises(ValidationError, match=r"koordinat.csv baris 3: lat 'x' bukan angka"):
        wilayah_import(directory=folder, hanya_prefix=["99"])
    assert not Wilayah.objects.filter(kode__startswith="99").exists()


def test_missing_column_or_file_is_a_clear_error(db, tmp_path):
    (tmp_path / "wilayah.csv").write_text("kode,nama\n99,Uji\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="kolom tingkat, induk tidak ada"):
        wilayah_import(directory=tmp_path)
    with pytest.raises(ValidationError, match="tidak ditemukan"):
        wilayah_import(directory=tmp_path / "tidak-ada")


def test_real_data_import_is_idempotent(db):
    laporan = wilayah_import(hanya_prefix=["76", "73.71"])
    assert not laporan.ada_perubahan
    assert laporan.total == Wilayah.objects.count()


def test_command_reports_changes_and_errors(keputusan_lama, tmp_path, capsys):
    baru = [*KEPUTUSAN_LAMA, ("99.01.01.2009", "Baru Sekali", "desa", "99.01.01")]
    call_command("impor_wilayah", "--dir", str(tulis(tmp_path / "c", baru)), "--prefix", "99", "--no-progress")
    out = capsys.readouterr().out
    assert "baru: 1" in out
    call_command("impor_wilayah", "--dir", str(tmp_path / "c"), "--prefix", "99", "--no-progress")
    assert "Tidak ada perubahan" in capsys.readouterr().out
    rusak = [*KEPUTUSAN_LAMA, ("99.01.01.1", "Rusak", "desa", "99.01.01")]
    with pytest.raises(CommandError, match="tidak sesuai format"):
        call_command("impor_wilayah", "--dir", str(tulis(tmp_path / "r", rusak)), "--prefix", "99",
                     "--no-progress")


def test_search_follows_the_import_renames_and_new_codes(keputusan_lama, tmp_path):
    from simpul.wilayah.selectors import wilayah_cari

    assert [w.kode for w in wilayah_cari("sukamaju", dalam="99")] == ["99.01.01.2001"]
    baru = [*KEPUTUSAN_LAMA[:3], ("99.01.01.2001", "Suka Maju Jaya", "desa", "99.01.01"),
            *KEPUTUSAN_LAMA[4:], ("99.01.01.2004", "Pemekaran Sukamaju", "desa", "99.01.01")]
    wilayah_import(directory=tulis(tmp_path / "baru", baru), hanya_prefix=["99"])
    assert [w.kode for w in wilayah_cari("suka maju jaya", dalam="99")] == ["99.01.01.2001"]
    assert [w.kode for w in wilayah_cari("sukamaju", dalam="99")] == ["99.01.01.2004"]


def test_a_region_written_outside_the_import_is_searchable(db):
    from simpul.wilayah.selectors import wilayah_cari

    Wilayah.objects.create(kode="76.02.02.2999", nama="Desa Uji Coba", jenis="desa", tingkat=4,
                           induk_id="76.02.02", nama_cari="uji coba")
    assert [w.kode for w in wilayah_cari("uji coba")] == ["76.02.02.2999"]
