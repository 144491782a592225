"""Start-up: a store already at the newest schema opens without importing Alembic."""

from __future__ import annotations

import subprocess
import sys

from lapor_desktop.store import db


def test_known_head_matches_alembic():
    assert db._known_head() == db._script_directory().get_current_head()


def test_opening_a_store_at_head_skips_alembic(workspace):
    path = workspace.paths.root
    code = ("import sys; from lapor_desktop.workspace import Workspace; "
            f"Workspace.open({str(path)!r}).close(); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"
