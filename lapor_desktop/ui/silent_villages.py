"""The kecamatan's list of villages it has not heard from: last report, last bundle, last
receipt by central; villages silent past the setting (14 days by default) come first.
Above it, a red warning names the villages whose audit chain no longer extends the last
anchor their bundles brought (``anchors.problems``)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from lapor_desktop import anchors
from lapor_desktop import kecamatan as kec

SILENT_COLOUR = "#fde2e1"


def _when(t: datetime | None) -> str:
    return t.astimezone().strftime("%d-%m-%Y") if t else "—"


class SilentVillagesBox(QGroupBox):
    def __init__(self, ws, parent=None):
        super().__init__(self.tr("Desa senyap"), parent)
        self.ws = ws
        lay = QVBoxLayout(self)
        self.anchor_warning = QLabel()
        self.anchor_warning.setWordWrap(True)
        self.anchor_warning.setStyleSheet(f"background: {SILENT_COLOUR}; padding: 6px;")
        self.anchor_warning.hide()
        lay.addWidget(self.anchor_warning)
        self.note = QLabel()
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Desa"), self.tr("Laporan terakhir"), self.tr("Bundel terakhir"),
             self.tr("Diterima pusat terakhir"), self.tr("Keterangan")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(160)
        lay.addWidget(self.table)

    def refresh(self) -> None:
        self._refresh_anchor_warning()
        rows = kec.village_activity(self.ws)
        silent = sum(1 for v in rows if v.silent)
        self.note.setText(
            self.tr("%1 dari %2 desa tanpa bundel atau kiriman lebih dari %3 hari (ubah di "
                    "Pengaturan).").replace("%1", str(silent)).replace("%2", str(len(rows)))
            .replace("%3", str(kec.silent_after_days(self.ws))))
        self.table.setRowCount(len(rows))
        for i, v in enumerate(rows):
            if v.silent_days is None:
                note = self.tr("belum pernah mengirim")
            elif v.silent:
                note = self.tr("senyap %1 hari").replace("%1", str(v.silent_days))
            else:
                note = self.tr("aktif")
            for j, text in enumerate((f"{v.name} ({v.region_code})", _when(v.last_report_at),
                                      _when(v.last_bundle_at), _when(v.last_sync_at), note)):
                item = QTableWidgetItem(text)
                if v.silent:
                    item.setBackground(QBrush(QColor(SILENT_COLOUR)))
                self.table.setItem(i, j, item)

    def _refresh_anchor_warning(self) -> None:
        with self.ws.db.read() as s:
            problems = anchors.problems(s)
        lines = [self.tr("%1 (%2): %3, sejak %4").replace("%1", kec.village_name(p.region_code))
                 .replace("%2", p.region_code or "-").replace("%3", p.label)
                 .replace("%4", _when(p.since)) for p in problems]
        self.anchor_warning.setText(
            self.tr("PERINGATAN jejak audit desa: catatan di laptop desa berikut mungkin "
                    "telah dihapus atau diubah. Hubungi kepala desa.") + "\n" + "\n".join(lines))
        self.anchor_warning.setVisible(bool(problems))
