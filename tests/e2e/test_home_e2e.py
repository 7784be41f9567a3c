"""The home page's "what needs me now" on a phone (360 px), per persona: every item's link lands
on a page that shows the thing, and no page scrolls sideways."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from rantai.five_r.models import CorrectiveAction
from rantai.matchmaking.models import Registration
from tests.core.test_workspace import submitted_audit
from tests.estates.conftest import make_estate
from tests.factories import (
    AccessRequestFactory,
    ActivityFactory,
    ApplicationFactory,
    AssetFactory,
    AuditFactory,
    BookingFactory,
    CertificationFactory,
    JobFactory,
    LeaseFactory,
    MeetingRequestFactory,
    NeedFactory,
    PartnershipFactory,
    RegistrationFactory,
)
from tests.five_r.conftest import make_program
from tests.matchmaking.conftest import make_event
from tests.partnerships.conftest import make_chain
from tests.partnerships.test_scorecards import order

PHONE = {"width": 360, "height": 740}

# What the page an item links to shows, by the start of the item's test id.
SHOWS = {
    "five_r-overdue": "#results tbody tr",
    "five_r-open": "#results tbody tr",
    "five_r-verify": "#results tbody tr",
    "five_r-drafts": "#results tbody tr",
    "five_r-visits": "main h1",
    "five_r-calendar": "main h1",
    "partnerships-due": "#results tbody tr",
    "partnerships-late": "#results tbody tr",
    "partnerships-ending": "#results tbody tr",
    "estates-owed": "main h1",
    "estates-arrears": "#results tbody tr",
    "estates-ending": "#results tbody tr",
    "estates-offers": "#results tbody tr",
    "estates-bookings": "#results tbody tr",
    "estates-checks": "#results tbody tr",
    "matchmaking-requests": "#results tbody tr",
    "matchmaking-approve": "#results tbody tr",
    "matchmaking-need": "main h1",
    "firms-certifications": "#certifications li",
    "insights-funnel": "main h1",
    "insights-job": "main h1",
    "accounts-access-requests": "#results tbody tr",
    "cooperative-members": "#members li",
    "five_r-members-overdue": "#members li",
    "five_r-members-pemula": "#members li",
    "five_r-members-madya": "#members li",
    "five_r-members-mandiri": "#members li",
    "five_r-members-none": "#members li",
}


def _situation(world):
    today = timezone.localdate()
    program = make_program(world)
    submitted_audit(world, world.firm_a, program, low=2)
    done = submitted_audit(world, world.firm_b, program, low=1)
    CorrectiveAction.objects.filter(audit=done).update(status=CorrectiveAction.Status.IN_PROGRESS)
    AuditFactory(firm=world.firm_a, program=program.program, auditors=[world.user("mentor")])
    ActivityFactory(
        program=program.program,
        visit=True,
        mentor=world.user("mentor"),
        firm=world.firm_a,
        date=today + timedelta(days=2),
    )
    fair = make_event(world)
    chain = make_chain(world, buyer=fair.buyer.firm, buyer_user=fair.buyer_user)
    deal = PartnershipFactory(
        supplier=world.firm_a, buyer=chain.buyer, active=True, ends_on=today + timedelta(days=40)
    )
    order(deal, "PO-1", [("Bushing baja BS-12", 100, today + timedelta(days=3))], today)
    order(deal, "PO-0", [("Pin krom", 50, today - timedelta(days=4))], today - timedelta(days=20))
    MeetingRequestFactory(requester=fair.buyer, recipient=fair.a)
    MeetingRequestFactory(requester=fair.b, recipient=fair.buyer)
    NeedFactory(registration=fair.buyer, title="Braket baja")
    RegistrationFactory(event=fair.event, status=Registration.Status.PENDING)
    CertificationFactory(firm=world.firm_a, expires_on=today + timedelta(days=20))
    site = make_estate(world)
    LeaseFactory(estate=site.estate, tenant=world.firm_a, units=[site.units[0]])
    LeaseFactory(
        estate=site.estate,
        tenant=world.firm_b,
        units=[site.units[1]],
        ends_on=today + timedelta(days=50),
    )
    ApplicationFactory(estate=site.estate, status="offered", offered_unit=site.units[2])
    hall = AssetFactory(estate=site.estate)
    now = timezone.now()
    BookingFactory(asset=hall, firm=world.firm_a, starts_at=now, ends_at=now + timedelta(hours=2))
    JobFactory(user=world.user("officer"), succeeded=True, kind="partnership_export")
    AccessRequestFactory()  # from Kramat, for the Tegal officer to review
    return {
        "firm_a": world.user("firm_a"),
        "mentor": world.user("mentor"),
        "officer": world.user("officer"),
        "buyer": chain.buyer_user,
        "estate_manager": site.manager_user,
        "coop_manager": world.user("coop_manager"),
    }


def _kind(testid: str) -> str:
    name = testid.removeprefix("item-")
    head, _sep, tail = name.rpartition("-")
    return head if tail.isdigit() else name


def test_every_item_leads_to_its_page_on_a_phone(as_user, live_server, world, shot):
    people = _situation(world)
    page = None
    wide = []
    followed = {}
    for persona, user in people.items():
        page = as_user(user)
        page.set_viewport_size(PHONE)
        page.goto(f"{live_server.url}/")
        expect(page.get_by_test_id("workspace")).to_be_visible()
        shot(f"home-{persona}")
        if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
            wide.append((persona, "/"))
        links = page.locator("[data-testid^=item-]")
        targets = [
            (links.nth(n).get_attribute("data-testid"), links.nth(n).get_attribute("href"))
            for n in range(links.count())
        ]
        assert targets, persona
        followed[persona] = [_kind(testid) for testid, _href in targets]
        for testid, href in targets:
            page.goto("about:blank")  # two items may share a page: each is loaded afresh
            response = page.goto(f"{live_server.url}{href}")
            assert response.status == 200, (persona, testid, href, response.status)
            expect(page.locator(SHOWS[_kind(testid)]).first).to_be_visible()
            if page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]:
                wide.append((persona, href))
        page.context.clear_cookies()
    assert not wide, wide
    assert {"five_r-overdue", "partnerships-due", "estates-owed", "matchmaking-requests"} <= set(
        followed["firm_a"]
    ), followed["firm_a"]
    assert {"five_r-visits", "five_r-drafts", "five_r-verify"} <= set(followed["mentor"])
    assert {
        "partnerships-ending",
        "matchmaking-approve",
        "insights-funnel",
        "insights-job",
        "accounts-access-requests",
    } <= set(followed["officer"]), followed["officer"]
    assert {"partnerships-late", "matchmaking-need", "matchmaking-requests"} <= set(
        followed["buyer"]
    ), followed["buyer"]
    assert {
        "estates-arrears",
        "estates-ending",
        "estates-offers",
        "estates-bookings",
        "estates-checks",
    } <= set(followed["estate_manager"]), followed["estate_manager"]
    assert {"cooperative-members", "five_r-members-overdue", "firms-certifications"} <= set(
        followed["coop_manager"]
    ), followed["coop_manager"]
