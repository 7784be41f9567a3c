"""REST API for partnerships and supply links. Lists hold only what the user may see (scopes);
changes go through services, so the API refuses what the UI refuses, with the same messages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from rantai.core.access import restrict, unsaved_copy
from rantai.core.api import RestrictedViewSetMixin, drf_errors
from rantai.partnerships import performance, services
from rantai.partnerships.filters import LinkFilterSet, OrderFilterSet, PartnershipFilterSet
from rantai.partnerships.models import (
    Band,
    Criterion,
    Delivery,
    Document,
    Order,
    OrderLine,
    Partnership,
    Scorecard,
    ScoreRecord,
    SupplyLink,
)


class WitnessSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    position = serializers.CharField(max_length=250)
    institution = serializers.CharField(max_length=250)


class DocumentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "kind", "title", "file", "url", "created_at"]
        extra_kwargs = {"file": {"write_only": True}}

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, document) -> str:
        """An absolute address, as the schema promises (format: uri)."""
        return self.context["request"].build_absolute_uri(document.get_absolute_url())


class PartnershipSerializer(serializers.ModelSerializer):
    witnesses = WitnessSerializer(many=True, required=False)
    documents = DocumentSerializer(many=True, read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)
    buyer_name = serializers.CharField(source="buyer.name", read_only=True)

    class Meta:
        model = Partnership
        fields = [
            "id",
            "number",
            "supplier",
            "supplier_name",
            "buyer",
            "buyer_name",
            "cooperative",
            "facilitators",
            "officer",
            "kind",
            "tier",
            "scope",
            "estimated_value",
            "starts_on",
            "ends_on",
            "signed_on",
            "signed_place",
            "status",
            "status_reason",
            "event",
            "meeting",
            "program",
            "renews",
            "witnesses",
            "documents",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "status_reason", "renews", "created_at", "updated_at"]

    def save_with(self, instance: Partnership) -> Partnership:
        data = dict(self.validated_data)
        facilitators = data.pop("facilitators", None)
        witnesses = data.pop("witnesses", None)
        for field, value in data.items():
            setattr(instance, field, value)
        try:
            with transaction.atomic():
                return services.save_partnership(
                    instance, facilitators=facilitators, witnesses=witnesses
                )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Partnership.Status.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PartnershipViewSet(
    RestrictedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Partnership agreements (kemitraan) the user may see: its own firm's, its cooperative's,
    those it facilitated, or those in its remit as an officer. Terms change only while a draft;
    ``status`` moves it along draft → signed → active → ended/terminated. A firm records only
    agreements it is party to; nobody moves an agreement out of his reach (403)."""

    queryset = (
        Partnership.objects.select_related("supplier", "buyer")
        .prefetch_related("witnesses", "documents", "facilitators")
        .order_by("-signed_on", "-created_at", "pk")
    )
    serializer_class = PartnershipSerializer
    filterset_class = PartnershipFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    rule_actions = {"status": "change", "documents": "change"}

    @transaction.atomic
    def perform_create(self, serializer):
        self.check_new(unsaved_copy(Partnership(), serializer.validated_data))
        serializer.instance = serializer.save_with(Partnership())

    def perform_update(self, serializer):
        self.check_changed(serializer.instance, serializer.validated_data)
        serializer.instance = serializer.save_with(serializer.instance)

    @extend_schema(request=StatusSerializer, responses=PartnershipSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        partnership = self.get_object()
        body = StatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            partnership = services.change_status(
                partnership, body.validated_data["status"], reason=body.validated_data["reason"]
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        return Response(self.get_serializer(self.get_queryset().get(pk=partnership.pk)).data)

    @extend_schema(request=DocumentSerializer, responses=DocumentSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, pk=None):
        partnership = self.get_object()
        body = DocumentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            document = services.add_document(
                partnership=partnership,
                file=body.validated_data["file"],
                title=body.validated_data.get("title", ""),
                kind=body.validated_data.get("kind", Document.Kind.SIGNED),
                user=request.user,
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        return Response(DocumentSerializer(document, context={"request": request}).data, status=201)


class LinkSerializer(serializers.ModelSerializer):
    buyer_name = serializers.CharField(source="buyer.name", read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)

    class Meta:
        model = SupplyLink
        fields = [
            "id",
            "buyer",
            "buyer_name",
            "supplier",
            "supplier_name",
            "tier",
            "commodity",
            "partnership",
            "active",
        ]
        read_only_fields = ["partnership", "active"]
        validators = []  # an existing pair is updated by services.save_link


class LinkViewSet(RestrictedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Supply links buyer → supplier with the supplier's tier. Creating one for a pair that
    exists updates it; self-links and cycles are refused. A firm records links from itself as
    the buyer; officers and administrators for any buyer."""

    queryset = SupplyLink.objects.select_related("buyer", "supplier").order_by("tier", "pk")
    serializer_class = LinkSerializer
    filterset_class = LinkFilterSet

    @transaction.atomic
    def perform_create(self, serializer):
        self.check_new(unsaved_copy(SupplyLink(), serializer.validated_data))
        try:
            serializer.instance = services.save_link(
                buyer=serializer.validated_data["buyer"],
                supplier=serializer.validated_data["supplier"],
                tier=serializer.validated_data["tier"],
                commodity=serializer.validated_data.get("commodity", ""),
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc


# ---- orders, deliveries, measures, scorecards --------------------------------------------


class VisibleChoicesMixin:
    """Related objects a client names are chosen among those it may see: naming another buyer's
    agreement or order line is an unknown id (400), not a refusal that tells it exists."""

    visible_choices: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        user = getattr(self.context.get("request"), "user", None)
        for name in self.visible_choices:
            field = fields[name]
            field.queryset = restrict(field.queryset.model._default_manager.all(), user)
        return fields


class OrderLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderLine
        fields = ["id", "part", "quantity", "unit", "unit_price", "due_on"]


class OrderSerializer(VisibleChoicesMixin, serializers.ModelSerializer):
    lines = OrderLineSerializer(many=True)
    visible_choices = ("partnership",)

    class Meta:
        model = Order
        fields = ["id", "partnership", "number", "ordered_on", "note", "lines", "created_at"]
        read_only_fields = ["created_at"]


class OrderViewSet(RestrictedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Purchase orders with their lines. The buyer's members record them; the supplier reads
    its own; officers only where both firms share their performance; other buyers never see
    them."""

    queryset = Order.objects.prefetch_related("lines").order_by("-ordered_on", "pk")
    serializer_class = OrderSerializer
    filterset_class = OrderFilterSet

    @transaction.atomic
    def perform_create(self, serializer):
        self.check_new(unsaved_copy(Order(), serializer.validated_data))
        partnership = serializer.validated_data["partnership"]
        try:
            serializer.instance = services.create_order(
                partnership=partnership,
                number=serializer.validated_data["number"],
                ordered_on=serializer.validated_data["ordered_on"],
                note=serializer.validated_data.get("note", ""),
                lines=serializer.validated_data["lines"],
                user=self.request.user,
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc


class DeliverySerializer(VisibleChoicesMixin, serializers.ModelSerializer):
    visible_choices = ("line",)

    class Meta:
        model = Delivery
        fields = ["id", "line", "delivered_on", "quantity", "rejected", "reject_reason"]


class DeliveryViewSet(
    RestrictedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Deliveries against order lines: received, of which rejected, with the reason. Seen with
    the orders; recorded by the buyer's members."""

    queryset = Delivery.objects.select_related("line__partnership").order_by("delivered_on", "pk")
    serializer_class = DeliverySerializer
    filterset_fields = ["line", "partnership"]

    @transaction.atomic
    def perform_create(self, serializer):
        self.check_new(unsaved_copy(Delivery(), serializer.validated_data))
        line = serializer.validated_data["line"]
        try:
            serializer.instance = services.add_delivery(
                line=line,
                delivered_on=serializer.validated_data["delivered_on"],
                quantity=serializer.validated_data["quantity"],
                rejected=serializer.validated_data.get("rejected", 0),
                reject_reason=serializer.validated_data.get("reject_reason", ""),
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc


class MeasureSerializer(serializers.Serializer):
    supplier = serializers.IntegerField()
    buyer = serializers.IntegerField()
    period_start = serializers.DateField()
    on_time = serializers.FloatField(allow_null=True, help_text="On-time delivery, %")
    fill_rate = serializers.FloatField(allow_null=True, help_text="Fill rate, %")
    lateness = serializers.FloatField(allow_null=True, help_text="Average lateness, days")
    ppm = serializers.FloatField(allow_null=True, help_text="Rejected per million received")
    due = serializers.FloatField()
    received = serializers.FloatField()
    rejected = serializers.FloatField()


class MeasureViewSet(RestrictedViewSetMixin, viewsets.ViewSet):
    """Delivery measures per supplier, buyer and month (``?period=quarter`` for quarters) over
    the partnerships whose orders the user may see; ``?partnership=ID`` narrows to one.

    Measures are no model: the one permission class answers for the list (signed in), and the
    rows are those of ``Order.objects.restrict(user)`` (rule: partnerships.view_order), which is
    the whole rule (``rule_actions``)."""

    serializer_class = MeasureSerializer
    rule_actions = {"list": None}

    def rule_model(self):
        return Order

    @extend_schema(
        responses=MeasureSerializer(many=True),
        parameters=[
            OpenApiParameter("partnership", int, description="One agreement's measures"),
            OpenApiParameter("period", str, enum=["month", "quarter"]),
        ],
    )
    def list(self, request):
        kind = "quarter" if request.query_params.get("period") == "quarter" else "month"
        partnerships = Partnership.objects.filter(
            pk__in=Order.objects.restrict(request.user).values("partnership")
        )
        wanted = request.query_params.get("partnership")
        if wanted:
            if not wanted.isdigit():
                raise ValidationError({"partnership": [_("Enter a whole number.")]})
            partnerships = partnerships.filter(pk=int(wanted))
        rows = performance.table(partnerships, kind, timezone.localdate())
        data = [
            {
                "supplier": r.supplier_id,
                "buyer": r.buyer_id,
                "period_start": r.period_start,
                **r.values,
            }
            for r in rows
        ]
        return Response(MeasureSerializer(data, many=True).data)


class ScoreRecordSerializer(serializers.ModelSerializer):
    buyer = serializers.IntegerField(source="scorecard.buyer_id", read_only=True)
    band = serializers.CharField(source="band.label", read_only=True, allow_null=True)

    class Meta:
        model = ScoreRecord
        fields = ["id", "buyer", "supplier", "period_start", "score", "band", "measures"]


class ScoreViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Scorecard results: a buyer sees its suppliers' scores from it, a supplier its own from
    every buyer, officers those of suppliers in their remit that an agreement shares."""

    queryset = ScoreRecord.objects.select_related("scorecard", "band").order_by(
        "period_start", "pk"
    )
    serializer_class = ScoreRecordSerializer
    filterset_fields = ["supplier", "period_start"]


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["measure", "weight", "full_at", "zero_at"]


class BandSerializer(serializers.ModelSerializer):
    """A default band's name and meaning in the request's language, as the pages show them."""

    name = serializers.CharField(source="label", read_only=True)
    meaning = serializers.CharField(source="description", read_only=True)

    class Meta:
        model = Band
        fields = ["name", "min_score", "colour", "meaning", "code"]


class ScorecardSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)
    bands = BandSerializer(many=True, read_only=True)
    name = serializers.CharField(source="title", read_only=True)

    class Meta:
        model = Scorecard
        fields = ["id", "buyer", "name", "period", "sop_template", "criteria", "bands"]


class ScorecardViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Scorecard settings (criteria, weights, bands) of the buyers the user belongs to, and of
    the buyers that score the user's firms."""

    queryset = Scorecard.objects.prefetch_related("criteria", "bands").order_by("pk")
    serializer_class = ScorecardSerializer
