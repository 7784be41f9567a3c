"""Shipping notices as rows, without the service's checks (tests of shipping and receipt call
``calloffs.shipping``)."""

from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from rantai.calloffs.models import ShippingNotice, ShippingNoticeLine
from tests.factories.calloffs import CallOffFactory
from tests.factories.partnerships import PartnershipFactory


class ShippingNoticeFactory(DjangoModelFactory):
    """A delivery note sent today, not yet received."""

    class Meta:
        model = ShippingNotice

    partnership = factory.SubFactory(PartnershipFactory)
    supplier = factory.LazyAttribute(lambda o: o.partnership.supplier)
    number = factory.Sequence(lambda n: f"SJ-T-{n:04d}")
    shipped_on = factory.LazyFunction(timezone.localdate)
    vehicle = "G 1234 AB"


class ShippingNoticeLineFactory(DjangoModelFactory):
    """100 pieces of lot L-01 of a call-off of the notice's agreement."""

    class Meta:
        model = ShippingNoticeLine

    notice = factory.SubFactory(ShippingNoticeFactory)
    call_off = factory.SubFactory(
        CallOffFactory, partnership=factory.SelfAttribute("..notice.partnership")
    )
    lot = "L-01"
    quantity = Decimal("100")
