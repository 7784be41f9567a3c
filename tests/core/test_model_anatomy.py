"""Every model and field of Rantai names itself in a translatable string (STYLE.md: verbose_name
on every field), so forms, the admin, the API schema and error messages can speak Indonesian."""

from django.apps import apps
from django.utils.functional import Promise
from simple_history.models import HistoricalChanges


def _rantai_models() -> list:
    """Rantai's own models; the history tables simple-history derives copy their fields' names."""
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("rantai.") and not issubclass(model, HistoricalChanges)
    ]


def _is_lazy_text(value) -> bool:
    return isinstance(value, Promise)


def test_the_check_sees_every_app():
    assert {model._meta.app_label for model in _rantai_models()} == {
        "accounts",
        "calloffs",
        "core",
        "estates",
        "firms",
        "five_r",
        "inbox",
        "insights",
        "matchmaking",
        "ops",
        "partnerships",
        "reference",
        "webhooks",
    }


def test_every_field_has_a_translatable_verbose_name():
    unnamed = []
    for model in _rantai_models():
        for field in [*model._meta.local_fields, *model._meta.local_many_to_many]:
            if field.auto_created:  # the implicit id and parent links
                continue
            kwargs = field.deconstruct()[3]
            if not _is_lazy_text(kwargs.get("verbose_name")):
                unnamed.append(f"{model._meta.label}.{field.name}")
    assert unnamed == []


def test_every_model_has_a_translatable_verbose_name():
    options = [(model._meta.label, model._meta.original_attrs) for model in _rantai_models()]
    assert [
        label
        for label, attrs in options
        if not (
            _is_lazy_text(attrs.get("verbose_name"))
            and _is_lazy_text(attrs.get("verbose_name_plural"))
        )
    ] == []
