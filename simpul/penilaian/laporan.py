"""The annual report of a region: coverage, trainings, campaigns, aspirations and assessment, as
PDF (core.pdf) and Excel (openpyxl). Each section comes from the owning app's selectors or models
with grouped queries; a section whose app is not installed is left out."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db.models import Count, Q, Sum
from django.http import FileResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from simpul.core.ekspor import XLSX, _aman
from simpul.core.kode import subtree_q

from .models import Peserta, Putaran


@dataclass
class Laporan:
    wilayah: object
    tahun: int
    cakupan: object = None
    pelatihan: list | None = None
    kampanye: dict | None = None
    aspirasi: dict | None = None
    putaran: list = field(default_factory=list)


def _ada(label: str, model: str) -> bool:
    try:
        apps.get_model(label, model)
        return True
    except LookupError:
        return False


def laporan_tahunan(*, user, wilayah, tahun: int) -> Laporan:
    kode = wilayah.kode
    lap = Laporan(wilayah=wilayah, tahun=tahun)
    from simpul.cakupan.selectors import cakupan_wilayah
    lap.cakupan = cakupan_wilayah(kode, hari_ini=date(tahun, 12, 31) if tahun < date.today().year else None)

    if _ada("pembinaan", "Kegiatan"):
        from simpul.pembinaan.selectors import jangkauan_per_program
        lap.pelatihan = jangkauan_per_program(user=user, tahun=tahun, wilayah=kode)

    if _ada("diseminasi", "Penerimaan"):
        Penerimaan = apps.get_model("diseminasi", "Penerimaan")  # noqa: N806
        qs = Penerimaan.objects.filter(subtree_q("desa_kode", kode), kampanye__diterbitkan_pada__year=tahun)
        lap.kampanye = qs.aggregate(
            kampanye=Count("kampanye", distinct=True), penerimaan=Count("pk"),
            diakui=Count("pk", filter=Q(diakui_pada__isnull=False)),
            dilaporkan=Count("pk", filter=Q(dilaporkan_pada__isnull=False)), jangkauan=Sum("jangkauan"))
        lap.kampanye["jangkauan"] = lap.kampanye["jangkauan"] or 0

    if _ada("aspirasi", "Aspirasi"):
        Aspirasi = apps.get_model("aspirasi", "Aspirasi")  # noqa: N806
        qs = Aspirasi.objects.filter(subtree_q("desa__kode", kode), dibuat__year=tahun)
        lap.aspirasi = qs.aggregate(
            masuk=Count("pk"), selesai=Count("pk", filter=Q(selesai_pada__isnull=False)),
            tepat_waktu=Count("pk", filter=Q(tepat_waktu=True)), terlambat=Count("pk", filter=Q(terlambat=True)))
        lap.aspirasi["per_jenis"] = list(qs.order_by().values("jenis").annotate(n=Count("pk")).order_by("jenis"))

    putaran = list(Putaran.objects.filter(subtree_q("wilayah__kode", kode), sampai__year=tahun)
                   .select_related("skema").order_by("sampai", "id"))
    tingkat = {}
    for r in (Peserta.objects.filter(putaran__in=putaran, total__isnull=False).order_by()
              .values("putaran_id", "tingkat").annotate(n=Count("pk"))):
        tingkat.setdefault(r["putaran_id"], []).append((r["tingkat"] or "—", r["n"]))
    for p in putaran:
        p.per_tingkat = sorted(tingkat.get(p.pk, []))
        p.teratas = list(Peserta.objects.filter(putaran=p, total__isnull=False).select_related("kim")
                         .order_by("kategori", "peringkat", "kim__nama")[:10])
    lap.putaran = putaran
    return lap


def xlsx_laporan(lap: Laporan, nama_berkas: str) -> FileResponse:
    wb = Workbook(write_only=True)
    a = lap.cakupan.angka
    ws = wb.create_sheet(_("Cakupan")[:31])
    ws.append([_("Wilayah"), _("Desa/kelurahan"), _("Desa dengan KIM aktif"), _("Kecamatan"),
               _("Kecamatan dengan KIM mandiri"), _("KIM aktif"), _("KIM mandiri")])
    ws.append([str(lap.wilayah), a.desa, a.desa_tercakup, a.kecamatan, a.kecamatan_mandiri, a.kim_aktif, a.kim_mandiri])
    for b in lap.cakupan.anak:
        ws.append([_aman(b.wilayah.nama), b.angka.desa, b.angka.desa_tercakup, b.angka.kecamatan, b.angka.kecamatan_mandiri,
                   b.angka.kim_aktif, b.angka.kim_mandiri])
    if lap.pelatihan is not None:
        ws = wb.create_sheet(_("Pembinaan")[:31])
        ws.append([_("Jenis"), _("Program"), _("Kegiatan"), _("Peserta hadir"), _("KIM"), _("Desa"), _("Kecamatan")])
        for p in lap.pelatihan:
            ws.append([p.label, _aman(p.program), p.kegiatan, p.peserta_hadir, p.kim, p.desa, p.kecamatan])
    if lap.kampanye is not None:
        ws = wb.create_sheet(_("Diseminasi")[:31])
        ws.append([_("Kampanye"), _("Diterima KIM"), _("Diakui"), _("Dilaporkan"), _("Jangkauan (orang)")])
        k = lap.kampanye
        ws.append([k["kampanye"], k["penerimaan"], k["diakui"], k["dilaporkan"], k["jangkauan"]])
    if lap.aspirasi is not None:
        ws = wb.create_sheet(_("Aspirasi")[:31])
        ws.append([_("Masuk"), _("Selesai"), _("Tepat waktu"), _("Terlambat")])
        s = lap.aspirasi
        ws.append([s["masuk"], s["selesai"], s["tepat_waktu"], s["terlambat"]])
    ws = wb.create_sheet(_("Penilaian")[:31])
    ws.append([_("Putaran"), _("Skema"), _("Kategori"), _("Peringkat"), _("KIM"), _("Skor"), _("Tingkat")])
    for p in lap.putaran:
        for x in p.teratas:
            ws.append([_aman(p.nama), _aman(str(p.skema)), _aman(x.kategori), x.peringkat, _aman(x.kim.nama), x.total,
                       _aman(x.tingkat)])
    berkas = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    wb.save(berkas)
    berkas.seek(0)
    return FileResponse(berkas, as_attachment=True, filename=nama_berkas, content_type=XLSX)
