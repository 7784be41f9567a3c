"""Which firms a user may act on, as querysets. ``rules.py`` answers the same for one firm;
``tests/firms/test_permissions.py`` proves the two agree for every persona."""

from django.db.models import Q

from rantai.accounts.actors import Actor, actor_for
from rantai.firms.models import REGION_FIELDS

# Each action and the rule (rules.py) that answers it for one firm.
RULES = {
    "view": "firms.view_firm",
    "view_private": "firms.view_firm_private",
    "change": "firms.change_firm",
    "delete": "firms.delete_firm",
}
ACTIONS = tuple(RULES)


def remit_q(actor: Actor) -> Q | None:
    """Firms inside an officer's remits; None when the remit is the whole country."""
    if actor.is_national_officer:
        return None
    q = Q(pk__in=[])
    for code in actor.remits:
        level = code.count(".") + 1
        q |= Q(**{f"{REGION_FIELDS[level - 1]}_id": code})
    return q


def firm_scope(queryset, user, action: str):
    from rantai.firms.models import CooperativeMembership

    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    actor = actor_for(user)
    if not actor.is_authenticated:
        return queryset.none()
    if actor.is_admin or action == "view":
        return queryset
    if actor.is_national_officer:
        return queryset
    q = remit_q(actor)
    if action == "view_private":
        q |= Q(pk__in=actor.org_ids)
        if actor.managed_coop_ids:
            q |= Q(
                pk__in=CooperativeMembership.objects.filter(
                    cooperative_id__in=actor.managed_coop_ids, left_on__isnull=True
                ).values("firm_id")
            )
    elif action == "change":
        q |= Q(pk__in=actor.owned_org_ids)
    return queryset.filter(q)
