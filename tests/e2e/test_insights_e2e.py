"""An officer reads the funnel for a year and opens the firms behind a step."""

from playwright.sync_api import expect

from tests.insights.conftest import make_story


def test_officer_filters_the_funnel_and_clicks_through(as_user, live_server, world, page, shot):
    make_story(world)
    as_user(world.user("officer"))  # remit: Kabupaten Tegal
    page.goto(f"{live_server.url}/insights/")
    page.locator("#id_year").fill("2022")
    page.get_by_test_id("apply").click()
    expect(page.get_by_test_id("count-registered")).to_have_text("2")
    expect(page.get_by_test_id("count-signed")).to_have_text("1")
    expect(page.get_by_test_id("conversion-improved")).to_contain_text("50")
    shot("insights-funnel")
    page.get_by_test_id("count-signed").click()
    expect(page.get_by_test_id("step-count")).to_have_text("1")
    expect(page.get_by_test_id("step-firms")).to_contain_text(world.firm_a.name)
