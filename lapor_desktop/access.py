"""Who may log in, and how hard a guessed password is: lockout and password strength.

Lockout: after ``FREE_FAILURES`` consecutive failed logins for one user name the name is
locked for ``LOCK_BASE_SECONDS``, doubling with each further failure up to
``LOCK_MAX_SECONDS``. A locked name is refused before its password is checked, and that
refusal does not extend the lock. The count lives in the database (``meta``), so a
restart does not clear it. Unknown user names are counted the same way, so a lock does not
tell whether a name exists.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import dataclass

from sqlalchemy.orm import Session

from lapor_desktop.store.models import Meta

FREE_FAILURES = 5
LOCK_BASE_SECONDS = 30
LOCK_MAX_SECONDS = 15 * 60
PASSWORD_MIN = 10
ZXCVBN_MIN_SCORE = 3
APP_WORDS = ("lapor", "desktop", "sp4n", "desa", "kantor", "kecamatan", "sintang",
             "pengaduan", "admin", "operator", "sandi", "password")


@dataclass(frozen=True)
class LoginState:
    failures: int = 0
    locked_until: float = 0.0

    def wait_seconds(self, now: float) -> int:
        return max(0, math.ceil(self.locked_until - now))


def _meta_key(username: str) -> str:
    # Hashed so that whatever was typed as a user name (sometimes a password typed into
    # the wrong field) is never stored.
    return "login:" + hashlib.sha256(username.casefold().encode("utf-8")).hexdigest()[:40]


def load_state(session: Session, username: str) -> LoginState:
    row = session.get(Meta, _meta_key(username))
    if row is None:
        return LoginState()
    try:
        raw = json.loads(row.value)
        return LoginState(int(raw["failures"]), float(raw["locked_until"]))
    except (ValueError, KeyError, TypeError):
        return LoginState()


def _store(session: Session, username: str, state: LoginState) -> None:
    value = json.dumps({"failures": state.failures, "locked_until": state.locked_until})
    row = session.get(Meta, _meta_key(username))
    if row is None:
        session.add(Meta(key=_meta_key(username), value=value))
    else:
        row.value = value


def lock_seconds(failures: int) -> int:
    """How long a name is locked after ``failures`` consecutive failures."""
    if failures < FREE_FAILURES:
        return 0
    return min(LOCK_BASE_SECONDS * 2 ** (failures - FREE_FAILURES), LOCK_MAX_SECONDS)


def record_failure(session: Session, username: str, now: float | None = None) -> LoginState:
    now = time.time() if now is None else now
    failures = load_state(session, username).failures + 1
    seconds = lock_seconds(failures)
    state = LoginState(failures, now + seconds if seconds else 0.0)
    _store(session, username, state)
    return state


def record_success(session: Session, username: str) -> None:
    row = session.get(Meta, _meta_key(username))
    if row is not None:
        session.delete(row)


def wait_text(seconds: int) -> str:
    if seconds >= 60:
        minutes = math.ceil(seconds / 60)
        return f"{minutes} menit"
    return f"{seconds} detik"


def locked_message(seconds: int) -> str:
    return (f"Terlalu banyak percobaan masuk yang gagal. Tunggu {wait_text(seconds)} lalu "
            "coba lagi.")


def password_problem(password: str, *, username: str = "", office: str = "",
                     display_name: str = "") -> str | None:
    """Why a new password is refused (Bahasa Indonesia), or None when it is strong enough."""
    if len(password or "") < PASSWORD_MIN:
        return f"Kata sandi paling sedikit {PASSWORD_MIN} karakter."
    from zxcvbn import zxcvbn

    context = [w for w in (username, office, display_name, *APP_WORDS) if w]
    context += [part for w in (office, display_name) for part in w.split() if part]
    result = zxcvbn(password[:100], user_inputs=context)
    if result["score"] < ZXCVBN_MIN_SCORE:
        return ("Kata sandi terlalu mudah ditebak. Gunakan beberapa kata yang tidak "
                "berhubungan, mis. 'kopi-hujan-jembatan-7', dan jangan memakai nama "
                "pengguna, nama kantor, atau urutan angka.")
    return None
