from django.contrib import admin

from rantai.core.models import Job

FILES = ["input_file", "output_file"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read only. A job's files show by name: they are their user's alone (core.scopes), and
    the admin's usual link would point into the storage, which serves nothing."""

    list_display = ["id", "kind", "user", "status", "progress", "total", "created_at"]
    list_filter = ["kind", "status"]
    exclude = FILES
    readonly_fields = [
        *(f.name for f in Job._meta.fields if f.name not in FILES),
        "input_file_name",
        "output_file_name",
    ]

    @admin.display(description=Job._meta.get_field("input_file").verbose_name)
    def input_file_name(self, job):
        return job.input_file.name or "—"

    @admin.display(description=Job._meta.get_field("output_file").verbose_name)
    def output_file_name(self, job):
        return job.output_file.name or "—"
