"""What needs a supplier, a buyer and a cooperative manager in call-offs (core.workspace):
call-offs to acknowledge (urgent once late), proposals and cooperatives' moves to decide, members'
late answers."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from rantai.accounts.actors import actor_for
from rantai.calloffs.models import CallOff, CallOffMove
from rantai.calloffs.scopes import members_of_managed_coops
from rantai.core.access import restrict
from rantai.core.workspace import Item, section


def _count(queryset, now):
    return queryset.aggregate(n=Count("pk"), late=Count("pk", filter=Q(ack_due_at__lt=now)))


@section("calloffs", heading=gettext_lazy("Call-offs"), order=15)
def call_offs(user, today):
    actor = actor_for(user)
    firms = actor.owned_org_ids - actor.managed_coop_ids
    if actor.is_buyer:
        firms |= actor.org_ids
    coops = actor.managed_coop_ids
    if not (firms or coops):
        return None
    now = timezone.now()
    board = reverse("calloffs:board")
    visible = restrict(CallOff.objects.all(), user)
    items = []
    waiting = _count(visible.awaiting_answer().filter(partnership__supplier_id__in=firms), now)
    if waiting["n"]:
        items.append(
            Item(
                ngettext(
                    "%(count)d call-off to acknowledge",
                    "%(count)d call-offs to acknowledge",
                    waiting["n"],
                )
                % {"count": waiting["n"]},
                f"{board}?status={CallOff.Status.RELEASED}",
                "calloffs-acknowledge",
                waiting["n"],
                urgent=bool(waiting["late"]),
            )
        )
    proposals = visible.filter(
        status=CallOff.Status.PROPOSED, partnership__buyer_id__in=firms
    ).count()
    if proposals:
        items.append(
            Item(
                ngettext(
                    "%(count)d proposed change to decide",
                    "%(count)d proposed changes to decide",
                    proposals,
                )
                % {"count": proposals},
                f"{board}?status={CallOff.Status.PROPOSED}",
                "calloffs-proposals",
                proposals,
                urgent=True,
            )
        )
    moves = (
        restrict(CallOffMove.objects.all(), user, "decide")
        .filter(status=CallOffMove.Status.PROPOSED, call_off__partnership__buyer_id__in=firms)
        .count()
    )
    if moves:
        items.append(
            Item(
                ngettext(
                    "%(count)d move to another supplier to decide",
                    "%(count)d moves to another supplier to decide",
                    moves,
                )
                % {"count": moves},
                f"{board}?moving=true",
                "calloffs-moves",
                moves,
                urgent=True,
            )
        )
    unanswered = _count(visible.awaiting_answer().filter(partnership__buyer_id__in=firms), now)
    if unanswered["late"]:
        items.append(
            Item(
                ngettext(
                    "%(count)d call-off not acknowledged in time",
                    "%(count)d call-offs not acknowledged in time",
                    unanswered["late"],
                )
                % {"count": unanswered["late"]},
                f"{board}?status={CallOff.Status.RELEASED}",
                "calloffs-unanswered",
                unanswered["late"],
                urgent=True,
            )
        )
    if coops:
        members = _count(
            visible.awaiting_answer().filter(
                partnership__supplier_id__in=members_of_managed_coops(actor)
            ),
            now,
        )
        if members["late"]:
            items.append(
                Item(
                    ngettext(
                        "%(count)d member's call-off not acknowledged in time",
                        "%(count)d members' call-offs not acknowledged in time",
                        members["late"],
                    )
                    % {"count": members["late"]},
                    f"{board}?status={CallOff.Status.RELEASED}",
                    "calloffs-members",
                    members["late"],
                    urgent=True,
                )
            )
    return items
