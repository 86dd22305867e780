from datetime import date

import pytest

from simpul.core.errors import NotFound, ValidationError
from simpul.core.testing.factories import AnggotaFactory, KimFactory, UserFactory
from simpul.penilaian import indikator as reg
from simpul.penilaian import services
from simpul.penilaian.models import Indikator, NilaiJuri, Peserta, Skema
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db


@pytest.fixture
def mamuju():
    return Wilayah.objects.get(kode="76.02")


def _skema_kecil(actor, wilayah):
    return services.skema_buat(actor=actor, wilayah=wilayah, kode="uji", nama="Uji", dimensi=[
        ("Kelembagaan", 60, [("Anggota", "otomatis", "anggota_aktif", 10, 1)]),
        ("Konten", 40, [("Kualitas", "juri", "", 1, 3), ("Mandiri", "otomatis", "mandiri", 1, 1)]),
    ], tingkat=[("Unggul", 80), ("Berkembang", 50), ("Dasar", 0)])


def test_weights_and_thresholds_give_the_expected_level(diskominfo_mamuju, mamuju, kim_tapalang):
    skema = _skema_kecil(diskominfo_mamuju, mamuju)
    AnggotaFactory.create_batch(4, kim=kim_tapalang)  # 4 members: 40 of 100
    juri = UserFactory()
    p = services.putaran_buat(actor=diskominfo_mamuju, skema=skema, wilayah=mamuju, nama="2026",
                              dari=date(2026, 1, 1), sampai=date(2026, 12, 31), juri=[juri, diskominfo_mamuju])
    peserta = Peserta.objects.get(putaran=p, kim=kim_tapalang)
    kualitas = Indikator.objects.get(dimensi__skema=skema, nama="Kualitas")
    services.nilai_juri_simpan(actor=juri, peserta=peserta, indikator=kualitas, skor=90)
    services.nilai_juri_simpan(actor=diskominfo_mamuju, peserta=peserta, indikator=kualitas, skor="70")
    services.putaran_hitung(actor=diskominfo_mamuju, putaran=p)
    peserta.refresh_from_db()
    # by hand: Kelembagaan 40; Konten (80*3 + 100*1)/4 = 85 (jurors 90 and 70 averaged; declared mandiri)
    # total (40*60 + 85*40)/100 = 58 -> "Berkembang"
    assert peserta.total == 58.0 and peserta.tingkat == "Berkembang" and peserta.peringkat == 1
    assert NilaiJuri.objects.filter(peserta=peserta).count() == 2


def test_a_new_version_leaves_old_rounds_with_theirs(diskominfo_mamuju, mamuju, kim_tapalang):
    v1 = _skema_kecil(diskominfo_mamuju, mamuju)
    p = services.putaran_buat(actor=diskominfo_mamuju, skema=v1, wilayah=mamuju, nama="2025",
                              dari=date(2025, 1, 1), sampai=date(2025, 12, 31))
    dimensi, tingkat = services.skema_sebagai_data(v1)
    tingkat = [("Unggul", 95), ("Dasar", 0)]
    v2 = services.skema_versi_baru(actor=diskominfo_mamuju, skema=v1, dimensi=dimensi, tingkat=tingkat)
    assert (v1.versi, v2.versi) == (1, 2) and v2.kode == v1.kode
    p.refresh_from_db()
    assert p.skema_id == v1.pk and set(v1.tingkat.values_list("nama", flat=True)) == {"Unggul", "Berkembang", "Dasar"}


def test_competition_ranks_per_category_with_ties(diskominfo_mamuju, mamuju):
    skema = _skema_kecil(diskominfo_mamuju, mamuju)
    kims = [KimFactory(desa=Wilayah.objects.get(kode="76.02.02.2003")) for _ in range(3)]
    for k, n in zip(kims, (5, 5, 2), strict=True):
        AnggotaFactory.create_batch(n, kim=k)
    p = services.putaran_buat(actor=diskominfo_mamuju, skema=skema, wilayah=mamuju, nama="Lomba", mode="lomba",
                              kategori=["Ekonomi kreatif", "Literasi"], dari=date(2026, 1, 1), sampai=date(2026, 12, 31))
    for k in kims[:2]:
        services.peserta_kategori(actor=diskominfo_mamuju, peserta=Peserta.objects.get(putaran=p, kim=k),
                                  kategori="Literasi")
    services.putaran_hitung(actor=diskominfo_mamuju, putaran=p)
    hasil = {x.kim_id: (x.kategori, x.peringkat) for x in Peserta.objects.filter(putaran=p)}
    assert hasil[kims[0].pk] == ("Literasi", 1) and hasil[kims[1].pk] == ("Literasi", 1)
    assert hasil[kims[2].pk] == ("", 1)
    with pytest.raises(ValidationError):
        services.peserta_kategori(actor=diskominfo_mamuju, peserta=Peserta.objects.get(putaran=p, kim=kims[2]),
                                  kategori="Olahraga")


def test_juror_scores_are_validated_and_outsiders_cannot_score(diskominfo_mamuju, diskominfo_makassar, mamuju,
                                                               kim_tapalang):
    skema = _skema_kecil(diskominfo_mamuju, mamuju)
    p = services.putaran_buat(actor=diskominfo_mamuju, skema=skema, wilayah=mamuju, nama="2026",
                              dari=date(2026, 1, 1), sampai=date(2026, 12, 31))
    peserta = Peserta.objects.get(putaran=p)
    kualitas = Indikator.objects.get(dimensi__skema=skema, nama="Kualitas")
    anggota = Indikator.objects.get(dimensi__skema=skema, nama="Anggota")
    for skor in (101, -1, "baik"):
        with pytest.raises(ValidationError):
            services.nilai_juri_simpan(actor=diskominfo_mamuju, peserta=peserta, indikator=kualitas, skor=skor)
    with pytest.raises(ValidationError):
        services.nilai_juri_simpan(actor=diskominfo_mamuju, peserta=peserta, indikator=anggota, skor=50)
    with pytest.raises(NotFound):
        services.nilai_juri_simpan(actor=diskominfo_makassar, peserta=peserta, indikator=kualitas, skor=50)
    with pytest.raises(NotFound):
        services.putaran_buat(actor=diskominfo_makassar, skema=skema, wilayah=mamuju, nama="x",
                              dari=date(2026, 1, 1), sampai=date(2026, 12, 31))


def test_example_scheme_is_marked_and_idempotent(diskominfo_mamuju, mamuju):
    a = services.skema_contoh_pasang(actor=diskominfo_mamuju, wilayah=mamuju)
    b = services.skema_contoh_pasang(actor=diskominfo_mamuju, wilayah=mamuju)
    assert a.pk == b.pk and a.contoh and "CONTOH" in a.keterangan
    assert Skema.objects.count() == 1 and a.dimensi.count() == 5


def test_indicators_match_a_straightforward_reference(kim_tapalang, kim_makassar):
    from simpul.kim.models import Anggota, Kim
    AnggotaFactory.create_batch(3, kim=kim_tapalang)
    AnggotaFactory.create_batch(2, kim=kim_makassar, aktif=False)
    kims = Kim.objects.all()
    got = reg.hitung("anggota_aktif", kims, date(2000, 1, 1), date(2100, 1, 1))
    ref = {k.pk: Anggota.objects.filter(kim=k, aktif=True).count() for k in kims}
    assert got == {k: float(v) for k, v in ref.items() if v}
    assert reg.hitung("mandiri", kims, date(2000, 1, 1), date(2100, 1, 1)) == {kim_tapalang.pk: 1.0,
                                                                               kim_makassar.pk: 1.0}
    assert reg.hitung("tidak_ada", kims, date(2000, 1, 1), date(2100, 1, 1)) == {}


def test_indicator_computation_costs_a_fixed_number_of_queries(django_assert_max_num_queries):
    from simpul.kim.models import Kim
    for _ in range(30):
        AnggotaFactory(kim=KimFactory())
    kims = Kim.objects.all()
    with django_assert_max_num_queries(len(reg.REGISTRY) * 3):
        for kode in reg.REGISTRY:
            reg.hitung(kode, kims, date(2026, 1, 1), date(2027, 1, 1))
