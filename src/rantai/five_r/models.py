import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rantai.core.access import RestrictedQuerySet
from rantai.core.models import TimeStampedModel, user_stamp
from rantai.firms.models import Firm


def _english() -> bool:
    return (get_language() or "id").startswith("en")


def bilingual(value_id: str, value_en: str) -> str:
    return (value_en or value_id) if _english() else value_id


class Program(TimeStampedModel):
    """A 5R mentoring cohort (pendampingan 5R): a workshop, field visits, then presentation and
    evaluation, for a group of participant firms."""

    name = models.CharField(_("name"), max_length=200)
    organiser = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_programs",
        limit_choices_to={"kind__in": Firm.ORGANISER_KINDS},
    )
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        limit_choices_to={"level__lte": 2},
        related_name="+",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    description = models.TextField(_("description"), blank=True)
    template = models.ForeignKey(
        "AuditTemplate",
        verbose_name=_("audit checklist"),
        on_delete=models.PROTECT,
        related_name="programs",
    )
    indicator_set = models.ForeignKey(
        "IndicatorSet",
        verbose_name=_("outcome indicators"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programs",
        help_text=_("Measured at the baseline and final visits; empty: the standard set."),
    )
    mentors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentors"),
        blank=True,
        related_name="mentored_programs",
    )
    participants = models.ManyToManyField(
        "firms.Firm",
        verbose_name=_("participants"),
        through="Participation",
        related_name="five_r_programs",
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("5R program")
        verbose_name_plural = _("5R programs")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="program_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("five_r:program-detail", args=[self.pk])


class Participation(models.Model):
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    firm = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("firm"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    # Kept by five_r.signals from the firm's submitted audits in the program, so the average
    # improvement of a region is one aggregate (see insights.figures).
    baseline_score = models.DecimalField(
        _("first baseline score (%)"), max_digits=4, decimal_places=1, null=True, editable=False
    )
    final_score = models.DecimalField(
        _("latest final score (%)"), max_digits=4, decimal_places=1, null=True, editable=False
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["program", "firm"], name="unique_participant")
        ]

    def __str__(self) -> str:
        return str(self.firm)

    @staticmethod
    def score_expressions(firm="firm", program="program") -> dict:
        """The first submitted baseline and the latest submitted final of the participant in
        the program, as subqueries (OuterRef names the firm and program)."""
        audits = Audit.objects.filter(
            firm=models.OuterRef(firm),
            program=models.OuterRef(program),
            status=Audit.Status.SUBMITTED,
        )
        return {
            "baseline_score": models.Subquery(
                audits.filter(phase=Audit.Phase.BASELINE)
                .order_by("date", "pk")
                .values("overall_score")[:1]
            ),
            "final_score": models.Subquery(
                audits.filter(phase=Audit.Phase.FINAL)
                .order_by("-date", "-pk")
                .values("overall_score")[:1]
            ),
        }

    @classmethod
    def refresh_scores(cls, **lookup) -> int:
        """Store the scores again for the participations ``lookup`` selects; one UPDATE."""
        return cls.objects.filter(**lookup).update(**cls.score_expressions())


class Activity(TimeStampedModel):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("workshop (pembekalan materi)")
        FIELD_VISIT = "visit", _("field mentoring visit (pendampingan lapangan)")
        EVALUATION = "evaluation", _("presentation and evaluation")

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    firm = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("firm visited"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For field visits: the firm visited."),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["date", "starts_at"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """Who came from one participant firm to one activity."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="attendance"
    )
    firm = models.ForeignKey(
        "firms.Firm", verbose_name=_("firm"), on_delete=models.CASCADE, related_name="+"
    )
    present = models.BooleanField(_("present"), default=False)
    people = models.PositiveSmallIntegerField(_("number of people"), default=0)
    names = models.CharField(
        _("who came"),
        max_length=300,
        blank=True,
        help_text=_("Positions or names, e.g. Direktur, 2 operator."),
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["activity", "firm"], name="unique_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.firm} @ {self.activity}"


class AuditTemplate(TimeStampedModel):
    """A versioned 5R checklist. Templates are data: imported and exported as JSON or XLSX.
    Once an audit uses a version it never changes; editing makes the next version."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=0)
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"), default=4, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    scale_labels = models.JSONField(_("scale labels"), default=dict, blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = user_stamp(_("created by"), editable=True)

    class Meta:
        verbose_name = _("audit checklist")
        verbose_name_plural = _("audit checklists")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_template_version"),
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")), name="template_scale_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("five_r:template-detail", args=[self.pk])

    @property
    def label(self) -> str:
        return bilingual(self.name, self.name_en)

    @property
    def is_in_use(self) -> bool:
        return self.audits.exists()

    def scale(self) -> list[tuple[int, str]]:
        labels = self.scale_labels or {}
        return [
            (
                n,
                bilingual(
                    labels.get(str(n), {}).get("id", ""), labels.get(str(n), {}).get("en", "")
                ),
            )
            for n in range(self.scale_min, self.scale_max + 1)
        ]


class Section(models.Model):
    """One R of the checklist."""

    template = models.ForeignKey(
        AuditTemplate,
        verbose_name=_("checklist"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    code = models.SlugField(_("code"), max_length=30)
    title = models.CharField(_("title (Indonesian)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120, blank=True)
    description = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="unique_section_code")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return bilingual(self.title, self.title_en)

    @property
    def short_label(self) -> str:
        """'Ringkas' of 'Ringkas (Seiri)'."""
        return self.label.split(" (")[0]


class Item(models.Model):
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField(_("code"), max_length=20)
    text = models.CharField(_("checkpoint (Indonesian)"), max_length=300)
    text_en = models.CharField(_("checkpoint (English)"), max_length=300, blank=True)
    guidance = models.TextField(_("guidance (Indonesian)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=4,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    allow_na = models.BooleanField(_("may be not applicable"), default=False)
    levels = models.JSONField(
        _("criteria per score"), default=dict, help_text=_('{"0": {"id": "…", "en": "…"}, …}')
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["section__order", "order"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        return bilingual(self.text, self.text_en)

    @property
    def guidance_label(self) -> str:
        return bilingual(self.guidance, self.guidance_en)

    def criterion(self, score: int) -> str:
        level = (self.levels or {}).get(str(score), {})
        return bilingual(level.get("id", ""), level.get("en", ""))


class AuditQuerySet(RestrictedQuerySet):
    pass


class Audit(TimeStampedModel):
    class Phase(models.TextChoices):
        BASELINE = "baseline", _("baseline")
        INTERIM = "interim", _("interim")
        FINAL = "final", _("final")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    firm = models.ForeignKey(
        "firms.Firm", verbose_name=_("firm"), on_delete=models.PROTECT, related_name="audits"
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits",
    )
    area = models.CharField(
        _("area"), max_length=120, help_text=_("E.g. machining floor, warehouse, welding bay.")
    )
    template = models.ForeignKey(
        AuditTemplate, verbose_name=_("checklist"), on_delete=models.PROTECT, related_name="audits"
    )
    auditors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("auditors"), related_name="audits"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = user_stamp(_("submitted by"), editable=True)
    # Scores of a submitted audit, kept for lists and reports; recomputed on every correction.
    overall_score = models.DecimalField(
        _("overall score (%)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    section_scores = models.JSONField(_("scores per R (%)"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("5R audit")
        verbose_name_plural = _("5R audits")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["firm", "phase", "status", "date"]),
            models.Index(fields=["program", "phase", "status"]),
        ]

    def __str__(self) -> str:
        day = date_format(self.date, "SHORT_DATE_FORMAT")
        return f"{self.firm} · {self.area} · {self.get_phase_display()} {day}"

    def get_absolute_url(self) -> str:
        return reverse("five_r:audit-detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Answer(models.Model):
    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    # Rises by one with every change: a phone that answered offline sends the version it saw,
    # and a change made meanwhile by someone else becomes a conflict (AnswerConflict).
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["audit", "item"], name="unique_answer"),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | Q(score__isnull=True),
                name="answer_na_has_no_score",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {'N/A' if self.not_applicable else self.score}"


class AnswerConflict(models.Model):
    """An answer sent from a phone that was based on an older version than the one on the
    server (two mentors edited the same audit offline). Neither is dropped: the server's answer
    stays, this keeps the one sent, and a person decides which stands."""

    class Status(models.TextChoices):
        OPEN = "open", _("to decide")
        KEPT = "kept", _("the saved answer kept")
        TAKEN = "taken", _("the sent answer taken")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="conflicts"
    )
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    base_version = models.PositiveIntegerField(_("based on version"))
    server_version = models.PositiveIntegerField(_("version on the server"))
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    sent_by = user_stamp(_("sent by"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at (on the phone)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decided_by = user_stamp(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer conflict")
        verbose_name_plural = _("answer conflicts")
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item.code}: {'N/A' if self.not_applicable else self.score}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


def photo_path(instance, filename: str) -> str:
    return f"five_r/photos/{timezone.now():%Y/%m}/{instance.uuid}.jpg"


def thumb_path(instance, filename: str) -> str:
    return f"five_r/photos/{timezone.now():%Y/%m}/{instance.uuid}-thumb.jpg"


class Photo(TimeStampedModel):
    """A photo from the field, resized on the server with its location data removed."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("before")
        AFTER = "after", _("after")
        EVIDENCE = "evidence", _("evidence")
        CLOSING = "closing", _("proof of closing")

    uuid = models.UUIDField(_("identifier"), unique=True, editable=False)
    audit = models.ForeignKey(
        Audit,
        verbose_name=_("audit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
    )
    item = models.ForeignKey(
        Item,
        verbose_name=_("item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.ForeignKey(
        "CorrectiveAction",
        verbose_name=_("corrective action"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.EVIDENCE)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    image = models.ImageField(
        _("photo"), upload_to=photo_path, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(_("thumbnail"), upload_to=thumb_path)
    width = models.PositiveIntegerField(_("width (px)"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height (px)"), default=0, editable=False)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.caption or f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("five_r:photo", args=[self.pk, "full"])

    @property
    def thumbnail_url(self) -> str:
        return reverse("five_r:photo", args=[self.pk, "thumb"])


ACTION_DAYS = 30  # default time to correct a finding


class Reminder(models.TextChoices):
    """What a corrective action's people were reminded of: that it is due soon, then overdue."""

    DUE_SOON = "soon", _("due soon")
    OVERDUE = "overdue", _("overdue")


class CorrectiveActionQuerySet(RestrictedQuerySet):
    def open(self):
        return self.exclude(status=CorrectiveAction.Status.DONE)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class CorrectiveAction(TimeStampedModel):
    """A finding of an audit and what the firm does about it."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="actions"
    )
    item = models.ForeignKey(
        Item,
        verbose_name=_("item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    finding = models.TextField(_("finding"))
    action = models.TextField(_("corrective action"), blank=True)
    owner = models.CharField(
        _("person responsible"),
        max_length=120,
        blank=True,
        help_text=_("Position or name at the firm."),
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = user_stamp(_("closed by"), editable=True)
    closing_note = models.TextField(_("what was done"), blank=True)
    # The last reminder sent (five_r/reminders.py): each is sent once, whatever the day it runs.
    reminded = models.CharField(
        _("reminder sent"), max_length=8, choices=Reminder.choices, blank=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["updated_at", "reminded"])

    objects = CorrectiveActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["status", "due_on"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.finding[:80]

    def get_absolute_url(self) -> str:
        return reverse("five_r:action-detail", args=[self.pk])

    @property
    def title(self) -> str:
        """The finding under its checklist code, once: "RK2 · Rak belum berlabel"."""
        return f"{self.item.code} · {self.finding}" if self.item_id else self.finding

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.due_on < timezone.localdate()

    @staticmethod
    def default_due(day) -> "timezone.datetime":
        return day + timedelta(days=ACTION_DAYS)


class RedTag(TimeStampedModel):
    """The red-tag register: unneeded things found during Ringkas, and what was decided."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("to be decided")
        KEEP = "keep", _("keep")
        MOVE = "move", _("move")
        DISPOSE = "dispose", _("dispose")

    firm = models.ForeignKey(
        "firms.Firm", verbose_name=_("firm"), on_delete=models.CASCADE, related_name="red_tags"
    )
    audit = models.ForeignKey(
        Audit,
        verbose_name=_("audit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="red_tags",
    )
    area = models.CharField(_("area"), max_length=120)
    thing = models.CharField(pgettext_lazy("red tag", "item"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    reason = models.CharField(_("reason"), max_length=300)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.CharField(_("decided by"), max_length=120, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    tagged_on = models.DateField(_("tagged on"), default=timezone.localdate)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("red tag")
        verbose_name_plural = _("red tags")
        ordering = ["-tagged_on", "pk"]

    def __str__(self) -> str:
        return self.thing


class ReadinessLevel(models.Model):
    """One rung of the readiness ladder; an administrator edits the rules in the admin."""

    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    description = models.TextField(_("meaning (Indonesian)"), blank=True)
    description_en = models.TextField(_("meaning (English)"), blank=True)
    min_overall = models.DecimalField(
        _("minimum overall score of the latest final audit (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    min_each_section = models.DecimalField(
        _("minimum score of every R in that audit (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    max_open_actions = models.PositiveSmallIntegerField(
        _("most open corrective actions"), null=True, blank=True
    )
    max_overdue_actions = models.PositiveSmallIntegerField(
        _("most overdue corrective actions"), null=True, blank=True
    )
    certification = models.CharField(
        _("valid certification required"),
        max_length=12,
        blank=True,
        help_text=_("A certification scheme, e.g. iso9001."),
    )

    class Meta:
        verbose_name = _("readiness level")
        verbose_name_plural = _("readiness ladder")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return bilingual(self.name, self.name_en)

    @property
    def meaning(self) -> str:
        return bilingual(self.description, self.description_en)


INDICATORS = Path(__file__).resolve().parent / "data" / "outcome_indicators.json"


class IndicatorSet(models.Model):
    """The outcomes a program measures at its baseline and final visits (what 5R is for: time,
    space, safety, output), as data: a program uses one set, the standard one by default."""

    STANDARD = "5r-standar"

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("outcome indicator set")
        verbose_name_plural = _("outcome indicator sets")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return bilingual(self.name, self.name_en)

    @classmethod
    def for_program(cls, program: "Program | None") -> "IndicatorSet":
        if program is not None and program.indicator_set_id:
            return program.indicator_set
        return cls.standard()

    @classmethod
    def standard(cls) -> "IndicatorSet":
        """The shipped set (``data/outcome_indicators.json``), created the first time it is
        needed; an administrator may edit it in the admin afterwards."""
        found = cls.objects.filter(code=cls.STANDARD).first()
        if found:
            return found
        data = json.loads(INDICATORS.read_text(encoding="utf-8"))
        try:
            with transaction.atomic():
                made = cls.objects.create(
                    code=data["code"], name=data["name"]["id"], name_en=data["name"]["en"]
                )
                Indicator.objects.bulk_create(
                    Indicator(
                        indicator_set=made,
                        code=row["code"],
                        order=order,
                        name=row["name"]["id"],
                        name_en=row["name"]["en"],
                        how=row["how"]["id"],
                        how_en=row["how"]["en"],
                        unit=row["unit"]["id"],
                        unit_en=row["unit"]["en"],
                        better=row["better"],
                        samples=row["samples"],
                        whole=row["whole"],
                        max_value=Decimal(str(row["max"])),
                        within_unit=row.get("within_unit", False),
                    )
                    for order, row in enumerate(data["indicators"])
                )
                return made
        except IntegrityError:  # made meanwhile by another request
            return cls.objects.get(code=cls.STANDARD)


class Indicator(models.Model):
    class Better(models.TextChoices):
        LOWER = "lower", _("lower is better")
        HIGHER = "higher", _("higher is better")

    indicator_set = models.ForeignKey(
        IndicatorSet,
        verbose_name=_("indicator set"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("indicator (Indonesian)"), max_length=200)
    name_en = models.CharField(_("indicator (English)"), max_length=200, blank=True)
    how = models.TextField(_("how to measure (Indonesian)"), blank=True)
    how_en = models.TextField(_("how to measure (English)"), blank=True)
    unit = models.CharField(_("unit (Indonesian)"), max_length=40)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    better = models.CharField(_("better when"), max_length=6, choices=Better.choices)
    samples = models.PositiveSmallIntegerField(
        _("samples"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Measured this many times; the value is their mean."),
    )
    whole = models.BooleanField(_("whole numbers only"), default=False)
    max_value = models.DecimalField(_("highest value"), max_digits=12, decimal_places=2)
    within_unit = models.BooleanField(
        _("no more than the firm's floor area"),
        default=False,
        help_text=_("For areas: at most the floor area of the units the firm leases."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("outcome indicator")
        verbose_name_plural = _("outcome indicators")
        ordering = ["indicator_set", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "code"], name="unique_indicator_code")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return bilingual(self.name, self.name_en)

    @property
    def unit_label(self) -> str:
        return bilingual(self.unit, self.unit_en)

    @property
    def guidance(self) -> str:
        return bilingual(self.how, self.how_en)


class Measurement(TimeStampedModel):
    """One outcome indicator as measured at one audit's visit (its phase says before or after)."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="measurements"
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    samples = models.JSONField(_("samples"), default=list, blank=True)
    measured_by = user_stamp(_("measured by"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("outcome measurement")
        verbose_name_plural = _("outcome measurements")
        ordering = ["indicator__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "indicator"], name="unique_measurement"),
            models.CheckConstraint(condition=Q(value__gte=0), name="measurement_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} {self.indicator.unit_label}"


class PhotoUpload(models.Model):
    """A photo sent in pieces from a phone with a weak signal: an interrupted upload resumes
    from its last piece, not from zero. The client names it (``uuid``); the finished photo keeps
    that id, so sending it twice gives one photo. Pieces wait in the database until the last
    arrives (any file storage works, and a piece is stored whole or not at all)."""

    uuid = models.UUIDField(_("identifier"), unique=True)
    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="uploads"
    )
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, null=True, blank=True
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Photo.Kind.choices, default=Photo.Kind.EVIDENCE
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    received = models.PositiveIntegerField(_("bytes received"), default=0)
    photo = models.OneToOneField(
        Photo, verbose_name=_("photo"), on_delete=models.SET_NULL, null=True, blank=True
    )
    uploaded_by = user_stamp(_("uploaded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo upload")
        verbose_name_plural = _("photo uploads")
        constraints = [
            models.CheckConstraint(
                condition=Q(received__lte=models.F("size")), name="upload_not_past_its_size"
            )
        ]

    def __str__(self) -> str:
        return str(self.uuid)

    @property
    def complete(self) -> bool:
        return self.photo_id is not None


class UploadPiece(models.Model):
    upload = models.ForeignKey(
        PhotoUpload, verbose_name=_("upload"), on_delete=models.CASCADE, related_name="pieces"
    )
    offset = models.PositiveIntegerField(_("offset (bytes)"))
    data = models.BinaryField(_("data"))

    class Meta:
        verbose_name = _("upload piece")
        verbose_name_plural = _("upload pieces")
        ordering = ["offset"]
        constraints = [
            models.UniqueConstraint(fields=["upload", "offset"], name="unique_upload_piece")
        ]

    def __str__(self) -> str:
        return f"{self.upload} @ {self.offset}"
