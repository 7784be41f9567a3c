from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    UserCreationForm,
)
from django.utils.translation import gettext_lazy as _

from rantai.accounts.models import ROLES_BY_KIND, Invitation, Role, User, check_role
from rantai.core.access import can
from rantai.core.forms import StyledFormMixin
from rantai.reference.models import Region


class ProfileForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "phone", "language", "notify_by"]


class InvitationForm(StyledFormMixin, forms.ModelForm):
    region = forms.ModelChoiceField(
        label=_("Remit (region)"),
        queryset=Region.objects.filter(level__lte=2).order_by("code"),
        required=False,
        help_text=_(
            "For program officers: the province or regency they cover. Empty means national."
        ),
    )

    class Meta:
        model = Invitation
        fields = ["email", "role", "region", "can_manage"]

    def __init__(self, *args, organisation, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.inviter = inviter
        allowed = {str(r) for r in _roles_for(organisation)}
        self.fields["role"].choices = [c for c in Role.choices if c[0] in allowed]
        if Role.OFFICER not in allowed:
            del self.fields["region"]  # only program officers have a remit

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role"):
            check_role(cleaned["role"], self.organisation, cleaned.get("region"))
            invitation = Invitation(
                organisation=self.organisation,
                role=cleaned["role"],
                region=cleaned.get("region"),
                can_manage=cleaned.get("can_manage", False),
            )
            if not can(self.inviter, "add", invitation):
                field = "region" if "region" in self.fields else None
                self.add_error(field, _("You may grant only a remit inside your own."))
        email = cleaned.get("email")
        if (
            email
            and self.organisation.memberships.filter(
                user__email__iexact=email, role=cleaned.get("role"), is_active=True
            ).exists()
        ):
            raise forms.ValidationError(_("This person already has that role here."))
        return cleaned


def _roles_for(organisation):
    return ROLES_BY_KIND.get(organisation.kind, set())


class SignUpForm(StyledFormMixin, UserCreationForm):
    """For an invited person without an account: the email comes from the invitation."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name")


class LoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter a correct %(username)s and password. Both are case-sensitive."
        ),
    }


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass


class StyledPasswordResetForm(StyledFormMixin, PasswordResetForm):
    pass


class StyledSetPasswordForm(StyledFormMixin, SetPasswordForm):
    pass
