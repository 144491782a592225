"""The CLI end to end: two data dirs, one USB folder."""

from __future__ import annotations

import json

from lapor_desktop.cli import main
from tests.support.factories import KECAMATAN, PASSWORD, REGION, report_data


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def test_cli_round_trip(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LAPOR_DESKTOP_PASSWORD", PASSWORD)
    desa, kec_dir, usb = tmp_path / "desa", tmp_path / "kec", tmp_path / "usb"
    usb.mkdir()
    assert run(capsys, "init", "--data-dir", str(kec_dir), "--region", KECAMATAN,
               "--operator", "camat")[0] == 0
    assert run(capsys, "init", "--data-dir", str(desa), "--region", REGION,
               "--operator", "op")[0] == 0

    code, text, _ = run(capsys, "kecamatan-key", "export", str(usb / "kunci.json"),
                        "--data-dir", str(kec_dir))
    assert code == 0 and "Sidik jari" in text
    fingerprint = text.split("Sidik jari: ")[1].splitlines()[0]

    # Without --yes and no terminal: the operator must confirm the fingerprint first.
    code, _, error = run(capsys, "kecamatan-key", "import", str(usb / "kunci.json"),
                         "--data-dir", str(desa))
    assert code == 2 and "--yes" in error
    code, text, _ = run(capsys, "kecamatan-key", "import", str(usb / "kunci.json"), "--yes",
                        "--data-dir", str(desa))
    assert code == 0 and fingerprint in text

    (tmp_path / "r.json").write_text(json.dumps([report_data(), report_data(title="Kedua")]))
    assert run(capsys, "report", "add", str(tmp_path / "r.json"), "--data-dir", str(desa))[0] == 0
    code, text, _ = run(capsys, "bundle", "export", str(usb / "desa.lapor"),
                        "--data-dir", str(desa))
    assert code == 0 and "2 laporan" in text

    # Tampered: refused with a reason, exit 2.
    bad = bytearray((usb / "desa.lapor").read_bytes())
    bad[len(bad) // 2] ^= 0xFF
    (usb / "rusak.lapor").write_bytes(bytes(bad))
    code, _, error = run(capsys, "bundle", "import", str(usb / "rusak.lapor"),
                         "--data-dir", str(kec_dir))
    assert code == 2 and "Bundel ditolak" in error and "Tidak ada yang disimpan" in error

    # A device never seen: refused, showing its name, region and fingerprint, until the
    # operator types the fingerprint the village reads out from its settings.
    code, text, _ = run(capsys, "device", "show", "--data-dir", str(desa))
    assert code == 0 and "Sidik jari kunci perangkat" in text
    village_fp = text.split("Sidik jari kunci perangkat: ")[1].splitlines()[0]
    assert len(village_fp.replace(" ", "")) == 64
    code, text, error = run(capsys, "bundle", "import", str(usb / "desa.lapor"),
                            "--data-dir", str(kec_dir))
    assert code == 2 and village_fp in error and "Tertung" in error and REGION in error
    assert "--trust" in error and "Tidak ada yang disimpan" in error
    wrong = "0" * 64
    code, _, error = run(capsys, "bundle", "import", str(usb / "desa.lapor"),
                         "--data-dir", str(kec_dir), "--trust", wrong)
    assert code == 2 and "tidak cocok" in error
    typed = ":".join(village_fp.lower().split())  # spaces, colons and case do not matter
    code, text, _ = run(capsys, "bundle", "import", str(usb / "desa.lapor"),
                        "--data-dir", str(kec_dir), "--json", "--trust", typed)
    assert code == 0
    doc = json.loads(text[text.index("{"):])
    assert (doc["imported"], doc["new_device"]) == (2, True)

    code, text, _ = run(capsys, "bundle", "ack", str(usb / "ack.json"),
                        "--data-dir", str(kec_dir))
    assert code == 0 and "2 laporan" in text
    code, text, _ = run(capsys, "bundle", "import", str(usb / "ack.json"),
                        "--data-dir", str(desa))
    assert code == 0 and "2 laporan diterima kecamatan" in text
    code, text, _ = run(capsys, "bundle", "export", str(usb / "lagi.lapor"),
                        "--data-dir", str(desa))
    assert code == 0 and not (usb / "lagi.lapor").exists()

    code, text, _ = run(capsys, "kecamatan", "summary", "--csv", str(usb / "rekap.csv"),
                        "--data-dir", str(kec_dir))
    assert code == 0 and REGION in text and "Tertung" in text
    csv_text = (usb / "rekap.csv").read_text(encoding="utf-8-sig")
    assert csv_text.splitlines()[0].startswith("id,local_number,origin_region")
    assert "Siti" not in csv_text and "6105015005900001" not in csv_text
    assert len(csv_text.splitlines()) == 3
