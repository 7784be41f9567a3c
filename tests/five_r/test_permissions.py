"""Who sees and works on which 5R audits and programs; scopes and rules agree."""

import pytest
from django.contrib.auth.models import AnonymousUser

from rantai.core.access import restrict
from rantai.five_r import services
from rantai.five_r.models import Audit, CorrectiveAction, Program
from rantai.five_r.results import program_results
from tests.conftest import PERSONAS
from tests.factories import fill

AUDIT_RIGHTS = {  # over a draft audit of firm A in the Tegal program
    "anonymous": set(),
    "firm_a": {"view"},
    "firm_b": set(),
    "outsider": set(),
    "mentor": {"view", "change"},
    "officer": {"view", "change"},
    "far_officer": set(),
    "coop_manager": set(),
    "admin": {"view", "change"},
}
PERMS = {"view": "five_r.view_audit", "change": "five_r.change_audit"}


def _user(world, persona):
    return world.user(persona) or AnonymousUser()


@pytest.mark.parametrize("persona", PERSONAS)
def test_rights_over_a_draft_audit(world, five_r, audit_of_a, persona):
    user = _user(world, persona)
    by_rule = {action for action, perm in PERMS.items() if user.has_perm(perm, audit_of_a)}
    by_scope = {
        action
        for action in PERMS
        if restrict(Audit.objects.all(), user, action).filter(pk=audit_of_a.pk).exists()
    }
    assert by_rule == by_scope == AUDIT_RIGHTS[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_after_submission_change_becomes_correct(world, five_r, audit_of_a, persona):
    fill(audit_of_a, five_r.items, world.user("mentor"), low_codes=("RK1",))
    services.submit(audit=audit_of_a, user=world.user("mentor"))
    audit_of_a.refresh_from_db()
    user = _user(world, persona)
    expected = AUDIT_RIGHTS[persona]
    assert user.has_perm("five_r.correct_audit", audit_of_a) is ("change" in expected)
    in_scope = restrict(Audit.objects.all(), user, "correct").filter(pk=audit_of_a.pk).exists()
    assert in_scope is ("change" in expected)
    if not user.is_superuser:
        assert not user.has_perm("five_r.change_audit", audit_of_a)
    action = audit_of_a.actions.get()
    sees_action = (
        restrict(CorrectiveAction.objects.all(), user, "view").filter(pk=action.pk).exists()
    )
    assert (
        sees_action
        is user.has_perm("five_r.change_correctiveaction", action)
        is ("view" in expected)
    )


def test_a_mentor_of_another_program_sees_nothing(world, five_r, audit_of_a):
    other = five_r.other_mentor
    assert not other.has_perm("five_r.view_audit", audit_of_a)
    assert not restrict(Audit.objects.all(), other).exists()


PROGRAM_VIEWERS = {"firm_a", "firm_b", "mentor", "officer", "admin"}  # participants, mentor, remit


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_the_program(world, five_r, persona):
    user = _user(world, persona)
    in_scope = restrict(Program.objects.all(), user).filter(pk=five_r.program.pk).exists()
    allowed = user.has_perm("five_r.view_program", five_r.program)
    assert in_scope is allowed is (persona in PROGRAM_VIEWERS)
    changes = user.has_perm("five_r.change_program", five_r.program)
    assert changes is (persona in {"officer", "admin"})


def test_a_firm_sees_only_its_own_line_of_the_program_results(world, five_r, audit_of_a):
    fill(audit_of_a, five_r.items, world.user("mentor"))
    services.submit(audit=audit_of_a, user=world.user("mentor"))
    assert [r.firm for r in program_results(five_r.program, world.user("firm_a")).rows] == [
        world.firm_a
    ]
    assert program_results(five_r.program, world.user("firm_b")).rows == []
    assert len(program_results(five_r.program, world.user("officer")).rows) == 2
