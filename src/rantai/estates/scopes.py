"""Querysets of what a user may see on estates (the rules in rules.py, as SQL; core.access)."""

from django.db.models import Q

from rantai.accounts.actors import Actor, actor_for
from rantai.core.access import restrict, scope
from rantai.estates.models import Estate, Lease, Payment


def managed_estates(user):
    actor = actor_for(user)
    if actor.is_admin:
        return Estate.objects.all()
    return Estate.objects.filter(manager_id__in=actor.estate_org_ids)


def estate_remit_q(actor: Actor, prefix: str = "") -> Q | None:
    """Estates inside an officer's remits (None: national; nothing for others)."""
    if actor.is_national_officer:
        return None
    q = Q(pk__in=[])
    for code in actor.remits:
        if code:
            q |= Q(**{f"{prefix}village__code__startswith": f"{code}."})
    return q


@scope(Lease)
def leases(queryset, actor: Actor, action: str):
    """The tenant's members, the estate's managers, officers whose remit holds the estate."""
    if actor.is_admin:
        return queryset
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
