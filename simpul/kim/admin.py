"""Django admin for the KIM registry: read-only.

Every change to a KIM is an official act with a history row and notifications, so it goes
through ``simpul.kim.services`` (the internal pages), never through the admin.
"""

from django.contrib import admin

from .models import Anggota, DokumenKim, Kim, KimEvent, Pengurus, SuratKeputusan


class _HanyaBaca:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AnggotaInline(_HanyaBaca, admin.TabularInline):
    model = Anggota
    fields = ("nama", "jenis_kelamin", "kelompok_umur", "aktif", "tanggal_gabung", "tanggal_keluar", "user")
    readonly_fields = fields
    extra = 0
    show_change_link = False


class PengurusInline(_HanyaBaca, admin.TabularInline):
    model = Pengurus
    fields = ("jabatan", "nama_seksi", "anggota", "mulai", "selesai", "diberhentikan")
    readonly_fields = fields
    extra = 0


class SuratKeputusanInline(_HanyaBaca, admin.TabularInline):
    model = SuratKeputusan
    fields = ("nomor", "tanggal", "penerbit_jenis", "penerbit_nama", "berlaku_sampai", "berkas_jenis", "berkas_ukuran")
    readonly_fields = fields
    extra = 0


class DokumenInline(_HanyaBaca, admin.TabularInline):
    model = DokumenKim
    fields = ("jenis", "judul", "berkas_jenis", "berkas_ukuran", "diunggah_oleh", "dibuat")
    readonly_fields = fields
    extra = 0


@admin.register(Kim)
class KimAdmin(_HanyaBaca, admin.ModelAdmin):
    list_display = ("nama", "desa", "status", "mandiri", "diajukan_pada", "aktif_sejak")
    list_filter = ("status", "mandiri")
    search_fields = ("nama", "slug", "desa__nama", "desa__kode")
    list_select_related = ("desa",)
    readonly_fields = [f.name for f in Kim._meta.fields]
    inlines = [PengurusInline, AnggotaInline, SuratKeputusanInline, DokumenInline]
    show_full_result_count = False


@admin.register(KimEvent)
class KimEventAdmin(_HanyaBaca, admin.ModelAdmin):
    list_display = ("waktu", "kim", "jenis", "dari_status", "ke_status", "aktor")
    list_filter = ("jenis",)
    search_fields = ("kim__nama", "alasan")
    list_select_related = ("kim", "aktor")
    readonly_fields = [f.name for f in KimEvent._meta.fields]
    date_hierarchy = "waktu"
    show_full_result_count = False
