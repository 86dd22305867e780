"""Small server-side SVG charts: no JavaScript, accessible, light enough for a 60 KB page.

- :func:`grafik_batang`: horizontal bars, each with its label and value as text.
- :func:`peta_titik`: points projected from latitude/longitude, one ``<path>`` per colour
  (each point a zero-length round-capped segment, about 10 bytes a point), with a legend.

Both return a ``SafeString`` ``<svg role="img">`` with ``<title>`` and ``<desc>``; every text
is escaped here. Colours are presentation attributes (the strict CSP forbids ``style=""``), and
text uses ``currentColor`` so it follows the page's light or dark theme.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
WARNA = {
    "biru": "#0072b2",
    "langit": "#56b4e9",
    "jingga": "#e69f00",
    "merah": "#d55e00",
    "hijau": "#009e73",
    "abu": "#9aa5ad",
    "jalur": "#e3e8ec",
}

_id = count(1)


def _uid(awalan: str) -> str:
    return f"{awalan}{next(_id)}"


def _n(x: float) -> str:
    """A compact number: integers without a decimal point, else one decimal."""
    r = round(x, 1)
    return str(int(r)) if r == int(r) else f"{r:.1f}"


@dataclass(frozen=True)
class Batang:
    label: str
    nilai: float | None  # None: no value (drawn as an empty track)
    teks: str  # the value as shown, e.g. "45,2%"
    warna: str = WARNA["biru"]


def grafik_batang(batang: Sequence[Batang], *, judul: str, deskripsi: str = "", maks: float = 100.0,
                  lebar: int = 360, tinggi_baris: int = 34) -> SafeString:
    """Horizontal bar chart: for each bar, its label above and its value at the right.

    Drawn at its natural size (``width`` = ``lebar`` user units, 13-unit text), so the text stays
    readable: CSS may shrink it to a phone's width or enlarge it a little."""
    maks = maks or 1.0
    tid, did = _uid("gt"), _uid("gd")
    tinggi = max(tinggi_baris * len(batang), tinggi_baris)
    out = [
        f'<svg class="grafik" role="img" viewBox="0 0 {lebar} {tinggi}" width="{lebar}" height="{tinggi}" '
        f'aria-labelledby="{tid} {did}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="13" fill="currentColor">',
        f'<title id="{tid}">{escape(judul)}</title><desc id="{did}">{escape(deskripsi)}</desc>',
    ]
    for i, b in enumerate(batang):
        y = i * tinggi_baris
        panjang = 0.0 if b.nilai is None else max(0.0, min(b.nilai, maks)) / maks * lebar
        out.append(
            f'<g><text x="0" y="{y + 13}">{escape(b.label)}</text>'
            f'<text x="{lebar}" y="{y + 13}" text-anchor="end">{escape(b.teks)}</text>'
            f'<rect x="0" y="{y + 18}" width="{lebar}" height="10" rx="2" fill="{WARNA["jalur"]}"/>'
            + (f'<rect x="0" y="{y + 18}" width="{_n(panjang)}" height="10" rx="2" fill="{b.warna}"/>'
               if panjang > 0 else "")
            + "</g>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)


@dataclass(frozen=True)
class Lapisan:
    """A class of points: its colour, dot size and legend text."""

    kunci: str
    label: str
    warna: str
    ukuran: float = 6.0


@dataclass(frozen=True)
class Titik:
    lat: float
    lng: float
    lapisan: str  # Lapisan.kunci


@dataclass(frozen=True)
class Proyeksi:
    """Equirectangular projection scaled by cos(mid-latitude), fitted into a width (and at most
    as tall as wide), centred."""

    lng0: float
    lat1: float
    kx: float
    skala: float
    x0: float
    y0: float

    @classmethod
    def muat(cls, titik: Sequence[tuple[float, float]], *, lebar: int, tepi: float = 12.0
             ) -> tuple[Proyeksi, int]:
        """The projection for these (lat, lng) points, and the drawing's height."""
        lats = [t[0] for t in titik] or [0.0]
        lngs = [t[1] for t in titik] or [0.0]
        lat0, lat1, lng0, lng1 = min(lats), max(lats), min(lngs), max(lngs)
        kx = math.cos(math.radians((lat0 + lat1) / 2))
        rentang_x = max((lng1 - lng0) * kx, 1e-3)
        rentang_y = max(lat1 - lat0, 1e-3)
        isi = lebar - 2 * tepi
        skala = min(isi / rentang_x, isi / rentang_y)
        tinggi = int(math.ceil(rentang_y * skala + 2 * tepi))
        x0 = tepi + (isi - rentang_x * skala) / 2
        return cls(lng0=lng0, lat1=lat1, kx=kx, skala=skala, x0=x0, y0=tepi), tinggi

    def xy(self, lat: float, lng: float) -> tuple[float, float]:
        return (self.x0 + (lng - self.lng0) * self.kx * self.skala, self.y0 + (self.lat1 - lat) * self.skala)


def peta_titik(titik: Sequence[Titik], lapisan: Sequence[Lapisan], *, judul: str, deskripsi: str = "",
               lebar: int = 600, sorot: tuple[float, float, str] | None = None,
               legenda: bool = True) -> SafeString:
    """A point map: each point a dot coloured by its layer, with a legend (and counts) below
    unless ``legenda`` is False (then use :func:`legenda_html`, which reflows on a phone).

    ``sorot`` = (lat, lng, label) draws a ring and a label around one point.
    """
    proyeksi, tinggi_peta = Proyeksi.muat([(t.lat, t.lng) for t in titik], lebar=lebar)
    tid, did = _uid("pt"), _uid("pd")
    baris_legenda = 22
    tinggi = tinggi_peta + (8 + baris_legenda * len(lapisan) if legenda else 0)
    jumlah = {la.kunci: 0 for la in lapisan}
    jalur: dict[str, list[str]] = {la.kunci: [] for la in lapisan}
    for t in titik:
        if t.lapisan not in jalur:
            continue
        x, y = proyeksi.xy(t.lat, t.lng)
        jalur[t.lapisan].append(f"M{x:.0f} {y:.0f}h0")
        jumlah[t.lapisan] += 1
    out = [
        f'<svg class="peta-svg" role="img" viewBox="0 0 {lebar} {tinggi}" aria-labelledby="{tid} {did}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="14" fill="currentColor">',
        f'<title id="{tid}">{escape(judul)}</title><desc id="{did}">{escape(deskripsi)}</desc>',
    ]
    for la in lapisan:
        if jalur[la.kunci]:
            out.append(f'<path d="{"".join(jalur[la.kunci])}" stroke="{la.warna}" '
                       f'stroke-width="{_n(la.ukuran)}" stroke-linecap="round" fill="none"/>')
    if sorot is not None:
        x, y = proyeksi.xy(sorot[0], sorot[1])
        anchor = "end" if x > lebar * 0.6 else "start"
        dx = -12 if anchor == "end" else 12
        out.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="9" fill="none" stroke="currentColor" stroke-width="2"/>'
                   f'<text x="{x + dx:.0f}" y="{y + 5:.0f}" text-anchor="{anchor}" font-weight="bold">'
                   f'{escape(sorot[2])}</text>')
    for i, la in enumerate(lapisan if legenda else ()):
        y = tinggi_peta + 8 + i * baris_legenda + 8
        out.append(f'<path d="M10 {y}h0" stroke="{la.warna}" stroke-width="10" stroke-linecap="round"/>'
                   f'<text x="22" y="{y + 5}">{escape(la.label)} ({jumlah[la.kunci]})</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)


def hitung_lapisan(titik: Sequence[Titik]) -> dict[str, int]:
    """How many points each layer has."""
    jumlah: dict[str, int] = {}
    for t in titik:
        jumlah[t.lapisan] = jumlah.get(t.lapisan, 0) + 1
    return jumlah


def legenda_html(lapisan: Sequence[Lapisan], jumlah: dict[str, int] | None = None) -> SafeString:
    """A map legend as an HTML list (text that reflows), each entry with a small SVG swatch."""
    out = ['<ul class="legenda">']
    for la in lapisan:
        n = f" ({jumlah.get(la.kunci, 0)})" if jumlah is not None else ""
        out.append(f'<li><svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="6" '
                   f'fill="{la.warna}"/></svg> {escape(la.label)}{n}</li>')
    out.append("</ul>")
    return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)
