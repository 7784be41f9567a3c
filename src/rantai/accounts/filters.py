"""The FilterSet of an organisation's members page."""

import django_filters
from django.utils.translation import gettext_lazy as _

from rantai.accounts.models import Membership, Role
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
