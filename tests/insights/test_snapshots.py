import io
from dataclasses import asdict
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from rantai.insights import figures, funnel, snapshots
from rantai.insights.funnel import Filters
from rantai.insights.models import Snapshot
from rantai.partnerships.models import Partnership
from tests.factories import SnapshotFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 29)


def test_a_snapshot_gives_back_exactly_the_live_dashboard(cluster):
    f = Filters(region="33", year=2022)
    snapshot = snapshots.compute(f, TODAY)
    steps, key, stored = snapshots.read(f)
    assert stored == snapshot
    live_steps = funnel.steps(f)
    assert [(s.key, s.count, s.conversion) for s in steps] == [
        (s.key, s.count, s.conversion) for s in live_steps
    ]
    assert asdict(key) == asdict(figures.key_figures(f, TODAY))
    assert (
        key.facilities.by_funding[0][0] == "DAK (Dana Alokasi Khusus)"
    )  # in the reader's language


def test_only_the_country_and_provinces_are_stored_and_the_rest_is_live(cluster):
    assert snapshots.covers(Filters()) and snapshots.covers(Filters(region="33", year=2022))
    assert not snapshots.covers(Filters(region="33.28"))
    assert not snapshots.covers(Filters(region="33", kbli="25920"))
    SnapshotFactory(region="99", year=2020)
    call_command("refresh_insights", stdout=io.StringIO())
    stored = set(Snapshot.objects.values_list("region", "year"))
    oldest = timezone.localdate().year - snapshots.YEARS_BACK  # refresh counts from today
    assert ("", 0) in stored and ("33", 0) in stored and ("33", oldest) in stored
    assert ("33", oldest - 1) not in stored
    assert ("99", 2020) not in stored  # a province without IKM any more
    assert snapshots.read(Filters(region="33.28")) is None


def test_the_dashboard_reads_the_snapshot_and_says_when_it_was_made(cluster, world, login):
    admin = world.user("admin")
    client = login(admin)
    snapshots.compute(Filters(year=2022), TODAY)
    for deal in Partnership.objects.all():  # after the snapshot
        deal.status = "terminated"
        deal.save()
    page = client.get(reverse("insights:dashboard"), {"year": 2022})
    assert page.context["snapshot"] is not None
    assert {s.key: s.count for s in page.context["steps"]}["signed"] == 1  # as stored
    assert 'data-testid="snapshot"' in page.content.decode()
    narrower = client.get(reverse("insights:dashboard"), {"year": 2022, "region": "33.28"})
    assert narrower.context["snapshot"] is None  # live
    assert {s.key: s.count for s in narrower.context["steps"]}["signed"] == 0


def test_a_program_or_event_on_a_stored_dashboard_is_counted_live_over_the_rest(cluster, story):
    fair, _deal, five_r = story
    snapshots.compute(Filters(year=2022), TODAY)
    snapshots.compute(Filters(region="33"), TODAY)
    for f in (
        Filters(year=2022, program=five_r.program.pk),
        Filters(region="33", event=fair.event.pk),
        Filters(year=2022, program=five_r.program.pk, event=fair.event.pk),
    ):
        steps, key, _stored = snapshots.read(f)
        live = funnel.steps(f)
        assert [(s.key, s.count, s.conversion) for s in steps] == [
            (s.key, s.count, s.conversion) for s in live
        ]
        assert asdict(key) == asdict(figures.key_figures(f, TODAY))
    assert snapshots.read(Filters(year=2022, kbli="25920")) is None  # a KBLI is always live
