"""Admin for the configurable parts (offices use /aspirasi/pengaturan/ instead): categories, agencies and their staff, routing rules,
response templates, holidays. Aspirations themselves are handled on /aspirasi/kelola/ (with the
audit trail); the admin shows them read-only."""

from django.contrib import admin

from .models import (
    Aspirasi,
    AturanRute,
    HariLibur,
    Instansi,
    Kategori,
    PengaturanEvent,
    StafInstansi,
    TemplatTanggapan,
)


@admin.register(Kategori)
class KategoriAdmin(admin.ModelAdmin):
    list_display = ("nama", "kode", "induk", "aktif", "urutan")
    list_editable = ("aktif", "urutan")
    prepopulated_fields = {"kode": ("nama",)}


class StafInline(admin.TabularInline):
    model = StafInstansi
    raw_id_fields = ("user",)
    extra = 1


@admin.register(Instansi)
class InstansiAdmin(admin.ModelAdmin):
    list_display = ("nama", "singkatan", "wilayah", "induk", "aktif")
    search_fields = ("nama", "singkatan")
    raw_id_fields = ("wilayah", "induk")
    inlines = [StafInline]


@admin.register(AturanRute)
class AturanRuteAdmin(admin.ModelAdmin):
    list_display = ("wilayah", "kategori", "instansi", "prioritas")
    raw_id_fields = ("wilayah", "instansi")


@admin.register(TemplatTanggapan)
class TemplatAdmin(admin.ModelAdmin):
    list_display = ("judul", "instansi")


@admin.register(HariLibur)
class HariLiburAdmin(admin.ModelAdmin):
    list_display = ("tanggal", "nama", "jenis", "wilayah", "perkiraan")
    list_filter = ("jenis", "perkiraan")
    raw_id_fields = ("wilayah",)
    date_hierarchy = "tanggal"


@admin.register(Aspirasi)
class AspirasiAdmin(admin.ModelAdmin):
    list_display = ("kode", "judul", "status", "jenis", "desa", "instansi", "tenggat", "terlambat")
    list_filter = ("status", "jenis", "terlambat")
    search_fields = ("kode",)
    # Personal data stays out of the admin (anonymous reporters' contacts are never shown).
    exclude = ("nama", "telepon", "email", "kanal_alamat")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(PengaturanEvent)
class PengaturanEventAdmin(admin.ModelAdmin):
    """The settings audit trail, read-only."""

    list_display = ("waktu", "objek", "objek_id", "jenis", "wilayah", "aktor")
    list_filter = ("objek", "jenis")
    list_select_related = ("aktor", "wilayah")
    readonly_fields = ("waktu", "aktor", "objek", "objek_id", "jenis", "wilayah", "data")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
