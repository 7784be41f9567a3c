"""Who may see and change partnerships and supply links (django-rules); ``scopes.py`` answers the
same as querysets.

- view_partnership: the members of the supplier and the buyer, managers of the cooperative the
  agreement runs through, members of its facilitators, officers whose remit covers the supplier
  or the buyer, administrators. Nobody else learns that the agreement exists.
- add_partnership: officers and administrators for any firms; a firm's members for agreements
  their firm is party to (checked on the chosen parties when saving).
- change_partnership (terms while a draft, documents, status): the two parties' members,
  officers with remit, administrators.
- view_link: for a link that comes from an agreement, whoever may see the agreement; a link
  entered directly (e.g. "PT Astra Otoparts supplies PT Astra International") declares a public
  supply relationship and is visible to every signed-in user — the form says so.
- add_link: officers and administrators; a buyer's members for links from their own firm.
"""

import rules

from rantai.accounts.actors import actor_for
from rantai.core.rules import follows
from rantai.firms.rules import is_admin, is_officer, is_signed_in


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
    return partnership.facilitators.filter(pk__in=actor.org_ids).exists()


@rules.predicate
def has_remit_over_party(user, partnership):
    return partnership is not None and _covers(
        actor_for(user), partnership.supplier, partnership.buyer
    )


@rules.predicate
def sees_link(user, link):
    if link is None:
        return False
    if link.partnership_id:
        return user.has_perm("partnerships.view_partnership", link.partnership)
    return True


@rules.predicate
def belongs_to_a_firm(user):
    return bool(actor_for(user).org_ids)


rules.add_perm("partnerships.view_partnership", is_signed_in & (is_admin | is_party | oversees))
rules.add_perm(
    "partnerships.add_partnership", is_signed_in & (is_admin | is_officer | belongs_to_a_firm)
)
rules.add_perm(
    "partnerships.change_partnership",
    is_signed_in & (is_admin | is_party | has_remit_over_party),
)
rules.add_perm("partnerships.view_link", is_signed_in & (is_admin | sees_link))
rules.add_perm("partnerships.add_link", is_signed_in & (is_admin | is_officer | belongs_to_a_firm))


# ---- orders, deliveries and scores ----------------------------------------------------------
# - view_orders (a partnership's orders, deliveries, prices and measures): the two parties'
#   members, administrators, and officers with remit only when both firms consented
#   (``share_performance``). Never another buyer.
# - change_orders (record orders and deliveries, import the ERP export): the buyer's members and
#   administrators; the supplier reads.
# - view_scorecard / manage_scorecard (a buyer's scorecard settings and standings): the buyer's
#   members and administrators.
# - view_score (one supplier's scores from one buyer, passed as (buyer, supplier) firms): the
#   buyer's and the supplier's members, administrators, officers with remit over the supplier
#   when an agreement between the two shares its performance.


@rules.predicate
def is_buyer_member(user, partnership):
    return partnership is not None and partnership.buyer_id in actor_for(user).org_ids


@rules.predicate
def officer_with_consent(user, partnership):
    return (
        partnership is not None
        and partnership.share_performance
        and _covers(actor_for(user), partnership.supplier, partnership.buyer)
    )


@rules.predicate
def member_of_buyer(user, buyer):
    return buyer is not None and buyer.pk in actor_for(user).org_ids


@rules.predicate
def sees_score(user, pair):
    if pair is None:
        return False
    buyer, supplier = pair
    actor = actor_for(user)
    if buyer.pk in actor.org_ids or supplier.pk in actor.org_ids:
        return True
    if not _covers(actor, supplier):
        return False
    from rantai.partnerships.models import Partnership

    return Partnership.objects.filter(
        buyer=buyer, supplier=supplier, share_performance=True
    ).exists()


rules.add_perm(
    "partnerships.view_orders", is_signed_in & (is_admin | is_party | officer_with_consent)
)
rules.add_perm("partnerships.change_orders", is_signed_in & (is_admin | is_buyer_member))
rules.add_perm("partnerships.view_scorecard", is_signed_in & (is_admin | member_of_buyer))
rules.add_perm("partnerships.manage_scorecard", is_signed_in & (is_admin | member_of_buyer))
rules.add_perm("partnerships.view_score", is_signed_in & (is_admin | sees_score))
rules.add_perm(
    "partnerships.view_scorerecord",
    rules.predicate(
        lambda user, record: (
            record is not None
            and user.has_perm("partnerships.view_score", (record.scorecard.buyer, record.supplier))
        )
    ),
)
# Ending a supply link by hand: whoever may record links and change the buyer firm (admins).
rules.add_perm(
    "partnerships.end_supplylink",
    is_signed_in
    & (
        is_admin
        | (
            rules.predicate(lambda user: user.has_perm("partnerships.add_link"))
            & follows("firms.change_firm", "buyer")
        )
    ),
)
