import pytest
from django.urls import reverse

from simpul.akun.testing import login_dengan_mfa
from simpul.core.testing.halaman import periksa_ringan
from simpul.keuangan.models import Transaksi

from .conftest import foto_jpeg

pytestmark = pytest.mark.django_db


def _isi(**kw):
    d = {"jenis": "masuk", "sumber": "iuran", "tanggal": "2025-03-01", "jumlah": "150.000", "uraian": "Iuran Maret",
         "kunci": "k1"}
    d.update(kw)
    return d


def test_bendahara_records_income_and_an_expense_with_a_receipt(client, bendahara_kim_tapalang, kim_tapalang):
    client.force_login(bendahara_kim_tapalang)
    url = reverse("keuangan:catat", args=[kim_tapalang.pk])
    assert client.post(url, _isi()).status_code == 302
    r = client.post(url, _isi(jenis="keluar", sumber="", jumlah="Rp 40.000", uraian="Pulsa", kunci="k2",
                              bukti=foto_jpeg()))
    assert r.status_code == 302
    html = client.get(reverse("keuangan:buku", args=[kim_tapalang.pk])).content.decode()
    assert "Rp110.000" in html and "Pulsa" in html
    t = Transaksi.objects.get(uraian="Pulsa")
    assert client.get(reverse("keuangan:bukti", args=[kim_tapalang.pk, t.pk]))["Content-Type"] == "image/jpeg"


def test_bad_amount_keeps_what_was_typed(client, bendahara_kim_tapalang, kim_tapalang):
    client.force_login(bendahara_kim_tapalang)
    r = client.post(reverse("keuangan:catat", args=[kim_tapalang.pk]), _isi(jumlah="-5.000", uraian="Iuran April"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "lebih dari nol" in html and 'value="Iuran April"' in html and 'value="-5.000"' in html
    assert not Transaksi.objects.exists()


def test_correction_and_void_through_the_pages(client, bendahara_kim_tapalang, kim_tapalang):
    client.force_login(bendahara_kim_tapalang)
    client.post(reverse("keuangan:catat", args=[kim_tapalang.pk]), _isi())
    t = Transaksi.objects.get()
    r = client.post(reverse("keuangan:koreksi", args=[kim_tapalang.pk, t.pk]), _isi(jumlah="175.000", alasan=""))
    assert r.status_code == 200 and "alasan" in r.content.decode().lower()
    r = client.post(reverse("keuangan:koreksi", args=[kim_tapalang.pk, t.pk]),
                    _isi(jumlah="175.000", alasan="Salah ketik"))
    assert r.status_code == 302
    html = client.get(reverse("keuangan:detail", args=[kim_tapalang.pk, t.pk])).content.decode()
    assert "Salah ketik" in html and "150000 → 175000" in html
    r = client.post(reverse("keuangan:batal", args=[kim_tapalang.pk, t.pk]), {"alasan": "Dobel"})
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.batal


def test_members_and_offices_read_but_do_not_write(client, anggota_kim_tapalang, diskominfo_mamuju, kim_tapalang):
    for u in (anggota_kim_tapalang, diskominfo_mamuju):
        client.logout()
        if u is diskominfo_mamuju:
            login_dengan_mfa(client, u)
        else:
            client.force_login(u)
        assert client.get(reverse("keuangan:buku", args=[kim_tapalang.pk])).status_code == 200
        assert client.get(reverse("keuangan:catat", args=[kim_tapalang.pk])).status_code == 404
        assert client.post(reverse("keuangan:catat", args=[kim_tapalang.pk]), _isi()).status_code == 404


def test_outsiders_get_404(client, diskominfo_makassar, warga, kim_tapalang, catat):
    t = catat("masuk", "2025-01-01", 1000, "iuran")
    urls = [reverse("keuangan:buku", args=[kim_tapalang.pk]), reverse("keuangan:detail", args=[kim_tapalang.pk, t.pk]),
            reverse("keuangan:ekspor", args=[kim_tapalang.pk, "csv"]),
            reverse("keuangan:bukti", args=[kim_tapalang.pk, t.pk])]
    for u in (diskominfo_makassar, warga):
        client.logout()
        login_dengan_mfa(client, u) if u is diskominfo_makassar else client.force_login(u)
        for url in urls:
            assert client.get(url).status_code == 404, url
    client.logout()
    assert client.get(urls[0]).status_code == 302  # to sign in


def test_book_page_costs_a_fixed_number_of_queries_and_stays_light(client, bendahara_kim_tapalang, kim_tapalang,
                                                                   catat, django_assert_max_num_queries):
    for i in range(40):
        catat("masuk" if i % 3 else "keluar", f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}", 1000 + i, "usaha")
    client.force_login(bendahara_kim_tapalang)
    url = reverse("keuangan:buku", args=[kim_tapalang.pk])
    with django_assert_max_num_queries(16):
        r = client.get(url)
    periksa_ringan(r, batas=50 * 1024)
    with django_assert_max_num_queries(14):
        periksa_ringan(client.get(reverse("keuangan:daftar")), batas=50 * 1024)
    periksa_ringan(client.get(reverse("keuangan:catat", args=[kim_tapalang.pk])), batas=50 * 1024)


def test_exports_carry_the_running_balance(client, bendahara_kim_tapalang, kim_tapalang, catat):
    catat("masuk", "2025-01-01", 1000, "iuran", uraian="=SUM(A1)")
    catat("keluar", "2025-01-02", 300)
    client.force_login(bendahara_kim_tapalang)
    body = b"".join(client.get(reverse("keuangan:ekspor", args=[kim_tapalang.pk, "csv"])).streaming_content)
    teks = body.decode("utf-8-sig")
    assert "'=SUM(A1)" in teks and ",700," in teks
    r = client.get(reverse("keuangan:ekspor", args=[kim_tapalang.pk, "xlsx"]))
    assert r.status_code == 200
    assert client.get(reverse("keuangan:ekspor", args=[kim_tapalang.pk, "pdf"])).status_code == 404


def test_office_sets_the_mandiri_rule_of_its_region(client, diskominfo_mamuju, diskominfo_makassar, catat,
                                                    kim_tapalang, anggota_kim_tapalang):
    from simpul.keuangan.models import AturanMandiri, StatusMandiri
    catat("masuk", "2026-01-05", 100_000, "hibah")
    login_dengan_mfa(client, diskominfo_mamuju)
    url = reverse("keuangan:aturan") + "?wilayah=76.02"
    r = client.get(url)
    assert r.status_code == 200
    periksa_ringan(r, batas=50 * 1024)
    r = client.post(url, {"bulan": "12", "sumber_pemerintah": ["apbd", "dana_desa", "hibah"],
                          "wajib_menutup_pengeluaran": "on", "min_transaksi": "1", "deklarasi_tanpa_buku": "on"})
    assert r.status_code == 302
    assert AturanMandiri.objects.get().wilayah_id == "76.02"
    assert StatusMandiri.objects.get(kim=kim_tapalang).alasan == "dana_pemerintah"
    r = client.post(url, {"bulan": "0", "sumber_pemerintah": ["apbd"], "min_transaksi": "1"})
    assert r.status_code == 200
    client.logout()
    login_dengan_mfa(client, diskominfo_makassar)
    assert client.get(url).status_code == 404
    client.logout()
    client.force_login(anggota_kim_tapalang)
    assert client.get(url).status_code == 404


def test_office_list_balances_by_name_and_a_bounded_page_count(client, diskominfo_mamuju, kim_tapalang, catat,
                                                               bendahara_kim_tapalang, monkeypatch):
    """The list of books: each KIM's balance (voided entries left out), by name; past the bound
    the page count says "more than" and Next still reaches every KIM."""
    from simpul.core.testing.factories import KimFactory
    from simpul.keuangan import selectors, views
    from simpul.keuangan.services import transaksi_batal
    from simpul.kim.models import Kim
    from simpul.wilayah.models import Tingkat, Wilayah

    catat("masuk", "2025-01-01", 150_000, "iuran")
    catat("keluar", "2025-01-02", 40_000)
    batal = catat("masuk", "2025-01-03", 1_000_000, "hibah")
    transaksi_batal(actor=bendahara_kim_tapalang, transaksi=batal, alasan="Dobel")
    desa = Wilayah.objects.filter(tingkat=Tingkat.DESA, kode__startswith="76.02.").exclude(pk=kim_tapalang.desa_id)
    for i, d in enumerate(desa.order_by("kode")[:4]):
        KimFactory(desa=d, nama=f"KIM Uji {4 - i}")
    KimFactory(desa=desa.order_by("kode")[5], nama="KIM Uji Ditolak", status="ditolak")
    login_dengan_mfa(client, diskominfo_mamuju)

    r = client.get(reverse("keuangan:daftar"))
    baris = list(r.context["page"])
    harap = list(Kim.objects.filter(desa__kode__startswith="76.02.").exclude(status="ditolak").order_by("nama", "id"))
    assert baris == harap and "KIM Uji Ditolak" not in r.content.decode()
    assert {k.pk: k.saldo for k in baris}[kim_tapalang.pk] == 110_000
    assert all(k.saldo == 0 for k in baris if k.pk != kim_tapalang.pk)
    assert "Rp110.000" in r.content.decode()
    assert not r.context["page"].paginator.lebih

    monkeypatch.setattr(views, "PER_HALAMAN", 1)
    monkeypatch.setattr(selectors, "BATAS_HALAMAN", 2)
    r = client.get(reverse("keuangan:daftar"))
    p = r.context["page"].paginator
    assert p.lebih and p.num_pages == 2 and "Halaman 1 dari lebih dari 2" in r.content.decode()
    dilihat, n = [], 1
    while True:  # Next reaches every KIM, in order, and the last page knows it is the last
        page = client.get(reverse("keuangan:daftar"), {"halaman": n}).context["page"]
        dilihat += list(page)
        if not page.has_next():
            break
        n = page.next_page_number()
    assert dilihat == harap and not page.paginator.lebih and page.paginator.count == len(harap)


@pytest.mark.parametrize("halaman", ["9" * 30, "-3", "dua", ""])
def test_office_list_any_page_number_is_a_page_never_an_error(client, diskominfo_mamuju, kim_tapalang, halaman):
    """?halaman= is typed by hand too: a number too big for the database, a negative one or a word
    shows a page (the last, or the first), never a 500."""
    login_dengan_mfa(client, diskominfo_mamuju)
    r = client.get(reverse("keuangan:daftar"), {"halaman": halaman})
    assert r.status_code == 200
    assert kim_tapalang.nama in r.content.decode()
