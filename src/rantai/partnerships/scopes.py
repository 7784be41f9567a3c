"""What a user may see of partnerships, the supply chain, orders and scores, as querysets
(core.access). ``rules.py`` answers the same for one object; tests/test_scopes_and_rules.py proves
the two agree for every persona."""

from django.db.models import Q

from rantai.accounts.actors import Actor
from rantai.core.access import restrict, scope
from rantai.firms.scopes import remit_q
from rantai.partnerships.models import (
    Delivery,
    Document,
    Order,
    OrderLine,
    Partnership,
    Scorecard,
    ScoreRecord,
    SupplyLink,
)


def _party_remit_q(actor: Actor, prefix: str = "") -> Q | None:
    """Agreements whose supplier or buyer lies inside the officer's remits (None: all of them;
    nothing for someone who is not an officer)."""
    if not actor.is_officer:
        return Q(pk__in=[])
    supplier = remit_q(actor, f"{prefix}supplier__")
    if supplier is None:
        return None
    return supplier | remit_q(actor, f"{prefix}buyer__")


@scope(Partnership)
def partnerships(queryset, actor: Actor, action: str):
    """The members of the supplier and the buyer, managers of the cooperative the agreement runs
    through, members of its facilitators, officers whose remit covers either party,
    administrators (rules: partnerships.view_partnership)."""
    if actor.is_admin or actor.is_national_officer:
        return queryset
    q = (
        Q(supplier_id__in=actor.org_ids)
        | Q(buyer_id__in=actor.org_ids)
        | Q(cooperative_id__in=actor.managed_coop_ids)
        | Q(facilitators__in=actor.org_ids)
        | _party_remit_q(actor)
    )
    # Through the facilitators a row may come twice: filter on the keys.
    return queryset.filter(pk__in=Partnership.objects.filter(q).values("pk"))


@scope(Document)
def documents(queryset, actor: Actor, action: str):
    """An agreement's documents are seen with the agreement."""
    return queryset.filter(partnership__in=restrict(Partnership.objects.all(), actor))


@scope(SupplyLink)
def links(queryset, actor: Actor, action: str):
    """A link from an agreement is seen with the agreement; a link entered directly is a public
    supply relationship (rules: partnerships.view_supplylink)."""
    if actor.is_admin or actor.is_national_officer:
        return queryset
    return queryset.filter(
        Q(partnership__isnull=True) | Q(partnership__in=restrict(Partnership.objects.all(), actor))
    )


def orders_q(actor: Actor, prefix: str = "partnership__") -> Q | None:
    """Orders (and their lines and deliveries) by their agreement: the two parties' members, and
    officers whose remit covers either party once both firms share their performance. None: all
    of them."""
    if actor.is_admin:
        return None
    q = Q(**{f"{prefix}supplier_id__in": actor.org_ids}) | Q(
        **{f"{prefix}buyer_id__in": actor.org_ids}
    )
    if actor.is_officer:
        remit = _party_remit_q(actor, prefix)
        shared = Q(**{f"{prefix}share_performance": True})
        q |= shared if remit is None else shared & remit
    return q


def _by_agreement(prefix: str):
    def agreement_scope(queryset, actor: Actor, action: str):
        q = orders_q(actor, prefix)
        return queryset if q is None else queryset.filter(q)

    return agreement_scope


# rules: partnerships.view_order, view_orderline, view_delivery
scope(Order)(_by_agreement("partnership__"))
scope(OrderLine)(_by_agreement("partnership__"))
scope(Delivery)(_by_agreement("partnership__"))


@scope(Scorecard, actions=("view", "change"))
def scorecards(queryset, actor: Actor, action: str):
    """view (criteria, weights, bands): the buyer's members and the suppliers it scores.
    change (the settings, and the standings of every supplier): the buyer's members.
    Administrators both."""
    if actor.is_admin:
        return queryset
    if action == "change":
        return queryset.filter(buyer_id__in=actor.org_ids)
    return queryset.filter(
        Q(buyer_id__in=actor.org_ids)
        | Q(pk__in=ScoreRecord.objects.filter(supplier_id__in=actor.org_ids).values("scorecard"))
    )


@scope(ScoreRecord)
def score_records(queryset, actor: Actor, action: str):
    """A buyer's members see the scores it gives, a supplier's members its own from every buyer;
    officers those of suppliers inside their remit when an agreement between the two shares its
    performance (rules: partnerships.view_scorerecord)."""
    if actor.is_admin:
        return queryset
    visible = Q(scorecard__buyer_id__in=actor.org_ids) | Q(supplier_id__in=actor.org_ids)
    if actor.is_officer:
        shared = Partnership.objects.filter(share_performance=True)
        remit = remit_q(actor, "supplier__")
        if remit is not None:
            shared = shared.filter(remit)
        for buyer_id, supplier_id in shared.values_list("buyer_id", "supplier_id"):
            visible |= Q(scorecard__buyer_id=buyer_id, supplier_id=supplier_id)
    return queryset.filter(visible)
