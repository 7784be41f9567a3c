import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rantai.core.access import RestrictedQuerySet
from rantai.core.models import TimeStampedModel, user_stamp
from rantai.firms.validators import validate_nib


class User(AbstractUser):
    """A person who signs in. What they may see follows from their memberships."""

    class NotifyBy(models.TextChoices):
        """How ``core.mail.notify`` reaches him: every notice lands in the in-app inbox; email
        goes at once, in a daily digest, or not at all."""

        IN_APP = "in_app", _("in the app only")
        EMAIL = "email", _("in the app and by email at once")
        DIGEST = "digest", _("in the app and in a daily email digest")

    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    notify_by = models.CharField(
        _("notifications"), max_length=10, choices=NotifyBy.choices, default=NotifyBy.EMAIL
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_perm(self, perm, obj=None) -> bool:
        """Django lets an active superuser pass every check. Rantai's administrators keep that
        for permissions in general (the admin site), but about one object they are asked the
        same rules as everyone (which let administrators in by name), so a rule can still
        refuse on the object's state: a deleted firm, a submitted audit."""
        if obj is None:
            return super().has_perm(perm)
        if not self.is_active:
            return False
        for backend in auth.get_backends():
            if not hasattr(backend, "has_perm"):
                continue
            try:
                if backend.has_perm(self, perm, obj):
                    return True
            except PermissionDenied:
                return False
        return False


class Role(models.TextChoices):
    OWNER = "owner", _("firm owner")
    STAFF = "staff", _("staff")
    BUYER = "buyer", _("buyer")
    OFFICER = "officer", _("program officer")
    MENTOR = "mentor", _("mentor")
    ESTATE_MANAGER = "estate_manager", _("estate manager")
    COOP_MANAGER = "coop_manager", _("cooperative manager")


# Which roles make sense in which kind of organisation (Firm.Kind values).
ROLES_BY_KIND = {
    "ikm": {Role.OWNER, Role.STAFF},
    "large": {Role.OWNER, Role.STAFF, Role.BUYER},
    "cooperative": {Role.COOP_MANAGER, Role.STAFF, Role.ESTATE_MANAGER},
    "association": {Role.STAFF, Role.MENTOR},
    "agency": {Role.OFFICER, Role.MENTOR, Role.ESTATE_MANAGER, Role.STAFF},
    "foundation": {Role.OFFICER, Role.MENTOR, Role.STAFF},
}


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, organisation__deleted_at__isnull=True)

    def users(self) -> list:
        """The users of these memberships, each once, in order: the people to tell."""
        return list({m.user_id: m.user for m in self.select_related("user")}.values())


class Membership(TimeStampedModel):
    """A user's role in an organisation. Officers may have a remit limited to a region."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("remit (region)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"level__lte": 3},
        help_text=_(
            "For program officers: the region they are responsible for. Empty means national."
        ),
    )
    can_manage = models.BooleanField(
        _("manages members"),
        default=False,
        help_text=_("May invite people to this organisation and change their roles."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    def clean(self) -> None:
        check_role(self.role, self.organisation, self.region)


def check_role(role: str, organisation, region) -> None:
    """Raise ValidationError if ``role`` does not fit this kind of organisation."""
    allowed = ROLES_BY_KIND.get(organisation.kind, set())
    if role not in allowed:
        raise ValidationError(
            {
                "role": _("A %(kind)s cannot have members with the role %(role)s.")
                % {"kind": organisation.get_kind_display(), "role": Role(role).label}
            }
        )
    if region is not None and role != Role.OFFICER:
        raise ValidationError({"region": _("Only program officers have a regional remit.")})


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _expiry():
    return timezone.now() + timedelta(days=14)


class Invitation(TimeStampedModel):
    """An emailed link that lets a person join an organisation with a role."""

    organisation = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("remit (region)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    can_manage = models.BooleanField(_("manages members"), default=False)
    token = models.CharField(
        _("invitation code"), max_length=64, unique=True, default=_new_token, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires at"), default=_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = user_stamp(_("accepted by"), editable=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("invitation-accept", args=[self.token])

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class AccessRequest(TimeStampedModel):
    """Someone without an account asks to join Rantai (the public request form). An officer whose
    remit holds the region, or an administrator, approves it, which sends an invitation to an
    organisation he chooses, or rejects it with a reason, which the requester is told."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    # Staff are invited by their own firm's manager; every other role may be asked for.
    REQUESTABLE_ROLES = (
        Role.OWNER,
        Role.BUYER,
        Role.OFFICER,
        Role.MENTOR,
        Role.ESTATE_MANAGER,
        Role.COOP_MANAGER,
    )

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    organisation = models.CharField(_("organisation or firm"), max_length=200)
    role = models.CharField(_("role sought"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        limit_choices_to={"level__lte": 3},
        help_text=_("Where you work: a province, regency or district."),
    )
    nib = models.CharField(
        _("NIB"),
        max_length=13,
        blank=True,
        validators=[validate_nib],
        help_text=_("For firm owners: the firm's Nomor Induk Berusaha (13 digits), if it has one."),
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = user_stamp(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("invitation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_request",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(status="pending"),
                name="one_pending_access_request_per_email",
                violation_error_message=_(
                    "A request from this email address is already waiting for review."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    def get_absolute_url(self) -> str:
        return reverse("access-request", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
