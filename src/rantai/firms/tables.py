import django_tables2 as tables
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from rantai.core.lists import NUMBER, WIDE_ONLY, table_attrs
from rantai.firms.models import Firm


class FirmTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Name"), attrs={"td": {"class": "fw-medium"}})
    kind = tables.Column(verbose_name=_("Kind"), attrs=WIDE_ONLY)
    regency = tables.Column(verbose_name=_("Regency/city"), order_by=("regency__name", "name"))
    district = tables.Column(
        verbose_name=_("District"), order_by=("district__name", "name"), attrs=WIDE_ONLY
    )
    workforce = tables.Column(verbose_name=_("Workforce"), attrs=NUMBER)
    industry_size = tables.Column(verbose_name=_("Size"), attrs=WIDE_ONLY)

    class Meta:
        model = Firm
        fields = ["name", "kind", "regency", "district", "workforce", "industry_size"]
        order_by = ["name"]
        attrs = table_attrs("firm-table")
        empty_text = _("No firm matches these filters.")

    def render_industry_size(self, value):
        return Firm.IndustrySize(value).label if value else "—"

    def render_kind(self, value, record):
        return "IKM" if record.kind == Firm.Kind.IKM else capfirst(record.get_kind_display())
