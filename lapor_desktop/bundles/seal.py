"""Sealed boxes: data readable only by the holder of the kecamatan's X25519 private key.

Ephemeral X25519 + HKDF-SHA256 + AES-256-GCM; the associated data binds a box to the report
(and its content hash) it belongs to, so a box cannot be moved to another report.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SEAL_ALG = "x25519-hkdf-sha256-aes256gcm"
SEAL_INFO = b"lapor-bundle-identity-v1"
PAD_BLOCK = 512  # sealed JSON is padded with spaces: the box's length hides a name's


def pad_json(data: bytes) -> bytes:
    """JSON padded with trailing spaces (which JSON parsers ignore) to a multiple of
    ``PAD_BLOCK`` bytes."""
    return data + b" " * (-len(data) % PAD_BLOCK)


def _seal_key(shared: bytes, eph_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_public + recipient_public,
                info=SEAL_INFO).derive(shared)


def seal(recipient_public: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Ephemeral X25519 + HKDF-SHA256 + AES-256-GCM: ``eph_pub(32) | nonce(12) | ct``."""
    eph = X25519PrivateKey.generate()
    eph_public = eph.public_key().public_bytes(serialization.Encoding.Raw,
                                               serialization.PublicFormat.Raw)
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    nonce = os.urandom(12)
    key = _seal_key(shared, eph_public, recipient_public)
    return eph_public + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(recipient_private: bytes, box: bytes, aad: bytes) -> bytes:
    """Raises ``InvalidTag`` (or ``ValueError``) unless the box opens under this key."""
    if len(box) < 32 + 12 + 16:
        raise ValueError("sealed box too short")
    priv = X25519PrivateKey.from_private_bytes(recipient_private)
    recipient_public = priv.public_key().public_bytes(serialization.Encoding.Raw,
                                                      serialization.PublicFormat.Raw)
    eph_public, nonce, ct = box[:32], box[32:44], box[44:]
    shared = priv.exchange(X25519PublicKey.from_public_bytes(eph_public))
    key = _seal_key(shared, eph_public, recipient_public)
    return AESGCM(key).decrypt(nonce, ct, aad)


def identity_aad(report_id: str, chash: str) -> bytes:
    return f"lapor-identity:{report_id}:{chash}".encode("ascii")



def files_key_aad(bundle_id: str) -> bytes:
    """Binds the sealed files key to its bundle (a key cannot be moved to another)."""
    return f"lapor-bundle-files:{bundle_id}".encode()
