"""CLI side of the trust boundary: reveal, correct, audit, search by phone, bad input."""

from __future__ import annotations

import io
import json
import os
import sys
import threading

import pytest

from lapor_desktop.cli import main
from tests.support.factories import NIK, PASSWORD, PHONE, REGION, report_data

OP_PASSWORD = "kopi-hujan-jembatan-7"


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LAPOR_DESKTOP_PASSWORD", PASSWORD)
    data = tmp_path / "data"

    def run(*args, password: str | None = None):
        monkeypatch.setenv("LAPOR_DESKTOP_PASSWORD", password or PASSWORD)
        code = main(["--data-dir", str(data), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    assert run("init", "--region", REGION, "--operator", "admin")[0] == 0
    monkeypatch.setenv("LAPOR_DESKTOP_NEW_PASSWORD", OP_PASSWORD)
    assert run("operator", "add", "petugas", "--role", "operator", "--operator", "admin")[0] == 0
    run.data = data
    return run


def _json_file(tmp_path, value, name="in.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _add(cli, tmp_path, **overrides) -> str:
    code, out, err = cli("report", "add", _json_file(tmp_path, report_data(**overrides)),
                         "--operator", "admin")
    assert code == 0, err
    return out.split()[0]


def test_reveal_for_allowed_roles_only_and_audited(cli, tmp_path):
    rid = _add(cli, tmp_path)
    code, out, err = cli("report", "reveal", rid, "--reason", "Warga minta salinan",
                         "--operator", "petugas", password=OP_PASSWORD)
    assert code != 0 and out == "" and "tidak berwenang" in err
    code, out, _ = cli("report", "show", rid, "--json", "--operator", "admin")
    assert code == 0 and NIK not in out and "Siti" not in out
    code, out, _ = cli("report", "reveal", rid, "--reason", "Warga minta salinan", "--json",
                       "--operator", "admin")
    assert code == 0 and json.loads(out)["complainant"]["nik"] == NIK
    code, out, _ = cli("audit", "list", "--json", "--action", "reveal_identity",
                       "--operator", "admin")
    events = json.loads(out)
    assert code == 0 and [e["detail"] for e in events] == [
        {"reason": "lainnya", "note": "Warga minta salinan"}]
    assert NIK not in out
    code, out, _ = cli("audit", "list", "--since", "2020-01-01", "--operator", "admin")
    assert code == 0 and "finalise" in out and "login_failed" not in out
    code, out, err = cli("audit", "list", "--operator", "petugas", password=OP_PASSWORD)
    assert code != 0 and out == ""
    assert cli("audit", "verify", "--operator", "admin")[0] == 0
    assert cli("audit", "verify", "--operator", "petugas", password=OP_PASSWORD)[0] != 0
    code, _, err = cli("audit", "list", "--since", "kemarin", "--operator", "admin")
    assert code == 2


def test_operator_corrects_from_the_cli_without_seeing_identity(cli, tmp_path):
    rid = _add(cli, tmp_path)
    change = _json_file(tmp_path, {"title": "Judul yang dikoreksi petugas"}, "fix.json")
    code, out, err = cli("report", "correct", rid, change, "--operator", "petugas",
                         password=OP_PASSWORD)
    assert code == 0, err
    assert NIK not in out + err and "Siti" not in out + err
    new_id = out.split()[0]
    code, out, _ = cli("report", "reveal", new_id, "--reason", "verifikasi", "--json",
                       "--operator", "admin")
    doc = json.loads(out)
    assert doc["supersedes"] == rid and doc["title"] == "Judul yang dikoreksi petugas"
    assert doc["complainant"]["nik"] == NIK and doc["complainant"]["name"] == "Siti Aminah"
    bad = _json_file(tmp_path, {"body": "pendek"}, "bad.json")
    code, _, err = cli("report", "correct", new_id, bad, "--operator", "admin")
    assert code == 2 and "tidak disimpan" in err


def test_search_by_phone_or_nik_in_any_format(cli, tmp_path):
    rid = _add(cli, tmp_path)
    _add(cli, tmp_path, complainant={"phone": "082211112222", "nik": None})
    for typed in (PHONE, "+62 812-3456-7890", NIK):
        code, out, err = cli("report", "search", typed, "--json", "--operator", "admin")
        assert code == 0, err
        assert [r["id"] for r in json.loads(out)] == [rid], typed
    code, out, err = cli("report", "search", PHONE, "--operator", "petugas",
                         password=OP_PASSWORD)
    assert code != 0 and out == "" and "tidak berwenang" in err


def test_operator_passwd_enforces_strength(cli, monkeypatch):
    monkeypatch.setenv("LAPOR_DESKTOP_NEW_PASSWORD", "1234567890")
    code, _, err = cli("operator", "passwd", "--operator", "petugas", password=OP_PASSWORD)
    assert code == 2 and "mudah ditebak" in err  # bad input: exit 2 (issue 22)
    monkeypatch.setenv("LAPOR_DESKTOP_NEW_PASSWORD", "sawah-pelangi-rakit-42")
    assert cli("operator", "passwd", "--operator", "petugas", password=OP_PASSWORD)[0] == 0
    code, _, _ = cli("report", "list", "--operator", "petugas",
                     password="sawah-pelangi-rakit-42")
    assert code == 0


def _count(cli) -> int:
    code, out, _ = cli("report", "list", "--json", "--operator", "admin")
    return len(json.loads(out))


def test_bad_json_files_exit_2_and_store_nothing(cli, tmp_path):
    latin = tmp_path / "latin1.json"
    latin.write_bytes(json.dumps(report_data(), ensure_ascii=False).encode("latin-1",
                                                                           "replace")
                      .replace(b"Siti", b"S\xeeti"))
    code, _, err = cli("report", "add", str(latin))
    assert code == 2 and "UTF-8" in err
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, _, err = cli("report", "add", str(deep))
    assert code == 2 and "terlalu dalam" in err
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 40 + "{}" + "]" * 40, encoding="utf-8")
    code, _, err = cli("report", "add", str(nested))
    assert code == 2 and "terlalu dalam" in err
    code, _, err = cli("report", "add", str(tmp_path))
    assert code == 2
    assert _count(cli) == 0


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_fifo_inputs_are_refused_without_hanging(cli, tmp_path):
    fifo = tmp_path / "foto.jpg"
    os.mkfifo(fifo)
    result = {}

    def work():
        result["json"] = cli("report", "add", str(fifo))
        result["att"] = cli("report", "add",
                            _json_file(tmp_path, report_data(attachments=[str(fifo)])),
                            "--operator", "admin")

    t = threading.Thread(target=work, daemon=True)
    t.start()
    t.join(timeout=60)
    if t.is_alive():  # unblock the reader so the test process can end, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("a FIFO blocked the CLI")
    assert result["json"][0] == 2 and "bukan berkas" in result["json"][2]
    assert result["att"][0] == 2 and "bukan berkas" in result["att"][2]
    assert _count(cli) == 0


def test_stdin_text_stream_still_reads(cli, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(report_data())))
    assert cli("report", "add", "-", "--operator", "admin")[0] == 0


def test_operator_sees_a_neutral_attachment_name_in_report_show(cli, tmp_path):
    from tests.support.factories import pdf_bytes, write_file

    letter = write_file(tmp_path / "src", "surat-siti-aminah.pdf", pdf_bytes("x", pad=120_000))
    from lapor_desktop.attachments import human_size

    rid = _add(cli, tmp_path, attachments=[str(letter)])
    neutral = f"Lampiran 1 (PDF, {human_size(letter.stat().st_size)})"
    for args in (("report", "show", rid), ("report", "show", rid, "--json")):
        code, out, err = cli(*args, "--operator", "petugas", password=OP_PASSWORD)
        assert code == 0, err
        assert "surat-siti-aminah" not in out
        assert neutral in out
    code, out, _ = cli("report", "show", rid, "--json", "--operator", "petugas",
                       password=OP_PASSWORD)
    assert json.loads(out)["attachments"][0]["file_name"] == neutral
    # The roles that may reveal see the original name.
    code, out, _ = cli("report", "show", rid, "--operator", "admin")
    assert code == 0 and "surat-siti-aminah.pdf" in out
