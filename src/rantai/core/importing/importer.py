"""The importer: what each app declares to import one kind of file, and the check-then-apply
flow every import shares.

``validate`` reads the file and checks every row without writing. ``apply`` validates again
inside one transaction (the database may have changed since the preview), raises
``ImportRejected`` if any row has a problem, and otherwise writes every row, so a file is
written in full or not at all.
"""

from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

from django.db import transaction
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from rantai.core.importing.reading import Column, FileError, Table, read_table, template_xlsx
from rantai.core.importing.rows import ImportRejected, Outcome

Progress = Callable[[int, int], None]
IMPORTERS: dict[str, "Importer"] = {}


def register(importer: "Importer") -> "Importer":
    """Make ``importer`` known to the import tasks by its job kind."""
    IMPORTERS[importer.kind] = importer
    return importer


def tick(progress: Progress | None, done: int, total: int, every: int) -> None:
    """Report progress every ``every`` steps and at the end."""
    if progress and (done % every == 0 or done == total):
        progress(done, total)


@contextmanager
def acting_as(user):
    """Record ``user`` as the author in the history of everything written.

    In a task worker there is no request for django-simple-history's middleware to take the
    user from, so give it the request it looks for."""
    context = HistoricalRecords.context
    missing = object()
    previous = getattr(context, "request", missing)
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is missing:
            del context.request
        else:
            context.request = previous


class Importer:
    """One kind of import. An app subclasses it, declares the attributes below and implements
    ``target``, ``links``, ``check``, ``write`` and ``done_message``; the shared views, tasks
    and review page do the rest."""

    kind: str  # the job kind, and the importer's name in IMPORTERS
    columns: Sequence[Column]
    title: str | Promise  # the name of the template's sheet
    example: Sequence  # the template's example row
    template_filename: str
    form_template: str  # the upload page, extending core/import_form.html
    summary_template: str  # the counts and the preview on the review page
    review_url_name: str  # the review page, given the job's pk
    confirm_url_name: str  # where the review page posts to confirm (often itself)
    target_param = ""  # the job parameter naming the object imported into, if any

    # ---- declared by each app ---------------------------------------------------------------

    def target(self, user, pk):
        """Ask the rule the import as a whole needs (PermissionDenied or Http404) and return
        the object imported into (``pk``), or None for an import into no one object."""
        raise NotImplementedError

    def job_target(self, job):
        """The object imported into, for a task (the rows ask the rules again)."""
        return None

    def links(self, target) -> dict:
        """The pages around the import: ``breadcrumbs`` [(label, url)] ending at the upload
        page, ``import_url``, ``template_url``, ``done_url`` and ``done_label``."""
        raise NotImplementedError

    def form_context(self, target) -> dict:
        return {}

    def check_target(self, target) -> None:
        """Raise FileError when nothing may be imported into ``target`` now."""

    def check(self, table: Table, outcome: Outcome, *, user, target, progress) -> None:
        """Check every row of ``table``, including that ``user`` may make it, and fill
        ``outcome``; write nothing."""
        raise NotImplementedError

    def lock(self, target):
        """``target`` locked for the write (select_for_update), if the import needs it."""
        return target

    def write(self, outcome: Outcome, *, user, target, progress) -> None:
        """Write what ``check`` planned; raise ImportRejected on a problem found only now."""
        raise NotImplementedError

    def done_message(self, outcome: Outcome) -> str:
        raise NotImplementedError

    # ---- shared ---------------------------------------------------------------------------

    def validate(
        self, path: Path, *, user, target=None, progress: Progress | None = None
    ) -> Outcome:
        """Check the file without writing anything."""
        self.check_target(target)
        table = read_table(path, self.columns)
        if not table.rows:
            raise FileError(_("The file holds no rows below the header."))
        outcome = Outcome(table.headers, total=len(table.rows))
        self.check(table, outcome, user=user, target=target, progress=progress)
        if progress:
            progress(outcome.total, outcome.total)
        return outcome

    def apply(self, path: Path, *, user, target=None, progress: Progress | None = None) -> Outcome:
        """Validate and write every row in one transaction; nothing is written if any row
        fails."""
        with transaction.atomic(), acting_as(user):
            target = self.lock(target)
            outcome = self.validate(path, user=user, target=target)
            if outcome.errors:
                raise ImportRejected(outcome)
            self.write(outcome, user=user, target=target, progress=progress)
        return outcome

    def review_url(self, job) -> str:
        return reverse(self.review_url_name, args=[job.pk])

    def confirm_url(self, job) -> str:
        return reverse(self.confirm_url_name, args=[job.pk])

    def template_xlsx(self) -> bytes:
        return template_xlsx(str(self.title), self.columns, self.example)
