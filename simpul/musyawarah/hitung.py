"""Vote counting, as pure functions over plain data (the selectors feed them from the database).

* ranked choice: instant-runoff (IRV). Each round counts every ballot for its highest-ranked
  option still in the race; an option with more than half of the ballots still counting wins;
  otherwise the option with the fewest votes is eliminated (a tie for last place eliminates the
  option that comes last in the poll's own order) and the round repeats. A ballot whose options
  are all eliminated is "exhausted" and no longer counts.
* score: per option the sum of the scores and the average over the ballots cast (an option a
  voter left blank counts as 0 for that voter); ranked by average, then poll order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class PutaranIRV:
    suara: dict[int, int]  # option id -> votes this round
    tersingkir: int | None = None
    habis: int = 0  # exhausted ballots


@dataclass
class HasilIRV:
    pemenang: int | None
    putaran: list[PutaranIRV] = field(default_factory=list)


def irv(surat: Sequence[Sequence[int]], opsi: Sequence[int]) -> HasilIRV:
    """``surat``: each ballot's option ids, most preferred first. ``opsi``: the poll's option ids
    in the poll's order (ties for last place eliminate the later one)."""
    urutan = {o: i for i, o in enumerate(opsi)}
    tersisa = list(opsi)
    hasil = HasilIRV(pemenang=None)
    if not surat or not opsi:
        return hasil
    while tersisa:
        hitung = dict.fromkeys(tersisa, 0)
        habis = 0
        for s in surat:
            pilihan = next((o for o in s if o in hitung), None)
            if pilihan is None:
                habis += 1
            else:
                hitung[pilihan] += 1
        putaran = PutaranIRV(suara=hitung, habis=habis)
        hasil.putaran.append(putaran)
        sah = sum(hitung.values())
        if sah == 0:
            return hasil
        teratas = max(tersisa, key=lambda o: (hitung[o], -urutan[o]))
        if hitung[teratas] * 2 > sah or len(tersisa) == 1:
            hasil.pemenang = teratas
            return hasil
        terbawah = min(tersisa, key=lambda o: (hitung[o], -urutan[o]))
        putaran.tersingkir = terbawah
        tersisa.remove(terbawah)
    return hasil


@dataclass(frozen=True)
class SkorOpsi:
    opsi: int
    jumlah: int
    rata: float


def skor(surat: Sequence[dict[int, int]], opsi: Sequence[int]) -> list[SkorOpsi]:
    """``surat``: each ballot's {option id: score}. Sorted best first."""
    n = len(surat)
    jumlah = dict.fromkeys(opsi, 0)
    for s in surat:
        for o, v in s.items():
            if o in jumlah:
                jumlah[o] += v
    urutan = {o: i for i, o in enumerate(opsi)}
    baris = [SkorOpsi(o, jumlah[o], round(jumlah[o] / n, 2) if n else 0.0) for o in opsi]
    return sorted(baris, key=lambda b: (-b.jumlah, urutan[b.opsi]))
