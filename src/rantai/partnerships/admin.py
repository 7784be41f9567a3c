from django import forms
from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from rantai.partnerships.models import Document, Partnership, Reminder, SupplyLink, Witness


class WitnessInline(admin.TabularInline):
    model = Witness
    extra = 0


class DocumentInline(admin.TabularInline):
    """A document opens through its page's permission check, like everywhere else: the file
    input shows no link of its own, which would point into the storage (an S3 bucket answers
    it with Access Denied; the media folder is not served)."""

    model = Document
    extra = 0
    readonly_fields = ["download", "uploaded_by", "created_at"]
    formfield_overrides = {models.FileField: {"widget": forms.FileInput}}

    @admin.display(description=_("Download"))
    def download(self, document):
        if not document.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', document.get_absolute_url(), document.title)


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
