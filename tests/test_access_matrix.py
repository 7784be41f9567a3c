"""Every URL, every persona: the status each one gets. A new URL without a row here fails
``test_every_url_is_in_the_matrix``, so access is decided on purpose, never by accident."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from rantai.accounts.models import Role
from rantai.calloffs.models import CallOffMove
from rantai.estates import assets as estate_assets
from rantai.estates import services as estate_services
from rantai.five_r import services
from rantai.matchmaking import services as matchmaking
from rantai.matchmaking.models import Meeting
from rantai.partnerships import scorecards
from rantai.partnerships.models import SupplyLink
from tests.conftest import PERSONAS
from tests.estates.conftest import make_estate
from tests.factories import (
    AccessRequestFactory,
    ActivityFactory,
    ApplicationFactory,
    AssetFactory,
    AttachmentFactory,
    AuditFactory,
    CallOffFactory,
    CapabilityFactory,
    CertificationFactory,
    DeliveryFactory,
    DocumentFactory,
    EndpointFactory,
    IndustryYearFactory,
    InvitationFactory,
    JobFactory,
    LeaseFactory,
    MembershipFactory,
    NeedFactory,
    NotificationFactory,
    OrderFactory,
    OrderLineFactory,
    RawMaterialFactory,
    RedTagFactory,
    ScoreRecordFactory,
    ShippingNoticeFactory,
    ShippingNoticeLineFactory,
    UserFactory,
    WebhookAttemptFactory,
    WebhookDeliveryFactory,
)
from tests.five_r.conftest import jpeg, make_program
from tests.matchmaking.conftest import make_event
from tests.partnerships.conftest import make_chain
from tests.writes import fingerprint

LOGIN = 302  # anonymous users are sent to the login page


def expect(default, anonymous=LOGIN, **overrides):
    return {p: overrides.get(p, anonymous if p == "anonymous" else default) for p in PERSONAS}


def changers(ok=200, no=403):  # firm A's owner, the Tegal officer and the admin may change firm A
    return expect(no, firm_a=ok, officer=ok, admin=ok)


def private_changers(ok=200):
    """Firm A's annual data: hidden (404) from those who may not see its private data; the
    cooperative's manager sees it but may not change it."""
    return expect(404, firm_a=ok, officer=ok, admin=ok, coop_manager=403)


def deleters(ok=200, no=403):
    return expect(no, officer=ok, admin=ok)


def adders(ok=200, no=403):
    return expect(no, officer=ok, far_officer=ok, admin=ok)


def program_viewers(ok=200, viewer_no=None):
    """The Tegal program: participants (firms A, B), its mentor, the Tegal officer, the admin."""
    viewer = ok if viewer_no is None else viewer_no
    return expect(404, firm_a=viewer, firm_b=viewer, mentor=viewer, officer=ok, admin=ok)


def audit_viewers(ok=200):  # firm A's own audit: firm A, the program's mentor, the officer, admin
    return expect(404, firm_a=ok, mentor=ok, officer=ok, admin=ok)


def organiser(ok=200):  # the Tegal regency organises the event: the officer, and the admin
    return expect(403, officer=ok, admin=ok)


def meeting_organiser(ok=200):
    """The published meeting of the buyer and firm A: firm A sees it but may not rearrange it;
    it is hidden (404) from everyone but the parties and the organiser."""
    return expect(404, firm_a=403, officer=ok, admin=ok)


def takes_part(ok=200, no=403):  # firms A and B are approved suppliers; plus the organiser
    return expect(no, firm_a=ok, firm_b=ok, officer=ok, admin=ok)


def partnership_viewers(ok=200, no=404):
    """Firm A supplies the Semarang buyer through the cooperative: firm A, the Tegal officer
    (supplier's region), the Semarang officer (buyer's region), the cooperative's manager, admin."""
    return expect(no, firm_a=ok, officer=ok, far_officer=ok, coop_manager=ok, admin=ok)


def partnership_changers(ok=200):  # the parties and officers with remit; the cooperative looks
    return partnership_viewers(ok) | {"coop_manager": 403}


def order_viewers(ok=200):  # the two parties only, while the firms share nothing with officers
    return expect(404, firm_a=ok, admin=ok) | {
        p: 403 for p in ("officer", "far_officer", "coop_manager")
    }


def order_changers(ok=200):  # the buyer's members (no persona) and the admin
    return order_viewers(ok) | {"firm_a": 403}


def call_off_viewers(ok=200):
    """Firm A's call-off from the buyer: firm A, the cooperative's manager (firm A is a member)
    and the admin; officers only where the firms share their performance (not here)."""
    return expect(404, firm_a=ok, coop_manager=ok, admin=ok)


def call_off_api(ok=200):
    return call_off_viewers(ok) | {"anonymous": 401}


def order_part_viewers(ok=200, firm_a=None):
    """An order (or an order line) by its own URL: outside the order scope it is not found, even
    for those who see its agreement (the officers, the cooperative's manager)."""
    return expect(404, firm_a=firm_a or ok, admin=ok)


def lease_viewers(ok=200):  # firm A rents C-1; officers read the leases of estates in their remit
    return expect(404, firm_a=ok, officer=ok, admin=ok)


def audit_workers(ok=200):  # the same, but the firm may only look
    return expect(404, firm_a=403, mentor=ok, officer=ok, admin=ok)


def webhook_managers(ok=200, no=404):
    """Firm A's webhooks: whoever manages firm A's members (its owner) and the administrator;
    hidden from everyone else, officers included."""
    return expect(no, firm_a=ok, admin=ok)


def setup_objects(world):
    five_r = make_program(world)
    of_a = {"firm": world.firm_a, "program": five_r.program, "auditors": [world.user("mentor")]}
    draft = AuditFactory(**of_a)
    submitted = AuditFactory(**of_a, phase="final", submitted=True, submit__low_codes=("RK1",))
    photo = services.add_photo(
        upload=jpeg(), user=world.user("mentor"), audit=draft, item=five_r.items[0], kind="before"
    )
    services.save_answer(audit=draft, item=five_r.items[1], score=2, user=world.user("mentor"))
    _answer, conflict = services.sync_answer(
        audit=draft, item=five_r.items[1], score=4, base_version=0, user=five_r.other_mentor
    )
    activity = ActivityFactory(program=five_r.program, title="Pembekalan 5R", place="LIK Takaru")
    red_tag = RedTagFactory(
        firm=world.firm_a, area="Gudang", thing="Dies rusak", reason="Tidak terpakai"
    )
    fair = make_event(world)
    need = NeedFactory(registration=fair.buyer, title="Bushing baja", processes=["cnc-turning"])
    attachment = AttachmentFactory(need=need, name="gambar.pdf")
    meeting_request = matchmaking.request_meeting(
        requester=fair.buyer, recipient=fair.a, interest=3
    )
    matchmaking.respond(request=meeting_request, accept=True)
    matchmaking.run_scheduler(event=fair.event, seconds=1)
    matchmaking.publish(event=fair.event)
    meeting = Meeting.objects.get(request=meeting_request)
    outcome = matchmaking.record_outcome(
        meeting=meeting,
        registration=fair.a,
        stage="interested",
        note="",
        user=None,
        follow_up="Kirim sampel",
        due_on=date(2021, 12, 10),
    )
    capability = CapabilityFactory(firm=world.firm_a, process_id="milling")
    industry_year = RawMaterialFactory(year=IndustryYearFactory(firm=world.firm_a)).year
    job = JobFactory(
        kind="firm_import",
        user=world.user("firm_a"),
        succeeded=True,
        result={"stage": "validated"},
    )
    notification = NotificationFactory(recipient=world.user("firm_a"), url="/kawasan/")
    import_job = JobFactory(
        kind="firm_import",
        user=world.user("officer"),
        succeeded=True,
        result={"stage": "validated", "error_count": 1},
    )
    staff = MembershipFactory(
        organisation=world.firm_a, user=UserFactory(username="staf"), role=Role.STAFF
    )
    invitation = InvitationFactory(
        organisation=world.firm_a,
        email="baru@example.id",
        role=Role.STAFF,
        invited_by=world.user("firm_a"),
    )
    cert = CertificationFactory(
        firm=world.firm_a, scheme="iso9001", issuer="PT SUCOFINDO (Persero)"
    )
    chain = make_chain(world, buyer=fair.buyer.firm, buyer_user=fair.buyer_user)
    document = DocumentFactory(partnership=chain.deal, title="PKS", kind="signed")
    order = OrderFactory(partnership=chain.deal, number="PO-1", ordered_on=chain.deal.signed_on)
    line = OrderLineFactory(
        order=order, part="Bushing", quantity=100, unit_price=4500, due_on=chain.deal.signed_on
    )
    delivery = DeliveryFactory(line=line, delivered_on=line.due_on, quantity=100)
    call_off = CallOffFactory(partnership=chain.deal, number="CO-1")
    notice = ShippingNoticeFactory(partnership=chain.deal, number="SJ-1")
    ShippingNoticeLineFactory(notice=notice, call_off=call_off, quantity=100)
    move = CallOffMove.objects.create(  # proposed by the cooperative, for the buyer to decide
        call_off=call_off,
        cooperative=world.cooperative,
        to_firm=world.firm_b,
        to_partnership=chain.deal,
        machine_hours=20,
        reason="Mesin CNC rusak",
    )
    card = scorecards.scorecard_for(chain.buyer)
    record = ScoreRecordFactory(
        scorecard=card, supplier=world.firm_a, period_start=line.due_on.replace(day=1), score=90
    )
    orders_job = JobFactory(
        kind="orders_import",
        user=world.user("admin"),
        succeeded=True,
        params={"partnership": chain.deal.pk, "title": "x"},
        result={"stage": "validated", "error_count": 0, "total": 1},
    )
    calloff_job = JobFactory(
        kind="calloff_import",
        user=world.user("admin"),
        succeeded=True,
        params={"partnership": chain.deal.pk, "title": "x"},
        result={"stage": "validated", "error_count": 0, "total": 1},
    )
    site = make_estate(world)
    lease = LeaseFactory(
        estate=site.estate,
        units=[site.units[2]],
        tenant=world.firm_a,
        starts_on=date(2024, 1, 1),
        ends_on=date(2030, 12, 31),
        monthly_fee=500_000,
    )
    payment = estate_services.record_payment(
        lease_=lease, paid_on=date(2024, 1, 10), amount=500_000
    )
    application = ApplicationFactory(
        estate=site.estate, firm=world.firm_b, applied_on=date(2024, 5, 1)
    )
    hall = AssetFactory(
        estate=site.estate,
        name="Gedung pertemuan",
        kind="hall",
        funding="dak",
        fiscal_year=2017,
        cost=1985000000,
        bookable=True,
    )
    start = timezone.now() + timedelta(days=10)
    booking = estate_assets.book(
        asset=hall,
        firm=world.firm_a,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        purpose="Temu bisnis",
        user=None,
    )
    check = estate_assets.add_check(
        asset=hall, checked_on=timezone.localdate(), condition="good", photo=jpeg(), user=None
    )
    hook = EndpointFactory(organisation=world.firm_a, url="https://erp.example.com/rantai")
    hook_delivery = WebhookDeliveryFactory(endpoint=hook)
    WebhookAttemptFactory(delivery=hook_delivery)
    WebhookAttemptFactory(
        delivery=WebhookDeliveryFactory(endpoint=EndpointFactory(organisation=world.firm_b))
    )
    return {
        "endpoint": hook,
        "hook_delivery": hook_delivery,
        "access_request": AccessRequestFactory(),  # from Kramat, in the Tegal officer's remit
        "estate": site.estate,
        "unit": site.units[3],
        "lease": lease,
        "payment": payment,
        "application": application,
        "asset": hall,
        "booking": booking,
        "check": check,
        "orders_job": orders_job,
        "calloff_job": calloff_job,
        "buyer": chain.buyer,
        "order": order,
        "line": line,
        "delivery": delivery,
        "call_off": call_off,
        "move": move,
        "notice": notice,
        "scorecard": card,
        "score": record,
        "partnership": chain.deal,
        "document": document,
        "link": SupplyLink.objects.get(buyer=chain.oem),
        "capability": capability,
        "industry_year": industry_year,
        "job": job,
        "import_job": import_job,
        "notification": notification,
        "staff": staff,
        "invitation": invitation,
        "certification": cert,
        "program": five_r.program,
        "template": five_r.template,
        "item": five_r.items[0],
        "draft": draft,
        "submitted": submitted,
        "photo": photo,
        "conflict": conflict,
        "activity": activity,
        "red_tag": red_tag,
        "action": submitted.actions.get(),
        "event": fair.event,
        "registration_a": fair.a,
        "need": need,
        "attachment": attachment,
        "meeting_request": meeting_request,
        "meeting": meeting,
        "outcome": outcome,
        "follow_up": outcome.meeting.follow_ups.get(),
    }


# (url name, kwargs from (world, objects), method, expected statuses)
MATRIX = [
    ("home", lambda w, o: {}, "get", expect(200, anonymous=200)),  # visitors: the public page
    ("health", lambda w, o: {}, "get", expect(200, anonymous=200)),
    ("job-detail", lambda w, o: {"pk": o["job"].pk}, "get", expect(404, firm_a=200)),
    ("job-download", lambda w, o: {"pk": o["job"].pk}, "get", expect(404)),
    ("region-children", lambda w, o: {}, "get", expect(200)),
    ("inbox:list", lambda w, o: {}, "get", expect(200)),
    # Call-offs: firm A supplies (answers), the buyer (no persona) releases and changes, the
    # cooperative's manager follows its member's; officers only with the firms' consent.
    ("calloffs:board", lambda w, o: {}, "get", expect(200)),
    # The board's event stream: "look again" only; visitors get 204 (EventSource stops).
    ("calloffs:events", lambda w, o: {}, "get", expect(200, anonymous=204)),
    (
        "calloffs:create",
        lambda w, o: {"pk": o["partnership"].pk},
        "get",
        partnership_viewers(ok=403) | {"admin": 200},
    ),
    (
        "calloffs:import",
        lambda w, o: {"pk": o["partnership"].pk},
        "get",
        partnership_viewers(ok=403) | {"admin": 200},
    ),
    (
        "calloffs:import-template",
        lambda w, o: {"pk": o["partnership"].pk},
        "get",
        partnership_viewers(ok=403) | {"admin": 200},
    ),
    (
        "calloffs:import-review",
        lambda w, o: {"job_pk": o["calloff_job"].pk},
        "get",
        expect(404, admin=200),  # the job's own user only
    ),
    ("calloffs:detail", lambda w, o: {"pk": o["call_off"].pk}, "get", call_off_viewers()),
    (
        "calloffs:change",
        lambda w, o: {"pk": o["call_off"].pk},
        "get",
        call_off_viewers(403) | {"admin": 200},
    ),
    *[
        (f"calloffs:{name}", lambda w, o: {"pk": o["call_off"].pk}, "post", expected)
        for name, expected in (
            ("propose", call_off_viewers(403) | {"firm_a": 302, "admin": 302}),
            ("acknowledge", call_off_viewers(403) | {"firm_a": 302, "admin": 302}),
            ("accept", call_off_viewers(403) | {"admin": 302}),
            ("reject", call_off_viewers(403) | {"admin": 302}),
            ("cancel", call_off_viewers(403) | {"admin": 302}),
        )
    ],
    # Moving a call-off to another member: proposed by the cooperative's manager, decided by
    # the buyer (no persona); the admin's decision fails its checks and writes nothing.
    (
        "calloffs:move",
        lambda w, o: {"pk": o["call_off"].pk},
        "get",
        call_off_viewers(403) | {"coop_manager": 200, "admin": 200},
    ),
    *[
        (f"calloffs:move-{name}", lambda w, o: {"pk": o["move"].pk}, "post", expected)
        for name, expected in (
            ("accept", call_off_viewers(403) | {"admin": 302}),
            ("reject", call_off_viewers(403) | {"admin": 302}),
        )
    ],
    # Shipping notices: firm A ships (creates), the buyer (no persona) receives; seen as the
    # call-offs are.
    ("calloffs:shipping-list", lambda w, o: {}, "get", expect(200)),
    (
        "calloffs:shipping-create",
        lambda w, o: {"pk": o["partnership"].pk},
        "get",
        partnership_viewers(ok=403) | {"firm_a": 200, "admin": 200},
    ),
    ("calloffs:shipping-detail", lambda w, o: {"pk": o["notice"].pk}, "get", call_off_viewers()),
    ("calloffs:shipping-pdf", lambda w, o: {"pk": o["notice"].pk}, "get", call_off_viewers()),
    (
        "calloffs:shipping-receive",
        lambda w, o: {"pk": o["notice"].pk},
        "get",
        call_off_viewers(403) | {"admin": 200},
    ),
    ("inbox:badge", lambda w, o: {}, "get", expect(200, anonymous=286)),  # 286: stop polling
    ("search:results", lambda w, o: {}, "get", expect(200)),  # what it finds: tests/search
    ("inbox:read-all", lambda w, o: {}, "post", expect(302)),  # one's own, back to the list
    (  # firm A's own notification: read, then its link
        "inbox:open",
        lambda w, o: {"pk": o["notification"].pk},
        "post",
        expect(404, firm_a=302),
    ),
    ("region-search", lambda w, o: {}, "get", expect(200, anonymous=200)),  # the public form's
    ("login", lambda w, o: {}, "get", expect(302, anonymous=200)),
    ("password_change", lambda w, o: {}, "get", expect(200)),
    ("password_change_done", lambda w, o: {}, "get", expect(200)),
    ("password_reset", lambda w, o: {}, "get", expect(200, anonymous=200)),
    ("password_reset_done", lambda w, o: {}, "get", expect(200, anonymous=200)),
    (
        "password_reset_confirm",
        lambda w, o: {"uidb64": "MQ", "token": "x-y"},
        "get",
        expect(200, anonymous=200),
    ),
    ("password_reset_complete", lambda w, o: {}, "get", expect(200, anonymous=200)),
    ("profile", lambda w, o: {}, "get", expect(200)),
    ("members", lambda w, o: {"pk": w.firm_a.pk}, "get", expect(403, firm_a=200, admin=200)),
    (
        "invitation-accept",
        lambda w, o: {"token": o["invitation"].token},
        "get",
        expect(200, anonymous=200),
    ),
    ("request-access", lambda w, o: {}, "get", expect(200, anonymous=200)),
    ("access-request-sent", lambda w, o: {}, "get", expect(200, anonymous=200)),
    (
        "access-requests",
        lambda w, o: {},
        "get",
        expect(403, officer=200, far_officer=200, admin=200),
    ),
    (  # a request from Kramat: the Tegal officer and the administrator review it
        "access-request",
        lambda w, o: {"pk": o["access_request"].pk},
        "get",
        expect(404, officer=200, admin=200),
    ),
    (  # an empty form: shown again with its errors, nothing decided
        "access-request-approve",
        lambda w, o: {"pk": o["access_request"].pk},
        "post",
        expect(404, officer=200, admin=200),
    ),
    (
        "access-request-reject",
        lambda w, o: {"pk": o["access_request"].pk},
        "post",
        expect(404, officer=200, admin=200),
    ),
    ("firms:list", lambda w, o: {}, "get", expect(200)),
    ("firms:map", lambda w, o: {}, "get", expect(200)),
    ("firms:map-data", lambda w, o: {}, "get", expect(200)),
    ("firms:create", lambda w, o: {}, "get", adders()),
    ("firms:export", lambda w, o: {}, "post", expect(404)),  # no format: nothing to do
    ("firms:siinas-export", lambda w, o: {}, "get", adders()),
    ("firms:import", lambda w, o: {}, "get", adders()),
    ("firms:import-template", lambda w, o: {}, "get", adders()),
    (
        "firms:import-review",
        lambda w, o: {"pk": o["import_job"].pk},
        "get",
        expect(403, officer=200, far_officer=404, admin=404),
    ),
    ("firms:detail", lambda w, o: {"pk": w.firm_a.pk}, "get", expect(200)),
    ("firms:update", lambda w, o: {"pk": w.firm_a.pk}, "get", changers()),
    ("firms:delete", lambda w, o: {"pk": w.firm_a.pk}, "get", deleters()),
    ("firms:part-add", lambda w, o: {"pk": w.firm_a.pk, "kind": "capabilities"}, "get", changers()),
    (
        "firms:part-edit",
        lambda w, o: {"pk": w.firm_a.pk, "kind": "capabilities", "part_pk": o["capability"].pk},
        "get",
        changers(),
    ),
    ("firms:year-add", lambda w, o: {"pk": w.firm_a.pk}, "get", changers()),
    (
        "firms:year-edit",
        lambda w, o: {"pk": w.firm_a.pk, "year": o["industry_year"].year},
        "get",
        private_changers(),
    ),
    ("api-root", lambda w, o: {}, "get", expect(200, anonymous=401)),
    ("api-schema", lambda w, o: {}, "get", expect(200, anonymous=200)),  # the API's description
    ("api-docs", lambda w, o: {}, "get", expect(200, anonymous=200)),
    ("api-token", lambda w, o: {}, "get", expect(405, anonymous=405)),  # POST a password
    ("api-search", lambda w, o: {}, "get", expect(400, anonymous=401)),  # 400: no ``q``
    ("firm-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    ("firm-detail", lambda w, o: {"pk": w.firm_a.pk}, "get", expect(200, anonymous=401)),
    ("industry-year-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (  # private: the firm, its cooperative's manager, the Tegal officer and the admin
        "industry-year-detail",
        lambda w, o: {"pk": o["industry_year"].pk},
        "get",
        expect(404, anonymous=401, firm_a=200, coop_manager=200, officer=200, admin=200),
    ),
    ("capability-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "capability-detail",
        lambda w, o: {"pk": o["capability"].pk},
        "get",
        expect(200, anonymous=401),
    ),
    ("certification-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "certification-detail",
        lambda w, o: {"pk": o["certification"].pk},
        "get",
        expect(200, anonymous=401),
    ),
    ("organisation-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "organisation-detail",
        lambda w, o: {"pk": w.firm_a.pk},
        "get",
        expect(404, anonymous=401, firm_a=200),
    ),
    ("five_r:overview", lambda w, o: {}, "get", expect(200)),
    ("five_r:program-list", lambda w, o: {}, "get", expect(200)),
    ("five_r:program-create", lambda w, o: {}, "get", adders()),
    ("five_r:program-detail", lambda w, o: {"pk": o["program"].pk}, "get", program_viewers()),
    (
        "five_r:program-update",
        lambda w, o: {"pk": o["program"].pk},
        "get",
        program_viewers(viewer_no=403),
    ),
    (
        "five_r:activity-create",
        lambda w, o: {"pk": o["program"].pk},
        "get",
        program_viewers(viewer_no=403),
    ),
    (
        "five_r:activity-update",
        lambda w, o: {"pk": o["program"].pk, "activity_pk": o["activity"].pk},
        "get",
        program_viewers(viewer_no=403),
    ),
    (
        "five_r:attendance",
        lambda w, o: {"pk": o["program"].pk, "activity_pk": o["activity"].pk},
        "get",
        expect(404, firm_a=403, firm_b=403, mentor=200, officer=200, admin=200),
    ),
    ("five_r:calendar", lambda w, o: {}, "get", expect(200)),
    ("five_r:template-list", lambda w, o: {}, "get", expect(200)),
    ("five_r:template-detail", lambda w, o: {"pk": o["template"].pk}, "get", expect(200)),
    (
        "five_r:template-export",
        lambda w, o: {"pk": o["template"].pk, "file_format": "json"},
        "get",
        expect(200),
    ),
    ("five_r:template-import", lambda w, o: {}, "get", adders()),
    ("five_r:outbox-import", lambda w, o: {}, "get", expect(403, admin=200)),  # staff: no persona
    ("five_r:audit-list", lambda w, o: {}, "get", expect(200)),
    ("five_r:audit-create", lambda w, o: {}, "get", adders() | {"mentor": 200}),
    ("five_r:audit-detail", lambda w, o: {"pk": o["draft"].pk}, "get", audit_viewers()),
    (
        "five_r:audit-capture",
        lambda w, o: {"pk": o["draft"].pk, "section": "ringkas"},
        "get",
        audit_workers(),
    ),
    ("five_r:audit-submit", lambda w, o: {"pk": o["draft"].pk}, "get", audit_workers()),
    ("five_r:audit-outcomes", lambda w, o: {"pk": o["draft"].pk}, "get", audit_workers()),
    (
        "five_r:audit-correct",
        lambda w, o: {"pk": o["submitted"].pk, "item_pk": o["item"].pk},
        "get",
        audit_workers(),
    ),
    ("five_r:photo", lambda w, o: {"pk": o["photo"].pk, "size": "thumb"}, "get", audit_viewers()),
    # The field app: its shell, worker and manifest hold no data; the drafts list is each
    # user's own (restrict), an audit's data is for those who may change it.
    ("five_r:field", lambda w, o: {}, "get", expect(200)),
    ("five_r:field-worker", lambda w, o: {}, "get", expect(200, anonymous=200)),
    ("five_r:field-manifest", lambda w, o: {}, "get", expect(200, anonymous=200)),
    ("five_r:field-audits", lambda w, o: {}, "get", expect(200)),
    ("five_r:field-audit", lambda w, o: {"pk": o["draft"].pk}, "get", audit_workers()),
    ("five_r:action-list", lambda w, o: {}, "get", expect(200)),
    ("five_r:action-detail", lambda w, o: {"pk": o["action"].pk}, "get", audit_viewers()),
    (
        "five_r:firm-results",
        lambda w, o: {"firm_pk": w.firm_a.pk},
        "get",
        expect(403, firm_a=200, mentor=200, officer=200, coop_manager=200, admin=200),
    ),
    (
        "five_r:red-tag-create",
        lambda w, o: {"firm_pk": w.firm_a.pk},
        "get",
        expect(403, firm_a=200, mentor=200, officer=200, admin=200),
    ),
    (
        "five_r:red-tag-update",
        lambda w, o: {"firm_pk": w.firm_a.pk, "tag_pk": o["red_tag"].pk},
        "get",
        expect(403, firm_a=200, mentor=200, officer=200, admin=200),
    ),
    ("five_r:ladder", lambda w, o: {}, "get", expect(200)),
    ("five-r-program-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "five-r-program-detail",
        lambda w, o: {"pk": o["program"].pk},
        "get",
        program_viewers() | {"anonymous": 401},
    ),
    ("five-r-checklist-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "five-r-checklist-detail",
        lambda w, o: {"pk": o["template"].pk},
        "get",
        expect(200, anonymous=401),
    ),
    ("five-r-audit-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "five-r-audit-detail",
        lambda w, o: {"pk": o["draft"].pk},
        "get",
        audit_viewers() | {"anonymous": 401},
    ),
    ("five-r-action-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "five-r-action-detail",
        lambda w, o: {"pk": o["action"].pk},
        "get",
        audit_viewers() | {"anonymous": 401},
    ),
    ("matchmaking:event-list", lambda w, o: {}, "get", expect(200)),
    ("matchmaking:event-create", lambda w, o: {}, "get", adders()),
    ("matchmaking:event-detail", lambda w, o: {"pk": o["event"].pk}, "get", expect(200)),
    ("matchmaking:event-update", lambda w, o: {"pk": o["event"].pk}, "get", organiser()),
    ("matchmaking:event-sessions", lambda w, o: {"pk": o["event"].pk}, "get", organiser()),
    ("matchmaking:register", lambda w, o: {"pk": o["event"].pk}, "get", expect(403)),
    ("matchmaking:registrations", lambda w, o: {"pk": o["event"].pk}, "get", organiser()),
    (
        "matchmaking:my-registration",
        lambda w, o: {"pk": o["event"].pk},
        "get",
        expect(404, firm_a=200, firm_b=200),
    ),
    ("matchmaking:need-list", lambda w, o: {"pk": o["event"].pk}, "get", takes_part()),
    ("matchmaking:need-create", lambda w, o: {"pk": o["event"].pk}, "get", expect(403)),
    ("matchmaking:need-detail", lambda w, o: {"pk": o["need"].pk}, "get", takes_part(no=404)),
    ("matchmaking:attachment", lambda w, o: {"pk": o["attachment"].pk}, "get", takes_part(no=404)),
    ("matchmaking:participants", lambda w, o: {"pk": o["event"].pk}, "get", takes_part()),
    ("matchmaking:requests", lambda w, o: {"pk": o["event"].pk}, "get", takes_part()),
    ("matchmaking:schedule", lambda w, o: {"pk": o["event"].pk}, "get", organiser()),
    ("matchmaking:meeting-move", lambda w, o: {"pk": o["meeting"].pk}, "get", meeting_organiser()),
    (
        "matchmaking:agenda",
        lambda w, o: {"pk": o["event"].pk},
        "get",
        expect(404, firm_a=200, firm_b=200),
    ),
    (
        "matchmaking:agenda-file",
        lambda w, o: {"pk": o["event"].pk, "file_format": "ics"},
        "get",
        expect(404, firm_a=200, firm_b=200),
    ),
    (
        "matchmaking:check-in",
        lambda w, o: {"token": o["registration_a"].token},
        "get",
        expect(404, firm_a=302, firm_b=403, officer=200, admin=200),
    ),
    ("matchmaking:day", lambda w, o: {"pk": o["event"].pk}, "get", organiser()),
    (
        "matchmaking:meeting-detail",
        lambda w, o: {"pk": o["meeting"].pk},
        "get",
        expect(404, firm_a=200, officer=200, admin=200),
    ),
    ("matchmaking:pipeline", lambda w, o: {"pk": o["event"].pk}, "get", takes_part()),
    ("matchmaking:stats", lambda w, o: {"pk": o["event"].pk}, "get", organiser()),
    (
        "matchmaking:stats-file",
        lambda w, o: {"pk": o["event"].pk, "file_format": "xlsx"},
        "get",
        organiser(),
    ),
    (
        "matchmaking:survey",
        lambda w, o: {"pk": o["event"].pk},
        "get",
        takes_part() | {"officer": 404, "admin": 404},
    ),
    ("follow-up-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (  # the meeting's: its organiser, and its parties once published (firm A; the buyer)
        "follow-up-detail",
        lambda w, o: {"pk": o["follow_up"].pk},
        "get",
        expect(404, anonymous=401, firm_a=200, officer=200, admin=200),
    ),
    ("event-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    ("event-detail", lambda w, o: {"pk": o["event"].pk}, "get", expect(200, anonymous=401)),
    ("need-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "need-detail",
        lambda w, o: {"pk": o["need"].pk},
        "get",
        takes_part(no=404) | {"anonymous": 401},
    ),
    (
        "need-recommendations",
        lambda w, o: {"pk": o["need"].pk},
        "get",
        takes_part(no=404) | {"anonymous": 401, "firm_a": 403, "firm_b": 403},
    ),
    ("offer-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "offer-detail",
        lambda w, o: {"pk": o["registration_a"].pk},
        "get",
        takes_part(no=404) | {"anonymous": 401},
    ),
    ("meeting-request-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "meeting-request-detail",
        lambda w, o: {"pk": o["meeting_request"].pk},
        "get",
        expect(404, anonymous=401, firm_a=200, officer=200, admin=200),
    ),
    ("meeting-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "meeting-detail",
        lambda w, o: {"pk": o["meeting"].pk},
        "get",
        expect(404, anonymous=401, firm_a=200, officer=200, admin=200),
    ),
    ("outcome-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "outcome-detail",
        lambda w, o: {"pk": o["outcome"].pk},
        "get",
        expect(404, anonymous=401, firm_a=200, officer=200, admin=200),
    ),
    ("partnerships:list", lambda w, o: {}, "get", expect(200)),
    ("partnerships:create", lambda w, o: {}, "get", expect(200, outsider=403)),
    (
        "partnerships:detail",
        lambda w, o: {"pk": o["partnership"].pk},
        "get",
        partnership_viewers(),
    ),
    (
        "partnerships:update",
        lambda w, o: {"pk": o["partnership"].pk},
        "get",
        partnership_changers(),
    ),
    (
        "partnerships:document",
        lambda w, o: {"pk": o["document"].pk},
        "get",
        partnership_viewers(),
    ),
    ("partnerships:network", lambda w, o: {}, "get", expect(200)),
    ("partnerships:firm-chain", lambda w, o: {"firm_pk": w.firm_a.pk}, "get", expect(200)),
    ("partnerships:link-create", lambda w, o: {}, "get", expect(200, outsider=403)),
    ("partnerships:orders", lambda w, o: {"pk": o["partnership"].pk}, "get", order_viewers()),
    (
        "partnerships:order-create",
        lambda w, o: {"pk": o["partnership"].pk},
        "get",
        order_changers(),
    ),
    ("partnerships:order", lambda w, o: {"pk": o["order"].pk}, "get", order_part_viewers(302)),
    (
        "partnerships:orders-import",
        lambda w, o: {"pk": o["partnership"].pk},
        "get",
        partnership_viewers(ok=403) | {"admin": 200},
    ),
    (
        "partnerships:orders-import-template",
        lambda w, o: {"pk": o["partnership"].pk},
        "get",
        partnership_viewers(ok=403) | {"admin": 200},
    ),
    (
        "partnerships:orders-import-review",
        lambda w, o: {"job_pk": o["orders_job"].pk},
        "get",
        expect(404, admin=200),
    ),
    ("partnerships:scorecards", lambda w, o: {}, "get", expect(200)),
    (
        "partnerships:scorecard",
        lambda w, o: {"buyer_pk": o["buyer"].pk},
        "get",
        expect(403, admin=200),
    ),
    (
        "partnerships:scorecard-settings",
        lambda w, o: {"buyer_pk": o["buyer"].pk},
        "get",
        expect(403, admin=200),
    ),
    (
        "partnerships:score-supplier",
        lambda w, o: {"buyer_pk": o["buyer"].pk, "supplier_pk": w.firm_a.pk},
        "get",
        expect(404, firm_a=200, admin=200),
    ),
    ("order-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "order-detail",
        lambda w, o: {"pk": o["order"].pk},
        "get",
        expect(404, anonymous=401, firm_a=200, admin=200),
    ),
    ("delivery-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "delivery-detail",
        lambda w, o: {"pk": o["delivery"].pk},
        "get",
        expect(404, anonymous=401, firm_a=200, admin=200),
    ),
    ("measure-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    ("score-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "score-detail",
        lambda w, o: {"pk": o["score"].pk},
        "get",
        expect(404, anonymous=401, firm_a=200, admin=200),
    ),
    ("scorecard-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "scorecard-detail",
        lambda w, o: {"pk": o["scorecard"].pk},
        "get",
        expect(404, anonymous=401, firm_a=200, admin=200),
    ),
    (
        "insights:dashboard",
        lambda w, o: {},
        "get",
        expect(403, officer=200, far_officer=200, admin=200),
    ),
    (
        "insights:step-firms",
        lambda w, o: {"step": "signed"},
        "get",
        expect(403, officer=200, far_officer=200, admin=200),
    ),
    ("insights:map", lambda w, o: {}, "get", expect(403, officer=200, far_officer=200, admin=200)),
    (
        "insights:map-data",
        lambda w, o: {},
        "get",
        expect(403, officer=200, far_officer=200, admin=200),
    ),
    ("estates:list", lambda w, o: {}, "get", expect(200)),
    ("estates:detail", lambda w, o: {"pk": o["estate"].pk}, "get", expect(200)),
    ("estates:occupancy", lambda w, o: {"pk": o["estate"].pk}, "get", expect(200)),
    (
        "estates:occupancy-file",
        lambda w, o: {"pk": o["estate"].pk, "file_format": "xlsx"},
        "get",
        expect(200),
    ),
    ("estates:unit", lambda w, o: {"pk": o["unit"].pk}, "get", expect(200)),
    (
        "estates:leases",
        lambda w, o: {"pk": o["estate"].pk},
        "get",
        lease_viewers(ok=200)
        | {p: 403 for p in ("firm_b", "outsider", "mentor", "coop_manager", "far_officer")},
    ),
    ("estates:lease", lambda w, o: {"pk": o["lease"].pk}, "get", lease_viewers()),
    (
        "estates:lease-create",
        lambda w, o: {"pk": o["estate"].pk},
        "get",
        expect(403, admin=200),
    ),
    ("estates:waiting", lambda w, o: {"pk": o["estate"].pk}, "get", expect(403, admin=200)),
    ("estates:assets", lambda w, o: {"pk": o["estate"].pk}, "get", expect(200)),
    (
        "estates:asset-create",
        lambda w, o: {"pk": o["estate"].pk},
        "get",
        expect(403, admin=200),
    ),
    ("estates:asset", lambda w, o: {"pk": o["asset"].pk}, "get", expect(200)),
    ("estates:asset-update", lambda w, o: {"pk": o["asset"].pk}, "get", expect(403, admin=200)),
    ("estates:bookings", lambda w, o: {"pk": o["estate"].pk}, "get", expect(200)),
    ("estates:asset-check-photo", lambda w, o: {"pk": o["check"].pk}, "get", expect(200)),
    ("estate-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    ("estate-detail", lambda w, o: {"pk": o["estate"].pk}, "get", expect(200, anonymous=401)),
    ("unit-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    ("unit-detail", lambda w, o: {"pk": o["unit"].pk}, "get", expect(200, anonymous=401)),
    ("lease-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "lease-detail",
        lambda w, o: {"pk": o["lease"].pk},
        "get",
        lease_viewers() | {"anonymous": 401},
    ),
    ("payment-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "payment-detail",
        lambda w, o: {"pk": o["payment"].pk},
        "get",
        lease_viewers() | {"anonymous": 401},
    ),
    ("application-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "application-detail",
        lambda w, o: {"pk": o["application"].pk},
        "get",
        expect(404, anonymous=401, admin=200),
    ),
    ("asset-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    ("asset-detail", lambda w, o: {"pk": o["asset"].pk}, "get", expect(200, anonymous=401)),
    ("booking-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    ("notification-list", lambda w, o: {}, "get", expect(200, anonymous=401)),  # one's own
    (  # firm A's own notification: nobody else's, the administrator's neither
        "notification-detail",
        lambda w, o: {"pk": o["notification"].pk},
        "get",
        expect(404, anonymous=401, firm_a=200),
    ),
    (
        "notification-read",
        lambda w, o: {"pk": o["notification"].pk},
        "post",
        expect(404, anonymous=401, firm_a=200),
    ),
    ("notification-read-all", lambda w, o: {}, "post", expect(200, anonymous=401)),
    ("call-off-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    ("call-off-detail", lambda w, o: {"pk": o["call_off"].pk}, "get", call_off_api()),
    *[  # the page rows above acknowledged it already: a second acknowledgement is a 400
        (f"call-off-{name}", lambda w, o: {"pk": o["call_off"].pk}, "post", expected)
        for name, expected in (
            ("propose", call_off_api(403) | {"firm_a": 400, "admin": 400}),  # no note
            ("acknowledge", call_off_api(403) | {"firm_a": 400, "admin": 400}),
            ("accept", call_off_api(403) | {"admin": 400}),  # nothing proposed
            ("reject", call_off_api(403) | {"admin": 400}),
            ("cancel", call_off_api(403) | {"admin": 400}),  # no reason
            ("change", call_off_api(403) | {"admin": 400}),
        )
    ],
    (
        "call-off-move-candidates",
        lambda w, o: {"pk": o["call_off"].pk},
        "get",
        call_off_api(403) | {"coop_manager": 200, "admin": 200},
    ),
    (  # an empty body
        "call-off-move",
        lambda w, o: {"pk": o["call_off"].pk},
        "post",
        call_off_api(403) | {"coop_manager": 400, "admin": 400},
    ),
    ("call-off-move-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    ("call-off-move-detail", lambda w, o: {"pk": o["move"].pk}, "get", call_off_api()),
    *[  # the admin's decision fails its checks (firm B is no member): 400, nothing written
        (f"call-off-move-{name}", lambda w, o: {"pk": o["move"].pk}, "post", expected)
        for name, expected in (
            ("accept", call_off_api(403) | {"admin": 400}),
            ("reject", call_off_api(403) | {"admin": 400}),
        )
    ],
    ("shipping-notice-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    ("shipping-notice-detail", lambda w, o: {"pk": o["notice"].pk}, "get", call_off_api()),
    (  # an empty body: 400 for the buyer's members (no persona) and the admin
        "shipping-notice-receive",
        lambda w, o: {"pk": o["notice"].pk},
        "post",
        call_off_api(403) | {"admin": 400},
    ),
    ("accessrequest-list", lambda w, o: {}, "get", expect(200, anonymous=401)),  # rows: remit
    (
        "accessrequest-detail",
        lambda w, o: {"pk": o["access_request"].pk},
        "get",
        expect(404, anonymous=401, officer=200, admin=200),
    ),
    (  # an empty body: 400 for those who may decide
        "accessrequest-approve",
        lambda w, o: {"pk": o["access_request"].pk},
        "post",
        expect(404, anonymous=401, officer=400, admin=400),
    ),
    (
        "accessrequest-reject",
        lambda w, o: {"pk": o["access_request"].pk},
        "post",
        expect(404, anonymous=401, officer=400, admin=400),
    ),
    ("booking-detail", lambda w, o: {"pk": o["booking"].pk}, "get", expect(200, anonymous=401)),
    ("partnership-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "partnership-detail",
        lambda w, o: {"pk": o["partnership"].pk},
        "get",
        partnership_viewers() | {"anonymous": 401},
    ),
    ("supply-link-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "supply-link-detail",
        lambda w, o: {"pk": o["link"].pk},
        "get",
        expect(200, anonymous=401),
    ),
    # Rows that change something come last, so the rows above see the original state.
    ("partnerships:export", lambda w, o: {}, "post", expect(404)),
    (
        "partnerships:status",
        lambda w, o: {"pk": o["partnership"].pk},
        "post",
        partnership_changers(ok=404),
    ),
    (
        "partnerships:renew",
        lambda w, o: {"pk": o["partnership"].pk},
        "post",
        partnership_changers(ok=302),
    ),
    (
        "partnership-status",
        lambda w, o: {"pk": o["partnership"].pk},
        "post",
        partnership_changers(ok=400) | {"anonymous": 401},
    ),
    (
        "partnership-documents",
        lambda w, o: {"pk": o["partnership"].pk},
        "post",
        partnership_changers(ok=400) | {"anonymous": 401},
    ),
    ("partnerships:link-end", lambda w, o: {"pk": o["link"].pk}, "post", expect(403, admin=302)),
    (
        "estates:booking-cancel",
        lambda w, o: {"pk": o["booking"].pk},
        "post",
        expect(403, firm_a=302, admin=302),
    ),
    (
        "estates:report",
        lambda w, o: {"pk": o["estate"].pk},
        "post",
        expect(403, officer=404, admin=404),  # the estate is outside Semarang's remit
    ),
    (
        "insights:report",
        lambda w, o: {},
        "post",
        expect(403, officer=404, far_officer=404, admin=404),
    ),
    (
        "estates:close-expired",
        lambda w, o: {"pk": o["estate"].pk},
        "post",
        expect(403, admin=302),
    ),
    (
        "partnerships:delivery-create",
        lambda w, o: {"line_pk": o["line"].pk},
        "get",
        order_part_viewers(200, firm_a=403),
    ),
    (
        "partnerships:delivery-create",
        lambda w, o: {"line_pk": o["line"].pk},
        "post",
        order_part_viewers(302, firm_a=403),
    ),
    (
        "partnerships:scorecard-recompute",
        lambda w, o: {"buyer_pk": o["buyer"].pk},
        "post",
        expect(403, admin=302),
    ),
    (
        "partnerships:sop-audit",
        lambda w, o: {"buyer_pk": o["buyer"].pk, "supplier_pk": w.firm_a.pk},
        "post",
        expect(403, admin=404),
    ),
    ("logout", lambda w, o: {}, "post", expect(302, anonymous=302)),
    ("regenerate-token", lambda w, o: {}, "post", expect(302)),
    (
        "membership-deactivate",
        lambda w, o: {"pk": o["staff"].pk},
        "post",
        expect(403, firm_a=302, admin=302),
    ),
    ("set_language", lambda w, o: {}, "post", expect(302, anonymous=302)),
    (
        "firms:import-confirm",
        lambda w, o: {"pk": o["import_job"].pk},
        "post",
        expect(403, officer=302, far_officer=404, admin=404),
    ),
    (
        "firms:part-delete",
        lambda w, o: {
            "pk": w.firm_a.pk,
            "kind": "certifications",
            "part_pk": o["certification"].pk,
        },
        "post",
        changers(ok=302),
    ),
    (
        "five_r:report",
        lambda w, o: {"kind": "audit", "pk": o["draft"].pk},
        "post",
        audit_viewers(ok=302),
    ),
    ("five_r:template-new-version", lambda w, o: {"pk": o["template"].pk}, "post", adders(ok=302)),
    (
        "five_r:audit-answer",
        lambda w, o: {"pk": o["draft"].pk, "item_pk": o["item"].pk},
        "post",
        audit_workers(),
    ),
    (
        "five_r:audit-photo",
        lambda w, o: {"pk": o["draft"].pk, "item_pk": o["item"].pk},
        "post",
        audit_workers(ok=302),
    ),
    (
        "five-r-audit-answers",
        lambda w, o: {"pk": o["draft"].pk},
        "post",
        audit_workers(ok=400) | {"anonymous": 401},
    ),
    (
        "five-r-audit-photos",
        lambda w, o: {"pk": o["draft"].pk},
        "post",
        audit_workers(ok=400) | {"anonymous": 401},
    ),
    (
        "five-r-audit-submit",
        lambda w, o: {"pk": o["draft"].pk},
        "post",
        audit_workers(ok=400) | {"anonymous": 401},
    ),
    (  # an empty form clears nothing and goes back to the audit
        "five_r:audit-outcomes",
        lambda w, o: {"pk": o["draft"].pk},
        "post",
        audit_workers(ok=302),
    ),
    (
        "five-r-audit-outcomes",
        lambda w, o: {"pk": o["draft"].pk},
        "post",
        audit_workers(ok=400) | {"anonymous": 401},
    ),
    (
        "five-r-audit-uploads",
        lambda w, o: {"pk": o["draft"].pk},
        "post",
        audit_workers(ok=400) | {"anonymous": 401},
    ),
    (  # no file: 400 for the administrator; refused before any file is read for the rest
        "five-r-outbox-import-list",
        lambda w, o: {},
        "post",
        expect(403, anonymous=401, admin=400),
    ),
    (  # no upload of that id: 404 for those who may send pieces, as for the rest
        "five-r-audit-upload-piece",
        lambda w, o: {"pk": o["draft"].pk, "upload": "6f1c2a9e-5b7d-4e1a-9c3f-2d8e7a6b5c41"},
        "post",
        audit_workers(ok=404) | {"anonymous": 401},
    ),
    (  # the Tegal program: its officer and the admin set the participants (an empty body: 400)
        "five-r-program-participants",
        lambda w, o: {"pk": o["program"].pk},
        "post",
        program_viewers(ok=400, viewer_no=403) | {"anonymous": 401},
    ),
    ("five_r:photo-delete", lambda w, o: {"pk": o["photo"].pk}, "post", audit_workers(ok=302)),
    (
        "five_r:conflict-decide",
        lambda w, o: {"pk": o["conflict"].pk},
        "post",
        audit_workers(ok=302),
    ),
    (  # an empty body: 400 for those who may decide
        "five-r-audit-decide-conflict",
        lambda w, o: {"pk": o["draft"].pk, "conflict": o["conflict"].pk},
        "post",
        audit_workers(ok=400) | {"anonymous": 401},
    ),
    (
        "matchmaking:request-create",
        lambda w, o: {"pk": o["event"].pk, "to": o["registration_a"].pk},
        "post",
        expect(403, firm_a=302, firm_b=302),
    ),
    (
        "matchmaking:exclude",
        lambda w, o: {"pk": o["event"].pk, "other": o["registration_a"].pk},
        "post",
        expect(403, firm_a=302, firm_b=302),
    ),
    (
        "matchmaking:request-respond",
        lambda w, o: {"pk": o["meeting_request"].pk},
        "post",
        expect(404, firm_a=302, officer=403, admin=403),
    ),
    (  # firm A's own follow-up: firm A marks it done; the organiser and the admin only read it
        "follow-up-done",
        lambda w, o: {"pk": o["follow_up"].pk},
        "post",
        expect(404, anonymous=401, firm_a=200, officer=403, admin=403),
    ),
    (
        "meeting-request-answer",
        lambda w, o: {"pk": o["meeting_request"].pk},
        "post",
        expect(404, anonymous=401, firm_a=400, officer=403, admin=403),
    ),
    (
        "matchmaking:meeting-pin",
        lambda w, o: {"pk": o["meeting"].pk},
        "post",
        meeting_organiser(ok=302),
    ),
    (
        "matchmaking:no-show",
        lambda w, o: {"pk": o["meeting"].pk},
        "post",
        meeting_organiser(ok=404),
    ),
    (  # a job prints the PDF, then its page offers the file
        "matchmaking:agenda-file",
        lambda w, o: {"pk": o["event"].pk, "file_format": "pdf"},
        "post",
        expect(404, firm_a=302, firm_b=302),
    ),
    ("matchmaking:table-cards", lambda w, o: {"pk": o["event"].pk}, "post", organiser(ok=302)),
    ("matchmaking:meeting-add", lambda w, o: {"pk": o["event"].pk}, "post", organiser(ok=404)),
    # (the organiser names no participant here: 404; test_event_day drops one)
    ("matchmaking:drop-out", lambda w, o: {"pk": o["event"].pk}, "post", organiser(ok=404)),
    ("matchmaking:publish", lambda w, o: {"pk": o["event"].pk}, "post", organiser(ok=302)),
    ("matchmaking:schedule-run", lambda w, o: {"pk": o["event"].pk}, "post", organiser(ok=302)),
    (
        "firms:year-delete",
        lambda w, o: {"pk": w.firm_a.pk, "year": o["industry_year"].year},
        "post",
        private_changers(ok=302),
    ),
    ("webhooks:endpoints", lambda w, o: {"pk": w.firm_a.pk}, "get", webhook_managers(no=403)),
    (
        "webhooks:endpoint-create",
        lambda w, o: {"pk": w.firm_a.pk},
        "get",
        webhook_managers(no=403),
    ),
    ("webhooks:endpoint", lambda w, o: {"pk": o["endpoint"].pk}, "get", webhook_managers()),
    ("webhooks:endpoint-edit", lambda w, o: {"pk": o["endpoint"].pk}, "get", webhook_managers()),
    (
        "webhooks:endpoint-delete",  # a confirmation; the POST deletes
        lambda w, o: {"pk": o["endpoint"].pk},
        "get",
        webhook_managers(),
    ),
    (
        "webhooks:endpoint-rotate",
        lambda w, o: {"pk": o["endpoint"].pk},
        "post",
        webhook_managers(ok=302),
    ),
    ("webhooks:delivery", lambda w, o: {"pk": o["hook_delivery"].pk}, "get", webhook_managers()),
    (
        "webhooks:delivery-replay",
        lambda w, o: {"pk": o["hook_delivery"].pk},
        "post",
        webhook_managers(ok=302),
    ),
    ("webhook-endpoint-list", lambda w, o: {}, "get", expect(200, anonymous=401)),  # rows: own
    (
        "webhook-endpoint-detail",
        lambda w, o: {"pk": o["endpoint"].pk},
        "get",
        webhook_managers() | {"anonymous": 401},
    ),
    (
        "webhook-endpoint-rotate-secret",
        lambda w, o: {"pk": o["endpoint"].pk},
        "post",
        webhook_managers() | {"anonymous": 401},
    ),
    ("webhook-delivery-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "webhook-delivery-detail",
        lambda w, o: {"pk": o["hook_delivery"].pk},
        "get",
        webhook_managers() | {"anonymous": 401},
    ),
    (
        "webhook-delivery-replay",
        lambda w, o: {"pk": o["hook_delivery"].pk},
        "post",
        webhook_managers(ok=201) | {"anonymous": 401},
    ),
]

# Names that need no row: the admin (Django's own staff checks) and the API's format suffixes.
NOT_IN_MATRIX_PREFIXES = ("admin:",)


def _names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_matrix():
    covered = {row[0] for row in MATRIX}
    names = {n for n in _names(get_resolver()) if not n.startswith(NOT_IN_MATRIX_PREFIXES)}
    assert names - covered == set()


@pytest.mark.parametrize("persona", PERSONAS)
def test_access_matrix(world, client, persona):
    objects = setup_objects(world)
    user = world.user(persona)
    failures = []
    for name, kwargs, method, expected in MATRIX:
        client.logout()
        if user is not None:
            client.force_login(user)
        url = reverse(name, kwargs=kwargs(world, objects))
        status = getattr(client, method)(url).status_code
        if status != expected[persona]:
            failures.append(f"{method.upper()} {name}: {status}, expected {expected[persona]}")
    assert failures == []


class _Undo(Exception):
    """Raised to roll back what an allowed POST wrote, so the next row starts from the same
    state."""


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_post_to_every_page_is_refused_as_its_get_and_writes_nothing(world, client, persona):
    """The other method of every page: each GET row is also POSTed (an empty form). Whoever the
    GET refuses (login, 403, 404) is refused the POST the same way, or the view does not take POSTs
    at all (405), and the database is unchanged; whoever the GET lets in never meets a server
    error (a form with errors, a redirect, or 405)."""

    objects = setup_objects(world)
    user = world.user(persona)

    def post(name, kwargs):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client.post(reverse(name, kwargs=kwargs(world, objects))).status_code

    failures, refused = [], []
    before = fingerprint()
    for name, kwargs, method, expected in MATRIX:
        if method != "get":
            continue  # POST rows are in the matrix already
        if expected[persona] in (LOGIN, 403, 404):
            refused.append((name, kwargs))
            status = post(name, kwargs)
            if status not in (expected[persona], 405):
                failures.append(f"POST {name}: {status}, expected {expected[persona]} or 405")
        else:
            try:
                with transaction.atomic():  # undone, so every row starts from the same state
                    status = post(name, kwargs)
                    raise _Undo
            except _Undo:
                pass
            if status >= 500:
                failures.append(f"POST {name}: {status}")
    if fingerprint() != before:  # something refused wrote: find which, one by one
        for name, kwargs in refused:
            start = fingerprint()
            try:
                with transaction.atomic():
                    post(name, kwargs)
            except Exception as exc:  # e.g. writing the same row twice
                failures.append(f"POST {name}: refused, yet wrote ({exc!r} the second time)")
                continue
            if fingerprint() != start:
                failures.append(f"POST {name}: refused, yet wrote")
        failures.append("the refused POSTs changed the database")
    assert failures == []
    assert persona != "anonymous" or len(refused) > 100
