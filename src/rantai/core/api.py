"""What every app's API shares."""

from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.settings import api_settings

from rantai.core.access import can, restrict, unsaved_copy


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}$", "example": "08:30"})
class ClockTimeField(serializers.TimeField):
    """A local time of day as "08:30": JSON Schema's format "time" wants a UTC offset, which a
    workshop's local start has not."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def drf_errors(exc: DjangoValidationError) -> ValidationError:
    """A model or service ValidationError as DRF's 400, shaped like a serializer's errors: field
    errors under their field, the rest under ``non_field_errors``, so the API says what the pages
    say and clients always get an object."""
    if hasattr(exc, "error_dict"):
        return ValidationError(exc.message_dict)
    return ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.messages})


class RulesPermission(permissions.BasePermission):
    """The API's one permission class. Every request is signed in. Each viewset action stands
    for a rule action (``RestrictedViewSetMixin.rule_action``): lists need nothing more (their
    rows are restricted), an object action asks the model's rule about the object, creating asks
    the ``add`` rule in general here and about the new object before it is saved."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        action = view.rule_action()
        if action is None or view.detail:
            return True
        return can(request.user, action, model=view.rule_model())

    def has_object_permission(self, request, view, obj):
        action = view.rule_action()
        return action is None or can(request.user, action, obj)


class RestrictedViewSetMixin:
    """What every viewset shares: its rows are ``restrict(user, "view")`` of ``queryset``, and
    its actions pass the model's named rules (``RulesPermission``). ``rule_actions`` maps the
    viewset's own actions (``submit``, ``answers`` …) to rule actions; ``None`` means the rows'
    restriction is the whole rule. Creating and changing ask the rule again of the object as it
    will be saved, so nobody moves an object out of his reach (a program out of his remit)."""

    permission_classes = [RulesPermission]
    rule_actions: dict[str, str | None] = {}
    DEFAULT_RULE_ACTIONS = {
        "list": None,
        "retrieve": "view",
        "create": "add",
        "update": "change",
        "partial_update": "change",
        "destroy": "delete",
        "metadata": None,
    }

    def get_queryset(self):
        queryset = restrict(super().get_queryset(), self.request.user, "view")
        if self.action in LOCKING:
            # Read locked (writes run in a transaction, see dispatch): two writers never both
            # start from the same state.
            queryset = queryset.select_for_update(of=("self",))
        return queryset

    def dispatch(self, request, *args, **kwargs):
        if request.method in {"PUT", "PATCH", "DELETE"}:
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        obj = super().get_object()
        if self.action in LOCKING:
            check_if_match(self.request, obj)
        self._versioned = obj
        return obj

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        obj = getattr(self, "_versioned", None)
        if obj is not None and self.action in {"retrieve", "update", "partial_update"}:
            with_etag(response, obj)
        return response

    def rule_model(self):
        return self.queryset.model

    def rule_action(self) -> str | None:
        if self.action is None:  # a method the viewset does not offer: DRF answers 405
            return None
        actions = {**self.DEFAULT_RULE_ACTIONS, **self.rule_actions}
        if self.action not in actions:
            raise ImproperlyConfigured(
                f"{type(self).__name__}.{self.action} has no rule action (rule_actions)"
            )
        return actions[self.action]

    def check_new(self, instance) -> None:
        """403 unless the user may add ``instance`` (unsaved, as it would be saved)."""
        if not can(self.request.user, "add", instance):
            raise PermissionDenied

    def check_changed(self, instance, data: dict) -> None:
        """403 unless the user may still change ``instance`` once ``data`` is applied."""
        if not can(self.request.user, "change", unsaved_copy(instance, data)):
            raise PermissionDenied

    @transaction.atomic
    def perform_create(self, serializer):
        self.check_new(unsaved_copy(serializer.Meta.model(), serializer.validated_data))
        serializer.save()

    def perform_update(self, serializer):
        self.check_changed(serializer.instance, serializer.validated_data)
        serializer.save()


LOCKING = {"update", "partial_update", "destroy"}


def etag(obj) -> str | None:
    """A version of ``obj`` for HTTP: its last change."""
    stamp = getattr(obj, "updated_at", None)
    return f'"{stamp.timestamp():.6f}"' if stamp else None


def with_etag(response, obj):
    tag = etag(obj)
    if tag and response.status_code < 300:
        response["ETag"] = tag
    return response


class PreconditionFailed(APIException):
    status_code = 412
    default_detail = _(
        "This record was changed by someone else since you read it; read it again and repeat "
        "your change."
    )
    default_code = "precondition_failed"


def check_if_match(request, obj) -> None:
    """Optimistic concurrency: a write that names the version it read (``If-Match``, the ETag
    of a GET) is refused with 412 when the record changed since."""
    wanted = request.headers.get("If-Match")
    if wanted and wanted.strip() != "*" and etag(obj) not in {t.strip() for t in wanted.split(",")}:
        raise PreconditionFailed


def check_constraints(serializer, attrs: dict) -> dict:
    """Run the model's own constraints (CheckConstraint, UniqueConstraint) on the object as it
    would be saved, so a violation is a 400 with the constraint's message, not a database error."""
    model = serializer.Meta.model
    instance = unsaved_copy(serializer.instance or model(), attrs)
    try:
        instance.validate_constraints()
    except DjangoValidationError as exc:
        raise drf_errors(exc) from exc
    return attrs


class ChangedFieldsSerializer(serializers.ModelSerializer):
    """Saves only the fields the request sent (and ``updated_at``): two people changing
    different fields of one record never undo each other's change."""

    def update(self, instance, validated_data):
        many = {
            name: validated_data.pop(name)
            for name in list(validated_data)
            if isinstance(self.fields.get(name), serializers.ManyRelatedField)
        }
        for name, value in validated_data.items():
            setattr(instance, name, value)
        names = set(validated_data)
        if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
            names.add("updated_at")
        instance.save(update_fields=names)
        for name, value in many.items():
            getattr(instance, name).set(value)
        return instance
