from django.contrib import admin

from rantai.insights.models import MonthlyReport


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin):
    """Deleting a row sends that region's report again on the next daily run."""

    list_display = ["region", "month", "sent_at"]
    list_filter = ["month"]
    search_fields = ["region__name", "region__code"]
    readonly_fields = ["region", "month", "recipients", "sent_at"]
