"""Two people, two browsers: the buyer releases a call-off; the supplier's board, open on a
phone, shows it without a reload; the supplier acknowledges; the buyer's board shows that. And
the cooperative moving a call-off to another member, with the buyer's consent."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from rantai.accounts.models import Role
from rantai.calloffs import services
from rantai.calloffs.models import CallOff, ShippingNotice
from rantai.firms.models import Firm
from rantai.partnerships.models import Delivery
from tests.e2e.conftest import ARTIFACTS
from tests.factories import (
    CooperativeMembershipFactory,
    FirmFactory,
    MachineFactory,
    MembershipFactory,
    OrderFactory,
    OrderLineFactory,
    PartnershipFactory,
    UserFactory,
    sign_and_activate,
)
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
    due = timezone.localdate()  # due today: received today counts as on time at once

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

    # The supplier ships it on a delivery note; the buyer scans it at the gate and receives.
    supplier.get_by_test_id("ship").click()
    supplier.locator("#id_number").fill("SJ-0001")
    card = supplier.get_by_test_id(f"ship-call-off-{call_off.pk}")
    card.locator("input").first.fill("500")
    card.locator("input").nth(1).fill("LOT-A1")
    supplier.get_by_test_id("save").click()
    notice = ShippingNotice.objects.get()
    supplier.wait_for_url(f"{live_server.url}{notice.get_absolute_url()}")
    assert supplier.evaluate("document.documentElement.scrollWidth") <= 360

    buyer.goto(f"{live_server.url}{reverse('calloffs:shipping-receive', args=[notice.pk])}")
    line = buyer.get_by_test_id(f"receive-line-{notice.lines.get().pk}")
    line.locator("input").nth(0).fill("500")
    line.locator("input").nth(1).fill("5")
    line.locator("input").nth(2).fill("Diameter di luar toleransi")
    buyer.get_by_test_id("confirm").click()
    buyer.wait_for_url(f"{live_server.url}{notice.get_absolute_url()}")
    delivery = Delivery.objects.get()
    assert (delivery.quantity, delivery.rejected, delivery.line_id) == (500, 5, call_off.line_id)
    buyer.goto(f"{live_server.url}{reverse('partnerships:orders', args=[chain.deal.pk])}")
    totals = buyer.get_by_test_id("totals")
    expect(totals).to_contain_text("100,0%")  # on time
    expect(totals).to_contain_text("10.000 PPM")  # 5 of 500 rejected
    phone.close()
    desk.close()


def test_the_cooperative_moves_a_call_off_and_the_buyer_agrees(
    live_server, world, browser, browser_context_args
):
    """The cooperative's manager, on a phone, moves a call-off its member cannot deliver to
    another member; the buyer agrees at his desk; the new member's board has it."""
    chain = make_chain(world)
    sign_and_activate(chain.deal)
    fellow = FirmFactory(kind=Firm.Kind.IKM, name="PT Putra Bungsu Tegal")
    CooperativeMembershipFactory(firm=fellow, cooperative=world.cooperative)
    MachineFactory(firm=fellow, count=2)
    owner = UserFactory(username="bungsu")
    MembershipFactory(user=owner, organisation=fellow, role=Role.OWNER, can_manage=True)
    deal = PartnershipFactory(
        supplier=fellow, buyer=chain.buyer, cooperative=world.cooperative, active=True
    )
    today = timezone.localdate()
    trial = OrderFactory(partnership=deal, number="PO/UJI/01", ordered_on=today)
    OrderLineFactory(order=trial, part="Bushing baja suspensi BS-12", due_on=today)
    call_off = services.release(
        partnership=chain.deal,
        user=chain.buyer_user,
        part_number="BS-12",
        description="Bushing baja suspensi",
        quantity=Decimal(500),
        unit_price=Decimal(4500),
        due_on=today + timedelta(days=3),
        delivery_point="Gudang penerimaan, Gerbang 2",
    )

    phone = browser.new_context(**browser_context_args, viewport={"width": 360, "height": 740})
    manager = signed_in(phone, world.user("coop_manager"), live_server)
    manager.goto(f"{live_server.url}{call_off.get_absolute_url()}")
    manager.get_by_test_id("move").click()
    expect(manager.get_by_test_id(f"candidate-{fellow.pk}")).to_be_visible()
    manager.get_by_test_id(f"candidate-{fellow.pk}").locator("input").check()
    manager.locator("#id_machine_hours").fill("12")
    manager.locator("#id_reason").fill("Mesin CNC PT Sinergi rusak; <b>menunggu</b> suku cadang")
    assert manager.evaluate("document.documentElement.scrollWidth") <= 360
    manager.screenshot(path=ARTIFACTS / "call-off-move-360.png", full_page=True)
    manager.get_by_test_id("propose-move").click()
    expect(manager.get_by_test_id("move-proposed")).to_be_visible()

    desk = browser.new_context(**browser_context_args)
    buyer = signed_in(desk, chain.buyer_user, live_server)
    buyer.goto(f"{live_server.url}{call_off.get_absolute_url()}")
    expect(buyer.get_by_test_id("move-proposed")).to_contain_text("<b>menunggu</b>")  # text
    buyer.get_by_test_id("accept-move").click()
    expect(buyer.get_by_test_id("move-accepted")).to_be_visible()
    new = CallOff.objects.get(partnership=deal, part_number="BS-12")
    expect(buyer.get_by_test_id("moved-to")).to_have_text(new.number)

    bungsu = signed_in(browser.new_context(**browser_context_args), owner, live_server)
    bungsu.goto(f"{live_server.url}/call-offs/")
    expect(bungsu.get_by_test_id(f"call-off-{new.pk}")).to_be_visible()
    call_off.refresh_from_db()
    assert call_off.status == CallOff.Status.CANCELLED
