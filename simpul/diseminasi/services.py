"""Every write of the dissemination app.

Office side (``Aksi.DISEMINASI_KELOLA``: Komdigi, Diskominfo provinsi and kab/kota)::

    kantor_pilihan(actor) -> list[str]            # office regions the actor may write for ("" = national)
    kampanye_create(*, actor, judul, isi, kategori, prioritas, mulai, selesai, target: Iterable[str],
                    kantor_kode: str | None = None) -> Kampanye
    kampanye_update(*, actor, kampanye, judul, isi, kategori, prioritas, mulai, selesai, target) -> Kampanye
    lampiran_add(*, actor, kampanye, berkas, judul="") -> Lampiran    # photo (re-encoded) or PDF
    lampiran_delete(*, actor, lampiran) -> None
    kampanye_publish(*, actor, kampanye) -> int   # new deliveries; idempotent (publishing twice adds none)
    kampanye_remind(*, actor, kampanye) -> int    # KIMs reminded; once per day
    kampanye_close(*, actor, kampanye) -> Kampanye

KIM side (``Aksi.DISEMINASI_LAPOR``: members and officers of the receiving KIM)::

    penerimaan_acknowledge(*, actor, penerimaan) -> Penerimaan        # idempotent
    laporan_create(*, actor, penerimaan, saluran, tanggal, jumlah_orang, kunci, tautan="",
                   foto=None, catatan="") -> LaporanJangkauan         # idempotent per ``kunci``

System (tasks)::

    ringkasan_hitung_ulang(kampanye_id=None) -> int   # per-kecamatan summary rows recomputed from raw rows

    sebarkan(kampanye_id) -> int       # set-based fan-out: INSERT ... SELECT ... ON CONFLICT DO NOTHING
    sebarkan_ke_kim(kim_id) -> int     # a KIM that became active gets the running campaigns aimed at it
    beritahu_penerimaan(kampanye_id) -> int   # notify officers of the KIMs not yet notified

Targets must lie inside the office's own region: a target outside it is ``NotFound`` (404), as is
any campaign or delivery outside the actor's reach.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from simpul.core import scope
from simpul.core.errors import Conflict, NotFound, ValidationError
from simpul.core.gambar import olah_gambar
from simpul.core.kode import di_dalam, leluhur, subtree_q
from simpul.core.markdown import bersihkan_teks, ringkas
from simpul.core.peran import Aksi
from simpul.core.teks import teks_masukan
from simpul.kim.models import Kim, StatusKim
from simpul.kim.selectors import pengguna_pengurus_aktif
from simpul.kim.validators import PDF, periksa_berkas
from simpul.notifikasi.services import notifikasi_kirim
from simpul.wilayah.models import Wilayah
from simpul.wilayah.selectors import kode_normal

from .models import (
    PANJANG_KEC,
    Kampanye,
    KampanyeEvent,
    KampanyeTarget,
    Kategori,
    Lampiran,
    LaporanJangkauan,
    Penerimaan,
    Prioritas,
    RingkasanWilayah,
    Saluran,
    StatusKampanye,
)

MAKS_TARGET = 500
MAKS_LAMPIRAN = 10
MAKS_JANGKAUAN = 1_000_000  # people reached by one report: more is a typo
MAKS_DURASI_HARI = 366
CHUNK_NOTIFIKASI = 1000
KUNCI_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


# --- helpers ------------------------------------------------------------------------------------
def _aktor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _event(kampanye: Kampanye, actor, jenis: str, data: dict | None = None) -> KampanyeEvent:
    return KampanyeEvent.objects.create(kampanye=kampanye, aktor=_aktor(actor), jenis=jenis, data=data or {})


def kantor_pilihan(actor) -> list[str]:
    """The office regions ``actor`` may write campaigns for: "" (national) for Komdigi, else
    the regions of their grants allowing ``DISEMINASI_KELOLA``."""
    ling = scope.lingkup(actor, Aksi.DISEMINASI_KELOLA)
    if ling.semua:
        return [""]
    return list(ling.prefixes)


def _periksa_kantor(actor, kampanye: Kampanye) -> None:
    ling = scope.lingkup(actor, Aksi.DISEMINASI_KELOLA)
    if ling.semua or (kampanye.kantor_kode and ling.mencakup_wilayah(kampanye.kantor_kode)):
        return
    raise NotFound(_("Kampanye tidak ditemukan."))


def _periksa_kim(actor, penerimaan: Penerimaan) -> None:
    if not scope.boleh(actor, Aksi.DISEMINASI_LAPOR, kim_id=penerimaan.kim_id):
        raise NotFound(_("Kampanye tidak ditemukan."))


def _pilihan(nilai, choices, *, field: str) -> str:
    if nilai not in choices.values:
        raise ValidationError(_("Pilih salah satu pilihan yang tersedia."), field=field)
    return nilai


def _target(kantor_kode: str, target: Iterable) -> list[str]:
    """Normalise, check and de-duplicate the target regions (a code covered by another is dropped)."""
    kodes: list[str] = []
    for t in target or ():
        raw = t.kode if isinstance(t, Wilayah) else str(t).strip()
        if not raw:
            continue
        kode = kode_normal(raw)
        if kode is None:
            raise ValidationError(_("\"%(kode)s\" bukan kode wilayah yang sah (contoh: 76.02.02).") % {"kode": raw},
                                  field="target")
        kodes.append(kode)
    if not kodes:
        raise ValidationError(_("Pilih minimal satu wilayah sasaran."), field="target")
    kodes = list(scope.minimal_prefixes(kodes))
    if len(kodes) > MAKS_TARGET:
        raise ValidationError(_("Terlalu banyak wilayah sasaran (maksimal %(n)s); pilih wilayah induknya.")
                              % {"n": MAKS_TARGET}, field="target")
    ada = set(Wilayah.objects.filter(kode__in=kodes, aktif=True).values_list("kode", flat=True))
    for kode in kodes:
        if kode not in ada:
            raise ValidationError(_("Kode wilayah %(kode)s tidak dikenal atau sudah tidak aktif.") % {"kode": kode},
                                  field="target")
        if not di_dalam(kode, kantor_kode):
            raise NotFound(_("Wilayah %(kode)s berada di luar wilayah kantor Anda; kampanye hanya dapat "
                             "menyasar wilayah kantor Anda sendiri.") % {"kode": kode}, field="target")
    return kodes


def _masa(mulai: date | None, selesai: date | None) -> tuple[date, date]:
    if mulai is None:
        raise ValidationError(_("Isi tanggal mulai."), field="mulai")
    if selesai is None:
        raise ValidationError(_("Isi tanggal selesai."), field="selesai")
    if selesai < mulai:
        raise ValidationError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."), field="selesai")
    if (selesai - mulai).days > MAKS_DURASI_HARI:
        raise ValidationError(_("Masa kampanye paling lama satu tahun."), field="selesai")
    return mulai, selesai


def _data(*, judul, isi, kategori, prioritas, mulai, selesai) -> dict:
    judul = teks_masukan(judul, field="judul", label=_("Judul"), wajib=True, pesan_kosong=_("Isi judul kampanye."), maks=200)
    isi = (isi or "").strip()
    if len(isi) < 10:
        raise ValidationError(_("Tulis isi kampanye (minimal 10 karakter)."), field="isi")
    if len(isi) > 20_000:
        raise ValidationError(_("Isi terlalu panjang (maksimal 20.000 karakter)."), field="isi")
    mulai, selesai = _masa(mulai, selesai)
    return {
        "judul": judul, "isi": isi, "kategori": _pilihan(kategori, Kategori, field="kategori"),
        "prioritas": _pilihan(prioritas or Prioritas.BIASA, Prioritas, field="prioritas"),
        "mulai": mulai, "selesai": selesai,
    }


def _simpan_target(kampanye: Kampanye, kodes: list[str]) -> None:
    KampanyeTarget.objects.filter(kampanye=kampanye).exclude(wilayah_id__in=kodes).delete()
    KampanyeTarget.objects.bulk_create([KampanyeTarget(kampanye=kampanye, wilayah_id=k) for k in kodes],
                                       ignore_conflicts=True)


def _kunci_kampanye(kampanye: Kampanye) -> Kampanye:
    return Kampanye.objects.select_for_update().get(pk=kampanye.pk)


# --- office side --------------------------------------------------------------------------------
@transaction.atomic
def kampanye_create(*, actor, judul: str, isi: str, kategori: str, prioritas: str = Prioritas.BIASA,
                    mulai: date | None, selesai: date | None, target: Iterable,
                    kantor_kode: str | None = None) -> Kampanye:
    pilihan = kantor_pilihan(actor)
    if not pilihan:
        raise NotFound(_("Anda tidak memiliki penugasan untuk menulis kampanye."))
    kantor = pilihan[0] if kantor_kode is None else kantor_kode
    if kantor not in pilihan:
        raise NotFound(_("Wilayah kantor tidak ditemukan."), field="kantor_kode")
    data = _data(judul=judul, isi=isi, kategori=kategori, prioritas=prioritas, mulai=mulai, selesai=selesai)
    if data["selesai"] < timezone.localdate():
        raise ValidationError(_("Tanggal selesai sudah lewat."), field="selesai")
    kodes = _target(kantor, target)
    kampanye = Kampanye.objects.create(**data, kantor_kode=kantor, dibuat_oleh=_aktor(actor))
    _simpan_target(kampanye, kodes)
    _event(kampanye, actor, KampanyeEvent.Jenis.DIBUAT, {"target": kodes})
    return kampanye


@transaction.atomic
def kampanye_update(*, actor, kampanye: Kampanye, judul: str, isi: str, kategori: str, prioritas: str,
                    mulai: date | None, selesai: date | None, target: Iterable) -> Kampanye:
    _periksa_kantor(actor, kampanye)
    kampanye = _kunci_kampanye(kampanye)
    if kampanye.status != StatusKampanye.DRAF:
        raise Conflict(_("Kampanye yang sudah terbit tidak dapat diubah lagi."))
    data = _data(judul=judul, isi=isi, kategori=kategori, prioritas=prioritas, mulai=mulai, selesai=selesai)
    kodes = _target(kampanye.kantor_kode, target)
    sebelum = {k: str(getattr(kampanye, k)) for k in data}
    for k, v in data.items():
        setattr(kampanye, k, v)
    kampanye.save()
    _simpan_target(kampanye, kodes)
    berubah = {k: [sebelum[k], str(v)] for k, v in data.items() if sebelum[k] != str(v) and k != "isi"}
    _event(kampanye, actor, KampanyeEvent.Jenis.DIUBAH, {"berubah": berubah, "target": kodes})
    return kampanye


@transaction.atomic
def lampiran_add(*, actor, kampanye: Kampanye, berkas, judul: str = "") -> Lampiran:
    _periksa_kantor(actor, kampanye)
    kampanye = _kunci_kampanye(kampanye)
    if kampanye.status == StatusKampanye.DITUTUP:
        raise Conflict(_("Kampanye sudah ditutup."))
    if kampanye.lampiran.count() >= MAKS_LAMPIRAN:
        raise ValidationError(_("Paling banyak %(n)s lampiran.") % {"n": MAKS_LAMPIRAN}, field="berkas")
    judul = bersihkan_teks(judul)[:150]
    jenis = periksa_berkas(berkas, field="berkas")
    lampiran = Lampiran(kampanye=kampanye, judul=judul)
    if jenis == PDF:
        from django.core.files.base import File

        lampiran.jenis = Lampiran.Jenis.PDF
        lampiran.ukuran = berkas.size
        lampiran.berkas.save(f"lampiran-{timezone.now():%Y%m%d%H%M%S}.pdf", File(berkas), save=False)
    else:
        hasil = olah_gambar(berkas, field="berkas", awalan="lampiran")
        lampiran.jenis = Lampiran.Jenis.GAMBAR
        lampiran.ukuran = hasil.ukuran
        lampiran.berkas.save(hasil.berkas.name, hasil.berkas, save=False)
    lampiran.save()
    _event(kampanye, actor, KampanyeEvent.Jenis.DIUBAH, {"lampiran_ditambah": lampiran.pk})
    return lampiran


@transaction.atomic
def lampiran_delete(*, actor, lampiran: Lampiran) -> None:
    kampanye = lampiran.kampanye
    _periksa_kantor(actor, kampanye)
    if kampanye.status != StatusKampanye.DRAF:
        raise Conflict(_("Lampiran kampanye yang sudah terbit tidak dapat dihapus."))
    lampiran.berkas.delete(save=False)
    lampiran.delete()
    _event(kampanye, actor, KampanyeEvent.Jenis.DIUBAH, {"lampiran_dihapus": lampiran.judul})


# --- per-kecamatan summary rows (RingkasanWilayah) ------------------------------------------------
# Every act that changes a campaign's figures adds its delta to the summary row of the delivery's
# kecamatan in the same transaction (an upsert adding to the row: concurrent acts commute). The
# recompute takes an exclusive per-campaign advisory lock, the acts a shared one, so a recompute
# never overwrites an increment it did not see (PostgreSQL; SQLite serialises writers anyway).
_T_RINGKASAN = RingkasanWilayah._meta.db_table
_KOLOM_SALURAN = [c for s in Saluran for c in (f"lap_{s.value}", f"orang_{s.value}")]
_KOLOM_ANGKA = ["total", "diakui", "melapor", "laporan", "jangkauan", *_KOLOM_SALURAN]
_KUNCI_ADVISORY = 0x5D15  # the advisory lock class of this app (first key of the pair)


def _kunci_ringkasan(kampanye_id: int, *, eksklusif: bool = False) -> None:
    if connection.vendor != "postgresql":
        return
    fn = "pg_advisory_xact_lock" if eksklusif else "pg_advisory_xact_lock_shared"
    with connection.cursor() as c:
        c.execute(f"SELECT {fn}(%s, %s)", [_KUNCI_ADVISORY, kampanye_id])


def _upsert_ringkasan_sql(sumber: str) -> str:
    """``INSERT`` summary rows from ``sumber`` (a SELECT giving kampanye_id, kode and every figure
    column, in order) adding them to the rows that exist."""
    kolom = ", ".join(_KOLOM_ANGKA)
    tambah = ", ".join(f"{c} = {_T_RINGKASAN}.{c} + excluded.{c}" for c in _KOLOM_ANGKA)
    return (f"INSERT INTO {_T_RINGKASAN} (kampanye_id, kode, {kolom}) {sumber} "  # noqa: S608
            f"ON CONFLICT (kampanye_id, kode) DO UPDATE SET {tambah}")


def _tambah_ringkasan(kampanye_id: int, desa_kode: str, *, saluran: str | None = None, **delta: int) -> None:
    """Add ``delta`` (total, diakui, melapor, laporan, jangkauan) to the kecamatan's summary row;
    a report also adds to its channel's columns."""
    nilai = {c: 0 for c in _KOLOM_ANGKA}
    nilai.update(delta)
    if saluran is not None:
        nilai[f"lap_{saluran}"] = delta.get("laporan", 0)
        nilai[f"orang_{saluran}"] = delta.get("jangkauan", 0)
    tanda = ", ".join(["%s"] * (2 + len(_KOLOM_ANGKA)))
    with connection.cursor() as c:
        c.execute(_upsert_ringkasan_sql(f"VALUES ({tanda})"),
                  [kampanye_id, desa_kode[:PANJANG_KEC], *(nilai[k] for k in _KOLOM_ANGKA)])


def _sisip_penerimaan(stmt: str, params: list) -> int:
    """Run a deliveries ``INSERT ... ON CONFLICT DO NOTHING`` and add the new rows to the summary
    in the same statement (PostgreSQL: a data-modifying CTE; elsewhere: RETURNING, then one
    upsert per kecamatan). Returns how many deliveries were inserted."""
    stmt += " RETURNING kampanye_id, desa_kode"
    nol = ", ".join(["0"] * (len(_KOLOM_ANGKA) - 1))
    if connection.vendor == "postgresql":
        # Table and column names come from _meta and the Saluran choices; values are bound parameters.
        sumber = (f"SELECT kampanye_id, substr(desa_kode, 1, {PANJANG_KEC}), count(*), {nol} FROM baru "  # noqa: S608
                  "GROUP BY 1, 2")
        with connection.cursor() as c:
            c.execute(f"WITH baru AS ({stmt}), ringkas AS ({_upsert_ringkasan_sql(sumber)}) "  # noqa: S608
                      "SELECT count(*) FROM baru", params)
            return c.fetchone()[0]
    with connection.cursor() as c:
        c.execute(stmt, params)
        rows = c.fetchall()
    hitung: dict[tuple[int, str], int] = {}
    for kampanye_id, desa_kode in rows:
        key = (kampanye_id, desa_kode[:PANJANG_KEC])
        hitung[key] = hitung.get(key, 0) + 1
    for (kampanye_id, kode), n in hitung.items():
        _tambah_ringkasan(kampanye_id, kode, total=n)
    return len(rows)


def ringkasan_hitung_ulang(kampanye_id: int | None = None) -> int:
    """Recompute the summary rows of one campaign (or of every published one) from the raw
    deliveries and reports, set-based: the repair for any drift (a delivery deleted with its KIM,
    a row written by hand). Returns how many summary rows were written."""
    ids = ([kampanye_id] if kampanye_id is not None else
           list(Kampanye.objects.exclude(status=StatusKampanye.DRAF).order_by("pk").values_list("pk", flat=True)))
    tp, tl = Penerimaan._meta.db_table, LaporanJangkauan._meta.db_table
    saluran = ", ".join(f"sum(CASE WHEN saluran = '{s.value}' THEN 1 ELSE 0 END), "
                        f"sum(CASE WHEN saluran = '{s.value}' THEN jumlah_orang ELSE 0 END)" for s in Saluran)
    nol_saluran = ", ".join(["0"] * len(_KOLOM_SALURAN))
    # Deliveries, then reports per channel, each folded into the rows by the additive upsert.
    dari_penerimaan = (
        f"SELECT kampanye_id, substr(desa_kode, 1, {PANJANG_KEC}), count(*), "  # noqa: S608
        "sum(CASE WHEN diakui_pada IS NULL THEN 0 ELSE 1 END), sum(CASE WHEN jumlah_laporan > 0 THEN 1 ELSE 0 END), "
        f"0, 0, {nol_saluran} FROM {tp} WHERE kampanye_id = %s GROUP BY 1, 2"
    )
    dari_laporan = (
        f"SELECT l.kampanye_id, substr(p.desa_kode, 1, {PANJANG_KEC}), 0, 0, 0, count(*), sum(l.jumlah_orang), "  # noqa: S608
        f"{saluran} FROM {tl} l JOIN {tp} p ON p.id = l.penerimaan_id WHERE l.kampanye_id = %s GROUP BY 1, 2"
    )
    n = 0
    for pk in ids:
        with transaction.atomic():
            _kunci_ringkasan(pk, eksklusif=True)
            with connection.cursor() as c:
                c.execute(f"DELETE FROM {_T_RINGKASAN} WHERE kampanye_id = %s", [pk])  # noqa: S608
                c.execute(_upsert_ringkasan_sql(dari_penerimaan + " ORDER BY 1, 2"), [pk])
                n += max(c.rowcount, 0)
                c.execute(_upsert_ringkasan_sql(dari_laporan + " ORDER BY 1, 2"), [pk])
    return n


def _sasaran_q(kodes: Iterable[str]) -> Q:
    q = Q(pk__in=[])
    for kode in kodes:
        q |= subtree_q("desa__kode", kode)
    return q


def sebarkan(kampanye_id: int) -> int:
    """Create the missing deliveries of a published campaign: one per active KIM in its targets,
    in ONE ``INSERT ... SELECT`` (the SELECT compiled by the ORM), ``ON CONFLICT DO NOTHING`` on
    (campaign, KIM). Returns how many rows were inserted (0 when repeated)."""
    kodes = list(KampanyeTarget.objects.filter(kampanye_id=kampanye_id).values_list("wilayah_id", flat=True))
    if not kodes:
        return 0
    pilih = Kim.objects.filter(status=StatusKim.AKTIF).filter(_sasaran_q(kodes)).order_by().values_list(
        "id", "desa_id")
    sql, params = pilih.query.sql_with_params()
    t = Penerimaan._meta.db_table
    sekarang = timezone.now()
    # The table comes from _meta and the SELECT is compiled by the ORM; values are bound parameters.
    stmt = (
        f"INSERT INTO {t} (kampanye_id, kim_id, desa_kode, dibuat, diubah, jumlah_laporan, jangkauan) "  # noqa: S608
        f"SELECT %s, s.id, s.desa_id, %s, %s, 0, 0 FROM ({sql}) s WHERE true "
        "ON CONFLICT (kampanye_id, kim_id) DO NOTHING"
    )
    with transaction.atomic():
        _kunci_ringkasan(kampanye_id)
        return _sisip_penerimaan(stmt, [kampanye_id, sekarang, sekarang, *params])


def sebarkan_ke_kim(kim_id: int) -> int:
    """Give a KIM that just became active the running campaigns aimed at its region (set-based:
    one INSERT ... SELECT over the campaigns). Returns the new deliveries."""
    desa = Kim.objects.filter(pk=kim_id, status=StatusKim.AKTIF).values_list("desa_id", flat=True).first()
    if not desa:
        return 0
    asal = leluhur(desa, termasuk_diri=True)
    pilih = (
        KampanyeTarget.objects.filter(
            wilayah_id__in=asal, kampanye__status=StatusKampanye.TERBIT,
            kampanye__selesai__gte=timezone.localdate(),
        ).order_by().values_list("kampanye_id").distinct()
    )
    sql, params = pilih.query.sql_with_params()
    t = Penerimaan._meta.db_table
    sekarang = timezone.now()
    # The table comes from _meta and the SELECT is compiled by the ORM; values are bound parameters.
    stmt = (
        f"INSERT INTO {t} (kampanye_id, kim_id, desa_kode, dibuat, diubah, jumlah_laporan, jangkauan) "  # noqa: S608
        f"SELECT s.kampanye_id, %s, %s, %s, %s, 0, 0 FROM ({sql}) s WHERE true "
        "ON CONFLICT (kampanye_id, kim_id) DO NOTHING"
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":  # the shared summary lock of each campaign, as sebarkan takes
            with connection.cursor() as c:
                c.execute(f"SELECT pg_advisory_xact_lock_shared(%s, s.kampanye_id::int) FROM ({sql}) s",  # noqa: S608
                          [_KUNCI_ADVISORY, *params])
        return _sisip_penerimaan(stmt, [kim_id, desa, sekarang, sekarang, *params])


@transaction.atomic
def kampanye_publish(*, actor, kampanye: Kampanye) -> int:
    """Publish (or re-run the fan-out of) a campaign. Returns how many new deliveries were made."""
    from .tasks import beritahu_kampanye

    _periksa_kantor(actor, kampanye)
    asal, kampanye = kampanye, _kunci_kampanye(kampanye)
    if kampanye.status == StatusKampanye.DITUTUP:
        raise Conflict(_("Kampanye sudah ditutup."))
    if kampanye.selesai < timezone.localdate():
        raise Conflict(_("Masa kampanye sudah berakhir; ubah tanggal selesai sebelum menerbitkan."))
    pertama = kampanye.status == StatusKampanye.DRAF
    if pertama:
        kampanye.status = StatusKampanye.TERBIT
        kampanye.diterbitkan_pada = timezone.now()
        kampanye.save(update_fields=["status", "diterbitkan_pada", "diubah"])
    asal.status, asal.diterbitkan_pada = kampanye.status, kampanye.diterbitkan_pada  # the caller's copy too
    baru = sebarkan(kampanye.pk)
    if pertama or baru:
        _event(kampanye, actor, KampanyeEvent.Jenis.DITERBITKAN, {"penerimaan_baru": baru})
    if baru:
        pk = kampanye.pk
        transaction.on_commit(lambda: beritahu_kampanye.enqueue(pk))
    return baru


def _url_penerimaan_kotak() -> str:
    return reverse("diseminasi:kotak_masuk")


def _kirim_ke_pengurus(kim_ids: list[int], *, kunci: str, judul: str, isi: str, url: str) -> int:
    per_kim = pengguna_pengurus_aktif(kim_ids)
    users = {u.pk: u for daftar in per_kim.values() for u in daftar}
    return notifikasi_kirim(users=list(users.values()), kunci=kunci, judul=judul, isi=isi, url=url)


def beritahu_penerimaan(kampanye_id: int) -> int:
    """Tell the officers of every KIM that received the campaign and was not told yet (in chunks:
    one officers query and one bulk notification per chunk). Idempotent: each delivery is marked
    once told, and the notification key is per campaign and person."""
    kampanye = Kampanye.objects.filter(pk=kampanye_id, status=StatusKampanye.TERBIT).first()
    if kampanye is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        judul = (_("Klarifikasi hoaks: %(judul)s") if kampanye.hoaks else _("Kampanye baru: %(judul)s")) % {
            "judul": kampanye.judul}
        isi = ringkas(kampanye.isi, 200) + " " + _("Terima, sebarkan, lalu laporkan jangkauannya.")
    total = 0
    while True:
        rows = list(Penerimaan.objects.filter(kampanye_id=kampanye_id, diberitahu_pada__isnull=True)
                    .order_by("id").values_list("id", "kim_id")[:CHUNK_NOTIFIKASI])
        if not rows:
            return total
        total += _kirim_ke_pengurus([k for _i, k in rows], kunci=f"diseminasi:kampanye:{kampanye_id}",
                                    judul=judul, isi=isi, url=_url_penerimaan_kotak())
        Penerimaan.objects.filter(pk__in=[i for i, _k in rows]).update(diberitahu_pada=timezone.now())


@transaction.atomic
def kampanye_remind(*, actor, kampanye: Kampanye) -> int:
    """Remind the KIMs that have not reported yet. Once per campaign per day (a second click the
    same day is refused with a clear message and sends nothing)."""
    from .tasks import ingatkan_kampanye

    _periksa_kantor(actor, kampanye)
    hari_ini = timezone.localdate()
    kampanye = _kunci_kampanye(kampanye)
    if kampanye.status != StatusKampanye.TERBIT:
        raise Conflict(_("Pengingat hanya untuk kampanye yang sedang terbit."))
    diklaim = Kampanye.objects.filter(pk=kampanye.pk, status=StatusKampanye.TERBIT).filter(
        Q(pengingat_terakhir__isnull=True) | Q(pengingat_terakhir__lt=hari_ini)).update(pengingat_terakhir=hari_ini)
    if not diklaim:
        raise Conflict(_("Pengingat untuk kampanye ini sudah dikirim hari ini. Coba lagi besok."))
    jumlah = Penerimaan.objects.filter(kampanye=kampanye, jumlah_laporan=0).count()
    _event(kampanye, actor, KampanyeEvent.Jenis.PENGINGAT, {"kim": jumlah, "tanggal": hari_ini.isoformat()})
    pk, tgl = kampanye.pk, hari_ini.isoformat()
    transaction.on_commit(lambda: ingatkan_kampanye.enqueue(pk, tgl))
    return jumlah


def ingatkan_belum_lapor(kampanye_id: int, tanggal: str) -> int:
    """Notify the officers of the KIMs without a report (key per campaign and day: a retried task
    notifies nobody twice)."""
    kampanye = Kampanye.objects.filter(pk=kampanye_id).first()
    if kampanye is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        judul = _("Pengingat: laporkan jangkauan \"%(judul)s\"") % {"judul": kampanye.judul}
        isi = _("KIM Anda belum melaporkan jangkauan kampanye ini. Laporan singkat cukup: saluran, tanggal "
                "dan jumlah orang yang terjangkau.")
    total, terakhir = 0, 0
    while True:
        rows = list(Penerimaan.objects.filter(kampanye_id=kampanye_id, jumlah_laporan=0, id__gt=terakhir)
                    .order_by("id").values_list("id", "kim_id")[:CHUNK_NOTIFIKASI])
        if not rows:
            return total
        terakhir = rows[-1][0]
        total += _kirim_ke_pengurus([k for _i, k in rows], kunci=f"diseminasi:kampanye:{kampanye_id}:ingat:{tanggal}",
                                    judul=judul, isi=isi, url=_url_penerimaan_kotak())


@transaction.atomic
def kampanye_close(*, actor, kampanye: Kampanye) -> Kampanye:
    _periksa_kantor(actor, kampanye)
    kampanye = _kunci_kampanye(kampanye)
    if kampanye.status != StatusKampanye.TERBIT:
        raise Conflict(_("Hanya kampanye yang sedang terbit yang dapat ditutup."))
    kampanye.status = StatusKampanye.DITUTUP
    kampanye.ditutup_pada = timezone.now()
    kampanye.save(update_fields=["status", "ditutup_pada", "diubah"])
    agg = Penerimaan.objects.filter(kampanye=kampanye)
    _event(kampanye, actor, KampanyeEvent.Jenis.DITUTUP, {
        "penerimaan": agg.count(), "melapor": agg.filter(jumlah_laporan__gt=0).count(),
    })
    return kampanye


# --- KIM side -----------------------------------------------------------------------------------
@transaction.atomic
def penerimaan_acknowledge(*, actor, penerimaan: Penerimaan) -> Penerimaan:
    _periksa_kim(actor, penerimaan)
    _kunci_ringkasan(penerimaan.kampanye_id)
    if Penerimaan.objects.filter(pk=penerimaan.pk, diakui_pada__isnull=True).update(
            diakui_pada=timezone.now(), diakui_oleh=_aktor(actor), diubah=timezone.now()):
        _tambah_ringkasan(penerimaan.kampanye_id, penerimaan.desa_kode, diakui=1)
    penerimaan.refresh_from_db()
    return penerimaan


def _tautan(nilai: str) -> str:
    nilai = (nilai or "").strip()
    if not nilai:
        return ""
    if len(nilai) > 500:
        raise ValidationError(_("Tautan terlalu panjang."), field="tautan")
    try:
        URLValidator(schemes=["http", "https"])(nilai)
    except DjangoValidationError as exc:
        raise ValidationError(_("Tautan harus alamat web lengkap, diawali https://"), field="tautan") from exc
    return nilai


def laporan_create(*, actor, penerimaan: Penerimaan, saluran: str, tanggal: date | None, jumlah_orang,
                   kunci: str, tautan: str = "", foto=None, catatan: str = "") -> LaporanJangkauan:
    """Record one re-dissemination. The same ``kunci`` (from the form) returns the report already
    made instead of a second one. Reporting also acknowledges the campaign."""
    _periksa_kim(actor, penerimaan)
    if not kunci or not KUNCI_RE.fullmatch(kunci):
        raise ValidationError(_("Formulir kedaluwarsa; muat ulang halaman lalu kirim lagi."), field="kunci")
    ada = LaporanJangkauan.objects.filter(penerimaan=penerimaan, kunci=kunci).first()
    if ada is not None:
        return ada
    kampanye = penerimaan.kampanye
    if kampanye.status != StatusKampanye.TERBIT:
        raise Conflict(_("Kampanye ini sudah ditutup; laporan baru tidak diterima lagi."))
    saluran = _pilihan(saluran, Saluran, field="saluran")
    if tanggal is None:
        raise ValidationError(_("Isi tanggal penyebaran."), field="tanggal")
    if tanggal > timezone.localdate():
        raise ValidationError(_("Tanggal tidak boleh di masa depan."), field="tanggal")
    if tanggal < kampanye.mulai:
        raise ValidationError(_("Tanggal tidak boleh sebelum kampanye dimulai (%(d)s).")
                              % {"d": kampanye.mulai.strftime("%d-%m-%Y")}, field="tanggal")
    try:
        jumlah = int(jumlah_orang)
    except (TypeError, ValueError):
        raise ValidationError(_("Isi jumlah orang yang terjangkau dengan angka."), field="jumlah_orang") from None
    if jumlah < 0:
        raise ValidationError(_("Jumlah orang tidak boleh negatif."), field="jumlah_orang")
    if jumlah > MAKS_JANGKAUAN:
        raise ValidationError(_("Jumlah orang terlalu besar (maksimal %(n)s per laporan).")
                              % {"n": f"{MAKS_JANGKAUAN:,}".replace(",", ".")}, field="jumlah_orang")
    tautan = _tautan(tautan)
    catatan = bersihkan_teks(catatan)
    if len(catatan) > 500:
        raise ValidationError(_("Catatan terlalu panjang (maksimal 500 karakter)."), field="catatan")
    hasil_foto = olah_gambar(foto, field="foto", awalan="bukti") if foto else None  # before the transaction
    try:
        with transaction.atomic():
            laporan = LaporanJangkauan(
                penerimaan=penerimaan, kampanye_id=penerimaan.kampanye_id, saluran=saluran, tanggal=tanggal,
                jumlah_orang=jumlah, tautan=tautan, catatan=catatan, dilaporkan_oleh=_aktor(actor), kunci=kunci,
            )
            if hasil_foto is not None:
                laporan.foto.save(hasil_foto.berkas.name, hasil_foto.berkas, save=False)
            _kunci_ringkasan(penerimaan.kampanye_id)
            qs = Penerimaan.objects.filter(pk=penerimaan.pk)
            sebelum = qs.select_for_update().values("jumlah_laporan", "diakui_pada").get()
            laporan.save()
            sekarang = timezone.now()
            qs.update(jumlah_laporan=F("jumlah_laporan") + 1, jangkauan=F("jangkauan") + jumlah,
                      dilaporkan_pada=Coalesce(F("dilaporkan_pada"), Value(sekarang)), diubah=sekarang)
            diakui = 0
            if sebelum["diakui_pada"] is None:
                diakui = qs.filter(diakui_pada__isnull=True).update(diakui_pada=sekarang, diakui_oleh=_aktor(actor))
            _tambah_ringkasan(penerimaan.kampanye_id, penerimaan.desa_kode, saluran=saluran, laporan=1,
                              jangkauan=jumlah, melapor=int(sebelum["jumlah_laporan"] == 0), diakui=diakui)
    except IntegrityError:  # the same key submitted twice at once: the other request won
        ada = LaporanJangkauan.objects.filter(penerimaan=penerimaan, kunci=kunci).first()
        if ada is None:
            raise
        return ada
    return laporan
