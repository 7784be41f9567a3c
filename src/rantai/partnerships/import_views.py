"""The ERP import of orders and deliveries for one partnership: upload, review, confirm.

The same steps as the firm import: the upload starts a background check and the user follows
its progress; the review shows the counts or every problem; only a checked file without errors
can be confirmed, and the import then runs again in the background, all or nothing. Only those
who may record the partnership's orders (the buyer's members, administrators) may import, and
the import asks the same rule again of every row it writes (importing.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rantai.core.jobs import enqueue_job, new_job
from rantai.core.models import Job
from rantai.core.importing.forms import ImportForm
from rantai.partnerships import import_tasks, importing, services
from rantai.partnerships.models import Partnership
from rantai.partnerships.order_views import _orders_of


class OrdersImportForm(ImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["data-testid"] = "import-file"


def _context(partnership: Partnership, **extra) -> dict:
    return {
        "p": partnership,
        "orders_url": reverse("partnerships:orders", args=[partnership.pk]),
        "import_url": reverse("partnerships:orders-import", args=[partnership.pk]),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def orders_import(request, pk: int):
    partnership = _orders_of(request, pk, "add")
    form = OrdersImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = new_job(
            request,
            import_tasks.KIND,
            _("Import of %(file)s") % {"file": upload.name},
            partnership=partnership.pk,
        )
        job.input_file.save(upload.name, upload)
        enqueue_job(import_tasks.validate_orders_import, job)
        return redirect(job)
    return render(
        request,
        "partnerships/import_form.html",
        _context(
            partnership,
            form=form,
            columns=importing.COLUMNS,
            orderable=partnership.status in services.ORDERABLE,
        ),
    )


@login_required
@require_GET
def orders_import_template(request, pk: int):
    _orders_of(request, pk, "add")
    response = HttpResponse(
        importing.template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="rantai-orders-template.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def orders_import_review(request, job_pk: int):
    """GET shows the result of the check (or of the import); POST confirms the import."""
    job = get_object_or_404(Job, pk=job_pk, user=request.user, kind=import_tasks.KIND)
    partnership = _orders_of(request, job.params.get("partnership", 0), "add")
    if request.method == "POST":
        if (
            not job.is_finished
            or job.result.get("stage") != "validated"
            or job.result.get("error_count")
        ):
            messages.error(request, _("Only a checked file without errors can be imported."))
            return redirect("partnerships:orders-import-review", job_pk=job.pk)
        job.status = Job.Status.PENDING
        job.result = {**job.result, "stage": "importing"}
        job.save(update_fields=["status", "result", "updated_at"])
        enqueue_job(import_tasks.apply_orders_import, job)
        return redirect(job)
    if not job.is_finished:
        return redirect(job)
    return render(
        request,
        "partnerships/import_review.html",
        _context(partnership, job=job, result=job.result),
    )
