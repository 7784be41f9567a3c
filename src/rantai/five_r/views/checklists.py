"""Audit checklists: list, detail, export, import and new versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.core.access import can, get_for, require, restrict
from rantai.core.lists import ListView
from rantai.five_r import checklists
from rantai.five_r.filters import ChecklistFilterSet
from rantai.five_r.forms import ImportChecklistForm
from rantai.five_r.models import AuditTemplate
from rantai.five_r.tables import ChecklistTable


class ChecklistListView(ListView):
    filterset_class = ChecklistFilterSet
    table_class = ChecklistTable
    template_name = "five_r/template_list.html"

    def get_queryset(self):
        return restrict(AuditTemplate.objects.all(), self.request.user).annotate(
            items=Count("sections__items", distinct=True), used=Count("audits", distinct=True)
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_manage=can(self.request.user, "add", model=AuditTemplate), **kwargs
        )


@login_required
def template_detail(request, pk: int):
    template = get_for(request.user, AuditTemplate, pk=pk)
    sections = template.sections.prefetch_related("items")
    return render(
        request,
        "five_r/template_detail.html",
        {
            "template": template,
            "sections": sections,
            "can_manage": can(request.user, "change", template),
        },
    )


@login_required
def template_export(request, pk: int, file_format: str):
    template = get_for(request.user, AuditTemplate, pk=pk)
    if file_format == "json":
        content, mime = checklists.to_json(template), "application/json"
    elif file_format == "xlsx":
        content = checklists.to_xlsx(template)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = (
        f'attachment; filename="{template.code}-v{template.version}.{file_format}"'
    )
    return response


@login_required
def template_import(request):
    require(request.user, "add", model=AuditTemplate)
    form = ImportChecklistForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        try:
            data = (
                checklists.from_xlsx(raw)
                if upload.name.lower().endswith(".xlsx")
                else checklists.from_json(raw)
            )
            template = checklists.create(data, user=request.user)
        except ValidationError as exc:
            for message in exc.messages[:30]:
                form.add_error("file", message)
        else:
            messages.success(request, _("Imported as %(template)s.") % {"template": template})
            return redirect(template)
    return render(request, "five_r/template_import.html", {"form": form})


@login_required
@require_POST
def template_new_version(request, pk: int):
    template = get_for(request.user, AuditTemplate, "change", pk=pk)
    copy = checklists.new_version(template, user=request.user)
    messages.success(
        request,
        _(
            "Version %(version)d was made. Download it, edit it and import it "
            "to change items; audits keep the version they used."
        )
        % {"version": copy.version},
    )
    return redirect(copy)
