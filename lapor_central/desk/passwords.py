"""Staff passwords: strength rule, scrypt hashing, constant-cost verification."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from functools import lru_cache

MIN_LENGTH = 10
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable", resists an offline slow-hash attack
# 16 MiB of memory and a few tens of milliseconds per guess: a server-side cost, not the
# desktop's unlock cost.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_LEN, KEY_LEN = 16, 32


class WeakPassword(ValueError):
    pass


def check_strength(password: str, *user_inputs: str) -> None:
    """Raise :class:`WeakPassword` (message in Indonesian) unless the password is strong."""
    if len(password or "") < MIN_LENGTH:
        raise WeakPassword(f"Kata sandi paling sedikit {MIN_LENGTH} karakter.")
    from zxcvbn import zxcvbn

    score = zxcvbn(password[:100], user_inputs=[u for u in user_inputs if u])["score"]
    if score < MIN_SCORE:
        raise WeakPassword("Kata sandi terlalu mudah ditebak; gunakan gabungan beberapa kata "
                           "yang tidak berhubungan, angka dan tanda baca.")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * 1024 * 1024, dklen=KEY_LEN)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(SALT_LEN)
    key = _derive(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str | None) -> bool:
    """Check ``password``; with ``stored=None`` (no such user) spend the same time, say no."""
    target = stored or _dummy_hash()
    try:
        scheme, n, r, p, salt, key = target.split("$")
        if scheme != "scrypt":
            return False
        got = _derive(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(key)) and stored is not None


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))
