"""Officer pages for accounts and grants, and the profile page: scope, bad input, query budget."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from simpul.akun.models import AkunEvent, Penugasan, User
from simpul.akun.testing import SANDI_UJI, login_dengan_mfa
from simpul.core.peran import Jabatan, Peran
from simpul.core.testing.factories import PenugasanFactory, UserFactory
from simpul.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db

DAFTAR = reverse("akun:pengguna_daftar")
BARU = reverse("akun:pengguna_baru")


def _detail(user):
    return reverse("akun:pengguna_detail", args=[user.pk])


def _tanpa_gaya(html: str) -> None:
    assert "style=" not in html and "<style" not in html and " onclick" not in html


# --- list ---------------------------------------------------------------------------------------
def test_list_shows_users_with_grants_in_own_subtree_only(
    client, diskominfo_mamuju, camat_tapalang, operator_desa_orobatu, diskominfo_makassar, diskominfo_sulbar,
):
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.get(DAFTAR)
    assert resp.status_code == 200
    nama = {u.nama for u in resp.context["page"]}
    assert nama == {"Diskominfo Mamuju", "Operator Kecamatan Tapalang", "Operator Desa Orobatu"}
    _tanpa_gaya(resp.content.decode())


def test_makassar_sees_nothing_of_sulbar(client, diskominfo_makassar, diskominfo_mamuju, camat_tapalang):
    login_dengan_mfa(client, diskominfo_makassar)
    nama = {u.nama for u in client.get(DAFTAR).context["page"]}
    assert nama == {"Diskominfo Makassar"}
    assert client.get(_detail(camat_tapalang)).status_code == 404
    assert client.get(_detail(diskominfo_mamuju)).status_code == 404
    assert client.get(reverse("akun:penugasan_baru", args=[camat_tapalang.pk])).status_code == 404
    assert client.post(reverse("akun:sandi_reset", args=[camat_tapalang.pk])).status_code == 404
    p = camat_tapalang.penugasan.get()
    assert client.post(reverse("akun:penugasan_cabut", args=[p.pk]), {"alasan": "x"}).status_code == 404
    assert Penugasan.objects.get(pk=p.pk).dicabut is None


def test_province_and_komdigi_see_their_whole_subtree(client, diskominfo_sulbar, komdigi, diskominfo_mamuju,
                                                     camat_tapalang, diskominfo_makassar):
    login_dengan_mfa(client, diskominfo_sulbar)
    assert {u.nama for u in client.get(DAFTAR).context["page"]} == {
        "Diskominfo Sulbar", "Diskominfo Mamuju", "Operator Kecamatan Tapalang"}
    client.logout()
    login_dengan_mfa(client, komdigi)
    assert len(client.get(DAFTAR).context["page"]) == 5


@pytest.mark.parametrize("persona", ["warga", "camat_tapalang", "operator_desa_orobatu", "pengurus_kim_tapalang"])
def test_people_without_account_rights_get_404(client, request, persona, diskominfo_mamuju):
    login_dengan_mfa(client, request.getfixturevalue(persona))
    for url in (DAFTAR, BARU, _detail(diskominfo_mamuju)):
        assert client.get(url).status_code == 404


def test_list_filters(client, diskominfo_mamuju, camat_tapalang, operator_desa_orobatu):
    login_dengan_mfa(client, diskominfo_mamuju)
    names = lambda **q: {u.nama for u in client.get(DAFTAR, q).context["page"]}  # noqa: E731
    assert names(q="orobatu") == {"Operator Desa Orobatu"}
    assert names(q="TAPALANG@contoh") == {"Operator Kecamatan Tapalang"}
    assert names(peran=Peran.KECAMATAN) == {"Operator Kecamatan Tapalang"}
    assert names(wilayah="76.02.02.2003") == {"Operator Desa Orobatu"}
    assert names(wilayah="76.02.02") == {"Operator Kecamatan Tapalang", "Operator Desa Orobatu"}
    assert names(peran="raja") == names()


def test_list_finds_phone_written_any_way(client, diskominfo_mamuju):
    u = UserFactory(nama="Pak Desa", email=None, telepon="+6285211113333")
    PenugasanFactory(user=u, peran=Peran.DESA, wilayah=Wilayah.objects.get(kode="76.02.02.2003"))
    login_dengan_mfa(client, diskominfo_mamuju)
    for q in ("0852 1111 3333", "6285211113333", "1111333"):
        assert [x.nama for x in client.get(DAFTAR, {"q": q}).context["page"]] == ["Pak Desa"], q


def test_revoked_grants_only_on_request(client, diskominfo_mamuju, camat_tapalang):
    p = camat_tapalang.penugasan.get()
    Penugasan.objects.filter(pk=p.pk).update(dicabut="2026-01-01T00:00Z")
    login_dengan_mfa(client, diskominfo_mamuju)
    assert "Operator Kecamatan Tapalang" not in {u.nama for u in client.get(DAFTAR).context["page"]}
    assert "Operator Kecamatan Tapalang" in {u.nama for u in client.get(DAFTAR, {"dicabut": "1"}).context["page"]}
    assert client.get(_detail(camat_tapalang)).status_code == 200  # history stays reachable


def test_list_is_paginated_with_a_query_budget(client, diskominfo_mamuju, django_assert_max_num_queries):
    desa = Wilayah.objects.get(kode="76.02.02.2003")
    for i in range(60):
        PenugasanFactory(user=UserFactory(nama=f"Operator {i:02d}"), peran=Peran.DESA, wilayah=desa)
    login_dengan_mfa(client, diskominfo_mamuju)
    client.get(DAFTAR)  # warm the session's MFA check
    with django_assert_max_num_queries(8):
        resp = client.get(DAFTAR, {"halaman": 2, "peran": Peran.DESA})
    assert resp.status_code == 200
    page = resp.context["page"]
    assert page.number == 2 and len(page) == 25 and page.paginator.count == 60
    assert "peran=desa&amp;halaman=3" in resp.content.decode()


# --- create ---------------------------------------------------------------------------------
def _isian(**kw):
    data = {"nama": "Operator Baru", "email": "", "telepon": "", "peran": Peran.DESA,
            "wilayah": "76.02.02.2003", "jabatan_teks": "Operator"}
    data.update(kw)
    return data


def test_create_page_offers_only_roles_at_or_below_own_level(client, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.get(BARU)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'value="diskominfo_prov"' not in html and 'value="komdigi"' not in html
    assert 'value="kecamatan"' in html
    _tanpa_gaya(html)


def test_create_with_email(client, diskominfo_mamuju, django_capture_on_commit_callbacks):
    login_dengan_mfa(client, diskominfo_mamuju)
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(BARU, _isian(email="op.baru@contoh.id"))
    assert resp.status_code == 200
    assert "Tautan untuk membuat kata sandi telah dikirim ke op.baru@contoh.id" in resp.content.decode()
    assert len(mail.outbox) == 1
    assert User.objects.get(email="op.baru@contoh.id").penugasan.get().wilayah_id == "76.02.02.2003"


def test_create_without_email_shows_temporary_password_once(client, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.post(BARU, _isian(telepon="0852 5555 0009"))
    assert resp.status_code == 200
    assert "no-store" in resp["Cache-Control"]
    sandi = re.search(r'class="sandi-sekali">([^<]+)<', resp.content.decode()).group(1)
    user = User.objects.get(telepon="+6285255550009")
    assert user.check_password(sandi)
    # it is never shown again
    assert sandi not in client.get(_detail(user)).content.decode()


def test_create_outside_subtree_keeps_input(client, diskominfo_makassar):
    login_dengan_mfa(client, diskominfo_makassar)
    resp = client.post(BARU, _isian(nama="Orang Luar", email="luar@contoh.id"))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "berada di luar wilayah kewenangan Anda" in html
    for nilai in ("Orang Luar", "luar@contoh.id", "76.02.02.2003", "Operator"):
        assert f'value="{nilai}"' in html
    assert not User.objects.filter(email="luar@contoh.id").exists()


@pytest.mark.parametrize("isian, pesan", [
    ({"telepon": "0812"}, "Nomor telepon tidak valid"),
    ({"email": "warga@contoh.id"}, "Alamat email ini sudah dipakai akun lain."),
    ({}, "Isi alamat email atau nomor HP"),
    ({"email": "a@b.id", "wilayah": "99.99.99"}, "Kode wilayah tidak dikenal: 99.99.99."),
    ({"email": "a@b.id", "wilayah": "76.02"}, "hanya dapat diberikan pada wilayah tingkat desa/kelurahan"),
    ({"email": "a@b.id", "peran": Peran.DISKOMINFO_PROV, "wilayah": "76"}, "Masukkan pilihan yang valid"),
])
def test_create_bad_input_is_explained_and_kept(client, diskominfo_mamuju, warga, isian, pesan):
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.post(BARU, _isian(**isian))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert pesan in html
    assert 'value="Operator Baru"' in html
    assert not User.objects.filter(nama="Operator Baru").exists()


# --- detail, grant, revoke, reset ----------------------------------------------------------------
def test_detail_shows_grants_in_scope_and_history(client, diskominfo_mamuju, camat_tapalang):
    PenugasanFactory(user=camat_tapalang, peran=Peran.DESA, wilayah=Wilayah.objects.get(kode="73.71.01.1001"))
    AkunEvent.objects.create(user=camat_tapalang, jenis=AkunEvent.Jenis.PENUGASAN_DIBERIKAN, wilayah_kode="76.02.02",
                             aktor=diskominfo_mamuju)
    AkunEvent.objects.create(user=camat_tapalang, jenis=AkunEvent.Jenis.PENUGASAN_DIBERIKAN, wilayah_kode="73.71.01.1001")
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.get(_detail(camat_tapalang))
    assert resp.status_code == 200
    assert [p.wilayah_id for p in resp.context["penugasan"]] == ["76.02.02"]
    assert [e.wilayah_kode for e in resp.context["riwayat"]] == ["76.02.02"]
    html = resp.content.decode()
    assert "73.71" not in html
    _tanpa_gaya(html)


def test_user_without_grant_in_subtree_is_404(client, diskominfo_mamuju, warga, diskominfo_makassar):
    login_dengan_mfa(client, diskominfo_mamuju)
    assert client.get(_detail(warga)).status_code == 404
    assert client.get(_detail(diskominfo_makassar)).status_code == 404
    assert client.get(reverse("akun:pengguna_detail", args=[999999])).status_code == 404


def test_grant_form_grants_and_redirects(client, diskominfo_mamuju, camat_tapalang):
    login_dengan_mfa(client, diskominfo_mamuju)
    url = reverse("akun:penugasan_baru", args=[camat_tapalang.pk])
    resp = client.post(url, {"peran": Peran.DESA, "wilayah": "76.02.02.2006", "jabatan_teks": ""})
    assert resp.status_code == 302 and resp.url == _detail(camat_tapalang)
    assert camat_tapalang.penugasan.filter(wilayah_id="76.02.02.2006", dicabut=None).exists()


def test_grant_outside_subtree_keeps_input(client, diskominfo_mamuju, camat_tapalang):
    login_dengan_mfa(client, diskominfo_mamuju)
    url = reverse("akun:penugasan_baru", args=[camat_tapalang.pk])
    resp = client.post(url, {"peran": Peran.DISKOMINFO_KABKOTA, "wilayah": "73.71", "jabatan_teks": "Kabid IKP"})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Kota Makassar (73.71) berada di luar wilayah kewenangan Anda" in html
    assert 'value="73.71"' in html and 'value="Kabid IKP"' in html
    assert 'value="diskominfo_kabkota" selected' in html
    assert not camat_tapalang.penugasan.filter(wilayah_id="73.71").exists()


def test_duplicate_grant_is_explained(client, diskominfo_mamuju, camat_tapalang):
    login_dengan_mfa(client, diskominfo_mamuju)
    url = reverse("akun:penugasan_baru", args=[camat_tapalang.pk])
    resp = client.post(url, {"peran": Peran.KECAMATAN, "wilayah": "76.02.02"})
    assert resp.status_code == 200
    assert "sudah memegang peran ini" in resp.content.decode()


def test_revoke_form(client, diskominfo_mamuju, camat_tapalang):
    p = camat_tapalang.penugasan.get()
    url = reverse("akun:penugasan_cabut", args=[p.pk])
    login_dengan_mfa(client, diskominfo_mamuju)
    assert client.get(url).status_code == 200
    resp = client.post(url, {"alasan": ""})
    assert resp.status_code == 200 and "errorlist" in resp.content.decode()
    resp = client.post(url, {"alasan": "Mutasi ke kecamatan lain"})
    assert resp.status_code == 302
    p.refresh_from_db()
    assert p.alasan_cabut == "Mutasi ke kecamatan lain" and p.dicabut_oleh == diskominfo_mamuju
    assert client.get(url).status_code == 404  # only active grants can be revoked
    html = client.get(_detail(camat_tapalang)).content.decode()
    assert "Mutasi ke kecamatan lain" in html


def test_reset_password_page(client, diskominfo_mamuju, operator_desa_orobatu):
    url = reverse("akun:sandi_reset", args=[operator_desa_orobatu.pk])
    login_dengan_mfa(client, diskominfo_mamuju)
    assert client.get(url).status_code == 200
    resp = client.post(url)
    assert resp.status_code == 200 and "no-store" in resp["Cache-Control"]
    sandi = re.search(r'class="sandi-sekali">([^<]+)<', resp.content.decode()).group(1)
    operator_desa_orobatu.refresh_from_db()
    assert operator_desa_orobatu.check_password(sandi)


def test_reset_password_refused_is_explained(client, diskominfo_mamuju, operator_desa_orobatu):
    PenugasanFactory(user=operator_desa_orobatu, peran=Peran.DESA, wilayah=Wilayah.objects.get(kode="73.71.01.1001"))
    login_dengan_mfa(client, diskominfo_mamuju)
    resp = client.post(reverse("akun:sandi_reset", args=[operator_desa_orobatu.pk]))
    assert resp.status_code == 400
    assert "di luar kewenangan Anda" in resp.content.decode()


# --- profile ---------------------------------------------------------------------------------
PROFIL = reverse("akun:profil")


def test_profile_shows_grants_memberships_and_mfa(client, pengurus_kim_tapalang, kim_tapalang):
    client.force_login(pengurus_kim_tapalang)
    resp = client.get(PROFIL)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "KIM Orobatu Bersatu" in html and str(Jabatan.KETUA.label) in html
    assert reverse("kim:profil", args=[kim_tapalang.slug]) in html
    assert "Anda tidak memegang peran pemerintah." in html
    assert "belum aktif" in html
    assert reverse("mfa_index") in html and reverse("account_logout") in html
    _tanpa_gaya(html)


def test_profile_of_an_officer(client, diskominfo_mamuju):
    login_dengan_mfa(client, diskominfo_mamuju)
    html = client.get(PROFIL).content.decode()
    assert "Kabupaten Mamuju" in html and "(76.02)" in html
    assert "wajib bagi petugas pemerintah" in html
    assert reverse("akun:pengguna_daftar") in html


def test_profile_name_change_needs_no_password(client, warga):
    client.force_login(warga)
    resp = client.post(PROFIL, {"nama": "Warga Terkini", "email": "warga@contoh.id", "telepon": ""})
    assert resp.status_code == 302
    warga.refresh_from_db()
    assert warga.nama == "Warga Terkini"


def test_profile_contact_change_needs_current_password(client, warga):
    client.force_login(warga)
    resp = client.post(PROFIL, {"nama": "Warga Biasa", "email": "baru@contoh.id", "telepon": "0812 7777 6666"})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Masukkan kata sandi Anda" in html
    assert 'value="baru@contoh.id"' in html and 'value="0812 7777 6666"' in html
    resp = client.post(PROFIL, {"nama": "Warga Biasa", "email": "baru@contoh.id", "telepon": "0812 7777 6666",
                                "sandi": SANDI_UJI})
    assert resp.status_code == 302
    warga.refresh_from_db()
    assert (warga.email, warga.telepon) == ("baru@contoh.id", "+6281277776666")


@pytest.mark.parametrize("isian, pesan", [
    ({"telepon": "12"}, "Nomor telepon tidak valid"),
    ({"telepon": "081234500001"}, "Nomor HP ini sudah dipakai akun lain."),
    ({"email": ""}, "Isi alamat email atau nomor HP"),
    ({"email": "bukan email"}, "alamat email yang valid"),
])
def test_profile_bad_input_is_explained_and_kept(client, warga, pengurus_kim_tapalang, isian, pesan):
    client.force_login(warga)
    data = {"nama": "Warga Biasa", "email": "warga@contoh.id", "telepon": "", "sandi": SANDI_UJI}
    data.update(isian)
    resp = client.post(PROFIL, data)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert pesan in html
    if data["telepon"]:
        assert f'value="{data["telepon"]}"' in html


def test_profile_requires_login(client):
    resp = client.get(PROFIL)
    assert resp.status_code == 302 and resp.url.startswith(reverse("account_login"))
