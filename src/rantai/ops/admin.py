from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rantai.ops.models import ScheduledJob
from rantai.ops.schedule import BY_NAME


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    """Last and next run of every scheduled job, and how the last one went."""

    list_display = [
        "name",
        "schedule",
        "enabled",
        "last_started_at",
        "last_outcome",
        "duration",
        "next_run_at",
    ]
    list_filter = ["enabled", "last_outcome"]
    list_editable = ["enabled"]
    fields = [
        "name",
        "schedule",
        "enabled",
        "next_run_at",
        "last_enqueued_at",
        "last_started_at",
        "last_finished_at",
        "duration",
        "last_outcome",
        "last_message",
        "runs",
    ]
    readonly_fields = [f for f in fields if f != "enabled"]
    actions = ["run_now"]

    def has_add_permission(self, request):
        return False  # the schedule is code: rantai/ops/schedule.py

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("schedule"))
    def schedule(self, obj):
        job = BY_NAME.get(obj.name)
        return job.when if job else _("no longer scheduled")

    @admin.display(description=_("duration"))
    def duration(self, obj):
        if obj.last_duration is None:
            return "—"
        return _("%(seconds)s s") % {"seconds": f"{obj.last_duration.total_seconds():.1f}"}

    @admin.action(description=_("Run now"))
    def run_now(self, request, queryset):
        count = queryset.filter(enabled=True).update(next_run_at=timezone.now())
        message = ngettext(
            "%(count)d job will start within a minute.",
            "%(count)d jobs will start within a minute.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)
