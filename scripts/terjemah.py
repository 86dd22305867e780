"""Fill English translations in a catalogue without hand-editing the .po.

    .venv/bin/python scripts/terjemah.py PO                 # untranslated or fuzzy msgids, as JSON
    .venv/bin/python scripts/terjemah.py PO terjemahan.json # write them: {"msgid": "English", ...}

For a plural entry give a list ["singular", "plural"]. Entries with a msgctxt are keyed
"context\\x04msgid". Writing clears the fuzzy flag. Then run ./scripts/messages [app dir] to
compile the .mo, and commit both.
"""

from __future__ import annotations

import json
import sys

import polib


def _kunci(e: polib.POEntry) -> str:
    return f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__)
        return 2
    po = polib.pofile(argv[1], wrapwidth=79)
    if len(argv) == 2:
        kosong = {}
        for e in po:
            if e.obsolete:
                continue
            if e.msgid_plural:
                if "fuzzy" in e.flags or not all(e.msgstr_plural.values()):
                    kosong[_kunci(e)] = [e.msgid, e.msgid_plural]
            elif "fuzzy" in e.flags or not e.msgstr:
                kosong[_kunci(e)] = ""
        json.dump(kosong, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    with open(argv[2], encoding="utf-8") as f:
        isi = json.load(f)
    # A catalogue made by makemessages starts with a template header: make it ours.
    po.header = ("Simpul: English catalogue. msgids are Indonesian (the source language).\n"
                 "Refresh with ./scripts/messages; see CONTRIBUTING.md.")
    po.metadata.update({"Project-Id-Version": "Simpul", "Language": "en",
                        "Plural-Forms": "nplurals=2; plural=(n != 1);"})
    po.metadata_is_fuzzy = []
    n = 0
    for e in po:
        t = isi.get(_kunci(e))
        if not t:
            continue
        if e.msgid_plural:
            e.msgstr_plural = {0: t[0], 1: t[1]}
        else:
            e.msgstr = t
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
        e.previous_msgid = None
        n += 1
    po.save()
    print(f"{n} entries written to {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
