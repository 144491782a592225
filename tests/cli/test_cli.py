"""The CLI, in-process through ``cli.main`` and once as a real subprocess."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lapor_desktop.cli import main
from tests.support.factories import NIK, PASSWORD, REGION, png_bytes, report_data, write_file


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LAPOR_DESKTOP_PASSWORD", PASSWORD)
    data = tmp_path / "data"

    def run(*args, stdin: str | None = None):
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(["--data-dir", str(data), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    run.data = data
    return run


@pytest.fixture
def inited(cli):
    code, out, err = cli("init", "--region", REGION, "--operator", "admin")
    assert code == 0, err
    return cli


def _json_file(tmp_path, value, name="in.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _count(cli) -> int:
    code, out, _ = cli("report", "list", "--json")
    assert code == 0
    return len(json.loads(out))


def test_init_creates_data_dir_and_refuses_twice(inited):
    data = inited.data
    assert (data / "lapor.sqlite3").exists() and (data / "attachments").is_dir()
    code, out, err = inited("init", "--region", REGION, "--operator", "admin2")
    assert code == 1 and "sudah disiapkan" in err
    code, _, err = main(["--data-dir", str(data / "x"), "init", "--region", "99.99.99.9999",
                         "--operator", "a"]), None, None
    assert code == 1


def test_report_add_object_array_and_stdin(inited, tmp_path):
    pic = write_file(tmp_path, "foto.png", png_bytes(seed=2))
    code, out, err = inited("report", "add", _json_file(
        tmp_path, report_data(attachments=[str(pic)])))
    assert code == 0, err
    (line,) = out.splitlines()
    rid, number = line.split()
    assert number.endswith("/00001") and len(rid) == 36
    code, out, err = inited("report", "add", _json_file(tmp_path, [report_data(),
                                                                   report_data()]))
    assert code == 0, err
    assert [ln.split()[1][-5:] for ln in out.splitlines()] == ["00002", "00003"]
    code, out, err = inited("report", "add", "-",
                            stdin=json.dumps([report_data(title="Dari stdin saja")]))
    assert code == 0, err
    assert out.split()[1].endswith("/00004")
    assert _count(inited) == 4

    code, out, _ = inited("report", "show", rid, "--json")
    doc = json.loads(out)
    assert code == 0
    assert doc["id"] == rid and doc["local_number"] == number and doc["state"] == "siap_kirim"
    assert len(doc["content_hash"]) == 64
    assert doc["attachments"][0]["sha256"] == hashlib.sha256(pic.read_bytes()).hexdigest()
    assert doc["attachments"][0]["media_type"] == "image/png"
    assert "complainant" not in doc and NIK not in out  # show never prints identity
    code, out, _ = inited("report", "reveal", rid, "--reason", "verifikasi", "--json")
    assert code == 0 and json.loads(out)["complainant"]["nik"] == NIK  # admin, with reason
    code, out2, _ = inited("report", "show", number, "--json")
    assert json.loads(out2)["id"] == rid
    code, out, _ = inited("report", "show", rid)
    assert code == 0 and number in out and NIK not in out


@pytest.mark.parametrize("bad_index", [0, 2])
def test_invalid_batch_writes_nothing_and_lists_every_error(inited, tmp_path, bad_index):
    items = [report_data(), report_data(), report_data()]
    items[bad_index] = report_data(title="", body="pendek",
                                   complainant={"phone": "123", "nik": "12"})
    code, out, err = inited("report", "add", _json_file(tmp_path, items))
    assert code == 2 and out == ""
    for fld in ("title", "body", "complainant.phone", "complainant.nik"):
        assert f"[{bad_index}] {fld}:" in err
    assert "Tidak ada laporan yang disimpan" in err
    assert _count(inited) == 0
    assert [p for p in (inited.data / "attachments").rglob("*") if p.is_file()] == []


def test_missing_attachment_fails_whole_batch(inited, tmp_path):
    pic = write_file(tmp_path, "ada.png", png_bytes())
    items = [report_data(attachments=[str(pic)]),
             report_data(attachments=[str(tmp_path / "hilang.pdf")])]
    code, out, err = inited("report", "add", _json_file(tmp_path, items))
    assert code == 2 and "[1] attachments[0]:" in err and "hilang.pdf" in err
    assert _count(inited) == 0
    assert [p for p in (inited.data / "attachments").rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("payload", ["{bukan json", "[]", "[1, 2]", '"teks"'])
def test_malformed_input_exits_2(inited, tmp_path, payload):
    path = tmp_path / "x.json"
    path.write_text(payload)
    code, out, err = inited("report", "add", str(path))
    assert code == 2 and err.strip()
    assert _count(inited) == 0


def test_missing_file_exits_2(inited, tmp_path):
    code, _, err = inited("report", "add", str(tmp_path / "tidak-ada.json"))
    assert code == 2 and "tidak dapat dibaca" in err


def test_list_state_filter_and_search(inited, tmp_path):
    inited("report", "add", _json_file(tmp_path, [
        report_data(title="Jembatan putus di dusun hulu"), report_data()]))
    code, out, _ = inited("report", "list", "--json", "--state", "siap_kirim")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 2
    assert set(rows[0]) >= {"id", "local_number", "state", "title", "created_at"}
    code, out, _ = inited("report", "list", "--json", "--state", "terkirim")
    assert json.loads(out) == []
    code, out, _ = inited("report", "search", "jembatan", "--json")
    assert [r["title"] for r in json.loads(out)] == ["Jembatan putus di dusun hulu"]
    code, out, _ = inited("report", "search", 'AND "(')
    assert code == 0
    code, out, _ = inited("report", "list")
    assert code == 0 and len(out.splitlines()) == 2


def test_catalog_list(inited):
    code, out, _ = inited("catalog", "list", "--json")
    doc = json.loads(out)
    assert code == 0
    assert {"code": "infrastruktur", "name": "Infrastruktur, Jalan dan Jembatan"} in \
        doc["categories"]
    assert any(a["code"] == "dpupr-sintang" for a in doc["agencies"])
    code, out, _ = inited("catalog", "list")
    assert "infrastruktur" in out and "Instansi" in out


def test_operator_needed_only_when_several(inited, tmp_path, monkeypatch):
    monkeypatch.setenv("LAPOR_DESKTOP_NEW_PASSWORD", "durian-operator-1")
    code, out, err = inited("operator", "add", "petugas", "--role", "operator")
    assert code == 0, err
    code, _, err = inited("report", "add", _json_file(tmp_path, report_data()))
    assert code == 1 and "lebih dari satu operator" in err
    code, out, err = inited("--operator", "admin", "report", "add",
                            _json_file(tmp_path, report_data()))
    assert code == 0, err
    rid = out.split()[0]
    monkeypatch.setenv("LAPOR_DESKTOP_PASSWORD", "durian-operator-1")
    code, out, err = inited("report", "show", rid, "--json", "--operator", "petugas")
    assert code == 0, err
    doc = json.loads(out)
    assert "complainant" not in doc and NIK not in out
    code, out, err = inited("report", "show", rid, "--json", "--operator", "admin")
    assert code == 1 and "salah" in err  # admin's password is not this one


def test_data_dir_option_and_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LAPOR_DESKTOP_PASSWORD", PASSWORD)
    env_dir = tmp_path / "dari-env"
    opt_dir = tmp_path / "dari-opsi"
    monkeypatch.setenv("LAPOR_DESKTOP_DATA_DIR", str(env_dir))
    assert main(["init", "--region", REGION, "--operator", "admin"]) == 0
    assert (env_dir / "lapor.sqlite3").exists()
    assert main(["--data-dir", str(opt_dir), "init", "--region", REGION,
                 "--operator", "admin"]) == 0
    assert (opt_dir / "lapor.sqlite3").exists()
    assert main(["report", "list", "--json", "--data-dir", str(opt_dir)]) == 0
    home = Path(os.environ["HOME"])
    assert not any(p.name == "lapor.sqlite3" for p in home.rglob("*"))


def test_uninitialised_store_gives_a_hint(cli, tmp_path):
    code, _, err = cli("report", "add", _json_file(tmp_path, report_data()))
    assert code == 1 and "init" in err


def test_real_subprocess(tmp_path):
    data = tmp_path / "d"
    env = {**os.environ, "LAPOR_DESKTOP_PASSWORD": PASSWORD, "LAPOR_DESKTOP_DATA_DIR":
           str(tmp_path / "tidak-dipakai")}

    def run(*args, stdin=None):
        return subprocess.run([sys.executable, "-m", "lapor_desktop", "--data-dir", str(data),
                               *args], input=stdin, env=env, capture_output=True, text=True,
                              timeout=120)

    p = run("init", "--region", REGION, "--operator", "admin")
    assert p.returncode == 0, p.stderr
    p = run("report", "add", "-", stdin=json.dumps([report_data(), report_data()]))
    assert p.returncode == 0, p.stderr
    assert len(p.stdout.splitlines()) == 2
    p = run("report", "add", "-", stdin=json.dumps([report_data(), report_data(kind="x")]))
    assert p.returncode == 2 and "[1] kind:" in p.stderr
    p = run("report", "list", "--json")
    assert p.returncode == 0 and len(json.loads(p.stdout)) == 2
    assert not (tmp_path / "tidak-dipakai").exists()
