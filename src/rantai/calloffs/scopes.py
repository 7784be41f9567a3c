"""Who sees which call-offs, as a queryset (core.access); ``rules.py`` answers the same for one
call-off, and tests/test_scopes_and_rules.py proves the two agree.

- view: the buyer's and the supplier's members; managers of a cooperative the supplier belongs
  to (they follow their members' call-offs and may help one that cannot deliver); officers whose
  remit covers either party when the agreement shares its performance (as for orders);
  administrators.
- change (change, cancel, accept or reject a proposal): the buyer's members, administrators.
- acknowledge (acknowledge, or propose another date or quantity): the supplier's members,
  administrators.
- move (propose another member of the cooperative for it, ``moves.py``): managers of a
  cooperative the supplier belongs to, administrators.
"""

from django.db.models import Q

from rantai.accounts.actors import Actor
from rantai.calloffs.models import CallOff, CallOffMove, ShippingNotice
from rantai.core.access import scope
from rantai.firms.models import CooperativeMembership
from rantai.partnerships.scopes import orders_q


def members_of_managed_coops(actor: Actor):
    return CooperativeMembership.objects.filter(
        cooperative_id__in=actor.managed_coop_ids, left_on__isnull=True
    ).values("firm_id")


def seen_q(actor: Actor, prefix: str = "partnership__") -> Q:
    """Who sees call-offs and what comes of them (shipping notices, moves), by the agreement at
    ``prefix``: whoever sees its orders, and the managers of a cooperative its supplier is in."""
    q = orders_q(actor, prefix)
    if actor.managed_coop_ids:
        q |= Q(**{f"{prefix}supplier_id__in": members_of_managed_coops(actor)})
    return q


@scope(CallOff, actions=("view", "change", "acknowledge", "move"))
def call_offs(queryset, actor: Actor, action: str):
    if actor.is_admin:
        return queryset
    if action == "move":
        return queryset.filter(partnership__supplier_id__in=members_of_managed_coops(actor))
    if action == "change":
        return queryset.filter(partnership__buyer_id__in=actor.org_ids)
    if action == "acknowledge":
        return queryset.filter(partnership__supplier_id__in=actor.org_ids)
    return queryset.filter(seen_q(actor))


@scope(ShippingNotice, actions=("view", "receive"))
def shipping_notices(queryset, actor: Actor, action: str):
    """Shipping notices: seen as their call-offs are; received by the buyer's members."""
    if actor.is_admin:
        return queryset
    if action == "receive":
        return queryset.filter(partnership__buyer_id__in=actor.org_ids)
    return queryset.filter(seen_q(actor))


@scope(CallOffMove, actions=("view", "decide"))
def call_off_moves(queryset, actor: Actor, action: str):
    """Moves to another member: seen as their call-off is; decided by the buyer's members."""
    if actor.is_admin:
        return queryset
    if action == "decide":
        return queryset.filter(call_off__partnership__buyer_id__in=actor.org_ids)
    return queryset.filter(seen_q(actor, "call_off__partnership__"))
