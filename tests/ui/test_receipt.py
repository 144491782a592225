"""The A4 receipt: both copies, what each holds, the CLI, and printing without a printer."""

from __future__ import annotations

import pypdf
import pytest

from lapor_desktop import intake
from lapor_desktop.cli import main
from lapor_desktop.ui import receipt
from tests.support.factories import PASSWORD, report_data

pytest.importorskip("pytestqt")


def _text(path) -> str:
    return "".join("".join(p.extract_text().split()) for p in pypdf.PdfReader(str(path)).pages)


def test_receipt_holds_what_a_citizen_needs_on_one_a4(qtbot, workspace, actor, tmp_path):
    fin = intake.create_reports(workspace, actor, [report_data()])[0]
    view = intake.get_report(workspace, actor, fin.id)
    path = receipt.write_receipt(workspace, actor, view, tmp_path / "tt.pdf")
    reader = pypdf.PdfReader(str(path))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == \
        (210, 297)
    text = _text(path)
    for needed in (fin.local_number, "Lembaruntukpelapor", "Lembararsipkantor",
                   "Bataswaktutindaklanjut", "Petugaspenerima", "capkantor", "WIB",
                   "KantorDesaTertung", receipt.verification_code(view),
                   "Infrastruktur,JalandanJembatan", "guntingdisini"):
        assert needed in text, needed
    assert text.count(fin.local_number) >= 2  # both copies
    assert "Admin" in text or actor.display_name.replace(" ", "") in text


def test_qr_names_number_and_verification_code(workspace, actor):
    fin = intake.create_reports(workspace, actor, [report_data()])[0]
    view = intake.get_report(workspace, actor, fin.id)
    payload = receipt.qr_payload(view)
    assert payload == f"LAPOR-DESA;NO={fin.local_number};KODE={receipt.verification_code(view)}"
    assert view.id not in payload
    code = receipt.verification_code(view)
    assert len(code) == 9 and code[4] == "-"


def test_cli_writes_the_same_receipt(workspace, actor, tmp_path, monkeypatch, capsys):
    fin = intake.create_reports(workspace, actor, [report_data()])[0]
    monkeypatch.setenv("LAPOR_DESKTOP_PASSWORD", PASSWORD)
    out = tmp_path / "keluar" / "tanda-terima.pdf"
    code = main(["--data-dir", str(workspace.paths.root), "report", "receipt",
                 fin.local_number, "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    text = _text(out)
    assert fin.local_number in text and "Bataswaktutindaklanjut" in text
    assert "SitiAminah" in text  # the admin may see the name (an audited reveal)
    assert not list(workspace.paths.root.rglob("*.pdf"))  # nothing left in the data dir
    assert main(["--data-dir", str(workspace.paths.root), "report", "receipt",
                 fin.local_number, "--out", str(tmp_path / "x.txt")]) == 2


def test_no_printer_offers_save_pdf(qtbot, workspace, actor, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    fin = intake.create_reports(workspace, actor, [report_data()])[0]
    view = intake.get_report(workspace, actor, fin.id)
    monkeypatch.setattr(receipt, "has_printer", lambda: False)
    target = tmp_path / "simpan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "PDF"))
    seen: list[str] = []

    def answer() -> None:
        box = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QMessageBox) and w.isVisible())
        seen.append(box.text())
        save = next(b for b in box.buttons() if b.text() == "Simpan PDF")
        save.click()

    QTimer.singleShot(200, answer)
    assert receipt.print_receipt(None, workspace, actor, view) is True
    assert "Tidak ada printer" in seen[0]
    assert fin.local_number in _text(target)
