"""5R business operations: keyword-only functions, each in one transaction."""

import contextlib
import uuid
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rantai.accounts.models import Membership
from rantai.core.mail import notify
from rantai.engines import scoring
from rantai.five_r import photos
from rantai.five_r.models import (
    Answer,
    AnswerConflict,
    Audit,
    CorrectiveAction,
    Item,
    Participation,
    Photo,
    Program,
)
from rantai.inbox.models import Notification

# Items scored at or below this share of the scale become findings with a corrective action.
FINDING_THRESHOLD = Decimal("0.25")  # 0 or 1 on a 0–4 scale


@transaction.atomic
def set_participants(*, program: Program, firms) -> None:
    """Make ``firms`` the participants of ``program``. A firm with audits in the program stays
    (its audits are part of the program's results)."""
    chosen = set(firms)
    program.participations.exclude(firm__in=chosen).filter(
        ~Q(firm__audits__program=program)
    ).delete()
    for firm in chosen:
        Participation.objects.get_or_create(program=program, firm=firm)


def items_of(template) -> list[Item]:
    return list(Item.objects.filter(section__template=template).select_related("section"))


def compute_scores(audit: Audit, items: list[Item] | None = None) -> scoring.Scores:
    items = items if items is not None else items_of(audit.template)
    answers = {a.item_id: a for a in audit.answers.all()}
    return scoring.score(
        [
            scoring.Item(
                i.section.code, i.weight, audit.template.scale_max, audit.template.scale_min
            )
            for i in items
        ],
        [
            scoring.Answer(answers[i.pk].score, answers[i.pk].not_applicable)
            if i.pk in answers
            else None
            for i in items
        ],
    )


def _ensure_draft(audit: Audit) -> None:
    if not audit.is_draft:
        raise PermissionDenied(_("This audit has been submitted; it can only be corrected."))


@transaction.atomic
def start_audit(*, firm, template, area, phase, auditors, program=None, date=None, user) -> Audit:
    audit = Audit.objects.create(
        firm=firm,
        template=template,
        area=area,
        phase=phase,
        program=program,
        date=date or timezone.localdate(),
    )
    audit.auditors.set(auditors or [user])
    return audit


def _clean_answer(audit: Audit, item: Item, score, not_applicable: bool) -> tuple[int | None, bool]:
    if item.section.template_id != audit.template_id:
        raise ValidationError(_("This item is not on the audit's checklist."))
    if not_applicable:
        if not item.allow_na:
            raise ValidationError(_("This item always applies; give it a score."))
        return None, True
    if score is not None:
        template = audit.template
        if not template.scale_min <= int(score) <= template.scale_max:
            raise ValidationError(
                _("The score must be between %(low)d and %(high)d.")
                % {"low": template.scale_min, "high": template.scale_max}
            )
        score = int(score)
    return score, False


@transaction.atomic
def save_answer(
    *, audit: Audit, item: Item, score, not_applicable=False, comment="", user
) -> Answer:
    """Autosave of one item of a draft."""
    _ensure_draft(audit)
    score, not_applicable = _clean_answer(audit, item, score, not_applicable)
    answer = _answer_to_write(audit, item)
    _write_answer(answer, answer.pk is None, score, not_applicable, comment.strip(), user)
    Audit.objects.filter(pk=audit.pk).update(updated_at=timezone.now())
    return answer


def _answer_to_write(audit: Audit, item: Item) -> Answer:
    """The answer to ``item``, locked, or a new one not yet saved (so its history starts with
    the first answer, not an empty row)."""
    found = Answer.objects.select_for_update().filter(audit=audit, item=item).first()
    return found if found is not None else Answer(audit=audit, item=item)


def _write_answer(answer, created, score, not_applicable, comment, user, reason=None) -> None:
    if not created and (answer.score, answer.not_applicable, answer.comment) == (
        score,
        not_applicable,
        comment,
    ):
        return  # the same answer again (a retry): no new version, no history
    answer.score, answer.not_applicable, answer.comment = score, not_applicable, comment
    if not created:
        answer.version += 1
    answer._history_user = user
    if reason:
        answer._change_reason = reason
    answer.save()


@transaction.atomic
def sync_answer(
    *,
    audit: Audit,
    item: Item,
    score,
    not_applicable=False,
    comment="",
    base_version: int,
    answered_at=None,
    user,
) -> tuple[Answer | None, AnswerConflict | None]:
    """An answer made on a phone, perhaps offline, based on ``base_version`` of the answer
    (0: there was none). Saved when nobody changed it since; otherwise it is kept as a conflict
    for a person to decide, and the saved answer stays. Sent again, it is recorded once."""
    _ensure_draft(audit)
    score, not_applicable = _clean_answer(audit, item, score, not_applicable)
    comment = comment.strip()
    # Lock the audit's row: two phones syncing the same item at once are taken in turn.
    Audit.objects.select_for_update().filter(pk=audit.pk).first()
    answer = Answer.objects.filter(audit=audit, item=item).first()
    current = answer.version if answer is not None else 0
    same = answer is not None and (answer.score, answer.not_applicable, answer.comment) == (
        score,
        not_applicable,
        comment,
    )
    if current == base_version or same:
        return save_answer(
            audit=audit,
            item=item,
            score=score,
            not_applicable=not_applicable,
            comment=comment,
            user=user,
        ), None
    conflict, _created = AnswerConflict.objects.get_or_create(
        audit=audit,
        item=item,
        base_version=base_version,
        sent_by=user,
        score=score,
        not_applicable=not_applicable,
        comment=comment,  # the same answer sent again (even after it was decided): once
        defaults={"server_version": current, "answered_at": answered_at},
    )
    return answer, conflict


@transaction.atomic
def decide_conflict(*, conflict: AnswerConflict, take: bool, user) -> AnswerConflict:
    """Settle a conflict: keep the saved answer, or take the one sent (it becomes a new version,
    with the reason in the answer's history). Either way both stay on record."""
    conflict = (
        AnswerConflict.objects.select_for_update()
        .select_related("audit", "item")
        .get(pk=conflict.pk)
    )
    if not conflict.is_open:
        raise ValidationError(_("This conflict has already been decided."))
    _ensure_draft(conflict.audit)
    if take:
        answer = _answer_to_write(conflict.audit, conflict.item)
        created = answer.pk is None
        who = conflict.sent_by.get_full_name() if conflict.sent_by else "?"
        _write_answer(
            answer,
            created,
            conflict.score,
            conflict.not_applicable,
            conflict.comment,
            user,
            reason=_("Conflict decided: the answer sent by %(name)s was taken.") % {"name": who},
        )
    conflict.status = AnswerConflict.Status.TAKEN if take else AnswerConflict.Status.KEPT
    conflict.decided_by, conflict.decided_at = user, timezone.now()
    conflict.save()
    return conflict


@transaction.atomic
def add_photo(
    *,
    upload,
    user,
    audit=None,
    item=None,
    action=None,
    kind=Photo.Kind.EVIDENCE,
    caption="",
    photo_id: uuid.UUID | None = None,
) -> Photo:
    """Keep a photo (checked, upright, resized, without metadata); ``photo_id`` is the id a
    client gave it (a resumable upload), otherwise a new one."""
    processed = photos.process(upload)
    photo = Photo(
        uuid=photo_id or uuid.UUID(hex=processed.name),
        audit=audit,
        item=item,
        action=action,
        kind=kind,
        caption=caption[:200],
        uploaded_by=user,
    )
    if processed.taken_at:
        with contextlib.suppress(ValueError):  # cameras write all sorts of dates
            photo.taken_at = timezone.make_aware(
                datetime.strptime(processed.taken_at, "%Y:%m:%d %H:%M:%S")
            )
    photo.image.save(processed.image.name, processed.image, save=False)
    photo.thumbnail.save(processed.thumbnail.name, processed.thumbnail, save=False)
    photo.save()
    return photo


@transaction.atomic
def submit(*, audit: Audit, user) -> Audit:
    """Lock the audit, keep its scores and turn low-scoring items into corrective actions."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    _ensure_draft(audit)
    open_conflicts = audit.conflicts.filter(status=AnswerConflict.Status.OPEN).count()
    if open_conflicts:
        raise ValidationError(
            ngettext(
                "%(count)d answer is in conflict between two mentors; decide it first.",
                "%(count)d answers are in conflict between two mentors; decide them first.",
                open_conflicts,
            )
            % {"count": open_conflicts}
        )
    items = items_of(audit.template)
    scores = compute_scores(audit, items)
    if not scores.is_complete:
        raise ValidationError(
            _("%(missing)d items have no score yet. Score them or mark them not applicable.")
            % {"missing": scores.total - scores.answered}
        )
    _store_scores(audit, scores)
    audit.status = Audit.Status.SUBMITTED
    audit.submitted_at = timezone.now()
    audit.submitted_by = user
    audit._history_user = user
    audit.save()
    _create_findings(audit, items)
    _tell_firm(audit)
    return audit


def _store_scores(audit: Audit, scores: scoring.Scores) -> None:
    audit.overall_score = scores.overall
    audit.section_scores = {
        k: (str(v) if v is not None else None) for k, v in scores.sections.items()
    }


def _tell_firm(audit: Audit) -> None:
    """The firm's people hear of the corrective actions an audit left them, and by when
    (core.mail.notify: in the inbox, and by email as each chose)."""
    actions = list(audit.actions.order_by("due_on"))
    if not actions:
        return
    url = f"{reverse('five_r:action-list')}?audit={audit.pk}"

    def compose():
        subject = ngettext(
            "The 5R audit of %(firm)s left %(count)d corrective action",
            "The 5R audit of %(firm)s left %(count)d corrective actions",
            len(actions),
        ) % {"firm": audit.firm.name, "count": len(actions)}
        lines = [f"- {action.title}" for action in actions]
        due = _("Due by %(date)s. See them on Rantai: %(url)s") % {
            "date": date_format(actions[0].due_on),
            "url": settings.SITE_URL + url,
        }
        return subject, "\n".join([f"{subject}:", *lines, "", due])

    people = Membership.objects.active().filter(organisation_id=audit.firm_id)
    notify(people.users(), compose, kind=Notification.Kind.CORRECTIVE_ACTION, url=url)


def _create_findings(audit: Audit, items: list[Item]) -> None:
    template = audit.template
    limit = template.scale_min + FINDING_THRESHOLD * (template.scale_max - template.scale_min)
    answers = {a.item_id: a for a in audit.answers.all()}
    due = CorrectiveAction.default_due(audit.date)
    CorrectiveAction.objects.bulk_create(
        CorrectiveAction(
            audit=audit,
            item=item,
            due_on=due,
            finding=answers[item.pk].comment or item.text,  # its code is shown beside it
        )
        for item in items
        if answers[item.pk].score is not None and answers[item.pk].score <= limit
    )


@transaction.atomic
def correct_answer(
    *, audit: Audit, item: Item, score, not_applicable=False, comment=None, reason: str, user
) -> Answer:
    """Change an answer of a submitted audit; the reason and the person stay in its history."""
    if audit.is_draft:
        raise ValidationError(
            _("A draft is edited directly; corrections are for submitted audits.")
        )
    if not reason.strip():
        raise ValidationError(_("Say why the answer is corrected."))
    score, not_applicable = _clean_answer(audit, item, score, not_applicable)
    answer = Answer.objects.select_for_update().get(audit=audit, item=item)
    answer.score, answer.not_applicable = score, not_applicable
    if comment is not None:
        answer.comment = comment.strip()
    answer.version += 1
    answer._history_user = user
    answer._change_reason = reason.strip()
    answer.save()
    _store_scores(audit, compute_scores(audit))
    audit._history_user = user
    audit._change_reason = reason.strip()
    audit.save()
    return answer


@transaction.atomic
def update_action(
    *,
    action: CorrectiveAction,
    user,
    status,
    action_text=None,
    owner=None,
    due_on=None,
    closing_note="",
    photo_upload=None,
) -> CorrectiveAction:
    """Move an action along; closing it needs a note or a photo of the result."""
    if status == CorrectiveAction.Status.DONE and not (
        closing_note.strip() or photo_upload or action.photos.exists()
    ):
        raise ValidationError(
            _("To close an action, say what was done or add a photo of the result.")
        )
    if photo_upload is not None:
        add_photo(
            upload=photo_upload,
            user=user,
            action=action,
            kind=Photo.Kind.CLOSING,
            audit=action.audit,
        )
    action.status = status
    if due_on is not None and due_on != action.due_on:
        action.reminded = ""  # a new date: its reminders are due again (five_r/reminders.py)
    for field, value in (("action", action_text), ("owner", owner), ("due_on", due_on)):
        if value is not None:
            setattr(action, field, value)
    if closing_note.strip():
        action.closing_note = closing_note.strip()
    if status == CorrectiveAction.Status.DONE and action.closed_at is None:
        action.closed_at, action.closed_by = timezone.now(), user
    elif status != CorrectiveAction.Status.DONE:
        action.closed_at = action.closed_by = None
    action._history_user = user
    action.save()
    return action
