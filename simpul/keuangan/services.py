"""Every write of the books, and the derivation of the mandiri status.

An entry is recorded, corrected (a new version: the values before and after, the actor, the time
and a required reason go to ``TransaksiEvent``) or voided (kept, left out of every balance, with
a reason). Nothing is ever silently changed or deleted. After each change the KIM's mandiri
status is recomputed in the same transaction; ``status_mandiri_hitung`` recomputes any set of
KIMs (the nightly job: the period slides with the calendar).
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core import scope
from simpul.core.errors import NotFound, ValidationError
from simpul.core.gambar import olah_gambar
from simpul.core.peran import Aksi
from simpul.kim.models import Kim, SumberDana
from simpul.kim.validators import PDF, periksa_berkas

from . import selectors
from .models import (
    AturanMandiri,
    JenisTransaksi,
    StatusMandiri,
    Transaksi,
    TransaksiEvent,
)
from .rupiah import parse_rupiah

KOLOM_AUDIT = ("jenis", "sumber", "tanggal", "jumlah", "uraian", "bukti")


def _boleh_kelola(actor, kim: Kim) -> None:
    if not scope.boleh(actor, Aksi.KEUANGAN_KELOLA, wilayah_kode=kim.desa_id, kim_id=kim.pk):
        raise NotFound(_("Buku kas tidak ditemukan."))


def _bersihkan(*, jenis, sumber, tanggal, jumlah, uraian) -> dict:
    if jenis not in JenisTransaksi.values:
        raise ValidationError(_("Pilih pemasukan atau pengeluaran."), field="jenis")
    if jenis == JenisTransaksi.MASUK:
        if sumber not in SumberDana.values:
            raise ValidationError(_("Pilih sumber dana pemasukan ini."), field="sumber")
    else:
        sumber = ""
    if not isinstance(tanggal, date):
        raise ValidationError(_("Isi tanggal transaksi."), field="tanggal")
    if tanggal > timezone.localdate():
        raise ValidationError(_("Tanggal transaksi tidak boleh di masa depan."), field="tanggal")
    if tanggal.year < 2000:
        raise ValidationError(_("Tanggal transaksi terlalu lama. Periksa tahunnya."), field="tanggal")
    uraian = " ".join(str(uraian or "").split())
    if not uraian:
        raise ValidationError(_("Tulis uraian singkat transaksi ini."), field="uraian")
    if len(uraian) > 200:
        raise ValidationError(_("Uraian paling panjang 200 karakter."), field="uraian")
    return {"jenis": jenis, "sumber": sumber or "", "tanggal": tanggal, "jumlah": parse_rupiah(jumlah),
            "uraian": uraian}


def _olah_bukti(berkas):
    """A receipt: a photo (re-encoded, metadata stripped) or a PDF (checked by content)."""
    jenis = periksa_berkas(berkas, field="bukti")
    if jenis == PDF:
        berkas.seek(0)
        return berkas, PDF.mime
    hasil = olah_gambar(berkas, field="bukti", awalan="bukti")
    return hasil.berkas, "image/jpeg"


def _potret(t: Transaksi) -> dict:
    return {"jenis": t.jenis, "sumber": t.sumber, "tanggal": t.tanggal.isoformat(), "jumlah": t.jumlah,
            "uraian": t.uraian, "bukti": t.bukti.name or ""}


def transaksi_catat(*, actor, kim: Kim, jenis: str, tanggal: date, jumlah, uraian: str, sumber: str = "",
                    bukti=None, kunci: str = "") -> Transaksi:
    """Record an entry. ``kunci`` (a token of the form) makes a retried submission record it once."""
    _boleh_kelola(actor, kim)
    data = _bersihkan(jenis=jenis, sumber=sumber, tanggal=tanggal, jumlah=jumlah, uraian=uraian)
    kunci = (kunci or "")[:64]
    if kunci:
        ada = Transaksi.objects.filter(kim=kim, kunci_idempoten=kunci).first()
        if ada is not None:
            return ada
    berkas, berkas_jenis = _olah_bukti(bukti) if bukti else (None, "")
    try:
        with transaction.atomic():
            t = Transaksi(kim=kim, dicatat_oleh=actor, kunci_idempoten=kunci, bukti_jenis=berkas_jenis, **data)
            if berkas is not None:
                t.bukti.save(getattr(berkas, "name", "bukti"), berkas, save=False)
            t.save()
            TransaksiEvent.objects.create(transaksi=t, kim=kim, aktor=actor, jenis=TransaksiEvent.Jenis.DICATAT,
                                          versi=1, sesudah=_potret(t))
            status_mandiri_hitung(Kim.objects.filter(pk=kim.pk))
    except IntegrityError:
        ada = Transaksi.objects.filter(kim=kim, kunci_idempoten=kunci).first() if kunci else None
        if ada is None:
            raise
        return ada
    return t


def transaksi_koreksi(*, actor, transaksi: Transaksi, alasan: str, jenis: str, tanggal: date, jumlah,
                      uraian: str, sumber: str = "", bukti=None) -> Transaksi:
    """Correct an entry: a new version, the old values kept in the history with the reason."""
    kim = transaksi.kim
    _boleh_kelola(actor, kim)
    alasan = " ".join(str(alasan or "").split())
    if not alasan:
        raise ValidationError(_("Tulis alasan koreksi (misalnya: salah ketik jumlah)."), field="alasan")
    data = _bersihkan(jenis=jenis, sumber=sumber, tanggal=tanggal, jumlah=jumlah, uraian=uraian)
    berkas, berkas_jenis = _olah_bukti(bukti) if bukti else (None, "")
    with transaction.atomic():
        t = Transaksi.objects.select_for_update().get(pk=transaksi.pk)
        if t.batal:
            raise ValidationError(_("Transaksi yang sudah dibatalkan tidak dapat dikoreksi."))
        sebelum = _potret(t)
        for k, v in data.items():
            setattr(t, k, v)
        if berkas is not None:
            t.bukti.save(getattr(berkas, "name", "bukti"), berkas, save=False)  # the old file is kept
            t.bukti_jenis = berkas_jenis
        sesudah = _potret(t)
        if sesudah == sebelum:
            raise ValidationError(_("Tidak ada yang berubah."))
        t.versi += 1
        t.save()
        TransaksiEvent.objects.create(transaksi=t, kim=kim, aktor=actor, jenis=TransaksiEvent.Jenis.DIKOREKSI,
                                      versi=t.versi, sebelum=sebelum, sesudah=sesudah, alasan=alasan[:300])
        status_mandiri_hitung(Kim.objects.filter(pk=kim.pk))
    return t


def transaksi_batal(*, actor, transaksi: Transaksi, alasan: str) -> Transaksi:
    """Void an entry: it stays in the book, struck out, and leaves every balance. Idempotent."""
    kim = transaksi.kim
    _boleh_kelola(actor, kim)
    alasan = " ".join(str(alasan or "").split())
    if not alasan:
        raise ValidationError(_("Tulis alasan pembatalan."), field="alasan")
    with transaction.atomic():
        t = Transaksi.objects.select_for_update().get(pk=transaksi.pk)
        if t.batal:
            return t
        t.batal = True
        t.alasan_batal = alasan[:300]
        t.versi += 1
        t.save(update_fields=["batal", "alasan_batal", "versi", "diubah"])
        TransaksiEvent.objects.create(transaksi=t, kim=kim, aktor=actor, jenis=TransaksiEvent.Jenis.DIBATALKAN,
                                      versi=t.versi, sebelum=_potret(t), sesudah={"batal": True},
                                      alasan=alasan[:300])
        status_mandiri_hitung(Kim.objects.filter(pk=kim.pk))
    return t


# --- mandiri ------------------------------------------------------------------------------------

def putuskan_mandiri(*, aturan: AturanMandiri, sendiri: int, pemerintah: int, keluar: int,
                     jumlah: int) -> tuple[bool, str]:
    """The rule itself, on one KIM's totals for the period: (mandiri?, reason code)."""
    if jumlah < max(aturan.min_transaksi, 1):
        return False, "tanpa_catatan"
    if pemerintah > 0:
        return False, "dana_pemerintah"
    if aturan.wajib_menutup_pengeluaran and sendiri < keluar:
        return False, "defisit"
    if sendiri <= 0:
        return False, "tanpa_pemasukan"
    return True, "mandiri"


def status_mandiri_hitung(kims: QuerySet[Kim] | None = None, *, hari_ini: date | None = None) -> int:
    """Recompute the derived status of ``kims`` (None: every KIM), set-based: per rule, one
    grouped query over the books and one upsert. KIMs that keep books (any entry, even voided)
    get a row; KIMs without books get one only where the rule does not fall back to the declared
    flag. Returns the number of rows written."""
    hari_ini = hari_ini or timezone.localdate()
    kims = Kim.objects.all() if kims is None else kims
    sekarang = timezone.now()
    ditulis = 0
    for aturan, q in selectors.kelompok_aturan():
        dari, sampai = selectors.periode_aturan(aturan, hari_ini)
        pem = aturan.sumber_pemerintah_efektif
        sasaran = kims.filter(q)
        punya_buku = Exists(Transaksi.objects.filter(kim_id=OuterRef("pk")))
        sasaran_ids = sasaran.filter(punya_buku) if aturan.deklarasi_tanpa_buku else sasaran
        jumlah = {r["kim_id"]: r for r in Transaksi.objects.filter(
            kim__in=sasaran_ids.values("pk"), batal=False, tanggal__range=(dari, sampai),
        ).values("kim_id").annotate(
            sendiri=Sum("jumlah", filter=Q(jenis=JenisTransaksi.MASUK) & ~Q(sumber__in=pem)),
            pemerintah=Sum("jumlah", filter=Q(jenis=JenisTransaksi.MASUK, sumber__in=pem)),
            keluar=Sum("jumlah", filter=Q(jenis=JenisTransaksi.KELUAR)),
            n=Count("pk"),
        ).order_by()}
        baris = []
        for kim_id in sasaran_ids.values_list("pk", flat=True).iterator(chunk_size=5000):
            r = jumlah.get(kim_id, {})
            s, p, k, n = r.get("sendiri") or 0, r.get("pemerintah") or 0, r.get("keluar") or 0, r.get("n", 0)
            m, alasan = putuskan_mandiri(aturan=aturan, sendiri=s, pemerintah=p, keluar=k, jumlah=n)
            baris.append(StatusMandiri(kim_id=kim_id, mandiri=m, dari=dari, sampai=sampai, pemasukan_sendiri=s,
                                       pemasukan_pemerintah=p, pengeluaran=k, jumlah_transaksi=n, alasan=alasan,
                                       dihitung=sekarang))
        StatusMandiri.objects.bulk_create(
            baris, batch_size=5000, update_conflicts=True, unique_fields=["kim"],
            update_fields=["mandiri", "dari", "sampai", "pemasukan_sendiri", "pemasukan_pemerintah",
                           "pengeluaran", "jumlah_transaksi", "alasan", "dihitung"])
        ditulis += len(baris)
        if aturan.deklarasi_tanpa_buku:
            # A rule switched back to the fallback drops the rows of KIMs without books.
            StatusMandiri.objects.filter(kim__in=sasaran.exclude(punya_buku).values("pk")).delete()
    return ditulis


def aturan_mandiri_simpan(*, actor, wilayah, bulan: int, sumber_pemerintah: list[str],
                          wajib_menutup_pengeluaran: bool, min_transaksi: int,
                          deklarasi_tanpa_buku: bool) -> AturanMandiri:
    """Set the mandiri rule of a region (None: national, Komdigi only), then recompute the KIMs it
    governs. Who may set targets may set the rule (``Aksi.TARGET_KELOLA``)."""
    kode = wilayah.kode if wilayah is not None else None
    ling = scope.lingkup(actor, Aksi.TARGET_KELOLA)
    if not (ling.semua if kode is None else ling.mencakup_wilayah(kode)):
        raise NotFound(_("Wilayah tidak ditemukan."))
    if not 1 <= int(bulan) <= 60:
        raise ValidationError(_("Periode harus antara 1 dan 60 bulan."), field="bulan")
    salah = [s for s in sumber_pemerintah if s not in SumberDana.values]
    if salah:
        raise ValidationError(_("Sumber dana tidak dikenal."), field="sumber_pemerintah")
    if not sumber_pemerintah:
        raise ValidationError(_("Pilih minimal satu sumber dana yang membuat KIM tidak mandiri."),
                              field="sumber_pemerintah")
    with transaction.atomic():
        aturan, _baru = AturanMandiri.objects.update_or_create(
            wilayah=wilayah, defaults={
                "bulan": int(bulan), "sumber_pemerintah": list(sumber_pemerintah),
                "wajib_menutup_pengeluaran": bool(wajib_menutup_pengeluaran),
                "min_transaksi": max(int(min_transaksi), 1), "deklarasi_tanpa_buku": bool(deklarasi_tanpa_buku),
            })
        from simpul.core.kode import subtree_q
        status_mandiri_hitung(Kim.objects.filter(subtree_q("desa__kode", kode)) if kode else None)
    return aturan
