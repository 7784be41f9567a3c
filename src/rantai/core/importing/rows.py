"""Rows as an import checks them, and what the check found: the rows it would write, every
problem with its row and column, counts and a preview."""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from rantai.core.importing.parsers import as_text

MAX_ERRORS = 500  # listed on the review page; all are counted
PREVIEW_ROWS = 20


@dataclass
class RowError:
    row: int  # the row number in the spreadsheet
    column: str  # the column's header as written in the file
    message: str


@dataclass
class ParsedRow:
    number: int  # the row number in the spreadsheet
    values: dict  # what the row says, checked and converted, by the importer's names


class Cells:
    """One row's cells read through the parsers. A problem is kept per column (the first one
    found), so a cell that is unreadable is not reported again by a later check."""

    def __init__(self, number: int, raw: dict):
        self.number = number
        self.raw = raw
        self.errors: dict[str, str] = {}  # column key → message

    def fail(self, key: str, message) -> None:
        self.errors.setdefault(key, str(message))

    def filled(self, key: str) -> bool:
        return self.raw.get(key) is not None

    def text(self, key: str) -> str:
        return as_text(self.raw.get(key))

    def get(self, key: str, parser: Callable = as_text, *, required: bool = False):
        """The cell's value through ``parser``; None when the cell is empty or unreadable."""
        cell = self.raw.get(key)
        if cell is None:
            if required:
                self.fail(key, _("This field is required."))
            return None
        try:
            return parser(cell)
        except ValidationError as exc:
            self.fail(key, " ".join(exc.messages))
            return None

    def check(self, instance, columns: dict[str, str], fallback: str, **options) -> None:
        """Run the model's own validation (``full_clean(**options)``) and keep its problems
        under the columns that hold the fields (``columns``: field name → column key)."""
        try:
            instance.full_clean(**options)
        except ValidationError as exc:
            for key, message in model_errors(exc, columns, fallback):
                self.fail(key, message)


def model_errors(exc: ValidationError, columns: dict[str, str], fallback: str):
    """(column key, message) for each field error of a model or service validation; errors of
    no field (or of a field no column holds) go to ``fallback``."""
    if not hasattr(exc, "error_dict"):
        yield fallback, " ".join(exc.messages)
        return
    for name, messages in exc.message_dict.items():
        column = columns.get(name, fallback) if name != NON_FIELD_ERRORS else fallback
        yield column, " ".join(messages)


@dataclass
class Outcome:
    """What checking a file found. The importer fills ``rows`` (or its own ``plan``), the
    problems, ``counts`` (its own keys, shown by its review template), ``writes`` (how many
    writes applying would make) and the preview."""

    headers: dict[str, str]  # column key → header as written, in file order
    total: int = 0
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    writes: int = 0
    preview: list[dict] = field(default_factory=list)
    plan: object = None  # what the importer will write, in its own terms

    def fail(self, row: int, key: str, message) -> None:
        self.errors.append(RowError(row, self.headers.get(key, key), str(message)))

    def add(self, cells: Cells) -> None:
        for key, message in cells.errors.items():
            self.fail(cells.number, key, message)

    def show(self, entry: dict) -> None:
        """Add ``entry`` (with its "row") to the preview, which holds the first rows only."""
        if len(self.preview) < PREVIEW_ROWS:
            self.preview.append(entry)

    def as_dict(self) -> dict:
        order = {header: index for index, header in enumerate(self.headers.values())}
        errors = sorted(self.errors, key=lambda e: (e.row, order.get(e.column, len(order))))
        return {
            "total": self.total,
            **self.counts,
            "nothing_new": not self.errors and self.writes == 0,
            "error_count": len(self.errors),
            "errors": [asdict(e) for e in errors[:MAX_ERRORS]],
            "preview": [] if self.errors else sorted(self.preview, key=lambda r: r["row"]),
        }


class ImportRejected(Exception):
    """Applying found problems (the file or the database changed since the check); nothing
    was written."""

    def __init__(self, outcome: Outcome):
        super().__init__("import rejected")
        self.outcome = outcome
