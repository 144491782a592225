"""The identity box: a complainant's identity sealed to central's X25519 key.

A village laptop seals the identity of a finalised report (the ``complainant`` member of the
wire report, salt included) to central's public key and then forgets its own readable copy.
The wire report carries the box as ``identity_box`` instead of ``complainant``; central opens
it on ingest, puts the identity back and checks the content hash over the result, so a box
that belongs to another report or another revision is refused like any other mismatch.

Construction: ephemeral X25519, HKDF-SHA256 (salt = ephemeral public key || recipient public
key, info ``lapor-identity-box-v1``), AES-256-GCM with associated data
``lapor-identity-box:<report id>:<content hash>``. The plaintext is canonical JSON padded
with spaces to 512-byte blocks so the box's length does not give away the length of a name.
Domain-separated from the role boxes (``lapor-role-box-v1``) and the bundle boxes
(``lapor-bundle-identity-v1``) by the HKDF info.

Wire member::

    "identity_box": {"alg": "x25519-hkdf-sha256-aes256gcm", "key_id": "<16 hex>",
                     "sealed": "<base64>"}

``key_id`` names the central key the box was sealed to (the first 16 hex digits of the
SHA-256 of its raw public key), so central can keep older keys after a rotation.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from lapor_protocol.wire import canonical_json

MEMBER = "identity_box"
ALG = "x25519-hkdf-sha256-aes256gcm"
INFO = b"lapor-identity-box-v1"
PAD_BLOCK = 512
COMPLAINANT_FIELDS = ("name", "nik", "phone", "email", "address", "salt")
MAX_SEALED_CHARS = 16_384  # base64 of a padded identity is about 700 characters


class IdentityBoxError(ValueError):
    """The box is malformed, sealed to another key, or bound to another report."""


def public_of(private: bytes) -> bytes:
    key = X25519PrivateKey.from_private_bytes(private)
    return key.public_key().public_bytes(serialization.Encoding.Raw,
                                         serialization.PublicFormat.Raw)


def key_id(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:16]


def _aad(report_id: str, chash: str) -> bytes:
    return f"lapor-identity-box:{report_id}:{chash}".encode()


def _key(shared: bytes, eph_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_public + recipient_public,
                info=INFO).derive(shared)


def seal(recipient_public: bytes, report_id: str, chash: str,
         complainant: Mapping[str, str | None]) -> dict[str, str]:
    """The wire member for ``complainant`` (the wire report's, salt included)."""
    body = canonical_json({k: v for k, v in complainant.items()})
    body += b" " * (-len(body) % PAD_BLOCK)
    eph = X25519PrivateKey.generate()
    eph_public = eph.public_key().public_bytes(serialization.Encoding.Raw,
                                               serialization.PublicFormat.Raw)
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    nonce = os.urandom(12)
    ct = AESGCM(_key(shared, eph_public, recipient_public)).encrypt(
        nonce, body, _aad(report_id, chash))
    return {"alg": ALG, "key_id": key_id(recipient_public),
            "sealed": base64.b64encode(eph_public + nonce + ct).decode("ascii")}


def open_box(privates: Mapping[str, bytes], report_id: str, chash: str,
             member: Any) -> dict[str, str | None]:
    """The complainant inside ``member``; ``privates``: key id -> raw private key.

    Raises IdentityBoxError when the member is malformed, names an unknown key, does not
    open (forged, or bound to another report or content hash) or holds no identity."""
    if not (isinstance(member, dict) and set(member) == {"alg", "key_id", "sealed"}
            and member["alg"] == ALG and isinstance(member["key_id"], str)
            and isinstance(member["sealed"], str)
            and len(member["sealed"]) <= MAX_SEALED_CHARS):
        raise IdentityBoxError("identity box malformed")
    private = privates.get(member["key_id"])
    if private is None:
        raise IdentityBoxError("identity box sealed to an unknown key")
    try:
        box = base64.b64decode(member["sealed"].encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise IdentityBoxError("identity box malformed") from None
    if len(box) < 32 + 12 + 16:
        raise IdentityBoxError("identity box too short")
    eph_public, nonce, ct = box[:32], box[32:44], box[44:]
    priv = X25519PrivateKey.from_private_bytes(private)
    try:
        shared = priv.exchange(X25519PublicKey.from_public_bytes(eph_public))
        clear = AESGCM(_key(shared, eph_public, public_of(private))).decrypt(
            nonce, ct, _aad(report_id, chash))
    except (InvalidTag, ValueError):
        raise IdentityBoxError("identity box does not open") from None
    try:
        doc = json.loads(clear.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise IdentityBoxError("identity box holds no identity") from None
    if not (isinstance(doc, dict) and set(doc) <= set(COMPLAINANT_FIELDS)
            and all(v is None or isinstance(v, str) for v in doc.values())):
        raise IdentityBoxError("identity box holds no identity")
    return doc
