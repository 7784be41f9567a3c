"""The Indonesian catalogue is complete, and the compiled .mo matches the .po."""

import ast
import gettext
from pathlib import Path

from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0]) / "id" / "LC_MESSAGES"


def _entries(po: Path) -> list[tuple[str, str, bool, str | None]]:
    """(msgid, first msgstr, fuzzy, context) for every entry but the header."""
    entries, current, field, fuzzy = [], {}, None, False
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current.get("msgid"):
                entries.append(
                    (current["msgid"], current.get("msgstr", ""), fuzzy, current.get("msgctxt"))
                )
            current, field, fuzzy = {}, None, False
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith(("msgctxt ", "msgid ", "msgstr ", "msgstr[", "msgid_plural ")):
            key, _, value = line.partition(" ")  # msgstr[1] and on: kept apart, not checked
            field = {"msgstr[0]": "msgstr"}.get(key, key)
            current[field] = current.get(field, "") + ast.literal_eval(value)
        elif line.startswith('"') and field:
            current[field] += ast.literal_eval(line)
    return entries


def test_every_string_has_an_indonesian_translation():
    entries = _entries(LOCALE / "django.po")
    assert len(entries) > 300
    assert [msgid for msgid, msgstr, _, _ in entries if not msgstr] == []
    assert [msgid for msgid, _, fuzzy, _ in entries if fuzzy] == []


def test_the_compiled_catalogue_is_up_to_date():
    with (LOCALE / "django.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = [
        msgid
        for msgid, msgstr, _, context in _entries(LOCALE / "django.po")
        if (compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)) != msgstr
    ]
    assert stale == []
