from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import STATUS_MASALAH, Notifikasi, Pesan, Preferensi


@admin.register(Pesan)
class PesanAdmin(admin.ModelAdmin):
    list_display = ("id", "kanal", "alamat", "status", "percobaan", "coba_lagi_pada", "kunci_acara", "diubah")
    list_filter = ("status", "kanal", "jenis")
    search_fields = ("kunci_acara", "alamat")
    readonly_fields = [f.name for f in Pesan._meta.fields]
    actions = ["kirim_ulang"]
    list_per_page = 50

    @admin.action(description=_("Kirim ulang pesan gagal / tidak pasti yang dipilih"))
    def kirim_ulang(self, request, queryset):
        n = sum(services.pesan_ulang(pesan=p, aktor=request.user)
                for p in queryset.filter(status__in=STATUS_MASALAH))
        self.message_user(request, _("%(n)d pesan dijadwalkan ulang.") % {"n": n})

    def has_add_permission(self, request):
        return False


@admin.register(Notifikasi)
class NotifikasiAdmin(admin.ModelAdmin):
    list_display = ("judul", "user", "jenis", "dibuat", "dibaca")
    list_filter = ("jenis",)
    raw_id_fields = ("user",)


@admin.register(Preferensi)
class PreferensiAdmin(admin.ModelAdmin):
    list_display = ("user", "kanal", "jenis", "mode")
    raw_id_fields = ("user",)
