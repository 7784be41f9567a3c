"""Who may see and do what with partnerships, the supply chain, orders and scores (django-rules);
``scopes.py`` answers the same as querysets, and tests/test_scopes_and_rules.py proves they agree.

- view_partnership: the members of the supplier and the buyer, managers of the cooperative the
  agreement runs through, members of its facilitators, officers whose remit covers the supplier
  or the buyer, administrators. Nobody else learns that the agreement exists.
- add_partnership: officers and administrators for any firms; a firm's members for agreements
  their firm is party to (asked again of the agreement as it will be saved).
- change_partnership (terms while a draft, documents, status, renewal): the two parties'
  members, officers with remit over either party, administrators; asked again of the changed
  agreement, so nobody moves it out of his reach.
- view_document: whoever may see the agreement.
- view_supplylink: for a link that comes from an agreement, whoever may see the agreement; a
  link entered directly (e.g. "PT Astra Otoparts supplies PT Astra International") declares a
  public supply relationship and is visible to every signed-in user — the form says so.
- add_supplylink: officers and administrators for any buyer; a firm's members for links from
  their own firm as the buyer.
- end_supplylink (by hand): a link entered directly, by whoever may record links and change the
  buyer firm; a link from an agreement ends with the agreement.
- view_order, view_orderline, view_delivery (an agreement's orders, deliveries, prices and
  measures): the two parties' members, administrators, and officers with remit only when both
  firms consented (``share_performance``). Never another buyer.
- add_order, add_orderline, add_delivery (record them by hand, through the API or the ERP
  import): the buyer's members and administrators; the supplier reads.
- view_scorecard (criteria, weights and bands): the buyer's members, the suppliers it scores,
  administrators.
- change_scorecard (the settings, recomputing, SOP audits, and the standings of every supplier):
  the buyer's members and administrators.
- view_scorerecord (one supplier's scores from one buyer): the buyer's and the supplier's
  members, administrators, officers with remit over the supplier when an agreement between the
  two shares its performance.
- view_aggregate_scorerecord (figures across the agreements one may see, no firm named):
  officers and administrators.

Rules about orders and scores are asked of the object as it is or will be: a page about one
agreement's orders asks ``can(user, "view", Order(partnership=p))``, the scorecard pages
``Scorecard(buyer=firm)`` before the buyer has one.
"""

import rules

from rantai.accounts.actors import actor_for
from rantai.core.rules import (
    belongs_to_a_firm,
    follows,
    is_admin,
    is_officer,
    is_signed_in,
    no_object,
)
from rantai.partnerships.models import Delivery, Partnership


def _covers(actor, *firms) -> bool:
    return actor.is_officer and any(f is not None and actor.covers(f.region_codes) for f in firms)


@rules.predicate
def is_party(user, partnership):
    orgs = actor_for(user).org_ids
    return partnership is not None and (
        partnership.supplier_id in orgs or partnership.buyer_id in orgs
    )


@rules.predicate
def oversees(user, partnership):
    """Officers with remit over either party, the cooperative's managers, the facilitators."""
    if partnership is None:
        return False
    actor = actor_for(user)
    if _covers(actor, partnership.supplier, partnership.buyer):
        return True
    if partnership.cooperative_id and partnership.cooperative_id in actor.managed_coop_ids:
        return True
    return partnership.pk is not None and (
        partnership.facilitators.filter(pk__in=actor.org_ids).exists()
    )


@rules.predicate
def has_remit_over_party(user, partnership):
    return partnership is not None and _covers(
        actor_for(user), partnership.supplier, partnership.buyer
    )


rules.add_perm("partnerships.view_partnership", is_signed_in & (is_admin | is_party | oversees))
rules.add_perm(
    "partnerships.add_partnership",
    is_signed_in & (is_admin | is_officer | (belongs_to_a_firm & (no_object | is_party))),
)
rules.add_perm(
    "partnerships.change_partnership",
    is_signed_in & (is_admin | is_party | has_remit_over_party),
)
rules.add_perm(
    "partnerships.view_document", follows("partnerships.view_partnership", "partnership")
)


# ---- the supply chain -------------------------------------------------------------------------


@rules.predicate
def sees_link(user, link):
    if link is None:
        return False
    if link.partnership_id:
        return user.has_perm("partnerships.view_partnership", link.partnership)
    return True


@rules.predicate
def member_of_link_buyer(user, link):
    return link is not None and link.buyer_id in actor_for(user).org_ids


@rules.predicate
def entered_by_hand(user, link):
    return link is not None and not link.partnership_id


rules.add_perm("partnerships.view_supplylink", is_signed_in & (is_admin | sees_link))
rules.add_perm(
    "partnerships.add_supplylink",
    is_signed_in
    & (is_admin | is_officer | (belongs_to_a_firm & (no_object | member_of_link_buyer))),
)
rules.add_perm(
    "partnerships.end_supplylink",
    is_signed_in
    & entered_by_hand
    & (
        is_admin
        | (
            rules.predicate(lambda user: user.has_perm("partnerships.add_supplylink"))
            & follows("firms.change_firm", "buyer")
        )
    ),
)


# ---- orders and deliveries --------------------------------------------------------------------


def _agreement(obj):
    """The partnership an order, an order line or a delivery (saved or not) belongs to."""

    return obj.line.partnership if isinstance(obj, Delivery) else obj.partnership


@rules.predicate
def party_to_agreement(user, obj):
    return obj is not None and is_party(user, _agreement(obj))


@rules.predicate
def officer_with_consent(user, obj):
    if obj is None:
        return False
    partnership = _agreement(obj)
    return partnership.share_performance and _covers(
        actor_for(user), partnership.supplier, partnership.buyer
    )


@rules.predicate
def buyer_of_agreement(user, obj):
    return obj is not None and _agreement(obj).buyer_id in actor_for(user).org_ids


sees_orders = is_signed_in & (is_admin | party_to_agreement | officer_with_consent)
records_orders = is_signed_in & (is_admin | (belongs_to_a_firm & (no_object | buyer_of_agreement)))
for _model in ("order", "orderline", "delivery"):
    rules.add_perm(f"partnerships.view_{_model}", sees_orders)
    rules.add_perm(f"partnerships.add_{_model}", records_orders)


# ---- scorecards and scores --------------------------------------------------------------------


@rules.predicate
def member_of_card_buyer(user, card):
    return card is not None and card.buyer_id in actor_for(user).org_ids


@rules.predicate
def scored_by_card(user, card):
    orgs = actor_for(user).org_ids
    return (
        card is not None
        and card.pk is not None
        and bool(orgs)
        and card.records.filter(supplier_id__in=orgs).exists()
    )


@rules.predicate
def sees_score(user, record):
    """The buyer's and the supplier's members; officers with remit over the supplier when an
    agreement between the two shares its performance."""
    if record is None:
        return False
    buyer_id, supplier = record.scorecard.buyer_id, record.supplier
    actor = actor_for(user)
    if buyer_id in actor.org_ids or supplier.pk in actor.org_ids:
        return True
    if not _covers(actor, supplier):
        return False

    return Partnership.objects.filter(
        buyer_id=buyer_id, supplier=supplier, share_performance=True
    ).exists()


rules.add_perm(
    "partnerships.view_scorecard",
    is_signed_in & (is_admin | member_of_card_buyer | scored_by_card),
)
rules.add_perm("partnerships.change_scorecard", is_signed_in & (is_admin | member_of_card_buyer))
rules.add_perm("partnerships.view_scorerecord", is_signed_in & (is_admin | sees_score))
rules.add_perm("partnerships.view_aggregate_scorerecord", is_signed_in & (is_admin | is_officer))
