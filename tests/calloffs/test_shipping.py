"""Shipping notices and goods receipts: the supplier ships acknowledged firm call-offs, the
buyer receives the notice once, and the receipt is the delivery record the measures count."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rantai.calloffs import services, shipping, shipping_pdf
from rantai.calloffs.models import CallOff, ShippingNotice
from rantai.core.pdf import qr_svg
from rantai.inbox.models import Notification
from rantai.partnerships import performance
from rantai.partnerships.models import Delivery, Partnership
from tests.factories.partnerships import PartnershipFactory, sign_and_activate
from tests.partnerships.conftest import make_chain
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db


@dataclass
class Setting:
    deal: Partnership
    buyer_user: object
    supplier_user: object
    first: CallOff  # 500 due today, acknowledged
    second: CallOff  # 200 due in three days, acknowledged


def call_off(deal, user, number, quantity, days=0, acknowledge_by=None, **values):
    now = timezone.now()
    made = services.release(
        partnership=deal,
        user=user,
        now=now,
        number=number,
        part_number="BS-12",
        description="Bushing baja suspensi",
        quantity=Decimal(quantity),
        unit_price=Decimal("4500"),
        due_on=timezone.localdate() + timedelta(days=days),
        delivery_point="Gerbang 2",
        **values,
    )
    if acknowledge_by is not None:
        made = services.acknowledge(call_off=made, user=acknowledge_by, now=now)
    return made


@pytest.fixture
def setting(world):
    chain = make_chain(world)
    sign_and_activate(chain.deal)
    supplier = world.user("firm_a")
    first = call_off(chain.deal, chain.buyer_user, "CO-1", "500", acknowledge_by=supplier)
    second = call_off(chain.deal, chain.buyer_user, "CO-2", "200", 3, acknowledge_by=supplier)
    return Setting(chain.deal, chain.buyer_user, supplier, first, second)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def ship(s: Setting, lines, number="SJ-001", **values):
    return shipping.ship(
        partnership=s.deal,
        user=s.supplier_user,
        number=number,
        shipped_on=values.pop("shipped_on", timezone.localdate()),
        lines=lines,
        **values,
    )


def receipt(notice, rows):
    lines = list(notice.lines.order_by("pk"))
    return [
        {"line": line, "received": Decimal(r[0]), "rejected": Decimal(r[1]), "reject_reason": r[2]}
        for line, r in zip(lines, rows, strict=True)
    ]


# ---- shipping ----------------------------------------------------------------------------------


def test_ship_writes_the_notice_and_its_lines_and_tells_the_buyer(setting):
    s = setting
    notice = ship(
        s,
        [
            {"call_off": s.first, "lot": "L-7", "quantity": Decimal("300")},
            {"call_off": s.first, "lot": "L-8", "quantity": Decimal("100")},
            {"call_off": s.second, "lot": "", "quantity": Decimal("200")},
        ],
        vehicle="G 1234 AB",
        driver="Pak Darto",
    )
    assert notice.status == ShippingNotice.Status.SENT
    assert notice.supplier_id == s.deal.supplier_id
    assert notice.created_by == s.supplier_user
    assert [(x.call_off.number, x.lot, x.quantity) for x in notice.lines.order_by("pk")] == [
        ("CO-1", "L-7", Decimal("300")),
        ("CO-1", "L-8", Decimal("100")),
        ("CO-2", "", Decimal("200")),
    ]
    assert shipping.open_quantity(s.first) == Decimal("100")
    assert shipping.open_quantity(s.second) == Decimal("0")
    assert [c.number for c in shipping.shippable(s.deal)] == ["CO-1"]
    told = Notification.objects.get(
        kind=Notification.Kind.CALL_OFF, recipient=s.buyer_user, url=notice.get_absolute_url()
    )
    assert "SJ-001" in told.subject


def test_receipt_url_is_the_absolute_address_of_the_receipt_page(setting, settings):
    settings.SITE_URL = "https://rantai.example.id"
    notice = ship(setting, [{"call_off": setting.first, "lot": "", "quantity": Decimal("5")}])
    assert shipping.receipt_url(notice) == (
        f"https://rantai.example.id/call-offs/shipping/{notice.pk}/receive/"
    )


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("zero", "lines", "Line 1: The quantity must be above zero."),
        ("negative", "lines", "Line 1: The quantity must be above zero."),
        ("over", "lines", "Call-off CO-1 has 500 still open; 501 cannot be shipped."),
        ("over_in_two_lots", "lines", "Call-off CO-1 has 500 still open; 600 cannot be shipped."),
        ("no_lines", "lines", "The shipping notice has no lines."),
        ("no_number", "number", "Give the delivery note a number."),
        ("future", "shipped_on", "The shipping date is in the future."),
    ],
)
def test_bad_shipments_write_nothing(setting, english, case, field, message):
    s = setting
    lines = [{"call_off": s.first, "lot": "L-1", "quantity": Decimal("10")}]
    values = {}
    if case == "zero":
        lines[0]["quantity"] = Decimal("0")
    elif case == "negative":
        lines[0]["quantity"] = Decimal("-3")
    elif case == "over":
        lines[0]["quantity"] = Decimal("501")
    elif case == "over_in_two_lots":
        lines = [
            {"call_off": s.first, "lot": "A", "quantity": Decimal("300")},
            {"call_off": s.first, "lot": "B", "quantity": Decimal("300")},
        ]
    elif case == "no_lines":
        lines = []
    elif case == "no_number":
        values["number"] = "  "
    elif case == "future":
        values["shipped_on"] = timezone.localdate() + timedelta(days=1)
    before = fingerprint()
    with pytest.raises(ValidationError) as caught:
        ship(s, lines, **values)
    assert caught.value.message_dict[field] == [message]
    assert fingerprint() == before


def test_a_duplicate_notice_number_of_the_same_supplier_is_refused(setting, english, world):
    s = setting
    ship(s, [{"call_off": s.first, "lot": "", "quantity": Decimal("10")}], number="SJ-9")
    before = fingerprint()
    with pytest.raises(ValidationError) as caught:
        ship(s, [{"call_off": s.first, "lot": "", "quantity": Decimal("10")}], number="SJ-9")
    assert caught.value.message_dict["number"] == [
        "You already sent a shipping notice numbered SJ-9."
    ]
    assert fingerprint() == before


@pytest.mark.parametrize("state", ["released", "proposed", "cancelled", "forecast"])
def test_only_acknowledged_firm_call_offs_are_shipped(setting, english, state):
    s = setting
    if state == "forecast":
        target = call_off(s.deal, s.buyer_user, "CO-F", "100", 20, zone=CallOff.Zone.FORECAST)
        expected = "Line 1: Call-off CO-F is a forecast; it cannot be shipped."
    else:
        target = call_off(s.deal, s.buyer_user, "CO-X", "100", 2)
        if state == "proposed":
            services.propose(
                call_off=target, user=s.supplier_user, note="Mesin rusak", quantity=Decimal("80")
            )
        elif state == "cancelled":
            services.cancel(call_off=target, user=s.buyer_user, reason="Model dihentikan")
        label = {
            "released": "awaiting acknowledgement",
            "proposed": "change proposed",
            "cancelled": "cancelled",
        }[state]
        expected = (
            f"Line 1: Call-off CO-X is {label}; only an acknowledged call-off can be shipped."
        )
    before = fingerprint()
    with pytest.raises(ValidationError) as caught:
        ship(s, [{"call_off": target, "lot": "", "quantity": Decimal("10")}])
    assert caught.value.message_dict["lines"] == [expected]
    assert fingerprint() == before


def test_a_call_off_of_another_agreement_is_refused(setting, english, world):
    s = setting
    other = make_chain_like(world, s)
    before = fingerprint()
    with pytest.raises(ValidationError) as caught:
        ship(s, [{"call_off": other, "lot": "", "quantity": Decimal("1")}])
    assert caught.value.message_dict["lines"] == ["Line 1: This call-off is not of this agreement."]
    assert fingerprint() == before


def make_chain_like(world, s):
    deal = PartnershipFactory(supplier=world.firm_b, buyer=s.deal.buyer, signed=True)
    return call_off(deal, s.buyer_user, "CO-B", "50", acknowledge_by=world.user("firm_b"))


# ---- receipt -----------------------------------------------------------------------------------


def test_the_receipt_is_the_delivery_record_and_moves_the_measures(setting, run_tasks):
    s = setting
    deals = Partnership.objects.filter(pk=s.deal.pk)
    assert performance.totals(deals)["received"] == 0
    notice = ship(
        s,
        [
            {"call_off": s.first, "lot": "L-7", "quantity": Decimal("300")},
            {"call_off": s.first, "lot": "L-8", "quantity": Decimal("200")},
            {"call_off": s.second, "lot": "", "quantity": Decimal("200")},
        ],
    )
    with run_tasks():
        shipping.receive(
            notice=notice,
            user=s.buyer_user,
            received_on=timezone.localdate(),
            lines=receipt(
                notice, [("300", "0", ""), ("200", "5", "Retak pada las"), ("150", "0", "")]
            ),
        )
    notice.refresh_from_db()
    assert notice.status == ShippingNotice.Status.RECEIVED
    assert notice.received_by == s.buyer_user
    deliveries = Delivery.objects.filter(partnership=s.deal).order_by("pk")
    assert [(d.line_id, d.quantity, d.rejected, d.reject_reason) for d in deliveries] == [
        (s.first.line_id, Decimal("300"), Decimal("0"), ""),
        (s.first.line_id, Decimal("200"), Decimal("5"), "Retak pada las"),
        (s.second.line_id, Decimal("150"), Decimal("0"), ""),
    ]
    assert [x.delivery_id for x in notice.lines.order_by("pk")] == [d.pk for d in deliveries]
    measures = performance.totals(deals)
    assert measures["received"] == 650
    assert measures["rejected"] == 5
    assert measures["ppm"] == pytest.approx(5 / 650 * 1_000_000)
    # The short receipt of CO-2 opens the 50 missing again; CO-1 is complete.
    assert shipping.open_quantity(s.first) == 0
    assert shipping.open_quantity(s.second) == Decimal("50")
    told = Notification.objects.get(
        kind=Notification.Kind.CALL_OFF, recipient=s.supplier_user, url=notice.get_absolute_url()
    )
    assert notice.number in told.subject


def test_a_notice_is_received_once(setting, english):
    s = setting
    notice = ship(s, [{"call_off": s.first, "lot": "", "quantity": Decimal("10")}])
    today = timezone.localdate()
    shipping.receive(
        notice=notice,
        user=s.buyer_user,
        received_on=today,
        lines=receipt(notice, [("10", "0", "")]),
    )
    before = fingerprint()
    with pytest.raises(ValidationError) as caught:
        shipping.receive(
            notice=notice,
            user=s.buyer_user,
            received_on=today,
            lines=receipt(notice, [("10", "0", "")]),
        )
    assert caught.value.messages == ["Shipping notice SJ-001 was already received."]
    assert fingerprint() == before
    assert Delivery.objects.filter(partnership=s.deal).count() == 1


@pytest.mark.parametrize(
    ("rows", "field", "message"),
    [
        ([("11", "0", "")], "lines", "CO-1 / L-1: 11 received is more than the 10 shipped."),
        ([("10", "11", "x")], "lines", "CO-1 / L-1: 11 rejected is more than the 10 received."),
        ([("10", "2", "")], "lines", "CO-1 / L-1: Say why goods were rejected."),
        ([("-1", "0", "")], "lines", "CO-1 / L-1: A quantity cannot be below zero."),
        ([("0", "0", "")], "lines", "Nothing was received: record at least one quantity."),
    ],
)
def test_bad_receipts_write_nothing(setting, english, rows, field, message):
    s = setting
    notice = ship(s, [{"call_off": s.first, "lot": "L-1", "quantity": Decimal("10")}])
    before = fingerprint()
    with pytest.raises(ValidationError) as caught:
        shipping.receive(
            notice=notice,
            user=s.buyer_user,
            received_on=timezone.localdate(),
            lines=receipt(notice, rows),
        )
    assert caught.value.message_dict[field] == [message]
    assert fingerprint() == before


def test_a_receipt_must_cover_every_line_and_not_be_dated_in_the_future(setting, english):
    s = setting
    notice = ship(
        s,
        [
            {"call_off": s.first, "lot": "A", "quantity": Decimal("10")},
            {"call_off": s.second, "lot": "B", "quantity": Decimal("10")},
        ],
    )
    before = fingerprint()
    with pytest.raises(ValidationError) as caught:
        shipping.receive(
            notice=notice,
            user=s.buyer_user,
            received_on=timezone.localdate() + timedelta(days=1),
            lines=receipt(notice, [("10", "0", ""), ("10", "0", "")])[:1],
        )
    assert caught.value.message_dict == {
        "received_on": ["The date of receipt is in the future."],
        "lines": ["Give what was received for every line of the notice."],
    }
    assert fingerprint() == before


def test_a_line_of_another_notice_is_refused(setting, english):
    s = setting
    one = ship(s, [{"call_off": s.first, "lot": "", "quantity": Decimal("10")}], number="SJ-1")
    two = ship(s, [{"call_off": s.first, "lot": "", "quantity": Decimal("10")}], number="SJ-2")
    before = fingerprint()
    with pytest.raises(ValidationError) as caught:
        shipping.receive(
            notice=one,
            user=s.buyer_user,
            received_on=timezone.localdate(),
            lines=receipt(two, [("10", "0", "")]),
        )
    assert caught.value.message_dict["lines"] == ["A line of another shipping notice was given."]
    assert fingerprint() == before


# ---- pages -------------------------------------------------------------------------------------


def reads_english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def test_the_supplier_ships_from_the_page_and_sees_the_ship_link(setting, login):
    s = setting
    client = login(s.supplier_user)
    page = client.get(reverse("calloffs:detail", args=[s.first.pk])).content.decode()
    assert 'data-testid="ship"' in page
    url = reverse("calloffs:shipping-create", args=[s.deal.pk])
    form = client.get(url)
    assert [c.number for c in form.context["form"].call_offs] == ["CO-1", "CO-2"]
    response = client.post(
        url,
        {
            "number": "SJ-77",
            "shipped_on": timezone.localdate().isoformat(),
            "vehicle": "G 1234 AB",
            f"quantity_{s.first.pk}": "120",
            f"lot_{s.first.pk}": "L-3",
            f"quantity_{s.second.pk}": "",
        },
    )
    notice = ShippingNotice.objects.get(number="SJ-77")
    assert response.status_code == 302
    assert response.url == notice.get_absolute_url()
    assert [(x.call_off_id, x.lot, x.quantity) for x in notice.lines.all()] == [
        (s.first.pk, "L-3", Decimal("120"))
    ]
    detail = client.get(notice.get_absolute_url()).content.decode()
    assert reverse("calloffs:shipping-pdf", args=[notice.pk]) in detail
    assert 'data-testid="receive"' not in detail  # the supplier does not receive
    assert "SJ-77" in client.get(reverse("calloffs:detail", args=[s.first.pk])).content.decode()


def test_the_buyer_sees_no_ship_link_and_may_not_ship(setting, login):
    s = setting
    client = login(s.buyer_user)
    page = client.get(reverse("calloffs:detail", args=[s.first.pk])).content.decode()
    assert 'data-testid="shipping"' in page
    assert 'data-testid="ship"' not in page
    before = fingerprint()
    url = reverse("calloffs:shipping-create", args=[s.deal.pk])
    data = {
        "number": "SJ-X",
        "shipped_on": timezone.localdate().isoformat(),
        f"quantity_{s.first.pk}": "10",
    }
    assert client.post(url, data).status_code == 403
    assert fingerprint() == before


def test_a_page_shipment_over_the_open_quantity_shows_the_error_and_writes_nothing(setting, login):
    s = setting
    client = login(reads_english(s.supplier_user))
    before = fingerprint()
    response = client.post(
        reverse("calloffs:shipping-create", args=[s.deal.pk]),
        {
            "number": "SJ-78",
            "shipped_on": timezone.localdate().isoformat(),
            f"quantity_{s.second.pk}": "250",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Call-off CO-2 has 200 still open; 250 cannot be shipped."
    ]
    assert "Call-off CO-2 has 200 still open; 250 cannot be shipped." in response.content.decode()
    assert fingerprint() == before


def test_the_buyer_receives_from_the_scanned_page(setting, login):
    s = setting
    notice = ship(s, [{"call_off": s.first, "lot": "L-1", "quantity": Decimal("40")}])
    line = notice.lines.get()
    client = login(s.buyer_user)
    url = reverse("calloffs:shipping-receive", args=[notice.pk])
    form = client.get(url)
    assert form.context["form"][f"received_{line.pk}"].value() == Decimal("40")
    response = client.post(
        url,
        {
            "received_on": timezone.localdate().isoformat(),
            f"received_{line.pk}": "40",
            f"rejected_{line.pk}": "3",
            f"reason_{line.pk}": "Karat",
        },
    )
    assert response.status_code == 302
    delivery = Delivery.objects.get(line=s.first.line)
    assert (delivery.quantity, delivery.rejected, delivery.reject_reason) == (
        Decimal("40"),
        Decimal("3"),
        "Karat",
    )
    again = client.get(url)  # scanned a second time: the notice, received
    assert again.status_code == 302
    assert again.url == notice.get_absolute_url()
    page = client.get(notice.get_absolute_url()).content.decode()
    assert 'data-testid="received-on"' in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("firm_a", 403), ("firm_b", 404), ("coop_manager", 403), ("outsider", 404)],
)
def test_only_the_buyer_receives(setting, world, login, persona, status):
    s = setting
    notice = ship(s, [{"call_off": s.first, "lot": "", "quantity": Decimal("10")}])
    line = notice.lines.get()
    client = login(world.user(persona))
    before = fingerprint()
    response = client.post(
        reverse("calloffs:shipping-receive", args=[notice.pk]),
        {"received_on": timezone.localdate().isoformat(), f"received_{line.pk}": "10"},
    )
    assert response.status_code == status
    assert fingerprint() == before


def test_a_page_receipt_of_more_than_shipped_shows_the_error(setting, login):
    s = setting
    notice = ship(s, [{"call_off": s.first, "lot": "L-1", "quantity": Decimal("10")}])
    line = notice.lines.get()
    client = login(reads_english(s.buyer_user))
    before = fingerprint()
    response = client.post(
        reverse("calloffs:shipping-receive", args=[notice.pk]),
        {"received_on": timezone.localdate().isoformat(), f"received_{line.pk}": "12"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "CO-1 / L-1: 12 received is more than the 10 shipped."
    ]
    assert fingerprint() == before


def test_the_list_shows_what_each_persona_may_see(setting, world, login):
    s = setting
    notice = ship(s, [{"call_off": s.first, "lot": "", "quantity": Decimal("10")}])
    url = reverse("calloffs:shipping-list")
    for user, seen in [
        (s.buyer_user, True),
        (world.user("firm_a"), True),
        (world.user("coop_manager"), True),
        (world.user("firm_b"), False),
        (world.user("officer"), False),  # the agreement shares no performance
    ]:
        page = login(user).get(url).content.decode()
        assert (f'data-testid="shipping-notice-{notice.pk}"' in page) is seen, user


def test_the_delivery_note_carries_the_qr_code_of_the_receipt_page(setting, login, settings):
    settings.SITE_URL = "https://rantai.example.id"
    s = setting
    notice = ship(
        s, [{"call_off": s.first, "lot": "L-1", "quantity": Decimal("10")}], number="SJ-QR"
    )
    context = shipping_pdf.delivery_note_context(notice)
    assert (
        context["qr_payload"]
        == f"https://rantai.example.id/call-offs/shipping/{notice.pk}/receive/"
    )
    assert context["qr"] == qr_svg(context["qr_payload"])
    html = render_to_string(shipping_pdf.TEMPLATE, context)
    assert context["qr"] in html and "<svg" in html and "SJ-QR" in html
    response = login(s.supplier_user).get(reverse("calloffs:shipping-pdf", args=[notice.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# ---- API ---------------------------------------------------------------------------------------


def api_for(user):
    """A token client answered in the user's language: a token is read after the language is
    chosen, so the language cookie (the switch's) says it, not the profile."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = user.language
    return client


def test_the_supplier_ships_and_the_buyer_receives_through_the_api(setting):
    s = setting
    body = {
        "partnership": s.deal.pk,
        "number": "SJ-API",
        "shipped_on": timezone.localdate().isoformat(),
        "lines": [{"call_off": s.first.pk, "lot": "L-9", "quantity": "60"}],
    }
    before = fingerprint()
    assert (
        api_for(s.buyer_user).post("/api/v1/shipping-notices/", body, format="json").status_code
        == 403
    )
    assert fingerprint() == before
    created = api_for(s.supplier_user).post("/api/v1/shipping-notices/", body, format="json")
    assert created.status_code == 201, created.json()
    notice = created.json()
    assert (notice["status"], notice["supplier"]) == ("sent", s.deal.supplier_id)
    line_id = notice["lines"][0]["id"]
    receive = f"/api/v1/shipping-notices/{notice['id']}/receive/"
    receipt_body = {
        "received_on": timezone.localdate().isoformat(),
        "lines": [{"line": line_id, "received": "60", "rejected": "1", "reject_reason": "Penyok"}],
    }
    before = fingerprint()
    assert api_for(s.supplier_user).post(receive, receipt_body, format="json").status_code == 403
    assert fingerprint() == before
    done = api_for(s.buyer_user).post(receive, receipt_body, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "received"
    assert done.json()["lines"][0]["received"] == "60.00"
    delivery = Delivery.objects.get(pk=done.json()["lines"][0]["delivery"])
    assert (delivery.quantity, delivery.rejected) == (Decimal("60"), Decimal("1"))
    before = fingerprint()
    again = api_for(reads_english(s.buyer_user)).post(receive, receipt_body, format="json")
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["Shipping notice SJ-API was already received."]}
    assert fingerprint() == before


def test_the_api_refuses_a_duplicate_number_with_the_reason(setting):
    s = setting
    ship(s, [{"call_off": s.first, "lot": "", "quantity": Decimal("1")}], number="SJ-D")
    before = fingerprint()
    response = api_for(reads_english(s.supplier_user)).post(
        "/api/v1/shipping-notices/",
        {
            "partnership": s.deal.pk,
            "number": "SJ-D",
            "shipped_on": timezone.localdate().isoformat(),
            "lines": [{"call_off": s.first.pk, "lot": "", "quantity": "1"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"number": ["You already sent a shipping notice numbered SJ-D."]}
    assert fingerprint() == before


def test_a_call_off_made_a_forecast_after_shipping_cannot_take_goods(setting, english):
    """(Cancelling one with goods on the way is refused, see above; making it a forecast is a
    change of terms the buyer may still make.)"""
    s = setting
    notice = ship(
        s,
        [
            {"call_off": s.first, "lot": "A", "quantity": Decimal("10")},
            {"call_off": s.second, "lot": "B", "quantity": Decimal("10")},
        ],
    )
    services.change(
        call_off=s.second, user=s.buyer_user, reason="Jadwal model baru mundur", zone="forecast"
    )
    before = fingerprint()
    with pytest.raises(ValidationError) as caught:
        shipping.receive(
            notice=notice,
            user=s.buyer_user,
            received_on=timezone.localdate(),
            lines=receipt(notice, [("10", "0", ""), ("10", "0", "")]),
        )
    assert caught.value.message_dict["lines"] == [
        "CO-2 / B: Call-off CO-2 was cancelled or made a forecast since it was shipped; "
        "record 0 received for it."
    ]
    assert fingerprint() == before
    shipping.receive(
        notice=notice,
        user=s.buyer_user,
        received_on=timezone.localdate(),
        lines=receipt(notice, [("10", "0", ""), ("0", "0", "")]),
    )
    assert [line.delivery_id is not None for line in notice.lines.order_by("pk")] == [True, False]


def test_a_call_off_with_goods_on_the_way_is_not_cancelled_until_they_are_received(
    setting, english
):
    """Shipped goods belong to their call-off: the buyer receives them first (or rejects them at
    the gate), then may cancel what remains. The refusal writes nothing, on the page too."""
    s = setting
    notice = ship(s, [{"call_off": s.first, "lot": "L-7", "quantity": Decimal("120")}])
    s.buyer_user.language = "en"
    s.buyer_user.save(update_fields=["language"])
    buyer = Client()
    buyer.force_login(s.buyer_user)
    before = fingerprint()
    with pytest.raises(ValidationError) as caught:
        services.cancel(call_off=s.first, user=s.buyer_user, reason="Model mobil dihentikan")
    assert caught.value.messages == [
        "Goods for this call-off are on their way (delivery note SJ-001). Record their receipt "
        "first; then the rest can be cancelled."
    ]
    assert fingerprint() == before
    page = buyer.post(
        reverse("calloffs:cancel", args=[s.first.pk]),
        {"reason": "Model mobil dihentikan"},
        follow=True,
    )
    assert "on their way (delivery note SJ-001)" in page.content.decode()
    assert fingerprint() == before

    shipping.receive(
        notice=notice,
        user=s.buyer_user,
        received_on=timezone.localdate(),
        lines=receipt(notice, [("120", "0", "")]),
    )
    cancelled = services.cancel(call_off=s.first, user=s.buyer_user, reason="Sisa tidak perlu")
    assert cancelled.status == CallOff.Status.CANCELLED
    # The other call-off, with nothing shipped, was never held up.
    second = services.cancel(call_off=s.second, user=s.buyer_user, reason="Model dihentikan")
    assert second.status == CallOff.Status.CANCELLED
