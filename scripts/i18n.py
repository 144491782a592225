"""Refresh the .ts sources from the UI code and build the .qm files that ship.

    python scripts/i18n.py           # lupdate + lrelease
    python scripts/i18n.py --release # lrelease only

Source strings are Bahasa Indonesia; lapor_desktop_en.ts carries the English text.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "lapor_desktop" / "ui"
I18N = ROOT / "lapor_desktop" / "resources" / "i18n"
BIN = Path(sys.executable).parent
# The sync and bundle pages belong to their own modules; they are added when present.
FILES = ["app.py", "i18n.py", "intake_form.py", "login.py", "main_window.py", "receipt.py",
         "report_detail.py", "report_list.py", "report_model.py", "settings_page.py",
         "widgets.py", "sync_page.py", "sync_worker.py", "bundle_page.py", "device_box.py",
         "silent_villages.py", "sync_scheduler.py", "help_dialog.py", "intake_layout.py",
         "intake_attachments.py", "trust_dialogs.py", "audit_page.py"]
LANGS = ["en"]


def main(argv: list[str]) -> int:
    sources = [str(UI / f) for f in FILES if (UI / f).exists()]
    for lang in LANGS:
        ts = I18N / f"lapor_desktop_{lang}.ts"
        if "--release" not in argv:
            subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-no-obsolete",
                            "-source-language", "id", "-target-language", lang,
                            "-ts", str(ts)], check=True)
        subprocess.run([str(BIN / "pyside6-lrelease"), str(ts), "-qm",
                        str(ts.with_suffix(".qm"))], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
