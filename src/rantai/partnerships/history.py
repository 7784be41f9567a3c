"""An agreement's change history: its terms, witnesses, documents and supply link, one timeline."""

from rantai.core.history import Entry, model_entries
from rantai.partnerships.models import Document, Partnership, SupplyLink, Witness


def partnership_timeline(partnership: Partnership, limit: int = 100) -> list[Entry]:
    entries = model_entries(
        Partnership, Partnership.history.filter(id=partnership.pk), limit, main=True
    )
    for model in (Witness, Document, SupplyLink):
        entries += model_entries(model, model.history.filter(partnership_id=partnership.pk), limit)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
