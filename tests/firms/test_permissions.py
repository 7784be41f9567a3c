"""Who may do what with a firm, and proof that the queryset scopes and the object rules agree."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from rantai.core.access import rule_name, scope_of
from rantai.firms.models import Firm
from tests.conftest import PERSONAS

ACTIONS = scope_of(Firm).actions

# Expected rights over firm A (an IKM in Kramat, Kabupaten Tegal, member of the cooperative).
EXPECTED_FOR_FIRM_A = {
    "anonymous": set(),
    "firm_a": {"view", "view_private", "change"},
    "firm_b": {"view"},
    "outsider": {"view"},
    "mentor": {"view"},
    "officer": {"view", "view_private", "change", "delete"},
    "far_officer": {"view"},
    "coop_manager": {"view", "view_private"},
    "admin": {"view", "view_private", "change", "delete"},
}


def _allowed(user, firm):
    return {action for action in ACTIONS if _has(user, action, firm)}


def _has(user, action, firm):
    return (user or AnonymousUser()).has_perm(rule_name(Firm, action), firm)


@pytest.mark.parametrize("persona", PERSONAS)
def test_rights_over_firm_a(world, persona):
    assert _allowed(world.user(persona), world.firm_a) == EXPECTED_FOR_FIRM_A[persona]


@pytest.mark.parametrize("persona", ["officer", "firm_a", "admin"])
def test_deleted_firms_are_out_of_every_scope(world, persona):
    world.firm_a.soft_delete()
    user = world.user(persona)
    for action in ACTIONS:
        assert world.firm_a not in Firm.objects.restrict(user, action)
        # Administrators too: about one object they are asked the rules like everyone.
        assert not user.has_perm(rule_name(Firm, action), world.firm_a)


def test_a_member_who_left_loses_access(world):
    membership = world.user("firm_a").memberships.get()
    membership.is_active = False
    membership.save()
    user = type(world.user("firm_a")).objects.get(pk=world.user("firm_a").pk)  # fresh, uncached
    assert _allowed(user, world.firm_a) == {"view"}


def test_a_former_cooperative_member_is_private_to_the_cooperative(world):
    world.firm_a.cooperative_memberships.update(left_on=timezone.localdate())
    assert not _has(world.user("coop_manager"), "view_private", world.firm_a)


@pytest.mark.parametrize(
    ("persona", "may_add"),
    [
        ("anonymous", False),
        ("firm_a", False),
        ("outsider", False),
        ("mentor", False),
        ("officer", True),
        ("far_officer", True),
        ("coop_manager", False),
        ("admin", True),
    ],
)
def test_who_may_register_and_import_firms(world, persona, may_add):
    user = world.user(persona) or AnonymousUser()
    assert user.has_perm("firms.add_firm") is may_add
    assert user.has_perm("firms.import_firm") is may_add
