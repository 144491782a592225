"""Shared fixtures. Every test gets its own data dir and home under tmp_path.

Qt runs offscreen; password hashing uses the test-only cheap parameters; keyring is forced
to its failing backend so tests exercise the encrypted fallback and never touch a real
keyring; platformdirs resolves under tmp_path.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
# Cheap password hashing for tests only (lapor_desktop.security.ENV_TEST_FAST_KDF); one
# test proves the default without it is the strong one.
os.environ["LAPOR_DESKTOP_TEST_FAST_KDF"] = "1"

import importlib.util
from pathlib import Path

import pytest

from tests.support.factories import PASSWORD, REGION

pytest_plugins = [p for p in ("tests.support.central", "tests.support.lapor_standin",
                              "tests.support.sms_standin") if importlib.util.find_spec(p)]


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("LAPOR_DESKTOP_DATA_DIR", str(home / "lapor-data"))
    monkeypatch.delenv("LAPOR_DESKTOP_PASSWORD", raising=False)
    yield


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def workspace(data_dir):
    from lapor_desktop.workspace import Workspace

    ws = Workspace.open(data_dir)
    yield ws
    ws.close()


@pytest.fixture
def actor(workspace):
    return workspace.initialise(REGION, "admin", PASSWORD, "Admin Desa")


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster on a free loopback port, shared by the session
    (central and desk tests); skipped where no PostgreSQL server is installed."""
    from tests.support import pg

    try:
        url, stop = pg.start_cluster()
    except pg.Unavailable as exc:
        pytest.skip(str(exc))
    try:
        yield url
    finally:
        stop()
