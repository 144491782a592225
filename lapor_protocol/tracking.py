"""What ties a paper receipt to its case: the verification code and the tracking page's URL.

The verification code is derived from the report's id and content hash, so the desktop
(which prints it) and central (which checks it on the public page) compute it alike without
ever exchanging it. It is not a secret of any strength (40 bits shown); it only keeps a
guessed local number from opening somebody else's case, together with the rate limit of the
public page.

The QR on the receipt holds ``<public URL>/lacak?no=<local number>&kode=<code>``; the
receipt prints the short address (``lapor.example.go.id/lacak``) beside it for people who
have no QR reader.
"""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import quote, urlsplit

TRACKING_PATH = "/lacak"


def verification_code(report_id: object, content_hash: str | None) -> str:
    """``XXXX-XXXX``: base32 of SHA-256 over ``"<id>|<content hash>"``, first 8 characters.

    Byte-for-byte the code the receipts printed before this function moved here (the id is
    formatted with ``str``, a missing hash counts as empty), so older receipts still check."""
    digest = hashlib.sha256(f"{report_id}|{content_hash or ''}".encode()).digest()
    code = base64.b32encode(digest).decode()[:8]
    return f"{code[:4]}-{code[4:]}"


def normalise_code(text: str) -> str:
    """A typed code as :func:`verification_code` writes it: upper case, spaces dropped, the
    dash put back (people type ``abcd2345`` or ``ABCD 2345``)."""
    bare = "".join(ch for ch in text.upper() if ch.isalnum())
    return f"{bare[:4]}-{bare[4:]}" if len(bare) == 8 else text.strip().upper()


def _base(public_url: str) -> str:
    """The public URL checked (http or https, a host, no query or fragment), without a
    trailing slash."""
    parts = urlsplit(public_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"public URL must be http(s)://host[/path]: {public_url!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"public URL must have no query or fragment: {public_url!r}")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def tracking_url(public_url: str, local_number: str, code: str) -> str:
    """``<public URL>/lacak?no=<number>&kode=<code>``, each value percent-encoded.

    ``/`` stays literal in the number (RFC 3986 allows it in a query, every server decodes
    it the same, and the QR code stays smaller); everything else outside the unreserved set
    is encoded, so a number or code can never add a parameter."""
    no = quote(local_number, safe="/")
    kode = quote(code, safe="")
    return f"{_base(public_url)}{TRACKING_PATH}?no={no}&kode={kode}"


def display_address(url: str) -> str:
    """An address as printed for people to type: the scheme and a trailing slash dropped
    (``https://lapor.example.go.id/`` -> ``lapor.example.go.id``)."""
    text = url.strip()
    scheme_end = text.find("://")
    if scheme_end >= 0:
        text = text[scheme_end + 3:]
    return text.rstrip("/")


def tracking_display(public_url: str) -> str:
    """The tracking page's short address for print: ``lapor.example.go.id/lacak``."""
    return display_address(_base(public_url) + TRACKING_PATH)
