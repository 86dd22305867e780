"""Page weight for tests: ``timbang(resp)`` measures a response's first load the way a browser
fetches it (HTML + the stylesheets, scripts and preloaded fonts it references, gzip level 6, as
whitenoise and the GZip middleware serve them); ``periksa_ringan(resp, batas)`` asserts it.

Each app weighs its own pages in its tests::

    from simpul.core.testing.halaman import periksa_ringan
    periksa_ringan(client.get(url), batas=50 * 1024)
"""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

GZIP_LEVEL = 6


class _Aset(HTMLParser):
    """Collects the URLs of stylesheets, scripts and preloaded fonts, and every src/href of
    those tags (for the external-host check)."""

    def __init__(self) -> None:
        super().__init__()
        self.aset: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "script" and a.get("src"):
            self.aset.append(a["src"])
        elif tag == "link" and a.get("href") and (
            "stylesheet" in rel or ("preload" in rel and a.get("as") in ("style", "script", "font"))
            or "modulepreload" in rel
        ):
            self.aset.append(a["href"])


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def _eksternal(url: str) -> bool:
    bagian = urlsplit(url)
    return bool(bagian.netloc) and bagian.hostname not in ("testserver", "localhost", "127.0.0.1")


def _isi_statis(url: str) -> bytes:
    path = urlsplit(url).path
    assert path.startswith(settings.STATIC_URL), f"asset outside STATIC_URL: {url}"
    found = finders.find(path[len(settings.STATIC_URL):])
    assert found, f"referenced asset does not exist: {url}"
    with open(found, "rb") as f:
        return f.read()


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL))


def timbang(resp) -> tuple[int, list[tuple[str, int]], list[str]]:
    """(compressed HTML bytes, [(asset url, compressed bytes)], [external URLs found])."""
    html = resp.content.decode()
    parser = _Aset()
    parser.feed(html)
    aset, luar = [], []
    for url in dict.fromkeys(parser.aset):  # a file referenced twice is fetched once
        if _eksternal(url):
            luar.append(url)
            continue
        isi = _isi_statis(url)
        aset.append((url, _gz(isi)))
        if url.endswith(".css"):  # fonts and imports a stylesheet pulls in
            for m in CSS_URL.finditer(isi.decode("utf-8", "replace")):
                target = m.group(1) or m.group(2)
                if _eksternal(target) or target.startswith("//"):
                    luar.append(f"{target} (in {url})")
    return _gz(resp.content), aset, luar


def periksa_ringan(resp, *, batas: int = 50 * 1024) -> int:
    """Assert the first load of ``resp`` is at most ``batas`` compressed bytes and loads nothing
    from another host. Returns the total."""
    html_gz, aset, luar = timbang(resp)
    total = html_gz + sum(n for _, n in aset)
    rincian = ", ".join(f"{u.rsplit('/', 1)[-1]} {n}" for u, n in aset)
    assert not luar, f"page loads from another host: {luar}"
    assert total <= batas, f"first load {total} B compressed > {batas} B (html {html_gz}; {rincian})"
    return total
