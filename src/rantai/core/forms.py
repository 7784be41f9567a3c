from django import forms
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's form rendering, with our Bootstrap field template."""

    field_template_name = "core/forms/field.html"


class StyledFormMixin:
    """Puts Bootstrap's classes on every widget, so templates can render ``{{ form }}``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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


class QuickSelect(forms.Select):
    """A select whose options are written in Python, not by one template per option: the
    insights filters (hundreds of programs, events, regions and KBLI codes) spent 130 ms of a
    180 ms request in the option templates (bench/README.md). Same HTML as ``forms.Select``
    for flat choices; grouped choices fall back to it."""

    def render(self, name, value, attrs=None, renderer=None):
        from django.forms.utils import flatatt
        from django.utils.html import format_html
        from django.utils.safestring import mark_safe

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
