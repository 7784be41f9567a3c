"""Two people, two browsers: the buyer releases a call-off; the supplier's board, open on a
phone, shows it without a reload; the supplier acknowledges; the buyer's board shows that."""

from datetime import timedelta

from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from rantai.calloffs.models import CallOff
from tests.e2e.conftest import ARTIFACTS
from tests.factories import sign_and_activate
from tests.partnerships.conftest import make_chain


def signed_in(context, user, live_server):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def test_a_call_off_reaches_the_suppliers_open_board_and_the_answer_comes_back(
    live_server, world, browser, browser_context_args, settings
):
    settings.CALLOFF_BOARD_POLL_SECONDS = 1
    chain = make_chain(world)
    sign_and_activate(chain.deal)
    board = f"{live_server.url}/call-offs/"
    due = timezone.localdate() + timedelta(days=7)

    phone = browser.new_context(**browser_context_args, viewport={"width": 360, "height": 740})
    supplier = signed_in(phone, world.user("firm_a"), live_server)
    supplier.goto(board)
    expect(supplier.get_by_test_id("call-offs")).to_be_visible()
    supplier.evaluate("window.__stillTheSamePage = true")

    desk = browser.new_context(**browser_context_args)
    buyer = signed_in(desk, chain.buyer_user, live_server)
    buyer.goto(f"{board}?partnership={chain.deal.pk}")
    buyer.get_by_test_id("call-off-create").click()
    buyer.locator("#id_part_number").fill("BS-12")
    buyer.locator("#id_drawing_revision").fill("C")
    buyer.locator("#id_description").fill("Bushing baja suspensi")
    buyer.locator("#id_quantity").fill("500")
    buyer.locator("#id_unit_price").fill("4500")
    buyer.locator("#id_due_on").fill(due.isoformat())
    buyer.locator("#id_delivery_point").fill("Gudang penerimaan, Gerbang 2")
    buyer.get_by_test_id("save").click()
    call_off = CallOff.objects.get()
    buyer.wait_for_url(f"{live_server.url}{call_off.get_absolute_url()}")

    row = supplier.get_by_test_id(f"call-off-{call_off.pk}")
    expect(row).to_be_visible(timeout=10_000)  # the board asked for news by itself
    assert supplier.evaluate("window.__stillTheSamePage") is True
    assert supplier.evaluate("document.documentElement.scrollWidth") <= 360
    supplier.screenshot(path=ARTIFACTS / "call-off-board-360.png", full_page=True)
    row.get_by_role("link", name=call_off.number).click()
    supplier.get_by_test_id("acknowledge").click()
    expect(supplier.get_by_test_id(f"status-{call_off.pk}")).to_have_attribute(
        "class", "badge text-bg-success text-wrap"
    )
    assert supplier.evaluate("document.documentElement.scrollWidth") <= 360

    buyer.goto(f"{board}?partnership={chain.deal.pk}")
    expect(buyer.get_by_test_id(f"call-off-{call_off.pk}")).to_have_attribute(
        "data-status", "acknowledged"
    )
    call_off.refresh_from_db()
    assert call_off.status == CallOff.Status.ACKNOWLEDGED
    assert call_off.acknowledged_by == world.user("firm_a")
    phone.close()
    desk.close()
