from datetime import date

import pytest
from django.urls import reverse

from simpul.akun.testing import login_dengan_mfa
from simpul.core.testing.factories import AnggotaFactory, KimFactory, UserFactory
from simpul.core.testing.halaman import periksa_ringan
from simpul.penilaian import services
from simpul.penilaian.models import Indikator, NilaiJuri, Peserta, Putaran, Skema
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db


@pytest.fixture
def putaran(diskominfo_mamuju, kim_tapalang):
    mamuju = Wilayah.objects.get(kode="76.02")
    skema = services.skema_contoh_pasang(actor=diskominfo_mamuju, wilayah=mamuju)
    p = services.putaran_buat(actor=diskominfo_mamuju, skema=skema, wilayah=mamuju, nama="Penilaian 2026",
                              dari=date(2026, 1, 1), sampai=date(2026, 12, 31), mode="lomba",
                              kategori=["Ekonomi kreatif", "Literasi"])
    services.putaran_hitung(actor=diskominfo_mamuju, putaran=p)
    return p


def test_office_creates_a_round_and_computes_it(client, diskominfo_mamuju, kim_tapalang):
    login_dengan_mfa(client, diskominfo_mamuju)
    assert client.post(reverse("penilaian:skema_contoh")).status_code == 302
    skema = Skema.objects.get()
    r = client.post(reverse("penilaian:putaran_baru"), {
        "skema": skema.pk, "wilayah": "76.02", "nama": "Penilaian 2026", "dari": "2026-01-01",
        "sampai": "2026-12-31", "mode": "penilaian", "kategori": ""})
    assert r.status_code == 302, r.content.decode()[:3000]
    p = Putaran.objects.get()
    assert list(p.peserta.values_list("kim_id", flat=True)) == [kim_tapalang.pk]
    assert client.post(reverse("penilaian:putaran_hitung", args=[p.pk])).status_code == 302
    assert Peserta.objects.get().total is not None


def test_round_form_errors_keep_input(client, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    client.post(reverse("penilaian:skema_contoh"))
    skema = Skema.objects.get()
    r = client.post(reverse("penilaian:putaran_baru"), {
        "skema": skema.pk, "wilayah": "76.02", "nama": "Putaran X", "dari": "2026-12-31", "sampai": "2026-01-01",
        "mode": "penilaian"})
    html = r.content.decode()
    assert r.status_code == 200 and "setelah awalnya" in html and 'value="Putaran X"' in html


def test_jurors_scores_are_averaged_through_the_page(client, putaran, diskominfo_mamuju, kim_tapalang):
    juri = UserFactory()
    putaran.juri.add(juri)
    ps = Peserta.objects.get(putaran=putaran)
    ind = Indikator.objects.filter(dimensi__skema=putaran.skema, sumber="juri").first()
    url = reverse("penilaian:peserta", args=[putaran.pk, ps.pk])
    client.force_login(juri)
    assert client.post(url, {"indikator": ind.pk, "skor": "80", "bukti": "https://contoh.id/bukti"}).status_code == 302
    r = client.post(url, {"indikator": ind.pk, "skor": "180"})
    assert r.status_code == 200 and NilaiJuri.objects.count() == 1
    client.logout()
    login_dengan_mfa(client, diskominfo_mamuju)
    client.post(url, {"indikator": ind.pk, "skor": "60"})
    client.post(reverse("penilaian:putaran_hitung", args=[putaran.pk]))
    ps.refresh_from_db()
    from simpul.penilaian.selectors import rincian
    baris = [b for d in rincian(ps) for b in d["baris"] if b["indikator"].pk == ind.pk][0]
    assert baris["nilai"] == 70.0 and baris["skor"] == 70.0 and len(baris["juri"]) == 2
    assert "70" in client.get(url).content.decode()


def test_outsiders_get_404_and_the_kim_sees_its_own_result(client, putaran, diskominfo_makassar, warga,
                                                            pengurus_kim_tapalang):
    ps = Peserta.objects.get(putaran=putaran)
    urls = [reverse("penilaian:putaran", args=[putaran.pk]), reverse("penilaian:peserta", args=[putaran.pk, ps.pk]),
            reverse("penilaian:skema", args=[putaran.skema_id]),
            reverse("penilaian:laporan_unduh", args=["76.02", 2026, "xlsx"])]
    for u in (diskominfo_makassar, warga):
        client.logout()
        login_dengan_mfa(client, u) if u is diskominfo_makassar else client.force_login(u)
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.post(reverse("penilaian:putaran_hitung", args=[putaran.pk])).status_code == 404
    client.logout()
    client.force_login(pengurus_kim_tapalang)
    assert client.get(urls[1]).status_code == 200
    assert client.post(urls[1], {"indikator": 1, "skor": 100}).status_code == 404
    assert client.get(urls[0]).status_code == 404


def test_ranking_page_has_a_fixed_query_budget_and_stays_light(client, putaran, diskominfo_mamuju,
                                                               django_assert_max_num_queries):
    for _ in range(25):
        AnggotaFactory(kim=KimFactory(desa=Wilayah.objects.get(kode="76.02.02.2006")))
    Peserta.objects.bulk_create([Peserta(putaran=putaran, kim=k) for k in
                                 KimFactory._meta.model.objects.exclude(penilaian__putaran=putaran)])
    services.putaran_hitung(actor=diskominfo_mamuju, putaran=putaran)
    login_dengan_mfa(client, diskominfo_mamuju)
    with django_assert_max_num_queries(14):
        r = client.get(reverse("penilaian:putaran", args=[putaran.pk]))
    periksa_ringan(r, batas=50 * 1024)
    ps = Peserta.objects.filter(putaran=putaran).first()
    with django_assert_max_num_queries(20):
        r = client.get(reverse("penilaian:peserta", args=[putaran.pk, ps.pk]))
    periksa_ringan(r, batas=50 * 1024)
    for name in ("penilaian:daftar", "penilaian:laporan", "penilaian:putaran_baru"):
        periksa_ringan(client.get(reverse(name)), batas=50 * 1024)


def test_annual_report_as_pdf_and_excel(client, putaran, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    r = client.get(reverse("penilaian:laporan"), {"wilayah": "76.02", "tahun": "2026", "fmt": "pdf"})
    assert r.status_code == 302
    r = client.get(r["Location"])
    assert r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    r = client.get(reverse("penilaian:laporan_unduh", args=["76.02", 2026, "xlsx"]))
    from io import BytesIO

    from openpyxl import load_workbook
    wb = load_workbook(BytesIO(b"".join(r.streaming_content)))
    assert "Cakupan" in wb.sheetnames and "Penilaian" in wb.sheetnames
    baris = list(wb["Penilaian"].values)
    assert baris[1][0] == "Penilaian 2026" and baris[1][4] == "KIM Orobatu Bersatu"
    r = client.get(reverse("penilaian:laporan"), {"wilayah": "73.71", "tahun": "2026"})
    assert "di luar wilayah" in r.content.decode()
