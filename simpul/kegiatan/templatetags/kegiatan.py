"""``{% load kegiatan %}{% kegiatan_terbaru kim %}``: the KIM's latest public activities, for its
public profile (one query for the activities, one for their first photos)."""

from django import template

from simpul.kegiatan import selectors

register = template.Library()


@register.inclusion_tag("kegiatan/_profil.html")
def kegiatan_terbaru(kim, batas: int = 5):
    return {"kim": kim, "kegiatan": selectors.kegiatan_terbaru_publik(kim, batas=batas)}
