"""REST API for partnerships and supply links. Lists hold only what the user may see (scopes);
changes go through services, so the API refuses what the UI refuses, with the same messages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from rantai.accounts.actors import actor_for
from rantai.partnerships import scopes, services
from rantai.partnerships.filters import LinkFilterSet, PartnershipFilterSet
from rantai.partnerships.models import Document, Partnership, SupplyLink


def _errors(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class WitnessSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    position = serializers.CharField(max_length=250)
    institution = serializers.CharField(max_length=250)


class DocumentSerializer(serializers.ModelSerializer):
    url = serializers.URLField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Document
        fields = ["id", "kind", "title", "file", "url", "created_at"]
        extra_kwargs = {"file": {"write_only": True}}


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

    def validate(self, data):
        actor = actor_for(self.context["request"].user)
        if not (actor.is_admin or actor.is_officer):
            supplier = data.get("supplier", getattr(self.instance, "supplier", None))
            buyer = data.get("buyer", getattr(self.instance, "buyer", None))
            if not {f.pk for f in (supplier, buyer) if f} & actor.org_ids:
                raise ValidationError(
                    {"supplier": ["You can only record agreements your own firm is party to."]}
                )
        return data

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
            raise _errors(exc) from exc


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Partnership.Status.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PartnershipViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Partnership agreements (kemitraan) the user may see: its own firm's, its cooperative's,
    those it facilitated, or those in its remit as an officer. Terms change only while a draft;
    ``status`` moves it along draft → signed → active → ended/terminated."""

    serializer_class = PartnershipSerializer
    filterset_class = PartnershipFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return (
            scopes.partnerships(self.request.user)
            .select_related("supplier", "buyer")
            .prefetch_related("witnesses", "documents", "facilitators")
            .order_by("-signed_on", "-created_at", "pk")
        )

    def perform_create(self, serializer):
        if not self.request.user.has_perm("partnerships.add_partnership"):
            raise PermissionDenied
        serializer.instance = serializer.save_with(Partnership())

    def perform_update(self, serializer):
        if not self.request.user.has_perm("partnerships.change_partnership", serializer.instance):
            raise PermissionDenied
        serializer.instance = serializer.save_with(serializer.instance)

    @extend_schema(request=StatusSerializer, responses=PartnershipSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        partnership = self.get_object()
        if not request.user.has_perm("partnerships.change_partnership", partnership):
            raise PermissionDenied
        body = StatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            partnership = services.change_status(
                partnership, body.validated_data["status"], reason=body.validated_data["reason"]
            )
        except DjangoValidationError as exc:
            raise _errors(exc) from exc
        return Response(self.get_serializer(self.get_queryset().get(pk=partnership.pk)).data)

    @extend_schema(request=DocumentSerializer, responses=DocumentSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request, pk=None):
        partnership = self.get_object()
        if not request.user.has_perm("partnerships.change_partnership", partnership):
            raise PermissionDenied
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
            raise _errors(exc) from exc
        return Response(DocumentSerializer(document).data, status=201)


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


class LinkViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Supply links buyer → supplier with the supplier's tier. Creating one for a pair that
    exists updates it; self-links and cycles are refused."""

    serializer_class = LinkSerializer
    filterset_class = LinkFilterSet

    def get_queryset(self):
        return (
            scopes.links(self.request.user)
            .select_related("buyer", "supplier")
            .order_by("tier", "pk")
        )

    def perform_create(self, serializer):
        user = self.request.user
        buyer = serializer.validated_data["buyer"]
        if not user.has_perm("partnerships.add_link"):
            raise PermissionDenied
        actor = actor_for(user)
        if not (actor.is_admin or actor.is_officer or buyer.pk in actor.org_ids):
            raise PermissionDenied
        try:
            serializer.instance = services.save_link(
                buyer=buyer,
                supplier=serializer.validated_data["supplier"],
                tier=serializer.validated_data["tier"],
                commodity=serializer.validated_data.get("commodity", ""),
            )
        except DjangoValidationError as exc:
            raise _errors(exc) from exc
