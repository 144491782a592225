"""Desktop entry point."""

from __future__ import annotations

import sys


def run(data_dir: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv)
    label = QLabel(QApplication.translate("app", "LAPOR Desktop"))
    label.resize(480, 200)
    label.show()
    return app.exec()
