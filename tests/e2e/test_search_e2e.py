"""The header's search in a browser: suggestions while typing on a desktop, the results page
from the search icon on a phone, and nothing private of another firm."""

from playwright.sync_api import expect

from tests.factories import AuditFactory, FirmFactory, PartnershipFactory

PHONE = {"width": 360, "height": 740}


def _rows(world):
    buyer = FirmFactory(large=True, name="PT Astra Otoparts Tegal")
    agreement = PartnershipFactory(supplier=world.firm_b, buyer=buyer, number="PKS-0042/TKR/2022")
    audit = AuditFactory(firm=world.firm_b, area="Gudang bahan baku kuningan")
    return agreement, audit


def test_an_officer_picks_a_suggestion_under_the_header_box(
    as_user, live_server, world, page, shot
):
    _, audit = _rows(world)
    as_user(world.user("officer"))
    page.set_viewport_size({"width": 1440, "height": 900})  # the header box is for wide screens
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("search-input").fill("gudang kuningan")
    suggestions = page.get_by_test_id("search-suggestions")
    expect(suggestions.get_by_test_id("suggestion")).to_have_count(1)
    shot("search-suggestions")
    page.keyboard.press("Escape")
    expect(suggestions).to_have_count(0)
    page.get_by_test_id("search-input").fill("kuningan gudang")
    suggestions.get_by_test_id("suggestion").first.click()
    expect(page).to_have_url(f"{live_server.url}/5r/audits/{audit.pk}/")


def test_on_a_phone_a_firm_owner_searches_from_the_icon_and_sees_only_its_share(
    as_user, live_server, world, page, shot
):
    _rows(world)
    page.set_viewport_size(PHONE)
    as_user(world.user("firm_a"))
    page.goto(f"{live_server.url}/")
    page.get_by_test_id("search-link").click()
    box = page.get_by_test_id("search-page-input")
    box.fill("PKS-0042")
    box.press("Enter")
    expect(page.get_by_test_id("search-nothing")).to_be_visible()  # firm B's agreement
    box = page.get_by_test_id("search-page-input")
    box.fill("baja slawi")
    box.press("Enter")
    expect(page.get_by_test_id("search-group-firms").get_by_test_id("search-hit")).to_have_count(1)
    expect(page.get_by_test_id("search-group-audits")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot("search-phone")
    # Firm B's owner finds its own agreement.
    as_user(world.user("firm_b"))
    page.goto(f"{live_server.url}/search/?q=PKS-0042")
    expect(page.get_by_test_id("search-group-agreements")).to_contain_text("PKS-0042/TKR/2022")
