import pytest

from simpul.core.errors import ValidationError
from simpul.core.telepon import normalize_telepon


@pytest.mark.parametrize("raw", ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "812 3456 7890"])
def test_indonesian_numbers_normalise_to_e164(raw):
    assert normalize_telepon(raw) == "+6281234567890"


@pytest.mark.parametrize("raw", ["", "12345", "+1 202 555 0100", "0812-abc", "0812345678901234", "+620812345678"])
def test_invalid_numbers_get_a_clear_error(raw):
    with pytest.raises(ValidationError):
        normalize_telepon(raw)
