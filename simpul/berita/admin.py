from django.contrib import admin

from .models import Artikel, ArtikelEvent, AturanRedaksi, Kategori, Tag


@admin.register(Kategori)
class KategoriAdmin(admin.ModelAdmin):
    list_display = ("nama", "slug", "urutan")
    prepopulated_fields = {"slug": ("nama",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("nama", "slug")
    search_fields = ("nama",)


@admin.register(AturanRedaksi)
class AturanRedaksiAdmin(admin.ModelAdmin):
    list_display = ("wilayah", "penyunting", "diubah")
    raw_id_fields = ("wilayah",)


@admin.register(Artikel)
class ArtikelAdmin(admin.ModelAdmin):
    list_display = ("judul", "kim", "status", "terbit_pada")
    list_filter = ("status",)
    search_fields = ("judul",)
    raw_id_fields = ("kim", "penulis", "penyunting")
    readonly_fields = ("status", "terbit_pada", "diajukan_pada")


@admin.register(ArtikelEvent)
class ArtikelEventAdmin(admin.ModelAdmin):
    list_display = ("artikel", "jenis", "aktor", "waktu")
    raw_id_fields = ("artikel", "aktor")
