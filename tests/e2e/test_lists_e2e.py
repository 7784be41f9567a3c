"""Every list page on a phone (360 px) and a desktop (1280 px): nothing scrolls sideways, and
the register's pages turn in place (htmx) with the filters kept. The register's region picker
finds a regency as one types."""

import re
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from rantai.estates import assets
from rantai.estates import services as estates
from rantai.estates.models import Asset
from rantai.matchmaking.models import Interest, Registration
from rantai.partnerships import services
from rantai.partnerships.models import Partnership
from tests.estates.conftest import make_estate
from tests.factories import (
    AccessRequestFactory,
    ApplicationFactory,
    AuditFactory,
    FirmFactory,
    MeetingRequestFactory,
    NeedFactory,
    PartnershipFactory,
    RegistrationFactory,
    sign_and_activate,
)
from tests.five_r.conftest import make_program
from tests.matchmaking.conftest import make_event
from tests.partnerships.conftest import make_chain

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
# A table wider than its box scrolls inside it (Bootstrap's table-responsive): not wanted either.
SCROLLING_TABLES = """Array.from(document.querySelectorAll(".table-container"))
    .map(box => box.scrollWidth - box.clientWidth).filter(extra => extra > 0)"""


def _pages(world):
    """A little of everything, so that every column of every list has something to show."""
    fair = make_event(world)
    chain = make_chain(world, buyer=fair.buyer.firm, buyer_user=fair.buyer_user)
    sign_and_activate(chain.deal)
    for n in range(26):
        services.save_partnership(
            Partnership(
                supplier=world.firm_b,
                buyer=chain.other_buyer,
                kind=Partnership.Kind.TIER2,
                scope=f"Pin dan poros kecil berlapis krom, lot {n:02d}",
                estimated_value=720_000_000 + n,
                signed_on=date(2023, 1, 1) + timedelta(days=n),
            )
        )
    today = timezone.localdate()
    services.create_order(
        partnership=chain.deal,
        number="PO/2306/0001",
        ordered_on=today - timedelta(days=20),
        lines=[
            {"part": "Bushing baja BS-12", "quantity": 1000, "unit_price": 4500, "due_on": today},
            {"part": "Pin krom", "quantity": 250, "unit_price": 1200, "due_on": today},
        ],
        rescore=False,
    )
    site = make_estate(world)
    estates.lease(
        estate=site.estate,
        units=[site.units[2]],
        tenant=world.firm_a,
        starts_on=date(2024, 1, 1),
        ends_on=date(2030, 12, 31),
        monthly_fee=500_000,
    )
    ApplicationFactory(
        estate=site.estate, firm=world.firm_b, applied_on=date(2024, 1, 1), note="Perlu daya 23 kVA"
    )
    hall = assets.save_asset(
        Asset(
            estate=site.estate,
            name="Gedung pertemuan LIK Takaru",
            kind=Asset.Kind.HALL,
            funding=Asset.Funding.DAK,
            fiscal_year=2017,
            cost=1_985_000_000,
            quantity="1 gedung, 450 m²",
            bookable=True,
        )
    )
    start = timezone.now() + timedelta(days=3)
    assets.book(
        asset=hall,
        firm=world.firm_a,
        starts_at=start,
        ends_at=start + timedelta(days=1, hours=2),
        purpose="Pameran produk logam",
        user=None,
    )
    five_r = make_program(world)
    AuditFactory(
        firm=world.firm_a,
        program=five_r.program,
        area="Lantai produksi: bubut, frais dan CNC",
        auditors=[world.user("mentor")],
        submitted=True,
        submit__low_codes=[item.code for item in five_r.items[:3]],
    )
    AuditFactory(firm=world.firm_b, program=five_r.program, auditors=[world.user("mentor")])
    estate = f"/kawasan/{site.estate.pk}"
    event = _temu_bisnis(fair)
    AccessRequestFactory(
        name="Muhammad Abdurrahman Wicaksono Prawiranegara",
        email="muhammad.abdurrahman.wicaksono@bengkel-las-kramat-sejahtera.co.id",
        organisation="CV Bengkel Las dan Bubut Kramat Sejahtera Abadi Jaya",
    )
    return {
        "register": "/kemitraan/",
        "links": "/kemitraan/chain/",
        "orders": f"/kemitraan/{chain.deal.pk}/orders/",
        "estates": "/kawasan/",
        "leases": f"{estate}/leases/",
        "waiting": f"{estate}/waiting-list/",
        "assets": f"{estate}/assets/",
        "bookings": f"{estate}/bookings/",
        "members": f"/accounts/organisations/{world.firm_a.pk}/members/",
        "access-requests": "/accounts/access-requests/",
        "step-firms": "/insights/firms/registered/",
        "5r-programs": "/5r/programs/",
        "5r-checklists": "/5r/checklists/",
        "5r-audits": "/5r/audits/",
        "5r-actions": "/5r/actions/?show=all",
        "events": "/temu-bisnis/",
        "registrations": f"{event}/registrations/",
        "needs": f"{event}/needs/",
        "participants": f"{event}/participants/",
        "requests": f"{event}/requests/",
    }


def _temu_bisnis(fair) -> str:
    """The event's lists with long names, a waiting registration, a need, a request with its
    message, and a buyer that has not asked firm A yet (so firm A's directory has buttons)."""
    RegistrationFactory(
        event=fair.event,
        firm=FirmFactory(name="CV Pengecoran Logam Presisi Nusantara Sejahtera Abadi"),
        status=Registration.Status.PENDING,
        headline="Cor pasir dan cor presisi untuk komponen otomotif dan alat pertanian",
    )
    RegistrationFactory(event=fair.event, buyer=True, headline="Mencari pemasok braket baja")
    need = NeedFactory(
        registration=fair.buyer, title="Bushing baja untuk suspensi", processes=["cnc-turning"]
    )
    MeetingRequestFactory(
        requester=fair.buyer,
        recipient=fair.a,
        interest=Interest.MUST,
        need=need,
        message="Kami ingin membahas sampel bushing dan jadwal pengiriman bulanan",
    )
    return f"/temu-bisnis/{fair.event.pk}"


def _too_wide(page, live_server, shot, paths, who):
    """The lists of ``paths`` that scroll sideways at a phone's or a desktop's width."""
    too_wide = []
    for size, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
        page.set_viewport_size(size)
        for label, path in paths.items():
            page.goto(f"{live_server.url}{path}")
            expect(page.locator("#results, [data-testid=step-firms]").first).to_be_visible()
            shot(f"list-{name}-{label}{who}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            tables = page.evaluate(SCROLLING_TABLES)
            if overflow > 0 or tables:
                too_wide.append((name, path, overflow, tables))
    return too_wide


def test_no_list_scrolls_sideways_and_the_register_pages_in_place(
    as_user, live_server, world, shot
):
    paths = _pages(world)
    page = as_user(world.user("admin"))
    too_wide = _too_wide(page, live_server, shot, paths, "")
    assert not too_wide, too_wide

    page.goto(f"{live_server.url}/kemitraan/?kind=tier2_supply")
    expect(page.get_by_test_id("result-count")).to_contain_text("26")
    page.locator("#results .pagination").get_by_role("link", name="2", exact=True).click()
    expect(page.get_by_test_id("register").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("register")).to_contain_text("lot 00")
    assert "kind=tier2_supply" in page.url and "page=2" in page.url
    shot("list-register-page-2")

    # A participant's lists carry its buttons: to ask for a meeting, to answer a request.
    as_user(world.user("firm_a"))
    mine = {label: paths[label] for label in ("needs", "participants", "requests")}
    too_wide = _too_wide(page, live_server, shot, mine, "-firm-a")
    assert not too_wide, too_wide
    expect(page.get_by_test_id("requests").locator("[data-testid^=accept-]")).to_have_count(1)
    page.goto(f"{live_server.url}{paths['participants']}")
    expect(page.get_by_test_id("participants").locator("[data-testid^=must-]")).to_have_count(1)


def test_the_register_finds_a_regency_as_one_types_and_filters_by_it(as_user, live_server, world):
    chain = make_chain(world)  # firm A in Kramat, Kabupaten Tegal, supplies the Semarang buyer
    PartnershipFactory(supplier=chain.buyer, buyer=chain.oem, scope="Rangka dari Kota Semarang")
    page = as_user(world.user("admin"))
    page.goto(f"{live_server.url}/kemitraan/")
    expect(page.get_by_test_id("result-count")).to_contain_text("2")
    assert page.locator("#id_region option").count() == 1  # the empty choice, no list

    with page.expect_response(lambda r: reverse("region-search") in r.url) as searched:
        page.locator("#id_region-ts-control").fill("Tegal")
    assert "max_level=3" in searched.value.url
    dropdown = page.locator("#id_region-ts-dropdown")
    expect(
        dropdown.get_by_role("option", name="Kota Tegal, Jawa Tengah", exact=True)
    ).to_be_visible()
    expect(
        dropdown.get_by_role("option", name="Tegal Barat, Kota Tegal, Jawa Tengah")
    ).to_be_visible()
    dropdown.get_by_role("option", name="Kabupaten Tegal, Jawa Tengah", exact=True).click()
    page.locator("#list-filters button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/kemitraan/\?.*\bregion=33\.28&"))
    expect(page.get_by_test_id("result-count")).to_contain_text("1")
    expect(page.get_by_test_id("register")).to_contain_text(world.firm_a.name)
    expect(page.get_by_test_id("register")).not_to_contain_text("Rangka dari Kota Semarang")
    expect(page.locator("#id_region-ts-control").locator("..")).to_contain_text("Kabupaten Tegal")
