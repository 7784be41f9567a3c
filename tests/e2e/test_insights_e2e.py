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


def test_officer_reads_the_tegal_demo_for_2022(as_user, live_server, page, shot):
    """The demo's story: six partnerships signed at LIK Takaru on 3 October 2022."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("load_demo", quiet_logins=True, verbosity=0)
    as_user(get_user_model().objects.get(username="petugas.tegal"))
    page.goto(f"{live_server.url}/insights/")
    page.locator("#id_year").fill("2022")
    page.get_by_test_id("apply").click()
    expect(page.locator("h1")).to_contain_text("Kabupaten Tegal · 2022")
    expect(page.get_by_test_id("count-signed")).to_have_text("6")
    expect(page.get_by_test_id("figure-partnerships-count")).to_have_text("6")
    expect(page.get_by_test_id("figure-partnerships-value")).to_have_text("Rp 4.870.000.000")
    shot("insights-demo-2022")
    page.get_by_test_id("count-signed").click()
    expect(page.get_by_test_id("step-count")).to_have_text("6")
    expect(page.get_by_test_id("step-firms")).to_contain_text("PT Sinergi Mandiri Teknikatama")
    page.go_back()
    page.get_by_test_id("to-map").click()
    expect(page.get_by_test_id("map-legend")).to_contain_text("Aktif dan berkinerja baik (5)")
    expect(page.get_by_test_id("chain-graph")).to_contain_text("PT Astra International")
    shot("insights-demo-map")
