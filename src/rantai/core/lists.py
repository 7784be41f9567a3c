"""List pages, NetBox-style: the rows a user may see (a scope from ``core.access``), narrowed by
the list's FilterSet (the same class its API endpoint and export use), drawn by a django-tables2
Table that sorts and pages in the database.

A list view names its ``filterset_class``, ``table_class`` and ``template_name`` and returns the
scoped queryset from ``get_queryset``; the template renders ``core/_filters.html`` and, inside
``{% partialdef results %}``, ``core/_results.html``. A filter value that does not validate is
shown with its error and lists nothing (django-filter's strict mode), never a 500.
"""

import django_filters
from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from rantai.core.forms import StyledFormMixin

PER_PAGE = 25

# Columns a phone does without (under 768 px, or 992 px for LARGE_ONLY), so that no table
# scrolls sideways at 360 px.
WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
LARGE_ONLY = {"th": {"class": "d-none d-lg-table-cell"}, "td": {"class": "d-none d-lg-table-cell"}}
NUMBER = {"th": {"class": "text-end"}, "td": {"class": "text-end"}}
WIDE_NUMBER = {
    "th": {"class": "text-end d-none d-md-table-cell"},
    "td": {"class": "text-end d-none d-md-table-cell"},
}


def table_attrs(testid: str, css: str = "table table-hover align-middle") -> dict:
    """A table's attributes. htmx boosts the sorting and paging links of ``#results``
    (core/_results.html); the rows' own links and forms lead elsewhere, so they are not
    boosted."""
    return {"class": css, "data-testid": testid, "tbody": {"hx-boost": "false"}}


class FilterForm(StyledFormMixin, forms.Form):
    pass


class SearchFilter(django_filters.CharFilter):
    """A list's search box: the text typed (trimmed) found, ignoring case, in any of ``fields``.
    ``distinct=True`` where a field lies across a to-many relation (an order's lines)."""

    def __init__(self, *, fields: list[str], placeholder="", **kwargs):
        self.search_fields = fields
        kwargs.setdefault("label", _("Search"))
        attrs = {"type": "search"} | ({"placeholder": placeholder} if placeholder else {})
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        found = Q()
        for field in self.search_fields:
            found |= Q(**{f"{field}__icontains": value})
        qs = qs.filter(found)
        return qs.distinct() if self.distinct else qs


class FilterSet(django_filters.FilterSet):
    """A list's filters. A reference to another row (an estate, a firm, a partnership) filters
    the API by id; on a page it comes from the address, so it is a hidden input rather than a
    select of every row there is."""

    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        found = super().filter_for_field(field, field_name, lookup_expr)
        if isinstance(found, django_filters.ModelChoiceFilter):
            found.extra["widget"] = forms.HiddenInput
        return found


class ListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    """A list page; htmx requests for the results alone (the filter form's) get the template's
    ``results`` partial."""

    table_pagination = {"per_page": PER_PAGE}

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return [f"{self.template_name}#results"]
        return [self.template_name]
