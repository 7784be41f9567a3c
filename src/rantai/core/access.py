"""The one permission path: who may see what, and who may do what.

Two questions, answered in one place per model:

- **See**: ``Model.objects.restrict(user, action)`` is the queryset of the rows ``user`` may act
  on (``action`` is ``"view"`` unless a scope declares more, e.g. ``"view_private"`` or
  ``"change"``). Each app's ``scopes.py`` registers one function per model with ``@scope``.
- **Do**: named rules (django-rules) in each app's ``rules.py``, named after Django's
  convention ``<app>.<action>_<model>`` (``firms.change_firm``), asked with
  ``user.has_perm(name, obj)`` or ``can(user, action, obj)``.

Every way in goes through both: pages get objects with ``get_for`` (404 when the user may not see
the object, 403 when he sees it but may not act), the API uses ``RulesPermission`` and
``RestrictedViewSetMixin`` (``rantai.core.api``), imports and background jobs ask ``can`` per row,
exports build their rows from ``restrict``. ``tests/test_scopes_and_rules.py`` proves, for every
registered scope, action and persona, that the scope holds exactly the rows the rule allows.
"""

from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

if TYPE_CHECKING:
    from rantai.accounts.actors import Actor

ScopeFunction = Callable[[models.QuerySet, "Actor", str], models.QuerySet]


@dataclass(frozen=True)
class Scope:
    model: type[models.Model]
    actions: tuple[str, ...]
    function: ScopeFunction


SCOPES: dict[type[models.Model], Scope] = {}


def scope(model: type[models.Model], *, actions: tuple[str, ...] = ("view",)):
    """Register ``function(queryset, actor, action)`` as the scope of ``model``. It is only
    called for signed-in users and for one of ``actions``; it returns ``queryset`` narrowed to
    what the actor may do. An actor may stand for its user: ``restrict(qs, actor)`` works, so a
    scope can build on another model's scope."""

    def register(function: ScopeFunction) -> ScopeFunction:
        if model in SCOPES:
            raise ImproperlyConfigured(f"{model.__name__} has two scopes")
        SCOPES[model] = Scope(model, actions, function)
        return function

    return register


def scope_of(model: type[models.Model]) -> Scope:
    try:
        return SCOPES[model]
    except KeyError:
        raise ImproperlyConfigured(f"{model.__name__} has no scope (see core.access)") from None


def restrict(queryset: models.QuerySet, user, action: str = "view") -> models.QuerySet:
    """The rows of ``queryset`` that ``user`` may perform ``action`` on."""
    registered = scope_of(queryset.model)
    if action not in registered.actions:
        raise ValueError(f"{queryset.model.__name__} has no scope for {action!r}")
    # Imported here: accounts.models builds its querysets from this module.
    from rantai.accounts.actors import actor_for  # noqa: PLC0415 (the cycle above)

    actor = actor_for(user)
    if not actor.is_authenticated:
        return queryset.none()
    return registered.function(queryset, actor, action)


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        return restrict(self, user, action)


def rule_name(model: type[models.Model] | models.Model, action: str) -> str:
    """``firms.change_firm`` for (Firm, "change")."""
    meta = model._meta
    return f"{meta.app_label}.{action}_{meta.model_name}"


def can(user, action: str, obj: models.Model | None = None, *, model=None) -> bool:
    """Whether ``user`` may perform ``action`` on ``obj`` (or on ``model`` in general)."""
    return bool(user) and user.has_perm(rule_name(model or obj, action), obj)


def require(user, action: str, obj: models.Model | None = None, *, model=None) -> None:
    if not can(user, action, obj, model=model):
        raise PermissionDenied


def get_for(user, queryset, action: str = "view", **lookup):
    """The object ``lookup`` finds in ``queryset`` (a model or queryset) if ``user`` may perform
    ``action`` on it: 404 when he may not even see it, 403 when he sees it but may not act.
    Pages call this for every object they are given by URL."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    obj = get_object_or_404(restrict(queryset, user, "view"), **lookup)
    if action != "view":
        require(user, action, obj)
    return obj


def unsaved_copy(instance, data: dict):
    """``instance`` with the concrete fields of ``data`` set, without saving or touching the
    original: what a rule is asked about before a write (a form, an API call, an imported row)."""
    changed = copy(instance)  # Model.__getstate__ copies its state and caches
    fields = {n for f in instance._meta.concrete_fields for n in (f.name, f.attname)}
    for name, value in data.items():
        if name in fields:
            setattr(changed, name, value)
    return changed
