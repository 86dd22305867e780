"""The demo data loads through the services and is idempotent."""

import random

import pytest

from simpul.aspirasi import demo
from simpul.aspirasi.models import Aspirasi, Status
from simpul.demo.services import KonteksDemo

pytestmark = pytest.mark.django_db


def test_demo_idempoten(kim_tapalang, pengurus_kim_tapalang, diskominfo_mamuju):
    ctx = KonteksDemo(users={"pengurus_kim_tapalang": pengurus_kim_tapalang, "diskominfo_mamuju": diskominfo_mamuju},
                      kim=kim_tapalang, kab="76.02", rng=random.Random(1))
    assert demo.muat(ctx)["aspirasi"] == len(demo.CONTOH)
    assert demo.muat(ctx) == {}
    assert Aspirasi.objects.count() == len(demo.CONTOH)
    assert Aspirasi.objects.filter(status=Status.SELESAI).count() == 1
    assert Aspirasi.objects.filter(tingkat_eskalasi=1).count() == 1
