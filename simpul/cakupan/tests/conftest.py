from datetime import timedelta

import pytest
from django.utils import timezone

from simpul.cakupan.models import JenisTarget, Target
from simpul.core.testing.factories import KimFactory
from simpul.wilayah.models import Wilayah


@pytest.fixture
def kim():
    """Make a KIM in a desa by code: ``kim("76.02.02.2003", status="draf", mandiri=False)``."""

    def buat(desa: str, **kwargs):
        return KimFactory(desa=Wilayah.objects.get(kode=desa), **kwargs)

    return buat


@pytest.fixture
def target():
    """Make an active target directly (the services are tested on their own)."""

    def buat(kode: str | None, jenis: str = JenisTarget.KIM_PER_DESA, hari: int = 30, **kwargs):
        return Target.objects.create(
            wilayah=Wilayah.objects.get(kode=kode) if kode else None, jenis=jenis,
            tenggat=timezone.localdate() + timedelta(days=hari), **kwargs,
        )

    return buat
