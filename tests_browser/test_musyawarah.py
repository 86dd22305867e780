"""Musyawarah on a 360 px phone: a ketua opens a topic, members discuss and vote, the poll closes
with an outcome and two action items, an owner updates progress, and the kabupaten Diskominfo's
accountability view shows it. No console error, no CSP violation, no sideways scrolling."""

from datetime import timedelta

import pytest
from django.utils import timezone

from simpul.core.testing.factories import AnggotaFactory, UserFactory
from simpul.musyawarah.models import Keputusan, Suara, TindakLanjut
from tests_browser.conftest import HP, layar, lebar_halaman, masuk_lewat_halaman, pantau

pytestmark = pytest.mark.browser

JUDUL = "Jalan tani ke dusun atas rusak"


def _hp(browser, live_server):
    return browser.new_context(viewport=HP, screen=HP, device_scale_factor=2, is_mobile=True, has_touch=True,
                               locale="id-ID", base_url=live_server.url)


def _pas_layar(page, di: str) -> None:
    assert lebar_halaman(page) <= HP["width"], f"{di}: the page scrolls sideways at 360 px"


def test_ketua_opens_a_topic_members_vote_the_decision_gets_two_actions_and_progress_shows(
        browser, hp, live_server, kim_tapalang, pengurus_kim_tapalang, anggota_kim_tapalang, diskominfo_mamuju):
    base = live_server.url
    siti = UserFactory(nama="Siti Rahma", email="siti@contoh.id")
    AnggotaFactory(kim=kim_tapalang, user=siti, nama=siti.nama)

    # --- the ketua opens a topic and a consent poll -------------------------------------------
    ketua = hp.new_page()
    masalah = pantau(ketua)
    masuk_lewat_halaman(ketua, base, pengurus_kim_tapalang)
    ketua.goto(f"{base}/musyawarah/")
    ketua.get_by_role("button", name="Buka topik baru").click()
    ketua.fill("input[name=judul]", JUDUL)
    ketua.fill("textarea[name=deskripsi]", "Jalan tani sepanjang **800 m** rusak sejak musim hujan.")
    ketua.get_by_role("button", name="Buka topik").click()
    ketua.wait_for_url("**/musyawarah/topik/*/")
    url_topik = ketua.url
    assert "<strong>800 m</strong>" in ketua.inner_html("article.isi-md")
    ketua.get_by_role("button", name="Buka jajak pendapat").click()
    ketua.fill("input[name=pertanyaan]", "Kerja bakti hari Minggu pagi?")
    ditutup = timezone.localtime() + timedelta(days=2)
    ketua.fill("input[name=ditutup_pada]", ditutup.strftime("%Y-%m-%dT%H:%M"))
    _pas_layar(ketua, "new poll")
    ketua.get_by_role("button", name="Buka jajak pendapat").click()
    ketua.wait_for_url("**/musyawarah/topik/*/**")

    # --- members discuss and vote ------------------------------------------------------------
    ctx_a = _hp(browser, live_server)
    a = ctx_a.new_page()
    masalah_a = pantau(a)
    masuk_lewat_halaman(a, base, anggota_kim_tapalang)
    a.goto(url_topik)
    a.fill("textarea[name=isi]", "Setuju. @siti-rahma bisa bawa cangkul?")
    a.get_by_role("button", name="Kirim komentar").click()
    a.wait_for_load_state()
    assert "bisa bawa cangkul" in a.inner_text("#diskusi")
    a.check("input[name=posisi][value=setuju]")
    a.get_by_role("button", name="Kirim suara").click()
    a.wait_for_load_state()
    assert "Suara Anda tersimpan" in a.inner_text("main")
    _pas_layar(a, "topic page after voting")
    layar(a, "musyawarah-topik-360")

    ctx_s = _hp(browser, live_server)
    s = ctx_s.new_page()
    masuk_lewat_halaman(s, base, siti)
    s.goto(url_topik)
    s.check("input[name=posisi][value=blokir]")
    s.get_by_role("button", name="Kirim suara").click()
    s.wait_for_load_state()
    assert "wajib disertai alasan" in s.inner_text("main")  # a clear message, not a 500
    s.fill("textarea[name=alasan]", "Minggu ada pesta panen; geser ke Sabtu pagi.")
    s.get_by_role("button", name="Kirim suara").click()
    s.wait_for_load_state()
    assert Suara.objects.count() == 2

    # --- the ketua closes the poll with an outcome and two action items ------------------------
    ketua.goto(url_topik)
    ketua.get_by_role("button", name="Tutup dengan keputusan").click()
    assert "pesta panen" in ketua.inner_text("main")  # the blocking reason is in front of the ketua
    ketua.fill("textarea[name=pernyataan]", "Kerja bakti Sabtu pagi jam 7, swadaya.")
    tenggat = (timezone.localdate() + timedelta(days=7)).isoformat()
    for i, (tugas, orang) in enumerate([("Pinjam molen dari desa", anggota_kim_tapalang),
                                        ("Kumpulkan semen dari warga", siti)]):
        ketua.fill(f"input[name=tl-{i}-judul]", tugas)
        ketua.select_option(f"select[name=tl-{i}-pj]", str(orang.pk))
        ketua.fill(f"input[name=tl-{i}-tenggat]", tenggat)
    _pas_layar(ketua, "decision form")
    layar(ketua, "musyawarah-putuskan-360")
    ketua.get_by_role("button", name="Simpan keputusan").click()
    ketua.wait_for_url("**/musyawarah/topik/*/**")
    kep = Keputusan.objects.get()
    assert kep.tindak_lanjut.count() == 2
    assert "Pinjam molen dari desa" in ketua.inner_text("#keputusan")

    # --- the owner updates progress -------------------------------------------------------------
    a.goto(f"{base}/musyawarah/")
    a.get_by_role("link", name="Pinjam molen dari desa").click()
    a.fill("input[name=progres]", "50")
    a.select_option("select[name=status]", "berjalan")
    a.fill("textarea[name=catatan]", "Molen sudah dipinjam, tinggal diantar.")
    _pas_layar(a, "action item page")
    a.get_by_role("button", name="Simpan kemajuan").click()
    a.wait_for_load_state()
    assert TindakLanjut.objects.get(judul="Pinjam molen dari desa").progres == 50

    # --- the kabupaten Diskominfo sees it in the accountability view -------------------------
    ctx_d = _hp(browser, live_server)
    d = ctx_d.new_page()
    masalah_d = pantau(d)
    masuk_lewat_halaman(d, base, diskominfo_mamuju)
    d.goto(f"{base}/musyawarah/akuntabilitas/?wilayah=76.02")
    teks = d.inner_text("main")
    assert JUDUL in teks and "0/2" in teks and "25%" in teks  # two actions, none done, 50% + 0%
    _pas_layar(d, "accountability view")
    layar(d, "musyawarah-akuntabilitas-360")

    for p, m in ((ketua, masalah), (a, masalah_a), (d, masalah_d)):
        assert not m.masalah(p), m.masalah(p)
    for c in (ctx_a, ctx_s, ctx_d):
        c.close()
