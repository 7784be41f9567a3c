"""Every registered scope agrees with its rule: for each scoped model, each action its scope
answers and each persona, a list (``restrict``) holds exactly the objects the named rule allows
one by one (``can``). A scope registered without a matching rule, or a rule that drifts from its
scope, fails here."""

import pytest
import rules

from rantai.core.access import SCOPES, can, restrict, rule_name
from tests.conftest import PERSONAS
from tests.test_access_matrix import setup_objects

pytestmark = pytest.mark.django_db


def test_every_scoped_model_has_a_rule_for_each_scope_action():
    missing = [
        rule_name(model, action)
        for model, registered in SCOPES.items()
        for action in registered.actions
        if not rules.perm_exists(rule_name(model, action))
    ]
    assert missing == []


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_each_scope_holds_exactly_what_the_rule_allows(world, persona):
    setup_objects(world)
    user = world.user(persona)
    disagreements, checked = [], 0
    for model, registered in SCOPES.items():
        objects = list(model._default_manager.all())
        for action in registered.actions:
            listed = set(
                restrict(model._default_manager.all(), user, action).values_list("pk", flat=True)
            )
            for obj in objects:
                checked += 1
                allowed = can(user, action, obj)
                if (obj.pk in listed) != allowed:
                    name = rule_name(model, action)
                    disagreements.append(f"{name} #{obj.pk}: listed {not allowed}, rule {allowed}")
    assert checked > 50  # every scoped model has objects in setup_objects
    assert disagreements == []


def test_anonymous_sees_nothing_in_any_scope(world):
    setup_objects(world)
    for model, registered in SCOPES.items():
        for action in registered.actions:
            assert not restrict(model._default_manager.all(), None, action).exists(), model
