from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.accounts.actors import actor_for
from rantai.core.access import can, get_for, require
from rantai.core.jobs import enqueue_job, new_job
from rantai.core.lists import ListView
from rantai.core.models import Job
from rantai.firms import history, services, siinas, tasks
from rantai.firms.filters import FirmFilterSet
from rantai.firms.forms import (
    CapabilityForm,
    CertificationForm,
    ContactForm,
    CooperativeMembershipForm,
    FirmForm,
    IndustryYearForm,
    MachineForm,
    RawMaterialFormSet,
    SiinasExportForm,
)
from rantai.firms.models import Firm, IndustryYear
from rantai.firms.tables import FirmTable
from rantai.five_r.readiness import private_levels
from rantai.webhooks.models import Endpoint

MAP_POINT_LIMIT = 5000


class FirmListView(ListView):
    filterset_class = FirmFilterSet
    table_class = FirmTable
    template_name = "firms/firm_list.html"

    def get_queryset(self):
        return Firm.objects.restrict(self.request.user, "view").select_related(
            "regency", "district"
        )


@login_required
def firm_map(request):
    filterset = FirmFilterSet(request.GET or None, queryset=Firm.objects.none())
    return render(request, "firms/firm_map.html", {"filter": filterset})


@login_required
def firm_map_data(request):
    firms = FirmFilterSet(
        request.GET, queryset=Firm.objects.restrict(request.user, "view")
    ).qs.filter(latitude__isnull=False, longitude__isnull=False)
    total = firms.count()
    rows = firms.values_list("pk", "name", "kind", "latitude", "longitude")[:MAP_POINT_LIMIT]
    kinds = dict(Firm.Kind.choices)
    return JsonResponse(
        {
            "type": "FeatureCollection",
            "total": total,
            "shown": min(total, MAP_POINT_LIMIT),
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                    "properties": {
                        "name": name,
                        "kind": kind,
                        "kind_label": str(kinds[kind]),
                        "url": reverse("firms:detail", args=[pk]),
                    },
                }
                for pk, name, kind, lat, lon in rows
            ],
        }
    )


def _members_of(user, firm):
    """A cooperative's current members, each with ``level``, its 5R readiness level, where the
    user may see the member's private data (``five_r.readiness.private_levels``)."""
    if firm.kind != Firm.Kind.COOPERATIVE:
        return None
    members = list(firm.cooperative_members.filter(left_on__isnull=True).select_related("firm"))
    levels = private_levels(user, [m.firm_id for m in members])
    for m in members:
        m.assessed = m.firm_id in levels
        m.level = levels.get(m.firm_id)
    return members


@login_required
def firm_detail(request, pk: int):
    firm = get_for(request.user, Firm, pk=pk)
    can_see_private = can(request.user, "view_private", firm)
    context = {
        "firm": firm,
        "can_see_private": can_see_private,
        "can_change": can(request.user, "change", firm),
        "can_delete": can(request.user, "delete", firm),
        "can_manage_members": can(request.user, "manage_members", firm),
        "can_manage_webhooks": can(request.user, "add", Endpoint(organisation=firm)),
        "kbli": firm.kbli.all(),
        "capabilities": firm.capabilities.select_related("process__parent").prefetch_related(
            "materials"
        ),
        "machines": firm.machines.select_related("process"),
        "certifications": firm.certifications.all(),
        "cooperatives": firm.cooperative_memberships.select_related("cooperative"),
        "members_of_cooperative": _members_of(request.user, firm),
        "region_path": firm.most_specific_region.ancestors(),
    }
    if can_see_private:
        context["industry_years"] = firm.industry_years.prefetch_related("raw_materials")
        context["contacts"] = firm.contacts.all()
        context["timeline"] = history.firm_timeline(firm)
    return render(request, "firms/firm_detail.html", context)


def _save_firm(request, form, *, creating: bool):
    """Officers may only place firms inside their remit: the rule is asked of the firm as it
    would be saved."""
    firm = form.instance
    if not can(request.user, "add" if creating else "change", firm):
        form.add_error(
            None, _("This firm would be outside your remit; choose a place in your region.")
        )
        return None
    with transaction.atomic():
        firm = form.save()
    messages.success(
        request,
        (_("%(name)s was registered.") if creating else _("%(name)s was saved.")) % {"name": firm},
    )
    return redirect(firm)


@login_required
def firm_create(request):
    require(request.user, "add", model=Firm)
    form = FirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = _save_firm(request, form, creating=True)
        if response:
            return response
    return render(request, "firms/firm_form.html", {"form": form})


@login_required
def firm_update(request, pk: int):
    firm = get_for(request.user, Firm, "change", pk=pk)
    form = FirmForm(request.POST or None, instance=firm)
    if request.method == "POST" and form.is_valid():
        response = _save_firm(request, form, creating=False)
        if response:
            return response
    return render(request, "firms/firm_form.html", {"form": form, "firm": firm})


@login_required
def firm_delete(request, pk: int):
    firm = get_for(request.user, Firm, "delete", pk=pk)
    if request.method == "POST":
        services.delete_firm(firm=firm, user=request.user)
        messages.success(
            request, _("%(name)s was deleted. An administrator can restore it.") % {"name": firm}
        )
        return redirect("firms:list")
    return render(request, "firms/firm_confirm_delete.html", {"firm": firm})


PARTS = {
    "capabilities": CapabilityForm,
    "machines": MachineForm,
    "certifications": CertificationForm,
    "contacts": ContactForm,
    "cooperatives": CooperativeMembershipForm,
}


def _part(kind: str):
    try:
        return PARTS[kind]
    except KeyError:
        raise Http404 from None


@login_required
def part_edit(request, pk: int, kind: str, part_pk: int | None = None):
    """Add or edit something a firm has: a capability, machine, certification, contact or
    cooperative membership."""
    form_class = _part(kind)
    model = form_class._meta.model
    firm = get_for(request.user, Firm, pk=pk)
    if part_pk:
        instance = get_for(request.user, model.objects.filter(firm=firm), "change", pk=part_pk)
    else:
        instance = None
        require(request.user, "add", model(firm=firm))
    form = form_class(request.POST or None, instance=instance, firm=firm)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            part = form.save()
        messages.success(
            request, _("%(thing)s was saved.") % {"thing": part._meta.verbose_name.capitalize()}
        )
        return redirect(f"{firm.get_absolute_url()}#{kind}")
    return render(
        request,
        "firms/part_form.html",
        {
            "firm": firm,
            "form": form,
            "kind": kind,
            "model_name": model._meta.verbose_name,
        },
    )


@login_required
@require_POST
def part_delete(request, pk: int, kind: str, part_pk: int):
    model = _part(kind)._meta.model
    firm = get_for(request.user, Firm, pk=pk)
    part = get_for(request.user, model.objects.filter(firm=firm), "delete", pk=part_pk)
    with transaction.atomic():
        part.delete()
    messages.success(request, _("%(thing)s was removed.") % {"thing": part})
    return redirect(f"{firm.get_absolute_url()}#{kind}")


@login_required
def industry_year_edit(request, pk: int, year: int | None = None):
    """Add or edit a firm's annual industry data, with its raw materials."""
    firm = get_for(request.user, Firm, pk=pk)
    if year:
        years = IndustryYear.objects.filter(firm=firm)
        instance = get_for(request.user, years, "change", year=year)
    else:
        instance = None
        require(request.user, "add", IndustryYear(firm=firm))
    initial = {
        "year": timezone.localdate().year - 1,
        "investment": firm.investment,
        "installed_capacity": firm.annual_capacity,
        "capacity_unit": firm.capacity_unit,
    }
    form = IndustryYearForm(request.POST or None, instance=instance, firm=firm, initial=initial)
    formset = RawMaterialFormSet(request.POST or None, instance=form.instance, prefix="materials")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            saved = form.save()
            formset.instance = saved
            formset.save()
        messages.success(request, _("The data for %(year)d was saved.") % {"year": saved.year})
        return redirect(f"{firm.get_absolute_url()}#industry-years")
    return render(
        request,
        "firms/industry_year_form.html",
        {"firm": firm, "form": form, "formset": formset},
    )


@login_required
@require_POST
def industry_year_delete(request, pk: int, year: int):
    firm = get_for(request.user, Firm, pk=pk)
    record = get_for(request.user, IndustryYear.objects.filter(firm=firm), "delete", year=year)
    with transaction.atomic():
        record.delete()
    messages.success(request, _("The data for %(year)d was removed.") % {"year": year})
    return redirect(f"{firm.get_absolute_url()}#industry-years")


def _remit_initial(user) -> dict:
    """An officer with one regional remit starts from it."""
    remits = actor_for(user).remits
    if len(remits) != 1 or remits[0] is None:
        return {}
    parts = remits[0].split(".")
    names = ("province", "regency", "district")
    return {names[i]: ".".join(parts[: i + 1]) for i in range(min(len(parts), 3))}


@login_required
def siinas_export(request):
    """The officer's export for the national industry information system (SIINas)."""
    require(request.user, "export_siinas", model=Firm)
    if request.method == "POST":
        form = SiinasExportForm(request.POST)
    else:
        chosen = {
            k: request.GET[k] for k in ("province", "regency", "district") if k in request.GET
        }
        year = timezone.localdate().year - 1
        form = SiinasExportForm(initial={"year": year, **(chosen or _remit_initial(request.user))})
    if request.method == "POST" and form.is_valid():
        year, file_format = form.cleaned_data["year"], form.cleaned_data["format"]
        job = new_job(
            request,
            Job.Kind.SIINAS_EXPORT,
            _("SIINas export %(year)d (%(format)s)")
            % {"year": year, "format": file_format.upper()},
            year=year,
            format=file_format,
            query=form.query(),
        )
        enqueue_job(tasks.export_siinas, job)
        return redirect(job)
    return render(
        request,
        "firms/siinas_export.html",
        {
            "form": form,
            "sheets": [
                (_("Firms"), siinas.YEAR_COLUMNS),
                (_("Raw materials"), siinas.MATERIAL_COLUMNS),
                (_("Machines"), siinas.MACHINE_COLUMNS),
            ],
        },
    )


@login_required
@require_POST
def firm_export(request):
    file_format = request.POST.get("format")
    if file_format not in {"xlsx", "csv"}:
        raise Http404
    job = new_job(
        request,
        Job.Kind.FIRM_EXPORT,
        _("Export of firms (%(format)s)") % {"format": file_format.upper()},
        query=request.POST.get("query", ""),
        format=file_format,
    )
    enqueue_job(tasks.export_firms, job)
    return redirect(job)
