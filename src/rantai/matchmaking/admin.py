from django.contrib import admin

from rantai.matchmaking.models import (
    Event,
    Meeting,
    MeetingRequest,
    Need,
    Outcome,
    Registration,
    ScheduleRun,
    Session,
)


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "organiser", "starts_on", "status"]
    inlines = [SessionInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["firm", "event", "role", "status", "checked_in_at"]
    list_filter = ["role", "status"]
    search_fields = ["firm__name"]


admin.site.register(Need)
admin.site.register(MeetingRequest)
admin.site.register(Meeting)
admin.site.register(Outcome)
admin.site.register(ScheduleRun)
