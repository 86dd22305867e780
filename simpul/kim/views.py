"""Internal pages of the KIM registry: the formation wizard, the KIMs a user manages or oversees,
each KIM's internal page and files, and Diskominfo's verification queue.

Thin: every read goes through ``selectors`` / the scope engine, every write through ``services``.
A KIM outside the user's reach answers 404. Every page works without JavaScript.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from simpul.core import scope
from simpul.core.errors import ApplicationError, NotFound, galat_atau_404
from simpul.core.peran import Aksi, Peran
from simpul.core.teks import megabita

from . import forms as f
from . import selectors, services
from .models import DokumenKim, JenisDokumen, Kim, Pengurus, StatusKim, SumberDana, SuratKeputusan

PER_HALAMAN = 25
LANGKAH = (
    (1, gettext_lazy("Identitas")),
    (2, gettext_lazy("Anggota")),
    (3, gettext_lazy("Pengurus")),
    (4, gettext_lazy("SK")),
    (5, gettext_lazy("Dokumen")),
    (6, gettext_lazy("Periksa & ajukan")),
)
SK_PERINGATAN_HARI = 60


class _Batal(Exception):
    """Roll back a multi-row save after a row failed (its error is already on the form)."""


def _kim_atau_404(request, pk: int, aksi: str, qs=None) -> Kim:
    return scope.get_for_user_or_404(qs if qs is not None else Kim.objects.select_related("desa__induk"),
                                     request.user, aksi, pk=pk)


def _boleh(request, kim: Kim, aksi: str) -> bool:
    return scope.boleh(request.user, aksi, wilayah_kode=kim.desa_id, kim_id=kim.pk)


# --- list and internal page ---------------------------------------------------------------------
@login_required
def kelola(request):
    saring = f.SaringStatusForm(request.GET or None)
    status = saring.cleaned_data["status"] if saring.is_valid() else ""
    page = Paginator(selectors.kim_kelola_list(user=request.user, status=status), PER_HALAMAN).get_page(
        request.GET.get("halaman"))
    verifikator = not scope.lingkup(request.user, Aksi.KIM_VERIFIKASI).kosong
    kelola_ = scope.lingkup(request.user, Aksi.KIM_KELOLA)
    for kim in page:
        kim.boleh_lanjut = kim.dapat_diubah and (kelola_.mencakup_wilayah(kim.desa_id) or kim.pk in kelola_.kim_ids)
    return render(request, "kim/kelola/daftar.html", {
        "page": page,
        "saring": saring,
        "status": status,
        "jumlah_status": selectors.kim_kelola_jumlah_status(user=request.user),
        "query": urlencode({"status": status}) if status else "",
        "jumlah_antrean": selectors.antrean_verifikasi(user=request.user).count() if verifikator else None,
    })


def _sk_info(sk: SuratKeputusan | None) -> dict:
    if sk is None:
        return {"sk_sisa_hari": None}
    sisa = (sk.berlaku_sampai - timezone.localdate()).days
    return {"sk_sisa_hari": sisa, "sk_kedaluwarsa": sisa < 0, "sk_segera": 0 <= sisa <= SK_PERINGATAN_HARI}


@login_required
def kelola_detail(request, pk: int):
    kim = _kim_atau_404(request, pk, Aksi.KIM_INTERNAL, Kim.objects.select_related("desa__induk__induk",
                                                                                   "dibuat_oleh"))
    sk_list = selectors.sk_kim(kim)
    boleh_kelola = _boleh(request, kim, Aksi.KIM_KELOLA)
    return render(request, "kim/kelola/detail.html", {
        "kim": kim,
        "sumber_dana": [SumberDana(v).label for v in kim.sumber_dana or () if v in SumberDana.values],
        "anggota": selectors.anggota_kim(kim),
        "pengurus": selectors.pengurus_kim(kim),
        "sk_list": sk_list,
        **_sk_info(sk_list[0] if sk_list else None),
        "dokumen": selectors.dokumen_kim(kim),
        "riwayat": selectors.riwayat_kim(kim),
        "kekurangan": selectors.kim_kelengkapan(kim) if kim.dapat_diubah else [],
        "alasan_status": selectors.alasan_status_terakhir(kim)
        if kim.status in (StatusKim.PERLU_REVISI, StatusKim.DITOLAK, StatusKim.DIBEKUKAN) else None,
        "boleh_kelola": boleh_kelola and kim.status not in (StatusKim.DIAJUKAN, StatusKim.DITOLAK),
        "boleh_verifikasi": _boleh(request, kim, Aksi.KIM_VERIFIKASI),
        "langkah": LANGKAH[:5],
    })


def _sajikan(berkas, jenis: str, nama: str):
    try:
        fh = berkas.open("rb")
    except (FileNotFoundError, ValueError, OSError):
        raise Http404(_("Berkas tidak ditemukan.")) from None
    resp = FileResponse(fh, content_type=jenis or "application/octet-stream", filename=nama)
    resp["Cache-Control"] = "private, no-store"
    return resp


@login_required
@never_cache
def berkas_sk(request, pk: int, sk_id: int):
    kim = _kim_atau_404(request, pk, Aksi.KIM_INTERNAL, Kim.objects.all())
    sk = get_object_or_404(SuratKeputusan, pk=sk_id, kim=kim)
    ext = sk.berkas.name.rsplit(".", 1)[-1] if "." in sk.berkas.name else "bin"
    return _sajikan(sk.berkas, sk.berkas_jenis, f"SK-{kim.slug}-{sk.tanggal:%Y%m%d}.{ext}")


@login_required
@never_cache
def berkas_dokumen(request, pk: int, dokumen_id: int):
    kim = _kim_atau_404(request, pk, Aksi.KIM_INTERNAL, Kim.objects.all())
    dok = get_object_or_404(DokumenKim, pk=dokumen_id, kim=kim)
    ext = dok.berkas.name.rsplit(".", 1)[-1] if "." in dok.berkas.name else "bin"
    return _sajikan(dok.berkas, dok.berkas_jenis, f"{dok.jenis}-{kim.slug}-{dok.pk}.{ext}")


# --- formation wizard ---------------------------------------------------------------------------
def _desa_operator(user) -> str:
    """The desa of the user's first desa-operator grant (to pre-fill step 1), or ""."""
    for peran, kode in scope.penugasan_aktif(user):
        if peran == Peran.DESA and kode:
            return kode
    return ""


def _data_identitas(form: f.IdentitasForm, *, dengan_nama_desa: bool = True) -> dict:
    d = form.cleaned_data
    data = {
        "alamat": d["alamat"], "telepon": d["telepon"], "email": d["email"],
        "tanggal_berdiri": d["tanggal_berdiri"], "deskripsi": d["deskripsi"],
        "situs_kimid": d["situs_kimid"], "media_sosial": form.media_sosial(), "sumber_dana": d["sumber_dana"],
    }
    if dengan_nama_desa:
        data.update(nama=d["nama"], desa=f.kode_desa(d["desa"]))
    return data


@login_required
@require_http_methods(["GET", "POST"])
def wizard_baru(request):
    pembuat = not scope.punya_peran_pemerintah(request.user)
    if request.method == "POST":
        form = f.IdentitasForm(request.POST, pembuat=pembuat or "kelompok_umur" in request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                kim = services.kim_create_draft(
                    actor=request.user, **_data_identitas(form),
                    kelompok_umur_pembuat=d.get("kelompok_umur", ""),
                    jenis_kelamin_pembuat=d.get("jenis_kelamin", ""),
                )
            except ApplicationError as exc:
                if exc.field in ("kelompok_umur", "jenis_kelamin") and exc.field not in form.fields:
                    # An office acting outside its own desa forms the KIM as a citizen: ask.
                    form = f.IdentitasForm(request.POST, pembuat=True)
                    form.is_valid()
                galat_atau_404(form, exc)
            else:
                services.kim_set_langkah(actor=request.user, kim=kim, langkah=2)
                messages.success(request, _("Draf KIM disimpan. Lanjutkan dengan daftar anggota."))
                return redirect("kim:wizard", pk=kim.pk, langkah=2)
    else:
        form = f.IdentitasForm(pembuat=pembuat, initial={"desa": _desa_operator(request.user)})
    return render(request, "kim/kelola/langkah_1.html", {
        "form": form, "kim": None, "langkah": 1, "langkah_list": _langkah_list(None), "mode_wizard": True,
    }, status=400 if form.errors else 200)


@login_required
def wizard_lanjut(request, pk: int):
    kim = _kim_atau_404(request, pk, Aksi.KIM_KELOLA, Kim.objects.all())
    if not kim.dapat_diubah:
        return redirect("kim:kelola_detail", pk=kim.pk)
    return redirect("kim:wizard", pk=kim.pk, langkah=kim.langkah_wizard)


def _langkah_list(kim: Kim | None) -> list[dict]:
    tercapai = kim.langkah_wizard if kim is not None else 1
    return [{"n": n, "label": label, "bisa": kim is not None and n <= tercapai} for n, label in LANGKAH]


@login_required
@require_http_methods(["GET", "POST"])
def wizard(request, pk: int, langkah: int):
    kim = _kim_atau_404(request, pk, Aksi.KIM_KELOLA)
    if not 1 <= langkah <= len(LANGKAH):
        raise Http404
    mode_wizard = kim.dapat_diubah
    if not mode_wizard:
        if kim.status in (StatusKim.AKTIF, StatusKim.DIBEKUKAN) and langkah <= 5:
            pass  # the same pages edit an active KIM's data, outside the wizard
        else:
            if kim.status == StatusKim.DIAJUKAN:
                messages.info(request, _("KIM ini sedang diverifikasi; datanya belum dapat diubah."))
            return redirect("kim:kelola_detail", pk=kim.pk)
    elif langkah > kim.langkah_wizard:
        return redirect("kim:wizard", pk=kim.pk, langkah=kim.langkah_wizard)
    ctx = {
        "kim": kim, "langkah": langkah, "mode_wizard": mode_wizard,
        "langkah_list": _langkah_list(kim) if mode_wizard else [],
        "catatan_revisi": selectors.catatan_revisi_terakhir(kim) if kim.status == StatusKim.PERLU_REVISI else None,
    }
    handler = {1: _identitas, 2: _anggota, 3: _pengurus, 4: _sk, 5: _dokumen, 6: _periksa}[langkah]
    return handler(request, kim, ctx)


def _maju(request, kim: Kim, langkah: int, pesan: str | None = None):
    """After a step saved: the next step (wizard) or back to the KIM's page (editing an active KIM)."""
    if pesan:
        messages.success(request, pesan)
    if kim.dapat_diubah:
        services.kim_set_langkah(actor=request.user, kim=kim, langkah=langkah + 1)
        return redirect("kim:wizard", pk=kim.pk, langkah=langkah + 1)
    return redirect("kim:kelola_detail", pk=kim.pk)


def _render(request, template: str, ctx: dict, *forms_):
    galat = any(x is not None and (x.errors if not hasattr(x, "total_error_count") else x.total_error_count())
                for x in forms_)
    return render(request, template, ctx, status=400 if galat else 200)


def _identitas(request, kim: Kim, ctx: dict):
    kunci = not kim.dapat_diubah
    if request.method == "POST":
        form = f.IdentitasForm(request.POST, kunci_nama_desa=kunci, initial={"nama": kim.nama, "desa": kim.desa_id})
        if form.is_valid():
            try:
                services.kim_update_profil(actor=request.user, kim=kim,
                                           **_data_identitas(form, dengan_nama_desa=not kunci))
            except ApplicationError as exc:
                galat_atau_404(form, exc)
            else:
                return _maju(request, kim, 1, _("Identitas KIM disimpan."))
    else:
        initial = {
            "nama": kim.nama, "desa": kim.desa_id, "alamat": kim.alamat, "telepon": kim.telepon,
            "email": kim.email, "tanggal_berdiri": kim.tanggal_berdiri, "deskripsi": kim.deskripsi,
            "situs_kimid": kim.situs_kimid, "sumber_dana": kim.sumber_dana,
            **{f"media_{k}": v for k, v in (kim.media_sosial or {}).items()},
        }
        form = f.IdentitasForm(initial=initial, kunci_nama_desa=kunci)
    return _render(request, "kim/kelola/langkah_1.html", {**ctx, "form": form}, form)


def _anggota(request, kim: Kim, ctx: dict):
    galat_baris = True
    if request.method == "POST" and request.POST.get("aksi") == "baris":
        # "More rows" without JavaScript: the same rows, typed input kept, five empty ones added.
        data = request.POST.copy()
        try:
            total = int(data.get("anggota-TOTAL_FORMS", 0))
        except ValueError:
            total = 0
        data["anggota-TOTAL_FORMS"] = str(max(0, min(total, 25)) + 5)
        formset = f.AnggotaFormSet(data, prefix="anggota")
        galat_baris = False
    elif request.method == "POST":
        formset = f.AnggotaFormSet(request.POST, prefix="anggota")
        lanjut = request.POST.get("aksi") == "lanjut"
        if formset.is_valid():
            baris = [x for x in formset if x.has_changed() and x.cleaned_data.get("nama")]
            try:
                with transaction.atomic():
                    gagal = False
                    for x in baris:
                        try:
                            services.anggota_add(actor=request.user, kim=kim, **{
                                k: x.cleaned_data[k] for k in ("nama", "telepon", "jenis_kelamin", "kelompok_umur")})
                        except ApplicationError as exc:
                            galat_atau_404(x, exc)
                            gagal = True
                    if gagal:
                        raise _Batal
            except _Batal:
                pass
            else:
                if baris:
                    messages.success(request, _("%(n)d anggota ditambahkan.") % {"n": len(baris)})
                if lanjut:
                    return _maju(request, kim, 2)
                return redirect(request.path)
    else:
        formset = f.AnggotaFormSet(prefix="anggota")
    anggota = selectors.anggota_kim(kim)
    return _render(request, "kim/kelola/langkah_2.html", {
        **ctx, "formset": formset, "anggota": anggota, "galat_baris": galat_baris,
        "jumlah_aktif": sum(1 for a in anggota if a.aktif), "min_anggota": selectors.MIN_ANGGOTA,
    }, *([formset] if galat_baris else []))


def _pengurus(request, kim: Kim, ctx: dict):
    pilihan = list(selectors.anggota_aktif_pilihan(kim))
    per_id = {str(a.pk): a for a in pilihan}
    pengurus = selectors.pengurus_kim(kim)
    if request.method == "POST":
        inti = f.PengurusIntiForm(request.POST, prefix="inti", anggota=pilihan)
        seksi = f.SeksiFormSet(request.POST, prefix="seksi", form_kwargs={"anggota": pilihan})
        if inti.is_valid() and seksi.is_valid():
            d = inti.cleaned_data
            try:
                with transaction.atomic():
                    gagal = False
                    if not inti.kosong:
                        try:
                            services.pengurus_inti_set(
                                actor=request.user, kim=kim, ketua=per_id.get(d["ketua"]),
                                sekretaris=per_id.get(d["sekretaris"]), bendahara=per_id.get(d["bendahara"]),
                                mulai=d["mulai"], selesai=d["selesai"])
                        except ApplicationError as exc:
                            galat_atau_404(inti, exc)
                            gagal = True
                    for x in seksi:
                        if gagal or not x.cleaned_data.get("anggota"):
                            continue
                        try:
                            services.pengurus_set(actor=request.user, kim=kim, anggota=per_id.get(x.cleaned_data["anggota"]),
                                                  jabatan="seksi", nama_seksi=x.cleaned_data["nama_seksi"],
                                                  mulai=d["mulai"], selesai=d["selesai"])
                        except ApplicationError as exc:
                            galat_atau_404(x, exc)
                            gagal = True
                    if gagal:
                        raise _Batal
            except _Batal:
                pass
            else:
                return _maju(request, kim, 3, _("Susunan pengurus disimpan."))
    else:
        awal = {p.jabatan: p for p in pengurus if p.jabatan in ("ketua", "sekretaris", "bendahara")}
        ketua = awal.get("ketua")
        inti = f.PengurusIntiForm(prefix="inti", anggota=pilihan, initial={
            **{j: str(p.anggota_id) for j, p in awal.items()},
            "mulai": ketua.mulai if ketua else timezone.localdate(), "selesai": ketua.selesai if ketua else None,
        })
        seksi = f.SeksiFormSet(prefix="seksi", form_kwargs={"anggota": pilihan})
    return _render(request, "kim/kelola/langkah_3.html", {
        **ctx, "inti": inti, "seksi": seksi, "pengurus": pengurus, "ada_anggota": bool(pilihan),
    }, inti, seksi)


def _sk(request, kim: Kim, ctx: dict):
    sk_list = selectors.sk_kim(kim)
    if request.method == "POST":
        form = f.SkForm(request.POST, request.FILES)
        if form.is_valid():
            if form.kosong:
                if not sk_list:
                    messages.info(request, _("SK belum diunggah. Anda dapat mengunggahnya nanti sebelum mengajukan."))
                return _maju(request, kim, 4)
            d = form.cleaned_data
            try:
                services.sk_upload(actor=request.user, kim=kim, nomor=d["nomor"], tanggal=d["tanggal"],
                                   penerbit_jenis=d["penerbit_jenis"], penerbit_nama=d["penerbit_nama"],
                                   berlaku_sampai=d["berlaku_sampai"], berkas=d["berkas"])
            except ApplicationError as exc:
                galat_atau_404(form, exc)
            else:
                return _maju(request, kim, 4, _("SK diunggah."))
    else:
        form = f.SkForm()
    return _render(request, "kim/kelola/langkah_4.html", {
        **ctx, "form": form, "batas_mb": _batas_mb(), "sk_list": sk_list, **_sk_info(sk_list[0] if sk_list else None),
    }, form)


def _batas_mb() -> str:
    return megabita(settings.SIMPUL_SK_MAX_BYTES)


def _dokumen(request, kim: Kim, ctx: dict):
    dokumen = selectors.dokumen_kim(kim)
    if request.method == "POST":
        form = f.DokumenForm(request.POST, request.FILES)
        if form.is_valid():
            unggah = [(j, form.cleaned_data[j]) for j in (JenisDokumen.NOTULEN, JenisDokumen.DAFTAR_HADIR)
                      if form.cleaned_data.get(j)]
            try:
                with transaction.atomic():
                    for jenis, berkas in unggah:
                        services.dokumen_upload(actor=request.user, kim=kim, jenis=jenis, berkas=berkas)
            except ApplicationError as exc:
                galat_atau_404(form, exc)
            else:
                return _maju(request, kim, 5, _("Dokumen diunggah.") if unggah else None)
    else:
        form = f.DokumenForm()
    ada = {d.jenis for d in dokumen}
    return _render(request, "kim/kelola/langkah_5.html", {
        **ctx, "form": form, "batas_mb": _batas_mb(), "dokumen": dokumen,
        "ada_notulen": JenisDokumen.NOTULEN in ada, "ada_daftar_hadir": JenisDokumen.DAFTAR_HADIR in ada,
    }, form)


def _periksa(request, kim: Kim, ctx: dict):
    galat = None
    if request.method == "POST":
        try:
            services.kim_submit(actor=request.user, kim=kim)
        except ApplicationError as exc:
            if isinstance(exc, NotFound):
                raise Http404 from exc
            galat = exc.message if "kekurangan" not in exc.extra else _("KIM belum dapat diajukan.")
        else:
            messages.success(request, _("KIM diajukan ke Diskominfo kabupaten/kota untuk diverifikasi. Anda "
                                        "akan mendapat notifikasi hasilnya."))
            return redirect("kim:kelola_detail", pk=kim.pk)
    sk = selectors.sk_terakhir(kim)
    return render(request, "kim/kelola/langkah_6.html", {
        **ctx, "kekurangan": selectors.kim_kelengkapan(kim), "galat": galat,
        "jumlah_anggota": selectors.jumlah_anggota_aktif(kim), "pengurus": selectors.pengurus_kim(kim),
        "sk": sk, "dokumen": selectors.dokumen_kim(kim),
    }, status=400 if galat else 200)


# --- members and officers outside the wizard ----------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def anggota_ubah(request, pk: int, anggota_id: int):
    kim = _kim_atau_404(request, pk, Aksi.KIM_KELOLA)
    anggota = get_object_or_404(kim.anggota.all(), pk=anggota_id)
    if request.method == "POST":
        form = f.AnggotaForm(request.POST)
        if form.is_valid():
            try:
                services.anggota_update(actor=request.user, anggota=anggota, **form.cleaned_data)
            except ApplicationError as exc:
                galat_atau_404(form, exc)
            else:
                messages.success(request, _("Data anggota disimpan."))
                return redirect(_kembali(kim))
    else:
        form = f.AnggotaForm(initial={k: getattr(anggota, k) for k in ("nama", "telepon", "jenis_kelamin",
                                                                       "kelompok_umur")})
    return render(request, "kim/kelola/anggota_ubah.html", {
        "kim": kim, "anggota": anggota, "form": form, "nonaktif": f.NonaktifForm(), "kembali": _kembali(kim),
    }, status=400 if form.errors else 200)


def _kembali(kim: Kim) -> str:
    if kim.dapat_diubah:
        return reverse("kim:wizard", args=[kim.pk, 2])
    return reverse("kim:kelola_detail", args=[kim.pk])


@login_required
@require_POST
def anggota_nonaktif(request, pk: int, anggota_id: int):
    kim = _kim_atau_404(request, pk, Aksi.KIM_KELOLA)
    anggota = get_object_or_404(kim.anggota.all(), pk=anggota_id)
    form = f.NonaktifForm(request.POST)
    alasan = form.cleaned_data["alasan"] if form.is_valid() else ""
    try:
        services.anggota_deactivate(actor=request.user, anggota=anggota, alasan=alasan)
    except ApplicationError as exc:
        if isinstance(exc, NotFound):
            raise Http404 from exc
        messages.error(request, exc.message)
        return redirect("kim:anggota_ubah", pk=kim.pk, anggota_id=anggota.pk)
    messages.success(request, _("%(nama)s tidak lagi tercatat sebagai anggota aktif.") % {"nama": anggota.nama})
    return redirect(_kembali(kim))


@login_required
@require_POST
def pengurus_akhiri(request, pk: int, pengurus_id: int):
    kim = _kim_atau_404(request, pk, Aksi.KIM_KELOLA)
    pengurus = get_object_or_404(Pengurus.objects.filter(kim=kim), pk=pengurus_id)
    try:
        services.pengurus_end(actor=request.user, pengurus=pengurus)
    except ApplicationError as exc:
        if isinstance(exc, NotFound):
            raise Http404 from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Jabatan diakhiri."))
    return redirect("kim:wizard", pk=kim.pk, langkah=3)


# --- verification -------------------------------------------------------------------------------
@login_required
def verifikasi(request):
    if scope.lingkup(request.user, Aksi.KIM_VERIFIKASI).kosong:
        raise Http404
    page = Paginator(selectors.antrean_verifikasi(user=request.user), PER_HALAMAN).get_page(request.GET.get("halaman"))
    sekarang = timezone.now()
    for kim in page:
        kim.hari_menunggu = (sekarang - kim.diajukan_pada).days if kim.diajukan_pada else 0
    return render(request, "kim/kelola/verifikasi_antrean.html", {"page": page, "query": ""})


_AKSI_VERIFIKASI = {
    # aksi: (form class, the status it applies to)
    "setujui": (f.SetujuiForm, StatusKim.DIAJUKAN),
    "revisi": (f.CatatanForm, StatusKim.DIAJUKAN),
    "tolak": (f.AlasanForm, StatusKim.DIAJUKAN),
    "bekukan": (f.AlasanForm, StatusKim.AKTIF),
    "aktifkan": (f.AlasanForm, StatusKim.DIBEKUKAN),
}


def _jalankan(aksi: str, request, kim: Kim, data: dict) -> str:
    if aksi == "setujui":
        services.kim_approve(actor=request.user, kim=kim, checklist=data["checklist"])
        return _("%(kim)s disetujui dan kini aktif.")
    if aksi == "revisi":
        services.kim_request_revision(actor=request.user, kim=kim, catatan=data["catatan"])
        return _("Permintaan revisi dikirim kepada pengurus %(kim)s.")
    if aksi == "tolak":
        services.kim_reject(actor=request.user, kim=kim, alasan=data["alasan"])
        return _("Pengajuan %(kim)s ditolak.")
    if aksi == "bekukan":
        services.kim_freeze(actor=request.user, kim=kim, alasan=data["alasan"])
        return _("%(kim)s dibekukan.")
    services.kim_unfreeze(actor=request.user, kim=kim, alasan=data["alasan"])
    return _("%(kim)s aktif kembali.")


@login_required
@require_http_methods(["GET", "POST"])
def verifikasi_tinjau(request, pk: int):
    kim = _kim_atau_404(request, pk, Aksi.KIM_VERIFIKASI, Kim.objects.select_related("desa__induk__induk",
                                                                                     "dibuat_oleh"))
    forms_ = {aksi: (cls(prefix=aksi) if kim.status == status else None)
              for aksi, (cls, status) in _AKSI_VERIFIKASI.items()}
    if request.method == "POST":
        aksi = request.POST.get("aksi", "")
        if aksi not in _AKSI_VERIFIKASI or forms_[aksi] is None:
            messages.error(request, _("Tindakan ini tidak berlaku untuk KIM berstatus %(status)s.")
                           % {"status": kim.get_status_display().lower()})
            return redirect("kim:verifikasi_tinjau", pk=kim.pk)
        form = _AKSI_VERIFIKASI[aksi][0](request.POST, prefix=aksi)
        forms_[aksi] = form
        if form.is_valid():
            try:
                pesan = _jalankan(aksi, request, kim, form.cleaned_data)
            except ApplicationError as exc:
                galat_atau_404(form, exc)
            else:
                messages.success(request, pesan % {"kim": kim.nama})
                if aksi in ("setujui", "revisi", "tolak"):
                    return redirect("kim:verifikasi")
                return redirect("kim:kelola_detail", pk=kim.pk)
    kurang = selectors.kim_kelengkapan(kim)
    kode_kurang = {k.kode for k in kurang}
    lain = selectors.kim_lain_di_desa(kim)
    hasil_otomatis = {
        "identitas": "identitas" not in kode_kurang,
        "anggota": "anggota" not in kode_kurang,
        "pengurus": not ({"pengurus", "umur_pengurus"} & kode_kurang),
        "sk": "sk" not in kode_kurang,
        "dokumen": not ({JenisDokumen.NOTULEN, JenisDokumen.DAFTAR_HADIR} & kode_kurang),
        "tidak_ganda": not lain,
    }
    butir = []
    if forms_["setujui"] is not None:
        for sub in forms_["setujui"]["checklist"]:
            ok = hasil_otomatis.get(sub.data["value"])
            if ok:
                teks = _("tercatat lengkap")
            elif sub.data["value"] == "tidak_ganda":
                teks = _("ada KIM lain di desa ini: periksa")
            else:
                teks = _("periksa: belum terpenuhi")
            butir.append((sub, ok, teks))
    sk_list = selectors.sk_kim(kim)
    galat = any(x is not None and x.is_bound and x.errors for x in forms_.values())
    return render(request, "kim/kelola/verifikasi_tinjau.html", {
        "kim": kim, "forms": forms_, "butir": butir, "kekurangan": kurang, "kim_lain": lain,
        "anggota": selectors.anggota_kim(kim), "pengurus": selectors.pengurus_kim(kim),
        "sk_list": sk_list, **_sk_info(sk_list[0] if sk_list else None),
        "dokumen": selectors.dokumen_kim(kim),
        "hari_menunggu": (timezone.now() - kim.diajukan_pada).days if kim.diajukan_pada else None,
        "alasan_status": selectors.alasan_status_terakhir(kim),
    }, status=400 if galat else 200)
