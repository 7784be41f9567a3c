"""The 2021 Tegal temu bisnis: large Central Java industries meet Tegal metal IKM at LIK Takaru;
its follow-ups lead to the six partnerships signed on 3 October 2022."""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from rantai.firms.models import Firm
from rantai.matchmaking import recommendations, services
from rantai.matchmaking.models import (
    Event,
    FollowUp,
    Interest,
    MeetingRequest,
    Need,
    Outcome,
    Registration,
    Session,
    SurveyResponse,
)
from rantai.reference.models import Material, Process

EVENT_NAME = "Temu Bisnis IKM Logam Kabupaten Tegal 2021"
DAY = date(2021, 11, 23)
# The buyer each of the six partner IKM (in demo.firms.PARTNER_IKM order) signed with in 2022.
PARTNER_BUYERS = ["jpo", "mku", "mku", "jpo", "jpo", "mku"]
NEEDS = {
    "jpo": [
        ("Bushing baja untuk suspensi", ["cnc-turning", "grinding"], "carbon-steel", 3, 20000),
        ("Bracket las untuk rangka jok", ["mig-welding", "bending"], "carbon-steel", 2, 8000),
    ],
    "mku": [
        (
            "Bracket dudukan mesin sepeda motor",
            ["stamping", "bending", "spot-welding"],
            "galvanized-steel",
            2,
            15000,
        ),
        (
            "Pin dan poros kecil berlapis krom",
            ["cnc-turning", "electroplating"],
            "alloy-steel",
            3,
            25000,
        ),
    ],
    "aop": [
        (
            "Komponen shaft presisi",
            ["cnc-turning", "hardening", "grinding"],
            "alloy-steel",
            4,
            30000,
        )
    ],
}
REPRESENTATIVES = {"ikm": "Direktur", "large": "Manajer Pengadaan"}


def _at(hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(DAY, time(hour, minute)))


def _date_requests(event: Event) -> None:
    """The requests were made while registration was open and answered within a few days, all
    before the schedule was drawn up on 19 November 2021 (not when the demo was loaded)."""
    rng = random.Random("temu-bisnis-2021-answers")
    opened = timezone.make_aware(datetime.combine(date(2021, 11, 1), time(9)))
    for request in MeetingRequest.objects.filter(event=event).order_by("pk"):
        asked = opened + timedelta(days=rng.randint(0, 13), hours=rng.randint(0, 8))
        answered = asked + timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 6))
        MeetingRequest.objects.filter(pk=request.pk).update(
            created_at=asked,
            updated_at=answered,
            responded_at=answered if request.responded_at else None,
        )


@transaction.atomic
def load(orgs: dict) -> Event | None:
    if Event.objects.filter(name=EVENT_NAME).exists():
        return None
    rng = random.Random("temu-bisnis-2021")
    event = Event.objects.create(
        name=EVENT_NAME,
        organiser=orgs["ikma"],
        venue="Gedung Pertemuan LIK Takaru, Dampyak",
        region=orgs["pemkab"].regency,
        starts_on=DAY,
        ends_on=DAY,
        registration_opens=date(2021, 10, 1),
        registration_closes=date(2021, 11, 15),
        tables=10,
        slot_minutes=20,
        status=Event.Status.OPEN,
        description="Temu bisnis antara industri besar Jawa Tengah dan IKM logam Kabupaten Tegal, "
        "difasilitasi Direktorat Jenderal IKMA bersama Pemerintah Kabupaten Tegal.",
    )
    Session.objects.create(event=event, name="Pagi", date=DAY, starts_at=time(9), ends_at=time(12))
    Session.objects.create(
        event=event, name="Siang", date=DAY, starts_at=time(13), ends_at=time(15)
    )
    services.generate_slots(event=event)

    buyers = {
        key: Registration.objects.create(
            event=event,
            firm=orgs[key],
            role=Registration.Role.BUYER,
            status=Registration.Status.APPROVED,
            representative=REPRESENTATIVES["large"],
            headline="Mencari pemasok komponen logam presisi untuk produksi bulanan",
        )
        for key in ("jpo", "mku", "aop")
    }
    ikm = list(orgs["partners"]) + list(
        Firm.objects.filter(kind=Firm.Kind.IKM, capabilities__isnull=False)
        .exclude(pk__in=[f.pk for f in orgs["partners"]])
        .distinct()
        .order_by("name")[:16]
    )
    suppliers = {}
    for firm in ikm:
        suppliers[firm.pk] = Registration.objects.create(
            event=event,
            firm=firm,
            role=Registration.Role.SUPPLIER,
            status=Registration.Status.APPROVED,
            representative=REPRESENTATIVES["ikm"],
            headline=", ".join(
                c.process.label for c in firm.capabilities.select_related("process")[:3]
            ),
        )

    processes = {p.pk: p for p in Process.objects.all()}
    for key, items in NEEDS.items():
        for title, codes, material, tolerance, volume in items:
            need = Need.objects.create(
                event=event,
                registration=buyers[key],
                title=title,
                tolerance=tolerance,
                material=Material.objects.get(pk=material),
                volume_per_month=volume,
                certifications=["iso9001"],
                delivery_region_id="33.74" if key == "jpo" else None,
                target_start=date(2022, 3, 1),
            )
            need.processes.set([processes[c] for c in codes])
            # The buyer asks its best-fitting suppliers; the best three are a must.
            for rank, rec in enumerate(recommendations.for_need(need, k=7)):
                services.request_meeting(
                    requester=buyers[key],
                    recipient=rec.registration,
                    interest=Interest.MUST if rank < 3 else Interest.WOULD_LIKE,
                    need=need,
                )
    # Each partner IKM also asked for the buyer it would later sign with.
    for firm, key in zip(orgs["partners"], PARTNER_BUYERS, strict=True):
        services.request_meeting(
            requester=suppliers[firm.pk], recipient=buyers[key], interest=Interest.MUST
        )
    # Other suppliers asked a buyer too.
    for registration in list(suppliers.values())[len(orgs["partners"]) :]:
        if rng.random() < 0.5:
            services.request_meeting(
                requester=registration,
                recipient=rng.choice(list(buyers.values())),
                interest=Interest.WOULD_LIKE,
            )
    partner_pairs = {
        (suppliers[f.pk].pk, buyers[k].pk)
        for f, k in zip(orgs["partners"], PARTNER_BUYERS, strict=True)
    }
    for request in MeetingRequest.objects.filter(event=event, status=MeetingRequest.Status.PENDING):
        pair = (request.requester_id, request.recipient_id)
        accept = pair in partner_pairs or pair[::-1] in partner_pairs or rng.random() < 0.85
        services.respond(request=request, accept=accept)

    services.run_scheduler(event=event, seconds=3)
    services.publish(event=event)
    _date_requests(event)
    Event.objects.filter(pk=event.pk).update(
        published_at=_at(8) - timedelta(days=2), status=Event.Status.CLOSED
    )
    Registration.objects.filter(event=event).update(checked_in_at=_at(8, 30))

    stages = [
        Outcome.Stage.NO_FIT,
        Outcome.Stage.INTERESTED,
        Outcome.Stage.INTERESTED,
        Outcome.Stage.SAMPLE,
        Outcome.Stage.QUOTATION,
    ]
    # In the order of the requests, not of the schedule: the solver's arrangement is time-limited
    # and may differ from run to run, the story (who missed a meeting, what came of it) may not.
    meetings = list(
        event.meetings.select_related("request__requester", "request__recipient").order_by(
            "request_id"
        )
    )
    for number, meeting in enumerate(meetings):
        requester, recipient = meeting.parties
        supplier, buyer = (
            (requester, recipient) if not requester.is_buyer else (recipient, requester)
        )
        if number % 17 == 5 and (supplier.pk, buyer.pk) not in partner_pairs:
            services.mark_no_show(meeting=meeting, absent=supplier)
            continue
        stage = (
            Outcome.Stage.AGREEMENT
            if (supplier.pk, buyer.pk) in partner_pairs
            else rng.choice(stages)
        )
        for side in (supplier, buyer):
            services.record_outcome(
                meeting=meeting, registration=side, stage=stage, note="", user=None
            )
        if stage in (Outcome.Stage.AGREEMENT, Outcome.Stage.SAMPLE, Outcome.Stage.QUOTATION):
            FollowUp.objects.create(
                meeting=meeting,
                registration=supplier,
                description="Kirim sampel dan penawaran harga",
                due_on=DAY + timedelta(days=21),
                done_on=DAY + timedelta(days=18),
            )
        if stage == Outcome.Stage.AGREEMENT:
            FollowUp.objects.create(
                meeting=meeting,
                registration=buyer,
                description="Audit pemasok dan uji coba produksi",
                due_on=date(2022, 3, 31),
                done_on=date(2022, 3, 25),
            )
    for firm, key in zip(orgs["partners"], PARTNER_BUYERS, strict=True):
        answer = SurveyResponse.objects.create(
            registration=suppliers[firm.pk],
            result=SurveyResponse.Result.ORDERS,
            comments="Kemitraan ditandatangani 3 Oktober 2022.",
        )
        answer.partners.set([orgs[key]])
    return event
