"""REST API for estates: estates and units (public to signed-in users), leases and payments (the
tenant's own, its estate managers', officers'), the waiting list (managers). Writes go through
services, so the API refuses what the pages refuse, with the same messages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from rantai.core.access import restrict, unsaved_copy
from rantai.core.api import RestrictedViewSetMixin, drf_errors
from rantai.estates import occupancy, services
from rantai.estates.filters import ApplicationFilterSet, EstateFilterSet, LeaseFilterSet
from rantai.estates.models import Application, Estate, Lease, Payment, Unit


class EstateSerializer(serializers.ModelSerializer):
    occupancy = serializers.SerializerMethodField()

    class Meta:
        model = Estate
        fields = [
            "id",
            "name",
            "kind",
            "manager",
            "village",
            "address",
            "latitude",
            "longitude",
            "established",
            "area_m2",
            "occupancy",
        ]

    def get_occupancy(self, estate) -> dict:
        now = occupancy.on(estate)
        return {
            "day": now.day,
            "units": now.units,
            "occupied": now.occupied,
            "metal_ikm": now.metal,
            "by_type": {k: {"units": v[0], "occupied": v[1]} for k, v in now.by_type.items()},
        }


class EstateViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Estates with their occupancy today (units, occupied, by metal IKM, by unit type)."""

    queryset = Estate.objects.order_by("name")
    serializer_class = EstateSerializer
    filterset_class = EstateFilterSet


class UnitSerializer(serializers.ModelSerializer):
    type_code = serializers.CharField(source="type.code", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "estate", "code", "type", "type_code", "status", "vacant_since", "note"]
        read_only_fields = fields


class UnitViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Units and their status (occupied, vacant, under maintenance, reserved)."""

    queryset = Unit.objects.select_related("type").order_by("estate", "plan_order", "code")
    serializer_class = UnitSerializer
    filterset_fields = ["estate", "status", "type"]


class PaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "lease", "paid_on", "amount", "reference"]


class LeaseSerializer(serializers.ModelSerializer):
    arrears = serializers.SerializerMethodField()

    class Meta:
        model = Lease
        fields = [
            "id",
            "estate",
            "units",
            "tenant",
            "number",
            "starts_on",
            "ends_on",
            "monthly_fee",
            "deposit",
            "terms",
            "status",
            "ended_on",
            "renews",
            "arrears",
        ]
        read_only_fields = ["status", "ended_on", "renews", "arrears"]

    def get_arrears(self, lease) -> str:
        return str(occupancy.arrears(lease).owed)


class LeaseViewSet(RestrictedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Leases: a tenant sees its own; estate managers their estate's; officers those of the
    estates in their remit. The estate's managers record them (``estates.add_lease``)."""

    queryset = Lease.objects.prefetch_related("units").order_by("-starts_on", "pk")
    serializer_class = LeaseSerializer
    filterset_class = LeaseFilterSet

    @transaction.atomic
    def perform_create(self, serializer):
        data = serializer.validated_data
        self.check_new(unsaved_copy(Lease(), data))
        try:
            serializer.instance = services.lease(
                estate=data["estate"],
                units=list(data["units"]),
                tenant=data["tenant"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                monthly_fee=data["monthly_fee"],
                deposit=data.get("deposit", 0),
                terms=data.get("terms", ""),
                number=data.get("number", ""),
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc


class PaymentViewSet(
    RestrictedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Payments of the monthly fee (retribusi); the estate's managers record them."""

    queryset = Payment.objects.order_by("-paid_on", "pk")
    serializer_class = PaymentSerializer
    filterset_fields = ["lease"]

    @transaction.atomic
    def perform_create(self, serializer):
        data = serializer.validated_data
        lease = data["lease"]
        if not restrict(Lease.objects.all(), self.request.user).filter(pk=lease.pk).exists():
            raise ValidationError({"lease": ["Unknown lease."]})
        self.check_new(unsaved_copy(Payment(), data))
        try:
            serializer.instance = services.record_payment(
                lease_=lease,
                paid_on=data["paid_on"],
                amount=data["amount"],
                reference=data.get("reference", ""),
                user=self.request.user,
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc


class ApplicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = ["id", "estate", "firm", "kbli", "wanted_type", "applied_on", "status", "note"]
        read_only_fields = ["status"]


class ApplicationViewSet(
    RestrictedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """The waiting list of the estates the user manages."""

    queryset = Application.objects.order_by("applied_on", "pk")
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
