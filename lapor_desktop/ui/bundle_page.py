"""Paket USB (village) / Kecamatan (kecamatan): keys, bundles, acknowledgements, batch view.

``BundlePage(workspace, actor, parent=None)``. Long jobs (export, verify, import) run on a
QThread worker and report progress; the page never holds a live Session. Every dialog goes
through ``ask_path``/``confirm`` so tests (and scripts) can replace them.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRectF, QSize, Qt, QThread, Signal, Slot
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lapor_desktop import bundles
from lapor_desktop import kecamatan as kec
from lapor_desktop.ui.device_box import trust_text
from lapor_desktop.ui.i18n import dt
from lapor_desktop.ui.silent_villages import SilentVillagesBox
from lapor_desktop.workspace import WorkspaceError
from lapor_protocol.domain import LOCAL_STATE_LABELS, REMOTE_STATUS_LABELS


def status_text(status: str) -> str:
    """A status from ``kec.status_of`` (central's status, else the local state) in words."""
    for labels in (REMOTE_STATUS_LABELS, LOCAL_STATE_LABELS):
        for key, text in labels.items():
            if str(getattr(key, "value", key)) == status:
                return dt(text)
    return status


# ---------------------------------------------------------------------------- worker

class _Job(QObject):
    progress = Signal(str, int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, fn: Callable[[Callable[[str, int, int], None]], Any]):
        super().__init__()
        self._fn = fn

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn(lambda stage, n, total: self.progress.emit(stage, n, total))
        except WorkspaceError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.done.emit(result)


# ---------------------------------------------------------------------------- bar chart

class BarChart(QWidget):
    """Horizontal bars per village: all reports and, in red, the overdue ones."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, int, int]] = []
        self.setMinimumHeight(80)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_data(self, rows: list[tuple[str, int, int]]) -> None:
        self._rows = rows
        self.setMinimumHeight(max(80, 28 * len(rows) + 36))
        self.update()

    def data(self) -> list[tuple[str, int, int]]:
        return list(self._rows)

    def sizeHint(self) -> QSize:
        return QSize(420, max(80, 28 * len(self._rows) + 36))

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect().adjusted(8, 8, -8, -8)
        if not self._rows:
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.tr("Belum ada data."))
            return
        label_w = min(180, rect.width() // 3)
        peak = max(total for _, total, _ in self._rows) or 1
        bar_area = rect.width() - label_w - 48
        y = rect.top()
        total_color, late_color = QColor("#2f6fb0"), QColor("#c0392b")
        for name, total, late in self._rows:
            p.setPen(self.palette().text().color())
            p.drawText(QRectF(rect.left(), y, label_w - 6, 22),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
            w = bar_area * total / peak
            p.fillRect(QRectF(rect.left() + label_w, y + 3, w, 16), total_color)
            if late:
                p.fillRect(QRectF(rect.left() + label_w, y + 3, bar_area * late / peak, 16),
                           late_color)
            p.drawText(QRectF(rect.left() + label_w + w + 4, y, 44, 22),
                       Qt.AlignmentFlag.AlignVCenter, f"{total}")
            y += 28
        p.setPen(self.palette().text().color())
        small = QFont(p.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
        p.setFont(small)
        p.fillRect(QRectF(rect.left() + label_w, y + 4, 10, 10), total_color)
        p.drawText(QRectF(rect.left() + label_w + 14, y, 120, 18),
                   Qt.AlignmentFlag.AlignVCenter, self.tr("Semua laporan"))
        p.fillRect(QRectF(rect.left() + label_w + 140, y + 4, 10, 10), late_color)
        p.drawText(QRectF(rect.left() + label_w + 154, y, 160, 18),
                   Qt.AlignmentFlag.AlignVCenter, self.tr("Melewati batas waktu"))


@functools.lru_cache(maxsize=8)
def _qr_png(text: str, scale: int) -> bytes:
    """Encoding a QR code costs ~0.2 s: the page refreshes often, the key rarely changes."""
    import segno

    buf = io.BytesIO()
    segno.make(text, error="m").save(buf, kind="png", scale=scale, border=2)
    return buf.getvalue()


def qr_pixmap(text: str, scale: int = 4) -> QPixmap:
    pix = QPixmap()
    pix.loadFromData(_qr_png(text, scale), "PNG")
    return pix


# ---------------------------------------------------------------------------- page

class BundlePage(QWidget):
    job_finished = Signal(str)  # message shown to the operator
    job_failed = Signal(str)
    reports_changed = Signal()

    def __init__(self, workspace, actor, parent=None):
        super().__init__(parent)
        self.ws = workspace
        self.actor = actor
        self.is_kecamatan = workspace.is_kecamatan
        self._thread: QThread | None = None
        self._job: _Job | None = None
        self._on_done: Callable[[Any], None] = lambda _r: None
        self.last_result: Any = None
        # Replaceable for tests and scripts.
        self.ask_path: Callable[[str, bool, str], str | None] = self._ask_path
        self.confirm: Callable[[str, str], bool] = self._confirm

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 8)
        title = QLabel(self.tr("Kecamatan") if self.is_kecamatan else self.tr("Paket USB"))
        title.setObjectName("pageTitle")
        outer.addWidget(title)
        intro = QLabel(
            self.tr("Terima bundel laporan dari desa lewat flashdisk, kirim ke server pusat "
                    "seperti biasa, lalu buat tanda terima untuk desa.") if self.is_kecamatan
            else self.tr("Bila tidak ada jaringan, bawa laporan ke kantor kecamatan dengan "
                         "flashdisk. Identitas pelapor dienkripsi untuk kecamatan."))
        intro.setWordWrap(True)
        outer.addWidget(intro)

        scroll = self.scroll_area = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        self._body = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("bundleMessage")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.hide()
        outer.addWidget(self.progress)
        outer.addWidget(self.message)

        self._build_key_box()
        if self.is_kecamatan:
            self._build_kecamatan_boxes()
        else:
            self._build_village_boxes()
        self._body.addStretch(1)
        self.refresh()

    # ------------------------------------------------------------------ layout
    def _build_key_box(self) -> None:
        box = QGroupBox(self.tr("Kunci kecamatan"))
        lay = QHBoxLayout(box)
        self.qr_label = QLabel()
        self.qr_label.setFixedSize(QSize(1, 1))
        self.qr_label.setVisible(False)
        lay.addWidget(self.qr_label)
        col = QVBoxLayout()
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setWordWrap(True)
        self.fingerprint_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.fingerprint_label)
        if self.is_kecamatan:
            self.key_button = QPushButton(self.tr("Simpan berkas kunci…"))
            self.key_button.clicked.connect(lambda: self.export_key())
        else:
            self.key_button = QPushButton(self.tr("Impor berkas kunci kecamatan…"))
            self.key_button.clicked.connect(lambda: self.import_key())
        buttons = QHBoxLayout()
        buttons.addWidget(self.key_button)
        buttons.addStretch(1)
        col.addLayout(buttons)
        col.addStretch(1)
        lay.addLayout(col, 1)
        self._body.addWidget(box)

    def _build_village_boxes(self) -> None:
        box = QGroupBox(self.tr("Kirim lewat flashdisk"))
        lay = QVBoxLayout(box)
        self.pending_label = QLabel()
        lay.addWidget(self.pending_label)
        row = QHBoxLayout()
        self.export_button = QPushButton(self.tr("Buat bundel untuk kecamatan…"))
        self.export_button.setObjectName("primary")
        self.export_button.clicked.connect(lambda: self.export_bundle())
        self.import_button = QPushButton(self.tr("Impor tanda terima kecamatan…"))
        self.import_button.clicked.connect(lambda: self.import_file())
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        lay.addLayout(row)
        self._body.addWidget(box)

    def _build_kecamatan_boxes(self) -> None:
        box = QGroupBox(self.tr("Bundel dari desa"))
        lay = QVBoxLayout(box)
        row = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Impor bundel desa…"))
        self.import_button.setObjectName("primary")
        self.import_button.clicked.connect(lambda: self.import_file())
        row.addWidget(self.import_button)
        row.addStretch(1)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Tanda terima untuk desa:")))
        self.village_combo = QComboBox()
        self.village_combo.setMinimumWidth(220)
        row.addWidget(self.village_combo)
        self.ack_button = QPushButton(self.tr("Buat tanda terima…"))
        self.ack_button.clicked.connect(lambda: self.write_ack())
        row.addWidget(self.ack_button)
        row.addStretch(1)
        lay.addLayout(row)
        self._body.addWidget(box)

        view = QGroupBox(self.tr("Rekap per desa"))
        vlay = QVBoxLayout(view)
        self.summary_table = QTableWidget(0, 4)
        self.summary_table.setHorizontalHeaderLabels(
            [self.tr("Desa"), self.tr("Jumlah"), self.tr("Terlambat"), self.tr("Per status")])
        self._table_defaults(self.summary_table)
        vlay.addWidget(self.summary_table)
        self.chart = BarChart()
        vlay.addWidget(self.chart)
        vlay.addWidget(QLabel(self.tr("Melewati batas waktu (hari kerja)")))
        self.overdue_table = QTableWidget(0, 5)
        self.overdue_table.setHorizontalHeaderLabels(
            [self.tr("Nomor"), self.tr("Desa"), self.tr("Status"), self.tr("Batas"),
             self.tr("Terlambat (hari kerja)")])
        self._table_defaults(self.overdue_table)
        vlay.addWidget(self.overdue_table)
        row = QHBoxLayout()
        self.refresh_button = QPushButton(self.tr("Muat ulang"))
        self.refresh_button.clicked.connect(self.refresh)
        self.csv_button = QPushButton(self.tr("Ekspor CSV…"))
        self.csv_button.clicked.connect(lambda: self.export_csv())
        row.addWidget(self.refresh_button)
        row.addWidget(self.csv_button)
        row.addStretch(1)
        vlay.addLayout(row)
        self._body.addWidget(view)
        self.silent_box = SilentVillagesBox(self.ws)
        self._body.addWidget(self.silent_box)

    @staticmethod
    def _table_defaults(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setMinimumHeight(120)

    # ------------------------------------------------------------------ state
    @property
    def busy(self) -> bool:
        return self._thread is not None

    def refresh(self) -> None:
        self._refresh_key()
        if self.is_kecamatan:
            self._refresh_summary()
        else:
            n = len(bundles.pending_ids(self.ws))
            self.pending_label.setText(
                self.tr("%n laporan final belum diterima kecamatan.", "", n).replace(
                    "%n", str(n)))
            self.export_button.setEnabled(n > 0 and kec.installed_key(self.ws) is not None
                                          and not self.busy)

    def _refresh_key(self) -> None:
        if self.is_kecamatan:
            try:
                key = kec.own_key(self.ws, self.actor)
            except WorkspaceError as exc:
                self.fingerprint_label.setText(str(exc))
                return
            pix = qr_pixmap(key.qr_text(), 3)
            self.qr_label.setPixmap(pix)
            self.qr_label.setFixedSize(pix.size())
            self.qr_label.setVisible(True)
            self.fingerprint_label.setText(
                self.tr("Kecamatan %1. Sidik jari kunci: %2\nDesa memindai kode QR ini atau "
                        "mengimpor berkas kuncinya, lalu mencocokkan sidik jari.")
                .replace("%1", key.region_code).replace("%2", key.short_fingerprint))
            return
        key = kec.installed_key(self.ws)
        if key is None:
            self.fingerprint_label.setText(
                self.tr("Kunci kecamatan belum diimpor. Minta berkas kunci dari kantor "
                        "kecamatan %1.").replace("%1", kec.kecamatan_of(self.ws.region_code)))
        else:
            self.fingerprint_label.setText(
                self.tr("Kunci kecamatan %1 terpasang. Sidik jari: %2")
                .replace("%1", key.region_code).replace("%2", key.short_fingerprint))

    def _refresh_summary(self) -> None:
        self.silent_box.refresh()
        rows = kec.summary(self.ws)
        self.summary_table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            counts = ", ".join(f"{status_text(k)}: {v}" for k, v in r.by_status.items())
            for j, value in enumerate((f"{r.name} ({r.region_code})", str(r.total),
                                       str(r.overdue), counts)):
                self.summary_table.setItem(i, j, QTableWidgetItem(value))
        self.chart.set_data([(r.name, r.total, r.overdue) for r in rows])
        late = kec.overdue_reports(self.ws)
        self.overdue_table.setRowCount(len(late))
        for i, o in enumerate(late):
            for j, value in enumerate((o.local_number or o.id, o.village,
                                       status_text(o.status),
                                       f"{dt(o.label)}: {o.due.strftime('%d-%m-%Y')}",
                                       str(o.working_days_late))):
                self.overdue_table.setItem(i, j, QTableWidgetItem(value))
        current = self.village_combo.currentData()
        self.village_combo.clear()
        for code in bundles.villages(self.ws):
            self.village_combo.addItem(f"{kec.village_name(code)} ({code})", code)
        if current:
            self.village_combo.setCurrentIndex(max(0, self.village_combo.findData(current)))
        self.ack_button.setEnabled(self.village_combo.count() > 0 and not self.busy)

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: #b00020;" if error else "")
        self.message.setText(text)

    # ------------------------------------------------------------------ dialogs
    def _ask_path(self, caption: str, save: bool, suggested: str) -> str | None:
        filt = self.tr("Semua berkas (*)")
        if save:
            path, _ = QFileDialog.getSaveFileName(self, caption, suggested, filt)
        else:
            path, _ = QFileDialog.getOpenFileName(self, caption, suggested, filt)
        return path or None

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ actions
    def export_key(self, path: str | None = None) -> None:
        path = path or self.ask_path(self.tr("Simpan berkas kunci kecamatan"), True,
                                     f"kunci-kecamatan-{self.ws.region_code}.json")
        if not path:
            return
        try:
            key = kec.export_key(self.ws, self.actor, Path(path))
        except (WorkspaceError, OSError) as exc:
            self.show_message(str(exc), True)
            return
        self._finish(self.tr("Berkas kunci disimpan: %1. Sidik jari: %2")
                     .replace("%1", str(path)).replace("%2", key.short_fingerprint))

    def import_key(self, path: str | None = None) -> bool:
        path = path or self.ask_path(self.tr("Pilih berkas kunci kecamatan"), False, "")
        if not path:
            return False
        try:
            key = kec.read_key_file(Path(path))
            kec.check_key_for_village(self.ws, key)
        except WorkspaceError as exc:
            self._fail(str(exc))
            return False
        ok = self.confirm(self.tr("Cocokkan sidik jari"),
                          self.tr("Kunci kecamatan %1 (%2).\n\nSidik jari:\n%3\n\nApakah sidik "
                                  "jari ini sama dengan yang dibacakan petugas kecamatan?")
                          .replace("%1", key.region_code)
                          .replace("%2", kec.village_name(key.region_code))
                          .replace("%3", key.short_fingerprint))
        if not ok:
            self.show_message(self.tr("Kunci tidak diimpor."), True)
            return False
        kec.import_key(self.ws, self.actor, key)
        self._finish(self.tr("Kunci kecamatan %1 diimpor. Sidik jari: %2")
                     .replace("%1", key.region_code).replace("%2", key.short_fingerprint))
        return True

    def export_bundle(self, path: str | None = None) -> None:
        if self.busy:
            return
        path = path or self.ask_path(self.tr("Simpan bundel ke flashdisk"), True,
                                     f"laporan-{self.ws.region_code}.lapor")
        if not path:
            return

        def done(res: bundles.ExportResult) -> None:
            self._finish(self.tr("Bundel disimpan: %1 laporan, %2 lampiran di %3.")
                         .replace("%1", str(res.reports)).replace("%2", str(res.attachments))
                         .replace("%3", str(res.path)))
        self._run(lambda p: bundles.export_bundle(self.ws, self.actor, Path(path), progress=p),
                  done)

    def import_file(self, path: str | None = None) -> None:
        """A bundle at a kecamatan; an acknowledgement at a village (detected by content)."""
        if self.busy:
            return
        path = path or self.ask_path(
            self.tr("Pilih bundel desa") if self.is_kecamatan
            else self.tr("Pilih tanda terima kecamatan"), False, "")
        if not path:
            return
        if not self.is_kecamatan or bundles.detect(Path(path)) == "ack":
            self._run(lambda _p: bundles.import_ack(self.ws, self.actor, Path(path)),
                      self._ack_imported)
            return
        self._run(lambda p: bundles.verify_bundle(self.ws, self.actor, Path(path), progress=p),
                  lambda info: self._verified(path, info))

    def _verified(self, path: str, info: bundles.BundleInfo) -> None:
        if not info.device.known and not self._trust_dialog(info.device):
            self._fail(self.tr("Bundel tidak diimpor: perangkat tidak dipercaya."))
            return
        # The import reads the file again: trust only the device key the operator has just
        # seen (or none, if no key was shown), not whatever is there now.
        confirmed = None if info.device.known else info.device

        def same_device(device: bundles.DeviceInfo) -> bool:
            return confirmed is not None and (device.device_id, device.public_key) == (
                confirmed.device_id, confirmed.public_key)
        self._run(lambda p: bundles.import_bundle(self.ws, self.actor, Path(path), progress=p,
                                                  confirm_new_device=same_device),
                  self._bundle_imported)

    def _trust_dialog(self, device: bundles.DeviceInfo) -> bool:
        title = (self.tr("Kunci perangkat desa berubah") if device.key_changed
                 else self.tr("Perangkat desa baru"))
        return self.confirm(title, trust_text(device))

    def _bundle_imported(self, res: bundles.ImportResult) -> None:
        text = self.tr("Diimpor %1 laporan baru (%2 lampiran); %3 sudah ada sebelumnya. "
                       "Laporan masuk antrean kirim.").replace("%1", str(res.imported)) \
            .replace("%2", str(res.attachments)).replace("%3", str(res.already_present))
        if not res.device.known:
            text += " " + self.tr("Perangkat dicatat sebagai tepercaya (sidik jari %1).").replace(
                "%1", res.device.short_fingerprint)
        self.reports_changed.emit()
        self._finish(text)

    def _ack_imported(self, res: bundles.AckImportResult) -> None:
        self.reports_changed.emit()
        self._finish(self.tr("Tanda terima: %1 laporan diterima kecamatan, %2 kini terkirim.")
                     .replace("%1", str(res.acknowledged)).replace("%2", str(res.delivered)))

    def write_ack(self, path: str | None = None, village: str | None = None) -> None:
        village = village or (self.village_combo.currentData() if self.is_kecamatan else None)
        if not village:
            self.show_message(self.tr("Pilih desa."), True)
            return
        path = path or self.ask_path(self.tr("Simpan tanda terima"), True,
                                     f"tanda-terima-{village}.json")
        if not path:
            return
        self._run(lambda _p: bundles.write_ack(self.ws, self.actor, Path(path), village),
                  lambda res: self._finish(
                      self.tr("Tanda terima untuk %1 disimpan: %2 laporan, %3 dengan nomor "
                              "pelacakan.").replace("%1", res.village_region)
                      .replace("%2", str(res.reports)).replace("%3", str(res.with_tracking))))

    def export_csv(self, path: str | None = None) -> None:
        path = path or self.ask_path(self.tr("Ekspor rekap CSV"), True,
                                     f"rekap-{self.ws.region_code}.csv")
        if not path:
            return
        try:
            n = kec.export_csv(self.ws, self.actor, Path(path))
        except (WorkspaceError, OSError) as exc:
            self._fail(str(exc))
            return
        self._finish(self.tr("%1 laporan diekspor ke %2 (tanpa identitas pelapor).")
                     .replace("%1", str(n)).replace("%2", str(path)))

    # ------------------------------------------------------------------ jobs
    def _run(self, fn, on_done) -> None:
        thread = QThread(self)
        job = _Job(fn)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        # Bound slots of this page: queued into the GUI thread.
        job.progress.connect(self._progress)
        job.done.connect(self._job_done)
        job.failed.connect(self._job_failed)
        self._thread, self._job, self._on_done = thread, job, on_done
        self._set_enabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.show_message(self.tr("Sedang bekerja…"))
        thread.start()

    @Slot(str, int, int)
    def _progress(self, stage: str, n: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(n, total))

    def _stop_thread(self, refresh: bool = True) -> None:
        thread = self._thread
        self._thread, self._job = None, None
        if thread is not None:
            thread.quit()
            thread.wait(10_000)
            thread.deleteLater()
        self.progress.hide()
        self._set_enabled(True, refresh)

    @Slot(object)
    def _job_done(self, result) -> None:
        on_done = self._on_done
        self._stop_thread(refresh=False)  # on_done refreshes (once) when it finishes
        self.last_result = result
        on_done(result)

    @Slot(str)
    def _job_failed(self, message: str) -> None:
        self._stop_thread()
        self._fail(message)

    def _fail(self, message: str) -> None:
        self.show_message(message, True)
        self.job_failed.emit(message)

    def _finish(self, message: str) -> None:
        self.refresh()
        self.show_message(message)
        self.job_finished.emit(message)

    def _set_enabled(self, on: bool, refresh: bool = True) -> None:
        for name in ("export_button", "import_button", "ack_button", "key_button",
                     "csv_button"):
            w = getattr(self, name, None)
            if w is not None:
                w.setEnabled(on)
        if on and refresh:
            self.refresh()

    def shutdown(self) -> None:
        """Wait for a running job (the main window calls this when closing)."""
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(30_000)
