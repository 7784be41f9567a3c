"""Registering for an event, the organiser's decisions, one's own registration."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rantai.core.access import get_for, restrict
from rantai.core.lists import ListView
from rantai.matchmaking import services
from rantai.matchmaking.filters import RegistrationFilterSet
from rantai.matchmaking.forms import AvailabilityForm, RegistrationForm
from rantai.matchmaking.models import Registration
from rantai.matchmaking.rules import registrable_firms
from rantai.matchmaking.tables import RegistrationTable
from rantai.matchmaking.views.events import EventPageMixin, event_for, own_registrations


@login_required
def register(request, pk: int):
    event = event_for(request, pk, "register")
    firms = registrable_firms(request.user, event)
    form = RegistrationForm(
        request.POST or None,
        firms=firms,
        initial={"email": request.user.email, "representative": str(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("firm", "role")}
        try:
            services.register(
                event=event,
                firm=form.cleaned_data["firm"],
                role=form.cleaned_data["role"],
                user=request.user,
                **data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("You are registered; the organiser will confirm."))
            return redirect(event)
    return render(request, "matchmaking/register.html", {"event": event, "form": form})


class RegistrationListView(EventPageMixin, ListView):
    """The organiser's list of who registered, with the approve and decline buttons."""

    event_action = "manage"
    filterset_class = RegistrationFilterSet
    table_class = RegistrationTable
    template_name = "matchmaking/registrations.html"

    def post(self, request, *args, **kwargs):
        event = event_for(request, kwargs["pk"], self.event_action)
        registration = get_for(
            request.user, event.registrations, "manage", pk=request.POST.get("registration")
        )
        decision = request.POST.get("decision")
        if decision in (Registration.Status.APPROVED, Registration.Status.DECLINED):
            registration.status = decision
            registration.save(update_fields=["status", "updated_at"])
            messages.success(
                request,
                _("%(firm)s: %(status)s.")
                % {"firm": registration.firm, "status": registration.get_status_display()},
            )
        return redirect(request.get_full_path())  # the same filters and page

    def get_queryset(self):
        return restrict(
            self.event.registrations.select_related("firm"), self.request.user, "manage"
        ).order_by("role", "firm__name", "pk")


@login_required
def my_registration(request, pk: int):
    event = event_for(request, pk)
    mine = own_registrations(request, event).first()
    if mine is None:
        raise Http404
    form = AvailabilityForm(request.POST or None, instance=mine)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(event)
    return render(
        request, "matchmaking/my_registration.html", {"event": event, "form": form, "mine": mine}
    )
