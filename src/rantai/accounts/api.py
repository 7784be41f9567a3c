"""REST API of accounts: the token endpoint, and access requests for those who review them."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from rantai.accounts import services
from rantai.accounts.filters import AccessRequestFilterSet
from rantai.accounts.models import AccessRequest
from rantai.accounts.scopes import organisations_to_join
from rantai.core.api import RestrictedViewSetMixin, drf_errors
from rantai.firms.models import Firm


@extend_schema(tags=["auth"])
class TokenView(ObtainAuthToken):
    """A username and password in, the person's API token out (the one shown on the profile).

    Sign-in lockouts apply as on the login page: the serializer authenticates with Django's own
    request, which django-axes marks when it refuses a locked-out person, so its middleware can
    answer 429.
    """

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "request": self.request._request}


class AccessRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = AccessRequest
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "organisation",
            "role",
            "region",
            "nib",
            "message",
            "status",
            "decided_by",
            "decided_at",
            "reason",
            "invitation",
            "created_at",
        ]
        read_only_fields = fields


class ApproveSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Firm.objects.none(),
        help_text="The organisation to invite the requester to: one whose data you may change and "
        "whose kind takes the role sought.",
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Emailed to the requester.")


class AccessRequestViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Requests for access sent through the public form: administrators see all, officers
    those from their remit. Approving invites the requester to an organisation (the invitation
    is emailed); rejecting emails the reason. A request is decided once."""

    queryset = AccessRequest.objects.select_related("region")
    serializer_class = AccessRequestSerializer
    filterset_class = AccessRequestFilterSet
    rule_actions = {"approve": "decide", "reject": "decide"}

    @extend_schema(request=ApproveSerializer, responses=AccessRequestSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        access_request = self.get_object()
        data = ApproveSerializer(
            data=request.data,
            organisations=organisations_to_join(request.user, access_request),
        )
        data.is_valid(raise_exception=True)
        try:
            services.approve_access_request(
                access_request=access_request,
                organisation=data.validated_data["organisation"],
                decided_by=request.user,
                accept_url_builder=lambda inv: request.build_absolute_uri(inv.get_absolute_url()),
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        access_request.refresh_from_db()
        return Response(AccessRequestSerializer(access_request).data)

    @extend_schema(request=RejectSerializer, responses=AccessRequestSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        access_request = self.get_object()
        data = RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            access_request = services.reject_access_request(
                access_request=access_request,
                reason=data.validated_data["reason"],
                decided_by=request.user,
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        return Response(AccessRequestSerializer(access_request).data)
