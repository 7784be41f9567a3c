"""Named rules for 5R programs, audits and actions (see scopes.py for the same as querysets).

- view_program: officers whose remit holds the program's region, its mentors, its organiser's
  members and its participants' members.
- change_program (edit, participants, activities, attendance): officers of that remit.
- view_audit: the firm's members, the auditors, the program's mentors, officers whose remit
  covers the firm.
- add_audit: officers; mentors, for firms of a program they mentor (checked in the form).
- change_audit (answer, add photos, submit) a draft; correct_audit a submitted one (with a
  reason, kept in the history): auditors, the program's mentors, officers of the remit.
- change_action (update, close with a photo): whoever may view the audit.
- work_on_program (start its audits, record attendance): officers of the remit, the mentors.
- view_audittemplate: every signed-in user; add/change_audittemplate (import a checklist, make
  a new version): officers.
- add_redtag / change_redtag (the firm's red-tag register): the firm's owners and whoever may
  change or correct one of its audits.
- import_audit (a phone's outbox file, five_r/outbox.py): administrators and staff; each audit
  in the file still needs change_audit.
"""

import rules

from rantai.accounts.actors import actor_for
from rantai.core.access import restrict
from rantai.core.rules import is_admin, is_officer, is_signed_in, no_object
from rantai.firms.rules import has_remit_over
from rantai.five_r.models import Audit


def _covers_program(user, program):
    actor = actor_for(user)
    if program is None or not actor.is_officer:
        return False
    if actor.is_national_officer:
        return True
    region = program.region_id
    return any(code and (region == code or region.startswith(f"{code}.")) for code in actor.remits)


covers_program = rules.predicate(_covers_program)


@rules.predicate
def mentors_program(user, program):
    return program is not None and program.mentors.filter(pk=user.pk).exists()


@rules.predicate
def takes_part_in_program(user, program):
    org_ids = actor_for(user).org_ids
    return (
        program is not None
        and bool(org_ids)
        and (
            program.organiser_id in org_ids
            or program.participations.filter(firm_id__in=org_ids).exists()
        )
    )


@rules.predicate
def is_auditor(user, audit):
    return audit is not None and audit.auditors.filter(pk=user.pk).exists()


@rules.predicate
def mentors_audit_program(user, audit):
    return (
        audit is not None and audit.program_id is not None and mentors_program(user, audit.program)
    )


@rules.predicate
def covers_audit_firm(user, audit):
    return audit is not None and has_remit_over(user, audit.firm)


@rules.predicate
def member_of_audit_firm(user, audit):
    return audit is not None and audit.firm_id in actor_for(user).org_ids


@rules.predicate
def is_draft(user, audit):
    return audit is not None and audit.is_draft


@rules.predicate
def is_submitted(user, audit):
    return audit is not None and not audit.is_draft


@rules.predicate
def firm_alive(user, audit):
    return audit is not None and not audit.firm.is_deleted


@rules.predicate
def is_staff(user):
    """Django's staff flag: the people who run Rantai (they see its administration)."""
    return bool(getattr(user, "is_staff", False))


works_on_audit = is_admin | is_auditor | mentors_audit_program | covers_audit_firm
sees_audit = is_signed_in & firm_alive & (works_on_audit | member_of_audit_firm)

rules.add_perm(
    "five_r.view_program",
    is_signed_in & (is_admin | covers_program | mentors_program | takes_part_in_program),
)
rules.add_perm("five_r.change_program", is_signed_in & (is_admin | covers_program))
rules.add_perm(
    "five_r.add_program", is_signed_in & (is_admin | (is_officer & (no_object | covers_program)))
)
rules.add_perm("five_r.view_audit", sees_audit)
rules.add_perm("five_r.change_audit", is_signed_in & firm_alive & is_draft & works_on_audit)
rules.add_perm("five_r.correct_audit", is_signed_in & firm_alive & is_submitted & works_on_audit)
rules.add_perm(
    "five_r.add_audit",
    is_admin | is_officer | rules.predicate(lambda user: actor_for(user).is_mentor),
)
rules.add_perm(
    "five_r.view_correctiveaction",
    rules.predicate(
        lambda user, action: action is not None and user.has_perm("five_r.view_audit", action.audit)
    ),
)
rules.add_perm(
    "five_r.change_correctiveaction",
    rules.predicate(
        lambda user, action: action is not None and user.has_perm("five_r.view_audit", action.audit)
    ),
)
rules.add_perm(
    "five_r.work_on_program", is_signed_in & (is_admin | covers_program | mentors_program)
)
rules.add_perm("five_r.import_audit", is_signed_in & (is_admin | is_staff))
rules.add_perm("five_r.view_audittemplate", is_signed_in)
rules.add_perm("five_r.change_audittemplate", is_signed_in & (is_admin | is_officer))
rules.add_perm("five_r.add_audittemplate", is_signed_in & (is_admin | is_officer))


@rules.predicate
def keeps_red_tags(user, tag):
    """The firm's owners and whoever may change or correct one of its audits."""
    if tag is None:
        return False

    audits = Audit.objects.filter(firm_id=tag.firm_id)
    return user.has_perm("firms.change_firm", tag.firm) or any(
        restrict(audits, user, action).exists() for action in ("change", "correct")
    )


rules.add_perm("five_r.add_redtag", is_signed_in & keeps_red_tags)
rules.add_perm("five_r.change_redtag", is_signed_in & keeps_red_tags)
