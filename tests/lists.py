"""Reading a list page (core.lists) in tests."""

from django import forms
from django.utils import translation


def listed(response) -> list:
    """The records on the list's current page, in the order shown."""
    return [row.record for row in response.context["table"].page.object_list]


def counted(response) -> int:
    """The number of rows the list's filters let through, on all pages."""
    return response.context["table"].paginator.count


def refused(value: str, field: forms.Field) -> str:
    """The error a form field gives ``value``, in Indonesian (the default language)."""
    with translation.override("id"):
        try:
            field.clean(value)
        except forms.ValidationError as exc:
            return exc.messages[0]
    raise AssertionError(f"{value!r} was accepted")
