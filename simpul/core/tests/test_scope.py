"""The one scope engine: each persona reaches exactly its own subtree."""

from simpul.core import scope
from simpul.core.peran import Aksi
from simpul.kim.models import Kim


def test_prefixes_collapse_to_the_widest_grant():
    assert scope.minimal_prefixes(["76.02", "76", "73.71.01", "73.71"]) == ("73.71", "76")


def test_kabkota_office_sees_kims_in_its_subtree_only(diskominfo_mamuju, kim_tapalang, kim_makassar):
    kims = scope.for_user(Kim.objects.all(), diskominfo_mamuju, Aksi.LIHAT)
    assert list(kims) == [kim_tapalang]


def test_komdigi_sees_everything(komdigi, kim_tapalang, kim_makassar):
    assert set(scope.for_user(Kim.objects.all(), komdigi, Aksi.LIHAT)) == {kim_tapalang, kim_makassar}


def test_ketua_reaches_own_kim_by_membership_not_region(pengurus_kim_tapalang, kim_tapalang, kim_makassar):
    assert list(scope.for_user(Kim.objects.all(), pengurus_kim_tapalang, Aksi.KIM_KELOLA)) == [kim_tapalang]
    assert not scope.for_user(Kim.objects.all(), pengurus_kim_tapalang, Aksi.LIHAT).exists()


def test_plain_member_cannot_manage(anggota_kim_tapalang, kim_tapalang):
    assert not scope.for_user(Kim.objects.all(), anggota_kim_tapalang, Aksi.KIM_KELOLA).exists()
    assert scope.for_user(Kim.objects.all(), anggota_kim_tapalang, Aksi.KIM_INTERNAL).exists()


def test_anonymous_and_plain_users_reach_nothing(warga, kim_tapalang):
    from django.contrib.auth.models import AnonymousUser

    assert not scope.for_user(Kim.objects.all(), warga, Aksi.LIHAT).exists()
    assert not scope.for_user(Kim.objects.all(), AnonymousUser(), Aksi.LIHAT).exists()


def test_only_kabkota_verifies(diskominfo_sulbar, diskominfo_mamuju, kim_tapalang):
    assert scope.boleh(diskominfo_mamuju, Aksi.KIM_VERIFIKASI, wilayah_kode=kim_tapalang.desa_id)
    assert not scope.boleh(diskominfo_sulbar, Aksi.KIM_VERIFIKASI, wilayah_kode=kim_tapalang.desa_id)


def test_wilayah_utuh_menjawab_ringkasan_per_tingkat():
    """A summary kept per region of a level answers a reach exactly when the reach is national,
    or whole regions no finer than that level with no KIM of its own."""
    L = scope.Lingkup
    assert L(semua=True).wilayah_utuh(2)
    assert L(prefixes=("76", "73")).wilayah_utuh(2)
    assert not L(prefixes=("76.02",)).wilayah_utuh(2)
    assert L(prefixes=("76.02",)).wilayah_utuh(8)
    assert not L(prefixes=("76",), kim_ids=frozenset({4})).wilayah_utuh(2)
    assert L().wilayah_utuh(2)  # an empty reach: the summary answers it with nothing, as the rows do
