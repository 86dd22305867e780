"""The server-side SVG helpers (simpul.core.svg): accessible, escaped, small."""

import gzip
import random
import re

from simpul.core import svg


def test_bar_chart_is_an_accessible_image_with_text_labels():
    gambar = svg.grafik_batang(
        [svg.Batang("Tapalang", 10.0, "10,0%"), svg.Batang("Kalukku", 0.0, "0,0%"), svg.Batang("Kosong", None, "—")],
        judul="Persentase desa", deskripsi="Yang paling tertinggal lebih dahulu.",
    )
    assert gambar.startswith('<svg class="grafik" role="img"')
    tid, did = re.search(r'aria-labelledby="(\w+) (\w+)"', gambar).groups()
    assert f'<title id="{tid}">Persentase desa</title>' in gambar
    assert f'<desc id="{did}">Yang paling tertinggal lebih dahulu.</desc>' in gambar
    assert re.findall(r'<text x="0" y="\d+">([^<]+)</text>', gambar) == ["Tapalang", "Kalukku", "Kosong"]
    assert gambar.count('width="36"') == 1  # 10% of 360
    assert " style=" not in gambar


def test_texts_are_escaped():
    gambar = svg.grafik_batang([svg.Batang("<script>", 1, "&")], judul="a<b", deskripsi='"')
    assert "<script>" not in gambar and "&lt;script&gt;" in gambar and "a&lt;b" in gambar
    peta = svg.peta_titik([svg.Titik(0, 0, "a")], [svg.Lapisan("a", "<b>", "#000")], judul="<x>",
                          sorot=(0, 0, "<i>"))
    assert "<b>" not in peta and "<i>" not in peta and "<x>" not in peta


def test_point_map_draws_one_path_per_layer_with_a_legend_and_counts():
    titik = [svg.Titik(-2.7, 118.9, "ya"), svg.Titik(-2.8, 119.0, "tidak"), svg.Titik(-2.9, 119.1, "tidak")]
    peta = svg.peta_titik(titik, [svg.Lapisan("ya", "Ada KIM", "#00f"), svg.Lapisan("tidak", "Belum", "#f00")],
                          judul="Peta", deskripsi="Titik desa")
    assert peta.startswith('<svg class="peta-svg" role="img"')
    assert peta.count('stroke-linecap="round" fill="none"') == 2
    assert ">Ada KIM (1)</text>" in peta and ">Belum (2)</text>" in peta
    koordinat = [tuple(map(int, m)) for m in re.findall(r"M(\d+) (\d+)h0", peta)]
    # north is up, east is right
    assert koordinat[0][1] < koordinat[1][1] < koordinat[2][1]
    assert koordinat[1][0] < koordinat[2][0]


def test_a_national_sized_map_stays_small():
    rnd = random.Random(1)
    titik = [svg.Titik(rnd.uniform(-11, 6), rnd.uniform(95, 141), rnd.choice("abcd")) for _ in range(900)]
    lapisan = [svg.Lapisan(k, f"Kelas {k}", "#123456") for k in "abcd"]
    peta = svg.peta_titik(titik, lapisan, judul="Peta", deskripsi="")
    assert len(gzip.compress(peta.encode())) < 6 * 1024
    w, h = map(int, re.search(r'viewBox="0 0 (\d+) (\d+)"', peta).groups())
    assert w == 600 and h < 400  # Indonesia is wide


def test_projection_keeps_tall_regions_within_a_square():
    p, tinggi = svg.Proyeksi.muat([(-5.0, 119.0), (5.0, 119.5)], lebar=600)
    assert tinggi <= 600
    x1, _ = p.xy(-5.0, 119.0)
    x2, _ = p.xy(5.0, 119.5)
    assert 0 < x1 < x2 < 600


def test_html_legend_lists_layers_with_counts():
    lapisan = [svg.Lapisan("ya", "Ada KIM", "#00f"), svg.Lapisan("tidak", "Belum <b>", "#f00")]
    jumlah = svg.hitung_lapisan([svg.Titik(0, 0, "ya"), svg.Titik(1, 1, "tidak"), svg.Titik(2, 2, "tidak")])
    html = svg.legenda_html(lapisan, jumlah)
    assert html.startswith('<ul class="legenda">')
    assert "Ada KIM (1)</li>" in html and "Belum &lt;b&gt; (2)</li>" in html
    assert 'fill="#00f"' in html
    peta = svg.peta_titik([svg.Titik(0, 0, "ya")], lapisan, judul="p", legenda=False)
    assert "Ada KIM" not in peta
