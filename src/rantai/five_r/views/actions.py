"""Corrective actions: the list and one action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rantai.core.access import get_for, restrict
from rantai.core.forms import add_errors
from rantai.core.lists import ListView
from rantai.five_r import services
from rantai.five_r.filters import ActionFilterSet
from rantai.five_r.forms import ActionForm
from rantai.five_r.models import CorrectiveAction
from rantai.five_r.tables import ActionTable


class ActionListView(ListView):
    """The open actions, unless ``?show=`` (overdue, all) or ``?status=`` asks otherwise."""

    filterset_class = ActionFilterSet
    table_class = ActionTable
    template_name = "five_r/action_list.html"

    def get_queryset(self):
        return restrict(CorrectiveAction.objects.all(), self.request.user).select_related(
            "audit__firm", "item"
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if "show" not in self.request.GET and "status" not in self.request.GET:
            kwargs["data"] = self.request.GET.copy()
            kwargs["data"]["show"] = "open"
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(show=self.filterset.data.get("show"), **kwargs)


@login_required
def action_detail(request, pk: int):
    action = get_for(
        request.user,
        CorrectiveAction.objects.select_related("audit__firm", "item"),
        "change",
        pk=pk,
    )
    form = ActionForm(request.POST or None, request.FILES or None, instance=action)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_action(
                action=action,
                user=request.user,
                status=data["status"],
                action_text=data["action"],
                owner=data["owner"],
                due_on=data["due_on"],
                closing_note=data["closing_note"],
                photo_upload=data.get("photo"),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The action was updated."))
            return redirect(action)
        action.refresh_from_db()
    return render(
        request,
        "five_r/action_detail.html",
        {
            "action": action,
            "form": form,
            "photos": action.photos.all(),
            "history": action.history.select_related("history_user")[:20],
        },
    )
