import random

import pytest

from simpul.akun.models import User
from simpul.demo import services as demo
from simpul.keuangan import demo as keuangan_demo
from simpul.keuangan.models import StatusMandiri, Transaksi
from simpul.kim.models import Kim
from simpul.penilaian import demo as penilaian_demo
from simpul.penilaian.models import Peserta, Putaran

pytestmark = pytest.mark.django_db


def test_demo_books_make_orobatu_mandiri_and_the_mamuju_round_is_computed_idempotently():
    demo._muat_registri(2026)
    ctx = demo.KonteksDemo(users={p.kunci: User.objects.get(email=p.email) for p in demo.PERSONA},
                           kim=Kim.objects.get(nama="KIM Orobatu Bersatu"), kab=demo.KAB, rng=random.Random(1))
    assert keuangan_demo.muat(ctx)["transaksi kas"] > 30
    s = StatusMandiri.objects.get(kim=ctx.kim)
    assert s.mandiri and s.pemasukan_pemerintah == 0
    assert Transaksi.objects.filter(kim=ctx.kim, batal=True).count() == 1
    assert Transaksi.objects.exclude(kim=ctx.kim).exists()
    assert penilaian_demo.muat(ctx)["putaran penilaian"] == 1
    p = Putaran.objects.get()
    assert p.skema.contoh and not Peserta.objects.filter(putaran=p, total__isnull=True).exists()
    n = Transaksi.objects.count()
    assert keuangan_demo.muat(ctx) == {} and penilaian_demo.muat(ctx) == {}
    assert Transaksi.objects.count() == n and Putaran.objects.count() == 1
