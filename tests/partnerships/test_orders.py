"""Orders, deliveries and scorecards through the pages and the API, with their permissions."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rantai.five_r import checklists
from rantai.five_r.models import Audit
from rantai.partnerships import scorecards, services
from rantai.partnerships.models import Delivery, Order, Partnership, ScoreRecord
from tests.factories import sign_and_activate

pytestmark = pytest.mark.django_db


def day() -> date:
    """Forty days before the pinned today (computed in the test, once the clock is pinned)."""
    return timezone.localdate() - timedelta(days=40)


def api(user):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def deal(chain):
    sign_and_activate(chain.deal)
    return Partnership.objects.get(pk=chain.deal.pk)


def _order_post(**overrides):
    data = {
        "number": "PO/2301/01",
        "ordered_on": day().isoformat(),
        "note": "",
        "line-TOTAL_FORMS": "2",
        "line-INITIAL_FORMS": "0",
        "line-0-part": "Bushing baja BS-12",
        "line-0-quantity": "1000",
        "line-0-unit": "pcs",
        "line-0-unit_price": "4500",
        "line-0-due_on": (day() + timedelta(days=10)).isoformat(),
        "line-1-part": "",
        "line-1-quantity": "",
        "line-1-unit": "pcs",
        "line-1-unit_price": "",
        "line-1-due_on": "",
    }
    return data | overrides


def test_the_buyer_records_an_order_and_a_delivery_and_the_measures_follow(
    deal, chain, login, run_tasks
):
    client = login(chain.buyer_user)
    response = client.post(reverse("partnerships:order-create", args=[deal.pk]), _order_post())
    assert response.status_code == 302
    line = Order.objects.get().lines.get()
    with run_tasks():
        client.post(
            reverse("partnerships:delivery-create", args=[line.pk]),
            {
                "delivered_on": (day() + timedelta(days=12)).isoformat(),
                "quantity": "1000",
                "rejected": "50",
                "reject_reason": "Diameter di luar toleransi",
            },
        )
    delivery = Delivery.objects.get()
    assert (delivery.quantity, delivery.rejected) == (1000, 50)
    page = client.get(reverse("partnerships:orders", args=[deal.pk]))
    totals = page.context["totals"]
    assert (totals["on_time"], totals["fill_rate"], totals["lateness"]) == (0.0, 100.0, 2.0)
    assert totals["ppm"] == pytest.approx(50_000)
    # The scorecard was recomputed by the background task the delivery scheduled.
    record = ScoreRecord.objects.get()
    assert record.supplier == deal.supplier
    assert (record.measures["on_time"], record.measures["lateness"]) == (0.0, 2.0)


def test_a_bad_order_or_delivery_changes_nothing(deal, chain, login):
    client = login(chain.buyer_user)
    bad = client.post(
        reverse("partnerships:order-create", args=[deal.pk]),
        _order_post(**{"line-0-due_on": "", "line-0-quantity": "0"}),
    )
    assert bad.status_code == 200 and not Order.objects.exists()
    client.post(reverse("partnerships:order-create", args=[deal.pk]), _order_post())
    line = Order.objects.get().lines.get()
    response = client.post(
        reverse("partnerships:delivery-create", args=[line.pk]),
        {"delivered_on": day().isoformat(), "quantity": "10", "rejected": "20"},
        follow=True,
    )
    assert not Delivery.objects.exists()
    assert list(response.context["messages"])  # says why


def test_only_the_parties_see_orders_and_only_the_buyer_records_them(deal, chain, world, login):
    services.create_order(
        partnership=deal,
        number="PO-1",
        ordered_on=day(),
        lines=[{"part": "Pin", "quantity": 10, "unit_price": 1, "due_on": day()}],
        rescore=False,
    )
    url = reverse("partnerships:orders", args=[deal.pk])
    assert login(chain.buyer_user).get(url).status_code == 200
    assert login(world.user("firm_a")).get(url).status_code == 200  # the supplier reads
    assert (
        login(world.user("firm_a"))
        .get(reverse("partnerships:order-create", args=[deal.pk]))
        .status_code
        == 403
    )
    assert login(chain.other_buyer_user).get(url).status_code == 404  # another buyer: nothing
    # The Tegal officer sees the agreement, but its orders only once both firms consent.
    assert login(world.user("officer")).get(url).status_code == 403
    Partnership.objects.filter(pk=deal.pk).update(share_performance=True)
    assert login(world.user("officer")).get(url).status_code == 200


def _ordered_and_delivered_through_the_api(chain, deal, number: str) -> int:
    """One order of 100 bushings due and delivered on the same day, through the buyer's API; the
    buyer's scorecard computed. Returns the order line's id."""
    buyer = api(chain.buyer_user)
    made = buyer.post(
        "/api/v1/orders/",
        {
            "partnership": deal.pk,
            "number": number,
            "ordered_on": day().isoformat(),
            "lines": [
                {
                    "part": "Bushing",
                    "quantity": "100",
                    "unit_price": "4500",
                    "due_on": day().isoformat(),
                }
            ],
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    line_id = made.json()["lines"][0]["id"]
    delivered = buyer.post(
        "/api/v1/deliveries/",
        {"line": line_id, "delivered_on": day().isoformat(), "quantity": "100"},
        format="json",
    )
    assert delivered.status_code == 201, delivered.json()
    scorecards.compute(scorecards.scorecard_for(chain.buyer), notify=False)
    return line_id


def test_a_second_buyer_sees_no_order_price_or_score_of_the_first_through_the_api(
    deal, chain, world
):
    line_id = _ordered_and_delivered_through_the_api(chain, deal, "PO-API-1")
    other = api(chain.other_buyer_user)
    assert other.get("/api/v1/orders/").json()["results"] == []
    assert other.get("/api/v1/deliveries/").json()["results"] == []
    assert other.get("/api/v1/measures/").json() == []
    assert other.get("/api/v1/scores/").json()["results"] == []
    assert (
        other.post(
            "/api/v1/deliveries/",
            {"line": line_id, "delivered_on": day().isoformat(), "quantity": "1"},
            format="json",
        ).status_code
        == 400
    )
    supplier = api(world.user("firm_a"))
    assert [o["number"] for o in supplier.get("/api/v1/orders/").json()["results"]] == ["PO-API-1"]
    measures = supplier.get("/api/v1/measures/").json()
    assert measures[0]["on_time"] == 100.0 and measures[0]["due"] == 100.0
    assert supplier.get("/api/v1/scores/").json()["results"][0]["score"] == "100.0"
    # A default band and the default title in the reader's language, whoever made them.
    buyer = api(chain.buyer_user)
    for reader in (supplier, buyer):
        reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert supplier.get("/api/v1/scores/").json()["results"][0]["band"] == "Excellent"
    card = buyer.get("/api/v1/scorecards/").json()
    assert card["results"][0]["name"] == f"Supplier scorecard of {chain.buyer.name}"
    assert card["results"][0]["bands"][0] == {
        "name": "Excellent",
        "min_score": "85.0",
        "colour": "success",
        "meaning": "Preferred supplier: first for new parts and larger volumes.",
        "code": "excellent",
    }
    assert supplier.post(
        "/api/v1/orders/",
        {"partnership": deal.pk, "number": "X", "ordered_on": day().isoformat(), "lines": []},
        format="json",
    ).status_code in (400, 403)
    assert Order.objects.count() == 1


def test_scorecard_settings_need_weights_summing_to_100_and_a_band_from_zero(chain, login):
    client = login(chain.buyer_user)
    card = scorecards.scorecard_for(chain.buyer)
    url = reverse("partnerships:scorecard-settings", args=[chain.buyer.pk])
    page = client.get(url)
    criteria, bands = page.context["criteria"], page.context["bands"]
    data = {"name": card.name, "period": "quarter", "sop_template": ""}
    for prefix, formset in (("criteria", criteria), ("bands", bands)):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(formset.forms))
        data[f"{prefix}-INITIAL_FORMS"] = str(formset.initial_form_count())
        for i, form in enumerate(formset.forms):
            for name in form.fields:
                value = form.instance.pk if name == "id" else form.initial.get(name, "")
                data[f"{prefix}-{i}-{name}"] = (
                    "" if value is None else (value.pk if hasattr(value, "pk") else value)
                )
    data["criteria-0-weight"] = "50"  # was 40: now 110 in all
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "110" in str(refused.context["criteria"].non_form_errors())
    assert scorecards.scorecard_for(chain.buyer).period == "month"
    data["criteria-1-weight"] = str(int(data["criteria-1-weight"]) - 10)
    assert client.post(url, data).status_code == 302
    assert scorecards.scorecard_for(chain.buyer).period == "quarter"
    assert login(chain.other_buyer_user).get(url).status_code == 403


def test_the_supplier_sees_its_scores_from_every_buyer(deal, chain, world, login):
    services.create_order(
        partnership=deal,
        number="PO-1",
        ordered_on=day(),
        lines=[{"part": "Pin", "quantity": 10, "unit_price": 1, "due_on": day()}],
        rescore=False,
    )
    scorecards.compute(scorecards.scorecard_for(chain.buyer), notify=False)
    page = login(world.user("firm_a")).get(reverse("partnerships:scorecards"))
    assert [r.scorecard.buyer for r in page.context["mine"]] == [chain.buyer]
    url = reverse("partnerships:score-supplier", args=[chain.buyer.pk, world.firm_a.pk])
    assert login(world.user("firm_a")).get(url).status_code == 200
    assert login(world.user("firm_b")).get(url).status_code == 404
    assert login(chain.other_buyer_user).get(url).status_code == 404
    assert Decimal(str(page.context["mine"][0].score)) == Decimal("0.0")  # nothing delivered


def test_the_buyer_audits_its_sop_with_its_checklist_and_the_firm_page_draws_the_chain(
    deal, chain, world, login
):

    card = scorecards.scorecard_for(chain.buyer)
    card.sop_template = checklists.load_default()
    card.save()
    client = login(chain.buyer_user)
    response = client.post(
        reverse("partnerships:sop-audit", args=[chain.buyer.pk, world.firm_a.pk])
    )
    audit = Audit.objects.get(firm=world.firm_a, template=card.sop_template)
    assert response["Location"] == audit.get_absolute_url()
    assert list(audit.auditors.all()) == [chain.buyer_user]
    assert client.get(audit.get_absolute_url()).status_code == 200  # the buyer captures it
    # Not for a firm that is not its supplier.
    assert (
        client.post(
            reverse("partnerships:sop-audit", args=[chain.buyer.pk, world.firm_b.pk])
        ).status_code
        == 404
    )
    firm_page = login(world.user("firm_a")).get(world.firm_a.get_absolute_url())
    assert 'data-testid="chain-graph"' in firm_page.content.decode()


def test_scores_through_the_api_follow_the_page_rule_for_officers(deal, chain, world):
    """Defect 9: an officer whose remit holds only the buyer (Semarang) saw, through
    /api/v1/scores/, the score of a supplier outside it (Tegal); the page answers 404."""
    Partnership.objects.filter(pk=deal.pk).update(share_performance=True)
    _ordered_and_delivered_through_the_api(chain, deal, "PO-API-9")
    record = ScoreRecord.objects.get()
    far = api(world.user("far_officer"))
    assert far.get("/api/v1/scores/").json()["results"] == []
    assert far.get(f"/api/v1/scores/{record.pk}/").status_code == 404
    tegal = api(world.user("officer"))
    assert [r["id"] for r in tegal.get("/api/v1/scores/").json()["results"]] == [record.pk]
    assert tegal.get(f"/api/v1/scores/{record.pk}/").status_code == 200


def test_measures_of_one_agreement_and_a_bad_agreement_id_is_a_400(deal, chain, world):
    _ordered_and_delivered_through_the_api(chain, deal, "PO-API-2")
    supplier = api(world.user("firm_a"))
    assert len(supplier.get(f"/api/v1/measures/?partnership={deal.pk}").json()) == 1
    assert supplier.get(f"/api/v1/measures/?partnership={deal.pk + 999}").json() == []
    response = supplier.get("/api/v1/measures/?partnership=1e3", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 400
    assert response.json() == {"partnership": ["Masukkan keseluruhan angka bilangan."]}


def test_the_delivery_form_comes_when_a_line_is_opened_not_with_every_line(deal, chain, login):
    client = login(chain.buyer_user)
    client.post(reverse("partnerships:order-create", args=[deal.pk]), _order_post())
    line = Order.objects.get().lines.get()
    url = reverse("partnerships:delivery-create", args=[line.pk])
    orders = client.get(reverse("partnerships:orders", args=[deal.pk])).content.decode()
    assert f'hx-get="{url}"' in orders and f'<form method="post" action="{url}"' not in orders
    piece = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert piece.lstrip().startswith("<form") and "<html" not in piece
    assert f'id="line{line.pk}_quantity"' in piece  # ids of their own, whichever lines are open
    page = client.get(url)  # without JavaScript: a page of its own
    assert page.status_code == 200 and "<html" in page.content.decode()
    assert not Delivery.objects.exists()


def test_a_line_received_in_full_offers_no_delivery_form_unless_some_was_rejected(
    deal, chain, login
):
    client = login(chain.buyer_user)
    client.post(reverse("partnerships:order-create", args=[deal.pk]), _order_post())
    line = Order.objects.get().lines.get()
    url = reverse("partnerships:delivery-create", args=[line.pk])

    def offered():
        page = client.get(reverse("partnerships:orders", args=[deal.pk])).content.decode()
        return f'hx-get="{url}"' in page

    services.add_delivery(line=line, delivered_on=day(), quantity=400)
    assert offered()  # 600 still to come
    services.add_delivery(line=line, delivered_on=day(), quantity=600)
    assert not offered()  # all 1,000 arrived
    services.add_delivery(
        line=line,
        delivered_on=day(),
        quantity=5,
        rejected=5,
        reject_reason="Diameter di luar toleransi",
    )
    assert offered()  # rejects may be replaced
