"""Every main page's first load stays light: HTML + the CSS/JS it references, gzip-compressed,
<= 60 KB, and nothing is loaded from another host.

The list of pages is data: add a line to ``HALAMAN`` when a page lands. Each page is fetched with
the test client (as a persona when it is internal) over a demo-like dataset (full list pages),
its ``<link rel=stylesheet>`` / ``<script src>`` / font preloads are read out of the HTML, and the
HTML and every asset are gzipped at level 6 (what whitenoise and the GZip middleware serve).
Images are not counted: pages draw charts and maps as inline SVG, and the only image (the favicon)
is not on the critical path. ``bench/halaman.py`` measures the same in a real, throttled browser.

Run with ``-s`` to see the figures: ``.venv/bin/pytest -s simpul/core/tests/test_halaman_ringan.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.akun.testing import login_dengan_mfa
from simpul.cakupan.models import JenisTarget
from simpul.cakupan.services import target_set
from simpul.core.testing.factories import (
    AnggotaFactory,
    KimFactory,
    PengurusFactory,
    SuratKeputusanFactory,
)
from simpul.core.testing.halaman import _Aset, _eksternal, timbang
from simpul.kim.models import Kim, StatusKim
from simpul.notifikasi.services import notifikasi_kirim
from simpul.wilayah.models import Tingkat, Wilayah

pytestmark = pytest.mark.django_db

BATAS_BYTE = 60 * 1024  # 61,440 bytes: HTML + CSS + JS (+ fonts), compressed


@dataclass(frozen=True)
class Halaman:
    """One page to weigh: a URL name (+ kwargs) or a literal path, an optional query string, an
    optional persona (a fixture name from conftest.py, also a demo persona key) to sign in as,
    and the status it must answer with.

    A kwarg may be a function of the dataset (``lambda d: d["kim"].slug``): the dataset is a dict
    with ``kim`` (a public KIM), ``kim_diajukan`` (a KIM waiting for verification in Kabupaten
    Mamuju), ``kim_draf`` (a draft in Mamuju whose wizard has reached the last step) and
    ``target`` (a coverage target of Kabupaten Mamuju), built by :func:`data_demo` here and from
    the demo data by ``bench/halaman.py``.
    """

    nama: str
    url_name: str
    kwargs: dict = field(default_factory=dict)
    query: str = ""
    persona: str | None = None
    status: int = 200

    def url(self, data: dict | None = None) -> str:
        if self.url_name.startswith("/"):
            path = self.url_name
        else:
            kwargs = {k: (v(data) if callable(v) else v) for k, v in self.kwargs.items()}
            path = reverse(self.url_name, kwargs=kwargs)
        return f"{path}?{self.query}" if self.query else path


def _draf(langkah: int) -> dict:
    return {"pk": lambda d: d["kim_draf"].pk, "langkah": langkah}


MAMUJU = "diskominfo_mamuju"

# Public pages first, then the main internal ones. Add new pages here.
HALAMAN: list[Halaman] = [
    Halaman("beranda", "beranda"),
    Halaman("cari wilayah", "wilayah:cari", query="q=tapalang"),
    Halaman("wilayah: daftar provinsi", "wilayah:daftar"),
    Halaman("wilayah: provinsi", "wilayah:detail", kwargs={"kode": "76"}),
    Halaman("wilayah: kabupaten", "wilayah:detail", kwargs={"kode": "76.02"}),
    Halaman("wilayah: kecamatan", "wilayah:detail", kwargs={"kode": "76.02.02"}),
    Halaman("wilayah: desa", "wilayah:detail", kwargs={"kode": "76.02.02.2003"}),
    Halaman("direktori KIM", "kim:direktori"),
    Halaman("direktori KIM, kab. Mamuju", "kim:direktori", query="wilayah=76.02"),
    Halaman("profil KIM", "kim:profil", kwargs={"slug": lambda d: d["kim"].slug}),
    Halaman("cakupan nasional", "cakupan:nasional"),
    Halaman("cakupan provinsi", "cakupan:wilayah", kwargs={"kode": "76"}),
    Halaman("cakupan kabupaten", "cakupan:wilayah", kwargs={"kode": "76.02"}),
    Halaman("cakupan kecamatan", "cakupan:wilayah", kwargs={"kode": "76.02.02"}),
    Halaman("cakupan, desa disorot", "cakupan:wilayah", kwargs={"kode": "76.02.02"}, query="desa=76.02.02.2003"),
    Halaman("desa tanpa KIM, kabupaten", "cakupan:tanpa_kim", kwargs={"kode": "76.02"}),
    Halaman("masuk", "account_login"),
    Halaman("daftar akun warga", "account_signup"),
    Halaman("lupa kata sandi", "account_reset_password"),
    Halaman("404", "/tidak-ada-halaman-ini/", status=404),
    Halaman("kelola KIM (pengurus)", "kim:kelola", persona="pengurus_kim_tapalang"),
    Halaman("kelola KIM (Diskominfo)", "kim:kelola", persona=MAMUJU),
    Halaman("KIM, halaman internal", "kim:kelola_detail", kwargs={"pk": lambda d: d["kim"].pk}, persona=MAMUJU),
    Halaman("bentuk KIM: langkah 1", "kim:wizard_baru", persona="operator_desa_orobatu"),
    Halaman("wizard: identitas", "kim:wizard", kwargs=_draf(1), persona=MAMUJU),
    Halaman("wizard: anggota", "kim:wizard", kwargs=_draf(2), persona=MAMUJU),
    Halaman("wizard: pengurus", "kim:wizard", kwargs=_draf(3), persona=MAMUJU),
    Halaman("wizard: SK", "kim:wizard", kwargs=_draf(4), persona=MAMUJU),
    Halaman("wizard: dokumen", "kim:wizard", kwargs=_draf(5), persona=MAMUJU),
    Halaman("wizard: periksa & ajukan", "kim:wizard", kwargs=_draf(6), persona=MAMUJU),
    Halaman("antrean verifikasi", "kim:verifikasi", persona=MAMUJU),
    Halaman("tinjau verifikasi", "kim:verifikasi_tinjau", kwargs={"pk": lambda d: d["kim_diajukan"].pk},
            persona=MAMUJU),
    Halaman("target cakupan", "cakupan:target_daftar", persona=MAMUJU),
    Halaman("target baru", "cakupan:target_baru", persona=MAMUJU),
    Halaman("target, rincian", "cakupan:target_detail", kwargs={"pk": lambda d: d["target"].pk}, persona=MAMUJU),
    Halaman("notifikasi", "notifikasi:daftar", persona=MAMUJU),
    Halaman("profil akun", "akun:profil", persona=MAMUJU),
    Halaman("daftar pengguna", "akun:pengguna_daftar", persona=MAMUJU),
    Halaman("pengguna baru", "akun:pengguna_baru", persona=MAMUJU),
    Halaman("keamanan akun (MFA)", "mfa_index", persona=MAMUJU),
]
# Not weighed, on purpose: /api/v1/docs (developers' Swagger UI, served from django-ninja's own
# static files) and /admin/ (Django's admin, for superusers only).


@pytest.fixture
def data_demo(kim_tapalang, pengurus_kim_tapalang, anggota_kim_tapalang, diskominfo_mamuju) -> dict:
    """Enough rows that list pages are full (one page of 30 and more), a KIM waiting for
    verification and a complete draft."""
    hari_ini = timezone.localdate()
    for _ in range(12):
        AnggotaFactory(kim=kim_tapalang)
    PengurusFactory(anggota=AnggotaFactory(kim=kim_tapalang), jabatan="sekretaris")
    PengurusFactory(anggota=AnggotaFactory(kim=kim_tapalang), jabatan="bendahara")
    SuratKeputusanFactory(kim=kim_tapalang, tanggal=hari_ini - timedelta(days=100))
    desa = list(Wilayah.objects.filter(kode__startswith="76.02.", tingkat=Tingkat.DESA).order_by("kode")[:45])
    for i, d in enumerate(desa):
        KimFactory(nama=f"KIM {d.nama} Sejahtera {i}", desa=d,
                   status=StatusKim.AKTIF if i % 5 else StatusKim.DIAJUKAN,
                   diajukan_pada=timezone.now() - timedelta(days=i),
                   deskripsi="Kelompok informasi masyarakat desa. " * 5)
    draf = KimFactory(nama="KIM Draf Lengkap", desa=desa[1], status=StatusKim.DRAF, langkah_wizard=6,
                      aktif_sejak=None)
    for i in range(12):
        a = AnggotaFactory(kim=draf)
        if i < 3:
            PengurusFactory(anggota=a, jabatan=["ketua", "sekretaris", "bendahara"][i])
    SuratKeputusanFactory(kim=draf)
    for i in range(35):
        notifikasi_kirim(users=[diskominfo_mamuju], kunci=f"uji-ringan-{i}",
                         judul=f"KIM baru diajukan: KIM Contoh {i}",
                         isi="Sebuah KIM di wilayah Anda menunggu verifikasi.", url="/kim/kelola/")
    target = target_set(actor=diskominfo_mamuju, wilayah_kode="76.02", jenis=JenisTarget.KIM_PER_DESA,
                        tenggat=hari_ini + timedelta(days=400), catatan="Satu desa satu KIM")
    target_set(actor=diskominfo_mamuju, wilayah_kode="76.02", jenis=JenisTarget.MANDIRI_PER_KECAMATAN,
               tenggat=hari_ini + timedelta(days=700))
    return {"kim": kim_tapalang, "kim_diajukan": Kim.objects.filter(status=StatusKim.DIAJUKAN).first(),
            "kim_draf": draf, "target": target}


@pytest.mark.parametrize("halaman", HALAMAN, ids=[h.nama for h in HALAMAN])
def test_first_load_is_at_most_60_kb_compressed_and_local_only(client, data_demo, request, halaman):
    if halaman.persona:
        login_dengan_mfa(client, request.getfixturevalue(halaman.persona))
    url = halaman.url(data_demo)
    resp = client.get(url)
    assert resp.status_code == halaman.status, f"{url} answered {resp.status_code}"

    html_gz, aset, luar = timbang(resp)
    total = html_gz + sum(n for _, n in aset)
    rincian = ", ".join(f"{u.rsplit('/', 1)[-1]} {n}" for u, n in aset)
    print(f"\n{halaman.nama:<28} {url:<34} total {total:>6} B  html {html_gz:>5} "
          f"(raw {len(resp.content)})  {rincian}")

    assert not luar, f"{url} loads from another host: {luar}"
    assert total <= BATAS_BYTE, (
        f"{url}: first load {total} B compressed > {BATAS_BYTE} B (html {html_gz}; {rincian})"
    )


def test_page_list_covers_every_wired_page_of_the_main_apps():
    """A guard against forgetting to weigh a page: each main app's top page is in the list."""
    names = {h.url_name for h in HALAMAN}
    for wajib in ("beranda", "wilayah:cari", "wilayah:detail", "kim:direktori", "kim:profil", "cakupan:nasional",
                  "account_login", "notifikasi:daftar", "kim:kelola", "kim:wizard_baru", "kim:wizard",
                  "kim:verifikasi", "kim:verifikasi_tinjau", "cakupan:wilayah", "cakupan:tanpa_kim",
                  "cakupan:target_daftar"):
        assert wajib in names


def test_asset_reader_sees_styles_scripts_fonts_and_flags_other_hosts():
    p = _Aset()
    p.feed('<link rel="stylesheet" href="/static/a.css"><link rel="icon" href="/static/i.svg">'
           '<script src="https://cdn.example/x.js"></script><script nonce="n">1</script>'
           '<link rel="preload" as="font" href="//fonts.example/f.woff2">')
    assert p.aset == ["/static/a.css", "https://cdn.example/x.js", "//fonts.example/f.woff2"]
    assert [_eksternal(u) for u in p.aset] == [False, True, True]
