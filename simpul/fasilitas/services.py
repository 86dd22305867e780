"""Every write of the facility register.

- Offices (``Aksi.FASILITAS_KELOLA`` on the KIM's region) record and edit facilities::

    fasilitas_create(*, actor, kim, jenis, nama, sumber, **fields) -> Fasilitas
    fasilitas_update(*, actor, fasilitas, **fields) -> Fasilitas

- The office, or the KIM's ketua (``FASILITAS_KELOLA`` on their own KIM), reports status and use::

    fasilitas_status_set(*, actor, fasilitas, status, catatan="") -> Fasilitas
    fasilitas_pemakaian_set(*, actor, fasilitas, pengguna_per_bulan, bulan=None) -> Fasilitas

Every change writes a ``FasilitasEvent`` (actor, time, before/after). Setting the same value again
changes nothing and writes nothing (idempotent). Money is whole rupiah (an integer).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core import scope
from simpul.core.errors import Forbidden, NotFound, ValidationError
from simpul.core.peran import Aksi
from simpul.core.teks import teks_masukan
from simpul.kim.models import Kim

from .models import Fasilitas, FasilitasEvent, JenisFasilitas, StatusFasilitas, SumberFasilitas

KOLOM = ("jenis", "nama", "keterangan", "status", "lat", "lng", "penyedia", "bandwidth_mbps", "biaya_bulanan",
         "pengguna_per_bulan", "jumlah", "sumber", "sumber_nama", "tanggal_terima")
MAKS_BIAYA = 1_000_000_000  # Rp1 miliar per month: anything above is a typo


def _kantor(actor, kim: Kim) -> bool:
    return scope.boleh(actor, Aksi.FASILITAS_KELOLA, wilayah_kode=kim.desa_id)


def _periksa(actor, kim: Kim, *, kantor: bool) -> None:
    if _kantor(actor, kim):
        return
    if not kantor and scope.boleh(actor, Aksi.FASILITAS_KELOLA, kim_id=kim.pk):
        return
    if scope.boleh(actor, Aksi.FASILITAS_KELOLA, kim_id=kim.pk) or scope.boleh(
            actor, Aksi.KIM_INTERNAL, wilayah_kode=kim.desa_id, kim_id=kim.pk):
        raise Forbidden(_("Hanya Diskominfo wilayah ini yang dapat mencatat dan mengubah data fasilitas; ketua KIM "
                          "dapat memperbarui status dan jumlah pengguna."))
    raise NotFound(_("Fasilitas tidak ditemukan."))


def _bulat(nilai, *, field, label, maks, boleh_kosong=True) -> int | None:
    if nilai in (None, ""):
        if boleh_kosong:
            return None
        raise ValidationError(_("%(label)s wajib diisi.") % {"label": label}, field=field)
    if isinstance(nilai, bool) or not isinstance(nilai, int):
        try:
            nilai = int(str(nilai).replace(".", "").replace(" ", ""))
        except ValueError:
            raise ValidationError(_("%(label)s harus berupa bilangan bulat.") % {"label": label}, field=field) from None
    if nilai < 0:
        raise ValidationError(_("%(label)s tidak boleh negatif.") % {"label": label}, field=field)
    if nilai > maks:
        raise ValidationError(_("%(label)s terlalu besar.") % {"label": label}, field=field)
    return nilai


def _bersih(data: dict) -> dict:
    d = {}
    if "jenis" in data:
        if data["jenis"] not in JenisFasilitas.values:
            raise ValidationError(_("Pilih jenis fasilitas."), field="jenis")
        d["jenis"] = data["jenis"]
    if "nama" in data:
        d["nama"] = teks_masukan(data["nama"], field="nama", label=_("Nama"), maks=150, wajib=True)
    if "keterangan" in data:
        d["keterangan"] = str(data["keterangan"] or "").strip()[:2000]
    if "status" in data:
        if data["status"] not in StatusFasilitas.values:
            raise ValidationError(_("Pilih status."), field="status")
        d["status"] = data["status"]
    if "sumber" in data:
        if data["sumber"] not in SumberFasilitas.values:
            raise ValidationError(_("Pilih siapa yang memberikan fasilitas ini."), field="sumber")
        d["sumber"] = data["sumber"]
    for f, label in (("penyedia", _("Penyedia internet")), ("sumber_nama", _("Nama pemberi/program"))):
        if f in data:
            d[f] = teks_masukan(data[f], field=f, label=label, maks=150 if f == "sumber_nama" else 100)
    for f, label, maks in (("bandwidth_mbps", _("Bandwidth"), 100_000), ("biaya_bulanan", _("Biaya per bulan"),
                                                                          MAKS_BIAYA),
                           ("pengguna_per_bulan", _("Pengguna per bulan"), 10_000_000)):
        if f in data:
            d[f] = _bulat(data[f], field=f, label=label, maks=maks)
    if "jumlah" in data:
        d["jumlah"] = _bulat(data["jumlah"], field="jumlah", label=_("Jumlah unit"), maks=100_000,
                             boleh_kosong=False) or 1
        if d["jumlah"] < 1:
            raise ValidationError(_("Jumlah unit minimal 1."), field="jumlah")
    for f, batas in (("lat", 90), ("lng", 180)):
        if f in data:
            v = data[f]
            if v in (None, ""):
                d[f] = None
                continue
            try:
                v = float(str(v).replace(",", "."))
            except ValueError:
                raise ValidationError(_("Koordinat harus berupa angka desimal, mis. -2.6789."), field=f) from None
            if not -batas <= v <= batas or v != v:
                raise ValidationError(_("Koordinat di luar rentang yang mungkin."), field=f)
            d[f] = v
    if "tanggal_terima" in data:
        t = data["tanggal_terima"]
        if t is not None and not isinstance(t, date):
            raise ValidationError(_("Tanggal tidak valid."), field="tanggal_terima")
        if t is not None and t > timezone.localdate():
            raise ValidationError(_("Tanggal diterima tidak boleh di masa depan."), field="tanggal_terima")
        d["tanggal_terima"] = t
    return d


def _nilai(x):
    return x.isoformat() if isinstance(x, date) else x


def fasilitas_create(*, actor, kim: Kim, **data) -> Fasilitas:
    _periksa(actor, kim, kantor=True)
    for wajib in ("jenis", "nama", "sumber"):
        data.setdefault(wajib, "")
    d = _bersih(data)
    with transaction.atomic():
        f = Fasilitas.objects.create(kim=kim, dibuat_oleh=actor if getattr(actor, "is_authenticated", False) else None,
                                     **d)
        FasilitasEvent.objects.create(fasilitas=f, aktor=f.dibuat_oleh, jenis=FasilitasEvent.Jenis.DIBUAT,
                                      ke_status=f.status, sesudah={k: _nilai(getattr(f, k)) for k in KOLOM})
    return f


def fasilitas_update(*, actor, fasilitas: Fasilitas, **data) -> Fasilitas:
    _periksa(actor, fasilitas.kim, kantor=True)
    d = _bersih(data)
    with transaction.atomic():
        f = Fasilitas.objects.select_for_update().get(pk=fasilitas.pk)
        berubah = {k: v for k, v in d.items() if getattr(f, k) != v}
        if not berubah:
            return f
        sebelum = {k: _nilai(getattr(f, k)) for k in berubah}
        dari = f.status
        for k, v in berubah.items():
            setattr(f, k, v)
        f.save()
        FasilitasEvent.objects.create(
            fasilitas=f, aktor=actor, jenis=FasilitasEvent.Jenis.STATUS if list(berubah) == ["status"]
            else FasilitasEvent.Jenis.DIUBAH, dari_status=dari if "status" in berubah else "",
            ke_status=f.status if "status" in berubah else "", sebelum=sebelum,
            sesudah={k: _nilai(v) for k, v in berubah.items()})
    return f


def fasilitas_status_set(*, actor, fasilitas: Fasilitas, status: str, catatan: str = "") -> Fasilitas:
    _periksa(actor, fasilitas.kim, kantor=False)
    if status not in StatusFasilitas.values:
        raise ValidationError(_("Pilih status."), field="status")
    catatan = teks_masukan(catatan, field="catatan", label=_("Catatan"), maks=500)
    with transaction.atomic():
        f = Fasilitas.objects.select_for_update().get(pk=fasilitas.pk)
        if f.status == status:
            return f
        dari = f.status
        f.status = status
        f.save(update_fields=["status", "diubah"])
        FasilitasEvent.objects.create(fasilitas=f, aktor=actor, jenis=FasilitasEvent.Jenis.STATUS, dari_status=dari,
                                      ke_status=status, sebelum={"status": dari}, sesudah={"status": status},
                                      catatan=catatan)
    return f


def fasilitas_pemakaian_set(*, actor, fasilitas: Fasilitas, pengguna_per_bulan, bulan: date | None = None) -> Fasilitas:
    _periksa(actor, fasilitas.kim, kantor=False)
    n = _bulat(pengguna_per_bulan, field="pengguna_per_bulan", label=_("Pengguna per bulan"), maks=10_000_000,
               boleh_kosong=False)
    bulan = (bulan or timezone.localdate()).replace(day=1)
    if bulan > timezone.localdate():
        raise ValidationError(_("Bulan tidak boleh di masa depan."), field="bulan")
    with transaction.atomic():
        f = Fasilitas.objects.select_for_update().get(pk=fasilitas.pk)
        if f.pengguna_per_bulan == n and f.pengguna_bulan == bulan:
            return f
        sebelum = {"pengguna_per_bulan": f.pengguna_per_bulan, "bulan": _nilai(f.pengguna_bulan)}
        f.pengguna_per_bulan, f.pengguna_bulan = n, bulan
        f.save(update_fields=["pengguna_per_bulan", "pengguna_bulan", "diubah"])
        FasilitasEvent.objects.create(fasilitas=f, aktor=actor, jenis=FasilitasEvent.Jenis.PEMAKAIAN, sebelum=sebelum,
                                      sesudah={"pengguna_per_bulan": n, "bulan": bulan.isoformat()})
    return f
