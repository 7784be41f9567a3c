"""What needs a participant and an organiser at temu bisnis: meeting requests to answer, needs
with recommended suppliers, registrations to approve (core.workspace)."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from rantai.accounts.actors import actor_for
from rantai.core.access import restrict
from rantai.core.workspace import Item, section
from rantai.matchmaking.models import Event, MeetingRequest, Need, Registration

SHOWN = 5


def request_items(user, firms) -> list[Item]:
    pending = (
        restrict(MeetingRequest.objects.all(), user)
        .filter(status=MeetingRequest.Status.PENDING, recipient__firm_id__in=firms)
        .values_list("event_id", "event__name")
        .annotate(n=Count("pk"))
        .order_by("event_id")[:SHOWN]
    )
    return [
        Item(
            ngettext(
                "%(count)d meeting request to answer: %(event)s",
                "%(count)d meeting requests to answer: %(event)s",
                n,
            )
            % {"count": n, "event": name},
            f"{reverse('matchmaking:requests', args=[pk])}?direction=received&status=pending",
            f"matchmaking-requests-{pk}",
            n,
            urgent=True,
        )
        for pk, name, n in pending
    ]


def need_items(user, firms) -> list[Item]:
    """The buyer's needs at events still running: each page recommends suppliers (counted there,
    not here: the matching is too dear for a home page)."""
    needs = (
        restrict(Need.objects.all(), user)
        .filter(registration__firm_id__in=firms)
        .exclude(event__status=Event.Status.CLOSED)
        .values_list("pk", "title")
        .order_by("-pk")[:SHOWN]
    )
    return [
        Item(
            _("Recommended suppliers for %(need)s") % {"need": title},
            reverse("matchmaking:need-detail", args=[pk]),
            f"matchmaking-need-{pk}",
        )
        for pk, title in needs
    ]


def approval_items(user) -> list[Item]:
    waiting = (
        restrict(Registration.objects.all(), user, "manage")
        .filter(status=Registration.Status.PENDING)
        .values_list("event_id", "event__name")
        .annotate(n=Count("pk"))
        .order_by("event_id")[:SHOWN]
    )
    return [
        Item(
            ngettext(
                "%(count)d registration awaits approval: %(event)s",
                "%(count)d registrations await approval: %(event)s",
                n,
            )
            % {"count": n, "event": name},
            f"{reverse('matchmaking:registrations', args=[pk])}?status=pending",
            f"matchmaking-approve-{pk}",
            n,
            urgent=True,
        )
        for pk, name, n in waiting
    ]


@section("matchmaking", heading=gettext_lazy("Temu bisnis"), order=30)
def matchmaking(user, today):
    actor = actor_for(user)
    firms = actor.owned_org_ids - actor.managed_coop_ids
    if actor.is_buyer:
        firms |= actor.org_ids
    items = approval_items(user)
    if firms:
        items = request_items(user, firms) + items
    if actor.is_buyer:
        items += need_items(user, firms)
    if not (items or firms or actor.is_officer):
        return None
    return items
