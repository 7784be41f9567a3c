"""Every factory of ``tests/factories`` (found by walking the package, so a new one is covered
without a line here), plain and with each of its traits, saves a valid object, and a second call
gives another one; the traits that go through the services leave what the services leave."""

import importlib
import inspect
import pkgutil
from decimal import Decimal

import factory
import pytest
from django.apps import apps
from factory.django import DjangoModelFactory

import tests.factories
from rantai.five_r.models import Audit
from rantai.matchmaking.models import Meeting
from rantai.partnerships.models import Document, Partnership, SupplyLink
from tests.factories import AuditFactory, MeetingFactory, PartnershipFactory


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


def test_every_app_with_models_has_factories():
    """Reference data is loaded by the migrations, never built."""
    ours = {
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("rantai.") and list(config.get_models())
    }
    covered = {f._meta.model._meta.app_label for f in FACTORIES}
    assert ours - covered == {"reference"}


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


@pytest.mark.django_db
def test_the_traits_that_go_through_the_services_leave_what_the_services_leave():
    audit = AuditFactory(submitted=True, submit__low_codes=("RK1",))
    # 3 of 4 on every item but RK1 (weight 1 of 35): 102 / 140 = 72.857… %
    assert (audit.status, audit.overall_score) == (Audit.Status.SUBMITTED, Decimal("72.9"))
    assert [a.item.code for a in audit.actions.all()] == ["RK1"]
    deal = PartnershipFactory(active=True)
    assert deal.status == Partnership.Status.ACTIVE
    assert deal.documents.get().kind == Document.Kind.SIGNED
    assert SupplyLink.objects.get(partnership=deal).tier == 2  # a tier-2 supply agreement
    meeting = MeetingFactory(held=True)
    assert (meeting.status, meeting.slot.index, meeting.table) == (Meeting.Status.HELD, 0, 0)
    assert meeting.event.slots.count() == 6  # 09:00–11:00 in 20 minutes
