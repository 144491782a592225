"""Encryption of personal data at rest and the installation's keys.

- A random 256-bit *data key* encrypts the complainant's identity fields (AES-GCM, the
  report id and field name bound in as associated data so ciphertexts cannot be swapped).
- The data key is never stored in the clear: each operator holds a copy wrapped by a key
  derived from their password with scrypt (N=2^17: about half a second a guess on a
  two-core laptop). The parameters are stored per operator so older, cheaper ones are
  upgraded at the next login. A copied database file reveals no identity.
- Text is padded to a multiple of ``PAD_BLOCK`` bytes before encryption, so the length of
  a ciphertext does not give away the length of a name.
- A *blind index* (HMAC-SHA256 under a key derived from the data key) lets a returning
  citizen be found by phone number or NIK without storing either.
- The device's Ed25519 signing key (bundles) is kept encrypted under the data key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

NONCE_LEN = 12
KEY_LEN = 32
# The key derivation every new or upgraded password uses.
DEFAULT_KDF = {"name": "scrypt", "n": 2**17, "r": 8, "p": 1}
# Test-only: when this environment variable is "1", passwords use FAST_KDF so a test suite
# that logs in thousands of times stays quick. Read here and nowhere else; never set it on
# a real installation (docs/security.md).
ENV_TEST_FAST_KDF = "LAPOR_DESKTOP_TEST_FAST_KDF"
FAST_KDF = {"name": "scrypt", "n": 2**10, "r": 8, "p": 1}
_FORMAT = b"\x01"  # version byte of an unpadded field ciphertext (older rows)
_FORMAT_PADDED = b"\x02"  # version byte of a padded text ciphertext
PAD_BLOCK = 128


def default_kdf() -> dict:
    """The KDF parameters for new passwords (the strong default outside tests)."""
    if os.environ.get(ENV_TEST_FAST_KDF) == "1":
        return dict(FAST_KDF)
    return dict(DEFAULT_KDF)


def kdf_is_current(params: dict) -> bool:
    """False for parameters cheaper than today's default (upgraded at the next login)."""
    want = default_kdf()
    return (params.get("name") == want["name"] and int(params.get("n", 0)) >= want["n"]
            and int(params.get("r", 0)) >= want["r"])


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
    params = dict(params or default_kdf())
    salt = os.urandom(16)
    kek = derive_kek(password, salt, params)
    nonce = os.urandom(NONCE_LEN)
    wrapped = nonce + AESGCM(kek).encrypt(nonce, data_key, b"lapor-data-key")
    return WrappedKey(salt, params, wrapped)


def burn_guess(password: str) -> None:
    """Spend what checking a password costs, for a user name that does not exist, so an
    unknown name answers no faster than a known one."""
    derive_kek(password, b"\x00" * 16, default_kdf())


def unwrap_key(wrapped: WrappedKey, password: str) -> bytes:
    return unwrap_key_and_kek(wrapped, password)[0]


def unwrap_key_and_kek(wrapped: WrappedKey, password: str) -> tuple[bytes, bytes]:
    """(data key, password KEK): the KEK also unwraps the operator's own private key, so a
    login derives it once."""
    kek = derive_kek(password, wrapped.salt, wrapped.params)
    nonce, ct = wrapped.wrapped[:NONCE_LEN], wrapped.wrapped[NONCE_LEN:]
    try:
        return AESGCM(kek).decrypt(nonce, ct, b"lapor-data-key"), kek
    except InvalidTag:
        raise WrongPassword() from None


def kek_of(wrapped: WrappedKey, password: str) -> bytes:
    """The password KEK of a freshly wrapped key (its salt and parameters)."""
    return derive_kek(password, wrapped.salt, wrapped.params)


def wrap_secret(kek: bytes, secret: bytes, label: bytes) -> bytes:
    """AES-GCM under a KEK, ``label`` as associated data: ``nonce | ct``."""
    nonce = os.urandom(NONCE_LEN)
    return nonce + AESGCM(kek).encrypt(nonce, secret, label)


def unwrap_secret(kek: bytes, blob: bytes, label: bytes) -> bytes:
    try:
        return AESGCM(kek).decrypt(blob[:NONCE_LEN], blob[NONCE_LEN:], label)
    except InvalidTag:
        raise DecryptionError("wrapped secret does not authenticate") from None


# Sealed boxes to an X25519 public key (the role key, an operator's own key). Domain-
# separated from the bundle's boxes (bundles/seal.py) by the HKDF info.
BOX_INFO = b"lapor-role-box-v1"


def seal_box(recipient_public: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Ephemeral X25519 + HKDF-SHA256 + AES-256-GCM: ``eph_pub(32) | nonce(12) | ct``."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )

    eph = X25519PrivateKey.generate()
    eph_public = eph.public_key().public_bytes(serialization.Encoding.Raw,
                                               serialization.PublicFormat.Raw)
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    key = HKDF(algorithm=hashes.SHA256(), length=KEY_LEN, salt=eph_public + recipient_public,
               info=BOX_INFO).derive(shared)
    nonce = os.urandom(NONCE_LEN)
    return eph_public + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_box(recipient_private: bytes, box: bytes, aad: bytes) -> bytes:
    """The plaintext of ``seal_box``; DecryptionError unless it opens under this key."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )

    if len(box) < 32 + NONCE_LEN + 16:
        raise DecryptionError("sealed box too short")
    priv = X25519PrivateKey.from_private_bytes(recipient_private)
    public = priv.public_key().public_bytes(serialization.Encoding.Raw,
                                            serialization.PublicFormat.Raw)
    eph_public, nonce, ct = box[:32], box[32:32 + NONCE_LEN], box[32 + NONCE_LEN:]
    shared = priv.exchange(X25519PublicKey.from_public_bytes(eph_public))
    key = HKDF(algorithm=hashes.SHA256(), length=KEY_LEN, salt=eph_public + public,
               info=BOX_INFO).derive(shared)
    try:
        return AESGCM(key).decrypt(nonce, ct, aad)
    except InvalidTag:
        raise DecryptionError("sealed box does not open under this key") from None


class FieldCipher:
    """Encrypts and decrypts single text fields under the data key."""

    def __init__(self, data_key: bytes):
        self._aead = AESGCM(data_key)

    def encrypt(self, value: str | None, *, context: str) -> bytes | None:
        if value is None:
            return None
        nonce = os.urandom(NONCE_LEN)
        ct = self._aead.encrypt(nonce, _pad(value.encode("utf-8")), context.encode("utf-8"))
        return _FORMAT_PADDED + nonce + ct

    def decrypt(self, blob: bytes | None, *, context: str) -> str | None:
        if blob is None:
            return None
        if blob[:1] not in (_FORMAT, _FORMAT_PADDED):
            raise DecryptionError("unknown ciphertext format")
        nonce, ct = blob[1:1 + NONCE_LEN], blob[1 + NONCE_LEN:]
        try:
            plain = self._aead.decrypt(nonce, ct, context.encode("utf-8"))
        except InvalidTag:
            raise DecryptionError("ciphertext does not authenticate") from None
        if blob[:1] == _FORMAT_PADDED:
            plain = _unpad(plain)
        return plain.decode("utf-8")

    @staticmethod
    def is_padded(blob: bytes | None) -> bool:
        return blob is None or blob[:1] == _FORMAT_PADDED

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


def _pad(data: bytes) -> bytes:
    """Length prefix plus zeros up to the next multiple of PAD_BLOCK."""
    framed = len(data).to_bytes(4, "big") + data
    return framed + b"\x00" * (-len(framed) % PAD_BLOCK)


def _unpad(data: bytes) -> bytes:
    n = int.from_bytes(data[:4], "big")
    if n > len(data) - 4:
        raise DecryptionError("bad padding")
    return data[4:4 + n]


def blind_index_key(data_key: bytes) -> bytes:
    """The key of the identity blind index, derived from (and never stored beside) the
    data key."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_LEN, salt=None,
                info=b"lapor-blind-index-v1").derive(data_key)


def blind_digest(key: bytes, kind: str, normalised: str) -> str:
    """HMAC-SHA256 of one normalised value ("phone" in E.164, "nik" 16 digits)."""
    return hmac.new(key, f"{kind}:{normalised}".encode(), hashlib.sha256).hexdigest()


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
