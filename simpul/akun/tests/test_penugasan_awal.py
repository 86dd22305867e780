import pytest
from django.core.management import CommandError, call_command

from simpul.akun.models import AkunEvent, Penugasan, User


def test_first_office_account_is_created_with_its_role_and_audited(db, capsys):
    call_command("penugasan_awal", email="Kominfo@Mamujukab.go.id", nama="Diskominfo Mamuju",
                 peran="diskominfo_kabkota", wilayah="76.02")
    user = User.objects.get(email="kominfo@mamujukab.go.id")
    assert user.sandi_sementara
    assert Penugasan.objects.aktif().get(user=user).wilayah_id == "76.02"
    assert AkunEvent.objects.filter(user=user).count() == 2
    assert "temporary password" in capsys.readouterr().out
    # Idempotent: a second run grants nothing new.
    call_command("penugasan_awal", email="kominfo@mamujukab.go.id", nama="x", peran="diskominfo_kabkota", wilayah="76.02")
    assert Penugasan.objects.filter(user=user).count() == 1


@pytest.mark.parametrize("wilayah", ["99.99", "76.02.02", None])
def test_a_role_on_a_wrong_or_unknown_region_is_refused(db, wilayah):
    with pytest.raises(CommandError):
        call_command("penugasan_awal", email="x@contoh.id", nama="X", peran="diskominfo_kabkota",
                     **({"wilayah": wilayah} if wilayah else {}))
    assert not User.objects.filter(email="x@contoh.id").exists()
