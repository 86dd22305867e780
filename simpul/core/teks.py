import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalisasi(teks: str) -> str:
    """Lower-case, accent-free, single-spaced text for matching names ("Tapalang  Barat" ->
    "tapalang barat")."""
    decomposed = unicodedata.normalize("NFKD", teks or "")
    ascii_ish = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", ascii_ish).strip().lower()


def megabita(n: int) -> str:
    """A byte count as Indonesian megabytes for messages: 5242880 -> "5", 1572864 -> "1,5"."""
    return f"{n / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0")
