"""What the header's search finds in estates: units by code or estate
(rantai.search.registry). Not by tenant: a unit is seen by more people than its leases."""

from django.utils.translation import gettext_lazy

from rantai.core.access import restrict
from rantai.estates.models import Unit
from rantai.search.registry import Hit, source, words_q


@source("units", heading=gettext_lazy("Estate units"), order=50)
def units(user, terms, limit):
    rows = (
        restrict(Unit.objects.all(), user)
        .filter(words_q(terms, ["code", "estate__name"]))
        .select_related("estate", "type")
        .order_by("estate__name", "plan_order", "code")[: limit + 1]
    )
    return [
        Hit(str(unit), unit.get_absolute_url(), f"{unit.type.code} · {unit.get_status_display()}")
        for unit in rows
    ]
