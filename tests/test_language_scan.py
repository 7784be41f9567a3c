"""Every page in the access matrix, read in English and in Indonesian: no UI phrase of the other
language shows. The phrases are the translation catalogue's own (Rantai's and Django's): each
Indonesian translation of two words or more must not appear on an English page, and each English
original that has a different translation must not appear on an Indonesian page."""

import html
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from tests.test_access_matrix import MATRIX, setup_objects

WORD = re.compile(r"\w+")
HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1>", re.S | re.I)
SHOWN_ATTRIBUTE = re.compile(r'\b(?:placeholder|title|aria-label|alt)="([^"]*)"')
TAG = re.compile(r"<[^>]+>")
INLINE = re.compile(r"</?(?:a|b|strong|em|i|small|span|abbr|code|mark)\b[^>]*>", re.I)
# Phrases the same in both languages, or names, that a catalogue lists with a translation; and
# what the test world's people typed or were told: stored text stays as it was written
# ("Pendampingan 5R Tegal" is a program's name, "Gedung pertemuan" an asset's; a notice keeps
# the language its reader had when it was sent).
SAME_IN_BOTH = {
    "temu bisnis",
    "rantai pasok",
    "bahasa indonesia",
    "pendampingan 5r",
    "pembekalan materi",
    "gedung pertemuan",
}
STORED_NOTICES = "/notifications/"


def _phrases(language: str) -> dict[tuple[str, ...], str]:
    """The other language's phrases (as word tuples) that must not show in ``language``."""
    catalog = trans_real.translation("id")._catalog
    # A term of the other language quoted on purpose ("field mentoring visit (pendampingan
    # lapangan)", an English label with the Indonesian name the reader knows) is no leftover.
    own = " ".join(
        " ".join(WORD.findall((key if isinstance(key, str) else key[0]).lower()))
        if language == "en"
        else " ".join(WORD.findall(str(value).lower()))
        for key, value in catalog.items()
    )
    found = {}
    for key, indonesian in catalog.items():
        english = key if isinstance(key, str) else key[0]
        if not english or not indonesian or "%" in english or "{" in english:
            continue
        phrase = indonesian if language == "en" else english
        if english.strip().lower() == indonesian.strip().lower():
            continue
        words = tuple(WORD.findall(phrase.lower()))
        joined = " ".join(words)
        quoted = f" {joined} " in f" {own} "
        if len(words) >= 2 and len(phrase) >= 10 and joined not in SAME_IN_BOTH and not quoted:
            found[words] = phrase
    return found


def _segments(page: str) -> list[list[str]]:
    """The words of each piece of text a reader meets: a text node, or a placeholder, title,
    label or alternative text. Inline tags (a link, bold) stay inside their sentence; a phrase
    is never matched across two elements."""
    page = HIDDEN.sub("<br>", page)
    page = INLINE.sub("", page)
    pieces = [*TAG.split(page), *SHOWN_ATTRIBUTE.findall(page)]
    return [WORD.findall(html.unescape(piece).lower()) for piece in pieces]


def _leftovers(segments: list[list[str]], phrases: dict) -> set[str]:
    lengths = {len(p) for p in phrases}
    found = set()
    for words in segments:
        for n in lengths:
            for i in range(len(words) - n + 1):
                phrase = phrases.get(tuple(words[i : i + n]))
                if phrase:
                    found.add(phrase)
    return found


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("persona", ["admin", "firm_a", "officer", "mentor"])
def test_no_page_mixes_in_the_other_language(world, client, persona, language):
    objects = setup_objects(world)
    client.force_login(world.user(persona))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with translation.override("id"):
        phrases = _phrases(language)
    mixed = {}
    for name, kwargs, method, expected in MATRIX:
        if method != "get" or expected[persona] != 200:
            continue
        url = reverse(name, kwargs=kwargs(world, objects))
        if url == STORED_NOTICES:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        leftovers = _leftovers(_segments(response.content.decode()), phrases)
        if leftovers:
            mixed[url] = sorted(leftovers)
    every = sorted({phrase for found in mixed.values() for phrase in found})
    assert mixed == {}, every
