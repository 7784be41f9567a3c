"""A lease's change history: its terms, units and payments, one timeline."""

from rantai.core.history import Entry, model_entries
from rantai.estates.models import Lease, Payment


def lease_timeline(lease: Lease, limit: int = 100) -> list[Entry]:
    entries = model_entries(Lease, Lease.history.filter(id=lease.pk), limit, main=True)
    entries += model_entries(Payment, Payment.history.filter(lease_id=lease.pk), limit)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
