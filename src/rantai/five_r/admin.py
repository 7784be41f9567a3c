from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from rantai.five_r.models import (
    Activity,
    Audit,
    AuditTemplate,
    CorrectiveAction,
    Indicator,
    IndicatorSet,
    Participation,
    Program,
    ReadinessLevel,
    RedTag,
)


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["firm"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "organiser", "region", "starts_on", "ends_on"]
    search_fields = ["name"]
    inlines = [ParticipationInline]
    filter_horizontal = ["mentors"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "kind", "date", "firm", "mentor"]
    list_filter = ["kind"]


@admin.register(AuditTemplate)
class AuditTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "name", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False  # checklists change by importing a new version


@admin.register(Audit)
class AuditAdmin(SimpleHistoryAdmin):
    list_display = ["firm", "area", "phase", "date", "status", "overall_score"]
    list_filter = ["phase", "status"]
    search_fields = ["firm__name", "area"]
    readonly_fields = ["overall_score", "section_scores", "submitted_at", "submitted_by"]


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(SimpleHistoryAdmin):
    list_display = ["finding", "audit", "status", "due_on"]
    list_filter = ["status"]


@admin.register(RedTag)
class RedTagAdmin(SimpleHistoryAdmin):
    list_display = ["thing", "firm", "area", "decision", "tagged_on"]


@admin.register(ReadinessLevel)
class ReadinessLevelAdmin(admin.ModelAdmin):
    list_display = [
        "order",
        "name",
        "min_overall",
        "min_each_section",
        "max_open_actions",
        "max_overdue_actions",
        "certification",
    ]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = [
        "order",
        "code",
        "name",
        "name_en",
        "unit",
        "unit_en",
        "better",
        "samples",
        "whole",
        "max_value",
        "within_unit",
    ]


@admin.register(IndicatorSet)
class IndicatorSetAdmin(admin.ModelAdmin):
    """Outcome indicator sets: the standard one ships with Rantai; a program may use another."""

    list_display = ["name", "code"]
    inlines = [IndicatorInline]
