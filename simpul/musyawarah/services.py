"""Every write of musyawarah. Keyword-only, ``actor`` first, one transaction, an event row.

Who may do what (the scope engine's actions, on the topic's KIM; for a kecamatan forum, on any
KIM of that kecamatan):

* ``Aksi.MUSYAWARAH_IKUT`` (every active member): comment, vote, update an action item they own.
* ``Aksi.MUSYAWARAH_KELOLA`` (ketua, sekretaris, bendahara): open topics and polls, close a poll
  with an outcome, record a meeting, assign action items, close a topic, raise an aspiration.

Errors: ``NotFound`` outside the actor's reach (views answer 404), ``Forbidden`` for a member
lacking the right, ``Conflict`` for a closed poll, ``ValidationError`` (with ``field``) for bad
input. Notifications go through ``notifikasi_kirim`` with one ``kunci`` per event and user, so a
retry never notifies twice and a digest can group them by prefix (``musyawarah.topik.<id>...``).

    topik_create(*, actor, judul, deskripsi, kim=None, kecamatan=None, publik=False,
                 sumber_jenis="", sumber_id=None, foto=()) -> Topik
    topik_dari_aspirasi(*, actor, aspirasi, kim) -> Topik         # idempotent per aspiration
    topik_tutup(*, actor, topik, alasan) -> Topik
    komentar_add(*, actor, topik, isi, foto=()) -> Komentar        # @mentions notified
    jajak_create(*, actor, topik, jenis, pertanyaan, opsi, ditutup_pada, keterangan="",
                 kuorum=0, sembunyikan_hasil=False, skor_maks=5, jumlah_titik=5) -> JajakPendapat
    suara_berikan(*, actor, jajak, posisi="", alasan="", nilai=None) -> Suara
    jajak_putuskan(*, actor, jajak, pernyataan, tindak_lanjut=()) -> Keputusan
    rapat_catat(*, actor, topik, waktu, tempat, notulen, hadir=(), hadir_lain=0,
                suara_kertas=(), pernyataan, tindak_lanjut=()) -> Keputusan
    tindak_lanjut_add(*, actor, keputusan, judul, penanggung_jawab, tenggat) -> TindakLanjut
    tindak_lanjut_perbarui(*, actor, tindak_lanjut, progres, status, catatan, bukti="",
                           foto=()) -> PembaruanTindakLanjut
    keputusan_ajukan_aspirasi(*, actor, keputusan, judul="", isi="") -> Keputusan
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core import scope
from simpul.core.errors import Conflict, Forbidden, NotFound, ValidationError
from simpul.core.gambar import olah_gambar
from simpul.core.kode import subtree_q
from simpul.core.markdown import bersihkan_teks, render_markdown, ringkas
from simpul.core.peran import Aksi
from simpul.core.teks import teks_masukan
from simpul.kim.models import Anggota, Kim, StatusKim
from simpul.notifikasi.services import notifikasi_kirim
from simpul.wilayah.models import Tingkat, Wilayah

from . import selectors
from .models import (
    STATUS_TL_AKTIF,
    JajakPendapat,
    JenisJajak,
    Keputusan,
    Komentar,
    Lampiran,
    MusyawarahEvent,
    Opsi,
    PembaruanTindakLanjut,
    Posisi,
    Rapat,
    StatusTindakLanjut,
    StatusTopik,
    Suara,
    SuaraOpsi,
    TindakLanjut,
    Topik,
)

MAKS_OPSI = 12
MAKS_FOTO = 4
MAKS_TINDAK_LANJUT = 20
# Photos are re-encoded to at most this many bytes (a weak signal must still load a thread).
MAKS_BYTES_FOTO = 150_000
# Reminder windows before an action item's due date (days), and the poll reminder (hours).
PENGINGAT_TL_HARI = 3
PENGINGAT_JAJAK_JAM = 24


@dataclass(frozen=True)
class TindakLanjutBaru:
    judul: str
    penanggung_jawab: object  # User
    tenggat: date


# --- helpers ------------------------------------------------------------------------------------
def _periksa(actor, topik: Topik, aksi: str) -> None:
    if selectors.boleh_topik(actor, topik, aksi):
        return
    if aksi != Aksi.MUSYAWARAH_IKUT and selectors.boleh_topik(actor, topik, Aksi.MUSYAWARAH_IKUT):
        raise Forbidden(_("Hanya pengurus inti KIM yang dapat melakukan ini."))
    raise NotFound(_("Topik tidak ditemukan."))


def _event(topik: Topik, actor, jenis: str, **data) -> None:
    MusyawarahEvent.objects.create(topik=topik, aktor=actor if getattr(actor, "is_authenticated", False) else None,
                                   jenis=jenis, data=data)


def _url_topik(topik: Topik) -> str:
    return reverse("musyawarah:topik", args=[topik.pk])


def _simpan_foto(topik: Topik, actor, foto: Iterable, *, field: str, komentar=None, pembaruan=None) -> int:
    foto = [f for f in foto or () if f]
    if len(foto) > MAKS_FOTO:
        raise ValidationError(_("Paling banyak %(n)d foto sekali unggah.") % {"n": MAKS_FOTO}, field=field)
    for f in foto:
        hasil = olah_gambar(f, field=field, maks_bytes=MAKS_BYTES_FOTO, awalan="musyawarah")
        Lampiran.objects.create(topik=topik, komentar=komentar, pembaruan=pembaruan, berkas=hasil.berkas,
                                lebar=hasil.lebar, tinggi=hasil.tinggi, ukuran=hasil.ukuran, diunggah_oleh=actor)
    return len(foto)


def _sentuh(topik: Topik) -> None:
    Topik.objects.filter(pk=topik.pk).update(diubah=timezone.now())


def _kabari(topik: Topik, *, kunci: str, judul: str, isi: str = "", url: str = "", kecuali=None, users=None) -> None:
    """Notify the topic's participants (or ``users``), skipping ``kecuali``. Called inside the
    service's transaction: a rolled-back act notifies nobody (emails go out after commit)."""
    penerima = list(users) if users is not None else list(selectors.peserta_topik(topik))
    penerima = [u for u in penerima if kecuali is None or u.pk != kecuali.pk]
    notifikasi_kirim(users=penerima, kunci=kunci, judul=judul, isi=isi, url=url or _url_topik(topik))


# --- topics -------------------------------------------------------------------------------------
def topik_create(*, actor, judul: str, deskripsi: str, kim: Kim | None = None, kecamatan: Wilayah | str | None = None,
                 publik: bool = False, sumber_jenis: str = "", sumber_id: int | None = None,
                 foto: Sequence = ()) -> Topik:
    if (kim is None) == (kecamatan is None):
        raise ValidationError(_("Pilih KIM atau forum kecamatan."), field="kim")
    kim_ids, kec_ids = selectors.jangkauan(actor, Aksi.MUSYAWARAH_KELOLA)
    if kim is not None:
        if kim.pk not in kim_ids:
            if kim.pk in selectors.jangkauan(actor)[0]:
                raise Forbidden(_("Hanya pengurus inti KIM yang dapat membuka topik."))
            raise NotFound(_("KIM tidak ditemukan."))
        if kim.status != StatusKim.AKTIF:
            raise Conflict(_("Musyawarah hanya dapat dibuka oleh KIM yang aktif."))
        wilayah_kode = kim.desa_id
    else:
        kode = kecamatan if isinstance(kecamatan, str) else kecamatan.kode
        if kode not in kec_ids:
            raise NotFound(_("Forum kecamatan tidak ditemukan."))
        kecamatan = Wilayah.objects.get(kode=kode, tingkat=Tingkat.KECAMATAN)
        wilayah_kode = kode
    judul = teks_masukan(judul, field="judul", label=_("Judul"), maks=150, min_=5)
    deskripsi = teks_masukan(deskripsi, field="deskripsi", label=_("Uraian"), maks=8000, min_=10, baris_baru=True)
    with transaction.atomic():
        if sumber_id is not None:
            ada = Topik.objects.filter(sumber_jenis=sumber_jenis, sumber_id=sumber_id).first()
            if ada is not None:
                return ada
        topik = Topik.objects.create(kim=kim, kecamatan=kecamatan if kim is None else None, wilayah_kode=wilayah_kode,
                                     judul=judul, deskripsi=deskripsi, publik=bool(publik), dibuat_oleh=actor,
                                     sumber_jenis=sumber_jenis, sumber_id=sumber_id)
        _simpan_foto(topik, actor, foto, field="foto")
        _event(topik, actor, MusyawarahEvent.Jenis.TOPIK, judul=judul, sumber=sumber_jenis or None)
        _kabari(topik, kunci=f"musyawarah.topik.{topik.pk}.baru", kecuali=actor,
                judul=_("Topik musyawarah baru: %(judul)s") % {"judul": judul}, isi=ringkas(deskripsi))
    return topik


def topik_dari_aspirasi(*, actor, aspirasi, kim: Kim) -> Topik:
    """Open a topic from an aspiration (any object with ``pk``, ``judul``, ``isi``, such as
    ``simpul.aspirasi.models.Aspirasi``). Idempotent: the same aspiration gives the same topic.
    The citizen's identity is never copied into the topic."""
    isi = (getattr(aspirasi, "isi", "") or "").strip()
    kode = getattr(aspirasi, "kode", "")
    deskripsi = _("Berasal dari aspirasi warga %(kode)s:") % {"kode": kode} + "\n\n> " + isi.replace("\n", "\n> ")
    return topik_create(actor=actor, kim=kim, judul=(aspirasi.judul or "")[:150], deskripsi=deskripsi[:8000],
                        sumber_jenis="aspirasi", sumber_id=aspirasi.pk)


def topik_tutup(*, actor, topik: Topik, alasan: str) -> Topik:
    _periksa(actor, topik, Aksi.MUSYAWARAH_KELOLA)
    alasan = teks_masukan(alasan, field="alasan", label=_("Alasan"), maks=1000, min_=5)
    with transaction.atomic():
        topik = Topik.objects.select_for_update().get(pk=topik.pk)
        if topik.status != StatusTopik.TERBUKA:
            raise Conflict(_("Topik ini sudah tidak dibahas lagi."))
        topik.status = StatusTopik.DITUTUP
        topik.save(update_fields=["status", "diubah"])
        _event(topik, actor, MusyawarahEvent.Jenis.TOPIK_DITUTUP, alasan=alasan)
    return topik


def _wajib_terbuka(topik: Topik) -> None:
    if topik.status == StatusTopik.DITUTUP:
        raise Conflict(_("Topik ini sudah ditutup."))


def komentar_add(*, actor, topik: Topik, isi: str, foto: Sequence = ()) -> Komentar:
    _periksa(actor, topik, Aksi.MUSYAWARAH_IKUT)
    _wajib_terbuka(topik)
    isi = teks_masukan(isi, field="isi", label=_("Komentar"), maks=8000, baris_baru=True, min_=1)
    with transaction.atomic():
        k = Komentar.objects.create(topik=topik, penulis=actor, isi=isi, isi_html=render_markdown(isi))
        _simpan_foto(topik, actor, foto, field="foto", komentar=k)
        Topik.objects.filter(pk=topik.pk).update(diubah=timezone.now(),
                                                 jumlah_komentar=Komentar.objects.filter(topik=topik).count())
        disebut = [u for u in selectors.disebut(isi, selectors.peserta_topik(topik)) if u.pk != actor.pk]
        url = f"{_url_topik(topik)}#komentar-{k.pk}"
        if disebut:
            _kabari(topik, users=disebut, kunci=f"musyawarah.topik.{topik.pk}.sebut.{k.pk}", url=url,
                    judul=_("%(nama)s menyebut Anda di “%(judul)s”") % {"nama": actor.nama, "judul": topik.judul},
                    isi=ringkas(isi))
    return k


# --- polls --------------------------------------------------------------------------------------
def jajak_create(*, actor, topik: Topik, jenis: str, pertanyaan: str, opsi: Sequence = (),
                 ditutup_pada: datetime, keterangan: str = "", kuorum: int = 0, sembunyikan_hasil: bool = False,
                 skor_maks: int = 5, jumlah_titik: int = 5) -> JajakPendapat:
    _periksa(actor, topik, Aksi.MUSYAWARAH_KELOLA)
    if topik.status != StatusTopik.TERBUKA:
        raise Conflict(_("Topik ini sudah tidak dibahas lagi."))
    if jenis not in JenisJajak.values:
        raise ValidationError(_("Pilih jenis jajak pendapat."), field="jenis")
    pertanyaan = teks_masukan(pertanyaan, field="pertanyaan", label=_("Pertanyaan"), maks=300, min_=5)
    keterangan = (keterangan or "").strip()[:4000]
    if ditutup_pada is None or ditutup_pada <= timezone.now() + timedelta(minutes=5):
        raise ValidationError(_("Batas waktu memberi suara harus di masa depan."), field="ditutup_pada")
    if ditutup_pada > timezone.now() + timedelta(days=90):
        raise ValidationError(_("Batas waktu paling lama 90 hari dari sekarang."), field="ditutup_pada")
    if not 0 <= int(kuorum or 0) <= 1000:
        raise ValidationError(_("Kuorum tidak masuk akal."), field="kuorum")
    if not 2 <= int(skor_maks) <= 10:
        raise ValidationError(_("Nilai tertinggi antara 2 dan 10."), field="skor_maks")
    if not 1 <= int(jumlah_titik) <= 20:
        raise ValidationError(_("Titik per orang antara 1 dan 20."), field="jumlah_titik")
    baris: list[tuple[str, datetime | None]] = []
    if jenis != JenisJajak.PERSETUJUAN:
        for o in opsi:
            if jenis == JenisJajak.WAKTU_RAPAT:
                if not isinstance(o, datetime):
                    raise ValidationError(_("Isi tiap pilihan waktu dengan tanggal dan jam."), field="opsi")
                baris.append((timezone.localtime(o).strftime("%d-%m-%Y %H:%M") if timezone.is_aware(o)
                              else o.strftime("%d-%m-%Y %H:%M"), o))
            else:
                t = bersihkan_teks(str(o or ""))
                if t:
                    if len(t) > 150:
                        raise ValidationError(_("Tiap pilihan paling panjang 150 karakter."), field="opsi")
                    baris.append((t, None))
        if len({b[0].lower() for b in baris}) != len(baris):
            raise ValidationError(_("Ada pilihan yang sama."), field="opsi")
        if not 2 <= len(baris) <= MAKS_OPSI:
            raise ValidationError(_("Isi 2 sampai %(n)d pilihan.") % {"n": MAKS_OPSI}, field="opsi")
    with transaction.atomic():
        j = JajakPendapat.objects.create(topik=topik, jenis=jenis, pertanyaan=pertanyaan, keterangan=keterangan,
                                         ditutup_pada=ditutup_pada, kuorum=int(kuorum or 0),
                                         sembunyikan_hasil=bool(sembunyikan_hasil), skor_maks=int(skor_maks),
                                         jumlah_titik=int(jumlah_titik), dibuat_oleh=actor)
        Opsi.objects.bulk_create([Opsi(jajak=j, label=label, waktu=w, urutan=i) for i, (label, w) in enumerate(baris)])
        _sentuh(topik)
        _event(topik, actor, MusyawarahEvent.Jenis.JAJAK, jajak=j.pk, jenis_jajak=jenis, pertanyaan=pertanyaan)
        _kabari(topik, kunci=f"musyawarah.topik.{topik.pk}.jajak.{j.pk}", kecuali=actor,
                judul=_("Beri suara: %(p)s") % {"p": pertanyaan},
                isi=_("Batas waktu %(waktu)s.") % {"waktu": timezone.localtime(ditutup_pada).strftime("%d-%m-%Y %H:%M")})
    return j


def _nilai_bersih(jajak: JajakPendapat, opsi_ids: set[int], nilai: dict) -> dict[int, int]:
    bersih: dict[int, int] = {}
    for k, v in (nilai or {}).items():
        try:
            k, v = int(k), int(v)
        except (TypeError, ValueError):
            raise ValidationError(_("Isian suara tidak terbaca."), field="nilai") from None
        if k not in opsi_ids:
            raise ValidationError(_("Pilihan tidak dikenal."), field="nilai")
        if v < 0:
            raise ValidationError(_("Nilai tidak boleh negatif."), field="nilai")
        if v:
            bersih[k] = v
    j = jajak.jenis
    if j == JenisJajak.PILIHAN_TUNGGAL:
        if len(bersih) != 1 or set(bersih.values()) != {1}:
            raise ValidationError(_("Pilih satu pilihan."), field="nilai")
    elif j == JenisJajak.PERINGKAT:
        if not bersih:
            raise ValidationError(_("Beri peringkat paling sedikit satu pilihan."), field="nilai")
        if sorted(bersih.values()) != list(range(1, len(bersih) + 1)):
            raise ValidationError(_("Peringkat harus berurutan 1, 2, 3… tanpa angka yang sama."), field="nilai")
    elif j == JenisJajak.SKOR:
        if any(v > jajak.skor_maks for v in bersih.values()):
            raise ValidationError(_("Nilai paling tinggi %(n)d.") % {"n": jajak.skor_maks}, field="nilai")
    elif j == JenisJajak.TITIK:
        total = sum(bersih.values())
        if not total:
            raise ValidationError(_("Bagikan paling sedikit satu titik."), field="nilai")
        if total > jajak.jumlah_titik:
            raise ValidationError(_("Anda hanya punya %(n)d titik (terpakai %(t)d).")
                                  % {"n": jajak.jumlah_titik, "t": total}, field="nilai")
    elif j == JenisJajak.WAKTU_RAPAT and any(v not in (1, 2) for v in bersih.values()):
        raise ValidationError(_("Untuk tiap waktu pilih bisa atau mungkin."), field="nilai")
    return bersih


def suara_berikan(*, actor, jajak: JajakPendapat, posisi: str = "", alasan: str = "",
                  nilai: dict | None = None) -> Suara:
    """Cast or change the actor's vote. One vote per member (a DB constraint); two requests at
    the same moment leave one vote (the poll row is locked; a lost insert race becomes an update)."""
    topik = jajak.topik
    _periksa(actor, topik, Aksi.MUSYAWARAH_IKUT)
    alasan = (alasan or "").strip()
    if len(alasan) > 2000:
        raise ValidationError(_("Alasan terlalu panjang (maksimal 2.000 karakter)."), field="alasan")
    if jajak.jenis == JenisJajak.PERSETUJUAN:
        if posisi not in Posisi.values:
            raise ValidationError(_("Pilih posisi Anda: setuju, abstain, tidak setuju atau blokir."), field="posisi")
        if posisi == Posisi.BLOKIR and len(alasan) < 10:
            raise ValidationError(_("Suara blokir wajib disertai alasan (minimal 10 karakter): apa yang harus "
                                    "berubah agar Anda bisa menerima usulan ini?"), field="alasan")
        bersih: dict[int, int] = {}
    else:
        posisi = ""
        opsi_ids = set(Opsi.objects.filter(jajak=jajak).values_list("pk", flat=True))
        bersih = _nilai_bersih(jajak, opsi_ids, nilai or {})
    with transaction.atomic():
        jajak = JajakPendapat.objects.select_for_update().get(pk=jajak.pk)
        if not jajak.terbuka():
            raise Conflict(_("Jajak pendapat ini sudah ditutup; suara tidak dapat diberikan atau diubah lagi."),
                           field="posisi")
        suara = Suara.objects.filter(jajak=jajak, pemilih=actor).first()
        if suara is None:
            try:
                with transaction.atomic():
                    suara = Suara.objects.create(jajak=jajak, pemilih=actor, posisi=posisi, alasan=alasan)
            except IntegrityError:  # the same member's other request won the race: update it
                suara = Suara.objects.get(jajak=jajak, pemilih=actor)
        if suara.posisi != posisi or suara.alasan != alasan:
            suara.posisi, suara.alasan = posisi, alasan
            suara.save(update_fields=["posisi", "alasan", "diubah"])
        SuaraOpsi.objects.filter(suara=suara).delete()
        SuaraOpsi.objects.bulk_create([SuaraOpsi(suara=suara, opsi_id=k, nilai=v) for k, v in bersih.items()])
    return suara


def _tindak_lanjut_bersih(keputusan_tanggal: date, items: Iterable, peserta_ids: set[int]) -> list[TindakLanjutBaru]:
    hasil = []
    for i, t in enumerate(items):
        judul, pj, tenggat = (t.judul, t.penanggung_jawab, t.tenggat) if isinstance(t, TindakLanjutBaru) else (
            t.get("judul"), t.get("penanggung_jawab"), t.get("tenggat"))
        judul = bersihkan_teks(judul or "")
        if not judul and pj is None and tenggat is None:
            continue
        field = f"tl-{i}"
        if len(judul) < 3:
            raise ValidationError(_("Tindak lanjut %(n)d: tuliskan tindakannya.") % {"n": i + 1}, field=field)
        if len(judul) > 200:
            raise ValidationError(_("Tindak lanjut %(n)d: maksimal 200 karakter.") % {"n": i + 1}, field=field)
        if pj is None or pj.pk not in peserta_ids:
            raise ValidationError(_("Tindak lanjut %(n)d: pilih penanggung jawab dari anggota KIM.") % {"n": i + 1},
                                  field=field)
        if tenggat is None:
            raise ValidationError(_("Tindak lanjut %(n)d: isi tenggatnya.") % {"n": i + 1}, field=field)
        if tenggat < keputusan_tanggal:
            raise ValidationError(_("Tindak lanjut %(n)d: tenggat (%(t)s) tidak boleh sebelum tanggal keputusan "
                                    "(%(k)s).") % {"n": i + 1, "t": tenggat.strftime("%d-%m-%Y"),
                                                   "k": keputusan_tanggal.strftime("%d-%m-%Y")}, field=field)
        hasil.append(TindakLanjutBaru(judul, pj, tenggat))
    if len(hasil) > MAKS_TINDAK_LANJUT:
        raise ValidationError(_("Terlalu banyak tindak lanjut sekaligus."), field="tl-0")
    return hasil


def _buat_tindak_lanjut(keputusan: Keputusan, actor, items: list[TindakLanjutBaru]) -> list[TindakLanjut]:
    rows = [TindakLanjut.objects.create(keputusan=keputusan, kim=keputusan.kim, wilayah_kode=keputusan.wilayah_kode,
                                        judul=t.judul, penanggung_jawab=t.penanggung_jawab, tenggat=t.tenggat)
            for t in items]
    topik = keputusan.topik
    for tl in rows:
        _event(topik, actor, MusyawarahEvent.Jenis.TINDAK_LANJUT, tindak_lanjut=tl.pk, judul=tl.judul,
               penanggung_jawab=tl.penanggung_jawab_id, tenggat=tl.tenggat.isoformat())
        _kabari(topik, users=[tl.penanggung_jawab], kunci=f"musyawarah.tl.{tl.pk}.ditugaskan",
                url=reverse("musyawarah:tindak_lanjut", args=[tl.pk]),
                judul=_("Tugas tindak lanjut untuk Anda: %(judul)s") % {"judul": tl.judul},
                isi=_("Tenggat %(t)s.") % {"t": tl.tenggat.strftime("%d-%m-%Y")})
    return rows


def _keputusan(*, actor, topik: Topik, pernyataan: str, hasil: dict, jajak=None, rapat=None,
               tindak_lanjut=(), tanggal: date | None = None) -> Keputusan:
    tanggal = tanggal or timezone.localdate()
    items = _tindak_lanjut_bersih(tanggal, tindak_lanjut, set(selectors.peserta_topik(topik).values_list("pk", flat=True)))
    kep = Keputusan.objects.create(topik=topik, jajak=jajak, rapat=rapat, kim=topik.kim,
                                   wilayah_kode=topik.wilayah_kode, pernyataan=pernyataan, tanggal=tanggal,
                                   hasil=hasil, diputuskan_oleh=actor)
    _buat_tindak_lanjut(kep, actor, items)
    Topik.objects.filter(pk=topik.pk).update(status=StatusTopik.DIPUTUSKAN, diubah=timezone.now())
    _event(topik, actor, MusyawarahEvent.Jenis.KEPUTUSAN, keputusan=kep.pk, pernyataan=pernyataan[:300],
           tindak_lanjut=len(items))
    _kabari(topik, kunci=f"musyawarah.topik.{topik.pk}.keputusan.{kep.pk}", kecuali=actor,
            judul=_("Keputusan: %(judul)s") % {"judul": topik.judul}, isi=ringkas(pernyataan))
    return kep


def _pernyataan(teks: str) -> str:
    return teks_masukan(teks, field="pernyataan", label=_("Pernyataan keputusan"), maks=4000, min_=10, baris_baru=True)


def jajak_putuskan(*, actor, jajak: JajakPendapat, pernyataan: str, tindak_lanjut: Iterable = ()) -> Keputusan:
    """Close a poll with an outcome statement (required) and its action items."""
    topik = jajak.topik
    _periksa(actor, topik, Aksi.MUSYAWARAH_KELOLA)
    pernyataan = _pernyataan(pernyataan)
    with transaction.atomic():
        jajak = JajakPendapat.objects.select_for_update().get(pk=jajak.pk)
        if jajak.selesai is not None:
            raise Conflict(_("Jajak pendapat ini sudah diputuskan."))
        if topik.status == StatusTopik.DITUTUP:
            raise Conflict(_("Topik ini sudah ditutup."))
        jajak.selesai = timezone.now()
        jajak.save(update_fields=["selesai", "diubah"])
        hasil = selectors.hasil_jajak(jajak)
        return _keputusan(actor=actor, topik=topik, pernyataan=pernyataan, jajak=jajak, tindak_lanjut=tindak_lanjut,
                          hasil={**hasil.data, "kuorum_tercapai": hasil.kuorum_tercapai,
                                 "baris": [{"label": b.label, "teks": b.teks} for b in hasil.baris]})


def rapat_catat(*, actor, topik: Topik, waktu: datetime, tempat: str, notulen: str, pernyataan: str,
                hadir: Iterable = (), hadir_lain: int = 0, suara_kertas: Iterable = (),
                tindak_lanjut: Iterable = ()) -> Keputusan:
    """Record a face-to-face meeting with the same outcome as a poll: a decision and actions."""
    _periksa(actor, topik, Aksi.MUSYAWARAH_KELOLA)
    _wajib_terbuka(topik)
    if waktu is None or waktu > timezone.now() + timedelta(hours=1):
        raise ValidationError(_("Catat rapat yang sudah berlangsung: waktunya tidak boleh di masa depan."), field="waktu")
    tempat = teks_masukan(tempat, field="tempat", label=_("Tempat"), maks=150, min_=3)
    notulen = teks_masukan(notulen, field="notulen", label=_("Notulen"), maks=20000, min_=10, baris_baru=True)
    pernyataan = _pernyataan(pernyataan)
    if not 0 <= int(hadir_lain or 0) <= 10000:
        raise ValidationError(_("Jumlah peserta lain tidak masuk akal."), field="hadir_lain")
    hadir_ids = {int(getattr(a, "pk", a)) for a in hadir}
    anggota = Anggota.objects.filter(pk__in=hadir_ids, aktif=True)
    anggota = anggota.filter(kim_id=topik.kim_id) if topik.kim_id else anggota.filter(
        subtree_q("kim__desa__kode", topik.kecamatan_id))
    if anggota.count() != len(hadir_ids):
        raise ValidationError(_("Daftar hadir memuat orang yang bukan anggota aktif."), field="hadir")
    tally = []
    for b in suara_kertas:
        label = bersihkan_teks(b.get("label", ""))
        if not label and not b.get("jumlah"):
            continue
        try:
            jumlah = int(b.get("jumlah") or 0)
        except (TypeError, ValueError):
            raise ValidationError(_("Jumlah suara harus angka."), field="suara_kertas") from None
        if not label or jumlah < 0 or len(label) > 150:
            raise ValidationError(_("Tiap baris suara kertas perlu pilihan dan jumlah (0 atau lebih)."),
                                  field="suara_kertas")
        tally.append({"label": label, "jumlah": jumlah})
    with transaction.atomic():
        rapat = Rapat.objects.create(topik=topik, waktu=waktu, tempat=tempat, notulen=notulen,
                                     hadir_lain=int(hadir_lain or 0), suara_kertas=tally, dicatat_oleh=actor)
        rapat.hadir.set(list(hadir_ids))
        _event(topik, actor, MusyawarahEvent.Jenis.RAPAT, rapat=rapat.pk, hadir=len(hadir_ids) + int(hadir_lain or 0))
        return _keputusan(actor=actor, topik=topik, pernyataan=pernyataan, rapat=rapat, tindak_lanjut=tindak_lanjut,
                          tanggal=timezone.localtime(waktu).date() if timezone.is_aware(waktu) else waktu.date(),
                          hasil={"suara_kertas": tally, "hadir": len(hadir_ids) + int(hadir_lain or 0)})


# --- action items -------------------------------------------------------------------------------
def tindak_lanjut_add(*, actor, keputusan: Keputusan, judul: str, penanggung_jawab, tenggat: date) -> TindakLanjut:
    topik = keputusan.topik
    _periksa(actor, topik, Aksi.MUSYAWARAH_KELOLA)
    items = _tindak_lanjut_bersih(keputusan.tanggal, [TindakLanjutBaru(judul, penanggung_jawab, tenggat)],
                                  set(selectors.peserta_topik(topik).values_list("pk", flat=True)))
    if not items:
        raise ValidationError(_("Tuliskan tindakannya."), field="tl-0")
    with transaction.atomic():
        _buat_tindak_lanjut(keputusan, actor, items)
        return _buat_tindak_lanjut(keputusan, actor, items)[0]


def boleh_perbarui(actor, tl: TindakLanjut) -> bool:
    if tl.penanggung_jawab_id == getattr(actor, "pk", None):
        return selectors.boleh_topik(actor, tl.keputusan.topik)
    return selectors.boleh_topik(actor, tl.keputusan.topik, Aksi.MUSYAWARAH_KELOLA)


def tindak_lanjut_perbarui(*, actor, tindak_lanjut: TindakLanjut, progres, status: str, catatan: str,
                           bukti: str = "", foto: Sequence = ()) -> PembaruanTindakLanjut:
    """The owner (or a KIM manager) reports progress: percentage, status, a note, evidence."""
    topik = tindak_lanjut.keputusan.topik
    if not boleh_perbarui(actor, tindak_lanjut):
        _periksa(actor, topik, Aksi.MUSYAWARAH_KELOLA)
    try:
        progres = int(progres)
    except (TypeError, ValueError):
        raise ValidationError(_("Kemajuan diisi angka 0 sampai 100."), field="progres") from None
    if not 0 <= progres <= 100:
        raise ValidationError(_("Kemajuan diisi angka 0 sampai 100."), field="progres")
    if status not in StatusTindakLanjut.values:
        raise ValidationError(_("Pilih status."), field="status")
    if status == StatusTindakLanjut.SELESAI:
        progres = 100
    elif progres == 100 and status != StatusTindakLanjut.BATAL:
        status = StatusTindakLanjut.SELESAI
    elif progres > 0 and status == StatusTindakLanjut.BELUM:
        status = StatusTindakLanjut.BERJALAN
    catatan = teks_masukan(catatan, field="catatan", label=_("Catatan"), maks=4000, min_=3, baris_baru=True)
    bukti = (bukti or "").strip()
    if bukti and not bukti.startswith(("http://", "https://")):
        raise ValidationError(_("Tautan bukti harus diawali http:// atau https://"), field="bukti")
    if len(bukti) > 300:
        raise ValidationError(_("Tautan bukti terlalu panjang."), field="bukti")
    with transaction.atomic():
        tl = TindakLanjut.objects.select_for_update().get(pk=tindak_lanjut.pk)
        dulu = {"progres": tl.progres, "status": tl.status}
        p = PembaruanTindakLanjut.objects.create(tindak_lanjut=tl, penulis=actor, catatan=catatan, progres=progres,
                                                 status=status)
        _simpan_foto(topik, actor, foto, field="foto", pembaruan=p)
        tl.progres, tl.status = progres, status
        if bukti:
            tl.bukti = bukti
        tl.save(update_fields=["progres", "status", "bukti", "diubah"])
        _event(topik, actor, MusyawarahEvent.Jenis.PEMBARUAN, tindak_lanjut=tl.pk, sebelum=dulu,
               sesudah={"progres": progres, "status": status})
        if status == StatusTindakLanjut.SELESAI and dulu["status"] != StatusTindakLanjut.SELESAI:
            _kabari(topik, kunci=f"musyawarah.tl.{tl.pk}.selesai", kecuali=actor,
                    url=reverse("musyawarah:tindak_lanjut", args=[tl.pk]),
                    judul=_("Tindak lanjut selesai: %(judul)s") % {"judul": tl.judul}, isi=ringkas(catatan))
    tindak_lanjut.refresh_from_db()
    return p


# --- links to the aspiration domain -------------------------------------------------------------
def keputusan_ajukan_aspirasi(*, actor, keputusan: Keputusan, judul: str = "", isi: str = "") -> Keputusan:
    """Raise the decision to government as an aspiration of the KIM (recorded on the KIM's
    behalf through ``simpul.aspirasi.services``). Idempotent: a decision raises one aspiration."""
    topik = keputusan.topik
    _periksa(actor, topik, Aksi.MUSYAWARAH_KELOLA)
    if keputusan.kim is None:
        raise Conflict(_("Keputusan forum kecamatan diajukan oleh salah satu KIM lewat topiknya sendiri."))
    if keputusan.aspirasi_id:
        return keputusan
    from simpul.aspirasi import services as aspirasi_services

    judul = bersihkan_teks(judul or topik.judul)[:150]
    isi = (isi or "").strip() or _("Hasil musyawarah KIM %(kim)s (%(tanggal)s):\n\n%(pernyataan)s") % {
        "kim": keputusan.kim.nama, "tanggal": keputusan.tanggal.strftime("%d-%m-%Y"),
        "pernyataan": keputusan.pernyataan}
    with transaction.atomic():
        kep = Keputusan.objects.select_for_update().get(pk=keputusan.pk)
        if kep.aspirasi_id:
            return kep
        aspirasi, _baru = aspirasi_services.aspirasi_create(
            actor=actor, jenis="aspirasi", desa=keputusan.kim.desa_id, kim=keputusan.kim, judul=judul,
            isi=isi[:5000], nama=keputusan.kim.nama[:120], kunci_idempoten=f"musyawarah:{kep.pk}")
        kep.aspirasi_jenis, kep.aspirasi_id = "aspirasi", aspirasi.pk
        kep.save(update_fields=["aspirasi_jenis", "aspirasi_id", "diubah"])
        _event(topik, actor, MusyawarahEvent.Jenis.ASPIRASI, keputusan=kep.pk, aspirasi=aspirasi.pk,
               kode=getattr(aspirasi, "kode", ""))
    return kep


# --- reminders (periodic, idempotent) ------------------------------------------------------------
def kirim_pengingat_jajak(now=None) -> int:
    """Remind members who have not voted, once per poll, when closing is within a day."""
    n = 0
    for j in selectors.jajak_segera_ditutup(now, jam=PENGINGAT_JAJAK_JAM).select_related("topik"):
        if not JajakPendapat.objects.filter(pk=j.pk, pengingat_terkirim=False).update(pengingat_terkirim=True):
            continue  # another worker claimed it
        sudah = set(Suara.objects.filter(jajak=j).values_list("pemilih_id", flat=True))
        belum = [u for u in selectors.peserta_topik(j.topik) if u.pk not in sudah]
        n += notifikasi_kirim(users=belum, kunci=f"musyawarah.topik.{j.topik_id}.jajak.{j.pk}.pengingat",
                              judul=_("Segera beri suara: %(p)s") % {"p": j.pertanyaan},
                              isi=_("Jajak pendapat ditutup %(waktu)s.") % {
                                  "waktu": timezone.localtime(j.ditutup_pada).strftime("%d-%m-%Y %H:%M")},
                              url=_url_topik(j.topik))
    return n


def kirim_pengingat_tindak_lanjut(hari_ini: date | None = None) -> int:
    """Remind the owner of each open action item: 3 days before, on the due date, and once when
    overdue. Each window is recorded on the row, so a re-run sends nothing new."""
    hari_ini = hari_ini or timezone.localdate()
    n = 0
    for tl in selectors.tindak_lanjut_perlu_pengingat(hari_ini, hari=PENGINGAT_TL_HARI):
        sisa = (tl.tenggat - hari_ini).days
        jendela = "lewat" if sisa < 0 else ("h0" if sisa == 0 else "h3")
        if jendela in (tl.pengingat_terkirim or []):
            continue
        with transaction.atomic():
            baris = TindakLanjut.objects.select_for_update().get(pk=tl.pk)
            if jendela in (baris.pengingat_terkirim or []) or baris.status not in STATUS_TL_AKTIF:
                continue
            baris.pengingat_terkirim = [*(baris.pengingat_terkirim or []), jendela]
            baris.save(update_fields=["pengingat_terkirim"])
            judul = {
                "h3": _("Tenggat tindak lanjut %(t)s: %(judul)s"),
                "h0": _("Hari ini tenggat tindak lanjut (%(t)s): %(judul)s"),
                "lewat": _("Tindak lanjut melewati tenggat (%(t)s): %(judul)s"),
            }[jendela] % {"t": tl.tenggat.strftime("%d-%m-%Y"), "judul": tl.judul}
            n += notifikasi_kirim(users=[tl.penanggung_jawab], kunci=f"musyawarah.tl.{tl.pk}.pengingat.{jendela}",
                                  judul=judul, isi=_("Kemajuan saat ini %(p)d%%.") % {"p": tl.progres},
                                  url=reverse("musyawarah:tindak_lanjut", args=[tl.pk]))
    return n


def kim_dapat_diakses(actor, kim_id: int) -> bool:
    return scope.boleh(actor, Aksi.MUSYAWARAH_IKUT, kim_id=kim_id)
