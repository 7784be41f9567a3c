from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rantai.firms.models import Firm
from rantai.insights import facts, funnel
from rantai.insights.models import FunnelFacts
from rantai.matchmaking.models import Meeting, Slot
from rantai.partnerships.models import Partnership, ScoreRecord
from tests.factories import place
from tests.lists import listed

pytestmark = pytest.mark.django_db


def counts(**filters):
    return {s.key: s.count for s in funnel.steps(funnel.Filters(**filters))}


def test_the_funnel_counts_each_step_with_its_definition(story, world):
    tegal_2022 = counts(region="33.28", year=2022)
    assert tegal_2022 == {
        "registered": 2,  # firms A and B (the Semarang IKM is outside the region)
        "mentored": 2,
        "improved": 1,  # firm B's final is below its baseline
        "at_event": 2,  # the 2021 event counts for 2022's partnerships
        "met": 1,  # only firm A had a meeting
        "signed": 1,
        "performing": 1,  # latest score 90 ≥ 70
    }
    steps = {s.key: s for s in funnel.steps(funnel.Filters(region="33.28", year=2022))}
    assert steps["improved"].conversion == 50.0 and steps["met"].conversion == 50.0
    assert counts(region="33.28", year=2023)["signed"] == 0
    assert counts()["registered"] == 3
    record = ScoreRecord.objects.get()
    record.score = 65
    record.save()
    assert counts(region="33.28")["performing"] == 0


def stored_facts():
    kept = {}
    for row in FunnelFacts.objects.values():
        del row["id"]
        kept[row.pop("firm_id"), row.pop("kbli_id")] = row
    return kept


def test_the_facts_kept_by_every_write_are_those_rebuilt_from_scratch(story, world):
    world.firm_a.kbli.set(["25920", "28221"])
    kept = stored_facts()
    # Firms A, B and the Semarang IKM (not the buyer or the cooperative), and A's two sectors.
    assert set(kept) == {
        (world.firm_a.pk, None),
        (world.firm_a.pk, "25920"),
        (world.firm_a.pk, "28221"),
        (world.firm_b.pk, None),
        (Firm.objects.get(name="CV Semarang Logam").pk, None),
    }
    assert kept[world.firm_a.pk, "25920"] == kept[world.firm_a.pk, None]
    a = kept[world.firm_a.pk, None]
    assert a["mentored_years"] == facts.bit(2022) and a["improved"] and a["performing"]
    assert a["event_years"] == a["met_years"] == facts.bit(2021)
    assert a["signed_years"] == facts.bit(2022)
    assert not kept[world.firm_b.pk, None]["improved"]
    assert not kept[world.firm_b.pk, None]["met_years"]
    FunnelFacts.objects.all().delete()
    assert facts.rebuild(step=2) == 3  # a few firm ids at a time
    assert stored_facts() == kept


def test_a_firm_moved_deleted_or_no_longer_an_ikm_leaves_the_funnel(story, world):
    before = counts(region="33.28")
    firm_b = Firm.objects.get(pk=world.firm_b.pk)
    firm_b.__dict__.update(place("33.74.16.1002"))  # moved to Kota Semarang
    firm_b.save()
    assert counts(region="33.28")["registered"] == before["registered"] - 1
    assert counts(region="33.74")["mentored"] == 1
    firm_b.soft_delete()
    assert counts(region="33.74")["registered"] == 1  # the Semarang IKM only
    firm_b.restore()
    assert counts(region="33.74") == {**counts(region="33.74"), "registered": 2, "mentored": 1}
    firm_a = Firm.objects.get(pk=world.firm_a.pk)
    firm_a.kind = Firm.Kind.LARGE
    firm_a.save()
    assert counts()["signed"] == 0


def test_a_firm_deleted_for_good_takes_its_facts_with_it(story, world):
    """Firms with 5R or temu bisnis records cannot be deleted (only marked); one without can."""
    semarang = Firm.objects.get(name="CV Semarang Logam")
    semarang.kbli.add("25920")
    assert FunnelFacts.objects.filter(firm=semarang).count() == 2
    semarang.delete()
    assert not FunnelFacts.objects.filter(firm_id=semarang.pk).exists()
    assert counts()["registered"] == 2 and counts(kbli="25920")["registered"] == 0


def test_a_partnership_given_to_another_supplier_moves_its_step(story, world):
    deal = Partnership.objects.get()
    deal.supplier = world.firm_b
    deal.save()
    assert set(funnel.step_firms(funnel.Filters(), "signed")) == {world.firm_b}
    deal.delete()
    assert counts()["signed"] == 0


def test_a_meeting_counts_once_its_time_has_come(story, world):
    """A meeting scheduled at a time still to come has not taken place; once that time has
    passed it has, with nothing written in between."""
    meeting = Meeting.objects.get()
    meeting.status = Meeting.Status.SCHEDULED
    meeting.save()
    assert counts()["met"] == 1  # the 2021 slot is past
    slot = meeting.slot
    slot.starts_at = timezone.now() + timedelta(minutes=5)
    slot.ends_at = slot.starts_at + timedelta(minutes=20)
    slot.save()
    assert counts()["met"] == 0
    assert FunnelFacts.objects.get(firm=world.firm_a, kbli=None).recheck_at == slot.starts_at
    # The meeting starts: time passes, nothing is saved (moved back here, around the ORM).
    Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - timedelta(minutes=1))
    FunnelFacts.objects.filter(firm=world.firm_a).update(recheck_at=timezone.now())
    assert counts()["met"] == 1
    assert FunnelFacts.objects.get(firm=world.firm_a, kbli=None).recheck_at is None


def test_every_filter_counts_the_same_firms_it_lists(story, world):
    fair, _deal, five_r = story
    world.firm_a.kbli.add("25920")
    for f in (
        funnel.Filters(),
        funnel.Filters(region="33.28", year=2022),
        funnel.Filters(year=2021),
        funnel.Filters(program=five_r.program.pk),
        funnel.Filters(event=fair.event.pk),
        funnel.Filters(kbli="25920"),
        funnel.Filters(region="33.28.01"),
    ):
        for step in funnel.steps(f):
            assert step.count == funnel.step_firms(f, step.key).count(), (f, step.key)
    assert counts(event=fair.event.pk)["met"] == 1 and counts(year=2021)["met"] == 1
    assert counts(year=2023)["at_event"] == 0  # 2021's event is two years before
    assert counts(program=five_r.program.pk)["improved"] == 1
    assert counts(kbli="25920") == {**counts(kbli="25920"), "registered": 1, "performing": 1}


def test_officers_see_their_remit_and_click_through_to_the_firms(story, world, login):
    client = login(world.user("far_officer"))  # Kota Semarang
    page = client.get(reverse("insights:dashboard"), {"region": "33.28"})
    assert page.context["filters"].region == "33.74"  # outside its remit: its own region
    assert page.context["steps"][0].count == 1
    client = login(world.user("officer"))
    page = client.get(reverse("insights:dashboard"), {"year": 2022})
    assert {s.key: s.count for s in page.context["steps"]}["signed"] == 1
    response = client.get(reverse("insights:step-firms", args=["signed"]), {"year": 2022})
    assert [f.name for f in listed(response)] == [world.firm_a.name]
    assert client.get(reverse("insights:step-firms", args=["nothing"])).status_code == 404
    assert login(world.user("firm_a")).get(reverse("insights:dashboard")).status_code == 403


def test_a_bad_filter_is_shown_and_left_out_and_the_others_apply(story, world, login):
    client = login(world.user("officer"))
    page = client.get(reverse("insights:dashboard"), {"year": "dua ribu", "kbli": "99999"})
    html = page.content.decode()
    assert html.count('data-testid="filter-error"') == 2
    assert page.context["filters"].year is None and page.context["filters"].kbli is None
    # The funnel records years 2000–2061 (one bit each): a year beyond is refused, not zero.
    page = client.get(reverse("insights:dashboard"), {"year": "2070"})
    assert page.content.decode().count('data-testid="filter-error"') == 1
    assert page.context["filters"].year is None
    page = client.get(reverse("insights:dashboard"), {"year": "2023", "kbli": "99999"})
    assert page.context["filters"].year == 2023  # the valid filter still applies
    assert {s.key: s.count for s in page.context["steps"]}["signed"] == 0


def test_each_step_says_what_the_year_means_for_it(story, world, login):
    client = login(world.user("officer"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("insights:dashboard"), {"year": 2022}).content.decode()
    said = {
        "registered": "in the registry today (the year does not narrow this step)",
        "mentored": "took part in a 5R program that started in 2022",
        "at_event": "approved at a temu bisnis held in 2021 or 2022",
        "met": "met a buyer at a temu bisnis held in 2021 or 2022",
        "signed": "signed an agreement as a supplier in 2022",
    }
    for key, meaning in said.items():
        assert f'data-testid="meaning-{key}">{meaning}</span>' in html, key
    html = client.get(reverse("insights:dashboard")).content.decode()
    assert 'data-testid="meaning-signed">signed an agreement as a supplier, in any year<' in html
    assert html.count('data-testid="meaning-') == 7
