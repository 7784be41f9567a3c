from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from rantai.partnerships.models import Document, Partnership, Reminder, SupplyLink, Witness


class WitnessInline(admin.TabularInline):
    model = Witness
    extra = 0


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    readonly_fields = ["uploaded_by", "created_at"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["supplier", "buyer", "kind", "tier", "status", "signed_on", "ends_on"]
    list_filter = ["status", "kind", "tier"]
    search_fields = ["supplier__name", "buyer__name", "number", "scope"]
    autocomplete_fields = ["supplier", "buyer", "cooperative", "facilitators"]
    raw_id_fields = ["meeting", "event", "program", "renews", "officer"]
    inlines = [WitnessInline, DocumentInline]


@admin.register(SupplyLink)
class SupplyLinkAdmin(SimpleHistoryAdmin):
    list_display = ["buyer", "supplier", "tier", "commodity", "active"]
    list_filter = ["tier", "active"]
    search_fields = ["buyer__name", "supplier__name", "commodity"]
    autocomplete_fields = ["buyer", "supplier"]
    raw_id_fields = ["partnership"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["partnership", "kind", "ends_on", "sent_at"]
    readonly_fields = ["partnership", "kind", "ends_on", "sent_at", "recipients"]
