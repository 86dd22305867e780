"""Django admin for targets: read-only. Targets are set through ``simpul.cakupan.services``
(the /cakupan/target/ pages), which check the officer's subtree and write the audit trail."""

from django.contrib import admin

from .models import Target, TargetEvent


class _HanyaBaca:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Target)
class TargetAdmin(_HanyaBaca, admin.ModelAdmin):
    list_display = ("jenis", "wilayah", "tenggat", "aktif", "dibuat", "dibuat_oleh")
    list_filter = ("jenis", "aktif")
    search_fields = ("wilayah__kode", "wilayah__nama")
    list_select_related = ("wilayah", "dibuat_oleh")


@admin.register(TargetEvent)
class TargetEventAdmin(_HanyaBaca, admin.ModelAdmin):
    list_display = ("waktu", "jenis", "target", "aktor")
    list_filter = ("jenis",)
    list_select_related = ("target", "aktor")
