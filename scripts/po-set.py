#!/usr/bin/env python3
"""Set Indonesian translations in locale/id: ``scripts/po-set.py 'msgid' 'msgstr' ...``.

Clears the fuzzy flag (and gettext's '#|' guesses) of the entries it sets; used after
``make messages`` for the few new strings of a change. Singular entries only.
"""

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parents[1] / "src/rantai/locale/id/LC_MESSAGES/django.po"


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main(pairs: list[str]) -> None:
    blocks = PO.read_text(encoding="utf-8").split("\n\n")
    wanted = dict(zip(pairs[::2], pairs[1::2], strict=True))
    for index, block in enumerate(blocks):
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not match:
            continue
        msgid = "".join(re.findall(r'"(.*)"', match.group(1))).encode().decode("unicode_escape")
        if msgid not in wanted:
            continue
        lines = [
            line
            for line in block.split("\n")
            if not line.startswith("#|")
            and not line.startswith("msgstr")
            and not (line.startswith('"') and block.index(line) > block.index("msgstr"))
        ]
        lines = [re.sub(r"^#, fuzzy, ", "#, ", line) for line in lines if line != "#, fuzzy"]
        blocks[index] = "\n".join(lines) + "\nmsgstr " + quote(wanted.pop(msgid))
    PO.write_text("\n\n".join(blocks), encoding="utf-8")
    if wanted:
        sys.exit(f"not found: {list(wanted)}")


if __name__ == "__main__":
    main(sys.argv[1:])
