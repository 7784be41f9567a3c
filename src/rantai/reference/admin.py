from django.contrib import admin

from rantai.reference.models import Kbli, Material, Process, Region


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reference data comes from the shipped files (manage.py load_reference_data)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Kbli)
class KbliAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "title_en"]
    search_fields = ["code", "title", "title_en"]


@admin.register(Process)
class ProcessAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "name_en", "parent"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Material)
class MaterialAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "name_en"]
