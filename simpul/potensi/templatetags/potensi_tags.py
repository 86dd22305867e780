from django import template
from django.utils.translation import gettext as _

register = template.Library()


def _rp(n: int) -> str:
    return "Rp" + f"{n:,}".replace(",", ".")


@register.filter
def rupiah(n) -> str:
    """25000 -> "Rp25.000" (Indonesian grouping)."""
    return _rp(int(n)) if n not in (None, "") else ""


@register.simple_tag
def harga(p) -> str:
    """A listing's price range: "Rp25.000–Rp40.000 per kg", "Rp25.000 per kg" or ""."""
    if p.harga_min is None:
        return ""
    teks = _rp(p.harga_min)
    if p.harga_maks is not None and p.harga_maks != p.harga_min:
        teks += "–" + _rp(p.harga_maks)
    return f"{teks} {p.satuan}".strip() if p.satuan else teks


@register.simple_tag
def harga_maks_label(n) -> str:
    return _("sampai %(harga)s") % {"harga": _rp(int(n))}
