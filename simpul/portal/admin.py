from django.contrib import admin

from .middleware import lupakan
from .models import DomainSitus


@admin.register(DomainSitus)
class DomainSitusAdmin(admin.ModelAdmin):
    list_display = ("domain", "kim", "wilayah", "aktif")
    raw_id_fields = ("kim", "wilayah")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        lupakan()
