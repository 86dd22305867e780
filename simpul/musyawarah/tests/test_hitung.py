"""Ranked-choice and score tallies against straightforward reference implementations."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simpul.core.testing.factories import AnggotaFactory, UserFactory
from simpul.musyawarah import hitung, selectors, services
from simpul.musyawarah.models import JenisJajak


def irv_rujukan(ballots, options):
    """Instant runoff, written plainly: count first live preferences, majority of live ballots
    wins, else drop the weakest (ties: the later option), repeat."""
    alive = list(options)
    while alive:
        counts = {o: 0 for o in alive}
        for b in ballots:
            for o in b:
                if o in counts:
                    counts[o] += 1
                    break
        total = sum(counts.values())
        if total == 0:
            return None
        best = sorted(alive, key=lambda o: (-counts[o], options.index(o)))[0]
        if 2 * counts[best] > total or len(alive) == 1:
            return best
        worst = sorted(alive, key=lambda o: (counts[o], -options.index(o)))[0]
        alive.remove(worst)
    return None


def skor_rujukan(ballots, options):
    n = len(ballots)
    rows = []
    for o in options:
        s = sum(b.get(o, 0) for b in ballots)
        rows.append((o, s, round(s / n, 2) if n else 0.0))
    return sorted(rows, key=lambda r: (-r[1], options.index(r[0])))


opsi_st = st.integers(min_value=2, max_value=6).map(lambda n: list(range(10, 10 + n)))


@st.composite
def pemilu_peringkat(draw):
    opsi = draw(opsi_st)
    ballots = draw(st.lists(st.permutations(opsi).flatmap(
        lambda p: st.integers(min_value=1, max_value=len(p)).map(lambda k: list(p[:k]))), max_size=30))
    return opsi, ballots


@st.composite
def pemilu_skor(draw, maks=5):
    opsi = draw(opsi_st)
    ballots = draw(st.lists(st.dictionaries(st.sampled_from(opsi), st.integers(0, maks)), max_size=30))
    return opsi, ballots


@given(pemilu_peringkat())
@settings(max_examples=300, deadline=None)
def test_instant_runoff_matches_the_reference(data):
    opsi, ballots = data
    assert hitung.irv(ballots, opsi).pemenang == irv_rujukan(ballots, opsi)


@given(pemilu_skor())
@settings(max_examples=300, deadline=None)
def test_score_matches_the_reference(data):
    opsi, ballots = data
    assert [(s.opsi, s.jumlah, s.rata) for s in hitung.skor(ballots, opsi)] == skor_rujukan(ballots, opsi)


@pytest.fixture
def pemilih(kim_tapalang):
    users = [UserFactory() for _ in range(8)]
    for u in users:
        AnggotaFactory(kim=kim_tapalang, user=u)
    return users


@pytest.mark.django_db
@given(data=st.data())
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_tallies_from_the_database_match_the_reference(data, pengurus_kim_tapalang, kim_tapalang, pemilih):
    """The same check end to end: votes cast through the service, tallied by the selector."""
    topik = services.topik_create(actor=pengurus_kim_tapalang, kim=kim_tapalang, judul="Prioritas dana desa",
                                  deskripsi="Usulan prioritas dana desa tahun depan.")
    n = data.draw(st.integers(2, 5))
    label = [f"Usulan {i}" for i in range(n)]
    mulai = timezone.now() + timedelta(days=1)
    jp = services.jajak_create(actor=pengurus_kim_tapalang, topik=topik, jenis=JenisJajak.PERINGKAT,
                               pertanyaan="Urutkan prioritas", opsi=label, ditutup_pada=mulai)
    js = services.jajak_create(actor=pengurus_kim_tapalang, topik=topik, jenis=JenisJajak.SKOR,
                               pertanyaan="Nilai tiap usulan", opsi=label, ditutup_pada=mulai)
    ip = list(jp.opsi.values_list("pk", flat=True))
    is_ = list(js.opsi.values_list("pk", flat=True))
    k = data.draw(st.integers(0, len(pemilih)))
    surat_p, surat_s = [], []
    for u in pemilih[:k]:
        urut = data.draw(st.permutations(ip))
        urut = urut[: data.draw(st.integers(1, n))]
        services.suara_berikan(actor=u, jajak=jp, nilai={o: r for r, o in enumerate(urut, 1)})
        surat_p.append(list(urut))
        nilai = data.draw(st.dictionaries(st.sampled_from(is_), st.integers(0, 5)))
        services.suara_berikan(actor=u, jajak=js, nilai=nilai)
        surat_s.append(nilai)
    hp = selectors.hasil_jajak(jp)
    assert hp.data["pemenang"] == irv_rujukan(surat_p, ip)
    hs = selectors.hasil_jajak(js)
    assert [(r["opsi"], r["jumlah"], r["rata"]) for r in hs.data["skor"]] == skor_rujukan(surat_s, is_)
