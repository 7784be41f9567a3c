from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


class FormRenderer(TemplatesSetting):
    """Django's form rendering, with our Bootstrap field template."""

    field_template_name = "core/forms/field.html"


VERSION_FIELD = "record_version"


def add_errors(form, exc) -> None:
    """A model's or a service's ValidationError on a form: each error on its field when the form
    has that field, the rest at the top (Django's ``add_error`` refuses a field the form lacks)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def record_version(instance) -> str:
    stamp = getattr(instance, "updated_at", None)
    return f"{stamp.timestamp():.6f}" if stamp else ""


class StyledFormMixin:
    """Puts Bootstrap's classes on every widget, so templates can render ``{{ form }}``.

    A model form that edits a saved record with ``updated_at`` also carries the version it was
    opened at (a hidden ``record_version``): if someone else saved the record meanwhile, the form
    says so instead of silently undoing their change (the API's If-Match, for pages). The
    second submit, after the user has looked, goes through."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and hasattr(instance, "updated_at"):
            self.fields[VERSION_FIELD] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=record_version(instance)
            )
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            elif isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                css = ""
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def clean(self):
        cleaned = super().clean()
        sent = cleaned.pop(VERSION_FIELD, None) if VERSION_FIELD in self.fields else None
        if sent:
            model = type(self.instance)
            current = model._base_manager.filter(pk=self.instance.pk).values("updated_at").first()
            now = record_version(model(updated_at=current["updated_at"])) if current else ""
            if now != sent:
                self.data = self.data.copy()
                self.data[self.add_prefix(VERSION_FIELD)] = now  # the next save goes through
                raise forms.ValidationError(
                    _(
                        "Someone else changed this record while you were editing it. Check the "
                        "values below and save again to keep yours."
                    ),
                    code="changed_meanwhile",
                )
        return cleaned


class QuickSelect(forms.Select):
    """A select whose options are written in Python, not by one template per option: the
    insights filters (hundreds of programs, events, regions and KBLI codes) spent 130 ms of a
    180 ms request in the option templates (bench/README.md). Same HTML as ``forms.Select``
    for flat choices; grouped choices fall back to it."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        chosen = {str(v) for v in self.format_value(value)}
        options = []
        for option, label in choices:
            option = "" if option is None else str(option)
            selected = " selected" if option in chosen else ""
            options.append(
                format_html('<option value="{}"{}>{}</option>', option, mark_safe(selected), label)
            )
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe("".join(options)))


class RegionPicker(forms.Select):
    """A region select for a field whose choices run into the thousands (every district of
    Indonesia): the page carries only the chosen region, never the list, and rantai.js
    (``data-region-picker``) asks ``region_search`` for options as the user types. Whatever is
    sent, the field's queryset still decides what is accepted, with the field's usual error.
    ``max_level`` keeps the search to the levels the field accepts (3: down to districts)."""

    def __init__(self, attrs=None, *, max_level: int | None = None):
        attrs = {"data-region-picker": "true", **(attrs or {})}
        if max_level:
            attrs["data-region-max-level"] = str(max_level)
        super().__init__(attrs)

    def optgroups(self, name, value, attrs=None):
        chosen = {str(v) for v in value if v not in (None, "")}
        options = enumerate(self._offered(chosen))
        return [
            (None, [self.create_option(name, v, label, str(v) in chosen, i, attrs=attrs)], i)
            for i, (v, label) in options
        ]

    def _offered(self, chosen: set[str]) -> list:
        """The empty choice and the chosen regions the field accepts, without reading the rest
        of its queryset."""
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None:
            return [(v, label) for v, label in self.choices if v == "" or str(v) in chosen]
        field = self.choices.field
        offered = [("", field.empty_label)] if field.empty_label is not None else []
        key = field.to_field_name or "pk"
        try:
            found = list(queryset.filter(**{f"{key}__in": chosen})) if chosen else []
        except (ValueError, ValidationError):
            found = []  # not even a code: the field says so when it validates
        return offered + [self.choices.choice(obj) for obj in found]
