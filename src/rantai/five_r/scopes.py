"""Which programs, audits and corrective actions a user may act on, as querysets (core.access).
``rules.py`` answers the same for one object; tests/test_scopes_and_rules.py proves they agree."""

from django.db.models import Q

from rantai.accounts.actors import Actor
from rantai.core.access import restrict, scope
from rantai.firms.models import REGION_FIELDS, Firm
from rantai.five_r.models import Audit, AuditTemplate, CorrectiveAction, Participation, Program
from rantai.reference.models import Region


def program_remit_q(actor: Actor, field: str = "region_id") -> Q:
    """Programs whose region lies inside one of the officer's remits."""
    q = Q(pk__in=[])
    for code in actor.remits:
        if code:
            within = {f"{field.removesuffix('_id')}__code__startswith": f"{code}."}
            q |= Q(**{field: code}) | Q(**within)
    return q


@scope(Program, actions=("view", "change", "work_on"))
def programs(queryset, actor: Actor, action: str):
    """view: officers of the remit, the mentors, the organiser's and the participants' members.
    change: officers of the remit. work_on (start its audits, record attendance): officers of
    the remit and the program's mentors."""
    if actor.is_admin or actor.is_national_officer:
        return queryset
    q = program_remit_q(actor)
    if action == "change":
        return queryset.filter(q)
    q |= Q(mentors=actor.user_id)
    if action == "view":
        q |= Q(organiser_id__in=actor.org_ids)
        q |= Q(pk__in=Participation.objects.filter(firm_id__in=actor.org_ids).values("program_id"))
    return queryset.filter(pk__in=Program.objects.filter(q).values("pk"))


def program_organisers(actor: Actor):
    """The organisations a user may name as a program's organiser: for administrators any
    agency, foundation, association or cooperative; for others their own organisations."""

    if actor.is_admin:
        return Firm.objects.alive().filter(kind__in=Firm.ORGANISER_KINDS)
    return Firm.objects.alive().filter(pk__in=actor.org_ids)


def program_participants(user):
    """The firms a user may enrol in a program: the IKM whose data he may change."""

    return Firm.objects.restrict(user, "change").filter(kind=Firm.Kind.IKM)


def program_regions(actor: Actor):
    """The provinces and regencies a user may place a program in: all for administrators and
    national officers, else the officer's remits and the regencies inside them."""

    regions = Region.objects.filter(level__lte=2).order_by("code")
    if actor.is_admin or actor.is_national_officer:
        return regions
    codes = [c for c in actor.remits if c]
    return regions.filter(code__in=codes) | Region.objects.filter(level=2, parent_id__in=codes)


@scope(AuditTemplate, actions=("view", "change"))
def audit_templates(queryset, actor: Actor, action: str):
    """view: every signed-in user. change (import, a new version): officers and
    administrators."""
    if action == "view" or actor.is_admin or actor.is_officer:
        return queryset
    return queryset.none()


def _firm_remit_q(actor: Actor, prefix: str = "firm__") -> Q:
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
