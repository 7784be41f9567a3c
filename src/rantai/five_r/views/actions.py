"""Corrective actions: the list and one action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rantai.core.access import get_for, restrict
from rantai.five_r import services
from rantai.five_r.forms import ActionForm
from rantai.five_r.models import CorrectiveAction


@login_required
def action_list(request):
    actions = restrict(CorrectiveAction.objects.all(), request.user, "view").select_related(
        "audit__firm", "item"
    )
    show = request.GET.get("show", "open")
    if show == "open":
        actions = actions.open()
    elif show == "overdue":
        actions = actions.overdue()
    return render(request, "five_r/action_list.html", {"actions": actions[:300], "show": show})


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
            form.add_error(None, exc)
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
