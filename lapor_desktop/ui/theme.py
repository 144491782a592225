"""A calm, readable look: one small stylesheet and the badge colours of states.

Badges never rely on colour alone: each carries its own text and a symbol.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

ACCENT = "#1f6f5c"
ERROR = "#b3261e"
WARN = "#8a5a00"

# state -> (symbol, background, foreground)
LOCAL_BADGES = {
    "draf": ("✎", "#eceff1", "#37474f"),
    "siap_kirim": ("↑", "#fff4d6", "#6b4e00"),
    "terkirim": ("✓", "#e3f4ea", "#1b5e3a"),
    "perlu_perbaikan": ("!", "#fde7e4", "#8c1d12"),
}
REMOTE_BADGES = {
    "diterima": ("●", "#e8f0fe", "#1a4a8a"),
    "terverifikasi": ("●", "#e8f0fe", "#1a4a8a"),
    "diteruskan": ("→", "#ede7f6", "#4a2a86"),
    "ditindaklanjuti": ("↩", "#e0f2f1", "#00574b"),
    "selesai": ("✓", "#e3f4ea", "#1b5e3a"),
    "ditunda": ("‖", "#fff4d6", "#6b4e00"),
    "bukan_wewenang": ("↪", "#fff4d6", "#6b4e00"),
    "diarsipkan": ("■", "#eceff1", "#37474f"),
    "ditolak": ("✕", "#fde7e4", "#8c1d12"),
}

def _arrow(name: str) -> str:
    """Arrow images for spin boxes (a styled spin box loses the platform's arrows)."""
    from importlib import resources

    return (resources.files("lapor_desktop") / "resources" / "icons" / name).as_posix()


ARROW_UP = _arrow("arrow-up.svg")
ARROW_DOWN = _arrow("arrow-down.svg")

STYLESHEET = f"""
QWidget {{ font-size: 10pt; }}
QMainWindow, QDialog {{ background: #f6f7f5; }}
QListWidget#nav {{ background: #24352f; color: #e9efec; border: none; font-size: 11pt;
                   outline: 0; }}
QListWidget#nav::item {{ padding: 10px 14px; border-left: 4px solid transparent; }}
QListWidget#nav::item:selected {{ background: #31493f; border-left: 4px solid #8fd3b6;
                                  color: white; }}
QLabel#pageTitle {{ font-size: 15pt; font-weight: 600; color: #1d2b26; }}
QLabel#sectionTitle {{ font-size: 11pt; font-weight: 600; color: {ACCENT};
                       padding-top: 4px; }}
QLabel#fieldError {{ color: {ERROR}; }}
QLabel#fieldWarning {{ color: {WARN}; }}
QLabel#help {{ color: #55615c; }}
QLabel#banner {{ background: #e3f4ea; border: 1px solid #9fd0b3; border-radius: 4px;
                 padding: 8px; color: #1b4d33; }}
QLabel#bannerError {{ background: #fde7e4; border: 1px solid #e8a59c; border-radius: 4px;
                      padding: 8px; color: #7a1a10; }}
QLineEdit, QPlainTextEdit, QComboBox, QDateEdit, QSpinBox {{
    background: white; border: 1px solid #b9c2be; border-radius: 3px; padding: 4px; }}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QDateEdit:focus, QSpinBox:focus {{
    border: 2px solid {ACCENT}; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"] {{
    border: 2px solid {ERROR}; }}
QPushButton {{ padding: 6px 14px; border: 1px solid #9aa6a1; border-radius: 3px;
               background: #ffffff; }}
QPushButton:focus {{ border: 2px solid {ACCENT}; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border: 1px solid #17574a;
                       font-weight: 600; }}
QPushButton#primary:focus {{ border: 2px solid #0b2e26; }}
QPushButton:disabled {{ color: #8a938f; background: #eef0ef; }}
QPushButton#primary:disabled {{ color: #6f7a75; background: #d9dedb; border: 1px solid #c3cac6;
                                font-weight: 600; }}
QComboBox QAbstractItemView {{ background: white; color: #1d2b26; border: 1px solid #b9c2be;
                               selection-background-color: #cfe6dc;
                               selection-color: #1d2b26; outline: 0; }}
QComboBox QAbstractItemView::item {{ min-height: 24px; padding: 2px 6px; }}
QComboBox QAbstractItemView::item:selected, QComboBox QAbstractItemView::item:hover {{
    background: #cfe6dc; color: #1d2b26; }}
QSpinBox, QDateEdit {{ padding-right: 20px; }}
QSpinBox::up-button, QDateEdit::up-button, QSpinBox::down-button, QDateEdit::down-button {{
    subcontrol-origin: border; width: 18px; background: #e9eeeb;
    border-left: 1px solid #b9c2be; }}
QSpinBox::up-button, QDateEdit::up-button {{ subcontrol-position: top right; }}
QSpinBox::down-button, QDateEdit::down-button {{ subcontrol-position: bottom right; }}
QSpinBox::up-arrow, QDateEdit::up-arrow {{ image: url({ARROW_UP}); width: 9px; height: 6px; }}
QSpinBox::down-arrow, QDateEdit::down-arrow {{ image: url({ARROW_DOWN}); width: 9px;
                                               height: 6px; }}
QDateEdit::drop-down {{ subcontrol-origin: border; subcontrol-position: center right;
                        width: 18px; border-left: 1px solid #b9c2be; }}
QDateEdit::down-arrow {{ image: url({ARROW_DOWN}); }}
QWidget#warnBar {{ background: #fde7e4; }}
QGroupBox {{ border: 1px solid #d3d9d6; border-radius: 4px; margin-top: 14px;
             background: #fbfcfb; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; color: {ACCENT};
                    font-weight: 600; }}
QTableView {{ background: white; alternate-background-color: #f3f6f4;
              selection-background-color: #cfe6dc; selection-color: black;
              gridline-color: #e3e7e5; }}
QHeaderView::section {{ background: #e9eeeb; padding: 5px; border: none;
                        border-right: 1px solid #d5dcd8; font-weight: 600; }}
QStatusBar {{ background: #e9eeeb; }}
QStatusBar QLabel {{ padding: 0 10px; }}
"""


def apply(app: QApplication) -> None:
    font = QFont(app.font())
    font.setPointSize(10)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)


def repolish(widget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)
