"""Change histories (django-simple-history records) as a timeline to show on a page: each app
gathers the records of one of its objects and what belongs to it (``firms.history.firm_timeline``,
``estates.history.lease_timeline``, ``partnerships.history.partnership_timeline``) with
``model_entries``; the page shows the ``Entry`` list with ``core/_timeline.html``."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("added"), "~": _("changed"), "-": _("removed")}
HIDDEN_FIELDS = {"id", "firm", "created_at", "updated_at"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    who: str
    what: str  # the kind of record: firm, capability, …
    label: str  # which record
    action: str
    changes: list[Change] = field(default_factory=list)


def _display(record, field_name: str, value) -> str:
    """A value as the user would read it: choice labels, related objects' names, lists, dates and
    moments in the reader's format and the site's time zone."""
    if value is None or value == "":
        return "—"
    model_field = record.instance_type._meta.get_field(field_name)
    if isinstance(value, list):  # many-to-many: a list of through-table rows
        target = model_field.related_model
        ids = [row.get(target._meta.model_name) for row in value]
        return ", ".join(str(obj) for obj in target.objects.filter(pk__in=ids)) or "—"
    if model_field.is_relation:
        obj = model_field.related_model._base_manager.filter(pk=value).first()
        return str(obj) if obj else str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def model_entries(model, records, limit: int, *, main: bool = False) -> list[Entry]:
    """Entries for one model's history records; ``main`` records need no label (the page says
    which record it is)."""
    records = list(records.select_related("history_user").order_by("-history_date")[:limit])
    previous_by_id = {}
    ids = {r.id for r in records}
    # The record before each one, to diff against (one query per model).
    history = model.history.filter(id__in=ids).order_by("history_date", "history_id")
    older = {}
    for record in history:
        older[record.history_id] = previous_by_id.get(record.id)
        previous_by_id[record.id] = record
    entries = []
    for record in records:
        changes = []
        prev = older.get(record.history_id)
        if record.history_type == "~" and prev is not None:
            delta = record.diff_against(prev, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                label = str(model._meta.get_field(change.field).verbose_name)
                changes.append(
                    Change(
                        label,
                        _display(record, change.field, change.old),
                        _display(record, change.field, change.new),
                    )
                )
            if not changes:
                continue
        entries.append(
            Entry(
                when=record.history_date,
                who=str(record.history_user or _("system")),
                what=str(model._meta.verbose_name),
                label="" if main else str(record.instance),
                action=str(ACTIONS[record.history_type]),
                changes=changes,
            )
        )
    return entries
