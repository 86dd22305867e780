"""Regions in the admin: read-only (the decree import is the only writer), searchable by code or
name."""

from django.contrib import admin

from .models import Wilayah


@admin.register(Wilayah)
class WilayahAdmin(admin.ModelAdmin):
    list_display = ("kode", "nama", "jenis", "induk_id", "aktif", "diubah")
    list_filter = ("tingkat", "jenis", "aktif")
    search_fields = ("^kode", "nama")
    ordering = ("kode",)
    show_full_result_count = False  # no COUNT(*) over 91,599 rows on every search
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
