from django import template

from simpul.keuangan.rupiah import format_rupiah

register = template.Library()


@register.filter
def rupiah(nilai):
    """``{{ 1500000|rupiah }}`` -> ``Rp1.500.000`` (negative: ``−Rp…``)."""
    try:
        return format_rupiah(None if nilai in (None, "") else int(nilai))
    except (TypeError, ValueError):
        return "—"
