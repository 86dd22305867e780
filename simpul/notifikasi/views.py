from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .models import Notifikasi
from .services import notifikasi_tandai_dibaca


@login_required
def daftar(request):
    page = Paginator(Notifikasi.objects.filter(user=request.user), 30).get_page(request.GET.get("halaman"))
    return render(request, "notifikasi/daftar.html", {"page": page})


@login_required
@require_POST
def tandai_dibaca(request):
    notifikasi_tandai_dibaca(user=request.user)
    return redirect("notifikasi:daftar")
