"""Every factory of ``tests/factories`` (found by walking the package, so a new one is covered
without a line here), plain and with each of its traits, saves a valid object, and a second call
gives another one."""

import importlib
import inspect
import pkgutil

import factory
import pytest
from factory.django import DjangoModelFactory

import tests.factories


def all_factories() -> list[type[DjangoModelFactory]]:
    found = []
    for module_info in pkgutil.iter_modules(tests.factories.__path__):
        module = importlib.import_module(f"{tests.factories.__name__}.{module_info.name}")
        found += [
            value
            for value in vars(module).values()
            if inspect.isclass(value)
            and issubclass(value, DjangoModelFactory)
            and value.__module__ == module.__name__
            and not value._meta.abstract
        ]
    return sorted(found, key=lambda f: f.__name__)


def traits(factory_class) -> list[str]:
    return [
        name
        for name, declaration in factory_class._meta.parameters.items()
        if isinstance(declaration, factory.Trait)
    ]


FACTORIES = all_factories()
CASES = [(f, None) for f in FACTORIES] + [(f, t) for f in FACTORIES for t in traits(f)]


def test_the_package_has_factories_for_every_app():
    apps = {f._meta.model._meta.app_label for f in FACTORIES}
    assert {"accounts", "firms"} <= apps


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory_class", "trait"),
    CASES,
    ids=[f.__name__ + (f"-{t}" if t else "") for f, t in CASES],
)
def test_a_factory_saves_a_valid_object_and_a_new_one_each_time(factory_class, trait):
    options = {trait: True} if trait else {}
    first, second = factory_class(**options), factory_class(**options)
    for made in (first, second):
        made.refresh_from_db()
        made.full_clean()
    assert first.pk is not None and second.pk is not None
    assert first.pk != second.pk
