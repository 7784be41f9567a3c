"""What the header's search finds in 5R: audits by firm, area or program
(rantai.search.registry)."""

from django.utils.translation import gettext_lazy

from rantai.core.access import restrict
from rantai.five_r.models import Audit
from rantai.search.registry import Hit, source, words_q


@source("audits", heading=gettext_lazy("5R audits"), order=40)
def audits(user, terms, limit):
    rows = (
        restrict(Audit.objects.all(), user)
        .filter(words_q(terms, ["firm__name", "area", "program__name"]))
        .select_related("firm", "program")
        .order_by("-date", "-pk")[: limit + 1]
    )
    return [
        Hit(str(audit), audit.get_absolute_url(), audit.program.name if audit.program else "")
        for audit in rows
    ]
