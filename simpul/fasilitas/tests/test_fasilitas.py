"""Facility register: who may record, update and see what; the status history; filters and
exports; query budgets, page weight and bad input."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.akun.testing import login_dengan_mfa
from simpul.core.errors import Forbidden, NotFound, ValidationError
from simpul.core.testing.factories import KimFactory
from simpul.core.testing.halaman import periksa_ringan
from simpul.fasilitas import selectors, services
from simpul.fasilitas.models import FasilitasEvent, StatusFasilitas
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db


def _wifi(actor, kim, **lain):
    data = {"jenis": "wifi", "nama": "Wifi Balai Desa", "sumber": "diskominfo", "sumber_nama": "Diskominfo Mamuju",
            "lat": -2.85, "lng": 118.88, "penyedia": "Telkom", "bandwidth_mbps": 20, "biaya_bulanan": 1_000_000,
            "pengguna_per_bulan": 120, **lain}
    return services.fasilitas_create(actor=actor, kim=kim, **data)


def _masuk(client, user):
    client.logout()
    login_dengan_mfa(client, user)


def test_office_records_and_ketua_updates_status_and_use_with_history(diskominfo_mamuju, kim_tapalang,
                                                                        pengurus_kim_tapalang):
    x = _wifi(diskominfo_mamuju, kim_tapalang)
    services.fasilitas_status_set(actor=pengurus_kim_tapalang, fasilitas=x, status="gangguan", catatan="Router mati")
    services.fasilitas_status_set(actor=pengurus_kim_tapalang, fasilitas=x, status="gangguan")  # no change
    services.fasilitas_status_set(actor=diskominfo_mamuju, fasilitas=x, status="aktif")
    services.fasilitas_pemakaian_set(actor=pengurus_kim_tapalang, fasilitas=x, pengguna_per_bulan=150)
    rows = list(FasilitasEvent.objects.filter(fasilitas=x).order_by("waktu", "id"))
    assert [(e.jenis, e.dari_status, e.ke_status, e.aktor_id) for e in rows] == [
        ("dibuat", "", "aktif", diskominfo_mamuju.pk),
        ("status", "aktif", "gangguan", pengurus_kim_tapalang.pk),
        ("status", "gangguan", "aktif", diskominfo_mamuju.pk),
        ("pemakaian", "", "", pengurus_kim_tapalang.pk),
    ]
    assert rows[1].catatan == "Router mati" and rows[1].sebelum == {"status": "aktif"}
    assert rows[3].sebelum["pengguna_per_bulan"] == 120 and rows[3].sesudah["pengguna_per_bulan"] == 150
    x.refresh_from_db()
    assert x.pengguna_per_bulan == 150 and x.pengguna_bulan == timezone.localdate().replace(day=1)


def test_edit_records_before_and_after(diskominfo_mamuju, kim_tapalang):
    x = _wifi(diskominfo_mamuju, kim_tapalang)
    services.fasilitas_update(actor=diskominfo_mamuju, fasilitas=x, biaya_bulanan=900_000, penyedia="Telkom")
    e = FasilitasEvent.objects.filter(fasilitas=x, jenis="diubah").get()
    assert e.sebelum == {"biaya_bulanan": 1_000_000} and e.sesudah == {"biaya_bulanan": 900_000}


def test_who_may_do_what(diskominfo_mamuju, diskominfo_makassar, kim_tapalang, pengurus_kim_tapalang,
                         anggota_kim_tapalang, camat_tapalang, warga):
    with pytest.raises(Forbidden):  # a ketua updates, but does not record
        _wifi(pengurus_kim_tapalang, kim_tapalang)
    with pytest.raises(NotFound):
        _wifi(diskominfo_makassar, kim_tapalang)
    x = _wifi(diskominfo_mamuju, kim_tapalang)
    with pytest.raises(Forbidden):
        services.fasilitas_update(actor=pengurus_kim_tapalang, fasilitas=x, nama="Lain")
    for user, galat in ((anggota_kim_tapalang, Forbidden), (camat_tapalang, Forbidden), (warga, NotFound),
                        (diskominfo_makassar, NotFound)):
        with pytest.raises(galat):
            services.fasilitas_status_set(actor=user, fasilitas=x, status="rusak")
    lain = KimFactory(desa=Wilayah.objects.get(kode="76.02.02.2006"))
    y = _wifi(diskominfo_mamuju, lain)
    with pytest.raises(NotFound):  # the ketua of another KIM
        services.fasilitas_status_set(actor=pengurus_kim_tapalang, fasilitas=y, status="rusak")


@pytest.mark.parametrize(("ubah", "field"), [
    ({"biaya_bulanan": -5}, "biaya_bulanan"),
    ({"biaya_bulanan": "seratus"}, "biaya_bulanan"),
    ({"lat": 123}, "lat"),
    ({"lng": "abc"}, "lng"),
    ({"nama": ""}, "nama"),
    ({"jenis": "mobil"}, "jenis"),
    ({"sumber": "entah"}, "sumber"),
    ({"tanggal_terima": date.today() + timedelta(days=3)}, "tanggal_terima"),
])
def test_bad_input_names_the_field(diskominfo_mamuju, kim_tapalang, ubah, field):
    with pytest.raises(ValidationError) as e:
        _wifi(diskominfo_mamuju, kim_tapalang, **ubah)
    assert e.value.field == field


def test_each_persona_sees_its_own_facilities(client, diskominfo_mamuju, diskominfo_makassar, kim_tapalang,
                                             kim_makassar, pengurus_kim_tapalang, anggota_kim_tapalang,
                                             camat_tapalang, diskominfo_sulbar, warga):
    a = _wifi(diskominfo_mamuju, kim_tapalang, nama="Wifi Orobatu")
    b = _wifi(diskominfo_makassar, kim_makassar, nama="Wifi Makassar")
    harapan = [(diskominfo_mamuju, {a.nama}), (diskominfo_sulbar, {a.nama}), (camat_tapalang, {a.nama}),
               (pengurus_kim_tapalang, {a.nama}), (anggota_kim_tapalang, {a.nama}),
               (diskominfo_makassar, {b.nama})]
    for user, nama in harapan:
        _masuk(client, user)
        r = client.get(reverse("fasilitas:daftar"))
        assert {x.nama for x in r.context["page"]} == nama, user
    _masuk(client, diskominfo_makassar)
    for url in (reverse("fasilitas:detail", args=[a.pk]), reverse("fasilitas:ubah", args=[a.pk])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("fasilitas:status", args=[a.pk]), {"status": "rusak"}).status_code == 404
    _masuk(client, warga)
    assert client.get(reverse("fasilitas:daftar")).status_code == 404
    assert client.get(reverse("fasilitas:detail", args=[a.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("fasilitas:daftar")).status_code == 302


def test_ketua_updates_status_on_the_page_but_cannot_edit(client, diskominfo_mamuju, kim_tapalang,
                                                         pengurus_kim_tapalang, anggota_kim_tapalang):
    x = _wifi(diskominfo_mamuju, kim_tapalang)
    _masuk(client, pengurus_kim_tapalang)
    assert client.get(reverse("fasilitas:ubah", args=[x.pk])).status_code == 404
    assert client.post(reverse("fasilitas:status", args=[x.pk]), {"status": "rusak", "catatan": "Petir"}).status_code == 302
    r = client.post(reverse("fasilitas:pemakaian", args=[x.pk]), {"pengguna_per_bulan": "-4"})
    assert r.status_code == 400
    assert client.post(reverse("fasilitas:pemakaian", args=[x.pk]), {"pengguna_per_bulan": "80"}).status_code == 302
    x.refresh_from_db()
    assert (x.status, x.pengguna_per_bulan) == (StatusFasilitas.RUSAK, 80)
    r = client.get(reverse("fasilitas:detail", args=[x.pk]))
    assert "Petir" in r.content.decode()
    _masuk(client, anggota_kim_tapalang)  # a plain member sees it, cannot change it
    assert client.get(reverse("fasilitas:detail", args=[x.pk])).status_code == 200
    assert client.post(reverse("fasilitas:status", args=[x.pk]), {"status": "aktif"}).status_code == 404


def test_office_records_through_the_form_and_bad_input_is_kept(client, diskominfo_mamuju, kim_tapalang, kim_makassar):
    _masuk(client, diskominfo_mamuju)
    data = {"kim": kim_tapalang.slug, "jenis": "wifi", "nama": "Wifi Pasar", "status": "aktif", "sumber": "komdigi",
            "biaya_bulanan": "abc", "lat": "200", "jumlah": "1"}
    r = client.post(reverse("fasilitas:baru"), data)
    assert r.status_code == 400 and {"biaya_bulanan", "lat"} <= set(r.context["form"].errors)
    assert 'value="Wifi Pasar"' in r.content.decode()
    r = client.post(reverse("fasilitas:baru"), {**data, "kim": kim_makassar.slug, "biaya_bulanan": "", "lat": ""})
    assert r.status_code == 400 and "kim" in r.context["form"].errors
    r = client.post(reverse("fasilitas:baru"), {**data, "biaya_bulanan": "750000", "lat": "-2.8", "lng": "118.9"})
    assert r.status_code == 302
    x = kim_tapalang.fasilitas.get()
    assert x.biaya_bulanan == 750_000
    r = client.post(reverse("fasilitas:ubah", args=[x.pk]), {**data, "biaya_bulanan": "800000", "lat": "", "nama": "Wifi Pasar Baru"})
    assert r.status_code == 302
    x.refresh_from_db()
    assert (x.nama, x.biaya_bulanan, x.kim_id) == ("Wifi Pasar Baru", 800_000, kim_tapalang.pk)


def test_list_filters_totals_and_exports(client, diskominfo_mamuju, kim_tapalang):
    lain = KimFactory(desa=Wilayah.objects.filter(kode__startswith="76.02.01.", tingkat=4).order_by("kode").first())
    _wifi(diskominfo_mamuju, kim_tapalang, nama="Wifi A")
    _wifi(diskominfo_mamuju, lain, nama="Wifi B", biaya_bulanan=500_000, pengguna_per_bulan=30)
    rusak = _wifi(diskominfo_mamuju, lain, nama="Wifi C")
    services.fasilitas_status_set(actor=diskominfo_mamuju, fasilitas=rusak, status="rusak")
    services.fasilitas_create(actor=diskominfo_mamuju, kim=kim_tapalang, jenis="perangkat", nama="Laptop",
                              sumber="donatur", jumlah=2)
    r = selectors.ringkasan(selectors.fasilitas_list(user=diskominfo_mamuju))
    assert (r.jumlah, r.wifi, r.wifi_aktif, r.biaya_bulanan, r.pengguna_per_bulan) == (4, 3, 2, 1_500_000, 150)
    _masuk(client, diskominfo_mamuju)
    r = client.get(reverse("fasilitas:daftar"), {"wilayah": "76.02.02", "jenis": "wifi"})
    assert [x.nama for x in r.context["page"]] == ["Wifi A"]
    r = client.get(reverse("fasilitas:daftar"), {"status": "rusak"})
    assert [x.nama for x in r.context["page"]] == ["Wifi C"]
    r = client.get(reverse("fasilitas:daftar"), {"status": "rusak", "format": "csv"})
    isi = b"".join(r.streaming_content).decode()
    assert "Wifi C" in isi and "Wifi A" not in isi
    r = client.get(reverse("fasilitas:daftar"), {"format": "xlsx"})
    assert r.status_code == 200
    r = client.get(reverse("fasilitas:daftar"), {"wilayah": "bukan kode", "status": "x", "halaman": "zz"})
    assert r.status_code == 200


def test_list_query_budget_and_page_weight(client, diskominfo_mamuju, kim_tapalang, django_assert_max_num_queries):
    for i in range(3):
        _wifi(diskominfo_mamuju, kim_tapalang, nama=f"Wifi {i}")
    _masuk(client, diskominfo_mamuju)
    with django_assert_max_num_queries(15):
        r = client.get(reverse("fasilitas:daftar"))
    periksa_ringan(r, batas=50 * 1024)
    for i in range(10):
        _wifi(diskominfo_mamuju, KimFactory(), nama=f"Wifi lain {i}")
    with django_assert_max_num_queries(15):
        client.get(reverse("fasilitas:daftar"))
    x = kim_tapalang.fasilitas.first()
    for url in (reverse("fasilitas:detail", args=[x.pk]), reverse("fasilitas:baru"), reverse("fasilitas:ubah", args=[x.pk])):
        with django_assert_max_num_queries(15):
            periksa_ringan(client.get(url), batas=50 * 1024)


def test_api_is_scoped_and_needs_a_session(client, diskominfo_mamuju, diskominfo_makassar, kim_tapalang):
    x = _wifi(diskominfo_mamuju, kim_tapalang)
    assert client.get("/api/v1/fasilitas/").status_code == 401
    _masuk(client, diskominfo_mamuju)
    r = client.get("/api/v1/fasilitas/", {"wilayah": "76.02"})
    assert r.status_code == 200 and r.json()["items"][0]["biaya_bulanan"] == 1_000_000
    assert client.get(f"/api/v1/fasilitas/{x.pk}").status_code == 200
    assert client.get("/api/v1/fasilitas/", {"wilayah": "x.y"}).status_code == 400
    _masuk(client, diskominfo_makassar)
    assert client.get(f"/api/v1/fasilitas/{x.pk}").status_code == 404
    assert client.get("/api/v1/fasilitas/").json()["count"] == 0
