from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from rantai.firms import services
from rantai.firms.models import (
    Capability,
    Certification,
    Contact,
    CooperativeMembership,
    Firm,
    IndustryYear,
    Machine,
    RawMaterial,
)


class CapabilityInline(admin.TabularInline):
    model = Capability
    extra = 0


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


class DeletedFilter(admin.SimpleListFilter):
    title = _("deleted")
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("no", _("no")), ("yes", _("yes"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.deleted()
        if self.value() == "no":
            return queryset.alive()
        return queryset


@admin.register(Firm)
class FirmAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "nib", "regency", "industry_size", "deleted_at"]
    list_filter = ["kind", "industry_size", DeletedFilter]
    search_fields = ["name", "nib"]
    autocomplete_fields = ["province", "regency", "district", "village", "kbli"]
    inlines = [CapabilityInline, CertificationInline]
    actions = ["restore"]

    @admin.action(description=_("Restore the selected deleted firms"))
    def restore(self, request, queryset):
        for firm in queryset.deleted():
            services.restore_firm(firm=firm, user=request.user)
        messages.success(request, _("Restored."))


for model in (Machine, Contact, CooperativeMembership):
    admin.site.register(model, SimpleHistoryAdmin)


class RawMaterialInline(admin.TabularInline):
    model = RawMaterial
    extra = 0


@admin.register(IndustryYear)
class IndustryYearAdmin(SimpleHistoryAdmin):
    list_display = ["firm", "year", "production_value", "workers_male", "workers_female"]
    list_filter = ["year"]
    search_fields = ["firm__name", "firm__nib"]
    raw_id_fields = ["firm"]
    inlines = [RawMaterialInline]
