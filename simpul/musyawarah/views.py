"""Musyawarah pages. Thin: reads through ``selectors``, writes through ``services``; a topic
outside the user's KIMs answers 404; every form works without JavaScript and keeps its input."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from simpul.core import scope
from simpul.core.errors import ApplicationError, NotFound, galat_atau_404
from simpul.core.markdown import render_markdown
from simpul.core.peran import Aksi
from simpul.kim.models import Anggota, Kim
from simpul.wilayah.models import Wilayah

from . import forms as f
from . import selectors, services
from .models import (
    JajakPendapat,
    JenisJajak,
    Keputusan,
    Lampiran,
    Posisi,
    StatusTopik,
    TindakLanjut,
    Topik,
)

PER_HALAMAN = 20


def _topik_atau_404(request, pk: int) -> Topik:
    try:
        return selectors.topik_get(user=request.user, pk=pk)
    except Topik.DoesNotExist:
        raise Http404(_("Topik tidak ditemukan.")) from None


def _jajak_atau_404(request, pk: int) -> JajakPendapat:
    j = JajakPendapat.objects.filter(pk=pk).only("id", "topik_id").first()
    if j is None:
        raise Http404
    topik = _topik_atau_404(request, j.topik_id)
    j = JajakPendapat.objects.prefetch_related("opsi").get(pk=pk)
    j.topik = topik
    return j


def _pilihan_tempat(user) -> list[tuple[str, str]]:
    kim_ids, kec = selectors.jangkauan(user, Aksi.MUSYAWARAH_KELOLA)
    pilihan = [(f"kim:{k.pk}", k.nama) for k in Kim.objects.filter(pk__in=kim_ids).order_by("nama")]
    pilihan += [(f"kec:{w.kode}", _("Forum KIM se-%(kec)s") % {"kec": w.nama_lengkap})
                for w in Wilayah.objects.filter(kode__in=kec).order_by("nama")]
    return pilihan


# --- list, new topic, topic page ----------------------------------------------------------------
@login_required
def beranda(request):
    status = request.GET.get("status", "")
    status = status if status in StatusTopik.values else ""
    page = Paginator(selectors.topik_list(user=request.user, status=status), PER_HALAMAN).get_page(
        request.GET.get("halaman"))
    return render(request, "musyawarah/beranda.html", {
        "page": page, "status": status, "status_pilihan": StatusTopik.choices,
        "query": urlencode({"status": status}) if status else "",
        "boleh_buka": bool(selectors.jangkauan(request.user, Aksi.MUSYAWARAH_KELOLA)[0]),
        "tugas": selectors.tindak_lanjut_list(user=request.user, penanggung_jawab=request.user)[:10],
        "kantor": not scope.lingkup(request.user, Aksi.LIHAT).kosong,
    })


@login_required
@require_http_methods(["GET", "POST"])
def topik_baru(request):
    pilihan = _pilihan_tempat(request.user)
    if not pilihan:
        raise Http404(_("Anda bukan pengurus KIM mana pun."))
    awal = {"tempat": request.GET.get("tempat", pilihan[0][0])}
    form = f.TopikForm(request.POST or None, request.FILES or None, pilihan=pilihan, initial=awal)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        jenis, _sep, nilai = d["tempat"].partition(":")
        try:
            topik = services.topik_create(
                actor=request.user, judul=d["judul"], deskripsi=d["deskripsi"], publik=d["publik"], foto=d["foto"],
                kim=Kim.objects.get(pk=int(nilai)) if jenis == "kim" else None,
                kecamatan=nilai if jenis == "kec" else None)
        except ApplicationError as exc:
            galat_atau_404(form, exc)
        else:
            messages.success(request, _("Topik dibuka. Anggota sudah diberi tahu."))
            return redirect("musyawarah:topik", topik.pk)
    return render(request, "musyawarah/topik_baru.html", {"form": form})


def _nilai_dari_post(jajak: JajakPendapat, post) -> dict[int, int]:
    nilai: dict[int, int] = {}
    if jajak.jenis == JenisJajak.PILIHAN_TUNGGAL:
        pilih = post.get("opsi", "")
        if pilih.isdigit():
            nilai[int(pilih)] = 1
        return nilai
    for o in jajak.opsi.all():
        v = (post.get(f"o-{o.pk}") or "").strip()
        if v:
            try:
                nilai[o.pk] = int(v)
            except ValueError:
                raise ApplicationError(_("Isi dengan angka."), field="nilai") from None
    return nilai


def _konteks_topik(request, topik: Topik, *, komentar_form=None, galat_jajak=None) -> dict:
    jajak = selectors.jajak_topik(topik)
    galat_jajak = galat_jajak or {}
    for j in jajak:
        j.buka = j.terbuka()
        j.hasil = selectors.hasil_jajak(j, list(j.opsi.all())) if j.hasil_terlihat() else None
        j.saya = selectors.suara_saya(j, request.user)
        j.nilai_saya = {n.opsi_id: n.nilai for n in j.saya.nilai.all()} if j.saya else {}
        j.galat = galat_jajak.get(j.pk)
        if j.galat:  # keep what the member typed
            j.nilai_saya = j.galat.get("nilai", {})
            j.isian = j.galat
        for o in j.opsi.all():
            o.nilai_saya = j.nilai_saya.get(o.pk, "")
        j.blokir = selectors.alasan_blokir(j) if j.jenis == JenisJajak.PERSETUJUAN and j.hasil else []
        j.rentang_skor = range(0, j.skor_maks + 1)
    boleh_kelola = selectors.boleh_topik(request.user, topik, Aksi.MUSYAWARAH_KELOLA)
    peserta = list(selectors.peserta_topik(topik))
    return {
        "topik": topik,
        "deskripsi_html": render_markdown(topik.deskripsi),
        "lampiran": list(selectors.lampiran_topik(topik)),
        "komentar": selectors.komentar_topik(topik),
        "jajak": jajak,
        "keputusan": selectors.keputusan_topik(topik),
        "rapat": selectors.rapat_topik(topik),
        "komentar_form": komentar_form or f.KomentarForm(),
        "boleh_kelola": boleh_kelola,
        "terbuka": topik.status != StatusTopik.DITUTUP,
        "sebutan": [(u.nama, selectors.sebutan(u.nama)) for u in peserta],
        "posisi": Posisi.choices,
        "jenis": JenisJajak,
    }


@login_required
@require_http_methods(["GET", "POST"])
def topik(request, pk: int):
    t = _topik_atau_404(request, pk)
    form = None
    if request.method == "POST":
        form = f.KomentarForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                k = services.komentar_add(actor=request.user, topik=t, isi=form.cleaned_data["isi"],
                                          foto=form.cleaned_data["foto"])
            except ApplicationError as exc:
                galat_atau_404(form, exc)
            else:
                return redirect(f"{reverse('musyawarah:topik', args=[t.pk])}#komentar-{k.pk}")
    return render(request, "musyawarah/topik.html", _konteks_topik(request, t, komentar_form=form))


@login_required
@require_POST
def suara(request, pk: int):
    j = _jajak_atau_404(request, pk)
    posisi, alasan = request.POST.get("posisi", ""), request.POST.get("alasan", "")
    try:
        nilai = _nilai_dari_post(j, request.POST) if j.jenis != JenisJajak.PERSETUJUAN else {}
        services.suara_berikan(actor=request.user, jajak=j, posisi=posisi, alasan=alasan, nilai=nilai)
    except ApplicationError as exc:
        if isinstance(exc, NotFound):
            raise Http404 from exc
        galat = {j.pk: {"pesan": exc.message, "posisi": posisi, "alasan": alasan,
                        "nilai": {o.pk: request.POST.get(f"o-{o.pk}", "") for o in j.opsi.all()}
                        | ({int(request.POST["opsi"]): 1} if request.POST.get("opsi", "").isdigit() else {})}}
        return render(request, "musyawarah/topik.html", _konteks_topik(request, j.topik, galat_jajak=galat),
                      status=400)
    messages.success(request, _("Suara Anda tersimpan. Anda masih dapat mengubahnya sampai jajak ditutup."))
    return redirect(f"{reverse('musyawarah:topik', args=[j.topik_id])}#jajak-{j.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def jajak_baru(request, pk: int):
    t = _topik_atau_404(request, pk)
    if not selectors.boleh_topik(request.user, t, Aksi.MUSYAWARAH_KELOLA):
        raise Http404
    form = f.JajakForm(request.POST or None, initial={"jenis": request.GET.get("jenis", JenisJajak.PERSETUJUAN)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            j = services.jajak_create(
                actor=request.user, topik=t, jenis=d["jenis"], pertanyaan=d["pertanyaan"], opsi=d["daftar_opsi"],
                ditutup_pada=d["ditutup_pada"], keterangan=d["keterangan"], kuorum=d["kuorum"],
                sembunyikan_hasil=d["sembunyikan_hasil"], skor_maks=d["skor_maks"], jumlah_titik=d["jumlah_titik"])
        except ApplicationError as exc:
            galat_atau_404(form, exc)
        else:
            messages.success(request, _("Jajak pendapat dibuka."))
            return redirect(f"{reverse('musyawarah:topik', args=[t.pk])}#jajak-{j.pk}")
    return render(request, "musyawarah/jajak_baru.html", {"topik": t, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def putuskan(request, pk: int):
    j = _jajak_atau_404(request, pk)
    t = j.topik
    if not selectors.boleh_topik(request.user, t, Aksi.MUSYAWARAH_KELOLA) or hasattr(j, "keputusan"):
        raise Http404
    form = f.PutuskanForm(request.POST or None, peserta=selectors.peserta_topik(t))
    if request.method == "POST" and form.is_valid():
        try:
            services.jajak_putuskan(actor=request.user, jajak=j, pernyataan=form.cleaned_data["pernyataan"],
                                    tindak_lanjut=form.tindak_lanjut())
        except ApplicationError as exc:
            galat_atau_404(form, exc)
        else:
            messages.success(request, _("Keputusan dicatat dan penanggung jawab diberi tahu."))
            return redirect(f"{reverse('musyawarah:topik', args=[t.pk])}#keputusan")
    return render(request, "musyawarah/putuskan.html", {
        "topik": t, "jajak": j, "form": form, "hasil": selectors.hasil_jajak(j, list(j.opsi.all())),
        "blokir": selectors.alasan_blokir(j) if j.jenis == JenisJajak.PERSETUJUAN else [],
    })


@login_required
@require_http_methods(["GET", "POST"])
def rapat_baru(request, pk: int):
    t = _topik_atau_404(request, pk)
    if not selectors.boleh_topik(request.user, t, Aksi.MUSYAWARAH_KELOLA):
        raise Http404
    anggota = Anggota.objects.filter(aktif=True, kim_id=t.kim_id).order_by("nama") if t.kim_id else \
        Anggota.objects.none()
    form = f.RapatForm(request.POST or None, peserta=selectors.peserta_topik(t), anggota=anggota,
                       )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.rapat_catat(actor=request.user, topik=t, waktu=d["waktu"], tempat=d["tempat"],
                                 notulen=d["notulen"], pernyataan=d["pernyataan"], hadir=d["hadir"],
                                 hadir_lain=d["hadir_lain"] or 0, suara_kertas=form.suara_kertas(),
                                 tindak_lanjut=form.tindak_lanjut())
        except ApplicationError as exc:
            galat_atau_404(form, exc)
        else:
            messages.success(request, _("Rapat dan keputusannya dicatat."))
            return redirect(f"{reverse('musyawarah:topik', args=[t.pk])}#keputusan")
    return render(request, "musyawarah/rapat_baru.html", {"topik": t, "form": form})


@login_required
@require_POST
def topik_tutup(request, pk: int):
    t = _topik_atau_404(request, pk)
    form = f.TutupForm(request.POST)
    if form.is_valid():
        try:
            services.topik_tutup(actor=request.user, topik=t, alasan=form.cleaned_data["alasan"])
        except ApplicationError as exc:
            if isinstance(exc, NotFound):
                raise Http404 from exc
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Topik ditutup."))
    else:
        messages.error(request, _("Tuliskan alasan menutup topik."))
    return redirect("musyawarah:topik", t.pk)


@login_required
@require_POST
def ajukan_aspirasi(request, pk: int):
    kep = Keputusan.objects.filter(pk=pk).select_related("kim").first()
    if kep is None:
        raise Http404
    kep.topik = _topik_atau_404(request, kep.topik_id)
    try:
        services.keputusan_ajukan_aspirasi(actor=request.user, keputusan=kep)
    except ApplicationError as exc:
        if isinstance(exc, NotFound):
            raise Http404 from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Keputusan diajukan sebagai aspirasi kepada pemerintah."))
    return redirect(f"{reverse('musyawarah:topik', args=[kep.topik_id])}#keputusan")


@login_required
@never_cache
def lampiran(request, pk: int):
    lamp = Lampiran.objects.filter(pk=pk).first()
    if lamp is None:
        raise Http404
    _topik_atau_404(request, lamp.topik_id)
    try:
        fh = lamp.berkas.open("rb")
    except (FileNotFoundError, ValueError, OSError):
        raise Http404 from None
    resp = FileResponse(fh, content_type="image/jpeg")
    resp["Cache-Control"] = "private, max-age=86400"
    return resp


# --- action items and accountability ------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def tindak_lanjut(request, pk: int):
    try:
        tl = selectors.tindak_lanjut_get(user=request.user, pk=pk)
    except TindakLanjut.DoesNotExist as exc:
        raise Http404 from exc
    boleh = services.boleh_perbarui(request.user, tl)
    form = f.PerbaruiForm(request.POST or None, request.FILES or None,
                          initial={"progres": tl.progres, "status": tl.status, "bukti": tl.bukti})
    if request.method == "POST":
        if not boleh:
            raise Http404
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.tindak_lanjut_perbarui(actor=request.user, tindak_lanjut=tl, progres=d["progres"],
                                                status=d["status"], catatan=d["catatan"], bukti=d["bukti"],
                                                foto=d["foto"])
            except ApplicationError as exc:
                galat_atau_404(form, exc)
            else:
                messages.success(request, _("Kemajuan diperbarui."))
                return redirect("musyawarah:tindak_lanjut", tl.pk)
    anggota_topik = selectors.boleh_topik(request.user, tl.keputusan.topik)
    return render(request, "musyawarah/tindak_lanjut.html", {
        "tl": tl, "form": form, "boleh": boleh, "anggota_topik": anggota_topik,
        "pembaruan": tl.pembaruan.select_related("penulis").prefetch_related("lampiran")[:50],
    })


@login_required
def akuntabilitas(request):
    kode = request.GET.get("wilayah", "").strip()
    kim_id = request.GET.get("kim", "")
    kim_id = int(kim_id) if kim_id.isdigit() else None
    terlambat = request.GET.get("terlambat") == "1"
    wilayah = None
    if kode:
        wilayah = Wilayah.objects.filter(kode=kode).first()
        if wilayah is None or not selectors.boleh_akuntabilitas_wilayah(request.user, kode):
            raise Http404(_("Wilayah tidak ditemukan."))
    kim = None
    if kim_id:
        kim = Kim.objects.filter(pk=kim_id).select_related("desa").first()
        if kim is None or not (selectors.boleh_akuntabilitas_wilayah(request.user, kim.desa_id)
                               or kim.pk in selectors.jangkauan(request.user)[0]):
            raise Http404(_("KIM tidak ditemukan."))
    page = Paginator(selectors.keputusan_list(user=request.user, wilayah=kode, kim_id=kim_id), PER_HALAMAN).get_page(
        request.GET.get("halaman"))
    for k in page:
        k.rata = round((k.total_progres or 0) / k.n_tl) if k.n_tl else None
    saring = {k: v for k, v in (("wilayah", kode), ("kim", kim_id or ""), ("terlambat", "1" if terlambat else ""))
              if v}
    return render(request, "musyawarah/akuntabilitas.html", {
        "page": page, "wilayah": wilayah, "kim": kim, "terlambat": terlambat,
        "ringkasan": selectors.ringkasan_akuntabilitas(user=request.user, wilayah=kode, kim_id=kim_id),
        "lewat": selectors.tindak_lanjut_list(user=request.user, wilayah=kode, kim_id=kim_id, terlambat=True)[:30],
        "query": urlencode(saring),
    })


@login_required
@require_POST
def dari_aspirasi(request, aspirasi_id: int):
    """Turn an aspiration received by the user's KIM into a topic (idempotent: the same
    aspiration always leads to the same topic). The aspiration app links here with a POST form."""
    from simpul.aspirasi import selectors as aspirasi_selectors

    a = aspirasi_selectors.aspirasi_kelola_get(user=request.user, pk=aspirasi_id)  # 404 outside reach
    if a.kim_id is None or a.kim_id not in selectors.jangkauan(request.user, Aksi.MUSYAWARAH_KELOLA)[0]:
        raise Http404
    try:
        t = services.topik_dari_aspirasi(actor=request.user, aspirasi=a, kim=a.kim)
    except ApplicationError as exc:
        if isinstance(exc, NotFound):
            raise Http404 from exc
        messages.error(request, exc.message)
        return redirect("musyawarah:beranda")
    return redirect("musyawarah:topik", t.pk)
