from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig
from rest_framework.authtoken.models import Token

from rantai.accounts import services
from rantai.accounts.filters import AccessRequestFilterSet, MembershipFilterSet
from rantai.accounts.forms import (
    AccessRequestForm,
    ApproveAccessForm,
    InvitationForm,
    LoginForm,
    ProfileForm,
    RejectAccessForm,
    SignUpForm,
)
from rantai.accounts.models import AccessRequest, Invitation, Membership, User
from rantai.accounts.tables import AccessRequestTable, InvitationTable, MembershipTable
from rantai.accounts.throttling import access_request_allowed
from rantai.core.access import get_for, require, restrict
from rantai.core.forms import add_errors
from rantai.core.lists import ListView
from rantai.firms.models import Firm


def _set_language_cookie(response, language: str):
    """The cookie Django's own language switch sets, with the same settings."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if settings.LANGUAGE_COOKIE_NAME not in self.request.COOKIES:
            _set_language_cookie(response, form.get_user().language)
        return response


@require_POST
def set_language(request):
    """Django's language switch, which also remembers the choice on the user's profile."""
    response = i18n.set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return _set_language_cookie(redirect("profile"), form.cleaned_data["language"])
    token = Token.objects.filter(user=request.user).first()
    memberships = request.user.memberships.active().select_related("organisation", "region")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "token": token, "memberships": memberships},
    )


@login_required
@require_POST
def regenerate_token(request):
    with transaction.atomic():
        Token.objects.filter(user=request.user).delete()
        Token.objects.create(user=request.user)
    messages.success(request, _("A new API token was created; the old one no longer works."))
    return redirect("profile")


def _organisation_for_managing(request, pk: int) -> Firm:
    return get_for(request.user, Firm.objects.alive(), "manage_members", pk=pk)


class MembersView(ListView):
    """An organisation's members and open invitations, with the form that invites someone;
    for whoever manages its members."""

    filterset_class = MembershipFilterSet
    table_class = MembershipTable
    template_name = "accounts/members.html"
    form = None

    def get(self, request, *args, **kwargs):
        self.organisation = _organisation_for_managing(request, kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.organisation = _organisation_for_managing(request, kwargs["pk"])
        self.form = InvitationForm(
            request.POST, organisation=self.organisation, inviter=request.user
        )
        if not self.form.is_valid():
            return super().get(request, *args, **kwargs)
        services.invite(
            organisation=self.organisation,
            invited_by=request.user,
            accept_url_builder=lambda inv: request.build_absolute_uri(inv.get_absolute_url()),
            **self.form.cleaned_data,
        )
        messages.success(
            request,
            _("An invitation was sent to %(email)s.") % {"email": self.form.cleaned_data["email"]},
        )
        return redirect("members", pk=self.organisation.pk)

    def get_queryset(self):
        return self.organisation.memberships.select_related("user", "region").order_by(
            "-is_active", "role", "user__username"
        )

    def get_context_data(self, **kwargs):
        invitations = InvitationTable(
            self.organisation.invitations.filter(accepted_at__isnull=True),
            prefix="invitations-",
        )
        RequestConfig(self.request, paginate=self.table_pagination).configure(invitations)
        return super().get_context_data(
            organisation=self.organisation,
            form=self.form
            or InvitationForm(organisation=self.organisation, inviter=self.request.user),
            invitations=invitations,
            **kwargs,
        )


@login_required
@require_POST
def deactivate_membership(request, pk: int):
    membership = get_object_or_404(Membership, pk=pk)
    _organisation_for_managing(request, membership.organisation_id)
    if membership.user_id == request.user.pk:
        messages.error(request, _("You cannot remove yourself."))
    else:
        membership.is_active = False
        membership.save(update_fields=["is_active", "updated_at"])
        messages.success(
            request, _("%(user)s no longer has this role.") % {"user": membership.user}
        )
    return redirect("members", pk=membership.organisation_id)


def accept_invitation(request, token: str):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    if not invitation.is_open:
        return render(
            request, "accounts/invitation_closed.html", {"invitation": invitation}, status=410
        )
    form = None
    if request.user.is_authenticated:
        if request.method == "POST":
            membership = services.accept_invitation(invitation=invitation, user=request.user)
            if (membership.region_id, membership.can_manage) != (
                invitation.region_id,
                invitation.can_manage,
            ):
                messages.info(
                    request,
                    _(
                        "You already had this role at %(org)s; it stays as it was. Ask an "
                        "administrator if it should change."
                    )
                    % {"org": invitation.organisation},
                )
            else:
                messages.success(
                    request, _("You joined %(org)s.") % {"org": invitation.organisation}
                )
            return redirect(invitation.organisation.get_absolute_url())
    else:
        form = SignUpForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                user = form.save(commit=False)
                user.email = invitation.email
                user.save()
                services.accept_invitation(invitation=invitation, user=user)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome! You joined %(org)s.") % {"org": invitation.organisation}
            )
            return redirect(reverse("home"))
    return render(
        request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form}
    )


def request_access(request):
    """The public request-access form: stored, and the region's officers and the
    administrators told; a few submissions per address and hour."""
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST":
        if not access_request_allowed(request):
            message = _("Too many requests from your address. Please try again in an hour.")
            response = render(request, "accounts/too_many_requests.html", {"message": message})
            response.status_code = 429
            response["Retry-After"] = "3600"
            return response
        if form.is_valid():
            try:
                services.request_access(**form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                return redirect("access-request-sent")
    return render(request, "accounts/request_access.html", {"form": form})


def access_request_sent(request):
    return render(request, "accounts/access_request_sent.html")


class AccessRequestListView(ListView):
    """Access requests for those who review them: administrators, officers (their remit)."""

    filterset_class = AccessRequestFilterSet
    table_class = AccessRequestTable
    template_name = "accounts/access_request_list.html"

    def get(self, request, *args, **kwargs):
        require(request.user, "view", model=AccessRequest)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return restrict(AccessRequest.objects.select_related("region"), self.request.user)


def _decision_forms(request, access_request, approve=None, reject=None):
    return {
        "access_request": access_request,
        "approve_form": approve
        or ApproveAccessForm(reviewer=request.user, access_request=access_request),
        "reject_form": reject or RejectAccessForm(),
    }


@login_required
def access_request_detail(request, pk: int):
    access_request = get_for(
        request.user, AccessRequest.objects.select_related("region", "decided_by"), pk=pk
    )
    return render(request, "accounts/access_request.html", _decision_forms(request, access_request))


@login_required
@require_POST
def approve_access_request(request, pk: int):
    access_request = get_for(request.user, AccessRequest, "decide", pk=pk)
    form = ApproveAccessForm(request.POST, reviewer=request.user, access_request=access_request)
    if form.is_valid():
        try:
            services.approve_access_request(
                access_request=access_request,
                organisation=form.cleaned_data["organisation"],
                decided_by=request.user,
                accept_url_builder=lambda inv: request.build_absolute_uri(inv.get_absolute_url()),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s.") % {"email": access_request.email},
            )
        return redirect(access_request)
    context = _decision_forms(request, access_request, approve=form)
    return render(request, "accounts/access_request.html", context)


@login_required
@require_POST
def reject_access_request(request, pk: int):
    access_request = get_for(request.user, AccessRequest, "decide", pk=pk)
    form = RejectAccessForm(request.POST)
    if form.is_valid():
        try:
            services.reject_access_request(
                access_request=access_request,
                reason=form.cleaned_data["reason"],
                decided_by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The request was rejected; the requester was told why."))
        return redirect(access_request)
    context = _decision_forms(request, access_request, reject=form)
    return render(request, "accounts/access_request.html", context)
