import pytest
from django.urls import reverse

from rantai.insights import funnel
from rantai.partnerships.models import ScoreRecord

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
    ScoreRecord.objects.update(score=65)
    assert counts(region="33.28")["performing"] == 0


def test_officers_see_their_remit_and_click_through_to_the_firms(story, world, login):
    client = login(world.user("far_officer"))  # Kota Semarang
    page = client.get(reverse("insights:dashboard"), {"region": "33.28"})
    assert page.context["filters"].region == "33.74"  # outside its remit: its own region
    assert page.context["steps"][0].count == 1
    client = login(world.user("officer"))
    page = client.get(reverse("insights:dashboard"), {"year": 2022})
    assert {s.key: s.count for s in page.context["steps"]}["signed"] == 1
    listed = client.get(reverse("insights:step-firms", args=["signed"]), {"year": 2022})
    assert [f.name for f in listed.context["page"]] == [world.firm_a.name]
    assert client.get(reverse("insights:step-firms", args=["nothing"])).status_code == 404
    assert login(world.user("firm_a")).get(reverse("insights:dashboard")).status_code == 403


def test_a_bad_filter_is_shown_and_left_out_and_the_others_apply(story, world, login):
    client = login(world.user("officer"))
    page = client.get(reverse("insights:dashboard"), {"year": "dua ribu", "kbli": "99999"})
    html = page.content.decode()
    assert html.count('data-testid="filter-error"') == 2
    assert page.context["filters"].year is None and page.context["filters"].kbli is None
    page = client.get(reverse("insights:dashboard"), {"year": "2023", "kbli": "99999"})
    assert page.context["filters"].year == 2023  # the valid filter still applies
    assert {s.key: s.count for s in page.context["steps"]}["signed"] == 0
