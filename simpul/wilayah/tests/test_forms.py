"""The region picker WilayahField: codes, names without JavaScript, levels, subtrees."""

import pytest
from django import forms

from simpul.wilayah.forms import WilayahField
from simpul.wilayah.models import Tingkat, Wilayah

OROBATU = "76.02.02.2003"


class DesaForm(forms.Form):
    desa = WilayahField(label="Desa/kelurahan")


class KecamatanForm(forms.Form):
    kecamatan = WilayahField(tingkat=Tingkat.KECAMATAN, dalam="76.02")


class BebasForm(forms.Form):
    wilayah = WilayahField(tingkat=None, required=False)


def errors(form, field):
    form.is_valid()
    return [str(e) for e in form.errors.get(field, [])]


@pytest.mark.parametrize("teks", [OROBATU, "7602022003", f"  {OROBATU} "])
def test_a_code_is_accepted_and_cleans_to_the_region(db, teks):
    form = DesaForm({"desa": teks})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["desa"] == Wilayah.objects.get(kode=OROBATU)


def test_unknown_code_gets_a_clear_message_and_keeps_the_input(db):
    form = DesaForm({"desa": "76.02.02.9999"})
    assert errors(form, "desa") == ["Kode wilayah tidak dikenal: 76.02.02.9999."]
    assert 'value="76.02.02.9999"' in str(form["desa"])
    assert errors(DesaForm({"desa": "12.3"}), "desa") == ["Kode wilayah tidak dikenal: 12.3."]


def test_wrong_level_names_both_levels(db):
    assert errors(DesaForm({"desa": "76.02.02"}), "desa") == [
        "Pilih desa/kelurahan, bukan kecamatan."]
    assert errors(KecamatanForm({"kecamatan": OROBATU}), "kecamatan") == [
        "Pilih kecamatan, bukan desa."]

    class Dua(forms.Form):
        w = WilayahField(tingkat=[Tingkat.KABKOTA, Tingkat.KECAMATAN])

    assert errors(Dua({"w": "76"}), "w") == ["Pilih kabupaten/kota atau kecamatan, bukan provinsi."]
    assert Dua({"w": "76.02"}).is_valid()


def test_inactive_region_is_refused(db):
    Wilayah.objects.filter(kode=OROBATU).update(aktif=False)
    [pesan] = errors(DesaForm({"desa": OROBATU}), "desa")
    assert pesan.startswith("Desa Orobatu sudah tidak aktif")


def test_subtree_restriction(db):
    assert KecamatanForm({"kecamatan": "76.02.02"}).is_valid()
    assert errors(KecamatanForm({"kecamatan": "76.01.01"}), "kecamatan") == [
        "Pilih wilayah di dalam Kabupaten Mamuju."]
    form = DesaForm({"desa": "73.71.01.1001"})
    form.fields["desa"].dalam = "76"  # set per request, e.g. from the user's grant
    assert errors(form, "desa") == ["Pilih wilayah di dalam Provinsi Sulawesi Barat."]
    assert "dalam=76" in str(form["desa"])  # the type-ahead asks only inside the subtree
    assert "dalam=" not in str(DesaForm()["desa"])  # the class-level field is untouched


def test_unique_name_is_accepted_without_javascript(db):
    form = DesaForm({"desa": "Orobatu"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["desa"].kode == OROBATU
    form = KecamatanForm({"kecamatan": "tapalang barat"})
    assert form.is_valid() and form.cleaned_data["kecamatan"].kode == "76.02.13"


def test_exact_name_wins_over_longer_names(db):
    # "Tapalang" matches Kecamatan Tapalang and Tapalang Barat; only one has that very name.
    form = KecamatanForm({"kecamatan": "Tapalang"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["kecamatan"].kode == "76.02.02"


def test_ambiguous_name_lists_the_matches_with_parents_and_codes(db):
    form = DesaForm({"desa": "tapalang"})
    pesan = errors(form, "desa")
    assert pesan[0] == "Ada beberapa desa/kelurahan yang cocok dengan “tapalang”. Ketik kode salah satunya:"
    assert f"{OROBATU} — Desa Orobatu — Kec. Tapalang, Kab. Mamuju, Sulawesi Barat" in pesan
    assert pesan[-1].startswith("… dan lainnya")  # 17 desa: the list is cut at 10
    html = str(form["desa"])
    assert 'value="tapalang"' in html  # the user's text is kept


def test_unknown_name(db):
    assert errors(DesaForm({"desa": "Zzyzx"}), "desa") == [
        "Tidak ada desa/kelurahan bernama “Zzyzx”. Periksa ejaannya, atau ketik kode wilayahnya."]


def test_required_and_optional(db):
    assert errors(DesaForm({"desa": ""}), "desa") == ["Bidang ini tidak boleh kosong."]
    form = BebasForm({"wilayah": ""})
    assert form.is_valid() and form.cleaned_data["wilayah"] is None


def test_initial_region_renders_its_code_and_label(db):
    form = DesaForm(initial={"desa": Wilayah.objects.get(kode=OROBATU)})
    html = str(form["desa"])
    assert f'value="{OROBATU}"' in html
    assert "Desa Orobatu — Kec. Tapalang, Kab. Mamuju, Sulawesi Barat" in html
    assert not DesaForm({"desa": OROBATU}, initial={"desa": OROBATU}).has_changed()


def test_widget_asks_the_typeahead_for_the_right_level(db):
    html = str(DesaForm()["desa"])
    assert 'hx-get="/wilayah/cari/?format=opsi&amp;kolom=desa&amp;tingkat=4"' in html
    assert 'hx-target="next .wilayah-opsi"' in html
    assert "js/wilayah.js" in str(DesaForm().media)


def test_bad_subtree_is_a_programming_error():
    with pytest.raises(ValueError):
        WilayahField(dalam="Mamuju")
