"""The partnership register: the list and its export, an agreement, its changes of status, its
renewal and its documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rantai.core.access import can, get_for, require
from rantai.core.forms import add_errors
from rantai.core.jobs import enqueue_job, new_job
from rantai.core.lists import ListView
from rantai.core.models import Job
from rantai.matchmaking.models import Meeting
from rantai.partnerships import history, services, tasks
from rantai.partnerships.drawings import firm_drawing
from rantai.partnerships.filters import PartnershipFilterSet
from rantai.partnerships.forms import (
    DocumentForm,
    PartnershipForm,
    StatusForm,
    WitnessFormSet,
)
from rantai.partnerships.models import Document, Order, Partnership, SupplyLink
from rantai.partnerships.tables import PartnershipTable

MOVE_LABELS = {
    Partnership.Status.SIGNED: gettext_lazy("Mark signed"),
    Partnership.Status.ACTIVE: gettext_lazy("Activate"),
    Partnership.Status.ENDED: gettext_lazy("Mark ended"),
}


def partnership_for(request, pk: int, action: str = "view") -> Partnership:
    """The agreement ``pk`` if the user may ``action`` it: 404 when he may not even see it
    (nobody learns that an agreement they may not see exists), 403 when he sees it."""
    return get_for(
        request.user,
        Partnership.objects.select_related("supplier", "buyer", "cooperative"),
        action,
        pk=pk,
    )


class PartnershipListView(ListView):
    """The partnership register: every agreement the user may see, filtered."""

    filterset_class = PartnershipFilterSet
    table_class = PartnershipTable
    template_name = "partnerships/partnership_list.html"

    def get_queryset(self):
        return Partnership.objects.restrict(self.request.user).select_related(
            "supplier__regency", "buyer", "cooperative"
        )

    def get_context_data(self, **kwargs):
        rows = self.object_list
        by_status = dict(rows.order_by().values_list("status").annotate(n=Count("pk")))
        return super().get_context_data(
            totals=rows.aggregate(n=Count("pk"), value=Sum("estimated_value")),
            by_status=[(s.label, by_status.get(s.value, 0)) for s in Partnership.Status],
            can_add=can(self.request.user, "add", model=Partnership),
            query=self.request.GET.urlencode(),
            **kwargs,
        )


@login_required
@require_POST
def partnership_export(request):
    file_format = request.POST.get("format")
    if file_format not in {"xlsx", "pdf"}:
        raise Http404
    title = (
        _("Partnership register (XLSX)")
        if file_format == "xlsx"
        else _("Partnership summary (PDF)")
    )
    job = new_job(
        request,
        Job.Kind.PARTNERSHIP_EXPORT,
        title,
        query=request.POST.get("query", ""),
        format=file_format,
    )
    enqueue_job(tasks.export_partnerships, job)
    return redirect(job)


def _save(request, form, witnesses, partnership=None):
    data = [w for w in witnesses.cleaned_data if w and w.get("position")]
    obj = form.save(commit=False)
    try:
        services.save_partnership(
            obj, facilitators=form.cleaned_data.get("facilitators", []), witnesses=data
        )
    except ValidationError as exc:
        add_errors(form, exc)
        return None
    return obj


def _meeting(request, pk):
    """The temu bisnis meeting an agreement is recorded from, if the user may see it (404)."""
    try:
        pk = int(pk)
    except ValueError:
        raise Http404 from None
    return get_for(request.user, Meeting.objects.select_related("event"), pk=pk)


@login_required
def partnership_create(request):
    require(request.user, "add", model=Partnership)
    initial_obj = None
    meeting = None
    if request.GET.get("meeting"):
        meeting = _meeting(request, request.GET["meeting"])
        initial_obj = services.from_meeting(meeting)
    form = PartnershipForm(request.POST or None, instance=initial_obj, user=request.user)
    witnesses = WitnessFormSet(request.POST or None, prefix="witness")
    if request.method == "POST" and form.is_valid() and witnesses.is_valid():
        with transaction.atomic():
            saved = _save(request, form, witnesses)
        if saved is not None:
            messages.success(request, _("The agreement was recorded as a draft."))
            return redirect(saved)
    return render(
        request,
        "partnerships/partnership_form.html",
        {"form": form, "witnesses": witnesses, "meeting": meeting},
    )


@login_required
def partnership_update(request, pk: int):
    partnership = partnership_for(request, pk, "change")
    if not partnership.is_editable:
        messages.error(
            request, _("A signed agreement cannot be changed; terminate it or record a renewal.")
        )
        return redirect(partnership)
    form = PartnershipForm(request.POST or None, instance=partnership, user=request.user)
    witnesses = WitnessFormSet(
        request.POST or None,
        prefix="witness",
        initial=list(partnership.witnesses.values("position", "institution", "name")),
    )
    if request.method == "POST" and form.is_valid() and witnesses.is_valid():
        with transaction.atomic():
            saved = _save(request, form, witnesses, partnership)
        if saved is not None:
            messages.success(request, _("The agreement was saved."))
            return redirect(saved)
    return render(
        request,
        "partnerships/partnership_form.html",
        {"form": form, "witnesses": witnesses, "partnership": partnership},
    )


@login_required
def partnership_detail(request, pk: int):
    partnership = partnership_for(request, pk)
    can_change = can(request.user, "change", partnership)
    document_form = DocumentForm()
    if request.method == "POST":
        require(request.user, "change", partnership)
        document_form = DocumentForm(request.POST, request.FILES)
        if document_form.is_valid():
            try:
                services.add_document(
                    partnership=partnership,
                    file=document_form.cleaned_data["file"],
                    title=document_form.cleaned_data["title"],
                    kind=document_form.cleaned_data["kind"],
                    user=request.user,
                )
            except ValidationError as exc:
                document_form.add_error("file", exc)
            else:
                messages.success(request, _("The document was uploaded."))
                return redirect(f"{partnership.get_absolute_url()}#documents")
    drawing = firm_drawing(SupplyLink.objects.restrict(request.user), partnership.supplier_id)
    return render(
        request,
        "partnerships/partnership_detail.html",
        {
            "p": partnership,
            "can_change": can_change,
            "can_see_orders": partnership.status != Partnership.Status.DRAFT
            and can(request.user, "view", Order(partnership=partnership)),
            "document_form": document_form,
            "witnesses": partnership.witnesses.all(),
            "facilitators": partnership.facilitators.all(),
            "documents": partnership.documents.select_related("uploaded_by"),
            "renewals": partnership.renewals.all(),
            "timeline": history.partnership_timeline(partnership),
            "drawing": drawing,
            # The buttons that move it on; termination asks why, in a form of its own.
            "moves": [
                (status, MOVE_LABELS[status])
                for status in partnership.next_statuses
                if status != Partnership.Status.TERMINATED
            ],
            "can_terminate": Partnership.Status.TERMINATED in partnership.next_statuses,
        },
    )


@login_required
@require_POST
def partnership_status(request, pk: int):
    partnership = partnership_for(request, pk, "change")
    form = StatusForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.change_status(
            partnership, form.cleaned_data["status"], reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        partnership.refresh_from_db()
        messages.success(
            request,
            _("The agreement is now %(status)s.") % {"status": partnership.get_status_display()},
        )
    return redirect(partnership)


@login_required
@require_POST
def partnership_renew(request, pk: int):
    partnership = partnership_for(request, pk, "change")
    try:
        renewal = services.renew(partnership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(partnership)
    messages.success(request, _("A renewal was drafted; check its terms and period."))
    return redirect("partnerships:update", pk=renewal.pk)


@login_required
def document(request, pk: int):
    item = get_for(request.user, Document, pk=pk)
    return FileResponse(
        item.file.open("rb"),
        as_attachment=False,
        filename=f"{item.title}.pdf" if not item.title.lower().endswith(".pdf") else item.title,
        content_type="application/pdf",
    )
