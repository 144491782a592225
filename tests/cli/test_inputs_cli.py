"""Inputs that used to hang, leak or crash the CLI (issue 22 §4 and §5): special files,
absurd sizes, a data dir that is a file, commands that read without a login, weak and
self-made passwords, the sweep after CLI work and the permissions of the data dir."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time

import pytest

from lapor_desktop.cli import main
from tests.support.factories import KECAMATAN, PASSWORD, REGION, png_bytes, report_data

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, /dev/zero, modes: POSIX")


def run(capsys, monkeypatch, *argv, password: str = PASSWORD) -> tuple[int, str, str]:
    monkeypatch.setenv("LAPOR_DESKTOP_PASSWORD", password)
    code = main([str(a) for a in argv])
    cap = capsys.readouterr()
    return code, cap.out, cap.err


@pytest.fixture
def offices(tmp_path, capsys, monkeypatch):
    """A village with its kecamatan's key imported, and the kecamatan."""
    desa, kec = tmp_path / "desa", tmp_path / "kec"
    assert run(capsys, monkeypatch, "init", "--data-dir", kec, "--region", KECAMATAN,
               "--operator", "camat")[0] == 0
    assert run(capsys, monkeypatch, "init", "--data-dir", desa, "--region", REGION,
               "--operator", "op")[0] == 0
    assert run(capsys, monkeypatch, "kecamatan-key", "export", tmp_path / "kunci.json",
               "--data-dir", kec)[0] == 0
    assert run(capsys, monkeypatch, "kecamatan-key", "import", tmp_path / "kunci.json",
               "--yes", "--data-dir", desa)[0] == 0
    return desa, kec


_SCRIPT = """
import json, os, sys
os.environ["LAPOR_DESKTOP_PASSWORD"] = sys.argv[1]
from lapor_desktop.cli import main
for argv in json.loads(sys.argv[2]):
    code = main(argv)
    sys.stderr.flush()
    print(json.dumps(code), flush=True)
"""


@POSIX
def test_fifos_devices_and_folders_are_refused_by_every_file_command(offices, tmp_path):
    desa, kec = offices
    fifo = tmp_path / "bundel.lapor"
    os.mkfifo(fifo)
    (tmp_path / "folder.bak").mkdir()
    commands = []
    for src in (fifo, "/dev/zero"):
        commands += [
            ["--data-dir", kec, "bundle", "import", src],
            ["--data-dir", desa, "bundle", "import", src],  # a village: an acknowledgement
            ["--data-dir", kec, "bundle", "verify", src],
            ["--data-dir", desa, "bundle", "import-ack", src],
            ["--data-dir", desa, "kecamatan-key", "import", src, "--yes"],
            ["--data-dir", tmp_path / f"baru-{len(commands)}", "backup", "restore", src],
        ]
    commands.append(["--data-dir", tmp_path / "baru-dir", "backup", "restore",
                     tmp_path / "folder.bak"])
    argv = json.dumps([[str(a) for a in c] for c in commands])
    try:
        proc = subprocess.run([sys.executable, "-c", _SCRIPT, PASSWORD, argv],
                              capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"a command blocked on a special file; done so far: {exc.stdout!r}")
    codes = [json.loads(line) for line in proc.stdout.splitlines()]
    assert codes == [2] * len(commands), proc.stderr
    assert proc.stderr.count("bukan berkas biasa") == len(commands), proc.stderr
    assert "Traceback" not in proc.stderr
    # Nothing restored anywhere, nothing half-made beside the targets.
    assert not any(p.name.startswith(("baru", ".baru")) for p in tmp_path.iterdir())


def test_key_and_ack_files_of_absurd_size_are_refused_unread(offices, tmp_path, capsys,
                                                             monkeypatch):
    desa, _ = offices
    huge = tmp_path / "kunci-besar.json"
    with open(huge, "wb") as fh:  # sparse: claims 8 GB, costs nothing
        fh.truncate(8 * 1024**3)
    code, _, err = run(capsys, monkeypatch, "kecamatan-key", "import", huge, "--yes",
                       "--data-dir", desa)
    assert code == 2 and "terlalu besar" in err
    code, _, err = run(capsys, monkeypatch, "bundle", "import-ack", huge, "--data-dir", desa)
    assert code == 2 and "terlalu besar" in err


@pytest.mark.parametrize("argv", [
    ["status"], ["report", "list"], ["init", "--region", REGION, "--operator", "op"],
    ["backup", "restore", "cadangan.bak"],
])
def test_a_data_dir_that_is_a_file_is_a_clear_error(tmp_path, capsys, monkeypatch, argv):
    not_a_dir = tmp_path / "data"
    not_a_dir.write_text("bukan folder")
    (tmp_path / "cadangan.bak").write_bytes(b"LAPOR")
    argv = [a.replace("cadangan.bak", str(tmp_path / "cadangan.bak")) for a in argv]
    code, _, err = run(capsys, monkeypatch, "--data-dir", not_a_dir, *argv)
    assert code == 2 and "bukan folder" in err and str(not_a_dir) in err
    assert not_a_dir.read_text() == "bukan folder"


@pytest.mark.parametrize("argv", [
    ["report", "list", "--json"], ["report", "search", "jembatan"], ["operator", "list"],
    ["kecamatan", "summary", "--json"],
])
def test_every_command_that_reads_the_store_asks_for_a_login(offices, tmp_path, capsys,
                                                             monkeypatch, argv):
    desa, kec = offices
    where = kec if argv[0] == "kecamatan" else desa
    code, out, err = run(capsys, monkeypatch, "--data-dir", where, *argv,
                         password="bukan-sandi-yang-benar")
    assert code != 0 and out == "" and "salah" in err
    code, out, err = run(capsys, monkeypatch, "--data-dir", where, *argv)
    assert code == 0, err


def test_weak_passwords_exit_2_at_init_operator_add_and_passwd(tmp_path, capsys,
                                                               monkeypatch):
    data = tmp_path / "data"
    code, _, err = run(capsys, monkeypatch, "init", "--data-dir", data, "--region", REGION,
                       "--operator", "op", password="1234567890")
    assert code == 2 and "mudah ditebak" in err
    assert run(capsys, monkeypatch, "init", "--data-dir", data, "--region", REGION,
               "--operator", "op")[0] == 0
    monkeypatch.setenv("LAPOR_DESKTOP_NEW_PASSWORD", "qwertyuiop")
    code, _, err = run(capsys, monkeypatch, "operator", "add", "kades", "--role",
                       "kepala_desa", "--data-dir", data)
    assert code == 2 and "mudah ditebak" in err
    code, _, err = run(capsys, monkeypatch, "operator", "passwd", "--data-dir", data)
    assert code == 2 and "mudah ditebak" in err


@pytest.mark.parametrize("password", ["kantor-desa-tertung", "lapor-desktop-sintang",
                                      "Tertung-Tertung-2026"])
def test_passwords_made_of_the_offices_and_the_apps_words_are_refused(tmp_path, capsys,
                                                                      monkeypatch, password):
    code, _, err = run(capsys, monkeypatch, "init", "--data-dir", tmp_path / "d", "--region",
                       REGION, "--operator", "op", password=password)
    assert code == 2 and "mudah ditebak" in err


def test_a_password_built_from_the_display_name_is_refused(tmp_path, capsys, monkeypatch):
    data = tmp_path / "data"
    assert run(capsys, monkeypatch, "init", "--data-dir", data, "--region", REGION,
               "--operator", "op")[0] == 0
    monkeypatch.setenv("LAPOR_DESKTOP_NEW_PASSWORD", "RahmatHidayat1")
    code, _, err = run(capsys, monkeypatch, "operator", "add", "rahmat", "--role", "operator",
                       "--display-name", "Rahmat Hidayat", "--data-dir", data)
    assert code == 2 and "mudah ditebak" in err
    monkeypatch.setenv("LAPOR_DESKTOP_NEW_PASSWORD", "RahmatHidayat1-kopi-jembatan")
    assert run(capsys, monkeypatch, "operator", "add", "rahmat", "--role", "operator",
               "--display-name", "Rahmat Hidayat", "--data-dir", data)[0] == 0


def test_orphaned_attachment_files_are_swept_after_cli_work(tmp_path, capsys, monkeypatch):
    data = tmp_path / "data"
    assert run(capsys, monkeypatch, "init", "--data-dir", data, "--region", REGION,
               "--operator", "op")[0] == 0
    orphan = data / "attachments" / "laporan-hilang" / "lampiran-yatim"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"sisa impor yang terhenti")
    old = time.time() - 2 * 3600
    os.utime(orphan, (old, old))
    young = data / "attachments" / "sedang-ditulis"
    young.write_bytes(b"proses lain sedang menulis")
    assert run(capsys, monkeypatch, "report", "list", "--data-dir", data)[0] == 0
    assert not orphan.exists()
    assert young.exists()  # under an hour old: maybe another process's file in flight
    # At most one walk of the folder an hour, however many commands a script runs.
    orphan.write_bytes(b"sisa lain")
    os.utime(orphan, (old, old))
    assert run(capsys, monkeypatch, "report", "list", "--data-dir", data)[0] == 0
    assert orphan.exists()
    from lapor_desktop import upkeep
    from lapor_desktop.workspace import Workspace

    with Workspace.open(data) as ws:
        ws.db.set_meta(upkeep.LAST_SWEEP_META, repr(time.time() - 3601))
    assert run(capsys, monkeypatch, "report", "list", "--data-dir", data)[0] == 0
    assert not orphan.exists()


@POSIX
def test_the_data_dir_is_the_owners_only(tmp_path, capsys, monkeypatch):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "lapor.sqlite3").touch(mode=0o644)  # an older installation's loose modes
    os.chmod(data / "lapor.sqlite3", 0o644)
    # A real process, so that its log goes to this data dir (logging is set up once).
    proc = subprocess.run([sys.executable, "-m", "lapor_desktop", "--data-dir", str(data),
                           "init", "--region", REGION, "--operator", "op"],
                          env={**os.environ, "LAPOR_DESKTOP_PASSWORD": PASSWORD},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    photo = tmp_path / "foto.png"
    photo.write_bytes(png_bytes(8, 8))
    (tmp_path / "r.json").write_text(json.dumps(report_data(attachments=[str(photo)])))
    assert run(capsys, monkeypatch, "report", "add", tmp_path / "r.json",
               "--data-dir", data)[0] == 0
    assert run(capsys, monkeypatch, "backup", "create", tmp_path / "usb" / "c.bak",
               "--data-dir", data)[0] == 0
    dirs = [data, *(p for p in data.rglob("*") if p.is_dir())]
    files = [p for p in data.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"lapor.sqlite3", "lapor-desktop.log"}
    assert any(p.parent.parent.name == "attachments" for p in files)
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in dirs} == {"0o700"}
    assert {p.relative_to(data).as_posix(): oct(stat.S_IMODE(p.stat().st_mode))
            for p in files} == {p.relative_to(data).as_posix(): "0o600" for p in files}
    assert stat.S_IMODE((tmp_path / "usb" / "c.bak").stat().st_mode) == 0o600
