"""What every app's API shares."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings


def drf_errors(exc: DjangoValidationError) -> ValidationError:
    """A model or service ValidationError as DRF's 400, shaped like a serializer's errors: field
    errors under their field, the rest under ``non_field_errors``, so the API says what the pages
    say and clients always get an object."""
    if hasattr(exc, "error_dict"):
        return ValidationError(exc.message_dict)
    return ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.messages})
