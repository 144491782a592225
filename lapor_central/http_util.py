"""Small HTTP helpers shared by the API, the tus routes and the desk.

``str.isdigit()`` accepts characters such as ``²`` or Arabic-Indic digits that ``int()``
then refuses (or reads as another number), so header numbers are parsed here, ASCII only.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_DIGITS = re.compile(r"[0-9]{1,18}")
# Characters a download name may not carry: path separators, quotes, controls.
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;%]')


def header_int(value: str | None, max_digits: int = 18) -> int | None:
    """A non-negative decimal header value (ASCII digits only, at most ``max_digits``), or
    None when the header is absent or is anything else."""
    if value is None:
        return None
    text = value.strip(" \t")
    if len(text) > max_digits or not _DIGITS.fullmatch(text):
        return None
    return int(text)


def safe_file_name(name: str, fallback: str = "lampiran") -> str:
    """The last path component of ``name`` with separators, quotes and control
    characters replaced, never empty, ``.`` or ``..``."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    base = _UNSAFE_NAME.sub("_", base).strip(" .")
    return base[:200] or fallback


def content_disposition(kind: str, name: str) -> str:
    """An RFC 6266 ``Content-Disposition`` value: an ASCII ``filename`` fallback and the
    full name as UTF-8 in ``filename*`` (RFC 8187), both sanitised."""
    safe = safe_file_name(name)
    ascii_name = safe.encode("ascii", "replace").decode("ascii").replace("?", "_")
    return (f'{kind}; filename="{ascii_name}"; '
            f"filename*=UTF-8''{quote(safe, safe='')}")
