from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simpul.core import errors

from . import kanal as kanal_mod
from . import selectors, services
from .forms import PreferensiForm
from .models import STATUS_MASALAH, Kanal, Notifikasi, Pesan, ProfilNotifikasi


@login_required
def daftar(request):
    page = Paginator(Notifikasi.objects.filter(user=request.user), 30).get_page(request.GET.get("halaman"))
    return render(request, "notifikasi/kotak.html", {"page": page})


@login_required
@require_POST
def tandai_dibaca(request):
    services.notifikasi_tandai_dibaca(user=request.user)
    return redirect("notifikasi:daftar")


@login_required
def preferensi(request):
    aktif = kanal_mod.kanal_aktif()
    kanal = [(k, Kanal(k).label) for k in aktif]
    jenis = [(k, label) for k, label in services.JENIS.items()]
    profil = ProfilNotifikasi.objects.filter(user=request.user).first()
    awal = selectors.preferensi_user(request.user)
    initial = {"telegram_chat_id": profil.telegram_chat_id if profil else "",
               "whatsapp": profil.whatsapp if profil else ""}
    form = PreferensiForm(request.POST or None, kanal=kanal, jenis=jenis, awal=awal, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferensi_simpan(
                user=request.user, mode=form.mode(),
                telegram_chat_id=form.cleaned_data.get("telegram_chat_id"),
                whatsapp=form.cleaned_data.get("whatsapp"))
        except errors.ValidationError as exc:
            field = {"alamat": "telegram_chat_id", "telepon": "whatsapp"}.get(exc.field, exc.field)
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Pilihan notifikasi disimpan."))
            return redirect("notifikasi:preferensi")
    return render(request, "notifikasi/preferensi.html", {
        "form": form, "user_obj": request.user, "ada_telepon": bool(request.user.telepon)})


def _admin_atau_404(request):
    if not selectors.boleh_kelola_outbox(request.user):
        raise Http404


@login_required
def gagal(request):
    _admin_atau_404(request)
    page = Paginator(selectors.pesan_bermasalah(), 50).get_page(request.GET.get("halaman"))
    for p in page:
        p.alamat_samar = selectors.samarkan(p.alamat)
    return render(request, "notifikasi/gagal.html", {"page": page, "angka": selectors.ringkasan_outbox()})


@login_required
@require_POST
def gagal_aksi(request, pk: int, aksi: str):
    _admin_atau_404(request)
    if aksi not in ("ulang", "batal"):
        raise Http404
    pesan = get_object_or_404(Pesan, pk=pk, status__in=STATUS_MASALAH)
    if aksi == "ulang":
        services.pesan_ulang(pesan=pesan, aktor=request.user)
        messages.success(request, _("Pesan dijadwalkan untuk dikirim ulang."))
    else:
        services.pesan_batal(pesan=pesan, aktor=request.user)
        messages.success(request, _("Pesan ditutup tanpa dikirim ulang."))
    return redirect("notifikasi:gagal")
