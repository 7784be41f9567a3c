"""Which programs, audits and corrective actions a user may act on, as querysets (core.access).
``rules.py`` answers the same for one object; tests/test_scopes_and_rules.py proves they agree."""

from django.db.models import Q

from rantai.accounts.actors import Actor
from rantai.core.access import restrict, scope
from rantai.five_r.models import Audit, CorrectiveAction, Participation, Program


def program_remit_q(actor: Actor, field: str = "region_id") -> Q:
    """Programs whose region lies inside one of the officer's remits."""
    q = Q(pk__in=[])
    for code in actor.remits:
        if code:
            within = {f"{field.removesuffix('_id')}__code__startswith": f"{code}."}
            q |= Q(**{field: code}) | Q(**within)
    return q


@scope(Program, actions=("view", "change"))
def programs(queryset, actor: Actor, action: str):
    """view: officers of the remit, the mentors, the organiser's and the participants' members.
    change: officers of the remit."""
    if actor.is_admin or actor.is_national_officer:
        return queryset
    q = program_remit_q(actor)
    if action == "view":
        q |= Q(mentors=actor.user_id) | Q(organiser_id__in=actor.org_ids)
        q |= Q(pk__in=Participation.objects.filter(firm_id__in=actor.org_ids).values("program_id"))
        return queryset.filter(pk__in=Program.objects.filter(q).values("pk"))
    return queryset.filter(q)


def _firm_remit_q(actor: Actor, prefix: str = "firm__") -> Q:
    from rantai.firms.models import REGION_FIELDS

    q = Q(pk__in=[])
    for code in actor.remits:
        if code:
            q |= Q(**{f"{prefix}{REGION_FIELDS[code.count('.')]}_id": code})
    return q


@scope(Audit, actions=("view", "change", "correct"))
def audits(queryset, actor: Actor, action: str):
    """view: the firm's members, the auditors, the program's mentors, officers whose remit
    covers the firm. change (a draft) and correct (a submitted audit): the same but the firm."""
    if action == "change":
        queryset = queryset.filter(status=Audit.Status.DRAFT)
    elif action == "correct":
        queryset = queryset.filter(status=Audit.Status.SUBMITTED)
    queryset = queryset.filter(firm__deleted_at__isnull=True)
    if actor.is_admin or actor.is_national_officer:
        return queryset
    q = (
        Q(pk__in=Audit.objects.filter(auditors=actor.user_id).values("pk"))
        | Q(pk__in=Audit.objects.filter(program__mentors=actor.user_id).values("pk"))
        | _firm_remit_q(actor)
    )
    if action == "view":
        q |= Q(firm_id__in=actor.org_ids)
    return queryset.filter(q)


@scope(CorrectiveAction, actions=("view", "change"))
def corrective_actions(queryset, actor: Actor, action: str):
    """Corrective actions follow their audit: whoever sees the audit sees and updates them."""
    return queryset.filter(audit__in=restrict(Audit.objects.all(), actor, "view"))
