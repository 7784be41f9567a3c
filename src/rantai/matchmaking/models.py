import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rantai.core.access import RestrictedQuerySet
from rantai.core.models import TimeStampedModel, user_stamp
from rantai.engines import scheduling
from rantai.firms.models import ToleranceClass


def _token() -> str:
    return secrets.token_urlsafe(18)


class Event(TimeStampedModel):
    """A temu bisnis: buyers and suppliers meet in short 1:1 meetings at tables."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("registration open")
        SCHEDULING = "scheduling", _("scheduling")
        PUBLISHED = "published", _("schedule published")
        CLOSED = "closed", _("closed")

    name = models.CharField(_("name"), max_length=200)
    organiser = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    venue = models.CharField(_("venue"), max_length=200)
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level__lte": 2},
    )
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    registration_opens = models.DateField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateField(_("registration closes"), null=True, blank=True)
    tables = models.PositiveSmallIntegerField(
        _("tables"), default=10, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("minutes per meeting"),
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("schedule published at"), null=True, blank=True)
    schedule_version = models.PositiveIntegerField(_("schedule version"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("business-matching event")
        verbose_name_plural = _("business-matching events")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("matchmaking:event-detail", args=[self.pk])

    @property
    def registration_is_open(self) -> bool:
        today = timezone.localdate()
        return (
            self.status == self.Status.OPEN
            and (self.registration_opens is None or self.registration_opens <= today)
            and (self.registration_closes is None or today <= self.registration_closes)
        )


class Session(models.Model):
    """A block of meetings on one day, e.g. the morning; the time between sessions is a break."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    name = models.CharField(_("name"), max_length=60)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "starts_at"]

    def __str__(self) -> str:
        return f"{self.name} {date_format(self.date, 'SHORT_DATE_FORMAT')}"


class Slot(models.Model):
    """One meeting time; numbered from 0 through the event, as the scheduler numbers them."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="slots"
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="slots"
    )
    index = models.PositiveSmallIntegerField(_("number"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ["index"]
        constraints = [models.UniqueConstraint(fields=["event", "index"], name="unique_slot_index")]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        return f"{start:%d-%m %H:%M}"


class Registration(TimeStampedModel):
    class Role(models.TextChoices):
        BUYER = "buyer", _("buyer")
        SUPPLIER = "supplier", _("supplier")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    firm = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("firm"),
        on_delete=models.PROTECT,
        related_name="event_registrations",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    representative = models.CharField(
        _("representative"), max_length=120, help_text=_("Position (and name) of who will attend.")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    headline = models.CharField(_("what we offer / look for"), max_length=200, blank=True)
    about = models.TextField(
        _("showcase"),
        blank=True,
        help_text=_(
            "Suppliers: products, customers, strengths. Buyers: what "
            "you buy and how you work with suppliers."
        ),
    )
    unavailable = models.ManyToManyField(
        Slot, verbose_name=_("not available"), blank=True, related_name="+"
    )
    token = models.CharField(
        _("check-in code"), max_length=32, unique=True, default=_token, editable=False
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    survey_invited_at = models.DateTimeField(
        _("survey invitation sent at"), null=True, blank=True, editable=False
    )
    registered_by = user_stamp(_("registered by"), editable=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["role", "firm__name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "firm"], name="unique_registration")
        ]

    def __str__(self) -> str:
        return f"{self.firm} ({self.get_role_display()})"

    @property
    def is_buyer(self) -> bool:
        return self.role == self.Role.BUYER

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_declined(self) -> bool:
        return self.status == self.Status.DECLINED


class Need(TimeStampedModel):
    """What a buyer wants to source (like an RFQ)."""

    class Unit(models.TextChoices):
        PIECE = "piece", _("pieces")
        SET = "set", _("sets")
        TONNE = "tonne", _("tonnes")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="needs"
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("buyer"),
        on_delete=models.CASCADE,
        related_name="needs",
        limit_choices_to={"role": Registration.Role.BUYER},
    )
    title = models.CharField(_("part or commodity"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    processes = models.ManyToManyField(
        "reference.Process", verbose_name=_("processes"), related_name="+"
    )
    material = models.ForeignKey(
        "reference.Material",
        verbose_name=_("material"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tolerance = models.PositiveSmallIntegerField(
        _("tolerance class"), choices=ToleranceClass.choices, default=ToleranceClass.MEDIUM
    )
    volume_per_month = models.PositiveIntegerField(_("volume per month"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.PIECE)
    certifications = models.JSONField(_("certifications"), default=list, blank=True)
    certification_required = models.BooleanField(
        _("certifications are required"),
        default=False,
        help_text=_("Suppliers without all of them are not recommended."),
    )
    delivery_region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("delivery region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level__lte": 2},
    )
    target_start = models.DateField(_("target start"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matchmaking:need-detail", args=[self.pk])


class Attachment(TimeStampedModel):
    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to="matchmaking/needs/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class Interest(models.IntegerChoices):
    """How much a participant wants a meeting; the scheduler's priority."""

    WOULD_LIKE = 1, _("would like to meet")
    MUST = 3, _("must meet")


class MeetingRequest(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="requests"
    )
    requester = models.ForeignKey(
        Registration, verbose_name=_("from"), on_delete=models.CASCADE, related_name="sent_requests"
    )
    recipient = models.ForeignKey(
        Registration,
        verbose_name=_("to"),
        on_delete=models.CASCADE,
        related_name="received_requests",
    )
    need = models.ForeignKey(
        Need,
        verbose_name=_("need"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"), choices=Interest.choices, default=Interest.WOULD_LIKE
    )
    message = models.CharField(_("message"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-interest", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["requester", "recipient"], name="unique_request"),
            models.CheckConstraint(
                condition=~Q(requester=models.F("recipient")), name="request_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester.firm} → {self.recipient.firm}"

    @property
    def buyer(self) -> Registration:
        """Of the two, the buyer (a request joins a buyer and a supplier, either may ask)."""
        return self.requester if self.requester.is_buyer else self.recipient

    @property
    def supplier(self) -> Registration:
        return self.recipient if self.requester.is_buyer else self.requester

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED

    @property
    def is_declined(self) -> bool:
        return self.status == self.Status.DECLINED


class Exclusion(models.Model):
    """'No thanks': this participant does not want to meet that one (hidden from its lists)."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="exclusions",
    )
    other = models.ForeignKey(
        Registration,
        verbose_name=_("does not want to meet"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("exclusion")
        verbose_name_plural = _("exclusions")
        constraints = [
            models.UniqueConstraint(fields=["registration", "other"], name="unique_exclusion")
        ]

    def __str__(self) -> str:
        return f"{self.registration} ✕ {self.other}"


class Meeting(TimeStampedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        HELD = "held", _("held")
        NO_SHOW = "no_show", _("no-show")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="meetings"
    )
    request = models.OneToOneField(
        MeetingRequest,
        verbose_name=_("meeting request"),
        on_delete=models.CASCADE,
        related_name="meeting",
    )
    slot = models.ForeignKey(
        Slot, verbose_name=_("time"), on_delete=models.PROTECT, related_name="meetings"
    )
    table = models.PositiveSmallIntegerField(_("table"))  # from 0, shown from 1
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Re-running the scheduler keeps it where it is.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    absent = models.ForeignKey(
        Registration,
        verbose_name=_("did not come"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The calendar SEQUENCE, raised on every move.
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__index", "table"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "table"],
                # Meeting.Status.SCHEDULED and HELD (Meta cannot name the class it is in).
                condition=Q(status__in=["scheduled", "held"]),
                name="one_meeting_per_table",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} @ {self.slot} #{self.table + 1}"

    def get_absolute_url(self) -> str:
        return reverse("matchmaking:meeting-detail", args=[self.pk])

    @property
    def table_label(self) -> int:
        return self.table + 1

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.SCHEDULED

    @property
    def parties(self) -> tuple[Registration, Registration]:
        return self.request.requester, self.request.recipient

    def other_party(self, registration: Registration) -> Registration:
        a, b = self.parties
        return b if a.pk == registration.pk else a


class ScheduleRun(TimeStampedModel):
    class Status(models.TextChoices):
        """The scheduler's verdict (``engines.scheduling.Status``)."""

        OPTIMAL = scheduling.Status.OPTIMAL.value, _("optimal")
        FEASIBLE = scheduling.Status.FEASIBLE.value, _("feasible")
        INFEASIBLE = scheduling.Status.INFEASIBLE.value, _("infeasible")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="runs"
    )
    job = models.ForeignKey(
        "core.Job",
        verbose_name=_("background job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    scheduled = models.PositiveIntegerField(_("meetings"), default=0)
    requested = models.PositiveIntegerField(_("accepted requests"), default=0)
    scheduled_priority = models.PositiveIntegerField(_("priority"), default=0)
    breaks = models.PositiveIntegerField(_("breaks"), default=0)
    bound_priority = models.PositiveIntegerField(_("priority bound"), default=0)
    bound_breaks = models.PositiveIntegerField(_("breaks bound"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)

    class Meta:
        verbose_name = _("scheduler run")
        verbose_name_plural = _("scheduler runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.event} {self.created_at:%d-%m %H:%M}"

    @property
    def verdict(self) -> str:
        """The run in the organiser's words: what was placed, the idle gaps, and what is proven
        about both, e.g. "All 302 meetings placed; 4 idle gaps; no schedule can have fewer
        than 2." """
        if not self.requested:  # a run from before the count was kept
            placed = ngettext(
                "%(count)d meeting placed", "%(count)d meetings placed", self.scheduled
            ) % {"count": self.scheduled}
        elif self.scheduled >= self.requested:
            placed = ngettext(
                "The one meeting is placed", "All %(count)d meetings placed", self.requested
            ) % {"count": self.requested}
        else:
            placed = gettext("%(placed)d of %(requested)d meetings placed") % {
                "placed": self.scheduled,
                "requested": self.requested,
            }
            if self.scheduled_priority >= self.bound_priority:
                placed += gettext(" (no schedule fits more of what was wanted)")
            else:
                placed += gettext(
                    " (perhaps more fit: priority %(priority)d of at most %(bound)d)"
                ) % {
                    "priority": self.scheduled_priority,
                    "bound": self.bound_priority,
                }
        values = {"breaks": self.breaks, "bound": self.bound_breaks}
        if not self.breaks:
            gaps = gettext("no idle gaps")
        elif self.breaks <= self.bound_breaks:
            gaps = ngettext(
                "%(breaks)d idle gap, the fewest possible",
                "%(breaks)d idle gaps, the fewest possible",
                self.breaks,
            )
        elif self.bound_breaks:
            gaps = ngettext(
                "%(breaks)d idle gap; no schedule can have fewer than %(bound)d",
                "%(breaks)d idle gaps; no schedule can have fewer than %(bound)d",
                self.breaks,
            )
        else:
            gaps = ngettext(
                "%(breaks)d idle gap; none is proven unavoidable",
                "%(breaks)d idle gaps; none is proven unavoidable",
                self.breaks,
            )
        return f"{placed}; {gaps % values}."

    @classmethod
    def of(cls, solution: scheduling.Solution, **fields) -> "ScheduleRun":
        """An unsaved run holding the figures of ``solution``."""
        return cls(
            status=solution.status,
            scheduled=len(solution.meetings),
            requested=len(solution.meetings) + len(solution.unscheduled),
            scheduled_priority=solution.scheduled_priority,
            breaks=solution.breaks,
            bound_priority=solution.bound_priority,
            bound_breaks=solution.bound_breaks,
            seconds=solution.seconds,
            **fields,
        )


class Outcome(TimeStampedModel):
    class Stage(models.TextChoices):
        NO_FIT = "no_fit", _("no fit")
        INTERESTED = "interested", _("interested")
        SAMPLE = "sample", _("sample or trial requested")
        QUOTATION = "quotation", _("quotation sent")
        AGREEMENT = "agreement", _("agreement in preparation")

    STAGE_ORDER = [Stage.NO_FIT, Stage.INTERESTED, Stage.SAMPLE, Stage.QUOTATION, Stage.AGREEMENT]

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="outcomes"
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("recorded for"),
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    stage = models.CharField(_("outcome"), max_length=12, choices=Stage.choices)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("meeting outcome")
        verbose_name_plural = _("meeting outcomes")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "registration"], name="one_outcome_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.get_stage_display()}"


class FollowUp(TimeStampedModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    registration = models.ForeignKey(
        Registration, verbose_name=_("by"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    description = models.CharField(_("what"), max_length=300)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["done_on", "due_on"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()


class SurveyResponse(TimeStampedModel):
    """Six months after the event: did the meetings lead to business?"""

    class Result(models.TextChoices):
        NONE = "none", _("no business so far")
        TALKS = "talks", _("still in talks")
        ORDERS = "orders", _("orders or a partnership")

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="survey",
    )
    result = models.CharField(_("result"), max_length=8, choices=Result.choices)
    partners = models.ManyToManyField(
        "firms.Firm", verbose_name=_("with whom"), blank=True, related_name="+"
    )
    value = models.PositiveBigIntegerField(_("estimated value (Rp)"), null=True, blank=True)
    comments = models.TextField(_("comments"), blank=True)

    class Meta:
        verbose_name = _("follow-up survey answer")
        verbose_name_plural = _("follow-up survey answers")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.registration}: {self.get_result_display()}"
