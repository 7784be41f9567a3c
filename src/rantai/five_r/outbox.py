"""A phone's outbox, imported on the server: the last resort when the capture app cannot send
what it holds (docs/decisions.md, "Importing a phone's unsent items").

The app exports its unsent answers and photos as one JSON file (format ``rantai-5r-outbox``,
version 1). ``read`` checks the whole file without writing: its shape, every entry's fields,
each photo against its SHA-256 and as a picture, and that each audit is a draft the importing
user may change (the same ``five_r.change_audit`` rule as the capture page). Every problem is
named by its entry ("Answer 3: …"). ``import_outbox`` reads the file again inside one
transaction and writes everything through the same services as the phone's own sync
(``sync_answer``, ``add_photo``), or nothing.

Importing a file twice adds nothing: an answer already saved as the file has it is left alone,
an answer sent again on an old version is the conflict already on record, and a photo is known
by the id the phone gave it.
"""

import base64
import binascii
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rantai.core.access import can, restrict
from rantai.core.importing.importer import acting_as
from rantai.core.uploads import validate_image
from rantai.five_r import outcomes, services
from rantai.five_r.models import Answer, Audit, Item, Photo, PhotoUpload, UploadPiece
from rantai.five_r.photos import MAX_UPLOAD_BYTES
from rantai.five_r.uploads import SHA256

FORMAT = "rantai-5r-outbox"
VERSION = 1
# About ten photos at a phone's full size, as base64 (a third larger than the pictures).
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_INTEGER = 2**31 - 1  # what every database stores in an integer column
MAX_ERRORS = 30  # more would bury the first; the file is checked again once they are fixed
ANSWER = gettext_lazy("Answer %(number)d: %(problem)s")
PHOTO = gettext_lazy("Photo %(number)d: %(problem)s")
OUTCOMES = gettext_lazy("Outcome indicators %(number)d: %(problem)s")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class AnswerEntry:
    number: int
    audit: Audit
    item: Item
    score: int | None
    not_applicable: bool
    comment: str
    base_version: int
    answered_at: datetime | None


@dataclass(frozen=True)
class PhotoEntry:
    number: int
    uuid: uuid.UUID
    audit: Audit
    item: Item | None
    kind: str
    caption: str
    content: bytes


@dataclass(frozen=True)
class OutcomesEntry:
    number: int
    audit: Audit
    values: dict[str, list[str]]


@dataclass
class Outbox:
    answers: list[AnswerEntry]
    photos: list[PhotoEntry]
    outcomes: list[OutcomesEntry] = field(default_factory=list)


@dataclass
class Result:
    answers_saved: int = 0
    answers_unchanged: int = 0  # already on the server as the file has them
    conflicts: int = 0  # kept for a person to decide (on the audit's page)
    photos_added: int = 0
    photos_known: int = 0  # already on the server (sent before, or imported before)
    outcomes_recorded: int = 0  # audits whose outcome indicators were recorded
    audits: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


class _Refused(Exception):
    """One entry's problem, said in a sentence."""


def validate_upload(upload) -> None:
    """The uploaded file before it is read: named .json and not too large."""
    if not upload.name.lower().endswith(".json"):
        raise ValidationError(_("Upload the .json file the capture app exported."))
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)d MB.") % {"size": MAX_FILE_BYTES // 2**20}
        )


def read(raw: bytes, *, user, lock: bool = False) -> Outbox:
    """The outbox in ``raw``, checked whole; PermissionDenied if ``user`` may not import at all,
    ValidationError naming every entry that cannot be imported. Writes nothing."""
    if not can(user, "import", model=Audit):
        raise PermissionDenied(_("Only administrators and staff may import a phone's outbox."))
    document = _document(raw)
    answers, photos = _entries(document, "answers"), _entries(document, "photos")
    measured = _entries(document, "outcomes")
    if not answers and not photos and not measured:
        raise ValidationError(_("The file holds no answers and no photos."))
    audits = _audits(user, _named(answers + photos + measured, "audit"), lock=lock)
    items = Item.objects.select_related("section").in_bulk(_named(answers + photos, "item"))
    checker = _Checker(user, audits, items)
    outbox = Outbox(answers=[], photos=[])
    errors = []
    for label, entries, check, kept in (
        (ANSWER, answers, checker.answer, outbox.answers),
        (PHOTO, photos, checker.photo, outbox.photos),
        (OUTCOMES, measured, checker.outcomes, outbox.outcomes),
    ):
        for number, entry in enumerate(entries, 1):
            try:
                kept.append(check(number, entry))
            except (_Refused, ValidationError) as exc:
                problems = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                errors += [label % {"number": number, "problem": p} for p in problems]
    if errors:
        more = len(errors) - MAX_ERRORS
        if more > 0:
            errors = [*errors[:MAX_ERRORS], _("… and %(count)d more.") % {"count": more}]
        raise ValidationError(errors)
    return outbox


def import_outbox(raw: bytes, *, user, progress: Progress | None = None) -> Result:
    """Check the file and write all it holds in one transaction, or nothing (see ``read``)."""
    with transaction.atomic(), acting_as(user):
        outbox = read(raw, user=user, lock=True)
        total = len(outbox.answers) + len(outbox.photos) + len(outbox.outcomes)
        result = Result()
        for done, entry in enumerate(outbox.answers, 1):
            _write_answer(entry, result, user)
            if progress:
                progress(done, total)
        for done, entry in enumerate(outbox.photos, len(outbox.answers) + 1):
            _write_photo(entry, result, user)
            if progress:
                progress(done, total)
        for done, entry in enumerate(outbox.outcomes, total - len(outbox.outcomes) + 1):
            _write_outcomes(entry, result, user)
            if progress:
                progress(done, total)
        result.audits = sorted(
            {e.audit.pk for e in [*outbox.answers, *outbox.photos, *outbox.outcomes]}
        )
    return result


# ---- reading --------------------------------------------------------------------------------


def _document(raw: bytes) -> dict:
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(_("The file is not valid JSON.")) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError(
            _("This is not an outbox exported by the 5R capture app (format %(format)s).")
            % {"format": FORMAT}
        )
    if not (_is_integer(document.get("version")) and document["version"] == VERSION):
        raise ValidationError(
            _("This outbox is of version %(found)s; Rantai reads version %(version)d.")
            % {"found": document.get("version"), "version": VERSION}
        )
    return document


def _entries(document: dict, key: str) -> list:
    entries = document.get(key, [])
    if not isinstance(entries, list):
        raise ValidationError(_("The field %(field)s must be a list.") % {"field": key})
    return entries


def _is_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_id(value) -> bool:
    return _is_integer(value) and 0 < value <= MAX_INTEGER


def _named(entries: list, key: str) -> set[int]:
    """The ids the entries give under ``key`` (the wrong ones are refused entry by entry)."""
    return {e[key] for e in entries if isinstance(e, dict) and _is_id(e.get(key))}


def _audits(user, ids: set[int], *, lock: bool) -> dict[int, Audit]:
    """The audits named in the file that ``user`` may see (the others are "not found")."""
    audits = Audit.objects.select_related("firm", "template")
    if lock:  # nobody submits one between the check and the write
        audits = audits.select_for_update(of=("self",))
    return restrict(audits, user).in_bulk(ids)


def _field(entry: dict, name: str, kinds, *, default=..., null=False):
    if name not in entry:
        if default is ...:
            raise _Refused(_("The field %(field)s is missing.") % {"field": name})
        return default
    value = entry[name]
    if value is None and null:
        return None
    if isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds):
        if isinstance(value, str):
            ProhibitNullCharactersValidator()(value)  # PostgreSQL stores no NUL in text
        return value
    expected = {
        int: _("The field %(field)s must be a whole number."),
        bool: _("The field %(field)s must be true or false."),
        str: _("The field %(field)s must be text."),
        dict: _("The field %(field)s must be an object (JSON)."),
    }[kinds[0]]
    raise _Refused(expected % {"field": name})


class _Checker:
    """Checks one entry at a time against the audits and items named in the file."""

    def __init__(self, user, audits: dict[int, Audit], items: dict[int, Item]):
        self.user, self.audits, self.items = user, audits, items
        self.may_change: dict[int, bool] = {}
        self.answered: dict[tuple[int, int], int] = {}
        self.photo_ids: set[uuid.UUID] = set()
        self.measured: dict[int, int] = {}

    def audit(self, entry: dict) -> Audit:
        pk = _field(entry, "audit", (int,))
        audit = self.audits.get(pk)
        if audit is None:
            raise _Refused(_("Audit %(audit)s was not found.") % {"audit": pk})
        if not audit.is_draft:
            raise _Refused(
                _("Audit %(audit)s has been submitted; it takes no more answers or photos.")
                % {"audit": pk}
            )
        if pk not in self.may_change:
            self.may_change[pk] = can(self.user, "change", audit)
        if not self.may_change[pk]:
            raise _Refused(_("You may not change audit %(audit)s.") % {"audit": pk})
        return audit

    def item(self, entry: dict, audit: Audit, *, null: bool) -> Item | None:
        pk = _field(entry, "item", (int,), default=None if null else ..., null=null)
        if pk is None:
            return None
        item = self.items.get(pk)
        if item is None:
            raise _Refused(_("Item %(item)s was not found.") % {"item": pk})
        if item.section.template_id != audit.template_id:
            raise _Refused(
                _("Item %(item)s is not on the checklist of audit %(audit)s.")
                % {"item": pk, "audit": audit.pk}
            )
        return item

    def answer(self, number: int, entry) -> AnswerEntry:
        if not isinstance(entry, dict):
            raise _Refused(_("The entry is not a JSON object."))
        audit = self.audit(entry)
        item = self.item(entry, audit, null=False)
        score = _field(entry, "score", (int,), null=True)
        not_applicable = _field(entry, "not_applicable", (bool,), default=False)
        comment = _field(entry, "comment", (str,), default="")
        base_version = _field(entry, "base_version", (int,))
        if not 0 <= base_version <= MAX_INTEGER:
            raise _Refused(
                _("The field %(field)s must be a version number (0 or more).")
                % {"field": "base_version"}
            )
        answered_at = _moment(_field(entry, "answered_at", (str,), default=None, null=True))
        score, not_applicable = services._clean_answer(audit, item, score, not_applicable)
        first = self.answered.setdefault((audit.pk, item.pk), number)
        if first != number:
            raise _Refused(
                _("Item %(item)s of audit %(audit)s is answered twice (also in answer %(first)d).")
                % {"item": item.pk, "audit": audit.pk, "first": first}
            )
        return AnswerEntry(
            number,
            audit,
            item,
            score,
            not_applicable,
            comment.strip(),
            base_version,
            answered_at,
        )

    def photo(self, number: int, entry) -> PhotoEntry:
        if not isinstance(entry, dict):
            raise _Refused(_("The entry is not a JSON object."))
        photo_id = _photo_id(_field(entry, "id", (str,)))
        audit = self.audit(entry)
        item = self.item(entry, audit, null=True)
        kind = _field(entry, "kind", (str,), default=Photo.Kind.EVIDENCE)
        if kind not in Photo.Kind.values:
            raise _Refused(
                _("The kind %(kind)s is not one of: %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(Photo.Kind.values)}
            )
        caption = _field(entry, "caption", (str,), default="")
        content = _photo_content(_field(entry, "data", (str,)), _field(entry, "sha256", (str,)))
        if photo_id in self.photo_ids:
            raise _Refused(_("The id %(id)s is given to two photos.") % {"id": photo_id})
        self.photo_ids.add(photo_id)
        known = (
            Photo.objects.filter(uuid=photo_id).values_list("audit_id", flat=True).first()
            or PhotoUpload.objects.filter(uuid=photo_id).values_list("audit_id", flat=True).first()
        )
        if known is not None and known != audit.pk:
            raise _Refused(
                _("The id %(id)s is already used by a photo of another audit.") % {"id": photo_id}
            )
        return PhotoEntry(number, photo_id, audit, item, kind, caption.strip(), content)

    def outcomes(self, number: int, entry) -> OutcomesEntry:
        """The indicators measured at one audit's visit; their values are checked as they are
        recorded (``outcomes.record``, inside the import's transaction)."""
        if not isinstance(entry, dict):
            raise _Refused(_("The entry is not a JSON object."))
        audit = self.audit(entry)
        values = _field(entry, "values", (dict,))
        for code, typed in values.items():
            if not isinstance(typed, list) or not all(isinstance(v, str) for v in typed):
                raise _Refused(
                    _("The measurements of %(code)s must be a list of texts.") % {"code": code}
                )
        first = self.measured.setdefault(audit.pk, number)
        if first != number:
            raise _Refused(
                _("Audit %(audit)s is measured twice (also in entry %(first)d).")
                % {"audit": audit.pk, "first": first}
            )
        return OutcomesEntry(number, audit, values)


def _moment(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _Refused(
            _("The field %(field)s must be a date and time such as 2026-12-07T09:58:00+07:00.")
            % {"field": "answered_at"}
        ) from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _photo_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise _Refused(_("The id %(id)s is not a UUID.") % {"id": value}) from None


def _photo_content(data: str, sha256: str) -> bytes:
    """The photo's bytes, checked against their SHA-256 and as a picture (its header)."""
    sha256 = sha256.strip().lower()
    if not SHA256.match(sha256):
        raise _Refused(_("Give the SHA-256 as 64 hexadecimal characters."))
    if len(data) * 3 // 4 > MAX_UPLOAD_BYTES:
        raise _Refused(
            _("The photo is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // 2**20}
        )
    try:
        content = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise _Refused(_("The photo's data is not valid base64.")) from None
    if hashlib.sha256(content).hexdigest() != sha256:
        raise _Refused(_("The photo does not match its SHA-256: the file was damaged or changed."))
    validate_image(_upload(content))
    return content


def _upload(content: bytes) -> SimpleUploadedFile:
    # No suffix: the picture's format is read from its content, whatever the phone made.
    return SimpleUploadedFile("foto", content, content_type="application/octet-stream")


# ---- writing --------------------------------------------------------------------------------


def _write_answer(entry: AnswerEntry, result: Result, user) -> None:
    saved = Answer.objects.filter(audit=entry.audit, item=entry.item).first()
    if saved is not None and (saved.score, saved.not_applicable, saved.comment) == (
        entry.score,
        entry.not_applicable,
        entry.comment,
    ):
        result.answers_unchanged += 1  # sent before (or made alike): the audit stays untouched
        return
    _answer, conflict = services.sync_answer(
        audit=entry.audit,
        item=entry.item,
        score=entry.score,
        not_applicable=entry.not_applicable,
        comment=entry.comment,
        base_version=entry.base_version,
        answered_at=entry.answered_at,
        user=user,
    )
    if conflict is not None:
        result.conflicts += 1
    else:
        result.answers_saved += 1


def _write_photo(entry: PhotoEntry, result: Result, user) -> None:
    if Photo.objects.filter(uuid=entry.uuid).exists():
        result.photos_known += 1
        return
    try:
        photo = services.add_photo(
            upload=_upload(entry.content),
            user=user,
            audit=entry.audit,
            item=entry.item,
            kind=entry.kind,
            caption=entry.caption,
            photo_id=entry.uuid,
        )
    except ValidationError as exc:  # the pixels, read only now: the whole import is undone
        raise ValidationError(
            [PHOTO % {"number": entry.number, "problem": p} for p in exc.messages]
        ) from exc
    # The phone may have begun sending it in pieces: that upload is now finished, so the phone
    # is told so when it asks again, rather than sending a second copy.
    UploadPiece.objects.filter(upload__uuid=entry.uuid).delete()
    PhotoUpload.objects.filter(uuid=entry.uuid, photo=None).update(photo=photo, received=F("size"))
    result.photos_added += 1


def _write_outcomes(entry: OutcomesEntry, result: Result, user) -> None:
    try:
        outcomes.record(audit=entry.audit, user=user, values=entry.values)
    except ValidationError as exc:  # a value out of range: the whole import is undone
        problems = (
            [
                f"{code}: {message}"
                for code, messages in exc.message_dict.items()
                for message in messages
            ]
            if hasattr(exc, "error_dict")
            else exc.messages
        )
        raise ValidationError(
            [OUTCOMES % {"number": entry.number, "problem": p} for p in problems]
        ) from exc
    result.outcomes_recorded += 1
