"""Partnerships (kemitraan): agreements, their documents, supply links, orders and scores.

Agreements, documents and links are made by the services, which validate them and keep the
supply chain free of cycles; ``signed`` and ``active`` agreements got there through
``services.change_status`` with a signed PDF, as in the pages. Orders, lines and deliveries are
rows as an import leaves them (tests of the order rules call the services)."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from rantai.demo.partnerships import signed_pdf
from rantai.partnerships import scorecards, services
from rantai.partnerships.models import (
    Delivery,
    Document,
    Order,
    OrderLine,
    Partnership,
    Scorecard,
    ScoreRecord,
    SupplyLink,
)
from tests.factories.firms import FirmFactory


def pdf_upload(name: str = "pks.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, signed_pdf("PERJANJIAN KERJA SAMA", ["uji"]), content_type="application/pdf"
    )


def sign(partnership: Partnership, user=None) -> Partnership:
    """Upload the signed agreement and mark it signed."""
    DocumentFactory(
        partnership=partnership, title="PKS", kind=Document.Kind.SIGNED, uploaded_by=user
    )
    return services.change_status(partnership, Partnership.Status.SIGNED)


def sign_and_activate(partnership: Partnership, user=None) -> Partnership:
    sign(partnership, user)
    return services.change_status(partnership, Partnership.Status.ACTIVE)


def _moved_by(step):
    """A trait's last step: ``step`` the saved agreement, then read it back."""

    def move(partnership, create, extracted, **kwargs):
        if create:
            step(partnership)
            partnership.refresh_from_db()

    return factory.PostGeneration(move)


class PartnershipFactory(DjangoModelFactory):
    """A draft agreement: an IKM supplies steel bushings to a large industry for five years
    from 3 October 2022, signed that day at LIK Takaru; saved by ``services.save_partnership``
    (``witnesses=[{...}]`` and ``facilitators=[...]`` go to it). ``signed`` and ``active``
    move it on through the services."""

    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    class Params:
        signed = factory.Trait(moved=_moved_by(sign))
        active = factory.Trait(moved=_moved_by(sign_and_activate))

    supplier = factory.SubFactory(FirmFactory)
    buyer = factory.SubFactory(FirmFactory, large=True)
    kind = Partnership.Kind.TIER2
    scope = "Bushing baja untuk suspensi\nvolume 20.000 pcs/bulan"
    estimated_value = Decimal("1250000000")
    starts_on = date(2022, 10, 3)
    ends_on = date(2027, 10, 2)
    signed_on = date(2022, 10, 3)
    signed_place = "LIK Takaru, Kabupaten Tegal"

    @classmethod
    def _create(cls, model_class, *args, witnesses=None, facilitators=None, **fields):
        return services.save_partnership(
            model_class(*args, **fields), witnesses=witnesses, facilitators=facilitators
        )


class DocumentFactory(DjangoModelFactory):
    """The signed agreement as a PDF, added by the service (which checks it is a PDF)."""

    class Meta:
        model = Document

    partnership = factory.SubFactory(PartnershipFactory)
    kind = Document.Kind.SIGNED
    title = "PKS"
    file = factory.LazyFunction(pdf_upload)
    uploaded_by = None

    @classmethod
    def _create(cls, model_class, *, partnership, kind, title, file, uploaded_by):
        return services.add_document(
            partnership=partnership, file=file, title=title, kind=kind, user=uploaded_by
        )


class SupplyLinkFactory(DjangoModelFactory):
    """A declared link: a large industry buys frame parts from a tier-1 supplier; saved by the
    service, which refuses cycles."""

    class Meta:
        model = SupplyLink

    buyer = factory.SubFactory(FirmFactory, large=True)
    supplier = factory.SubFactory(FirmFactory)
    tier = 1
    commodity = "Komponen rangka"

    @classmethod
    def _create(cls, model_class, **fields):
        return services.save_link(**fields)


class OrderFactory(DjangoModelFactory):
    """A purchase order under an active agreement, dated 2 January 2023."""

    class Meta:
        model = Order

    partnership = factory.SubFactory(PartnershipFactory, active=True)
    number = factory.Sequence(lambda n: f"PO/2023/{n + 1:04d}")
    ordered_on = date(2023, 1, 2)


class OrderLineFactory(DjangoModelFactory):
    """100 bushings at Rp 12.500, due a month after the order."""

    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    part = "Bushing"
    quantity = Decimal(100)
    unit_price = Decimal(12_500)
    due_on = factory.LazyAttribute(lambda line: line.order.ordered_on + timedelta(days=30))


class DeliveryFactory(DjangoModelFactory):
    """The whole line delivered on its due date, nothing rejected."""

    class Meta:
        model = Delivery

    line = factory.SubFactory(OrderLineFactory)
    delivered_on = factory.SelfAttribute("line.due_on")
    quantity = factory.SelfAttribute("line.quantity")


class ScorecardFactory(DjangoModelFactory):
    """A buyer's scorecard with the default criteria and bands (``scorecards.scorecard_for``)."""

    class Meta:
        model = Scorecard

    buyer = factory.SubFactory(FirmFactory, large=True)

    @classmethod
    def _create(cls, model_class, *, buyer):
        return scorecards.scorecard_for(buyer)


class ScoreRecordFactory(DjangoModelFactory):
    """A supplier's score of 90 for January 2023, in the band its scorecard gives it, with the
    measures that score 90 on the default criteria (everything on time and whole, the SOP audit
    at 50 %)."""

    class Meta:
        model = ScoreRecord

    scorecard = factory.SubFactory(ScorecardFactory)
    supplier = factory.SubFactory(FirmFactory)
    period_start = date(2023, 1, 1)
    score = Decimal("90.0")
    measures = factory.Dict(
        {
            "on_time": 100.0,
            "fill_rate": 100.0,
            "lateness": 0.0,
            "ppm": 0.0,
            "sop": 50.0,
            "due": 100.0,
            "received": 100.0,
            "rejected": 0.0,
        }
    )
    band = factory.LazyAttribute(
        lambda record: (
            record.scorecard.bands.filter(min_score__lte=record.score)
            .order_by("-min_score")
            .first()
        )
    )
