"""A buyer imports its ERP export (a bad file, then a good one) and the scorecard follows."""

from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from rantai.partnerships import scorecards, services
from rantai.partnerships.models import Delivery, Order
from tests.factories import sign_and_activate
from tests.partnerships.conftest import make_chain

HEADER = (
    "nomor_po,tanggal_po,komponen,jumlah,satuan,harga_satuan,jatuh_tempo,"
    "tanggal_kirim,jumlah_diterima,jumlah_ditolak,alasan_tolak"
)


def month_start(back: int) -> date:
    first = timezone.localdate().replace(day=1)
    index = first.year * 12 + first.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def csv(rows) -> str:
    return "\n".join([HEADER, *(",".join(str(v) for v in row) for row in rows)]) + "\n"


def test_import_bad_then_good_file_and_the_scorecard_moves(
    as_user, live_server, world, page, tmp_path, shot
):
    chain = make_chain(world)
    sign_and_activate(chain.deal)
    scorecards.scorecard_for(chain.buyer)
    a, b = month_start(2), month_start(1)

    def d(m, day):
        return (m + timedelta(days=day - 1)).isoformat()

    # Two months ago: one line on time, one 2 days late with 10 rejects. Last month: perfect.
    good = [
        ["PO-A", d(a, 1), "Bushing BS-12", 1000, "pcs", 4500, d(a, 10), d(a, 10), 1000, 0, ""],
        [
            "PO-A",
            d(a, 1),
            "Bushing BS-12",
            1000,
            "pcs",
            4500,
            d(a, 20),
            d(a, 22),
            1000,
            10,
            "Karat",
        ],
        ["PO-B", d(b, 1), "Bushing BS-12", 1000, "pcs", 4500, d(b, 10), d(b, 9), 1000, 0, ""],
    ]
    bad = [
        *good[:2],
        [
            "PO-B",
            d(b, 1),
            "Bushing BS-12",
            1000,
            "pcs",
            4500,
            d(b, 10),
            d(b, 9),
            1000,
            1200,
            "Karat",
        ],
    ]
    (tmp_path / "bad.csv").write_text(csv(bad))
    (tmp_path / "good.csv").write_text(csv(good))

    as_user(chain.buyer_user)
    page.goto(f"{live_server.url}/kemitraan/{chain.deal.pk}/orders/")
    page.get_by_test_id("orders-import").click()
    page.get_by_test_id("import-file").set_input_files(str(tmp_path / "bad.csv"))
    page.get_by_test_id("import-submit").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_be_visible(timeout=20_000)
    expect(errors).to_contain_text("4")  # the fourth line of the file (row 3 of data)
    expect(page.get_by_test_id("import-confirm")).to_have_count(0)
    assert not Order.objects.exists()
    shot("import-errors")

    page.goto(f"{live_server.url}/kemitraan/{chain.deal.pk}/orders/import/")
    page.get_by_test_id("import-file").set_input_files(str(tmp_path / "good.csv"))
    page.get_by_test_id("import-submit").click()
    expect(page.get_by_test_id("import-summary")).to_be_visible(timeout=20_000)
    page.get_by_test_id("import-confirm").click()
    expect(page.get_by_test_id("import-confirm")).to_have_count(0, timeout=20_000)
    assert Order.objects.count() == 2 and Delivery.objects.count() == 3

    # Two months ago: on time 50 % → 0 points, 5,000 PPM → 0, fill 100 % → 100, lateness
    # 1 day → 90; no SOP audit, so over 90 weights: (15·100 + 5·90) / 90 = 21.7, "Very poor".
    page.goto(f"{live_server.url}/kemitraan/scorecards/{chain.buyer.pk}/?period={a.isoformat()}")
    standings = page.get_by_test_id("standings")
    expect(standings).to_contain_text("PT Sinergi Mandiri Teknikatama")
    expect(standings).to_contain_text("21,7")
    # Last month everything came on time and whole: 100.
    page.goto(f"{live_server.url}/kemitraan/scorecards/{chain.buyer.pk}/?period={b.isoformat()}")
    expect(page.get_by_test_id("standings")).to_contain_text("100,0")
    shot("scorecard")

    # The supplier sees its own history; another buyer sees nothing of these orders.
    as_user(world.user("firm_a"))
    page.goto(
        f"{live_server.url}/kemitraan/scorecards/{chain.buyer.pk}/suppliers/{world.firm_a.pk}/"
    )
    expect(page.get_by_test_id("latest-score")).to_have_text("100,0")
    as_user(chain.other_buyer_user)
    response = page.goto(f"{live_server.url}/kemitraan/{chain.deal.pk}/orders/")
    assert response.status == 404


def test_a_delivery_is_recorded_from_the_line_whose_form_comes_when_opened(
    as_user, live_server, world, page
):
    chain = make_chain(world)
    sign_and_activate(chain.deal)
    order = services.create_order(
        partnership=chain.deal,
        number="PO-2026-118",
        ordered_on=timezone.localdate() - timedelta(days=5),
        lines=[
            {
                "part": "Bushing BS-12",
                "quantity": 30_000,
                "unit": "pcs",
                "unit_price": 4500,
                "due_on": timezone.localdate() + timedelta(days=3),
            }
        ],
        rescore=False,
    )
    line = order.lines.get()
    as_user(chain.buyer_user)
    page.goto(f"{live_server.url}/kemitraan/{chain.deal.pk}/orders/")
    assert page.locator("form[action$='/deliveries/']").count() == 0  # no form per line
    page.get_by_test_id(f"line-{line.pk}").get_by_text("Catat pengiriman").click()
    save = page.get_by_test_id(f"deliver-{line.pk}")
    expect(save).to_be_visible()
    page.locator(f"#line{line.pk}_quantity").fill("12000")
    save.click()
    expect(page.get_by_test_id(f"received-{line.pk}")).to_have_text("12.000")
    assert Delivery.objects.get(line=line).quantity == 12_000
