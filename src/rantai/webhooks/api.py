"""REST API for webhooks: an organisation's endpoints (for whoever manages its members), what
was sent to them with every attempt, and replaying a delivery. Writes go through ``services``."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rantai.core.api import RestrictedViewSetMixin, drf_errors
from rantai.firms.models import Firm
from rantai.webhooks import services
from rantai.webhooks.filters import DeliveryFilterSet, EndpointFilterSet
from rantai.webhooks.models import Attempt, Delivery, Endpoint, Event


class WebhookEndpointSerializer(serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Firm.objects.alive())
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=Event.choices), allow_empty=False
    )

    class Meta:
        model = Endpoint
        fields = [
            "id",
            "organisation",
            "url",
            "events",
            "active",
            "description",
            "secret",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["secret", "created_by", "created_at", "updated_at"]

    def validate_organisation(self, value):
        if self.instance is not None and value.pk != self.instance.organisation_id:
            raise serializers.ValidationError(_("An endpoint stays with its organisation."))
        return value

    def create(self, validated_data):
        user = self.context["request"].user
        try:
            return services.create_endpoint(user=user, **validated_data)
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc

    def update(self, instance, validated_data):
        changes = {k: v for k, v in validated_data.items() if k in services.ENDPOINT_FIELDS}
        try:
            return services.update_endpoint(endpoint=instance, changes=changes)
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc


class WebhookAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attempt
        fields = ["id", "started_at", "duration_ms", "status_code", "error", "response_excerpt"]
        read_only_fields = fields


class WebhookDeliverySerializer(serializers.ModelSerializer):
    attempts = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "endpoint",
            "event",
            "event_id",
            "payload",
            "status",
            "attempts_count",
            "next_attempt_at",
            "created_at",
            "replay_of",
            "attempts",
        ]
        read_only_fields = fields


class WebhookEndpointViewSet(RestrictedViewSetMixin, viewsets.ModelViewSet):
    """Your organisations' webhook endpoints (for those who manage an organisation's members).
    The secret signs every request (``X-Rantai-Signature``); ``rotate-secret`` replaces it."""

    queryset = Endpoint.objects.select_related("organisation")
    serializer_class = WebhookEndpointSerializer
    filterset_class = EndpointFilterSet
    rule_actions = {"rotate_secret": "change"}

    @transaction.atomic
    def perform_create(self, serializer):
        self.check_new(Endpoint(organisation=serializer.validated_data["organisation"]))
        serializer.save()

    def perform_destroy(self, instance):
        services.delete_endpoint(endpoint=instance)

    @extend_schema(request=None, responses=WebhookEndpointSerializer)
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        """Give the endpoint a new secret; the old one signs nothing from now on."""
        endpoint = services.rotate_secret(endpoint=self.get_object())
        return Response(WebhookEndpointSerializer(endpoint, context={"request": request}).data)


class WebhookDeliveryViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """What was sent to your endpoints, newest first, each with its attempts."""

    queryset = Delivery.objects.prefetch_related("attempts")
    serializer_class = WebhookDeliverySerializer
    filterset_class = DeliveryFilterSet
    rule_actions = {"replay": "replay"}

    @extend_schema(request=None, responses={201: WebhookDeliverySerializer})
    @action(detail=True, methods=["post"])
    def replay(self, request, pk=None):
        """Send this delivery's event again (same event id), as a new delivery."""
        try:
            copy = services.replay(delivery=self.get_object(), user=request.user)
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        return Response(WebhookDeliverySerializer(copy).data, status=status.HTTP_201_CREATED)
