"""Photos uploaded by users: checked, re-encoded, shrunk, stripped of metadata.

``olah_gambar`` is the one path every upload of a picture takes (campaign attachments, reach
evidence, aspirations, activity photos, news, products). It

* judges the file by decoding it with Pillow, never by its name or Content-Type: a file that is
  not an image (a renamed .exe, a PDF, a truncated JPEG) is refused with a clear message;
* refuses decompression bombs (more than ``MAKS_PIKSEL`` pixels) and oversized uploads;
* applies the EXIF orientation, then drops *all* metadata (EXIF, GPS location, camera serials,
  XMP, ICC comments) by re-encoding only the pixels;
* scales the longest side down to ``maks_sisi`` and lowers the JPEG/WebP quality step by step
  until the result fits ``maks_bytes`` (about 150 KB by default: one photo must not cost a
  villager on a weak signal more than a few seconds).

It returns a ``ContentFile`` with a fresh random name, ready for a ``FileField``/``ImageField``.
"""

from __future__ import annotations

import contextlib
import io
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from simpul.core.errors import ValidationError
from simpul.core.teks import megabita

MAKS_UNGGAH = 15 * 1024 * 1024  # what a phone camera produces, with margin
MAKS_PIKSEL = 60_000_000  # ~ 8000 x 7500; bigger is a decompression bomb, not a photo
FORMAT_MASUK = {"JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "MPO", "HEIF"}


@dataclass(frozen=True)
class HasilGambar:
    berkas: ContentFile
    lebar: int
    tinggi: int
    ukuran: int


def _baca(berkas, field: str) -> Image.Image:
    size = getattr(berkas, "size", None)
    if size is not None and size > MAKS_UNGGAH:
        raise ValidationError(
            _("Foto terlalu besar (%(ukuran)s MB). Batasnya %(batas)s MB.")
            % {"ukuran": megabita(size), "batas": megabita(MAKS_UNGGAH)}, field=field, code="gambar_terlalu_besar")
    with contextlib.suppress(AttributeError, OSError):
        berkas.seek(0)
    data = berkas.read(MAKS_UNGGAH + 1)
    if len(data) > MAKS_UNGGAH:
        raise ValidationError(_("Foto terlalu besar. Batasnya %(batas)s MB.") % {"batas": megabita(MAKS_UNGGAH)},
                              field=field, code="gambar_terlalu_besar")
    if not data:
        raise ValidationError(_("Berkas foto kosong."), field=field, code="gambar_kosong")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in FORMAT_MASUK:
                raise ValidationError(_("Berkas ini bukan foto yang bisa dibaca (JPEG, PNG, atau WebP)."),
                                      field=field, code="bukan_gambar")
            if probe.width * probe.height > MAKS_PIKSEL:
                raise ValidationError(_("Ukuran foto dalam piksel terlalu besar."), field=field,
                                      code="gambar_terlalu_besar")
            probe.verify()
        img = Image.open(io.BytesIO(data))
        img.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Berkas ini bukan foto yang bisa dibaca (JPEG, PNG, atau WebP)."),
                              field=field, code="bukan_gambar") from exc
    return img


def olah_gambar(berkas, *, field: str = "foto", maks_sisi: int = 1600, maks_bytes: int = 150_000,
                format: str = "JPEG", awalan: str = "foto") -> HasilGambar:  # noqa: A002
    """Validate and re-encode an uploaded picture. Raises ``ValidationError`` (naming ``field``)
    for anything that is not a usable photo."""
    img = _baca(berkas, field)
    img = ImageOps.exif_transpose(img)  # keep the picture upright once EXIF is gone
    if img.mode in ("RGBA", "LA", "P"):
        rgba = img.convert("RGBA")
        latar = Image.new("RGB", rgba.size, (255, 255, 255))
        latar.paste(rgba, mask=rgba.split()[-1])
        img = latar
    elif img.mode != "RGB":
        img = img.convert("RGB")
    img.thumbnail((maks_sisi, maks_sisi), Image.Resampling.LANCZOS)

    ext = {"JPEG": "jpg", "WEBP": "webp"}[format]
    out = b""
    for kualitas in (82, 74, 66, 58, 50, 42):
        buf = io.BytesIO()
        img.save(buf, format=format, quality=kualitas, optimize=True, progressive=format == "JPEG")
        out = buf.getvalue()
        if len(out) <= maks_bytes:
            break
    while len(out) > maks_bytes and min(img.size) > 160:  # still too big: smaller pixels
        img = img.resize((int(img.width * 0.8), int(img.height * 0.8)), Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        img.save(buf, format=format, quality=50, optimize=True)
        out = buf.getvalue()
    nama = f"{awalan}-{secrets.token_hex(8)}.{ext}"
    return HasilGambar(ContentFile(out, name=nama), img.width, img.height, len(out))
