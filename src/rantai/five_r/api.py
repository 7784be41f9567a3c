"""REST API for 5R: programs, checklists, audits (answers, photos, submit) and actions.

Querysets come from the same scopes as the pages; each write checks the same named rule.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from rantai.core.access import unsaved_copy
from rantai.core.api import (
    ChangedFieldsSerializer,
    ClockTimeField,
    RestrictedViewSetMixin,
    check_constraints,
    drf_errors,
)
from rantai.firms.models import Firm
from rantai.five_r import checklists, outbox, outcomes, services, uploads
from rantai.five_r.filters import (
    ActionFilterSet,
    AuditFilterSet,
    ChecklistFilterSet,
    ProgramFilterSet,
)
from rantai.five_r.forms import AuditStartForm
from rantai.five_r.models import (
    Activity,
    Answer,
    AnswerConflict,
    Audit,
    AuditTemplate,
    CorrectiveAction,
    Item,
    Measurement,
    Photo,
    PhotoUpload,
    Program,
)
from rantai.five_r.scopes import program_participants


class ActivitySerializer(serializers.ModelSerializer):
    starts_at = ClockTimeField(read_only=True, allow_null=True)
    ends_at = ClockTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "kind",
            "title",
            "date",
            "starts_at",
            "ends_at",
            "place",
            "agenda",
            "firm",
            "mentor",
        ]
        read_only_fields = fields


class ProgramSerializer(ChangedFieldsSerializer):
    participants = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    activities = ActivitySerializer(many=True, read_only=True)

    class Meta:
        model = Program
        fields = [
            "id",
            "name",
            "organiser",
            "region",
            "starts_on",
            "ends_on",
            "description",
            "template",
            "indicator_set",
            "mentors",
            "participants",
            "activities",
        ]

    def validate(self, attrs):
        # The period in order, said as the page says it (not the database's refusal, a 500).
        attrs = super().validate(attrs)
        starts = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        ends = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if starts and ends and ends < starts:
            raise ValidationError({"ends_on": [_("A program cannot end before it starts.")]})
        return check_constraints(self, attrs)


class ParticipantField(serializers.PrimaryKeyRelatedField):
    """A firm the user may enrol: the same choices as the program form's."""

    queryset = Firm.objects.none()  # the model, for the schema; the choices are per user

    def get_queryset(self):
        return program_participants(self.context["request"].user)


class ParticipantsSerializer(serializers.Serializer):
    participants = ParticipantField(many=True)

    def to_internal_value(self, data):
        # DRF reads a form without the list as an empty one, which would remove every
        # participant: the list must be sent, even empty, whatever the body's format.
        if isinstance(data, Mapping) and "participants" not in data:
            field = self.fields["participants"]
            raise ValidationError({"participants": [field.error_messages["required"]]})
        return super().to_internal_value(data)


class ProgramViewSet(
    RestrictedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """5R programs you may see. Officers create and change them within their remit: a change
    that would move a program out of the remit is refused as on the page."""

    queryset = Program.objects.prefetch_related("participants", "mentors", "activities")
    serializer_class = ProgramSerializer
    filterset_class = ProgramFilterSet
    rule_actions = {"participants": "change"}

    @extend_schema(request=ParticipantsSerializer, responses=ProgramSerializer)
    @action(detail=True, methods=["post"])
    def participants(self, request, pk=None):
        """Replace the program's participant firms, as the program form does: IKM whose data
        you may change; a firm with audits in the program stays."""
        program = self.get_object()
        data = ParticipantsSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        services.set_participants(program=program, firms=data.validated_data["participants"])
        return Response(self.get_serializer(self.get_queryset().get(pk=program.pk)).data)


DOCUMENT = extend_schema(
    description="A checklist document: format rantai-5r-template (see the JSON export).",
    responses=OpenApiTypes.OBJECT,
)


@extend_schema_view(
    list=extend_schema(operation_id="5r_checklists_list", responses=OpenApiTypes.OBJECT),
    retrieve=DOCUMENT,
    create=extend_schema(request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT),
)
class ChecklistViewSet(
    RestrictedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Audit checklists as documents (the same JSON as the export). Posting a document creates the
    next version of its code (officers: ``five_r.add_audittemplate``)."""

    queryset = AuditTemplate.objects.all()
    filterset_class = ChecklistFilterSet
    metadata_class = None  # a document, not a form: OPTIONS has no fields to describe (405)

    class DocumentSerializer(serializers.BaseSerializer):
        def to_representation(self, template):
            return {"id": template.pk, **checklists.as_document(template)}

        def to_internal_value(self, data):
            try:
                return checklists.validate(data)
            except DjangoValidationError as exc:
                raise drf_errors(exc) from exc

    serializer_class = DocumentSerializer

    def create(self, request, *args, **kwargs):
        # RulesPermission asked five_r.add_audittemplate; the document is the next version.
        try:
            template = checklists.create(request.data, user=request.user)
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        return Response(self.DocumentSerializer(template).data, status=status.HTTP_201_CREATED)


class AnswerSerializer(serializers.ModelSerializer):
    item_code = serializers.CharField(source="item.code", read_only=True)

    class Meta:
        model = Answer
        fields = ["item", "item_code", "score", "not_applicable", "comment", "version"]


class ConflictSerializer(serializers.ModelSerializer):
    item_code = serializers.CharField(source="item.code", read_only=True)
    sent_by = serializers.CharField(source="sent_by.username", read_only=True, default=None)

    class Meta:
        model = AnswerConflict
        fields = [
            "id",
            "item",
            "item_code",
            "score",
            "not_applicable",
            "comment",
            "base_version",
            "server_version",
            "sent_by",
            "sent_at",
            "answered_at",
            "status",
        ]


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = Photo
        fields = [
            "id",
            "item",
            "kind",
            "caption",
            "url",
            "thumbnail_url",
            "width",
            "height",
            "taken_at",
            "created_at",
        ]

    def get_url(self, photo) -> str:
        return self.context["request"].build_absolute_uri(photo.get_absolute_url())

    def get_thumbnail_url(self, photo) -> str:
        return self.context["request"].build_absolute_uri(photo.thumbnail_url)


class MeasurementSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    unit = serializers.CharField(source="indicator.unit_label", read_only=True)

    class Meta:
        model = Measurement
        fields = ["indicator", "value", "samples", "unit", "updated_at"]


class AuditSerializer(serializers.ModelSerializer):
    answers = AnswerSerializer(many=True, read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)
    measurements = MeasurementSerializer(many=True, read_only=True)
    conflicts = ConflictSerializer(many=True, read_only=True)

    class Meta:
        model = Audit
        fields = [
            "id",
            "firm",
            "program",
            "area",
            "template",
            "auditors",
            "date",
            "phase",
            "status",
            "submitted_at",
            "overall_score",
            "section_scores",
            "answers",
            "photos",
            "measurements",
            "conflicts",
        ]
        read_only_fields = ["status", "submitted_at", "overall_score", "section_scores"]
        extra_kwargs = {"auditors": {"required": False}}


class AnswerInputSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=Item.objects.all())
    score = serializers.IntegerField(required=False, allow_null=True, default=None)
    not_applicable = serializers.BooleanField(default=False)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    base_version = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        help_text="The answer's version this one was based on (0: there was none). Given, a "
        "change made since by someone else gives 409 and a conflict for a person to decide, "
        "never an overwrite.",
    )
    answered_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class AnswerSyncSerializer(serializers.Serializer):
    answer = AnswerSerializer(allow_null=True)
    conflict = ConflictSerializer(allow_null=True)


class DecisionSerializer(serializers.Serializer):
    take = serializers.BooleanField(
        help_text="true: the sent answer replaces the saved one; false: the saved one stays."
    )


class PhotoInputSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(
        queryset=Item.objects.all(), required=False, allow_null=True
    )
    kind = serializers.ChoiceField(choices=Photo.Kind.choices, default=Photo.Kind.EVIDENCE)
    caption = serializers.CharField(required=False, allow_blank=True, default="")
    photo = serializers.FileField()


class OutcomeInputSerializer(serializers.Serializer):
    values = serializers.DictField(
        child=serializers.ListField(
            child=serializers.CharField(allow_blank=True), allow_empty=True, allow_null=True
        ),
        help_text="Per indicator code, its measurements (one, or all its samples); an empty "
        "list clears it. Indicators not named stay as they are.",
    )


class UploadStartSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="Made by the client when the photo was taken.")
    size = serializers.IntegerField(min_value=1, help_text="Bytes of the whole photo.")
    sha256 = serializers.CharField(max_length=64, help_text="Of the whole photo, hexadecimal.")
    item = serializers.PrimaryKeyRelatedField(
        queryset=Item.objects.all(), required=False, allow_null=True
    )
    kind = serializers.ChoiceField(choices=Photo.Kind.choices, default=Photo.Kind.EVIDENCE)
    caption = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class UploadPieceSerializer(serializers.Serializer):
    offset = serializers.IntegerField(min_value=0, help_text="Where the piece starts (bytes).")
    sha256 = serializers.CharField(max_length=64, help_text="Of this piece, hexadecimal.")
    piece = serializers.FileField()


class UploadSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    photo = serializers.SerializerMethodField()

    class Meta:
        model = PhotoUpload
        fields = ["id", "size", "received", "complete", "photo"]

    @extend_schema_field(PhotoSerializer(allow_null=True))
    def get_photo(self, upload):
        if upload.photo is None:
            return None
        return PhotoSerializer(upload.photo, context=self.context).data


class AuditViewSet(RestrictedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """5R audits with their answers and photos: the firm's members see their own, mentors those of
    the programs they mentor, officers those in their remit. Answering, adding photos and
    submitting change a draft (``five_r.change_audit``)."""

    queryset = Audit.objects.prefetch_related(
        "answers__item",
        "photos",
        "auditors",
        "measurements__indicator",
        "conflicts__item",
        "conflicts__sent_by",
    )
    serializer_class = AuditSerializer
    filterset_class = AuditFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    rule_actions = {
        "answers": "change",
        "photos": "change",
        "outcomes": "change",
        "uploads": "change",
        "upload_piece": "change",
        "decide_conflict": "change",
        "submit": "change",
    }

    def perform_create(self, serializer):

        data = serializer.validated_data
        self.check_new(unsaved_copy(Audit(), data))
        form = AuditStartForm(
            {
                "firm": data["firm"].pk,
                "program": data.get("program") and data["program"].pk,
                "area": data["area"],
                "phase": data["phase"],
                "date": data.get("date"),
                "template": data["template"].pk,
                "auditors": [u.pk for u in data.get("auditors", [])],
            },
            user=self.request.user,
        )
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        clean = form.cleaned_data
        serializer.instance = services.start_audit(
            firm=clean["firm"],
            template=clean["template"],
            area=clean["area"],
            phase=clean["phase"],
            program=clean["program"],
            date=clean["date"],
            auditors=list(clean["auditors"]) or [self.request.user],
            user=self.request.user,
        )

    @extend_schema(
        request=AnswerInputSerializer, responses={200: AnswerSerializer, 409: AnswerSyncSerializer}
    )
    @action(detail=True, methods=["post"])
    def answers(self, request, pk=None):
        """Score one item of a draft (the same as the capture page's autosave). With
        ``base_version`` (the capture app sends it), an answer changed meanwhile by someone else
        is not overwritten: 409, with the saved answer and the conflict kept for a person."""
        audit = self.get_object()
        data = AnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        base_version, answered_at = values.pop("base_version"), values.pop("answered_at")
        try:
            if base_version is None:
                answer = services.save_answer(audit=audit, user=request.user, **values)
            else:
                answer, conflict = services.sync_answer(
                    audit=audit,
                    user=request.user,
                    base_version=base_version,
                    answered_at=answered_at,
                    **values,
                )
                if conflict is not None:
                    return Response(
                        AnswerSyncSerializer({"answer": answer, "conflict": conflict}).data,
                        status=status.HTTP_409_CONFLICT,
                    )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        return Response(AnswerSerializer(answer).data)

    @extend_schema(
        request=DecisionSerializer,
        responses=ConflictSerializer,
        parameters=[OpenApiParameter("conflict", OpenApiTypes.INT, OpenApiParameter.PATH)],
        operation_id="5r_audits_decide_conflict",
    )
    @action(detail=True, methods=["post"], url_path=r"conflicts/(?P<conflict>[0-9]+)")
    def decide_conflict(self, request, pk=None, conflict=None):
        """Decide a conflict between two mentors' answers: take the sent one, or keep the
        saved one. Both stay on record."""
        audit = self.get_object()
        try:
            found = audit.conflicts.get(pk=conflict)
        except AnswerConflict.DoesNotExist:
            raise NotFound from None
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            found = services.decide_conflict(
                conflict=found, take=data.validated_data["take"], user=request.user
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        return Response(ConflictSerializer(found).data)

    @extend_schema(request={"multipart/form-data": PhotoInputSerializer}, responses=PhotoSerializer)
    @action(detail=True, methods=["post"])
    def photos(self, request, pk=None):
        audit = self.get_object()
        data = PhotoInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = data.validated_data.get("item")
        if item is not None and item.section.template_id != audit.template_id:
            raise ValidationError({"item": [_("This item is not on the audit's checklist.")]})
        try:
            photo = services.add_photo(
                upload=data.validated_data["photo"],
                user=request.user,
                audit=audit,
                item=item,
                kind=data.validated_data["kind"],
                caption=data.validated_data["caption"],
            )
        except DjangoValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from exc
        return Response(
            PhotoSerializer(photo, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=OutcomeInputSerializer, responses=MeasurementSerializer(many=True))
    @action(detail=True, methods=["post"])
    def outcomes(self, request, pk=None):
        """Record the outcome indicators measured at this draft's visit (as the page does):
        every value is checked first, and nothing is written when one is wrong."""
        audit = self.get_object()
        data = OutcomeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            outcomes.record(audit=audit, user=request.user, values=data.validated_data["values"])
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        return Response(
            MeasurementSerializer(audit.measurements.select_related("indicator"), many=True).data
        )

    @extend_schema(
        request=UploadStartSerializer, responses={200: UploadSerializer, 201: UploadSerializer}
    )
    @action(detail=True, methods=["post"])
    def uploads(self, request, pk=None):
        """Start a resumable photo upload, or ask where one stands: the same ``id`` again
        answers how many bytes arrived (send the rest from there) or the finished photo."""
        audit = self.get_object()
        data = UploadStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        start = dict(data.validated_data)
        try:
            upload, created = uploads.start(
                audit=audit, user=request.user, uuid=start.pop("id"), **start
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        return Response(
            UploadSerializer(upload, context={"request": request}).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        request={"multipart/form-data": UploadPieceSerializer},
        responses={200: UploadSerializer, 409: UploadSerializer},
        parameters=[OpenApiParameter("upload", OpenApiTypes.UUID, OpenApiParameter.PATH)],
        operation_id="5r_audits_upload_piece",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"uploads/(?P<upload>[0-9a-fA-F-]{36})",
        parser_classes=[MultiPartParser, FormParser],
    )
    def upload_piece(self, request, pk=None, upload=None):
        """One piece of a started upload, starting at the first byte not yet received and
        with its SHA-256. Out of order: 409 with ``received``, where to go on from."""
        audit = self.get_object()
        try:
            started = audit.uploads.get(uuid=upload)
        except (PhotoUpload.DoesNotExist, DjangoValidationError):
            raise NotFound from None
        data = UploadPieceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        piece = data.validated_data["piece"]
        if piece.size > uploads.PIECE_MAX:
            raise ValidationError(
                {"piece": [_("A piece has 1 to %(max)s bytes.") % {"max": uploads.PIECE_MAX}]}
            )
        try:
            started = uploads.receive(
                upload=started,
                user=request.user,
                offset=data.validated_data["offset"],
                data=piece.read(),
                sha256=data.validated_data["sha256"],
            )
        except uploads.OutOfOrder:
            started.refresh_from_db()
            return Response(
                UploadSerializer(started, context={"request": request}).data,
                status=status.HTTP_409_CONFLICT,
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        return Response(UploadSerializer(started, context={"request": request}).data)

    @extend_schema(request=None, responses=AuditSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        audit = self.get_object()
        try:
            audit = services.submit(audit=audit, user=request.user)
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc
        return Response(self.get_serializer(self.get_queryset().get(pk=audit.pk)).data)


class ActionSerializer(serializers.ModelSerializer):
    firm = serializers.IntegerField(source="audit.firm_id", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = CorrectiveAction
        fields = [
            "id",
            "audit",
            "firm",
            "item",
            "finding",
            "action",
            "owner",
            "due_on",
            "status",
            "is_overdue",
            "closed_at",
            "closing_note",
        ]
        read_only_fields = ["audit", "item", "finding", "closed_at"]


class ActionViewSet(RestrictedViewSetMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Corrective actions of the audits you may see; closing one needs a note or a photo."""

    queryset = CorrectiveAction.objects.select_related("audit")
    serializer_class = ActionSerializer
    filterset_class = ActionFilterSet
    http_method_names = ["get", "patch", "head", "options"]

    def perform_update(self, serializer):
        action_ = serializer.instance
        data = serializer.validated_data
        try:
            serializer.instance = services.update_action(
                action=action_,
                user=self.request.user,
                status=data.get("status", action_.status),
                action_text=data.get("action"),
                owner=data.get("owner"),
                due_on=data.get("due_on"),
                closing_note=data.get("closing_note", ""),
            )
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc


class OutboxFileSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="The .json file the 5R capture app exported (format rantai-5r-outbox)."
    )

    def validate_file(self, upload):
        try:
            outbox.validate_upload(upload)
        except DjangoValidationError as exc:
            raise ValidationError(exc.messages) from exc
        return upload


class OutboxResultSerializer(serializers.Serializer):
    answers_saved = serializers.IntegerField()
    answers_unchanged = serializers.IntegerField(
        help_text="Already on the server as the file has them."
    )
    conflicts = serializers.IntegerField(
        help_text="Answers changed on the server since the phone read them: kept as conflicts "
        "for a person to decide, never written over."
    )
    photos_added = serializers.IntegerField()
    photos_known = serializers.IntegerField(help_text="Already on the server, by their id.")
    outcomes_recorded = serializers.IntegerField(
        help_text="Audits whose outcome indicators were recorded."
    )
    audits = serializers.ListField(child=serializers.IntegerField())


@extend_schema_view(
    create=extend_schema(
        request={"multipart/form-data": OutboxFileSerializer},
        responses=OutboxResultSerializer,
        operation_id="5r_outbox_imports_create",
    )
)
class OutboxImportViewSet(RestrictedViewSetMixin, viewsets.GenericViewSet):
    """Import a phone's outbox: the answers and photos the capture app could not send, as the
    page does (administrators and staff, ``five_r.import_audit``; each audit must be a draft
    you may change). The whole file is checked first and written in one transaction, or
    nothing (400 with every problem). Answered at once, not as a job: a file holds about ten
    photos."""

    serializer_class = OutboxFileSerializer
    parser_classes = [MultiPartParser]
    rule_actions = {"create": "import"}

    def rule_model(self):
        return Audit

    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result = outbox.import_outbox(data.validated_data["file"].read(), user=request.user)
        except DjangoValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        return Response(OutboxResultSerializer(result).data)
