"""The change history of a firm and everything it has, as one timeline."""

from rantai.core.history import Entry, model_entries
from rantai.firms.models import (
    Capability,
    Certification,
    Contact,
    CooperativeMembership,
    Firm,
    IndustryYear,
    Machine,
    RawMaterial,
)


def firm_timeline(firm: Firm, limit: int = 100) -> list[Entry]:
    entries = model_entries(Firm, Firm.history.filter(id=firm.pk), limit, main=True)
    for model in (
        Capability,
        Machine,
        Certification,
        Contact,
        CooperativeMembership,
        IndustryYear,
    ):
        entries += model_entries(model, model.history.filter(firm_id=firm.pk), limit)
    years = IndustryYear.history.filter(firm_id=firm.pk).values("id")
    entries += model_entries(RawMaterial, RawMaterial.history.filter(year_id__in=years), limit)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
