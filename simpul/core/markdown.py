"""Markdown written by users (campaigns, discussions, news) rendered to safe HTML.

One pipeline everywhere: Python-Markdown renders, nh3 (the Rust ``ammonia`` sanitiser) keeps only
an allow-list of tags and attributes, so ``<script>``, ``onerror=``, ``javascript:`` links and
inline styles never reach a page. Links get ``rel="nofollow noopener ugc"``. Raw HTML in the
source is escaped rather than interpreted.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import markdown as _md
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

TAG = {
    "p", "br", "hr", "strong", "em", "b", "i", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "table", "thead", "tbody", "tr", "th", "td", "img",
}
ATRIBUT = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
SKEMA_URL = {"http", "https", "mailto", "tel"}


class _TanpaHtmlMentah(_md.Extension):
    """Escape raw HTML in the source instead of passing it through (nh3 would remove it anyway,
    but escaping shows the writer what they typed)."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


_lokal = threading.local()


def _pengurai() -> _md.Markdown:
    """This thread's Markdown instance: building one (its parser, patterns and extensions) costs
    more than converting a short text, so each thread keeps one and resets it between texts."""
    md = getattr(_lokal, "md", None)
    if md is None:
        md = _lokal.md = _md.Markdown(extensions=["sane_lists", "tables", _TanpaHtmlMentah()],
                                      output_format="html")
    return md


@lru_cache(maxsize=1024)
def _render(teks: str) -> str:
    html = _pengurai().reset().convert(teks)
    return nh3.clean(
        html, tags=TAG, attributes=ATRIBUT, url_schemes=SKEMA_URL,
        link_rel="nofollow noopener ugc", strip_comments=True,
    )


# Texts longer than this are rendered every time rather than kept in the per-process cache, so
# the cache stays small (1,024 entries of at most this size).
PANJANG_CACHE = 16_000


def render_markdown(teks: str) -> SafeString:
    """Markdown -> sanitised HTML, safe to put in a template with ``|safe`` or as is.

    A pure function of the text, so the last 1,024 texts rendered in this process are kept: a
    list showing the same campaigns or articles to every reader renders each once, not once per
    request."""
    teks = teks or ""
    bersih = _render(teks) if len(teks) <= PANJANG_CACHE else _render.__wrapped__(teks)
    return mark_safe(bersih)  # noqa: S308 (sanitised by nh3 in _render)


def bersihkan_teks(teks: str) -> str:
    """Plain text from user input for a one-line field: tags removed, whitespace collapsed.
    Use for titles and names that are shown escaped anyway; it keeps stored data clean."""
    return re.sub(r"\s+", " ", strip_tags(nh3.clean(teks or "", tags=set()))).strip()


def ringkas(teks_markdown: str, panjang: int = 200) -> str:
    """A plain-text summary of Markdown (for lists, feeds, OpenGraph, notifications)."""
    polos = strip_tags(render_markdown(teks_markdown))
    polos = re.sub(r"\s+", " ", polos).strip()
    return polos if len(polos) <= panjang else polos[: panjang - 1].rsplit(" ", 1)[0] + "…"
