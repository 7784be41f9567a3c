import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from rantai.core.mail import addresses
from rantai.demo.partnerships import signed_pdf
from rantai.inbox.models import Notification
from rantai.partnerships import reminders, services
from rantai.partnerships.models import Document, Partnership, Reminder, SupplyLink
from tests.factories import (
    FirmFactory,
    MeetingFactory,
    MembershipFactory,
    NeedFactory,
    UserFactory,
    pdf_upload,
    sign_and_activate,
)
from tests.matchmaking.conftest import make_event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("en")]
Status = Partnership.Status


@pytest.fixture
def en():
    with translation.override("en"):
        yield


def test_signing_needs_the_date_the_period_and_the_signed_pdf(chain):
    deal = chain.deal
    Partnership.objects.filter(pk=deal.pk).update(signed_on=None, ends_on=None)
    with pytest.raises(ValidationError) as caught:
        services.change_status(deal, Status.SIGNED)
    message = caught.value.messages[0]
    for missing in ("signing date", "period", "signed agreement (PDF)"):
        assert missing in message
    assert Partnership.objects.get(pk=deal.pk).status == Status.DRAFT


def test_a_draft_cannot_skip_signing_and_an_ended_agreement_stays_ended(chain):
    with pytest.raises(ValidationError, match="cannot become active"):
        services.change_status(chain.deal, Status.ACTIVE)
    sign_and_activate(chain.deal)
    services.change_status(chain.deal, Status.ENDED)
    with pytest.raises(ValidationError, match="cannot become active"):
        services.change_status(chain.deal, Status.ACTIVE)


def test_only_real_pdfs_are_accepted_as_documents(chain):
    fake = SimpleUploadedFile("pks.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="not a PDF"):
        services.add_document(
            partnership=chain.deal, file=fake, title="PKS", kind="signed", user=None
        )
    image = SimpleUploadedFile("pks.png", b"%PDF-1.4 but named png")
    with pytest.raises(ValidationError):
        services.add_document(
            partnership=chain.deal, file=image, title="PKS", kind="signed", user=None
        )
    assert not Document.objects.exists()


def test_activating_links_the_supplier_one_tier_below_its_buyer(chain, world):
    sign_and_activate(chain.deal)
    link = SupplyLink.objects.get(buyer=chain.buyer, supplier=world.firm_a)
    assert (link.tier, link.active, link.partnership) == (2, True, chain.deal)
    assert link.commodity == "Bushing baja untuk suspensi"  # the scope's first line
    assert Partnership.objects.get(pk=chain.deal.pk).tier == 2
    assert services.tier_of(world.firm_a.pk) == 2
    assert services.tier_of(chain.buyer.pk) == 1
    assert services.tier_of(chain.oem.pk) == 0
    assert services.tier_of(world.firm_b.pk) is None


def test_without_a_known_buyer_tier_the_kind_of_agreement_decides(chain, world):
    deal = services.save_partnership(
        Partnership(
            supplier=world.firm_b,
            buyer=chain.other_buyer,
            kind=Partnership.Kind.TIER2,
            scope="Pin",
            starts_on=date(2023, 1, 1),
            ends_on=date(2024, 12, 31),
            signed_on=date(2022, 12, 1),
        )
    )
    sign_and_activate(deal)
    assert SupplyLink.objects.get(supplier=world.firm_b).tier == 2


def test_terminating_needs_a_reason_and_retires_the_link(chain, world):
    sign_and_activate(chain.deal)
    with pytest.raises(ValidationError, match="why"):
        services.change_status(chain.deal, Status.TERMINATED, reason="  ")
    services.change_status(chain.deal, Status.TERMINATED, reason="Pemasok tidak memenuhi SOP")
    deal = Partnership.objects.get(pk=chain.deal.pk)
    assert (deal.status, deal.status_reason) == (Status.TERMINATED, "Pemasok tidak memenuhi SOP")
    assert not SupplyLink.objects.get(supplier=world.firm_a).active


def test_a_signed_agreement_cannot_be_edited_and_history_keeps_every_change(chain, world):
    deal = chain.deal
    deal.estimated_value = Decimal("1300000000")
    services.save_partnership(deal)
    sign_and_activate(deal)
    deal.refresh_from_db()
    deal.scope = "Lain"
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.save_partnership(deal)
    statuses = list(deal.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["draft", "draft", "signed", "active"]
    values = list(deal.history.order_by("history_date").values_list("estimated_value", flat=True))
    assert values[:2] == [Decimal("1250000000"), Decimal("1300000000")]


def test_self_links_and_cycles_are_refused(chain, world):
    with pytest.raises(ValidationError, match="itself"):
        services.save_link(buyer=world.firm_a, supplier=world.firm_a, tier=1)
    services.save_link(buyer=chain.buyer, supplier=world.firm_a, tier=2)
    services.save_link(buyer=world.firm_a, supplier=world.firm_b, tier=3)
    # firm B supplies firm A supplies the buyer supplies the OEM: the OEM cannot supply firm B.
    with pytest.raises(ValidationError, match="circle"):
        services.save_link(buyer=world.firm_b, supplier=chain.oem, tier=4)
    assert SupplyLink.objects.count() == 3
    # Once the middle link ends the chain is broken and the link is allowed.
    services.end_link(SupplyLink.objects.get(buyer=world.firm_a))
    services.save_link(buyer=world.firm_b, supplier=chain.oem, tier=4)


def test_a_party_cannot_be_its_own_partner_nor_the_cooperative(chain, world):
    with pytest.raises(ValidationError) as caught:
        services.save_partnership(
            Partnership(
                supplier=world.firm_a,
                buyer=world.firm_a,
                cooperative=world.firm_a,
                kind=Partnership.Kind.GENERAL,
                scope="x",
                starts_on=date(2024, 1, 1),
                ends_on=date(2023, 1, 1),
            )
        )
    assert set(caught.value.message_dict) == {"buyer", "cooperative", "ends_on"}


def test_renewal_drafts_the_next_period_with_the_same_terms(chain):
    sign_and_activate(chain.deal)
    renewal = services.renew(chain.deal)
    assert renewal.status == Status.DRAFT
    assert renewal.renews == chain.deal
    assert (renewal.starts_on, renewal.ends_on) == (date(2027, 10, 3), date(2032, 10, 2))
    assert (renewal.scope, renewal.estimated_value) == (chain.deal.scope, Decimal("1250000000"))
    with pytest.raises(ValidationError):
        services.renew(renewal)  # a draft is not renewed


def test_from_meeting_prefills_the_parties_the_event_and_the_need(world):
    fair = make_event(world)
    NeedFactory(registration=fair.buyer, title="Bushing baja", volume_per_month=100)
    meeting = MeetingFactory(
        request__requester=fair.a, request__recipient=fair.buyer, request__interest=3
    )
    draft = services.from_meeting(meeting)
    assert (draft.supplier, draft.buyer) == (world.firm_a, fair.buyer.firm)
    assert (draft.event, draft.meeting, draft.scope) == (fair.event, meeting, "Bushing baja")
    assert draft.cooperative == world.cooperative  # firm A's cooperative


def test_reminders_go_once_per_deadline_to_both_parties_and_the_officer(chain, world):
    officer = world.user("officer")
    deal = chain.deal
    Partnership.objects.filter(pk=deal.pk).update(officer=officer)
    sign_and_activate(deal)
    ends = deal.ends_on
    assert reminders.send_due(ends - timedelta(days=91)) == []
    sent = reminders.send_due(ends - timedelta(days=90))
    assert [r.kind for r in sent] == [Reminder.Kind.DAYS_90]
    assert set(mail.outbox[0].to) == {
        world.user("firm_a").email,
        chain.buyer_user.email,
        officer.email,
    }
    assert "90" in mail.outbox[0].subject
    told = Notification.objects.filter(kind="partnership_ending", url=deal.get_absolute_url())
    assert set(told.values_list("recipient", flat=True)) == {
        world.user("firm_a").pk,
        chain.buyer_user.pk,
        officer.pk,
    }
    assert reminders.send_due(ends - timedelta(days=60)) == []  # already told
    assert [r.kind for r in reminders.send_due(ends - timedelta(days=30))] == ["30"]
    assert [r.kind for r in reminders.send_due(ends + timedelta(days=1))] == ["0"]
    assert reminders.send_due(ends + timedelta(days=2)) == []
    assert len(mail.outbox) == 3
    # A renewal that extends the same agreement's end date starts the reminders afresh.
    Partnership.objects.filter(pk=deal.pk).update(ends_on=ends + timedelta(days=365))
    assert reminders.send_due(ends + timedelta(days=300))[0].kind == "90"


def test_no_reminder_for_drafts_or_ended_agreements(chain):
    assert reminders.send_due(chain.deal.ends_on) == []
    sign_and_activate(chain.deal)
    services.change_status(chain.deal, Status.ENDED)
    assert reminders.send_due(chain.deal.ends_on) == []
    assert not mail.outbox


def test_a_buyer_member_without_email_is_skipped(chain):
    user = UserFactory(username="noemail", email="")
    MembershipFactory(user=user, organisation=chain.buyer, role="buyer")
    assert "" not in addresses(reminders.recipients(chain.deal))


def test_demo_pdf_is_a_pdf_poppler_can_read(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(signed_pdf("PERJANJIAN", ["Pihak Pertama: PT (Contoh)"]))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "PERJANJIAN" in text and "PT (Contoh)" in text


def test_firm_factory_is_usable_for_unlinked_firms():
    firm = FirmFactory()
    assert services.tier_of(firm.pk) is None
    assert not services.reaches(firm.pk, firm.pk + 1)
    del firm
    assert pdf_upload().size > 0


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2022, 10, 3), date(2027, 10, 2), (date(2027, 10, 3), date(2032, 10, 2))),
        (date(2024, 1, 1), date(2024, 12, 31), (date(2025, 1, 1), date(2025, 12, 31))),
        (date(2024, 1, 31), date(2024, 2, 28), (date(2024, 2, 29), date(2024, 3, 28))),
        (date(2024, 3, 10), date(2024, 3, 19), (date(2024, 3, 20), date(2024, 3, 29))),
        # 31 January + 1 month is the end of February; the next month then runs from the 28th.
        (date(2023, 1, 31), date(2023, 2, 27), (date(2023, 2, 28), date(2023, 3, 27))),
        (date(2024, 1, 31), date(2024, 3, 1), (date(2024, 3, 2), date(2024, 4, 1))),  # days
        (date(2024, 2, 29), date(2025, 2, 27), (date(2025, 2, 28), date(2026, 2, 27))),
        (date(2023, 12, 1), date(2024, 2, 29), (date(2024, 3, 1), date(2024, 5, 31))),
        (date(2024, 12, 31), date(2025, 12, 30), (date(2025, 12, 31), date(2026, 12, 30))),
    ],
)
def test_next_period_keeps_whole_months_or_else_days(start, end, expected):
    assert services.next_period(start, end) == expected
