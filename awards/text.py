"""Vietnamese text folded for search: "Nguyễn Văn Đức" → "nguyen van duc"."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case ASCII without diacritics, spaces collapsed.

    đ/Đ are letters of their own, not a d with a combining mark, so NFD leaves
    them alone: they are mapped first.
    """
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())
