"""The header's search box, across the whole product.

Each app's ``search.py`` registers, with ``@source``, a function ``(user, terms, limit)`` that
returns the rows of one kind (firms, agreements, audits …) matching ``terms``, at most ``limit +
1`` of them, best first. The function starts from ``restrict(queryset, user)``, the same scope as
the kind's own list and page, so search never shows a row the user could not open; every hit links
to that page.

Matching: every word typed must be found (ignoring case) in one of the kind's text fields
(``words_q``). On PostgreSQL the large tables add trigram similarity (a misspelt name still
finds its firm) and full text, served by the indexes of their migrations; SQLite, the embedded
default, matches the words alone.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Q

MIN_LENGTH = 2
MAX_LENGTH = 100
MAX_WORDS = 6
LIMIT = 5  # hits of each kind on the results page; the header's list shows fewer


@dataclass(frozen=True)
class Terms:
    """What was typed, cleaned: the whole text and its words."""

    text: str
    words: tuple[str, ...]

    @property
    def digits(self) -> str:
        """The text without spaces and dots when it is a number (a NIB, a KBLI code), else ''."""
        compact = re.sub(r"[\s.]", "", self.text)
        return compact if compact.isdigit() else ""


def terms_of(text: str | None) -> Terms | None:
    """The terms of ``text``, or None when it is too short to search for."""
    text = " ".join((text or "").replace("\x00", "").split())[:MAX_LENGTH]
    if len(text) < MIN_LENGTH:
        return None
    return Terms(text, tuple(text.split()[:MAX_WORDS]))


def words_q(terms: Terms, fields: list[str]) -> Q:
    """Every word of ``terms`` in at least one of ``fields``."""
    found = Q()
    for word in terms.words:
        anywhere = Q()
        for name in fields:
            anywhere |= Q(**{f"{name}__icontains": word})
        found &= anywhere
    return found


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class Source:
    key: str
    heading: object  # a lazy translation
    order: int
    function: Callable[..., list[Hit]]


@dataclass
class Found:
    key: str
    heading: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False  # there are more hits than shown


SOURCES: dict[str, Source] = {}


def source(key: str, *, heading, order: int = 50):
    """Register ``function(user, terms, limit) -> list[Hit]`` as the search source ``key``."""

    def register(function):
        if key in SOURCES:
            raise ImproperlyConfigured(f"Two search sources are called {key!r}")
        SOURCES[key] = Source(key, heading, order, function)
        return function

    return register


def search(user, text: str | None, limit: int = LIMIT, only: str = "") -> list[Found]:
    """The kinds (or only the kind ``only``) with hits for ``text`` that ``user`` may see, in
    their order, each with at most ``limit`` hits and whether there are more."""
    terms = terms_of(text)
    if terms is None or not user.is_authenticated:
        return []
    found = []
    for registered in sorted(SOURCES.values(), key=lambda s: (s.order, s.key)):
        if only and registered.key != only:
            continue
        hits = registered.function(user, terms, limit)
        if not hits:
            continue
        found.append(
            Found(registered.key, str(registered.heading), hits[:limit], len(hits) > limit)
        )
    return found
