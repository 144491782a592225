"""The house rules that a reader cannot see at a glance: import layers and room sizes.

The layer contracts live in pyproject.toml ([tool.importlinter]) and are drawn in
docs/architecture.md.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("lapor_protocol", "lapor_desktop", "lapor_central")
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def test_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.fail("lint-imports is missing: install the test extra")
    done = subprocess.run([str(lint), str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    # lint-imports exits 1 and lists every broken contract with the import that breaks it.
    report = done.stdout.split("Contracts:", 1)[-1]
    assert done.returncode == 0, report[-4000:] + done.stderr[-2000:]
    assert " 0 broken" in report or "broken" not in report


def _sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield path


def test_no_module_over_the_limit():
    long = [f"{p.relative_to(ROOT)}: {n}" for p in _sources()
            if (n := len(p.read_text("utf-8").splitlines())) > MAX_MODULE_LINES]
    assert not long, "modules over 600 lines: " + ", ".join(long)


def test_no_function_over_the_limit():
    long = []
    for path in _sources():
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({n})")
    assert not long, "functions over 80 lines: " + ", ".join(long)
