"""Checks on uploaded KIM files (SK, founding-meeting minutes and attendance).

A file is judged by its **content** (magic bytes), never by its name or the browser's
Content-Type: a renamed executable (``setup.exe`` saved as ``sk.pdf``) is refused. Accepted: PDF,
JPEG, PNG, WebP, up to ``settings.SIMPUL_SK_MAX_BYTES``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from simpul.core.errors import ValidationError
from simpul.core.teks import megabita


@dataclass(frozen=True)
class JenisBerkas:
    mime: str
    ekstensi: str


PDF = JenisBerkas("application/pdf", "pdf")
JPEG = JenisBerkas("image/jpeg", "jpg")
PNG = JenisBerkas("image/png", "png")
WEBP = JenisBerkas("image/webp", "webp")
JENIS_DITERIMA = (PDF, JPEG, PNG, WEBP)

# Signatures of programs and scripts, named in the error so the person knows what happened.
_PROGRAM = (
    b"\x7fELF",  # Linux/Android executable
    b"MZ",  # Windows .exe/.dll
    b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe",  # macOS Mach-O
    b"#!",  # shell script
    b"dex\n",  # Android bytecode
)


def kenali_jenis(kepala: bytes) -> JenisBerkas | None:
    """The accepted type whose signature starts ``kepala`` (the first bytes), or None."""
    if kepala.startswith(b"%PDF-"):
        return PDF
    if kepala.startswith(b"\xff\xd8\xff"):
        return JPEG
    if kepala.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(kepala) >= 12 and kepala[:4] == b"RIFF" and kepala[8:12] == b"WEBP":
        return WEBP
    return None


def periksa_berkas(berkas, *, field: str = "berkas") -> JenisBerkas:
    """Validate an uploaded file (a Django ``UploadedFile`` or any file object with ``size``,
    ``read`` and ``seek``). Returns its real type; raises ``ValidationError`` with a clear
    Indonesian message naming ``field``."""
    if berkas is None:
        raise ValidationError(_("Pilih berkas yang akan diunggah."), field=field)
    ukuran = getattr(berkas, "size", None)
    if ukuran is None:
        berkas.seek(0, 2)
        ukuran = berkas.tell()
    if not ukuran:
        raise ValidationError(_("Berkas kosong (0 bita). Pilih berkas yang benar."), field=field)
    batas = settings.SIMPUL_SK_MAX_BYTES
    if ukuran > batas:
        raise ValidationError(
            _("Berkas terlalu besar (%(ukuran)s MB). Ukuran maksimal %(batas)s MB: perkecil hasil "
              "pindaian atau simpan sebagai PDF dengan kualitas lebih rendah.")
            % {"ukuran": megabita(ukuran), "batas": megabita(batas)},
            field=field,
        )
    berkas.seek(0)
    kepala = berkas.read(16)
    berkas.seek(0)
    jenis = kenali_jenis(kepala)
    if jenis is not None:
        return jenis
    if any(kepala.startswith(sig) for sig in _PROGRAM):
        raise ValidationError(
            _("Berkas ini adalah program (executable), bukan dokumen, walaupun namanya berakhiran "
              "seperti dokumen. Unggah hasil pindaian dalam bentuk PDF, JPG, PNG atau WebP."),
            field=field,
        )
    raise ValidationError(
        _("Jenis berkas tidak diterima: isinya bukan PDF, JPG, PNG atau WebP (nama berkas tidak "
          "menentukan jenisnya). Simpan ulang dokumen sebagai PDF atau foto, lalu unggah lagi."),
        field=field,
    )
