"""Temu bisnis: events with their sessions and slots, registrations, needs, meeting requests,
meetings and the follow-up survey.

Slots come from the sessions (``services.generate_slots``), requests and meetings are made by
the services, so the rules that join a buyer and a supplier of one event always hold."""

from datetime import date, time

import factory
from factory.django import DjangoModelFactory

from rantai.matchmaking import services
from rantai.matchmaking.models import (
    Attachment,
    Event,
    Interest,
    Meeting,
    MeetingRequest,
    Need,
    Registration,
    Session,
    SurveyResponse,
)
from tests.factories.firms import FirmFactory


class EventFactory(DjangoModelFactory):
    """A one-day temu bisnis at LIK Takaru, open for registration, organised by the Tegal
    regency, with a morning session of six 20-minute slots (``session=None``: no session)."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Temu Bisnis IKM Logam Tegal {n}")
    organiser = factory.SubFactory(FirmFactory, agency=True)
    venue = "LIK Takaru, Kramat, Kabupaten Tegal"
    starts_on = date(2021, 11, 23)
    ends_on = factory.SelfAttribute("starts_on")
    tables = 4
    slot_minutes = 20
    status = Event.Status.OPEN
    session = factory.RelatedFactory("tests.factories.matchmaking.SessionFactory", "event")


class SessionFactory(DjangoModelFactory):
    """The morning of the event's first day; the event's slots are generated again from its
    sessions, as the organiser's page does."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory, session=None)
    name = "Pagi"
    date = factory.SelfAttribute("event.starts_on")
    starts_at = time(9)
    ends_at = time(11)

    @factory.post_generation
    def slots(session, create, extracted, **kwargs):
        if create:
            services.generate_slots(event=session.event)


class RegistrationFactory(DjangoModelFactory):
    """An approved supplier (an IKM, by its director); ``buyer`` makes it a large industry's
    purchasing manager."""

    class Meta:
        model = Registration

    class Params:
        buyer = factory.Trait(
            role=Registration.Role.BUYER,
            firm=factory.SubFactory(FirmFactory, large=True),
            representative="Manajer Pengadaan",
        )

    event = factory.SubFactory(EventFactory)
    firm = factory.SubFactory(FirmFactory)
    role = Registration.Role.SUPPLIER
    status = Registration.Status.APPROVED
    representative = "Direktur"


class NeedFactory(DjangoModelFactory):
    """A buyer's need for CNC-turned bushings (``processes=[...]`` to change the processes)."""

    class Meta:
        model = Need
        skip_postgeneration_save = True

    registration = factory.SubFactory(RegistrationFactory, buyer=True)
    event = factory.SelfAttribute("registration.event")
    title = "Bushing baja untuk suspensi"
    volume_per_month = 20_000

    @factory.post_generation
    def processes(need, create, extracted, **kwargs):
        if create:
            need.processes.set(["cnc-turning"] if extracted is None else extracted)


class AttachmentFactory(DjangoModelFactory):
    class Meta:
        model = Attachment

    need = factory.SubFactory(NeedFactory)
    name = "gambar-bushing.pdf"
    file = factory.django.FileField(filename="gambar-bushing.pdf", data=b"%PDF-1.4\n")


class MeetingRequestFactory(DjangoModelFactory):
    """A buyer asks a supplier of the same event for a meeting, through the service;
    ``accepted`` has the supplier accept it."""

    class Meta:
        model = MeetingRequest

    class Params:
        accepted = factory.Trait(status=MeetingRequest.Status.ACCEPTED)

    requester = factory.SubFactory(RegistrationFactory, buyer=True)
    recipient = factory.SubFactory(
        RegistrationFactory, event=factory.SelfAttribute("..requester.event")
    )
    interest = Interest.WOULD_LIKE
    status = MeetingRequest.Status.PENDING

    @classmethod
    def _create(cls, model_class, *, requester, recipient, interest, status, **details):
        request = services.request_meeting(
            requester=requester, recipient=recipient, interest=interest, **details
        )
        if status != MeetingRequest.Status.PENDING:
            request = services.respond(
                request=request, accept=status == MeetingRequest.Status.ACCEPTED
            )
        return request


class MeetingFactory(DjangoModelFactory):
    """An accepted request placed by hand at the first slot of its event, table 1, as the
    service places one; ``held`` means it took place."""

    class Meta:
        model = Meeting

    class Params:
        held = factory.Trait(status=Meeting.Status.HELD)

    request = factory.SubFactory(MeetingRequestFactory, accepted=True)
    slot = factory.LazyAttribute(lambda m: m.request.event.slots.first())
    table = 0
    status = Meeting.Status.SCHEDULED

    @classmethod
    def _create(cls, model_class, *, request, slot, table, status):
        meeting = services.add_meeting(request=request, slot=slot, table=table)
        if status != meeting.status:
            meeting.status = status
            meeting.save(update_fields=["status", "updated_at"])
        return meeting


class SurveyResponseFactory(DjangoModelFactory):
    """Six months on, a participant has no business from the event so far."""

    class Meta:
        model = SurveyResponse

    registration = factory.SubFactory(RegistrationFactory)
    result = SurveyResponse.Result.NONE
