import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.akun.testing import login_dengan_mfa
from simpul.core.testing.factories import AnggotaFactory, KimFactory, UserFactory
from simpul.core.testing.halaman import periksa_ringan
from simpul.diseminasi import services
from simpul.diseminasi.models import Kampanye, LaporanJangkauan, Penerimaan
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db


def _anggota(kim):
    u = UserFactory()
    AnggotaFactory(kim=kim, user=u)
    return u


@pytest.fixture
def kampanye_lengkap(buat_kampanye, diskominfo_mamuju, kim_tapalang, django_capture_on_commit_callbacks):
    """A Mamuju campaign to 76.02 with three KIMs and hand-countable reports:
    Orobatu (76.02.02): WhatsApp 40 + masjid 120; Takandeang (76.02.02): acknowledged only;
    Sinyonyoi (76.02.03): radio 300."""
    takandeang = KimFactory(nama="KIM Takandeang", desa=Wilayah.objects.get(kode="76.02.02.2006"))
    sinyonyoi = KimFactory(nama="KIM Sinyonyoi", desa=Wilayah.objects.get(kode="76.02.03.1001"))
    k = buat_kampanye(diskominfo_mamuju, target=["76.02"])
    with django_capture_on_commit_callbacks(execute=True):
        services.kampanye_publish(actor=diskominfo_mamuju, kampanye=k)
    hari_ini = timezone.localdate()

    def lapor(kim, saluran, n, kunci):
        p = Penerimaan.objects.get(kampanye=k, kim=kim)
        services.laporan_create(actor=_anggota(kim), penerimaan=p, saluran=saluran, tanggal=hari_ini,
                                jumlah_orang=n, kunci=kunci)

    lapor(kim_tapalang, "grup_whatsapp", 40, "k-orobatu-1")
    lapor(kim_tapalang, "pengeras_suara", 120, "k-orobatu-2")
    lapor(sinyonyoi, "radio_komunitas", 300, "k-sinyonyoi-1")
    services.penerimaan_acknowledge(actor=_anggota(takandeang),
                                    penerimaan=Penerimaan.objects.get(kampanye=k, kim=takandeang))
    return k


def test_dashboard_figures_match_the_hand_count(client, diskominfo_mamuju, kampanye_lengkap):
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.get(reverse("diseminasi:kampanye_detail", args=[kampanye_lengkap.pk]))
    assert resp.status_code == 200
    s = resp.context["stat"]
    assert (s.total, s.diakui, s.melapor, s.jangkauan, s.laporan) == (3, 3, 2, 460, 3)
    assert (s.persen_diakui, s.persen_melapor) == (100.0, 66.7)
    per = {p["kode"]: p["orang"] for p in s.per_saluran}
    assert per["grup_whatsapp"] == 40 and per["pengeras_suara"] == 120 and per["radio_komunitas"] == 300
    assert per["media_sosial"] == 0
    rincian = {r["kode"]: r for r in resp.context["rincian"]}
    assert set(rincian) == {"76.02.02", "76.02.03"}
    assert (rincian["76.02.02"]["total"], rincian["76.02.02"]["melapor"], rincian["76.02.02"]["jangkauan"]) == (2, 1, 160)
    assert rincian["76.02.02"]["persen_melapor"] == 50.0
    assert (rincian["76.02.03"]["total"], rincian["76.02.03"]["jangkauan"]) == (1, 300)
    assert [p.kim.nama for p in resp.context["belum"]] == ["KIM Takandeang"]
    periksa_ringan(resp)
    # drill down: kecamatan Tapalang -> its desa
    resp = client.get(reverse("diseminasi:kampanye_detail", args=[kampanye_lengkap.pk]), {"wilayah": "76.02.02"})
    s = resp.context["stat"]
    assert (s.total, s.melapor, s.jangkauan) == (2, 1, 160)
    assert {r["kode"] for r in resp.context["rincian"]} == {"76.02.02.2003", "76.02.02.2006"}
    # a desa lists its KIMs
    resp = client.get(reverse("diseminasi:kampanye_detail", args=[kampanye_lengkap.pk]), {"wilayah": "76.02.02.2003"})
    assert [r["nama"] for r in resp.context["rincian"]] == ["KIM Orobatu Bersatu"]


def test_the_province_sees_the_kab_campaign_and_makassar_gets_404(client, diskominfo_sulbar, diskominfo_makassar,
                                                                 kampanye_lengkap, kim_makassar):
    url = reverse("diseminasi:kampanye_detail", args=[kampanye_lengkap.pk])
    login_dengan_mfa(client, diskominfo_makassar)
    for u in (url, reverse("diseminasi:kampanye_ekspor", args=[kampanye_lengkap.pk, "csv"]),
              f"/api/v1/diseminasi/{kampanye_lengkap.pk}/statistik"):
        assert client.get(u).status_code == 404
    assert client.post(reverse("diseminasi:kampanye_ingatkan", args=[kampanye_lengkap.pk])).status_code == 404
    client.logout()
    login_dengan_mfa(client, diskominfo_sulbar)
    assert client.get(url).context["stat"].total == 3


def test_kim_pages_are_404_for_other_kims_and_offices(client, kampanye_lengkap, kim_makassar, diskominfo_mamuju):
    p = Penerimaan.objects.get(kampanye=kampanye_lengkap, kim__nama="KIM Orobatu Bersatu")
    client.force_login(_anggota(kim_makassar))
    assert client.get(reverse("diseminasi:penerimaan_detail", args=[p.pk])).status_code == 404
    assert client.post(reverse("diseminasi:penerimaan_akui", args=[p.pk])).status_code == 404
    assert client.get(reverse("diseminasi:kotak_masuk")).context["page"].paginator.count == 0
    client.logout()
    login_dengan_mfa(client, diskominfo_mamuju)
    assert client.get(reverse("diseminasi:penerimaan_detail", args=[p.pk])).status_code == 404


def test_target_outside_the_office_is_404_with_the_input_kept(client, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    data = {"judul": "Klarifikasi hoaks banjir", "isi": "Kabar banjir bandang itu **tidak benar**.",
            "kategori": "klarifikasi_hoaks", "prioritas": "mendesak", "mulai": "2026-11-20", "selesai": "2026-12-20",
            "target": "76.02.02\n73.71"}
    resp = client.post(reverse("diseminasi:kampanye_baru"), data)
    assert resp.status_code == 404
    assert "di luar wilayah kantor" in resp.content.decode()
    assert resp.context["form"]["judul"].value() == "Klarifikasi hoaks banjir"
    assert not Kampanye.objects.exists()
    data["target"] = "76.02.02"
    resp = client.post(reverse("diseminasi:kampanye_baru"), data)
    k = Kampanye.objects.get()
    assert resp.status_code == 302 and k.kantor_kode == "76.02" and k.kategori == "klarifikasi_hoaks"


def test_invalid_campaign_is_400_with_the_input_kept(client, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    data = {"judul": "Klarifikasi hoaks banjir", "isi": "pendek", "kategori": "klarifikasi_hoaks",
            "prioritas": "mendesak", "mulai": "2026-11-20", "selesai": "2026-12-20", "target": "76.02.02"}
    resp = client.post(reverse("diseminasi:kampanye_baru"), data)
    assert resp.status_code == 400
    assert resp.context["form"].errors
    assert resp.context["form"]["judul"].value() == "Klarifikasi hoaks banjir"
    assert not Kampanye.objects.exists()
    data["selesai"] = "2026-11-01"  # before the start
    data["isi"] = "Kabar banjir bandang itu **tidak benar**."
    resp = client.post(reverse("diseminasi:kampanye_baru"), data)
    assert resp.status_code == 400 and resp.context["form"].errors
    assert not Kampanye.objects.exists()


def test_member_acknowledges_and_reports_from_the_campaign_page(client, anggota_kim_tapalang, kim_tapalang,
                                                                 buat_kampanye, diskominfo_mamuju):
    k = buat_kampanye(diskominfo_mamuju)
    services.kampanye_publish(actor=diskominfo_mamuju, kampanye=k)
    p = Penerimaan.objects.get(kampanye=k, kim=kim_tapalang)
    client.force_login(anggota_kim_tapalang)
    resp = client.get(reverse("diseminasi:kotak_masuk"))
    assert k.judul in resp.content.decode()
    periksa_ringan(resp)
    resp = client.get(reverse("diseminasi:penerimaan_detail", args=[p.pk]))
    periksa_ringan(resp)
    kunci = resp.context["form"]["kunci"].value()
    client.post(reverse("diseminasi:penerimaan_akui", args=[p.pk]))
    data = {"saluran": "pertemuan_warga", "tanggal": timezone.localdate().isoformat(), "jumlah_orang": "35",
            "kunci": kunci}
    url = reverse("diseminasi:penerimaan_lapor", args=[p.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # double submit
    assert LaporanJangkauan.objects.filter(penerimaan=p).count() == 1
    bad = client.post(url, {**data, "jumlah_orang": "-5", "kunci": "lain-kunci-123"})
    assert bad.status_code == 400 and "negatif" in bad.content.decode()
    assert bad.context["form"]["saluran"].value() == "pertemuan_warga"


def test_list_and_inbox_query_budgets(client, diskominfo_mamuju, buat_kampanye, kim_tapalang, anggota_kim_tapalang,
                                      django_assert_max_num_queries):
    for i in range(8):
        k = buat_kampanye(diskominfo_mamuju, judul=f"Kampanye {i}")
        services.kampanye_publish(actor=diskominfo_mamuju, kampanye=k)
    login_dengan_mfa(client, diskominfo_mamuju)
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("diseminasi:kampanye_daftar"))
    assert len(resp.context["page"]) == 8
    periksa_ringan(resp)
    client.logout()
    client.force_login(anggota_kim_tapalang)
    with django_assert_max_num_queries(10):
        resp = client.get(reverse("diseminasi:kotak_masuk"))
    assert len(resp.context["page"]) == 8


def test_exports_csv_and_excel(client, diskominfo_mamuju, kampanye_lengkap):
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.get(reverse("diseminasi:kampanye_ekspor", args=[kampanye_lengkap.pk, "csv"]))
    teks = b"".join(resp.streaming_content).decode("utf-8-sig")
    baris = teks.strip().splitlines()
    assert len(baris) == 4 and "KIM Orobatu Bersatu" in teks and ",160," in teks
    resp = client.get(reverse("diseminasi:kampanye_ekspor", args=[kampanye_lengkap.pk, "xlsx"]))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxml")


def test_api_lists_published_campaigns_and_stats_for_the_owner(client, diskominfo_mamuju, kampanye_lengkap,
                                                               buat_kampanye):
    buat_kampanye(diskominfo_mamuju, judul="Masih draf")
    data = client.get("/api/v1/diseminasi/").json()
    assert [i["judul"] for i in data["items"]] == [kampanye_lengkap.judul]
    assert "<strong>" in data["items"][0]["isi_html"] and data["items"][0]["target"] == ["76.02"]
    assert client.get(f"/api/v1/diseminasi/{kampanye_lengkap.pk}/statistik").status_code in (401, 403)
    login_dengan_mfa(client, diskominfo_mamuju)
    s = client.get(f"/api/v1/diseminasi/{kampanye_lengkap.pk}/statistik").json()
    assert (s["total"], s["melapor"], s["jangkauan"]) == (3, 2, 460)


def test_drill_down_region_is_clamped_to_the_campaign_office():
    """A ``wilayah`` outside the owning office's region (or malformed) falls back to the office region."""
    from simpul.diseminasi.selectors import kode_rincian

    k = Kampanye(kantor_kode="76.02")
    assert kode_rincian(k, "76.02.02") == "76.02.02"
    assert kode_rincian(k, "7602") == "76.02"
    assert kode_rincian(k, "73.71") == "76.02"
    assert kode_rincian(k, "76.020") == "76.02"
    assert kode_rincian(k, "bukan kode") == "76.02"
    assert kode_rincian(Kampanye(kantor_kode=""), "73.71") == "73.71"
