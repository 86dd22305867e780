import pytest

from simpul.core.kode import subtree_q
from simpul.kim.models import Kim
from simpul.wilayah.models import Wilayah


@pytest.mark.parametrize("kode,termasuk,harapan", [
    ("76.02.02", True, {"76.02.02", "76.02.02.1001", "76.02.02.2003"}),
    ("76.02.02", False, {"76.02.02.1001", "76.02.02.2003"}),
    ("76.02.02.2003", False, {"76.02.02.2003"}),
])
def test_subtree_is_bounded_by_the_dot_and_uses_the_code_column(db, kode, termasuk, harapan):
    found = set(Wilayah.objects.filter(subtree_q("kode", kode, termasuk_diri=termasuk),
                                       kode__in=["76.02", "76.02.02", "76.02.02.1001", "76.02.02.2003", "76.02.13"])
                .values_list("kode", flat=True))
    assert found == harapan


def test_subtree_through_a_foreign_key(kim_tapalang, kim_makassar):
    assert list(Kim.objects.filter(subtree_q("desa__kode", "76.02"))) == [kim_tapalang]
    assert set(Kim.objects.filter(subtree_q("desa__kode", None))) == {kim_tapalang, kim_makassar}
