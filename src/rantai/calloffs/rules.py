"""Who may do what with a call-off (django-rules); see ``scopes.py`` for the rules in words.
``add_calloff`` is asked of the call-off as it will be saved (``CallOff(partnership=p)``): the
buyer's members and administrators release call-offs."""

import rules

from rantai.accounts.actors import actor_for
from rantai.core.rules import belongs_to_a_firm, is_admin, is_signed_in, no_object
from rantai.firms.models import CooperativeMembership
from rantai.partnerships.models import Order


@rules.predicate
def of_buyer(user, call_off):
    return call_off is not None and call_off.partnership.buyer_id in actor_for(user).org_ids


@rules.predicate
def of_supplier(user, call_off):
    return call_off is not None and call_off.partnership.supplier_id in actor_for(user).org_ids


@rules.predicate
def sees_orders(user, call_off):
    """The agreement's orders are his to see (parties, officers with consent): the same rule."""
    return call_off is not None and user.has_perm(
        "partnerships.view_order", Order(partnership=call_off.partnership)
    )


@rules.predicate
def manages_suppliers_cooperative(user, call_off):
    coops = actor_for(user).managed_coop_ids
    return (
        call_off is not None
        and bool(coops)
        and CooperativeMembership.objects.filter(
            firm_id=call_off.partnership.supplier_id,
            cooperative_id__in=coops,
            left_on__isnull=True,
        ).exists()
    )


rules.add_perm(
    "calloffs.view_calloff",
    is_signed_in & (is_admin | sees_orders | manages_suppliers_cooperative),
)
rules.add_perm("calloffs.change_calloff", is_signed_in & (is_admin | of_buyer))
rules.add_perm("calloffs.acknowledge_calloff", is_signed_in & (is_admin | of_supplier))
rules.add_perm("calloffs.move_calloff", is_signed_in & (is_admin | manages_suppliers_cooperative))
rules.add_perm(
    "calloffs.add_calloff", is_signed_in & (is_admin | (belongs_to_a_firm & (no_object | of_buyer)))
)


@rules.predicate
def works_in_supply(user):
    """Buyers, firm owners and cooperative managers: the people whose menu shows call-offs."""
    actor = actor_for(user)
    return actor.is_buyer or bool(actor.owned_org_ids)


rules.add_perm("calloffs.use_calloffs", is_signed_in & (is_admin | works_in_supply))


# ---- shipping notices: the predicates above read ``obj.partnership``, a notice has one too ----
# view: as its call-offs (the parties, the supplier's cooperative managers, officers with the
# agreement's consent, administrators); add: the supplier's members, asked of
# ``ShippingNotice(partnership=p)``; receive (the goods receipt): the buyer's members.

rules.add_perm(
    "calloffs.view_shippingnotice",
    is_signed_in & (is_admin | sees_orders | manages_suppliers_cooperative),
)
rules.add_perm(
    "calloffs.add_shippingnotice",
    is_signed_in & (is_admin | (belongs_to_a_firm & (no_object | of_supplier))),
)
rules.add_perm("calloffs.receive_shippingnotice", is_signed_in & (is_admin | of_buyer))


# ---- moves to another member (moves.py): seen as their call-off is; decided by the buyer ------

rules.add_perm(
    "calloffs.view_calloffmove",
    is_signed_in & (is_admin | sees_orders | manages_suppliers_cooperative),
)
rules.add_perm("calloffs.decide_calloffmove", is_signed_in & (is_admin | of_buyer))
