"""The indicator registry: code -> a set-based function computing one value per KIM.

Each function takes a queryset of KIMs and a period ``[since, until)`` (dates) and returns
``{kim_id: value}`` from one or two grouped queries, whatever the number of KIMs (a KIM without
data may be missing from the dict: it counts as 0). A new data source plugs in with::

    @daftar("kode", _("Label"), satuan=_("per bulan"), app="kegiatan")
    def _fungsi(kims, since, until): ...

``app`` names the app the data comes from: an indicator whose app (or selector) is not available
reports ``tersedia() == False`` and is left out of the computation (value 0, flagged on the page).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DefIndikator:
    kode: str
    label: str
    satuan: str
    fungsi: Callable[[QuerySet, date, date], dict[int, float]]
    syarat: tuple[str, ...] = ()  # "module:attribute" or "app_label.Model" that must exist

    def tersedia(self) -> bool:
        for s in self.syarat:
            try:
                if ":" in s:
                    mod, attr = s.split(":")
                    getattr(importlib.import_module(mod), attr)
                else:
                    apps.get_model(s)
            except (ImportError, AttributeError, LookupError):
                return False
        return True


REGISTRY: dict[str, DefIndikator] = {}


def daftar(kode: str, label, *, satuan="", syarat: tuple[str, ...] = ()):
    def reg(fn):
        REGISTRY[kode] = DefIndikator(kode=kode, label=label, satuan=satuan, fungsi=fn, syarat=syarat)
        return fn
    return reg


def pilihan() -> list[tuple[str, str]]:
    return [(k, str(d.label)) for k, d in sorted(REGISTRY.items())]


def hitung(kode: str, kims: QuerySet, since: date, until: date) -> dict[int, float]:
    """Values of indicator ``kode`` for ``kims`` over ``[since, until)``; {} when unavailable."""
    d = REGISTRY.get(kode)
    if d is None or not d.tersedia():
        return {}
    return {k: float(v) for k, v in d.fungsi(kims, since, until).items() if v}


def _bulan(since: date, until: date) -> float:
    return max((until - since).days / 30.4375, 1.0)


def _grup(qs: QuerySet, field: str = "kim_id", *, distinct: str | None = None) -> dict[int, int]:
    agg = Count(distinct, distinct=True) if distinct else Count("pk")
    return {r[field]: r["n"] for r in qs.order_by().values(field).annotate(n=agg)}


# --- the built-in indicators -------------------------------------------------------------------

@daftar("anggota_aktif", _("Jumlah anggota aktif"), satuan=_("orang"), syarat=("kim.Anggota",))
def _anggota_aktif(kims, since, until):
    from simpul.kim.models import Anggota
    return _grup(Anggota.objects.filter(kim__in=kims, aktif=True, tanggal_gabung__lt=until))


@daftar("mandiri", _("KIM mandiri (dari buku kas)"), satuan=_("ya = 1"),
        syarat=("simpul.cakupan.selectors:q_kim_mandiri",))
def _mandiri(kims, since, until):
    from simpul.cakupan.selectors import q_kim_mandiri
    return dict.fromkeys(kims.filter(q_kim_mandiri()).values_list("pk", flat=True), 1)


@daftar("pelatihan_dihadiri", _("Pelatihan yang dihadiri"), satuan=_("kegiatan"),
        syarat=("simpul.pembinaan.selectors:pelatihan_dihadiri_per_kim",))
def _pelatihan(kims, since, until):
    from simpul.pembinaan.selectors import pelatihan_dihadiri_per_kim
    hasil = pelatihan_dihadiri_per_kim(since, until)  # only KIMs that attended: a small dict
    ids = set(kims.filter(pk__in=list(hasil)).values_list("pk", flat=True)) if len(hasil) < 5000 else \
        set(kims.values_list("pk", flat=True))
    return {k: n for k, n in hasil.items() if k in ids}


@daftar("kegiatan_per_bulan", _("Kegiatan tercatat per bulan"), satuan=_("per bulan"),
        syarat=("simpul.kegiatan.selectors:jumlah_kegiatan_per_kim",))
def _kegiatan(kims, since, until):
    from simpul.kegiatan.selectors import jumlah_kegiatan_per_kim
    ids = set(kims.values_list("pk", flat=True))
    bulan = _bulan(since, until)
    return {k: n / bulan for k, n in jumlah_kegiatan_per_kim(since, until).items() if k in ids}


@daftar("laporan_diseminasi", _("Laporan jangkauan diseminasi"), satuan=_("kampanye dilaporkan"),
        syarat=("diseminasi.Penerimaan",))
def _diseminasi(kims, since, until):
    Penerimaan = apps.get_model("diseminasi", "Penerimaan")  # noqa: N806
    return _grup(Penerimaan.objects.filter(kim__in=kims, dilaporkan_pada__date__gte=since,
                                           dilaporkan_pada__date__lt=until))


@daftar("aspirasi_tepat_waktu", _("Aspirasi selesai tepat waktu"), satuan=_("% dari yang selesai"),
        syarat=("aspirasi.Aspirasi",))
def _aspirasi(kims, since, until):
    Aspirasi = apps.get_model("aspirasi", "Aspirasi")  # noqa: N806
    rows = (Aspirasi.objects.filter(kim__in=kims, selesai_pada__date__gte=since, selesai_pada__date__lt=until)
            .order_by().values("kim_id").annotate(n=Count("pk"), tepat=Count("pk", filter=Q(tepat_waktu=True))))
    return {r["kim_id"]: 100.0 * r["tepat"] / r["n"] for r in rows if r["n"]}


@daftar("berita_terbit", _("Berita terbit"), satuan=_("artikel"), syarat=("berita.Artikel",))
def _berita(kims, since, until):
    Artikel = apps.get_model("berita", "Artikel")  # noqa: N806
    return _grup(Artikel.objects.filter(kim__in=kims, status="terbit", terbit_pada__date__gte=since,
                                        terbit_pada__date__lt=until))
