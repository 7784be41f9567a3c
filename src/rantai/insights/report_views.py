"""The official report of the dashboard's region and period, built by a background job."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from rantai.core.jobs import enqueue_job, new_job
from rantai.core.models import Job
from rantai.insights import reports, tasks
from rantai.insights.forms import ReportForm
from rantai.insights.views import funnel_filters


@login_required
@require_POST
def report(request):
    """POST to the dashboard's query string (its filters, clamped to the officer's remit) with a
    format and a language; the job page shows the progress and offers the file."""
    _form, filters = funnel_filters(request)
    form = ReportForm(request.POST)
    if not form.is_valid():
        raise Http404
    fmt, language = form.cleaned_data["format"], form.cleaned_data["language"]
    job = new_job(
        request,
        Job.Kind.INSIGHTS_REPORT,
        _("Program report %(region)s %(period)s (%(format)s)")
        % {
            "region": reports.region_name(filters.region),
            "period": filters.year or "",
            "format": fmt.upper(),
        },
        format=fmt,
        language=language,
        **tasks.job_params(filters),
    )
    enqueue_job(tasks.program_report, job)
    return redirect(job)
