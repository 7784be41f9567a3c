"""An estate's waiting list: firms waiting for a unit, offers of vacant units."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from rantai.core.access import get_for, restrict
from rantai.core.lists import ListView
from rantai.estates import services
from rantai.estates.filters import ApplicationFilterSet
from rantai.estates.forms import ApplicationForm
from rantai.estates.models import Application, Estate, Unit
from rantai.estates.tables import ApplicationTable
from rantai.estates.views.estates import estate_for

QUEUE = [Application.Status.WAITING, Application.Status.OFFERED]
DONE = [Application.Status.LEASED, Application.Status.WITHDRAWN]


class WaitingListView(ListView):
    """An estate's waiting list (firms waiting or offered a unit, unless ``?status=`` asks for
    others), with the form that adds a firm to it; for the estate's managers."""

    filterset_class = ApplicationFilterSet
    table_class = ApplicationTable
    template_name = "estates/waiting_list.html"
    form = None

    def get(self, request, *args, **kwargs):
        self.estate = estate_for(request, kwargs["pk"], "manage")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.estate = estate_for(request, kwargs["pk"], "manage")
        action = request.POST.get("action", "add")
        if action in ("offer", "withdraw"):
            _answer_application(request, self.estate, action)
            return redirect("estates:waiting", pk=self.estate.pk)
        self.form = ApplicationForm(request.POST, estate=self.estate)
        if action == "add" and self.form.is_valid():
            application = self.form.save(commit=False)
            application.estate = self.estate
            application.save()
            messages.success(
                request, _("%(firm)s is on the waiting list.") % {"firm": application.firm}
            )
            return redirect("estates:waiting", pk=self.estate.pk)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return restrict(self.estate.applications.all(), self.request.user).select_related(
            "firm", "kbli", "wanted_type", "offered_unit"
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if "status" not in self.request.GET:
            kwargs["data"] = self.request.GET.copy()
            kwargs["data"].setlist("status", QUEUE)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            estate=self.estate,
            form=self.form
            or ApplicationForm(estate=self.estate, initial={"applied_on": timezone.localdate()}),
            vacant=self.estate.units.filter(status=Unit.Status.VACANT).select_related("type"),
            earlier=urlencode({"status": DONE}, doseq=True),
            **kwargs,
        )


def _answer_application(request, estate: Estate, action: str) -> None:
    """Offer a vacant unit to an application, or withdraw the offer."""
    application = get_for(
        request.user, estate.applications.all(), "change", pk=request.POST.get("application")
    )
    try:
        if action == "offer":
            unit = get_for(request.user, estate.units.all(), "change", pk=request.POST.get("unit"))
            services.offer(application, unit)
            messages.success(
                request,
                _("Unit %(unit)s is offered to %(firm)s.")
                % {"unit": unit.code, "firm": application.firm},
            )
        else:
            services.withdraw_offer(application)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
