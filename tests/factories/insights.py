"""Insights hold derived rows only; a stored dashboard (snapshot) is computed by the same code
as ``refresh_insights``, so it always holds what the live dashboard would show."""

import factory
from factory.django import DjangoModelFactory

from rantai.insights import snapshots
from rantai.insights.funnel import Filters
from rantai.insights.models import Snapshot


class SnapshotFactory(DjangoModelFactory):
    """The stored dashboard of Central Java for a year."""

    class Meta:
        model = Snapshot

    region = "33"
    year = factory.Sequence(lambda n: 2000 + n)

    @classmethod
    def _create(cls, model_class, *, region, year):
        return snapshots.compute(Filters(region=region or None, year=year or None))
