"""REST API for temu bisnis: events, needs, showcases (offers), recommendations, meeting
requests, the schedule and outcomes. A participant sees its own agenda and requests; the
organiser sees the whole event. Querysets come from the same scopes as the pages (scopes.py);
each action asks the same named rule (rules.py); lists filter with the pages' FilterSets
(filters.py)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rantai.core.access import can, restrict, unsaved_copy
from rantai.core.api import RestrictedViewSetMixin, check_constraints, drf_errors
from rantai.matchmaking import recommendations, services
from rantai.matchmaking.filters import (
    EventFilterSet,
    MeetingRequestFilterSet,
    NeedFilterSet,
    RegistrationFilterSet,
)
from rantai.matchmaking.models import (
    Event,
    FollowUp,
    Meeting,
    MeetingRequest,
    Need,
    Outcome,
    Registration,
)


def _own_registration(user, event, **filters) -> Registration | None:
    """The user's firm's approved registration at ``event`` (usually the only one)."""
    return (
        restrict(event.registrations.filter(status=Registration.Status.APPROVED), user, "change")
        .filter(**filters)
        .first()
    )


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = [
            "id",
            "name",
            "organiser",
            "venue",
            "region",
            "description",
            "starts_on",
            "ends_on",
            "registration_opens",
            "registration_closes",
            "tables",
            "slot_minutes",
            "status",
            "published_at",
            "schedule_version",
        ]
        read_only_fields = ["published_at", "schedule_version"]

    def validate(self, attrs):
        return check_constraints(self, super().validate(attrs))


class EventViewSet(
    RestrictedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Business-matching events (public to signed-in users); officers create them for their own
    organisation, the organiser changes them (and may not hand them to an organisation he is not
    in)."""

    queryset = Event.objects.all()
    serializer_class = EventSerializer
    filterset_class = EventFilterSet


class NeedSerializer(serializers.ModelSerializer):
    buyer = serializers.CharField(source="registration.firm.name", read_only=True)

    class Meta:
        model = Need
        fields = [
            "id",
            "event",
            "registration",
            "buyer",
            "title",
            "description",
            "processes",
            "material",
            "tolerance",
            "volume_per_month",
            "unit",
            "certifications",
            "certification_required",
            "delivery_region",
            "target_start",
        ]
        read_only_fields = ["registration"]


class RecommendationSerializer(serializers.Serializer):
    registration = serializers.IntegerField(source="registration.pk")
    firm = serializers.IntegerField(source="registration.firm_id")
    name = serializers.CharField(source="registration.firm.name")
    score = serializers.FloatField()
    parts = serializers.DictField(child=serializers.FloatField())


class NeedViewSet(RestrictedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Buyers' needs at the events you take part in or organise; an approved buyer posts its
    own."""

    queryset = Need.objects.select_related("registration__firm").prefetch_related("processes")
    serializer_class = NeedSerializer
    filterset_class = NeedFilterSet
    rule_actions = {"recommendations": "match"}

    @transaction.atomic
    def perform_create(self, serializer):
        event = serializer.validated_data["event"]
        me = _own_registration(self.request.user, event, role=Registration.Role.BUYER)
        self.check_new(unsaved_copy(Need(registration=me), serializer.validated_data))
        serializer.save(registration=me)

    @extend_schema(responses=RecommendationSerializer(many=True))
    @action(detail=True, pagination_class=None)
    def recommendations(self, request, pk=None):
        """Suppliers ranked for this need, with the parts of each score (its buyer and the
        organiser)."""
        need = self.get_object()
        return Response(RecommendationSerializer(recommendations.for_need(need), many=True).data)


class OfferSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="firm.name", read_only=True)

    class Meta:
        model = Registration
        fields = ["id", "event", "firm", "name", "role", "status", "headline", "about"]
        read_only_fields = fields


class OfferViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Participants' showcases (what suppliers offer, what buyers look for): the approved ones
    of the events you take part in, your own firm's (whatever their status), and every one of
    the events you organise."""

    queryset = Registration.objects.select_related("firm")
    serializer_class = OfferSerializer
    filterset_class = RegistrationFilterSet


class RequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingRequest
        fields = [
            "id",
            "event",
            "requester",
            "recipient",
            "need",
            "interest",
            "message",
            "status",
            "responded_at",
        ]
        read_only_fields = ["event", "requester", "status", "responded_at"]


class RequestAnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField()


class RequestViewSet(
    RestrictedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Meeting requests you sent or received (all of them for the organiser); the recipient
    answers."""

    queryset = MeetingRequest.objects.all()
    serializer_class = RequestSerializer
    filterset_class = MeetingRequestFilterSet
    rule_actions = {"answer": "answer"}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        recipient = serializer.validated_data["recipient"]
        me = _own_registration(request.user, recipient.event)
        self.check_new(MeetingRequest(event=recipient.event, requester=me, recipient=recipient))
        try:
            made = services.request_meeting(
                requester=me,
                recipient=recipient,
                interest=serializer.validated_data["interest"],
                need=serializer.validated_data.get("need"),
                message=serializer.validated_data.get("message", ""),
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        return Response(RequestSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RequestAnswerSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        meeting_request = self.get_object()
        data = RequestAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.respond(request=meeting_request, accept=data.validated_data["accept"])
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        return Response(RequestSerializer(meeting_request).data)


class MeetingSerializer(serializers.ModelSerializer):
    starts_at = serializers.DateTimeField(source="slot.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="slot.ends_at", read_only=True)
    slot = serializers.IntegerField(source="slot.index", read_only=True)
    table = serializers.IntegerField(source="table_label", read_only=True)
    requester = serializers.IntegerField(source="request.requester_id", read_only=True)
    recipient = serializers.IntegerField(source="request.recipient_id", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "event",
            "request",
            "requester",
            "recipient",
            "slot",
            "starts_at",
            "ends_at",
            "table",
            "pinned",
            "status",
        ]


class ScheduleViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The schedule: the organiser's whole grid; a participant's own published meetings."""

    queryset = Meeting.objects.select_related("slot", "request")
    serializer_class = MeetingSerializer
    filterset_fields = ["event", "status"]


class OutcomeSerializer(serializers.ModelSerializer):
    follow_up = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=FollowUp._meta.get_field("description").max_length,
    )
    due_on = serializers.DateField(write_only=True, required=False, allow_null=True)

    class Meta:
        model = Outcome
        fields = [
            "id",
            "meeting",
            "registration",
            "stage",
            "note",
            "created_at",
            "follow_up",
            "due_on",
        ]
        read_only_fields = ["registration", "created_at"]


class OutcomeViewSet(
    RestrictedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Meeting outcomes of the meetings you may see; each side records its own, with what it
    will do next (``follow_up``, due ``due_on``; listed under follow-ups)."""

    queryset = Outcome.objects.all()
    serializer_class = OutcomeSerializer
    filterset_fields = ["meeting", "stage"]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = serializer.validated_data["meeting"]
        me = next(
            (
                side
                for side in meeting.parties
                if can(request.user, "add", Outcome(meeting=meeting, registration=side))
            ),
            None,
        )
        self.check_new(Outcome(meeting=meeting, registration=me))
        try:
            outcome = services.record_outcome(
                meeting=meeting,
                registration=me,
                stage=serializer.validated_data["stage"],
                note=serializer.validated_data.get("note", ""),
                user=request.user,
                follow_up=serializer.validated_data.get("follow_up", ""),
                due_on=serializer.validated_data.get("due_on"),
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        return Response(OutcomeSerializer(outcome).data, status=status.HTTP_201_CREATED)


class FollowUpSerializer(serializers.ModelSerializer):
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = FollowUp
        fields = ["id", "meeting", "registration", "description", "due_on", "done_on", "is_overdue"]
        read_only_fields = fields


class FollowUpViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """What each side of a meeting will do next (recorded with its outcome), for the meetings
    you may see; each side marks its own done."""

    queryset = FollowUp.objects.all()
    serializer_class = FollowUpSerializer
    filterset_fields = ["meeting"]
    rule_actions = {"done": "change"}

    @extend_schema(request=None, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        follow_up = services.finish_follow_up(follow_up=self.get_object())
        return Response(FollowUpSerializer(follow_up).data)
