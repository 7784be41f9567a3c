"""Querysets of what a user may see and do on estates (the rules in rules.py, as SQL;
core.access). tests/test_scopes_and_rules.py proves the two agree."""

from django.db.models import Q

from rantai.accounts.actors import Actor
from rantai.core.access import restrict, scope
from rantai.estates.models import (
    Application,
    Asset,
    Booking,
    ConditionCheck,
    Estate,
    Lease,
    Maintenance,
    Payment,
    Unit,
)


def estate_remit_q(actor: Actor, prefix: str = "") -> Q | None:
    """Estates inside an officer's remits (None: national; nothing for others)."""
    if actor.is_national_officer:
        return None
    q = Q(pk__in=[])
    for code in actor.remits:
        if code:
            q |= Q(**{f"{prefix}village__code__startswith": f"{code}."})
    return q


@scope(Estate, actions=("view", "manage", "report"))
def estates(queryset, actor: Actor, action: str):
    """view: every signed-in user (a directory of the estates). manage (units, leases,
    payments, the waiting list, assets): the managers of the organisation that runs it and
    administrators. report: the same and officers whose remit holds the estate."""
    if actor.is_admin or action == "view":
        return queryset
    q = Q(manager_id__in=actor.estate_org_ids)
    if action == "report" and actor.is_officer:
        remit = estate_remit_q(actor)
        if remit is None:
            return queryset
        q |= remit
    return queryset.filter(q)


def _follows_estate(field: str = "estate", actions: dict | None = None):
    """A part of an estate is seen by whoever sees the estate and changed by its managers."""
    wanted = actions or {"view": "view", "change": "manage"}

    def part_scope(queryset, actor: Actor, action: str):
        estates_ = restrict(Estate.objects.all(), actor, wanted[action])
        if wanted[action] == "view":  # every estate: no need for a subquery
            return queryset
        return queryset.filter(**{f"{field}__in": estates_})

    return part_scope


scope(Unit, actions=("view", "change"))(_follows_estate())
scope(Asset, actions=("view", "change"))(_follows_estate())
scope(ConditionCheck, actions=("view", "change"))(_follows_estate("asset__estate"))
scope(Maintenance, actions=("view", "change"))(_follows_estate("asset__estate"))
# The waiting list is the estate's managers' own.
scope(Application, actions=("view", "change"))(
    _follows_estate(actions={"view": "manage", "change": "manage"})
)


@scope(Booking, actions=("view", "cancel"))
def bookings(queryset, actor: Actor, action: str):
    """view: every signed-in user (the booking calendar). cancel: the booking firm's members,
    the estate's managers and administrators."""
    if actor.is_admin or action == "view":
        return queryset
    return queryset.filter(
        Q(firm_id__in=actor.org_ids) | Q(asset__estate__manager_id__in=actor.estate_org_ids)
    )


@scope(Lease, actions=("view", "change"))
def leases(queryset, actor: Actor, action: str):
    """view: the tenant's members, the estate's managers, officers whose remit holds the estate.
    change (payments, ending, renewing): the estate's managers."""
    if actor.is_admin:
        return queryset
    if action == "change":
        return queryset.filter(estate__manager_id__in=actor.estate_org_ids)
    q = Q(tenant_id__in=actor.org_ids) | Q(estate__manager_id__in=actor.estate_org_ids)
    if actor.is_officer:
        remit = estate_remit_q(actor, "estate__")
        if remit is None:
            return queryset
        q |= remit
    return queryset.filter(q)


@scope(Payment)
def payments(queryset, actor: Actor, action: str):
    return queryset.filter(lease__in=restrict(Lease.objects.all(), actor))
