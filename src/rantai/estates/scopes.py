"""Querysets of what a user may see on estates (the rules in rules.py, as SQL)."""

from django.db.models import Q

from rantai.accounts.actors import actor_for
from rantai.estates.models import Estate, Lease, Payment


def managed_estates(user):
    actor = actor_for(user)
    if actor.is_admin:
        return Estate.objects.all()
    return Estate.objects.filter(manager_id__in=actor.estate_org_ids)


def leases(user):
    actor = actor_for(user)
    if not actor.is_authenticated:
        return Lease.objects.none()
    if actor.is_admin or actor.is_officer:
        return Lease.objects.all()
    return Lease.objects.filter(
        Q(tenant_id__in=actor.org_ids) | Q(estate__manager_id__in=actor.estate_org_ids)
    )


def payments(user):
    return Payment.objects.filter(lease__in=leases(user))
