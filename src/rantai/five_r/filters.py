"""The FilterSets of the 5R lists: one class per list, used by its page and the API (the API's
query parameters are the filters' names: ``firm``, ``program``, ``audit``, ``audit__firm`` filter
by id)."""

import django_filters
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from rantai.core.lists import FilterForm, FilterSet, SearchFilter
from rantai.five_r.models import Audit, AuditTemplate, CorrectiveAction, Program

# A choice applies as soon as it is picked (core/static/core/rantai.js).
SUBMIT_ON_CHANGE = forms.Select(attrs={"data-submit-on-change": True})


def _capitalised(choices):
    return [(value, capfirst(label)) for value, label in choices]


class ProgramFilterSet(FilterSet):
    q = SearchFilter(fields=["name"])
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="starts_on__year", min_value=1900, max_value=2100
    )

    class Meta:
        model = Program
        form = FilterForm
        fields = ["q", "year"]


class ChecklistFilterSet(FilterSet):
    q = SearchFilter(fields=["name", "name_en", "code"], placeholder=_("Name or code"))

    class Meta:
        model = AuditTemplate
        form = FilterForm
        fields = ["q"]


class AuditFilterSet(FilterSet):
    """Audits; a program's or a firm's come from the address (``?program=``, ``?firm=``)."""

    q = SearchFilter(fields=["firm__name", "area"], placeholder=_("Firm or area"))
    phase = django_filters.ChoiceFilter(
        label=_("Phase"),
        choices=_capitalised(Audit.Phase.choices),
        empty_label=_("All phases"),
        widget=SUBMIT_ON_CHANGE,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=_capitalised(Audit.Status.choices),
        empty_label=_("All statuses"),
        widget=SUBMIT_ON_CHANGE,
    )

    class Meta:
        model = Audit
        form = FilterForm
        fields = ["q", "phase", "status", "program", "firm"]


class ActionFilterSet(FilterSet):
    """Corrective actions. ``show`` is open (not done), overdue or all; the page chooses it with
    its tabs (open unless the address asks otherwise, see ``ActionListView``) and takes
    ``status``, ``audit`` and ``audit__firm`` from the address."""

    SHOW = [("open", _("Open")), ("overdue", _("Overdue")), ("all", _("All"))]

    q = SearchFilter(fields=["audit__firm__name", "finding"], placeholder=_("Firm or finding"))
    show = django_filters.ChoiceFilter(
        label=_("Show"), choices=SHOW, method="filter_show", widget=forms.HiddenInput
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CorrectiveAction.Status.choices, widget=forms.HiddenInput
    )

    class Meta:
        model = CorrectiveAction
        form = FilterForm
        fields = ["q", "show", "status", "audit", "audit__firm"]

    def filter_show(self, queryset, name, value):
        if value == "open":
            return queryset.open()
        if value == "overdue":
            return queryset.overdue()
        return queryset
