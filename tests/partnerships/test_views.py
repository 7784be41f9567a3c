import io
import subprocess
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from rantai.core.models import Job
from rantai.firms.models import Firm
from rantai.matchmaking import services as mm
from rantai.partnerships import services
from rantai.partnerships.models import Document, Partnership, SupplyLink
from tests.conftest import PERSONAS
from tests.core.test_spreadsheets import AT_SUM, FORMULA, assert_kept_as_text
from tests.factories import FirmFactory, MeetingFactory, pdf_upload, place, sign_and_activate
from tests.lists import listed
from tests.matchmaking.conftest import make_event

pytestmark = pytest.mark.django_db


def _form(chain, world, **overrides):
    data = {
        "supplier": world.firm_b.pk,
        "buyer": chain.other_buyer.pk,
        "kind": "tier2_supply",
        "scope": "Pin dan poros kecil berlapis krom",
        "estimated_value": "720000000",
        "starts_on": "2022-10-03",
        "ends_on": "2027-10-02",
        "signed_on": "2022-10-03",
        "signed_place": "LIK Takaru",
        "witness-TOTAL_FORMS": "2",
        "witness-INITIAL_FORMS": "0",
        "witness-0-position": "Asisten Perekonomian dan Pembangunan",
        "witness-0-institution": "Pemerintah Kabupaten Tegal",
        "witness-1-position": "",
        "witness-1-institution": "",
    }
    return data | overrides


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_the_register_and_the_rules_agree_for_every_persona(chain, world, persona):
    other = services.save_partnership(
        Partnership(
            supplier=world.firm_b, buyer=chain.other_buyer, kind="general_supply", scope="Pin"
        ),
        facilitators=[world.ministry],
    )
    user = world.user(persona)
    visible = set(Partnership.objects.restrict(user))
    allowed = {p for p in (chain.deal, other) if user.has_perm("partnerships.view_partnership", p)}
    assert visible == allowed
    expected = {
        "firm_a": {chain.deal},
        "firm_b": {other},
        "outsider": set(),
        "mentor": {other},  # the ministry facilitated it
        "officer": {chain.deal, other},
        "far_officer": {chain.deal},  # the buyer of the first is in Kota Semarang
        "coop_manager": {chain.deal},
        "admin": {chain.deal, other},
    }
    assert visible == expected[persona]


def test_an_officer_records_an_agreement_with_witnesses(chain, world, login):
    client = login(world.user("officer"))
    response = client.post(reverse("partnerships:create"), _form(chain, world))
    deal = Partnership.objects.get(supplier=world.firm_b)
    assert response["Location"] == deal.get_absolute_url()
    assert deal.status == Partnership.Status.DRAFT
    assert [(w.position, w.institution) for w in deal.witnesses.all()] == [
        ("Asisten Perekonomian dan Pembangunan", "Pemerintah Kabupaten Tegal")
    ]
    assert deal.history.first().history_user == world.user("officer")


def test_bad_input_changes_nothing_and_says_why(chain, world, login):
    client = login(world.user("officer"))
    before = Partnership.objects.count()
    response = client.post(
        reverse("partnerships:create"),
        _form(
            chain,
            world,
            buyer=world.firm_b.pk,
            ends_on="2020-01-01",
            **{"witness-0-institution": ""},
        ),
    )
    assert response.status_code == 200
    assert Partnership.objects.count() == before
    form = response.context["form"]
    assert "buyer" in form.errors and "ends_on" in form.errors
    assert response.context["witnesses"].errors[0]["institution"]
    assert 'data-testid="form-errors"' in response.content.decode()


def test_a_firm_only_records_agreements_it_is_party_to(chain, world, login):
    client = login(world.user("firm_a"))
    response = client.post(reverse("partnerships:create"), _form(chain, world))
    assert (
        response.status_code == 200
        and not Partnership.objects.filter(supplier=world.firm_b).exists()
    )
    response = client.post(
        reverse("partnerships:create"), _form(chain, world, supplier=world.firm_a.pk)
    )
    assert Partnership.objects.filter(supplier=world.firm_a, buyer=chain.other_buyer).exists()


def test_upload_sign_activate_and_terminate_through_the_pages(chain, world, login):
    client = login(world.user("firm_a"))
    url = chain.deal.get_absolute_url()
    bad = client.post(url, {"kind": "signed", "title": "PKS", "file": _not_pdf()})
    assert bad.status_code == 200 and "upload-errors" in bad.content.decode()
    client.post(url, {"kind": "signed", "title": "PKS", "file": pdf_upload()})
    document = Document.objects.get()
    assert document.uploaded_by == world.user("firm_a")
    shown = client.get(reverse("partnerships:document", args=[document.pk]))
    assert shown["Content-Type"] == "application/pdf"
    assert b"".join(shown.streaming_content).startswith(b"%PDF-")
    status_url = reverse("partnerships:status", args=[chain.deal.pk])
    client.post(status_url, {"status": "signed"})
    client.post(status_url, {"status": "active"})
    assert Partnership.objects.get(pk=chain.deal.pk).status == "active"
    assert SupplyLink.objects.get(supplier=world.firm_a).tier == 2
    page = client.get(url)
    assert 'data-testid="chain-graph"' in page.content.decode()
    # Terminating without a reason is refused with a message and changes nothing.
    response = client.post(status_url, {"status": "terminated", "reason": ""}, follow=True)
    assert Partnership.objects.get(pk=chain.deal.pk).status == "active"
    assert any("alasan" in str(m) for m in response.context["messages"])
    # The coop manager sees the agreement but cannot change it.
    coop = login(world.user("coop_manager"))
    assert coop.get(url).status_code == 200
    assert coop.post(status_url, {"status": "ended"}).status_code == 403


def test_the_edit_page_asks_the_rule_of_the_agreement_as_it_will_be_saved(chain, world, login):
    """The Tegal officer edits a draft but cannot hand it to firms outside his remit."""

    far = FirmFactory(
        kind=Firm.Kind.IKM, name="CV Semarang Teknik", nib=None, **place("33.74.16.1002")
    )
    client = login(world.user("officer"))
    url = reverse("partnerships:update", args=[chain.deal.pk])
    data = _form(chain, world, supplier=far.pk, buyer=chain.other_buyer.pk)
    refused = client.post(url, data)
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert Partnership.objects.get(pk=chain.deal.pk).supplier == world.firm_a
    saved = client.post(url, _form(chain, world, supplier=world.firm_a.pk))
    assert saved.status_code == 302
    assert Partnership.objects.get(pk=chain.deal.pk).buyer == chain.other_buyer


def test_a_signed_agreement_cannot_be_edited_through_the_page(chain, world, login):
    sign_and_activate(chain.deal)
    client = login(world.user("officer"))
    response = client.get(reverse("partnerships:update", args=[chain.deal.pk]))
    assert response["Location"] == chain.deal.get_absolute_url()


def test_register_filters_and_summary(chain, world, login):
    sign_and_activate(chain.deal)
    services.save_partnership(
        Partnership(
            supplier=world.firm_b,
            buyer=chain.other_buyer,
            kind="general_supply",
            scope="Pin",
            estimated_value=500,
            signed_on=date(2023, 5, 1),
        )
    )
    client = login(world.user("officer"))
    url = reverse("partnerships:list")
    assert client.get(url).context["totals"] == {"n": 2, "value": 1250000500}
    assert listed(client.get(url, {"status": "active"})) == [chain.deal]
    by_buyer = listed(client.get(url, {"buyer": chain.other_buyer.pk}))
    assert [p.supplier for p in by_buyer] == [world.firm_b]
    assert len(listed(client.get(url, {"year": 2022}))) == 1
    assert len(listed(client.get(url, {"region": "33.28.10"}))) == 1  # Slawi
    assert len(listed(client.get(url, {"q": "bushing"}))) == 1


def test_register_exports_xlsx_and_pdf_as_jobs(chain, world, login, run_tasks, tmp_path):
    sign_and_activate(chain.deal)
    client = login(world.user("officer"))
    with run_tasks():
        client.post(reverse("partnerships:export"), {"format": "xlsx", "query": "status=active"})
    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED
    sheet = load_workbook(io.BytesIO(job.output_file.read())).active
    rows = list(sheet.values)
    assert rows[1][1] == "PT Sinergi Mandiri Teknikatama" and rows[1][8] == 1250000000
    with run_tasks():
        client.post(reverse("partnerships:export"), {"format": "pdf", "query": ""})
    pdf = Job.objects.latest("pk").output_file
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf.read())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    text = " ".join(text.split())
    assert "PT Sinergi Mandiri Teknikatama" in text
    assert "1.250.000.000" in text or "1,250,000,000" in text


def test_chain_pages_show_what_the_user_may_see(chain, world, login):
    sign_and_activate(chain.deal)
    url = reverse("partnerships:firm-chain", args=[world.firm_a.pk])
    mine = login(world.user("firm_a")).get(url).context["drawing"]
    assert {n.label for n in mine.nodes} == {
        "PT Astra International Tbk",
        "PT Jateng Presisi Otomotif",
        "PT Sinergi Mandiri Teknikatama",
    }
    assert {n.label: n.level for n in mine.nodes}["PT Sinergi Mandiri Teknikatama"] == 2
    # Firm B cannot see firm A's agreement, so only the public OEM link remains.
    theirs = login(world.user("firm_b")).get(url).context["drawing"]
    assert theirs is None
    network = login(world.user("firm_b")).get(reverse("partnerships:network"))
    assert [(link.buyer, link.supplier) for link in listed(network)] == [(chain.oem, chain.buyer)]
    filtered = login(world.user("officer")).get(
        reverse("partnerships:network"), {"commodity": "bushing"}
    )
    assert [link.supplier for link in listed(filtered)] == [world.firm_a]


def test_a_buyer_adds_a_direct_link_and_a_cycle_is_refused(chain, world, login):
    client = login(chain.buyer_user)
    response = client.post(
        reverse("partnerships:link-create"),
        {"buyer": chain.buyer.pk, "supplier": world.firm_b.pk, "tier": 2, "commodity": "Pin"},
    )
    assert response.status_code == 302
    refused = login(world.user("admin")).post(
        reverse("partnerships:link-create"),
        {"buyer": world.firm_b.pk, "supplier": chain.oem.pk, "tier": 3},
    )
    assert refused.status_code == 200
    assert "circle" in refused.content.decode() or "lingkaran" in refused.content.decode()
    assert SupplyLink.objects.count() == 2
    # A buyer may only add links from its own firm.
    client = login(chain.buyer_user)
    other = client.post(
        reverse("partnerships:link-create"),
        {"buyer": chain.other_buyer.pk, "supplier": world.firm_b.pk, "tier": 2},
    )
    assert other.status_code == 200 and SupplyLink.objects.count() == 2


def test_meeting_page_offers_to_record_the_agreement_and_prefills_it(world, login):
    fair = make_event(world)
    meeting = MeetingFactory(
        request__requester=fair.a, request__recipient=fair.buyer, request__interest=3
    )
    mm.publish(event=fair.event)
    client = login(world.user("firm_a"))
    page = client.get(meeting.get_absolute_url())
    assert page.context["can_record_partnership"]
    form = client.get(reverse("partnerships:create"), {"meeting": meeting.pk}).context["form"]
    assert (form.initial["supplier"], form.initial["buyer"]) == (
        world.firm_a.pk,
        fair.buyer.firm.pk,
    )
    assert (
        login(world.user("firm_b"))
        .get(reverse("partnerships:create"), {"meeting": meeting.pk})
        .status_code
        == 404  # not a party: the meeting is not his to see
    )


def _not_pdf():
    return SimpleUploadedFile("pks.pdf", b"PK\x03\x04 a zip", content_type="application/pdf")


def test_the_register_workbook_keeps_formula_like_names_as_text(chain, world, login, run_tasks):
    sign_and_activate(chain.deal)
    Firm.objects.filter(pk=world.firm_a.pk).update(name=FORMULA)
    Firm.objects.filter(pk=chain.deal.buyer_id).update(name=AT_SUM)
    Partnership.objects.filter(pk=chain.deal.pk).update(scope="-1+2")
    with run_tasks():
        login(world.user("officer")).post(
            reverse("partnerships:export"), {"format": "xlsx", "query": ""}
        )
    assert_kept_as_text(Job.objects.get().output_file.read(), FORMULA, AT_SUM, "-1+2")
