"""Encryption of personal data at rest and the installation's keys.

- A random 256-bit *data key* encrypts the complainant's identity fields (AES-GCM, the
  report id and field name bound in as associated data so ciphertexts cannot be swapped).
- The data key is never stored in the clear: each operator holds a copy wrapped by a key
  derived from their password with scrypt. A copied database file reveals no identity.
- The device's Ed25519 signing key (bundles) is kept encrypted under the data key.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

NONCE_LEN = 12
KEY_LEN = 32
DEFAULT_KDF = {"name": "scrypt", "n": 2**15, "r": 8, "p": 1}
_FORMAT = b"\x01"  # version byte prefixed to every field ciphertext


class WrongPassword(Exception):
    """The password does not unwrap the data key."""


class DecryptionError(Exception):
    """A ciphertext that does not authenticate under this key."""


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def derive_kek(password: str, salt: bytes, params: dict) -> bytes:
    if params.get("name") != "scrypt":
        raise ValueError("unknown KDF")
    kdf = Scrypt(salt=salt, length=KEY_LEN, n=int(params["n"]), r=int(params["r"]),
                 p=int(params["p"]))
    return kdf.derive(password.encode("utf-8"))


@dataclass(frozen=True)
class WrappedKey:
    salt: bytes
    params: dict
    wrapped: bytes


def wrap_key(data_key: bytes, password: str, params: dict | None = None) -> WrappedKey:
    params = dict(params or DEFAULT_KDF)
    salt = os.urandom(16)
    kek = derive_kek(password, salt, params)
    nonce = os.urandom(NONCE_LEN)
    wrapped = nonce + AESGCM(kek).encrypt(nonce, data_key, b"lapor-data-key")
    return WrappedKey(salt, params, wrapped)


def unwrap_key(wrapped: WrappedKey, password: str) -> bytes:
    kek = derive_kek(password, wrapped.salt, wrapped.params)
    nonce, ct = wrapped.wrapped[:NONCE_LEN], wrapped.wrapped[NONCE_LEN:]
    try:
        return AESGCM(kek).decrypt(nonce, ct, b"lapor-data-key")
    except InvalidTag:
        raise WrongPassword() from None


class FieldCipher:
    """Encrypts and decrypts single text fields under the data key."""

    def __init__(self, data_key: bytes):
        self._aead = AESGCM(data_key)

    def encrypt(self, value: str | None, *, context: str) -> bytes | None:
        if value is None:
            return None
        nonce = os.urandom(NONCE_LEN)
        ct = self._aead.encrypt(nonce, value.encode("utf-8"), context.encode("utf-8"))
        return _FORMAT + nonce + ct

    def decrypt(self, blob: bytes | None, *, context: str) -> str | None:
        if blob is None:
            return None
        if blob[:1] != _FORMAT:
            raise DecryptionError("unknown ciphertext format")
        nonce, ct = blob[1:1 + NONCE_LEN], blob[1 + NONCE_LEN:]
        try:
            return self._aead.decrypt(nonce, ct, context.encode("utf-8")).decode("utf-8")
        except InvalidTag:
            raise DecryptionError("ciphertext does not authenticate") from None

    def encrypt_bytes(self, value: bytes, *, context: str) -> bytes:
        nonce = os.urandom(NONCE_LEN)
        return _FORMAT + nonce + self._aead.encrypt(nonce, value, context.encode("utf-8"))

    def decrypt_bytes(self, blob: bytes, *, context: str) -> bytes:
        if blob[:1] != _FORMAT:
            raise DecryptionError("unknown ciphertext format")
        try:
            return self._aead.decrypt(blob[1:1 + NONCE_LEN], blob[1 + NONCE_LEN:],
                                      context.encode("utf-8"))
        except InvalidTag:
            raise DecryptionError("ciphertext does not authenticate") from None


def new_signing_key() -> tuple[bytes, bytes]:
    """(raw private, raw public) Ed25519 key bytes."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.Raw,
                                           serialization.PublicFormat.Raw)
    return private, public


def new_encryption_key() -> tuple[bytes, bytes]:
    """(raw private, raw public) X25519 key bytes: a kecamatan's bundle encryption key."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    key = X25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.Raw,
                                           serialization.PublicFormat.Raw)
    return private, public


def b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64d(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
