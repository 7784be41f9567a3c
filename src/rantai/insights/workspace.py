"""What an officer watches: the funnel of his remit in brief, and the reports his jobs finished
(core.workspace). Agreements about to end and registrations to approve come from the
partnerships and temu bisnis sections."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rantai.core.access import restrict
from rantai.core.models import Job
from rantai.core.workspace import Item, section
from rantai.insights import funnel, snapshots
from rantai.insights.rules import remit_codes

RECENT = timedelta(days=7)
SHOWN = 5


def funnel_item(user) -> Item:
    """Registered, mentored and signed firms of the remit (its first region), from the stored
    snapshot when there is one, else counted in one query."""
    codes = remit_codes(user)
    filters = funnel.Filters(region=codes[0] if codes else None)
    stored = snapshots.read(filters)
    steps = stored[0] if stored else funnel.steps(filters)
    counts = {step.key: step.count for step in steps}
    text = _("%(registered)d registered, %(mentored)d mentored, %(signed)d signed") % {
        "registered": counts["registered"],
        "mentored": counts["mentored"],
        "signed": counts["signed"],
    }
    return Item(text, reverse("insights:dashboard"), "insights-funnel")


def job_items(user) -> list[Item]:
    finished = (
        restrict(Job.objects.all(), user)
        .filter(status=Job.Status.SUCCEEDED, updated_at__gte=timezone.now() - RECENT)
        .order_by("-updated_at")[:SHOWN]
    )
    return [
        Item(
            _("Ready: %(job)s") % {"job": job.get_kind_display()},
            reverse("job-detail", args=[job.pk]),
            f"insights-job-{job.pk}",
        )
        for job in finished
    ]


@section("insights", heading=gettext_lazy("Your remit"), order=1)
def insights(user, today):
    if not user.has_perm("insights.view_insights"):
        return None
    return [funnel_item(user), *job_items(user)]
