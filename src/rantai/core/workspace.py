"""The home page's "what needs me now": each app's ``workspace.py`` registers, with
``@section``, a function ``(user, today) -> list[Item] | None`` that lists what the user has to act
on in that app. ``None`` means the section is not the user's (a mentor has no leases); an empty
list means it is, with nothing waiting ("Nothing needs you here").

Every count starts from ``restrict(queryset, user, action)``, so an item never counts a row the
user could not open; each item links to the page (with its filter) where he acts on it. A
section costs a handful of grouped queries, never one per row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone


@dataclass(frozen=True)
class Item:
    text: str  # translated, with its count (ngettext)
    url: str
    testid: str  # stable, for tests: "five_r-overdue", "estates-arrears-12"
    count: int | None = None
    urgent: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    heading: object  # a lazy translation
    order: int
    function: Callable[..., list[Item] | None]


@dataclass
class Shown:
    key: str
    heading: str
    items: list[Item] = field(default_factory=list)

    @property
    def urgent(self) -> int:
        return sum(1 for item in self.items if item.urgent)


SECTIONS: dict[str, Section] = {}


def section(key: str, *, heading, order: int = 50):
    """Register ``function(user, today)`` as the workspace section ``key`` (see the module)."""

    def register(function):
        if key in SECTIONS:
            raise ImproperlyConfigured(f"Two workspace sections are called {key!r}")
        SECTIONS[key] = Section(key, heading, order, function)
        return function

    return register


def sections_for(user, today: date | None = None) -> list[Shown]:
    """The sections that are the user's, in their order, each with its items."""
    today = today or timezone.localdate()
    shown = []
    for registered in sorted(SECTIONS.values(), key=lambda s: (s.order, s.key)):
        items = registered.function(user, today)
        if items is not None:
            shown.append(Shown(registered.key, str(registered.heading), items))
    return shown
