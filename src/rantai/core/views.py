import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found as default
from django_htmx.http import HttpResponseClientRedirect

from rantai.accounts.actors import actor_for
from rantai.core.access import get_for
from rantai.core.models import Job
from rantai.core.workspace import sections_for
from rantai.firms.models import Firm
from rantai.reference.models import Region

REGION_CODE = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")


def home(request):
    """The signed-in user's workspace; visitors get the public page that says what Rantai is
    and how to ask for access."""
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    firms = Firm.objects.restrict(request.user, "view")
    by_kind = dict(firms.values_list("kind").annotate(n=Count("pk")).order_by())
    memberships = request.user.memberships.active().select_related("organisation")
    return render(
        request,
        "core/home.html",
        {
            "kinds": [(kind, label, by_kind.get(kind, 0)) for kind, label in Firm.Kind.choices],
            "firm_count": sum(by_kind.values()),
            "memberships": memberships,
            "actor": actor_for(request.user),
            "sections": sections_for(request.user),
        },
    )


def _own_job(request, pk: int) -> Job:
    return get_for(request.user, Job, pk=pk)


@login_required
def job_detail(request, pk: int):
    job = _own_job(request, pk)
    job.refresh_progress()
    next_url = job.result.get("next_url") if job.is_finished else None
    if next_url and job.message:
        # What the job found (or why it failed) goes with the user to the page it returns to.
        tell = messages.success if job.has_succeeded else messages.error
        tell(request, job.message_text)
    if next_url and request.htmx:
        return HttpResponseClientRedirect(next_url)
    if next_url:
        return redirect(next_url)
    template = "core/job_detail.html#progress" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_download(request, pk: int):
    job = _own_job(request, pk)
    if job.status != Job.Status.SUCCEEDED or not job.output_file:
        raise Http404
    return FileResponse(
        job.output_file.open("rb"),
        as_attachment=True,
        filename=job.result.get("filename") or job.output_file.name.rsplit("/", 1)[-1],
    )


@require_GET
@login_required
def region_children(request):
    """Options for the next level of the region picker: the children of ``parent`` (or the
    provinces when it is empty)."""
    parent = request.GET.get("parent", "")
    if parent and not REGION_CODE.fullmatch(parent):
        return JsonResponse({"results": []})
    regions = Region.objects.filter(parent_id=parent) if parent else Region.objects.filter(level=1)
    return JsonResponse(
        {"results": [{"value": r.code, "text": r.name} for r in regions.order_by("name")]}
    )


@require_GET
def region_search(request):
    """Regions whose name contains ``q`` (at ``level``, or no deeper than ``max_level``, if
    given), each with its full path. Regions are public reference data, and the public
    request-access form's region picker asks here before anyone has an account."""
    query = request.GET.get("q", "").replace("\x00", "").strip()
    if len(query) < 3:
        return JsonResponse({"results": []})
    regions = Region.objects.filter(name__icontains=query)
    if request.GET.get("level", "").isdigit():
        regions = regions.filter(level=int(request.GET["level"]))
    if request.GET.get("max_level", "").isdigit():
        regions = regions.filter(level__lte=int(request.GET["max_level"]))
    regions = list(regions.order_by("level", "name")[:20])
    codes = {c for r in regions for c in _ancestor_codes(r.code)}
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return JsonResponse(
        {
            "results": [
                {
                    "value": r.code,
                    "text": ", ".join(
                        [
                            r.name,
                            *(names[c] for c in reversed(_ancestor_codes(r.code)) if c in names),
                        ]
                    ),
                    "path": [*_ancestor_codes(r.code), r.code],
                }
                for r in regions
            ]
        }
    )


def _ancestor_codes(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def page_not_found(request, exception=None):
    """404: the API answers JSON like its other errors (a path no route matches, such as an id
    that is not a number); pages get Rantai's own translated page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)

    return default(request, exception)
