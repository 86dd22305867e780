"""The English catalogue is complete and the committed .mo matches the .po.

msgids are Indonesian (the source language); ``locale/en/LC_MESSAGES/django.po`` holds the
English. ``./scripts/messages`` refreshes and compiles it. The standard library has no .po
reader, so a small one lives here (enough for what ``makemessages`` writes).
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
PO = BASE / "locale" / "en" / "LC_MESSAGES" / "django.po"
# Apps with a locale/ folder of their own keep their strings there (see scripts/messages).
KATALOG = [PO, *sorted(BASE.glob("simpul/*/locale/en/LC_MESSAGES/django.po"))]
per_katalog = pytest.mark.parametrize("po", KATALOG, ids=lambda p: str(p.relative_to(BASE)))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


@dataclass
class Entri:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    baris: int = 0

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def kosong(self) -> bool:
        return not self.msgstr or any(not s for s in self.msgstr.values())

    def __str__(self) -> str:
        return f"line {self.baris}: {self.msgid[:60]!r}"


def _string(line: str) -> str:
    """A quoted .po string ("a\\"b\\n") -> its value. The escapes are C's, which Python's
    literal syntax reads the same way for what gettext writes."""
    return ast.literal_eval(line.strip())


def baca_po(path: Path) -> list[Entri]:
    """Entries of a .po file, the header (msgid "") included, obsolete (#~) ones left out."""
    entries: list[Entri] = []
    cur: Entri | None = None
    target: tuple[str, int | None] | None = None

    def selesai():
        nonlocal cur, target
        if cur is not None and (cur.msgid or cur.msgstr):
            entries.append(cur)
        cur, target = None, None

    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            selesai()
            continue
        if line.startswith("#~"):
            continue
        if cur is None:
            cur = Entri(baris=n)
        if line.startswith("#,"):
            cur.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"{path}:{n}: continuation line outside an entry")
            key, idx = target
            if key == "msgstr":
                cur.msgstr[idx] += _string(line)
            else:
                setattr(cur, key, (getattr(cur, key) or "") + _string(line))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgid", "msgid_plural", "msgctxt"):
            if keyword == "msgid" and (cur.msgid or cur.msgstr):
                selesai()
                cur = Entri(baris=n)
            setattr(cur, keyword, _string(rest))
            target = (keyword, None)
        elif keyword == "msgstr":
            cur.msgstr[0] = _string(rest)
            target = ("msgstr", 0)
        elif keyword.startswith("msgstr["):
            idx = int(keyword[7:-1])
            cur.msgstr[idx] = _string(rest)
            target = ("msgstr", idx)
        else:
            raise ValueError(f"{path}:{n}: unexpected line {raw!r}")
    selesai()
    return entries


def _pesan(po: Path) -> list[Entri]:
    return [e for e in baca_po(po) if e.msgid]


def test_po_reader_reads_plurals_context_flags_and_continuations(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py\n#, python-format\nmsgid "Halo %(nama)s"\nmsgstr "Hello %(nama)s"\n\n'
        'msgctxt "bulan"\nmsgid "Mei"\nmsgstr "May"\n\n'
        '#, fuzzy\nmsgid ""\n"Satu "\n"dua"\nmsgid_plural "banyak"\nmsgstr[0] "one \\"two\\""\nmsgstr[1] ""\n\n'
        '#~ msgid "usang"\n#~ msgstr "old"\n',
        encoding="utf-8",
    )
    header, halo, mei, satu = baca_po(po)
    assert header.msgid == "" and header.msgstr[0] == "Language: en\n"
    assert (halo.msgid, halo.msgstr[0], halo.flags) == ("Halo %(nama)s", "Hello %(nama)s", {"python-format"})
    assert (mei.msgctxt, mei.msgstr[0]) == ("bulan", "May")
    assert satu.msgid == "Satu dua" and satu.msgid_plural == "banyak" and satu.fuzzy
    assert satu.msgstr == {0: 'one "two"', 1: ""} and satu.kosong


@per_katalog
def test_english_catalogue_header_declares_english_and_its_plural_rule(po):
    header = next(e for e in baca_po(po) if not e.msgid)
    assert not header.fuzzy, "the .po header is marked fuzzy: remove the flag"
    assert "Language: en\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]


@per_katalog
def test_every_string_has_an_english_translation(po):
    belum = [str(e) for e in _pesan(po) if e.kosong or e.fuzzy]
    assert not belum, (
        f"{len(belum)} untranslated or fuzzy entries in {po.relative_to(BASE)} "
        f"(translate them, then ./scripts/messages):\n" + "\n".join(belum[:40])
    )


@per_katalog
def test_translations_keep_the_placeholders_of_the_msgid(po):
    """A translation may not invent a placeholder (a KeyError when rendered); a singular one must
    use all of them. Fuzzy entries are left out: msgfmt does not compile them, and the test
    above already reports them."""
    salah = []
    for e in _pesan(po):
        if e.fuzzy:
            continue
        asal = set(PLACEHOLDER.findall(e.msgid)) | set(PLACEHOLDER.findall(e.msgid_plural or ""))
        asing = any(s and set(PLACEHOLDER.findall(s)) - asal for s in e.msgstr.values())
        kurang = e.msgid_plural is None and e.msgstr.get(0) and set(PLACEHOLDER.findall(e.msgstr[0])) != asal
        if asing or kurang:
            salah.append(str(e))
    assert not salah, "placeholders differ between msgid and msgstr:\n" + "\n".join(salah)


@per_katalog
def test_committed_mo_is_compiled_from_the_current_po(po):
    MO = po.with_suffix(".mo")
    assert MO.exists(), "no compiled catalogue: run ./scripts/messages"
    with MO.open("rb") as f:
        mo = gettext.GNUTranslations(f)
    beda = []
    diharapkan = set()
    for e in _pesan(po):
        if e.fuzzy or e.kosong:
            continue  # msgfmt leaves these out
        if e.msgid_plural is None:
            kunci = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
            diharapkan.add(kunci)
            got = mo.gettext(e.msgid) if e.msgctxt is None else mo.pgettext(e.msgctxt, e.msgid)
            if got != e.msgstr[0]:
                beda.append(str(e))
        else:
            for idx, s in e.msgstr.items():
                kunci = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
                diharapkan.add((kunci, idx))
                n = 1 if idx == 0 else 2
                got = (mo.ngettext(e.msgid, e.msgid_plural, n) if e.msgctxt is None
                       else mo.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n))
                if got != s:
                    beda.append(f"{e} [{idx}]")
    assert not beda, "django.mo is older than django.po; run ./scripts/messages:\n" + "\n".join(beda[:40])
    lebih = {k for k in mo._catalog if k != ""} - diharapkan  # noqa: SLF001 (no public listing)
    assert not lebih, f"django.mo holds {len(lebih)} entries the .po no longer has; run ./scripts/messages"
