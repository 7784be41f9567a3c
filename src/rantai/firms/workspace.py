"""What needs a firm's owner (certifications about to expire) and a cooperative manager (the
members' standing) (core.workspace)."""

from datetime import timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext

from rantai.accounts.actors import actor_for
from rantai.core.access import restrict
from rantai.core.workspace import Item, section
from rantai.firms.models import Certification, CooperativeMembership

EXPIRING = timedelta(days=60)  # time enough to book the surveillance audit


def certification_items(user, today, firms) -> list[Item]:
    expiring = (
        restrict(Certification.objects.all(), user)
        .filter(firm_id__in=firms, expires_on__range=(today, today + EXPIRING))
        .values_list("firm_id")
        .annotate(n=Count("pk"))
        .order_by("firm_id")
    )
    return [
        Item(
            ngettext(
                "%(count)d certification expires within 60 days",
                "%(count)d certifications expire within 60 days",
                n,
            )
            % {"count": n},
            f"{reverse('firms:detail', args=[pk])}#certifications",
            f"firms-certifications-{pk}",
            n,
            urgent=True,
        )
        for pk, n in expiring
    ]


@section("firms", heading=gettext_lazy("Your firm"), order=5)
def firms(user, today):
    actor = actor_for(user)
    owned = actor.owned_org_ids - actor.managed_coop_ids
    if not owned:
        return None
    return certification_items(user, today, owned)


@section("cooperative", heading=gettext_lazy("Cooperative members"), order=6)
def cooperative(user, today):
    """The members' standing: how many, and their certifications about to expire (their
    agreements are under "Orders and partnerships")."""
    coops = actor_for(user).managed_coop_ids
    if not coops:
        return None
    memberships = restrict(CooperativeMembership.objects.all(), user).filter(
        cooperative_id__in=coops, left_on__isnull=True, firm__deleted_at__isnull=True
    )
    counts = dict(
        memberships.values_list("cooperative_id")
        .annotate(n=Count("firm", distinct=True))
        .order_by()
    )
    items = [
        Item(
            ngettext("%(count)d member", "%(count)d members", n) % {"count": n},
            reverse("firms:detail", args=[coop]),
            f"cooperative-members-{coop}",
            n,
        )
        for coop in sorted(coops)
        for n in [counts.get(coop, 0)]
    ]
    return items + certification_items(user, today, memberships.values("firm_id"))
