"""Which programs and audits a user may see or work on, as querysets. ``rules.py`` answers the
same for one object; tests/five_r/test_permissions.py proves they agree."""

from django.db.models import Q

from rantai.accounts.actors import Actor, actor_for


def program_remit_q(actor: Actor, field: str = "region_id") -> Q:
    """Programs whose region lies inside one of the officer's remits."""
    q = Q(pk__in=[])
    for code in actor.remits:
        if code:
            within = {f"{field.removesuffix('_id')}__code__startswith": f"{code}."}
            q |= Q(**{field: code}) | Q(**within)
    return q


def program_scope(queryset, user, action: str = "view"):
    from rantai.five_r.models import Participation

    actor = actor_for(user)
    if not actor.is_authenticated:
        return queryset.none()
    if actor.is_admin or actor.is_national_officer:
        return queryset
    q = program_remit_q(actor)
    if action == "view":
        q |= Q(mentors=user) | Q(organiser_id__in=actor.org_ids)
        q |= Q(pk__in=Participation.objects.filter(firm_id__in=actor.org_ids).values("program_id"))
        return queryset.filter(pk__in=queryset.model.objects.filter(q).values("pk"))
    if action == "change":
        return queryset.filter(q)
    raise ValueError(f"Unknown action {action!r}")


def _firm_remit_q(actor: Actor, prefix: str = "firm__") -> Q:
    from rantai.firms.models import REGION_FIELDS

    q = Q(pk__in=[])
    for code in actor.remits:
        if code:
            q |= Q(**{f"{prefix}{REGION_FIELDS[code.count('.')]}_id": code})
    return q


def audit_scope(queryset, user, action: str = "view"):
    """view: the firm's members, the auditors, the program's mentors, officers whose remit
    covers the firm. change (a draft) and correct (a submitted audit): the same but the firm."""
    from rantai.five_r.models import Audit

    actor = actor_for(user)
    if not actor.is_authenticated:
        return queryset.none()
    if action not in {"view", "change", "correct"}:
        raise ValueError(f"Unknown action {action!r}")
    if action == "change":
        queryset = queryset.filter(status=Audit.Status.DRAFT)
    elif action == "correct":
        queryset = queryset.filter(status=Audit.Status.SUBMITTED)
    queryset = queryset.filter(firm__deleted_at__isnull=True)
    if actor.is_admin or actor.is_national_officer:
        return queryset
    q = (
        Q(pk__in=Audit.objects.filter(auditors=user).values("pk"))
        | Q(pk__in=Audit.objects.filter(program__mentors=user).values("pk"))
        | _firm_remit_q(actor)
    )
    if action == "view":
        q |= Q(firm_id__in=actor.org_ids)
    return queryset.filter(q)


def action_scope(queryset, user, action: str = "view"):
    """Corrective actions follow their audit: whoever sees the audit sees and updates them."""
    from rantai.five_r.models import Audit

    if action not in {"view", "change"}:
        raise ValueError(f"Unknown action {action!r}")
    return queryset.filter(audit__in=audit_scope(Audit.objects.all(), user, "view"))
