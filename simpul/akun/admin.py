from allauth.account.decorators import secure_admin_login
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from simpul.core import errors
from simpul.core.telepon import normalize_telepon

from .models import AkunEvent, Penugasan, User

# The admin signs in through allauth (and so through MFA and the axes lockout), never through
# Django's own login form.
admin.site.login = secure_admin_login(admin.site.login)


def _bersihkan_telepon(form) -> str | None:
    raw = (form.cleaned_data.get("telepon") or "").strip()
    if not raw:
        return None
    try:
        return normalize_telepon(raw)
    except errors.ValidationError as exc:
        raise forms.ValidationError(exc.message) from None


def _bersihkan_email(form) -> str | None:
    return (form.cleaned_data.get("email") or "").strip().lower() or None


class UserBuatForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("nama", "email", "telepon")

    clean_telepon = _bersihkan_telepon
    clean_email = _bersihkan_email

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("telepon"):
            raise forms.ValidationError(_("Isi alamat email atau nomor HP (salah satu wajib)."))
        return cleaned


class UserUbahForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    clean_telepon = _bersihkan_telepon
    clean_email = _bersihkan_email


class PenugasanInline(admin.TabularInline):
    model = Penugasan
    fk_name = "user"
    extra = 0
    fields = ("peran", "wilayah", "jabatan_teks", "dibuat", "dicabut", "alasan_cabut")
    readonly_fields = ("dibuat", "dicabut", "alasan_cabut")
    raw_id_fields = ("wilayah",)
    show_change_link = True


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserUbahForm
    add_form = UserBuatForm
    ordering = ("nama",)
    list_display = ("nama", "email", "telepon", "is_active", "is_staff", "date_joined")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("nama", "email", "telepon")
    readonly_fields = ("last_login", "date_joined", "dibuat_oleh")
    fieldsets = (
        (None, {"fields": ("nama", "email", "telepon", "telepon_terverifikasi", "password")}),
        (_("Hak akses"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Riwayat"), {"fields": ("last_login", "date_joined", "dibuat_oleh")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("nama", "email", "telepon", "password1", "password2")}),
    )

    def get_inlines(self, request, obj):
        return [PenugasanInline] if obj else []


@admin.register(Penugasan)
class PenugasanAdmin(admin.ModelAdmin):
    list_display = ("user", "peran", "wilayah", "jabatan_teks", "dibuat", "dicabut")
    list_filter = ("peran", "dicabut")
    search_fields = ("user__nama", "user__email", "user__telepon", "wilayah__kode", "wilayah__nama")
    list_select_related = ("user", "wilayah")
    raw_id_fields = ("user", "wilayah", "diberikan_oleh", "dicabut_oleh")
    date_hierarchy = "dibuat"


@admin.register(AkunEvent)
class AkunEventAdmin(admin.ModelAdmin):
    """The audit trail: read-only, even for superusers."""

    list_display = ("waktu", "jenis", "user", "aktor", "wilayah_kode", "alasan")
    list_filter = ("jenis",)
    search_fields = ("user__nama", "aktor__nama", "wilayah_kode", "alasan")
    list_select_related = ("user", "aktor")
    date_hierarchy = "waktu"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
