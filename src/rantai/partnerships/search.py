"""What the header's search finds among agreements (rantai.search.registry)."""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from rantai.core.access import restrict
from rantai.partnerships.models import Partnership
from rantai.search.registry import Hit, source, words_q


@source("agreements", heading=gettext_lazy("Partnership agreements"), order=20)
def agreements(user, terms, limit):
    rows = (
        restrict(Partnership.objects.all(), user)
        .filter(words_q(terms, ["number", "scope", "supplier__name", "buyer__name"]))
        .select_related("supplier", "buyer")
        .order_by("-starts_on", "-pk")[: limit + 1]
    )
    return [
        Hit(
            str(agreement),
            agreement.get_absolute_url(),
            " · ".join(
                part
                for part in (
                    agreement.number,
                    agreement.get_status_display(),
                    date_format(agreement.starts_on) if agreement.starts_on else "",
                )
                if part
            ),
        )
        for agreement in rows
    ]
