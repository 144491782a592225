"""This installation as a device: its short code in local numbers and its key fingerprint.

Several laptops may serve one village. Each installation gets a random device id at
``init``; its *device code* is four characters of Crockford base32 (no I, L, O or U)
derived from that id and stored in the ``Meta`` table, so local numbers read
``61.05.01.2008/K7QD/2026/00017`` (region / device code / year / counter) and two laptops
of one village never hand out the same number. The *fingerprint* is the sha256 of the
device's Ed25519 public key: the kecamatan compares it by phone before trusting the
device's first bundle.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy.orm import Session

from lapor_desktop.security import b64d
from lapor_desktop.store.models import Meta
from lapor_desktop.workspace import Workspace

CODE_META = "device_code"
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 4


def code_for(device_id: str) -> str:
    """The device code derived from a device id (stable, 20 bits)."""
    value = int.from_bytes(hashlib.sha256(device_id.encode("utf-8")).digest()[:4], "big")
    chars = []
    for _ in range(CODE_LENGTH):
        chars.append(CODE_ALPHABET[value & 31])
        value >>= 5
    return "".join(chars)


def device_code(ws: Workspace, session: Session | None = None) -> str:
    """This installation's device code: the stored one, else derived from the device id."""
    cached = ws.__dict__.get("_device_code")
    if cached:
        return cached
    if session is not None:
        row = session.get(Meta, CODE_META)
        stored = row.value if row is not None else None
    else:
        stored = ws.db.get_meta(CODE_META)
    code = stored or code_for(ws.device_id)
    ws.__dict__["_device_code"] = code
    return code


def assign_code(ws: Workspace) -> str:
    """Store the device code (at ``init``; existing stores get it from migration 0004)."""
    code = device_code(ws)
    if ws.db.get_meta(CODE_META) is None:
        ws.db.set_meta(CODE_META, code)
    return code


def format_local_number(region_code: str, code: str, year: int, counter: int) -> str:
    return f"{region_code}/{code}/{year}/{counter:05d}"


def fingerprint(public_b64: str) -> str:
    """sha256 hex of a raw public key given in base64."""
    return hashlib.sha256(b64d(public_b64)).hexdigest()


def group_fingerprint(fp: str) -> str:
    """The whole fingerprint in groups of four upper-case hex digits, for reading aloud."""
    head = fp.upper()
    return " ".join(head[i:i + 4] for i in range(0, len(head), 4))


def normalise_fingerprint(text: str) -> str:
    """A typed fingerprint compared exactly, ignoring spaces, colons and case."""
    return "".join(ch for ch in text if ch not in " :\t").lower()


@dataclass(frozen=True)
class DeviceFacts:
    device_id: str
    code: str
    region_code: str
    kind: str  # "desa" or "kecamatan"
    fingerprint: str  # sha256 hex of the Ed25519 public key

    @property
    def grouped_fingerprint(self) -> str:
        return group_fingerprint(self.fingerprint)


def describe(ws: Workspace) -> DeviceFacts:
    public = ws.db.get_meta("device_public_key") or ""
    return DeviceFacts(ws.device_id, device_code(ws), ws.region_code,
                       "kecamatan" if ws.is_kecamatan else "desa",
                       fingerprint(public) if public else "")
