"""REST API of shipping notices: list and read what one may see (as call-offs); the supplier
creates a notice (its lines are call-offs, lots and quantities); the buyer posts the goods
receipt (``POST /shipping-notices/{id}/receive/``). Every write goes through
``calloffs.shipping``, as the pages do."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rantai.calloffs import shipping
from rantai.calloffs.models import ShippingNotice, ShippingNoticeLine
from rantai.calloffs.shipping_forms import ShippingNoticeFilterSet
from rantai.core.api import RestrictedViewSetMixin, drf_errors
from rantai.partnerships.api import VisibleChoicesMixin


class ShippingNoticeLineSerializer(VisibleChoicesMixin, serializers.ModelSerializer):
    visible_choices = ("call_off",)

    class Meta:
        model = ShippingNoticeLine
        fields = [
            "id",
            "call_off",
            "lot",
            "quantity",
            "received",
            "rejected",
            "reject_reason",
            "delivery",
        ]
        read_only_fields = ["received", "rejected", "reject_reason", "delivery"]


class ShippingNoticeSerializer(VisibleChoicesMixin, serializers.ModelSerializer):
    visible_choices = ("partnership",)
    lines = ShippingNoticeLineSerializer(many=True)

    class Meta:
        model = ShippingNotice
        fields = [
            "id",
            "partnership",
            "supplier",
            "number",
            "shipped_on",
            "vehicle",
            "driver",
            "note",
            "status",
            "received_on",
            "lines",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["supplier", "status", "received_on", "created_at", "updated_at"]
        # The service says why a number is taken (in the user's language), all or nothing.
        validators = []


class ReceiptLineSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="The id of a line of this notice.")
    received = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="What arrived, rejected pieces included."
    )
    rejected = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    reject_reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ReceiptSerializer(serializers.Serializer):
    received_on = serializers.DateField()
    lines = ReceiptLineSerializer(many=True, help_text="One for every line of the notice.")


class ShippingNoticeViewSet(
    RestrictedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Shipping notices (delivery notes): seen as their call-offs are; created by the supplier,
    received once by the buyer."""

    queryset = (
        ShippingNotice.objects.select_related("partnership")
        .prefetch_related("lines")
        .order_by("-shipped_on", "-pk")
    )
    serializer_class = ShippingNoticeSerializer
    filterset_class = ShippingNoticeFilterSet
    rule_actions = {"receive": "receive"}

    @transaction.atomic
    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        partnership = data.pop("partnership")
        self.check_new(ShippingNotice(partnership=partnership))
        lines = [dict(line) for line in data.pop("lines")]
        try:
            serializer.instance = shipping.ship(
                partnership=partnership, user=self.request.user, lines=lines, **data
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc

    @extend_schema(request=ReceiptSerializer, responses=ShippingNoticeSerializer)
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        notice = self.get_object()
        body = ReceiptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            notice = shipping.receive(
                notice=notice,
                user=request.user,
                received_on=body.validated_data["received_on"],
                lines=[dict(line) for line in body.validated_data["lines"]],
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        notice = self.get_queryset().get(pk=notice.pk)
        return Response(
            ShippingNoticeSerializer(notice, context=self.get_serializer_context()).data
        )
