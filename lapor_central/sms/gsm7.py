"""GSM 03.38 (GSM-7): which text fits one 160-character SMS, and making text fit.

One SMS carries 160 septets in the GSM-7 alphabet. A character of the basic set costs one
septet; one of the extension table (``^ { } \\ [ ~ ] | €`` and form feed) costs two (an
escape and the character). One character outside both turns the whole message into UCS-2,
where one SMS holds only 70 characters, so staff notes are brought into GSM-7 first
(typographic quotes and dashes to plain ones, accents dropped where the basic set lacks
the letter, anything else to ``?``).
"""

from __future__ import annotations

import unicodedata

SMS_LIMIT = 160
ELLIPSIS = "..."

# The basic character set, in code-point order 0x00-0x7F (0x1B, the escape, excluded).
BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ" "ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENSION = frozenset("\f^{}\\[~]|€")

_REPLACE = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2022": "-",
    "\u2026": "...", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\t": " ",
    "\u00b0": "o", "\u00d7": "x", "\u2116": "No.",
}


def septets(ch: str) -> int | None:
    """Septets one character costs, or ``None`` when GSM-7 cannot carry it."""
    if ch in BASIC:
        return 1
    if ch in EXTENSION:
        return 2
    return None


def gsm7_length(text: str) -> int | None:
    """Septets the text costs, or ``None`` when it is not GSM-7."""
    total = 0
    for ch in text:
        n = septets(ch)
        if n is None:
            return None
        total += n
    return total


def is_gsm7(text: str) -> bool:
    return gsm7_length(text) is not None


def fits_one_sms(text: str) -> bool:
    n = gsm7_length(text)
    return n is not None and n <= SMS_LIMIT


def to_gsm7(text: str) -> str:
    """The text in the GSM-7 alphabet: known look-alikes replaced, accents dropped when
    the letter is not in the basic set, whatever remains unknown becomes ``?``."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text.replace("\r\n", "\n")):
        if septets(ch) is not None:
            out.append(ch)
        elif ch in _REPLACE:
            out.append(_REPLACE[ch])
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch)
                           if not unicodedata.combining(c))
            out.append(base if base and is_gsm7(base) else "?")
    return "".join(out)


def one_line(text: str) -> str:
    """Whitespace (newlines included) collapsed to single spaces: an SMS slot is a line."""
    return " ".join(text.split())


def truncate(text: str, budget: int, marker: str = ELLIPSIS) -> str:
    """GSM-7 ``text`` cut to at most ``budget`` septets, ending in ``marker`` when cut.
    Cuts at a word boundary when one is near, so a note does not end mid-word."""
    if budget < 0:
        raise ValueError("negative budget")
    length = gsm7_length(text)
    if length is None:
        raise ValueError("text is not GSM-7: pass it through to_gsm7 first")
    if length <= budget:
        return text
    room = budget - len(marker)
    if room <= 0:
        return marker[:budget]
    kept: list[str] = []
    used = 0
    for ch in text:
        cost = septets(ch) or 0
        if used + cost > room:
            break
        kept.append(ch)
        used += cost
    head = "".join(kept)
    space = head.rfind(" ")
    if space >= room * 2 // 3:          # a word boundary in the last third
        head = head[:space]
    return head.rstrip(" ,.;:-") + marker
