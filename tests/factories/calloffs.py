"""Call-offs as rows (tests of the call-off rules call ``calloffs.services``)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from rantai.calloffs.models import CallOff
from tests.factories.partnerships import PartnershipFactory


class CallOffFactory(DjangoModelFactory):
    """A firm call-off of 500 suspension bushings due in a week at the buyer's gate, waiting
    to be acknowledged."""

    class Meta:
        model = CallOff

    partnership = factory.SubFactory(PartnershipFactory)
    number = factory.Sequence(lambda n: f"CO-T-{n:04d}")
    part_number = "BS-12"
    drawing_revision = "C"
    description = "Bushing baja suspensi"
    quantity = Decimal("500")
    unit_price = Decimal("4500")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    delivery_point = "Gudang penerimaan, Gerbang 2"
    ack_due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=4))
