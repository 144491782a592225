"""Staff accounts: the ``lapor-central staff`` commands and the sign-in throttle, on real
SQLite files."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from lapor_central.db import Database, utcnow
from lapor_central.desk.models import LoginThrottle
from lapor_central.desk.staff import LoginLocked, add_staff, sign_in
from tests.desk.conftest import STAFF_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _cli(db_url: str, *args: str, password: str | None = STAFF_PASSWORD
         ) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("LAPOR_CENTRAL_PASSWORD", None)
    if password is not None:
        env["LAPOR_CENTRAL_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "lapor_central", "staff", *args,
                           "--db", db_url], capture_output=True, text=True, timeout=60,
                          env=env, stdin=subprocess.DEVNULL)


def test_staff_commands(tmp_path):
    url = f"sqlite:///{tmp_path / 'central.db'}"
    r = _cli(url, "add", "rina", "--role", "kabupaten", "--display-name", "Rina Diskominfo")
    assert r.returncode == 0 and "rina" in r.stdout, r.stderr
    r = _cli(url, "add", "budi", "--role", "agency", "--agency", "dpupr-sintang")
    assert r.returncode == 0, r.stderr
    r = _cli(url, "add", "weak", "--role", "kabupaten", password="password1234")
    assert r.returncode == 2 and "Kata sandi" in r.stderr
    r = _cli(url, "add", "short", "--role", "kabupaten", password="Ab1!xyz")
    assert r.returncode == 2 and "10 karakter" in r.stderr
    r = _cli(url, "add", "tanpa", "--role", "agency")
    assert r.returncode == 2 and "--agency" in r.stderr
    r = _cli(url, "add", "asing", "--role", "agency", "--agency", "dinas-fiktif")
    assert r.returncode == 2 and "katalog" in r.stderr
    r = _cli(url, "add", "rina", "--role", "kabupaten")
    assert r.returncode == 2 and "sudah dipakai" in r.stderr
    r = _cli(url, "add", "noprompt", "--role", "kabupaten", password=None)
    assert r.returncode == 2 and "LAPOR_CENTRAL_PASSWORD" in r.stderr
    r = _cli(url, "list")
    lines = r.stdout.splitlines()
    assert r.returncode == 0 and len(lines) == 2
    assert lines[0].split("\t")[:4] == ["budi", "agency", "dpupr-sintang", "aktif"]
    assert lines[1].split("\t")[:4] == ["rina", "kabupaten", "-", "aktif"]
    assert STAFF_PASSWORD not in r.stdout
    assert _cli(url, "disable", "budi").returncode == 0
    assert _cli(url, "list").stdout.splitlines()[0].split("\t")[3] == "nonaktif"
    assert _cli(url, "disable", "siapa").returncode == 1
    db = Database(url)
    try:
        assert sign_in(db, "budi", STAFF_PASSWORD) is None  # disabled
        assert sign_in(db, "rina", STAFF_PASSWORD).role == "kabupaten"
    finally:
        db.dispose()


@pytest.fixture
def db(tmp_path):
    d = Database(f"sqlite:///{tmp_path / 'central.db'}")
    d.migrate()
    yield d
    d.dispose()


def _fail(db, name: str, times: int) -> None:
    for _ in range(times):
        assert sign_in(db, name, "bukan-kata-sandinya") is None


def _expire(db, name: str) -> None:
    """Let the lock run out (move its end into the past) without waiting for it."""
    with db.write() as s:
        s.get(LoginThrottle, name).locked_until = utcnow() - timedelta(seconds=1)


def test_lock_doubles_up_to_fifteen_minutes(db):
    add_staff(db, "rina", "kabupaten", STAFF_PASSWORD)
    seconds = []
    for _ in range(7):
        _fail(db, "rina", 5)
        with pytest.raises(LoginLocked) as exc:
            sign_in(db, "rina", STAFF_PASSWORD)
        seconds.append(exc.value.seconds)
        _expire(db, "rina")
    assert seconds[:5] == [30, 60, 120, 240, 480] and seconds[5:] == [900, 900]
    assert sign_in(db, "rina", STAFF_PASSWORD) is not None  # success clears the count
    with db.read() as s:
        assert s.get(LoginThrottle, "rina") is None
    _fail(db, "rina", 4)
    assert sign_in(db, "rina", STAFF_PASSWORD) is not None  # 4 failures do not lock


def test_unknown_names_are_throttled_the_same(db):
    _fail(db, "tidak-ada", 5)
    with pytest.raises(LoginLocked) as exc:
        sign_in(db, "Tidak-Ada", "apa saja")
    assert exc.value.seconds == 30
