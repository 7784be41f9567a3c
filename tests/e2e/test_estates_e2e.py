"""An estate manager leases a vacant unit to the firm at the top of the waiting list."""

from datetime import date

from playwright.sync_api import expect

from rantai.estates import services
from rantai.estates.models import Application, Lease
from tests.estates.conftest import make_estate
from tests.factories import ApplicationFactory


def test_lease_a_vacant_unit_to_the_waiting_list_and_the_plan_follows(
    as_user, live_server, world, page, shot
):
    site = make_estate(world)
    world.firm_a.kbli.set(["25130"])
    world.firm_b.kbli.set(["25130"])
    first = services.lease(
        estate=site.estate,
        units=[site.units[2]],  # C-1
        tenant=world.firm_b,
        starts_on=date(2023, 1, 1),
        ends_on=date(2028, 12, 31),
        monthly_fee=500_000,
    )
    application = ApplicationFactory(
        estate=site.estate,
        firm=world.firm_a,
        wanted_type=site.types["C"],
        applied_on=date(2024, 2, 1),
    )
    base = f"{live_server.url}/kawasan/{site.estate.pk}"

    as_user(site.manager_user)
    page.goto(f"{base}/")
    expect(page.get_by_test_id("occupancy-summary")).to_contain_text("6")
    expect(page.get_by_test_id("unit-C-2")).to_have_attribute("data-status", "vacant")
    page.get_by_test_id("waiting-tab").click()
    page.get_by_test_id(f"offer-unit-{application.pk}").select_option(str(site.units[3].pk))  # C-2
    page.get_by_test_id(f"offer-{application.pk}").click()
    page.get_by_test_id(f"lease-{application.pk}").click()
    expect(page.get_by_test_id("from-application")).to_contain_text(world.firm_a.name)
    page.locator("#id_ends_on").fill("2029-12-31")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("lease-status")).to_be_visible()
    lease = Lease.objects.exclude(pk=first.pk).get()
    assert lease.tenant == world.firm_a and [u.code for u in lease.units.all()] == ["C-2"]
    assert Application.objects.get(pk=application.pk).status == "leased"

    page.goto(f"{base}/")
    expect(page.get_by_test_id("unit-C-2")).to_have_attribute("data-status", "occupied")
    expect(page.get_by_test_id("unit-C-2")).to_contain_text(world.firm_a.name[:20])
    page.goto(f"{base}/occupancy/")
    expect(page.get_by_test_id("by-type")).to_contain_text("2")
    shot("estate-occupancy")

    # The new tenant sees its own lease and not its neighbour's.
    as_user(world.user("firm_a"))
    page.goto(f"{base}/")
    page.get_by_test_id("my-lease").get_by_role("link").click()
    expect(page.get_by_test_id("lease-terms")).to_contain_text("C-2")
    response = page.goto(f"{live_server.url}{first.get_absolute_url()}")
    assert response.status == 404
