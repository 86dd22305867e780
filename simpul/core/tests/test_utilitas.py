"""The shared building blocks: Markdown sanitising, photo re-encoding, PDF, exports, menu."""

import http.server
import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from simpul.core import ekspor, menu
from simpul.core.errors import ValidationError
from simpul.core.gambar import olah_gambar
from simpul.core.markdown import bersihkan_teks, render_markdown, ringkas
from simpul.core.pdf import html_ke_pdf


@pytest.mark.parametrize("serangan", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[klik](javascript:alert(1))",
    '<a href="#" onclick="alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
])
def test_markdown_neutralises_script_and_event_handlers(serangan):
    html = render_markdown(f"Halo **warga**\n\n{serangan}")
    assert "<strong>warga</strong>" in html
    tags = _tag_dan_atribut(html)
    assert not {t for t, _ in tags} & {"script", "iframe", "object", "embed", "style"}
    for _tag, attrs in tags:
        for nama, nilai in attrs:
            assert not nama.startswith("on") and nama != "style"
            assert not (nilai or "").strip().lower().startswith(("javascript:", "data:"))


def _tag_dan_atribut(html: str) -> list[tuple[str, list]]:
    """The real elements of ``html`` (escaped text such as ``&lt;script&gt;`` is not one)."""
    from html.parser import HTMLParser

    found = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    P().feed(html)
    return found


def test_markdown_keeps_lists_links_and_tables_and_marks_links_nofollow():
    html = render_markdown("- satu\n- dua\n\n[Komdigi](https://komdigi.go.id)\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<li>satu</li>" in html and "<table>" in html
    assert 'href="https://komdigi.go.id"' in html and 'rel="nofollow noopener ugc"' in html


def test_plain_text_helpers():
    assert bersihkan_teks("  <b>Halo</b>\n <script>x()</script> dunia ") == "Halo dunia"
    ringkasan = ringkas("**Kata** " * 100, 40)
    assert len(ringkasan) <= 40 and ringkasan.endswith("…") and "*" not in ringkasan


def _foto(fmt="JPEG", size=(3000, 2000), exif=True) -> bytes:
    img = Image.new("RGB", size, (200, 30, 30))
    buf = io.BytesIO()
    kwargs = {}
    if exif and fmt == "JPEG":
        ex = Image.Exif()
        ex[0x010F] = "KameraRahasia"  # Make
        ex[0x0112] = 6  # orientation: rotate 90
        kwargs["exif"] = ex.tobytes()
    img.save(buf, format=fmt, **kwargs)
    return buf.getvalue()


def test_photo_is_shrunk_recompressed_and_stripped_of_metadata():
    asli = _foto()
    hasil = olah_gambar(SimpleUploadedFile("IMG_0001.jpg", asli, content_type="image/jpeg"))
    data = hasil.berkas.read()
    assert hasil.ukuran == len(data) <= 150_000
    img = Image.open(io.BytesIO(data))
    assert max(img.size) <= 1600
    assert img.size[1] > img.size[0], "EXIF orientation applied before the metadata was dropped"
    assert not img.getexif() and b"KameraRahasia" not in data
    assert hasil.berkas.name.endswith(".jpg") and "IMG_0001" not in hasil.berkas.name


def test_png_with_transparency_becomes_a_jpeg():
    img = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    hasil = olah_gambar(SimpleUploadedFile("a.png", buf.getvalue()))
    assert Image.open(hasil.berkas).format == "JPEG"


@pytest.mark.parametrize("isi", [b"MZ\x90\x00 not a photo", b"%PDF-1.4 hello", b"", _foto()[:200]])
def test_what_is_not_a_photo_is_refused_with_a_clear_message(isi):
    with pytest.raises(ValidationError) as e:
        olah_gambar(SimpleUploadedFile("foto.jpg", isi, content_type="image/jpeg"), field="lampiran")
    assert e.value.field == "lampiran" and "foto" in e.value.message.lower()


def test_pdf_draws_static_files_and_never_fetches_from_the_network():
    diminta = []

    class Catat(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            diminta.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Catat)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        luar = f"http://127.0.0.1:{server.server_port}/x.png"
        pdf = html_ke_pdf(f'<h1>Sertifikat</h1><img src="/static/img/simpul.svg"><img src="{luar}">')
    finally:
        server.shutdown()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 1000
    assert diminta == []


def test_exports_neutralise_formulas():
    resp = ekspor.csv_response("x.csv", ["nama"], [["=HYPERLINK(\"http://evil\")"], ["Budi"]])
    isi = b"".join(resp.streaming_content).decode()
    assert "'=HYPERLINK" in isi and "Budi" in isi and isi.startswith("\ufeff")
    resp = ekspor.xlsx_response("x.xlsx", ["nama"], [["+1"]])
    assert resp["Content-Type"] == ekspor.XLSX


def test_menu_shows_signed_in_entries_only_to_signed_in_users(django_user_model, db):
    from django.contrib.auth.models import AnonymousUser

    anon = menu.untuk(AnonymousUser())
    assert any(e["nama"] == "kim:direktori" for e in anon[menu.PUBLIK]) and not anon[menu.MASUK]
    user = django_user_model.objects.create_user(email="m@example.id", password="x-12345678")
    assert any(e["nama"] == "akun:profil" for e in menu.untuk(user)[menu.MASUK])


def test_markdown_reused_parser_keeps_no_state_between_texts():
    """The per-thread parser is reset between texts: a reference link or footnote-like state of
    one text never shows in the next, and a cached result equals a fresh render."""
    import markdown as md

    from simpul.core.markdown import _render, render_markdown

    pertama = render_markdown("Lihat [situs][s].\n\n[s]: https://contoh.id/")
    assert 'href="https://contoh.id/"' in pertama
    # The same reference name without its definition: stays plain text, not the earlier link.
    kedua = render_markdown("Lihat [situs][s].")
    assert "href" not in kedua and "[situs][s]" in kedua
    teks = "# Judul\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n1. satu\n2. dua"
    segar = md.markdown(teks, extensions=["sane_lists", "tables"], output_format="html")
    assert render_markdown(teks) == render_markdown(teks)
    assert "<table>" in render_markdown(teks) and "<table>" in segar
    # Long texts are not kept in the per-process cache.
    from simpul.core.markdown import PANJANG_CACHE

    _render.cache_clear()
    render_markdown("x" * (PANJANG_CACHE + 1))
    assert _render.cache_info().currsize == 0
