"""Which firms, and which of their parts, a user may act on, as querysets (core.access). The
rules in ``rules.py`` answer the same for one object; tests/test_scopes_and_rules.py proves the
two agree for every persona."""

from django.db.models import Q

from rantai.accounts.actors import Actor
from rantai.core.access import restrict, scope
from rantai.firms.models import (
    REGION_FIELDS,
    Capability,
    Certification,
    Contact,
    CooperativeMembership,
    Firm,
    IndustryYear,
    Machine,
    RawMaterial,
)


def remit_q(actor: Actor, prefix: str = "") -> Q | None:
    """Firms inside an officer's remits (``prefix`` reaches the firm from another model); None
    when the remit is the whole country. Matches nothing for someone who is not an officer."""
    if actor.is_national_officer:
        return None
    q = Q(pk__in=[])
    for code in actor.remits:
        field = REGION_FIELDS[code.count(".")]
        q |= Q(**{f"{prefix}{field}_id": code})
    return q


@scope(Firm, actions=("view", "view_private", "change", "delete"))
def firms(queryset, actor: Actor, action: str):
    queryset = queryset.filter(deleted_at__isnull=True)
    if actor.is_admin or action == "view" or actor.is_national_officer:
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


def _firm_part(firm_action: str, field: str = "firm"):
    """A part of a firm is seen with the firm (or its private data) and changed with it."""

    def part_scope(queryset, actor: Actor, action: str):
        wanted = firm_action if action == "view" else "change"
        return queryset.filter(**{f"{field}__in": restrict(Firm.objects.all(), actor, wanted)})

    return part_scope


for _model in (Capability, Machine, Certification, CooperativeMembership):
    scope(_model, actions=("view", "change", "delete"))(_firm_part("view"))
for _model in (Contact, IndustryYear):
    scope(_model, actions=("view", "change", "delete"))(_firm_part("view_private"))
scope(RawMaterial)(_firm_part("view_private", "year__firm"))
