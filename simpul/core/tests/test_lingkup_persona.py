"""One matrix for the scope promise: every persona reaches exactly its own subtree on every
internal page, and gets 404 (never 403, never a hint) outside it.

Objects live in Kecamatan Tapalang (Kabupaten Mamuju, Sulawesi Barat); the outsider is
Diskominfo Kota Makassar. Each app's own tests go deeper; this file keeps the whole picture.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from simpul.akun.testing import login_dengan_mfa
from simpul.cakupan.services import target_set
from simpul.kim.tests.test_services_bantuan import diajukan

# persona -> may it open (internal KIM page, verification review, officer account page, target page)?
HARAPAN = {
    "komdigi": (True, False, True, True),
    "diskominfo_sulbar": (True, False, True, True),
    "diskominfo_mamuju": (True, True, True, True),
    "camat_tapalang": (True, False, False, False),
    "operator_desa_orobatu": (True, False, False, False),
    # The ketua of another KIM in the same desa: membership of one KIM opens nothing of another.
    "pengurus_kim_tapalang": (False, False, False, False),
    "diskominfo_makassar": (False, False, False, False),
    "warga": (False, False, False, False),
}


@pytest.fixture
def dunia(request, diskominfo_mamuju, operator_desa_orobatu):
    """A submitted KIM in Orobatu (formed by the desa operator), its SK, and a target on Mamuju."""
    kim = diajukan(operator_desa_orobatu, nama="KIM Uji Lingkup")
    target = target_set(actor=diskominfo_mamuju, wilayah_kode="76.02", jenis="kim_per_desa",
                        tenggat=date.today() + timedelta(days=200))
    return {"kim": kim, "sk": kim.sk.first(), "target": target, "petugas": operator_desa_orobatu}


def _urls(d):
    kim = d["kim"]
    return [
        [reverse("kim:kelola_detail", args=[kim.pk]), reverse("kim:berkas_sk", args=[kim.pk, d["sk"].pk])],
        [reverse("kim:verifikasi_tinjau", args=[kim.pk])],
        [reverse("akun:pengguna_detail", args=[d["petugas"].pk])],
        [reverse("cakupan:target_detail", args=[d["target"].pk])],
    ]


@pytest.mark.parametrize("persona", sorted(HARAPAN))
def test_each_persona_opens_exactly_its_subtree_and_gets_404_elsewhere(request, client, dunia, persona):
    user = request.getfixturevalue(persona)
    login_dengan_mfa(client, user)
    for boleh, urls in zip(HARAPAN[persona], _urls(dunia), strict=True):
        for url in urls:
            status = client.get(url).status_code
            assert status == (200 if boleh else 404), f"{persona} {url} -> {status}"


@pytest.mark.parametrize("persona,terlihat", [
    ("komdigi", {"KIM Orobatu Bersatu", "KIM Makassar Maju"}),
    ("diskominfo_sulbar", {"KIM Orobatu Bersatu"}),
    ("diskominfo_mamuju", {"KIM Orobatu Bersatu"}),
    ("camat_tapalang", {"KIM Orobatu Bersatu"}),
    ("diskominfo_makassar", {"KIM Makassar Maju"}),
    ("warga", set()),
])
def test_the_internal_kim_list_shows_each_office_its_own_subtree(request, client, kim_tapalang, kim_makassar,
                                                                   persona, terlihat):
    login_dengan_mfa(client, request.getfixturevalue(persona))
    html = client.get(reverse("kim:kelola")).content.decode()
    for nama in ("KIM Orobatu Bersatu", "KIM Makassar Maju"):
        assert (nama in html) == (nama in terlihat), f"{persona}: {nama}"
