"""The pages of every import, given the app's importer in the URL conf: upload (which starts the
check), the template download, and the review, whose POST confirms and starts the write.

Each page asks the importer's rule for the import as a whole (``Importer.target``); the rows
ask theirs again in the tasks. A job is seen only by the user who uploaded its file.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from rantai.core.access import get_for
from rantai.core.importing.forms import ImportForm
from rantai.core.importing.importer import Importer
from rantai.core.importing.tasks import apply_import, check_import
from rantai.core.jobs import enqueue_job, new_job
from rantai.core.models import Job

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportView(LoginRequiredMixin, View):
    importer: Importer = None  # given to as_view()


class ImportUploadView(ImportView):
    """GET: the form and the columns; POST: keep the file and start the check."""

    def get(self, request, pk=None):
        return self.page(self.importer.target(request.user, pk), ImportForm())

    def post(self, request, pk=None):
        target = self.importer.target(request.user, pk)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(target, form)
        upload = form.cleaned_data["file"]
        params = {self.importer.target_param: target.pk} if target else {}
        job = new_job(
            request, self.importer.kind, _("Import of %(file)s") % {"file": upload.name}, **params
        )
        job.input_file.save(upload.name, upload)
        enqueue_job(check_import, job)
        return redirect(job)

    def page(self, target, form):
        context = {
            "form": form,
            "columns": self.importer.columns,
            "target": target,
            **self.importer.links(target),
            **self.importer.form_context(target),
        }
        return render(self.request, self.importer.form_template, context)


class ImportTemplateView(ImportView):
    def get(self, request, pk=None):
        self.importer.target(request.user, pk)
        response = HttpResponse(self.importer.template_xlsx(), content_type=XLSX)
        filename = self.importer.template_filename
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ImportReviewView(ImportView):
    """GET shows the result of the check (or of the import); POST confirms the import."""

    pk_url_kwarg = "job_pk"

    def load(self, user, **kwargs) -> tuple[Job, object]:
        importer = self.importer
        jobs = Job.objects.filter(kind=importer.kind)
        job_pk = kwargs[self.pk_url_kwarg]
        if not importer.target_param:  # the rule of the import as a whole comes first
            target = importer.target(user, None)
            return get_for(user, jobs, pk=job_pk), target
        job = get_for(user, jobs, pk=job_pk)  # the job names the object imported into
        return job, importer.target(user, job.params.get(importer.target_param, 0))

    def get(self, request, **kwargs):
        job, target = self.load(request.user, **kwargs)
        if not job.is_finished:
            return redirect(job)
        context = {
            "job": job,
            "result": job.result,
            "summary_template": self.importer.summary_template,
            "confirm_url": self.importer.confirm_url(job),
            **self.importer.links(target),
        }
        return render(request, "core/import_review.html", context)

    def post(self, request, **kwargs):
        job, _target = self.load(request.user, **kwargs)
        result = job.result
        if not job.is_finished or result.get("stage") != "validated" or result.get("error_count"):
            messages.error(request, _("Only a checked file without errors can be imported."))
            return redirect(self.importer.review_url(job))
        job.status = Job.Status.PENDING
        job.result = {**result, "stage": "importing"}
        job.save(update_fields=["status", "result", "updated_at"])
        enqueue_job(apply_import, job)
        return redirect(job)
