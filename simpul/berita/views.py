"""Writing and editing news (signed-in). The public pages are in ``simpul.portal.views``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simpul.core.errors import ApplicationError, tambah_galat
from simpul.core.markdown import render_markdown
from simpul.portal.urls_publik import url_artikel

from . import selectors, services
from .forms import ArtikelForm, CatatanForm, SetujuForm, TarikForm
from .models import StatusArtikel


@login_required
def kelola(request):
    return render(request, "berita/kelola.html", {
        "saya": selectors.artikel_saya(user=request.user)[:100],
        "antrean": selectors.antrean_sunting(user=request.user),
        "kim_tulis": list(selectors.kim_untuk_menulis(user=request.user)),
    })


def _data_form(form) -> dict:
    d = form.cleaned_data
    return {"judul": d["judul"], "isi": d["isi"], "kategori": d.get("kategori"), "tag": d.get("tag", ""),
            "foto": d.get("foto"), "foto_keterangan": d.get("foto_keterangan", "")}


@login_required
def tulis(request):
    kims = list(selectors.kim_untuk_menulis(user=request.user))
    if not kims:
        raise Http404(_("Anda belum menjadi anggota KIM."))
    pilih = request.POST.get("kim") or request.GET.get("kim") or str(kims[0].pk)
    kim = next((k for k in kims if str(k.pk) == pilih), kims[0])
    form = ArtikelForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            a = services.artikel_create(actor=request.user, kim=kim, **_data_form(form))
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if "ajukan" in request.POST:
                services.artikel_submit(actor=request.user, artikel=a)
                messages.success(request, _("Berita diajukan ke penyunting."))
            else:
                messages.success(request, _("Draf disimpan."))
            return redirect("berita:kelola_detail", a.pk)
    return render(request, "berita/form.html", {"form": form, "kims": kims, "kim": kim, "baru": True})


@login_required
def ubah(request, pk: int):
    a = selectors.artikel_kelola_get(user=request.user, pk=pk)
    awal = {"judul": a.judul, "isi": a.isi, "kategori": a.kategori_id, "tag": selectors.tag_artikel(a),
            "foto_keterangan": a.foto_keterangan}
    form = ArtikelForm(request.POST or None, request.FILES or None, initial=awal)
    if request.method == "POST" and form.is_valid():
        try:
            services.artikel_update(actor=request.user, artikel=a, hapus_foto=form.cleaned_data["hapus_foto"],
                                    **_data_form(form))
            if "ajukan" in request.POST:
                services.artikel_submit(actor=request.user, artikel=a)
                messages.success(request, _("Berita diajukan ke penyunting."))
            else:
                messages.success(request, _("Perubahan disimpan."))
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("berita:kelola_detail", a.pk)
    return render(request, "berita/form.html", {"form": form, "a": a, "kim": a.kim,
                                                "catatan": selectors.catatan_revisi_terakhir(a)})


@login_required
def kelola_detail(request, pk: int):
    return _detail(request, selectors.artikel_kelola_get(user=request.user, pk=pk))


def _detail(request, a, *, status: int = 200, **forms):
    """The manage page of one article; ``forms`` are bound forms with errors, re-shown as typed."""
    sunting = services.boleh_sunting(request.user, a)
    penulis = a.penulis_id == request.user.pk
    return render(request, "berita/detail.html", {
        "a": a, "isi": render_markdown(a.isi), "riwayat": selectors.riwayat(a), "tag": selectors.tag_artikel(a),
        "boleh_sunting": sunting, "penulis": penulis,
        "boleh_ubah": (penulis and a.dapat_ditulis) or (sunting and (a.dapat_ditulis or a.status == StatusArtikel.DIAJUKAN)),
        "catatan": selectors.catatan_revisi_terakhir(a) if a.status == StatusArtikel.PERLU_REVISI else None,
        "url_publik": url_artikel(a) if a.status == StatusArtikel.TERBIT else "",
        "form_catatan": CatatanForm(), "form_setuju": SetujuForm(), "form_tarik": TarikForm(), **forms,
    }, status=status)


# The actions that take typed input, with the form that carries it and its name on the page.
_FORM_AKSI = {"revisi": ("form_catatan", CatatanForm), "setujui": ("form_setuju", SetujuForm),
              "tarik": ("form_tarik", TarikForm)}


@login_required
@require_POST
def aksi(request, pk: int, aksi: str):
    a = selectors.artikel_kelola_get(user=request.user, pk=pk)
    nama, kelas = _FORM_AKSI.get(aksi, (None, None))
    form = kelas(request.POST) if kelas else None
    try:
        if aksi == "ajukan":
            services.artikel_submit(actor=request.user, artikel=a)
            messages.success(request, _("Berita diajukan ke penyunting."))
        elif aksi == "revisi":
            services.artikel_request_revision(actor=request.user, artikel=a,
                                              catatan=form.data.get("catatan", ""))
            messages.success(request, _("Permintaan revisi dikirim ke penulis."))
        elif aksi == "setujui":
            if not form.is_valid():
                return _detail(request, a, status=400, form_setuju=form)
            a = services.artikel_approve(actor=request.user, artikel=a, terbit_pada=form.cleaned_data["terbit_pada"])
            messages.success(request, _("Berita terbit.") if a.status == StatusArtikel.TERBIT
                             else _("Berita disetujui dan akan terbit sesuai jadwal."))
        elif aksi == "tarik":
            services.artikel_withdraw(actor=request.user, artikel=a, alasan=form.data.get("alasan", ""))
            messages.success(request, _("Berita ditarik dari publik."))
        elif aksi == "tulis-ulang":
            services.artikel_revise_again(actor=request.user, artikel=a)
            messages.success(request, _("Berita kembali menjadi draf."))
        else:
            raise Http404
    except ApplicationError as exc:
        if form is None:  # nothing typed: say it on the page
            messages.error(request, exc.message)
        else:  # the typed text stays, with the reason beside it
            tambah_galat(form, exc, field=next(iter(form.fields)))
            return _detail(request, a, status=400, **{nama: form})
    return redirect("berita:kelola_detail", a.pk)
