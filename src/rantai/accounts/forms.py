from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    UserCreationForm,
)
from django.utils.translation import gettext_lazy as _

from rantai.accounts.models import (
    ROLES_BY_KIND,
    AccessRequest,
    Invitation,
    Role,
    User,
    check_role,
)
from rantai.accounts.scopes import organisations_to_join
from rantai.core.access import can
from rantai.core.forms import RegionPicker, StyledFormMixin
from rantai.firms.models import Firm
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


class AccessRequestForm(StyledFormMixin, forms.ModelForm):
    """The public request-access form."""

    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(level__lte=3),
        widget=RegionPicker(max_level=3),
        help_text=_("Where you work: a province, regency or district. Type three letters."),
    )

    class Meta:
        model = AccessRequest
        fields = ["name", "email", "phone", "organisation", "role", "region", "nib", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "---------")] + [
            (role.value, role.label) for role in AccessRequest.REQUESTABLE_ROLES
        ]
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["nib"].widget.attrs["inputmode"] = "numeric"

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("This email address already has an account: sign in, or reset your password.")
            )
        if AccessRequest.objects.filter(
            email__iexact=email, status=AccessRequest.Status.PENDING
        ).exists():
            raise forms.ValidationError(
                _("A request from this email address is already waiting for review.")
            )
        return email


class ApproveAccessForm(StyledFormMixin, forms.Form):
    """Approving a request: the organisation the requester is invited to."""

    organisation = forms.ModelChoiceField(
        label=_("Invite to the organisation"),
        queryset=Firm.objects.none(),
        widget=forms.Select(attrs={"data-searchable": "true"}),
        help_text=_(
            "Organisations you look after whose kind takes this role. Register a new firm "
            "first if it is not in Rantai yet."
        ),
    )

    def __init__(self, *args, reviewer, access_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.access_request = access_request
        choices = organisations_to_join(reviewer, access_request)
        self.fields["organisation"].queryset = choices
        if access_request.nib:
            self.fields["organisation"].initial = choices.filter(nib=access_request.nib).first()

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        region = self.access_request.region if self.access_request.role == Role.OFFICER else None
        try:
            check_role(self.access_request.role, organisation, region)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        return organisation


class RejectAccessForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The requester receives it by email."),
    )
