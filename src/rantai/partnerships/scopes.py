"""Querysets of the partnerships and links a user may see (the rules in rules.py, as SQL)."""

from django.db.models import Q

from rantai.accounts.actors import actor_for
from rantai.core.access import scope
from rantai.firms.models import Firm
from rantai.firms.scopes import remit_q
from rantai.partnerships.models import Partnership, ScoreRecord, SupplyLink


def _remit_firms(actor):
    """Firms inside the officer's remits (None: all of them; empty for non-officers)."""
    if not actor.is_officer:
        return Firm.objects.none()
    q = remit_q(actor)
    return None if q is None else Firm.objects.filter(q)


def partnerships(user):
    actor = actor_for(user)
    if not actor.is_authenticated:
        return Partnership.objects.none()
    if actor.is_admin or actor.is_national_officer:
        return Partnership.objects.all()
    q = (
        Q(supplier_id__in=actor.org_ids)
        | Q(buyer_id__in=actor.org_ids)
        | Q(cooperative_id__in=actor.managed_coop_ids)
        | Q(facilitators__in=actor.org_ids)
    )
    firms = _remit_firms(actor)
    if actor.is_officer:
        q |= Q(supplier__in=firms) | Q(buyer__in=firms)
    return Partnership.objects.filter(pk__in=Partnership.objects.filter(q).values("pk"))


def links(user):
    actor = actor_for(user)
    if not actor.is_authenticated:
        return SupplyLink.objects.none()
    if actor.is_admin or actor.is_national_officer:
        return SupplyLink.objects.all()
    return SupplyLink.objects.filter(
        Q(partnership__isnull=True) | Q(partnership__in=partnerships(user))
    )


@scope(ScoreRecord)
def score_records(queryset, actor, action):
    """A buyer's members see the scores it gives, a supplier's members its own from every buyer;
    officers those of suppliers inside their remit when an agreement between the two shares its
    performance (rules: partnerships.view_score)."""
    if actor.is_admin:
        return queryset
    visible = Q(scorecard__buyer_id__in=actor.org_ids) | Q(supplier_id__in=actor.org_ids)
    if actor.is_officer:
        shared = Partnership.objects.filter(share_performance=True)
        firms = _remit_firms(actor)
        if firms is not None:
            shared = shared.filter(supplier__in=firms)
        for buyer_id, supplier_id in shared.values_list("buyer_id", "supplier_id"):
            visible |= Q(scorecard__buyer_id=buyer_id, supplier_id=supplier_id)
    return queryset.filter(visible)
