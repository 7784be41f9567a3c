"""The last-resort import of a phone's outbox (five_r/outbox.py), for administrators.

The file is checked here, so its problems show on the form at once; the writing (each photo
decoded, turned upright and resized, half a second apiece) runs as a background job with a
progress bar, which checks the file again inside its transaction and comes back to this page,
which then shows what the import brought (``?job=``).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rantai.core.access import get_for, require
from rantai.core.forms import add_errors
from rantai.core.jobs import enqueue_job, new_job
from rantai.core.models import Job
from rantai.five_r import outbox, tasks
from rantai.five_r.forms import OutboxImportForm
from rantai.five_r.models import Audit


@login_required
def outbox_import(request):
    require(request.user, "import", model=Audit)
    job = None
    if request.GET.get("job", "").isdigit():
        jobs = Job.objects.filter(kind=Job.Kind.FIVE_R_OUTBOX_IMPORT)
        job = get_for(request.user, jobs, pk=int(request.GET["job"]))
        if not job.is_finished:
            return redirect(job)
    form = OutboxImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outbox.read(upload.read(), user=request.user)
        except ValidationError as exc:
            add_errors(form, ValidationError({"file": exc.messages}))
        else:
            upload.seek(0)
            job = new_job(
                request,
                Job.Kind.FIVE_R_OUTBOX_IMPORT,
                _("Import of %(file)s") % {"file": upload.name},
            )
            job.input_file.save(upload.name, upload)
            enqueue_job(tasks.import_outbox, job)
            return redirect(job)
    return render(request, "five_r/outbox_import.html", {"form": form, "job": job})
