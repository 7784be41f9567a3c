"""The FilterSets of an organisation's members page and of the access requests (page and API)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from rantai.accounts.models import AccessRequest, Membership, Role
from rantai.core.lists import FilterForm, FilterSet, SearchFilter


class MembershipFilterSet(FilterSet):
    q = SearchFilter(
        fields=["user__username", "user__first_name", "user__last_name", "user__email"],
        placeholder=_("Name or email"),
    )
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices)
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Membership
        form = FilterForm
        fields = ["q", "role", "is_active"]


class AccessRequestFilterSet(FilterSet):
    q = SearchFilter(fields=["name", "email", "organisation"], placeholder=_("Name, email or firm"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AccessRequest.Status.choices)
    role = django_filters.ChoiceFilter(label=_("Role sought"), choices=Role.choices)

    class Meta:
        model = AccessRequest
        form = FilterForm
        fields = ["q", "status", "role"]
