from __future__ import annotations

from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from simpul.core.errors import ApplicationError, NotFound, galat_atau_404
from simpul.core.peran import Peran
from simpul.core.scope import punya_peran_pemerintah

from . import selectors, services
from .forms import AkunBaruForm, CabutForm, PenugasanForm, ProfilForm

PER_HALAMAN = 25


def _kewenangan_atau_404(request):
    kewenangan = selectors.kewenangan_akun(request.user)
    if kewenangan.kosong:
        raise Http404
    return kewenangan


# --- profile ------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def profil(request):
    user = request.user
    if request.method == "POST":
        form = ProfilForm(request.POST, user=user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                berubah = services.profil_update(user=user, nama=d["nama"], email=d["email"],
                                                 telepon=d["telepon"])
            except ApplicationError as exc:
                galat_atau_404(form, exc)
            else:
                if berubah:
                    messages.success(request, _("Profil Anda telah disimpan."))
                return redirect("akun:profil")
    else:
        form = ProfilForm(user=user, initial={"nama": user.nama, "email": user.email or "",
                                              "telepon": user.telepon or ""})
    from simpul.kim.selectors import keanggotaan_aktif_user

    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return render(request, "akun/profil.html", {
        "form": form,
        "penugasan": selectors.penugasan_saya(user),
        "keanggotaan": keanggotaan_aktif_user(user),
        "totp": totp,
        "pemerintah": punya_peran_pemerintah(user),
        "kelola_akun": not selectors.kewenangan_akun(user).kosong,
    })


# --- accounts managed by offices ----------------------------------------------------------------
@login_required
def pengguna_daftar(request):
    kewenangan = _kewenangan_atau_404(request)
    q = request.GET.get("q", "").strip()[:100]
    peran = request.GET.get("peran", "")
    peran = peran if peran in Peran.values else ""
    wilayah = request.GET.get("wilayah", "").strip()[:13]
    dicabut = request.GET.get("dicabut") == "1"
    users = selectors.pengguna_list_for_user(
        actor=request.user, q=q, peran=peran, wilayah=wilayah, termasuk_dicabut=dicabut,
    )
    page = Paginator(users, PER_HALAMAN).get_page(request.GET.get("halaman"))
    filter_aktif = {k: v for k, v in (("q", q), ("peran", peran), ("wilayah", wilayah),
                                      ("dicabut", "1" if dicabut else "")) if v}
    return render(request, "akun/pengguna_daftar.html", {
        "page": page, "query": urlencode(filter_aktif), "q": q, "peran": peran,
        "wilayah": wilayah, "dicabut": dicabut, "peran_pilihan": kewenangan.peran_boleh(),
    })


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def pengguna_baru(request):
    kewenangan = _kewenangan_atau_404(request)
    form = AkunBaruForm(request.POST or None, peran_boleh=kewenangan.peran_boleh())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            hasil = services.akun_create(
                actor=request.user, nama=d["nama"], email=d["email"] or None,
                telepon=d["telepon"] or None, peran=d["peran"], wilayah_kode=d["wilayah"],
                jabatan_teks=d["jabatan_teks"],
            )
        except ApplicationError as exc:
            galat_atau_404(form, exc)
        else:
            # Rendered, not redirected: a temporary password is shown this once and never stored.
            return render(request, "akun/pengguna_dibuat.html", {"hasil": hasil})
    return render(request, "akun/pengguna_baru.html", {"form": form})


def _pengguna_atau_404(request, pk: int):
    return get_object_or_404(selectors.pengguna_terlihat(request.user), pk=pk)


@login_required
def pengguna_detail(request, pk: int):
    _kewenangan_atau_404(request)
    user = _pengguna_atau_404(request, pk)
    return render(request, "akun/pengguna_detail.html", {
        "pengguna": user,
        "penugasan": selectors.penugasan_user_terlihat(actor=request.user, user=user),
        "riwayat": selectors.riwayat_user_terlihat(actor=request.user, user=user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def penugasan_baru(request, pk: int):
    kewenangan = _kewenangan_atau_404(request)
    user = _pengguna_atau_404(request, pk)
    form = PenugasanForm(request.POST or None, peran_boleh=kewenangan.peran_boleh())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.penugasan_grant(actor=request.user, user=user, peran=d["peran"],
                                     wilayah_kode=d["wilayah"], jabatan_teks=d["jabatan_teks"])
        except ApplicationError as exc:
            galat_atau_404(form, exc)
        else:
            messages.success(request, _("Penugasan diberikan."))
            return redirect("akun:pengguna_detail", pk=user.pk)
    return render(request, "akun/penugasan_baru.html", {"pengguna": user, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def penugasan_cabut(request, pk: int):
    _kewenangan_atau_404(request)
    penugasan = get_object_or_404(
        selectors.penugasan_dalam_lingkup(request.user).aktif().select_related("user", "wilayah"),
        pk=pk,
    )
    form = CabutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.penugasan_revoke(actor=request.user, penugasan=penugasan,
                                      alasan=form.cleaned_data["alasan"])
        except ApplicationError as exc:
            galat_atau_404(form, exc)
        else:
            messages.success(request, _("Penugasan dicabut."))
            return redirect("akun:pengguna_detail", pk=penugasan.user_id)
    return render(request, "akun/penugasan_cabut.html", {"penugasan": penugasan, "form": form})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def sandi_reset(request, pk: int):
    _kewenangan_atau_404(request)
    user = _pengguna_atau_404(request, pk)
    galat = None
    if request.method == "POST":
        try:
            sandi = services.akun_reset_password(actor=request.user, user=user)
        except NotFound as exc:
            raise Http404 from exc
        except ApplicationError as exc:
            galat = exc.message
        else:
            return render(request, "akun/sandi_direset.html", {"pengguna": user, "sandi": sandi})
    return render(request, "akun/sandi_reset.html", {"pengguna": user, "galat": galat},
                  status=400 if galat else 200)


def ke_profil(request, *args, **kwargs):
    """allauth's email/phone management pages: contact details are edited on the profile."""
    return redirect("akun:profil")
