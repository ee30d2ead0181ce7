"""Text folding for search: the same on both databases."""

import unicodedata


def unaccent(text: str) -> str:
    """``"Heroína, pàgina"`` → ``"Heroina, pagina"``: strip combining marks after NFKD.

    ``ç`` becomes ``c`` and ``l·l`` stays as it is (the middle dot is not a mark).
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))
