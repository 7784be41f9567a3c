import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from rantai.core.lists import WIDE_ONLY, table_attrs
from rantai.firms.models import Firm


class StepFirmTable(tables.Table):
    """The firms behind one number of the funnel."""

    name = tables.Column(linkify=True, verbose_name=_("Name"), attrs={"td": {"class": "fw-medium"}})
    district = tables.Column(
        verbose_name=_("District"), order_by=("district__name", "name"), attrs=WIDE_ONLY
    )
    regency = tables.Column(verbose_name=_("Regency/city"), order_by=("regency__name", "name"))

    class Meta:
        model = Firm
        fields = ["name", "district", "regency"]
        order_by = ["name"]
        attrs = table_attrs("step-firms")
        empty_text = "—"

    def render_district(self, value):
        return value.name

    def render_regency(self, value):
        return value.name
