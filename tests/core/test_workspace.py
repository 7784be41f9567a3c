"""The home page's "what needs me now": per persona, the situation built, the item shown with its
count and its link, and the rows of other firms and regions left out."""

from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rantai.estates.models import Application, Asset
from rantai.five_r.models import Audit, CorrectiveAction
from rantai.matchmaking.models import Registration
from rantai.partnerships import scorecards, services
from tests.estates.conftest import make_estate
from tests.factories import (
    ActivityFactory,
    ApplicationFactory,
    AssetFactory,
    AuditFactory,
    BookingFactory,
    CertificationFactory,
    CooperativeMembershipFactory,
    EstateFactory,
    FirmFactory,
    JobFactory,
    LeaseFactory,
    MeetingRequestFactory,
    NeedFactory,
    PartnershipFactory,
    RegistrationFactory,
    sign_and_activate,
)
from tests.five_r.conftest import make_program
from tests.matchmaking.conftest import make_event
from tests.partnerships.conftest import make_chain
from tests.partnerships.test_scorecards import order

pytestmark = pytest.mark.django_db


class Anchors(HTMLParser):
    """The home page's items (links with a ``data-testid`` "item-…") and its sections."""

    def __init__(self):
        super().__init__()
        self.items, self.sections, self.nav_links = {}, set(), []
        self._open, self._in_nav = None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        testid = attrs.get("data-testid", "")
        if tag == "nav":
            self._in_nav = True
        if tag == "a" and self._in_nav:
            self.nav_links.append(attrs.get("href"))
        if testid.startswith("section-"):
            self.sections.add(testid.removeprefix("section-"))
        if tag == "a" and testid.startswith("item-"):
            count = attrs.get("data-count")
            self._open = [testid.removeprefix("item-"), attrs["href"], count, []]

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False
        if tag == "a" and self._open:
            key, href, count, text = self._open
            self.items[key] = (" ".join("".join(text).split()), href, count and int(count))
            self._open = None

    def handle_data(self, data):
        if self._open:
            self._open[3].append(data)


def home(client) -> Anchors:
    response = client.get("/")
    assert response.status_code == 200
    parsed = Anchors()
    parsed.feed(response.content.decode())
    return parsed


def items(client) -> dict:
    """The home page's items by test id: (text, link, count)."""
    return home(client).items


def sections(client) -> set:
    return home(client).sections


def deliver(line, day, quantity, today, rejected=0):
    return services.add_delivery(
        line=line,
        delivered_on=day,
        quantity=quantity,
        rejected=rejected,
        reject_reason="Diameter di luar toleransi" if rejected else "",
        today=today,
        rescore=False,
    )


def submitted_audit(world, firm, program, low):
    """A submitted audit of 2022 with a corrective action per low item: all overdue today."""
    return AuditFactory(
        firm=firm,
        program=program.program,
        auditors=[world.user("mentor")],
        submitted=True,
        submit__low_codes=[item.code for item in program.items[:low]],
    )


@pytest.fixture
def english(login):
    """Sign in as a user who reads English."""

    def _login(user):
        user.language = "en"
        user.save(update_fields=["language"])
        return login(user)

    return _login


def test_the_firm_owner_sees_what_needs_him_and_not_firm_b(world, english):
    today = timezone.localdate()
    program = make_program(world)
    submitted_audit(world, world.firm_a, program, low=2)
    submitted_audit(world, world.firm_b, program, low=3)  # firm B's: not counted for A
    chain = make_chain(world)
    deal = PartnershipFactory(supplier=world.firm_a, buyer=chain.buyer, active=True)
    po = order(deal, "PO-9", [("Bushing", 100, today + timedelta(days=3))], today)
    site = make_estate(world)
    lease = LeaseFactory(estate=site.estate, tenant=world.firm_a, units=[site.units[0]])
    LeaseFactory(estate=site.estate, tenant=world.firm_b, units=[site.units[1]])
    fair = make_event(world)
    MeetingRequestFactory(requester=fair.buyer, recipient=fair.a)
    MeetingRequestFactory(requester=fair.buyer, recipient=fair.b)  # to firm B: not A's
    CertificationFactory(firm=world.firm_a, expires_on=today + timedelta(days=20))
    CertificationFactory(firm=world.firm_a, expires_on=today + timedelta(days=200))
    CertificationFactory(firm=world.firm_b, expires_on=today + timedelta(days=20))

    found = items(english(world.user("firm_a")))

    assert found["five_r-overdue"] == (
        "2 corrective actions are overdue",
        "/5r/actions/?show=overdue",
        2,
    )
    assert found["five_r-open"][1:] == ("/5r/actions/?show=open", 2)
    assert found[f"partnerships-due-{deal.pk}"] == (
        f"1 order line due this week for {chain.buyer.name}",
        f"/kemitraan/{deal.pk}/orders/",
        1,
    )
    assert po.lines.count() == 1
    text, link, _count = found[f"estates-owed-{lease.pk}"]
    assert link == f"/kawasan/leases/{lease.pk}/" and "owed on the lease at LIK Takaru" in text
    assert found[f"matchmaking-requests-{fair.event.pk}"] == (
        "1 meeting request to answer: Temu Bisnis Tegal",
        f"/temu-bisnis/{fair.event.pk}/requests/?direction=received&status=pending",
        1,
    )
    assert found[f"firms-certifications-{world.firm_a.pk}"] == (
        "1 certification expires within 60 days",
        f"/firms/{world.firm_a.pk}/#certifications",
        1,
    )
    assert not any(str(world.firm_b.pk) in key for key in found)
    # Firm B sees its own three overdue actions, not A's two.
    assert items(english(world.user("firm_b")))["five_r-overdue"][2] == 3


def test_the_mentor_sees_visits_drafts_actions_to_verify_and_the_calendar(world, english):
    today = timezone.localdate()
    program = make_program(world)
    ActivityFactory(
        program=program.program,
        visit=True,
        mentor=world.user("mentor"),
        firm=world.firm_a,
        date=today + timedelta(days=3),
    )
    ActivityFactory(
        program=program.program,
        visit=True,
        mentor=world.user("mentor"),
        firm=world.firm_b,
        date=today + timedelta(days=20),
    )  # not this week
    AuditFactory(firm=world.firm_a, program=program.program, auditors=[world.user("mentor")])
    AuditFactory(firm=world.firm_b, program=program.program, auditors=[program.other_mentor])
    done = submitted_audit(world, world.firm_a, program, low=2)
    CorrectiveAction.objects.filter(pk=done.actions.first().pk).update(
        status=CorrectiveAction.Status.IN_PROGRESS
    )

    found = items(english(world.user("mentor")))

    assert found["five_r-visits"] == (
        "1 visit in the coming week",
        f"/5r/calendar/?month={today:%Y-%m}",
        1,
    )
    # Both drafts: his own, and the other mentor's in his program.
    assert found["five_r-drafts"] == ("2 audit drafts to finish", "/5r/audits/?status=draft", 2)
    assert found["five_r-verify"] == (
        "1 corrective action to verify",
        "/5r/actions/?status=in_progress",
        1,
    )
    assert found["five_r-calendar"] == ("The program calendar", "/5r/calendar/", None)
    assert Audit.objects.filter(status=Audit.Status.DRAFT).count() == 2


def test_the_officer_sees_his_remit_and_the_far_officer_does_not(world, english):
    today = timezone.localdate()
    chain = make_chain(world)
    # Firm A (Tegal) supplies a buyer of Kabupaten Semarang: outside Kota Semarang's remit.
    ending = PartnershipFactory(
        supplier=world.firm_a,
        buyer=chain.other_buyer,
        active=True,
        ends_on=today + timedelta(days=40),
        scope="Braket knalpot",
    )
    PartnershipFactory(  # in force, but ends in a year
        supplier=world.firm_b,
        buyer=chain.buyer,
        active=True,
        ends_on=today + timedelta(days=400),
        scope="Pin krom",
    )
    fair = make_event(world)  # organised by the Tegal regency
    RegistrationFactory(event=fair.event, status=Registration.Status.PENDING)
    RegistrationFactory(event=fair.event, status=Registration.Status.PENDING)
    job = JobFactory(user=world.user("officer"), succeeded=True, kind="partnership_export")
    JobFactory(user=world.user("far_officer"), succeeded=True)

    found = items(english(world.user("officer")))

    assert found["partnerships-ending"] == (
        "1 agreement ends within 90 days",
        "/kemitraan/?ending=90",
        1,
    )
    assert found[f"matchmaking-approve-{fair.event.pk}"] == (
        "2 registrations await approval: Temu Bisnis Tegal",
        f"/temu-bisnis/{fair.event.pk}/registrations/?status=pending",
        2,
    )
    text, link, _count = found["insights-funnel"]
    # Firms A and B and the two that registered are IKM of Tegal; A and B signed.
    assert (text, link) == ("4 registered, 0 mentored, 2 signed", "/insights/")
    assert found[f"insights-job-{job.pk}"] == (
        "Ready: partnership export",
        f"/jobs/{job.pk}/",
        None,
    )
    # The list the item links to holds exactly that agreement.
    listed = english(world.user("officer")).get("/kemitraan/?ending=90")
    assert [p.pk for p in listed.context["table"].data] == [ending.pk]

    far = items(english(world.user("far_officer")))
    assert "partnerships-ending" not in far
    assert not any(key.startswith("matchmaking-approve") for key in far)
    assert f"insights-job-{job.pk}" not in far


def test_the_buyer_sees_requests_needs_late_deliveries_and_band_drops(world, english):
    today = timezone.localdate()
    fair = make_event(world)
    chain = make_chain(world, buyer=fair.buyer.firm, buyer_user=fair.buyer_user)
    MeetingRequestFactory(requester=fair.a, recipient=fair.buyer)
    need = NeedFactory(registration=fair.buyer, title="Braket baja")
    deal = PartnershipFactory(supplier=world.firm_a, buyer=chain.buyer, active=True)
    card = scorecards.scorecard_for(chain.buyer)
    jan = order(deal, "PO-1", [("Bushing", 100, date(2026, 4, 10))], date(2026, 4, 1))
    deliver(jan.lines.get(), date(2026, 4, 10), 100, today)
    may = order(deal, "PO-2", [("Bushing", 100, date(2026, 5, 20))], date(2026, 5, 1))
    deliver(may.lines.get(), date(2026, 5, 28), 50, today, rejected=10)  # late, short: owed
    scorecards.compute(card, as_of=today)
    other = PartnershipFactory(supplier=world.firm_b, buyer=chain.other_buyer, active=True)
    order(other, "PO-X", [("Pin", 10, today - timedelta(days=5))], today - timedelta(days=30))

    found = items(english(chain.buyer_user))

    assert found[f"matchmaking-requests-{fair.event.pk}"][2] == 1
    assert found[f"matchmaking-need-{need.pk}"] == (
        "Recommended suppliers for Braket baja",
        f"/temu-bisnis/needs/{need.pk}/",
        None,
    )
    assert found[f"partnerships-late-{deal.pk}"] == (
        f"1 order line late: {world.firm_a.name}",
        f"/kemitraan/{deal.pk}/orders/",
        1,
    )
    assert f"partnerships-late-{other.pk}" not in found  # another buyer's
    band = [v for k, v in found.items() if k.startswith("partnerships-band-")]
    assert band == [
        (
            f"{world.firm_a.name} fell to the band Very poor",
            f"/kemitraan/scorecards/{chain.buyer.pk}/suppliers/{world.firm_a.pk}/",
            None,
        )
    ]
    # The supplier hears of its drop too; firm B does not.
    assert any(k.startswith("partnerships-band-") for k in items(english(world.user("firm_a"))))
    assert not any(k.startswith("partnerships-band-") for k in items(english(world.user("firm_b"))))


def test_the_estate_manager_sees_his_estate_and_not_another(world, english):
    today = timezone.localdate()
    site = make_estate(world)
    pk = site.estate.pk
    LeaseFactory(estate=site.estate, tenant=world.firm_a, units=[site.units[0]])
    LeaseFactory(
        estate=site.estate,
        tenant=world.firm_b,
        units=[site.units[1]],
        ends_on=today + timedelta(days=60),
    )
    ApplicationFactory(
        estate=site.estate, status=Application.Status.OFFERED, offered_unit=site.units[2]
    )
    ApplicationFactory(estate=site.estate)  # only waiting
    hall = AssetFactory(estate=site.estate, kind=Asset.Kind.HALL)
    now = timezone.now()
    BookingFactory(asset=hall, firm=world.firm_a, starts_at=now, ends_at=now + timedelta(hours=2))
    BookingFactory(asset=hall, firm=world.firm_a)  # tomorrow
    elsewhere = EstateFactory(name="LIK Semarang", manager=world.semarang)
    LeaseFactory(estate=elsewhere, tenant=world.firm_b)  # in arrears, not his estate's

    found = items(english(site.manager_user))

    leases = f"/kawasan/{pk}/leases/?status=active"
    assert found[f"estates-arrears-{pk}"] == ("2 leases in arrears", leases, 2)
    assert found[f"estates-ending-{pk}"] == ("1 lease ends within 90 days", leases, 1)
    assert found[f"estates-offers-{pk}"] == (
        "1 unit offered on the waiting list",
        f"/kawasan/{pk}/waiting-list/?status=offered",
        1,
    )
    assert found[f"estates-bookings-{pk}"] == ("1 booking today", f"/kawasan/{pk}/bookings/", 1)
    assert found[f"estates-checks-{pk}"] == (
        "1 asset due for a check",
        f"/kawasan/{pk}/assets/?sort=last_checked",
        1,
    )
    assert not [key for key in found if key.endswith(f"-{elsewhere.pk}")]


def test_the_cooperative_manager_sees_the_members_standing(world, english):
    today = timezone.localdate()
    CertificationFactory(firm=world.firm_a, expires_on=today + timedelta(days=10))
    CertificationFactory(firm=world.firm_b, expires_on=today + timedelta(days=10))  # no member
    chain = make_chain(world)
    sign_and_activate(chain.deal)

    found = items(english(world.user("coop_manager")))

    coop = world.cooperative.pk
    assert found[f"cooperative-members-{coop}"] == ("1 member", f"/firms/{coop}/", 1)
    assert found[f"firms-certifications-{world.firm_a.pk}"][2] == 1
    assert f"firms-certifications-{world.firm_b.pk}" not in found
    assert found["partnerships-cooperative"] == (
        "1 agreement active through the cooperative",
        "/kemitraan/?status=active",
        1,
    )


def test_the_cooperative_manager_sees_the_members_5r_standing_not_their_audits(world, english):
    """Firm A (a member) has no final audit and an action overdue: Beginner; a second member
    reached Intermediate; firm B (no member) is left out. The firm page shows each member's
    level; the audits stay closed to the manager."""
    today = timezone.localdate()
    five_r = make_program(world)
    second = FirmFactory(name="CV Logam Kramat")
    CooperativeMembershipFactory(firm=second, cooperative=world.cooperative)
    for firm in (second, world.firm_b):
        AuditFactory(
            firm=firm,
            template=five_r.template,
            program=five_r.program,
            phase=Audit.Phase.FINAL,
            date=today - timedelta(days=20),
            status=Audit.Status.SUBMITTED,
            overall_score=Decimal("70.0"),
            section_scores={"R1": "65.0", "R2": "75.0"},
        )
    baseline = AuditFactory(
        firm=world.firm_a,
        template=five_r.template,
        program=five_r.program,
        status=Audit.Status.SUBMITTED,
        date=today - timedelta(days=40),
    )
    CorrectiveAction.objects.create(
        audit=baseline, finding="Kunci pas berserakan", due_on=today - timedelta(days=1)
    )
    client = english(world.user("coop_manager"))

    found = items(client)

    coop = world.cooperative.pk
    members = f"/firms/{coop}/#members"
    assert found[f"five_r-members-overdue-{coop}"] == (
        "1 member has corrective actions overdue",
        members,
        1,
    )
    assert found[f"five_r-members-madya-{coop}"] == (
        "1 member at the level Intermediate",
        members,
        1,
    )
    assert found[f"five_r-members-pemula-{coop}"] == ("1 member at the level Beginner", members, 1)
    page = client.get(f"/firms/{coop}/").content.decode()
    assert f'data-testid="member-level-{second.pk}"' in page
    assert f'data-testid="member-level-{world.firm_b.pk}"' not in page
    assert client.get(reverse("five_r:audit-detail", args=[baseline.pk])).status_code == 404
    # a stranger to the cooperative sees the member list, not the levels
    assert (
        "member-level-" not in english(world.user("firm_b")).get(f"/firms/{coop}/").content.decode()
    )


def test_names_typed_by_users_are_text_on_the_home_page(world, english):
    today = timezone.localdate()
    chain = make_chain(world)
    chain.buyer.name = 'PT <img src=x onerror="alert(1)"> & Co'
    chain.buyer.save()
    deal = PartnershipFactory(supplier=world.firm_a, buyer=chain.buyer, active=True)
    order(deal, "PO-9", [("Bushing", 100, today + timedelta(days=3))], today)
    fair = make_event(world)
    fair.event.name = "Temu <script>alert(2)</script>"
    fair.event.save()
    MeetingRequestFactory(requester=fair.buyer, recipient=fair.a)

    page = english(world.user("firm_a")).get("/").content.decode()

    assert "PT &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Co" in page
    assert "Temu &lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "<script>alert" not in page


def test_an_empty_section_says_so_and_an_outsider_has_none(world, english):
    page = english(world.user("firm_b")).get("/").content.decode()
    assert 'data-testid="nothing-firms"' in page and "Nothing needs you here." in page
    assert sections(english(world.user("outsider"))) == set()
    assert sections(english(world.user("mentor"))) == {"five_r"}


def test_the_menu_has_no_api_item_and_the_profile_links_the_api(world, english):
    client = english(world.user("firm_a"))
    assert "/api/v1/docs/" not in home(client).nav_links
    assert "/api/v1/docs/" in client.get("/accounts/profile/").content.decode()


def test_the_home_page_costs_a_bounded_number_of_queries(world, english):
    today = timezone.localdate()
    program = make_program(world)
    chain = make_chain(world)
    site = make_estate(world)
    client = english(world.user("firm_a"))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    before = count()
    for n in range(4):
        submitted_audit(world, world.firm_a, program, low=2)
        deal = PartnershipFactory(supplier=world.firm_a, buyer=chain.buyer, active=True)
        order(deal, f"PO-{n}", [("Bushing", 10, today + timedelta(days=2))], today)
        LeaseFactory(estate=site.estate, tenant=world.firm_a, units=[site.units[n]])
        CertificationFactory(firm=world.firm_a, expires_on=today + timedelta(days=5 + n))
    assert count() == before
