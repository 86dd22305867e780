"""Every write of the assessment: schemes and their versions, rounds, jurors' scores, and the
computation of a round (automatic indicators set-based, jurors averaged, weights, levels, ranks)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Avg, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core import scope
from simpul.core.errors import NotFound, ValidationError
from simpul.core.kode import di_dalam, subtree_q
from simpul.core.peran import Aksi
from simpul.kim.models import Kim, StatusKim

from . import indikator as reg
from .models import (
    Dimensi,
    Indikator,
    ModePutaran,
    NilaiJuri,
    Peserta,
    Putaran,
    Skema,
    SkemaEvent,
    SumberNilai,
    Tingkat,
)

# The example scheme, from criteria used in KIM competitions (domain brief): institution and
# administration, use of KIM media, core activities, economic empowerment, literacy. Weights and
# targets are an EXAMPLE for offices to adapt, not an official standard.
CONTOH = {
    "kode": "contoh-lomba-kim",
    "nama": "Contoh: kriteria lomba KIM",
    "keterangan": "CONTOH, bukan ketentuan resmi. Disusun dari kriteria yang dipakai dalam lomba KIM "
                  "(kelembagaan/administrasi, pemanfaatan media KIM, kegiatan inti, pemberdayaan ekonomi, "
                  "literasi) dan kategori Festival KIM 2025. Sesuaikan bobot dan target sebelum dipakai.",
    "dimensi": [
        ("Kelembagaan dan administrasi", 20, [
            ("Jumlah anggota aktif", "otomatis", "anggota_aktif", 20, 2),
            ("Kelengkapan administrasi (SK, notulen, buku kas)", "juri", "", 1, 1),
        ]),
        ("Pemanfaatan media KIM", 20, [
            ("Berita terbit", "otomatis", "berita_terbit", 24, 2),
            ("Kualitas konten dan media sosial", "juri", "", 1, 1),
        ]),
        ("Kegiatan inti: diseminasi dan aspirasi", 25, [
            ("Kegiatan tercatat per bulan", "otomatis", "kegiatan_per_bulan", 4, 1),
            ("Laporan jangkauan diseminasi", "otomatis", "laporan_diseminasi", 6, 1),
            ("Aspirasi selesai tepat waktu (%)", "otomatis", "aspirasi_tepat_waktu", 90, 1),
        ]),
        ("Pemberdayaan ekonomi (UMKM, wisata)", 20, [
            ("KIM mandiri (dari buku kas)", "otomatis", "mandiri", 1, 1),
            ("Dampak ekonomi bagi warga", "juri", "", 1, 1),
        ]),
        ("Literasi dan peningkatan kapasitas", 15, [
            ("Pelatihan yang dihadiri", "otomatis", "pelatihan_dihadiri", 3, 1),
            ("Kegiatan literasi digital", "juri", "", 1, 1),
        ]),
    ],
    "tingkat": [("Unggul", 80), ("Berkembang", 60), ("Tumbuh", 40), ("Dasar", 0)],
}


def _boleh_wilayah(actor, kode: str | None) -> None:
    ling = scope.lingkup(actor, Aksi.PENILAIAN_KELOLA)
    if not (ling.semua if kode is None else ling.mencakup_wilayah(kode)):
        raise NotFound(_("Wilayah tidak ditemukan."))


def skema_buat(*, actor, wilayah, kode: str, nama: str, keterangan: str = "", dimensi: list, tingkat: list,
               contoh: bool = False, _jenis: str = SkemaEvent.Jenis.DIBUAT, _sebelum: dict | None = None) -> Skema:
    """Create a scheme (version 1, or the next version of ``kode`` in that region).
    ``dimensi``: [(name, weight, [(name, source, data code, target, weight), ...]), ...];
    ``tingkat``: [(name, minimum score), ...]."""
    _boleh_wilayah(actor, wilayah.kode if wilayah else None)
    _periksa_isi(dimensi, tingkat)
    with transaction.atomic():
        versi = (Skema.objects.filter(wilayah=wilayah, kode=kode).aggregate(v=Max("versi"))["v"] or 0) + 1
        skema = Skema.objects.create(wilayah=wilayah, kode=kode, versi=versi, nama=nama, keterangan=keterangan,
                                     contoh=contoh, dibuat_oleh=actor)
        _isi_tulis(skema, dimensi, tingkat)
        SkemaEvent.objects.create(skema=skema, jenis=_jenis, aktor=actor, data={
            "sebelum": _sebelum, "sesudah": _isi(nama, dimensi, tingkat), "versi": versi})
    return skema


def _isi_tulis(skema: Skema, dimensi: list, tingkat: list) -> None:
    """Write a scheme's dimensions, indicators and levels (``dimensi``/``tingkat`` as in skema_buat)."""
    for i, (nama_d, bobot, inds) in enumerate(dimensi):
        d = Dimensi.objects.create(skema=skema, nama=nama_d, bobot=bobot, urutan=i)
        Indikator.objects.bulk_create([
            Indikator(dimensi=d, nama=n, sumber=s, kode_data=k if s == SumberNilai.OTOMATIS else "",
                      target=t, bobot=b, urutan=j) for j, (n, s, k, t, b) in enumerate(inds)])
    Tingkat.objects.bulk_create([Tingkat(skema=skema, nama=n, batas_bawah=b) for n, b in tingkat])


def _periksa_isi(dimensi: list, tingkat: list) -> None:
    if not dimensi or not tingkat:
        raise ValidationError(_("Skema memerlukan minimal satu dimensi dan satu tingkat."))
    for _n, bobot, inds in dimensi:
        if bobot <= 0 or not inds:
            raise ValidationError(_("Setiap dimensi memerlukan bobot positif dan minimal satu indikator."))
        for _i, sumber, kode_data, target, b in inds:
            if sumber == SumberNilai.OTOMATIS and kode_data not in reg.REGISTRY:
                raise ValidationError(_("Kode data indikator tidak dikenal: %(k)s") % {"k": kode_data})
            if target <= 0 or b <= 0:
                raise ValidationError(_("Target dan bobot indikator harus positif."))
    _periksa_nama_dan_batas(dimensi, tingkat)


def _isi(nama: str, dimensi: list, tingkat: list) -> dict:
    """A scheme's content as JSON for the audit trail."""
    return {"nama": nama, "dimensi": [[n, b, [list(i) for i in inds]] for n, b, inds in dimensi],
            "tingkat": [list(t) for t in tingkat]}


def _periksa_nama_dan_batas(dimensi: list, tingkat: list) -> None:
    nama_d = [n.strip().casefold() for n, _b, _i in dimensi]
    if any(not n for n in nama_d) or len(set(nama_d)) != len(nama_d):
        raise ValidationError(_("Nama dimensi harus diisi dan tidak boleh kembar."))
    for _n, _b, inds in dimensi:
        nama_i = [i[0].strip().casefold() for i in inds]
        if any(not n for n in nama_i) or len(set(nama_i)) != len(nama_i):
            raise ValidationError(_("Nama indikator dalam satu dimensi harus diisi dan tidak boleh kembar."))
    nama_t = [n.strip().casefold() for n, _b in tingkat]
    batas = [float(b) for _n, b in tingkat]
    if any(not n for n in nama_t) or len(set(nama_t)) != len(nama_t):
        raise ValidationError(_("Nama tingkat harus diisi dan tidak boleh kembar."))
    if len(set(batas)) != len(batas) or any(not 0 <= b <= 100 for b in batas):
        raise ValidationError(_("Skor minimal tiap tingkat harus berbeda dan di antara 0 dan 100."))


def skema_sebagai_data(skema: Skema) -> tuple[list, list]:
    dimensi = [(d.nama, d.bobot, [(i.nama, i.sumber, i.kode_data, i.target, i.bobot) for i in d.indikator.all()])
               for d in skema.dimensi.prefetch_related("indikator")]
    return dimensi, [(t.nama, t.batas_bawah) for t in skema.tingkat.all()]


def skema_versi_baru(*, actor, skema: Skema, dimensi: list | None = None, tingkat: list | None = None,
                     nama: str | None = None) -> Skema:
    """Change a scheme: a new version with the changes; rounds using the old one keep it."""
    lama_d, lama_t = skema_sebagai_data(skema)
    return skema_buat(actor=actor, wilayah=skema.wilayah, kode=skema.kode, nama=nama or skema.nama,
                      keterangan=skema.keterangan, dimensi=dimensi or lama_d, tingkat=tingkat or lama_t,
                      contoh=skema.contoh, _jenis=SkemaEvent.Jenis.VERSI_BARU,
                      _sebelum={**_isi(skema.nama, lama_d, lama_t), "versi": skema.versi, "id": skema.pk})


def kode_skema_baru(wilayah, nama: str) -> str:
    """A scheme code from its name, unique in the region (a new scheme never becomes another
    scheme's next version by accident)."""
    from django.utils.text import slugify
    dasar = (slugify(nama) or "skema")[:50]
    ada = set(Skema.objects.filter(wilayah=wilayah, kode__startswith=dasar).values_list("kode", flat=True))
    kode, n = dasar, 2
    while kode in ada:
        kode, n = f"{dasar}-{n}", n + 1
    return kode


def skema_simpan(*, actor, skema: Skema, nama: str, keterangan: str, dimensi: list, tingkat: list) -> Skema:
    """Save an edited scheme. A scheme used by a round, or not the latest version of its code,
    gets a NEW VERSION (old rounds keep theirs); an unused latest version is changed in place.
    Both leave a ``SkemaEvent`` with the content before and after."""
    _boleh_wilayah(actor, skema.wilayah_id)
    terbaru = not Skema.objects.filter(wilayah=skema.wilayah, kode=skema.kode, versi__gt=skema.versi).exists()
    if skema.putaran.exists() or not terbaru:
        baru = skema_versi_baru(actor=actor, skema=skema, dimensi=dimensi, tingkat=tingkat, nama=nama)
        if keterangan != baru.keterangan:
            baru.keterangan = keterangan
            baru.save(update_fields=["keterangan", "diubah"])
        return baru
    _periksa_isi(dimensi, tingkat)
    lama_d, lama_t = skema_sebagai_data(skema)
    with transaction.atomic():
        Skema.objects.select_for_update().filter(pk=skema.pk).first()
        if Putaran.objects.filter(skema=skema).exists():  # a round was opened meanwhile
            return skema_versi_baru(actor=actor, skema=skema, dimensi=dimensi, tingkat=tingkat, nama=nama)
        skema.dimensi.all().delete()
        skema.tingkat.all().delete()
        skema.nama, skema.keterangan = nama, keterangan
        skema.save(update_fields=["nama", "keterangan", "diubah"])
        _isi_tulis(skema, dimensi, tingkat)
        SkemaEvent.objects.create(skema=skema, jenis=SkemaEvent.Jenis.DIUBAH, aktor=actor, data={
            "sebelum": _isi(skema.nama, lama_d, lama_t), "sesudah": _isi(nama, dimensi, tingkat),
            "versi": skema.versi})
    return skema


def skema_contoh_pasang(*, actor, wilayah) -> Skema:
    """The example scheme for a region (idempotent: the existing latest version is returned)."""
    ada = Skema.objects.filter(wilayah=wilayah, kode=CONTOH["kode"]).order_by("-versi").first()
    if ada is not None:
        return ada
    return skema_buat(actor=actor, wilayah=wilayah, kode=CONTOH["kode"], nama=CONTOH["nama"],
                      keterangan=CONTOH["keterangan"], dimensi=CONTOH["dimensi"], tingkat=CONTOH["tingkat"],
                      contoh=True)


def putaran_buat(*, actor, skema: Skema, wilayah, nama: str, dari: date, sampai: date,
                 mode: str = ModePutaran.PENILAIAN, kategori: list[str] | None = None, juri=()) -> Putaran:
    """Open a round for every active KIM of ``wilayah`` (set-based insert)."""
    _boleh_wilayah(actor, wilayah.kode)
    if not di_dalam(wilayah.kode, skema.wilayah_id):
        raise ValidationError(_("Skema ini milik wilayah lain."), field="skema")
    if sampai < dari:
        raise ValidationError(_("Akhir periode harus setelah awalnya."), field="sampai")
    if not nama.strip():
        raise ValidationError(_("Isi nama putaran."), field="nama")
    kategori = [k.strip() for k in (kategori or []) if k.strip()]
    with transaction.atomic():
        p = Putaran.objects.create(skema=skema, wilayah=wilayah, nama=nama.strip(), dari=dari, sampai=sampai,
                                   mode=mode, kategori=kategori, dibuat_oleh=actor)
        if juri:
            p.juri.set(juri)
        kims = Kim.objects.filter(subtree_q("desa__kode", wilayah.kode), status=StatusKim.AKTIF)
        Peserta.objects.bulk_create([Peserta(putaran=p, kim_id=k) for k in kims.values_list("pk", flat=True)],
                                    batch_size=5000)
    return p


def peserta_kategori(*, actor, peserta: Peserta, kategori: str) -> Peserta:
    _boleh_wilayah(actor, peserta.putaran.wilayah_id)
    if kategori and kategori not in peserta.putaran.kategori:
        raise ValidationError(_("Kategori tidak ada di putaran ini."), field="kategori")
    peserta.kategori = kategori
    peserta.save(update_fields=["kategori"])
    return peserta


def nilai_juri_simpan(*, actor, peserta: Peserta, indikator: Indikator, skor, bukti: str = "",
                      catatan: str = "") -> NilaiJuri:
    """A juror's score (0..100) with evidence for one juror-scored indicator. Re-saving replaces
    the juror's own score."""
    putaran = peserta.putaran
    if not putaran.juri.filter(pk=actor.pk).exists() and not scope.boleh(
            actor, Aksi.PENILAIAN_KELOLA, wilayah_kode=putaran.wilayah_id):
        raise NotFound(_("Putaran tidak ditemukan."))
    if indikator.sumber != SumberNilai.JURI or indikator.dimensi.skema_id != putaran.skema_id:
        raise ValidationError(_("Indikator ini tidak dinilai juri."), field="indikator")
    try:
        skor = int(str(skor).strip())
    except (TypeError, ValueError):
        raise ValidationError(_("Skor harus bilangan 0 sampai 100."), field="skor") from None
    if not 0 <= skor <= 100:
        raise ValidationError(_("Skor harus bilangan 0 sampai 100."), field="skor")
    n, _baru = NilaiJuri.objects.update_or_create(
        peserta=peserta, indikator=indikator, juri=actor,
        defaults={"skor": skor, "bukti": bukti[:200], "catatan": catatan[:500]})
    return n


def _skor(sumber: str, target: float, nilai: float | None) -> float:
    if nilai is None:
        return 0.0
    if sumber == SumberNilai.JURI:
        return max(0.0, min(float(nilai), 100.0))
    return max(0.0, min(float(nilai) / target, 1.0)) * 100.0


def skor_indikator(ind: Indikator, nilai: float | None) -> float:
    """0..100 for one indicator: jurors' average as is; automatic values linear up to the target."""
    return _skor(ind.sumber, ind.target, nilai)


def tingkat_untuk(total: float, tingkat: list[Tingkat]) -> str:
    for t in sorted(tingkat, key=lambda t: -t.batas_bawah):
        if total >= t.batas_bawah - 1e-9:
            return t.nama
    return ""


def struktur_skema(skema: Skema) -> list[tuple[int, int, list[tuple[int, str, float, int]]]]:
    """The scheme as plain tuples for the per-KIM arithmetic: [(dimension id, weight,
    [(indicator id, source, target, weight), ...]), ...] (two queries)."""
    return [(d.pk, d.bobot, [(i.pk, i.sumber, i.target, i.bobot) for i in d.indikator.all()])
            for d in skema.dimensi.prefetch_related("indikator")]


def hitung_total(struktur: list, nilai: dict[int, float | None]) -> tuple[float, dict[str, float]]:
    """Weighted total (0..100) and each dimension's score ``{dimension id: score}`` from the
    per-indicator values (automatic values and jurors' averages by indicator id)."""
    per_d, total, bobot_d = {}, 0.0, 0
    for d_id, d_bobot, inds in struktur:
        b = sum(i[3] for i in inds)
        skor_d = sum(_skor(s, t, nilai.get(i_id)) * w for i_id, s, t, w in inds) / b if b else 0.0
        per_d[str(d_id)] = round(skor_d, 2)
        total += skor_d * d_bobot
        bobot_d += d_bobot
    return (round(total / bobot_d, 2) if bobot_d else 0.0), per_d


def _simpan_hasil(hasil: list[tuple[int, float, str, int, str]]) -> None:
    """Write every participant's result (id, total, level, rank, JSON breakdown) in one
    set-based UPDATE: on PostgreSQL through COPY into a temporary table; elsewhere through
    ``UPDATE ... FROM (VALUES ...)`` per 500 rows (``bulk_update``'s CASE per row grows
    quadratically)."""
    from django.db import connection
    tabel = Peserta._meta.db_table
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("CREATE TEMPORARY TABLE penilaian_hasil_sementara (i bigint, t double precision, "
                      "g varchar(60), r integer, d jsonb) ON COMMIT DROP")
            with c.cursor.copy("COPY penilaian_hasil_sementara (i, t, g, r, d) FROM STDIN") as salin:
                for row in hasil:
                    salin.write_row(row)
            c.execute(f"UPDATE {tabel} p SET total = v.t, tingkat = v.g, peringkat = v.r, rincian = v.d "  # noqa: S608
                      "FROM penilaian_hasil_sementara v WHERE p.id = v.i")
            c.execute("DROP TABLE penilaian_hasil_sementara")
            return
        for i in range(0, len(hasil), 500):
            bagian = hasil[i:i + 500]
            baris = ", ".join(["(%s, %s, %s, %s, %s)"] * len(bagian))
            params = [x for row in bagian for x in row]
            # Only our table name is interpolated; values are parameters.
            sql = (f"WITH v(i, t, g, r, d) AS (VALUES {baris}) "  # noqa: S608
                   f"UPDATE {tabel} SET total = v.t, tingkat = v.g, peringkat = v.r, rincian = v.d "
                   f"FROM v WHERE {tabel}.id = v.i")
            c.execute(sql, params)


def indikator_otomatis_hitung(skema: Skema, kims, dari: date, sampai: date) -> dict[int, dict[int, float]]:
    """{indicator id: {kim_id: value}} for the scheme's automatic indicators, one set-based call
    per indicator code (the period is ``[dari, sampai]``)."""
    hasil, per_kode = {}, {}
    for ind in Indikator.objects.filter(dimensi__skema=skema, sumber=SumberNilai.OTOMATIS):
        if ind.kode_data not in per_kode:
            per_kode[ind.kode_data] = reg.hitung(ind.kode_data, kims, dari, sampai + timedelta(days=1))
        hasil[ind.pk] = per_kode[ind.kode_data]
    return hasil


def putaran_hitung(*, actor, putaran: Putaran) -> int:
    """Compute every participant's result: automatic values (set-based, one grouped query per
    indicator), jurors averaged (one grouped query), weights, level, rank (per category in
    competition mode), stored in one set-based update. Idempotent; returns the participants count.
    The per-KIM part is plain arithmetic on tuples (no model instance per KIM)."""
    import json
    _boleh_wilayah(actor, putaran.wilayah_id)
    skema = putaran.skema
    struktur = struktur_skema(skema)
    tingkat = list(skema.tingkat.all())
    peserta_qs = Peserta.objects.filter(putaran=putaran)
    kims = Kim.objects.filter(pk__in=peserta_qs.values("kim_id"))
    otomatis = indikator_otomatis_hitung(skema, kims, putaran.dari, putaran.sampai)
    juri = defaultdict(dict)
    for pid, ind_id, rata in (NilaiJuri.objects.filter(peserta__putaran=putaran).values("peserta_id", "indikator_id")
                              .annotate(rata=Avg("skor")).order_by().values_list("peserta_id", "indikator_id", "rata")):
        juri[pid][ind_id] = float(rata)
    lomba = putaran.mode == ModePutaran.LOMBA
    kelompok: dict[str, list] = defaultdict(list)
    for pid, kim_id, kategori in peserta_qs.order_by().values_list("pk", "kim_id", "kategori").iterator(
            chunk_size=5000):
        auto = {ind_id: per_kim.get(kim_id, 0.0) for ind_id, per_kim in otomatis.items()}
        nilai = {**auto, **juri.get(pid, {})}
        total, per_d = hitung_total(struktur, nilai)
        kelompok[kategori if lomba else ""].append(
            [pid, total, tingkat_untuk(total, tingkat), 0, {"d": per_d, "n": {str(k): v for k, v in auto.items()}}])
    hasil = []
    for anggota in kelompok.values():
        anggota.sort(key=lambda r: -r[1])
        sebelumnya, rank = None, 0
        for i, r in enumerate(anggota, 1):
            if r[1] != sebelumnya:
                rank, sebelumnya = i, r[1]
            r[3] = rank
            hasil.append((r[0], r[1], r[2], r[3], json.dumps(r[4])))
    with transaction.atomic():
        _simpan_hasil(hasil)
        putaran.dihitung = timezone.now()
        putaran.save(update_fields=["dihitung", "diubah"])
    return len(hasil)
