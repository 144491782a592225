"""Who may log in, and how hard a guessed password is: lockout and password strength.

Lockout: after ``FREE_FAILURES`` consecutive failed logins for one user name the name is
locked for ``LOCK_BASE_SECONDS``, doubling with each further failure up to
``LOCK_MAX_SECONDS``. A locked name is refused before its password is checked, and that
refusal does not extend the lock. The count lives in the database (``meta``), so a
restart does not clear it. Unknown user names are counted the same way, so a lock does not
tell whether a name exists. Every attempt is counted before its password is checked
(``claim_attempt``: one atomic upsert under BEGIN IMMEDIATE) and the count is cleared by a
success, so concurrent processes cannot all slip their guesses under the limit.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from lapor_desktop.store.models import Meta

FREE_FAILURES = 5
LOCK_BASE_SECONDS = 30
LOCK_MAX_SECONDS = 15 * 60
PASSWORD_MIN = 10
ZXCVBN_MIN_SCORE = 3
APP_WORDS = ("lapor", "desktop", "sp4n", "desa", "kantor", "kecamatan", "kabupaten",
             "kelurahan", "sintang", "pengaduan", "admin", "operator", "sandi", "password")
# Letters a password must keep once every word of its context is taken out: zxcvbn alone
# scores "kantor-desa-tertung" 4 (the hyphens between words count as random characters).
OWN_LETTERS_MIN = 4


@dataclass(frozen=True)
class LoginState:
    failures: int = 0
    locked_until: float = 0.0

    def wait_seconds(self, now: float) -> int:
        # Rounded: SQLite keeps 15 significant digits of the stored time.
        return max(0, math.ceil(round(self.locked_until - now, 3)))


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


def lock_seconds(failures: int) -> int:
    """How long a name is locked after ``failures`` consecutive failures."""
    if failures < FREE_FAILURES:
        return 0
    return min(LOCK_BASE_SECONDS * 2 ** (failures - FREE_FAILURES), LOCK_MAX_SECONDS)


_SHIFT_CAP = math.ceil(math.log2(LOCK_MAX_SECONDS / LOCK_BASE_SECONDS))


def _locked_until_sql(failures: str) -> str:
    """``now + lock_seconds(failures)`` (0 when not locked) as SQL over an expression."""
    return (f"CASE WHEN {failures} < {FREE_FAILURES} THEN 0.0 ELSE :now + min("
            f"{LOCK_BASE_SECONDS} << min({failures} - {FREE_FAILURES}, {_SHIFT_CAP}), "
            f"{LOCK_MAX_SECONDS}) END")


_STORED = ("(CASE WHEN json_valid(meta.value) THEN coalesce(json_extract(meta.value, "
           "'$.{}'), 0) ELSE 0 END)")
_NEXT = _STORED.format("failures") + " + 1"
# One statement: count the attempt unless the name is locked, and return what is stored.
# The caller holds BEGIN IMMEDIATE (Database.write), so concurrent logins queue here.
_CLAIM = text(
    "INSERT INTO meta(key, value) VALUES(:k, json_object('failures', 1, 'locked_until', "
    f"{_locked_until_sql('1')})) "
    f"ON CONFLICT(key) DO UPDATE SET value = json_object('failures', {_NEXT}, "
    f"'locked_until', {_locked_until_sql('(' + _NEXT + ')')}) "
    f"WHERE {_STORED.format('locked_until')} <= :now "
    "RETURNING json_extract(value, '$.failures'), json_extract(value, '$.locked_until')")


def claim_attempt(session: Session, username: str, now: float | None = None
                  ) -> LoginState | None:
    """Count one login attempt BEFORE its password is checked, as a failure until it
    succeeds (``record_success`` then clears the count). Returns the state with this
    attempt counted, or None when the name is locked (nothing changes: a locked attempt
    does not extend the lock). Twelve processes guessing at once get at most
    ``FREE_FAILURES`` checks: the count and the lock are one atomic statement."""
    now = time.time() if now is None else now
    row = session.execute(_CLAIM, {"k": _meta_key(username), "now": now}).first()
    if row is None:
        return None
    return LoginState(int(row[0]), float(row[1]))


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


def password_context(*, username: str = "", office: str = "",
                     display_name: str = "") -> list[str]:
    """The words a password must not be made of: the user name, the display name, the
    office's and region's names, and the app's own words; whole and split into words."""
    whole = [w for w in (username, office, display_name) if w]
    parts = [p for w in whole for p in re.split(r"[\W_]+", w) if len(p) >= 3]
    joined = ["".join(re.split(r"[\W_]+", display_name))] if display_name else []
    return list(dict.fromkeys(w.casefold() for w in (*whole, *parts, *joined, *APP_WORDS)))


def only_context_words(password: str, context: list[str]) -> bool:
    """True when little but context words, digits and punctuation is left of it
    ("Tertung-Tertung-2026", "RahmatHidayat1" for Rahmat Hidayat)."""
    rest = password.casefold()
    for word in sorted((w for w in context if len(w) >= 3), key=len, reverse=True):
        rest = rest.replace(word, " ")
    return sum(ch.isalpha() for ch in rest) < OWN_LETTERS_MIN


def password_problem(password: str, *, username: str = "", office: str = "",
                     display_name: str = "") -> str | None:
    """Why a new password is refused (Bahasa Indonesia), or None when it is strong enough."""
    if len(password or "") < PASSWORD_MIN:
        return f"Kata sandi paling sedikit {PASSWORD_MIN} karakter."
    from zxcvbn import zxcvbn

    context = password_context(username=username, office=office, display_name=display_name)
    if only_context_words(password, context):
        return ("Kata sandi terlalu mudah ditebak: hanya tersusun dari nama Anda, nama "
                "kantor atau wilayah, dan kata seperti 'lapor' atau 'desa' (ditambah angka). "
                "Gunakan beberapa kata lain yang tidak berhubungan, mis. "
                "'kopi-hujan-jembatan-7'.")
    result = zxcvbn(password[:100], user_inputs=context)
    if result["score"] < ZXCVBN_MIN_SCORE:
        return ("Kata sandi terlalu mudah ditebak. Gunakan beberapa kata yang tidak "
                "berhubungan, mis. 'kopi-hujan-jembatan-7', dan jangan memakai nama "
                "pengguna, nama kantor, atau urutan angka.")
    return None
