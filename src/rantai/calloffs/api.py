"""REST API of call-offs, for buyers' systems and suppliers alike: list and read what one may
see; release (create), change (PATCH with a ``reason``) and cancel as the buyer; acknowledge or
propose as the supplier; accept or reject a proposal as the buyer; a cooperative's manager
proposes moving one to another member, the buyer accepts or rejects the move. Every write goes
through ``calloffs.services`` and ``calloffs.moves``, as the pages do."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rantai.calloffs import moves, services
from rantai.calloffs.filters import CallOffFilterSet
from rantai.calloffs.models import CallOff, CallOffMove
from rantai.core.api import ClockTimeField, RestrictedViewSetMixin, drf_errors
from rantai.firms.models import Firm
from rantai.partnerships.api import VisibleChoicesMixin

TERMS = list(services.TERMS)


class CallOffSerializer(VisibleChoicesMixin, serializers.ModelSerializer):
    visible_choices = ("partnership",)
    window_from = ClockTimeField(required=False, allow_null=True)
    window_to = ClockTimeField(required=False, allow_null=True)
    quantity = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text="Cards × card quantity when left out of a kanban pull.",
    )

    class Meta:
        model = CallOff
        fields = [
            "id",
            "partnership",
            "number",
            *TERMS,
            "status",
            "ack_due_at",
            "acknowledged_at",
            "machine_hours",
            "proposed_quantity",
            "proposed_due_on",
            "proposal_note",
            "reason",
            "escalation",
            "line",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "ack_due_at",
            "acknowledged_at",
            "machine_hours",
            "proposed_quantity",
            "proposed_due_on",
            "proposal_note",
            "reason",
            "escalation",
            "line",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"number": {"required": False, "allow_blank": True}}
        validators = []  # the service checks the number (call-offs and orders alike)


class ChangeSerializer(serializers.ModelSerializer):
    window_from = ClockTimeField(required=False, allow_null=True)
    window_to = ClockTimeField(required=False, allow_null=True)
    reason = serializers.CharField(
        max_length=300, help_text="Why it changes; the supplier reads it."
    )

    class Meta:
        model = CallOff
        fields = [*TERMS, "reason"]
        extra_kwargs = {name: {"required": False} for name in TERMS}


class ProposalSerializer(serializers.Serializer):
    quantity = serializers.DecimalField(max_digits=14, decimal_places=2, required=False)
    due_on = serializers.DateField(required=False)
    note = serializers.CharField(max_length=300)


class AcknowledgeSerializer(serializers.Serializer):
    machine_hours = serializers.DecimalField(
        max_digits=8,
        decimal_places=1,
        min_value=0,
        required=False,
        allow_null=True,
        help_text="The supplier's estimate of the machine hours it takes.",
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class MoveSerializer(serializers.ModelSerializer):
    """A cooperative's move of a call-off to another member, and the buyer's decision."""

    class Meta:
        model = CallOffMove
        fields = [
            "id",
            "call_off",
            "cooperative",
            "to_firm",
            "to_partnership",
            "machine_hours",
            "reason",
            "status",
            "decided_at",
            "decision_note",
            "new_call_off",
            "created_at",
        ]
        read_only_fields = fields


class ProposeMoveSerializer(serializers.Serializer):
    to_firm = serializers.IntegerField(help_text="The member to move the call-off to.")
    machine_hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    reason = serializers.CharField(max_length=300)


class CandidateSerializer(serializers.Serializer):
    firm = serializers.IntegerField(source="firm.pk")
    name = serializers.CharField(source="firm.name")
    cooperative = serializers.IntegerField(source="cooperative.pk")
    partnership = serializers.IntegerField(source="partnership.pk", allow_null=True)
    supplied_before = serializers.BooleanField()
    week_hours = serializers.DecimalField(source="load.hours", max_digits=10, decimal_places=1)
    capacity = serializers.DecimalField(source="load.capacity", max_digits=10, decimal_places=1)
    hours = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    eligible = serializers.BooleanField()
    problems = serializers.ListField(child=serializers.CharField())


class CallOffViewSet(
    RestrictedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Call-offs: a buyer sees its own, a supplier those addressed to it, a cooperative's
    managers their members', officers only where both firms share their performance."""

    queryset = CallOff.objects.select_related("partnership").order_by("due_on", "pk")
    serializer_class = CallOffSerializer
    filterset_class = CallOffFilterSet
    rule_actions = {
        "change": "change",
        "cancel": "change",
        "accept": "change",
        "reject": "change",
        "acknowledge": "acknowledge",
        "propose": "acknowledge",
        "move": "move",
        "move_candidates": "move",
    }

    @transaction.atomic
    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        partnership = data.pop("partnership")
        self.check_new(CallOff(partnership=partnership))
        try:
            serializer.instance = services.release(
                partnership=partnership, user=self.request.user, **data
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc

    def _run(self, operation):
        try:
            call_off = operation()
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        return Response(CallOffSerializer(call_off, context=self.get_serializer_context()).data)

    @extend_schema(request=ChangeSerializer, responses=CallOffSerializer)
    @action(detail=True, methods=["post"])
    def change(self, request, pk=None):
        call_off = self.get_object()
        data = ChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        reason = values.pop("reason")
        return self._run(
            lambda: services.change(call_off=call_off, user=request.user, reason=reason, **values)
        )

    @extend_schema(request=ReasonSerializer, responses=CallOffSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        call_off = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._run(
            lambda: services.cancel(
                call_off=call_off, user=request.user, reason=data.validated_data["reason"]
            )
        )

    @extend_schema(request=AcknowledgeSerializer, responses=CallOffSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        call_off = self.get_object()
        data = AcknowledgeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hours = data.validated_data.get("machine_hours")
        return self._run(
            lambda: services.acknowledge(call_off=call_off, user=request.user, machine_hours=hours)
        )

    @extend_schema(request=ProposalSerializer, responses=CallOffSerializer)
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        call_off = self.get_object()
        data = ProposalSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        return self._run(
            lambda: services.propose(
                call_off=call_off,
                user=request.user,
                quantity=values.get("quantity"),
                due_on=values.get("due_on"),
                note=values["note"],
            )
        )

    @extend_schema(request=None, responses=CallOffSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        call_off = self.get_object()
        return self._run(lambda: services.decide(call_off=call_off, user=request.user, accept=True))

    @extend_schema(request=ReasonSerializer, responses=CallOffSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        call_off = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._run(
            lambda: services.decide(
                call_off=call_off,
                user=request.user,
                accept=False,
                reason=data.validated_data["reason"],
            )
        )

    @extend_schema(responses=CandidateSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        url_path="move-candidates",
        pagination_class=None,
        filter_backends=[],
    )
    def move_candidates(self, request, pk=None):
        """The other members of the supplier's cooperative and whether each can take it."""
        call_off = self.get_object()
        found = moves.candidates(call_off, moves.cooperatives_for(call_off, request.user))
        return Response(CandidateSerializer(found, many=True).data)

    @extend_schema(request=ProposeMoveSerializer, responses={201: MoveSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Propose another member of the cooperative for the call-off; the buyer decides."""
        call_off = self.get_object()
        data = ProposeMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["to_firm"] = Firm.objects.filter(pk=values["to_firm"]).first()
        try:
            move = moves.propose_move(call_off=call_off, user=request.user, **values)
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        return Response(MoveSerializer(move).data, status=status.HTTP_201_CREATED)


class CallOffMoveViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Moves of call-offs to another member of the supplier's cooperative: proposed by its
    manager (``POST /call-offs/{id}/move/``), accepted or rejected by the buyer."""

    queryset = CallOffMove.objects.select_related(
        "call_off__partnership", "to_firm", "cooperative"
    ).order_by("-created_at", "-pk")
    serializer_class = MoveSerializer
    rule_actions = {"accept": "decide", "reject": "decide"}

    def _run(self, operation):
        try:
            move = operation()
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        return Response(MoveSerializer(move).data)

    @extend_schema(request=None, responses=MoveSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        move = self.get_object()
        return self._run(lambda: moves.decide_move(move=move, user=request.user, accept=True))

    @extend_schema(request=ReasonSerializer, responses=MoveSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        move = self.get_object()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reason = data.validated_data["reason"]
        return self._run(
            lambda: moves.decide_move(move=move, user=request.user, accept=False, reason=reason)
        )
