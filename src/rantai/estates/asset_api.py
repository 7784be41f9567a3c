"""REST API for an estate's facilities and assets and the bookings of the shared ones. Every
signed-in user reads them (like the pages); changes go through ``estates.assets``, so the API
refuses what the UI refuses, with the same messages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import mixins, serializers, viewsets

from rantai.core.access import unsaved_copy
from rantai.core.api import RestrictedViewSetMixin, drf_errors
from rantai.estates import assets as services
from rantai.estates.filters import AssetFilterSet, BookingFilterSet
from rantai.estates.models import Asset, Booking


class AssetSerializer(serializers.ModelSerializer):
    estate_name = serializers.CharField(source="estate.name", read_only=True)

    class Meta:
        model = Asset
        fields = [
            "id",
            "estate",
            "estate_name",
            "name",
            "kind",
            "funding",
            "fiscal_year",
            "cost",
            "quantity",
            "condition",
            "bookable",
            "description",
            "created_at",
            "updated_at",
        ]
        # The condition follows the condition checks.
        read_only_fields = ["condition", "created_at", "updated_at"]


class AssetViewSet(
    RestrictedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Facilities and assets of the estates (buildings, roads, walls, halls, shared machines…)
    with their funding source, fiscal year, cost and current condition. The estate's managers
    add and change them; ``condition`` follows the latest condition check."""

    queryset = Asset.objects.select_related("estate").order_by("estate_id", "kind", "name", "pk")
    serializer_class = AssetSerializer
    filterset_class = AssetFilterSet

    def _save(self, serializer, asset: Asset):
        for name, value in serializer.validated_data.items():
            setattr(asset, name, value)
        try:
            serializer.instance = services.save_asset(asset, user=self.request.user)
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc

    @transaction.atomic
    def perform_create(self, serializer):
        asset = unsaved_copy(Asset(), serializer.validated_data)
        self.check_new(asset)
        self._save(serializer, asset)

    def perform_update(self, serializer):
        # The rule on the estate it is on and would be on; services.save_asset refuses moving
        # it elsewhere.
        self.check_changed(serializer.instance, serializer.validated_data)
        self._save(serializer, serializer.instance)


class BookingSerializer(serializers.ModelSerializer):
    asset_name = serializers.CharField(source="asset.name", read_only=True)
    firm_name = serializers.CharField(source="firm.name", read_only=True)

    class Meta:
        model = Booking
        fields = [
            "id",
            "asset",
            "asset_name",
            "firm",
            "firm_name",
            "starts_at",
            "ends_at",
            "purpose",
            "status",
            "created_at",
        ]
        read_only_fields = ["status", "created_at"]
        validators = []  # services.book checks the period (and the model's constraint)


class BookingViewSet(
    RestrictedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Bookings of shared facilities (meeting hall, shared machines). Members of a firm book for
    their firm, the estate's managers for any firm. A booking overlapping a confirmed booking of
    the same facility is refused (400) with a message naming that booking's firm and time."""

    queryset = Booking.objects.select_related("asset", "firm").order_by("starts_at", "pk")
    serializer_class = BookingSerializer
    filterset_class = BookingFilterSet

    @transaction.atomic
    def perform_create(self, serializer):
        data = serializer.validated_data
        self.check_new(unsaved_copy(Booking(), data))
        try:
            serializer.instance = services.book(
                asset=data["asset"],
                firm=data["firm"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                purpose=data["purpose"],
                user=self.request.user,
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
