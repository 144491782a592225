"""The "Sinkronisasi" page: send now, progress, queue counts, last sync, enrolment form.

Triggers: the "Kirim sekarang" button (tries at once), a periodic automatic attempt while
reports wait (paced by the backoff schedule kept in the outbox), and an immediate attempt
when connectivity returns (QNetworkInformation where a backend loads; otherwise a periodic
preflight while the last run found central unreachable). One sync at a time.

Enrolment talks to the server (preflight, then the code exchange: up to ~10 s on a bad
line), so it runs on its own worker thread too; the button is disabled and says
"Mendaftarkan…" meanwhile, and ``enroll_finished(bool, str)`` reports the outcome.

Signals for the main window: ``queue_changed(int)`` (reports waiting) and
``sync_finished(object)`` (the SyncSummary).
"""

from __future__ import annotations

import logging
import os
from datetime import datetime

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton,
    QVBoxLayout, QWidget,
)

from lapor_desktop.sync.engine import (
    META_LAST_ERROR, META_LAST_OK, SyncSummary, queue_counts,
)
from lapor_desktop.ui.sync_worker import (
    MODE_AUTO, MODE_MANUAL, MODE_PROBE, EngineFactory, SyncController,
)
from lapor_desktop.workspace import Actor, Workspace

log = logging.getLogger(__name__)

AUTO_INTERVAL_MS = 60_000
PROBE_INTERVAL_MS = 30_000


class EnrollWorker(QObject):
    """Runs ``enroll_device`` off the GUI thread; answers ``done(outcome, detail)`` with
    outcome one of ok, captive, transient, refused, failed, error (the page words it)."""

    done = Signal(str, str)

    def __init__(self, workspace: Workspace, actor: Actor):
        super().__init__()
        self.workspace = workspace
        self.actor = actor

    @Slot(str, str)
    def run(self, url: str, code: str) -> None:
        try:
            from lapor_desktop.sync.gateway import (
                CaptivePortal, EnrollmentRefused, GatewayError, TransientError,
            )
            from lapor_desktop.sync.service import enroll_device

            try:
                enroll_device(self.workspace, self.actor, url, code)
            except CaptivePortal:
                self.done.emit("captive", "")
            except TransientError:
                self.done.emit("transient", "")
            except EnrollmentRefused as exc:
                self.done.emit("refused", str(exc))
            except GatewayError as exc:
                self.done.emit("failed", str(exc))
            else:
                self.done.emit("ok", "")
        except Exception as exc:  # never let an exception escape into Qt's event loop
            log.exception("enrolment failed")
            self.done.emit("error", type(exc).__name__)


def _local_time(iso: str | None) -> str | None:
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d-%m-%Y %H:%M")
    except ValueError:
        return None


class SyncPage(QWidget):
    queue_changed = Signal(int)
    sync_finished = Signal(object)
    enroll_finished = Signal(bool, str)   # registered?, the message shown
    _enroll_request = Signal(str, str)

    def __init__(self, workspace: Workspace, actor: Actor, parent: QWidget | None = None, *,
                 engine_factory: EngineFactory | None = None,
                 auto_interval_ms: int = AUTO_INTERVAL_MS,
                 probe_interval_ms: int = PROBE_INTERVAL_MS):
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self._last_outcome: str | None = None
        self._enroll_thread: QThread | None = None
        self._enroll_worker: EnrollWorker | None = None
        self.enrolling = False
        self.controller = SyncController(workspace, actor, engine_factory, self)
        self.controller.progress.connect(self._on_progress)
        self.controller.finished.connect(self._on_finished)
        self.controller.failed.connect(self._on_failed)
        self._build()

        self.auto_timer = QTimer(self)
        self.auto_timer.setInterval(auto_interval_ms)
        self.auto_timer.timeout.connect(self._auto_attempt)
        self.auto_timer.start()
        self.probe_timer = QTimer(self)
        self.probe_timer.setInterval(probe_interval_ms)
        self.probe_timer.timeout.connect(self._probe)
        self._network = None if os.environ.get("LAPOR_NO_NETWORK_INFO") else \
            self._load_network_information()
        if self._network is None:
            self.probe_timer.start()
        self.refresh()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.send_button = QPushButton(self.tr("Kirim sekarang"))
        self.send_button.setObjectName("primary")
        self.send_button.clicked.connect(self.send_now)
        self.report_bar = QProgressBar()
        self.report_bar.setFormat(self.tr("Laporan %v dari %m"))
        self.bytes_bar = QProgressBar()
        self.bytes_bar.setFormat(self.tr("Lampiran %p%"))
        self.waiting_label = QLabel()
        self.sent_label = QLabel()
        self.attention_label = QLabel()
        self.last_sync_label = QLabel()
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a61b1b;")

        counts = QFormLayout()
        counts.addRow(self.tr("Menunggu dikirim:"), self.waiting_label)
        counts.addRow(self.tr("Terkirim:"), self.sent_label)
        counts.addRow(self.tr("Perlu perbaikan:"), self.attention_label)
        counts.addRow(self.tr("Sinkronisasi terakhir berhasil:"), self.last_sync_label)

        top = QHBoxLayout()
        top.addWidget(self.send_button)
        top.addStretch(1)
        # The bars show once a run has started (empty bars at rest say nothing).
        self.report_bar.setVisible(False)
        self.bytes_bar.setVisible(False)

        self.url_edit = QLineEdit(self.workspace.settings.endpoint_url)
        self.url_edit.setPlaceholderText("https://")
        self.code_edit = QLineEdit()
        self.enroll_button = QPushButton(self.tr("Daftarkan perangkat"))
        self.enroll_button.clicked.connect(self.enroll)
        self.enroll_status = QLabel()
        self.enroll_status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Alamat server"), self.url_edit)
        form.addRow(self.tr("Kode pendaftaran"), self.code_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.enroll_button)
        buttons.addStretch(1)
        form.addRow("", buttons)
        form.addRow("", self.enroll_status)
        box = QGroupBox(self.tr("Pendaftaran perangkat"))
        box.setMaximumWidth(760)
        box.setLayout(form)

        title = QLabel(self.tr("Sinkronisasi"))
        title.setObjectName("pageTitle")
        intro = QLabel(self.tr("Laporan final dikirim ke server pusat LAPOR! saat ada "
                               "jaringan. Bila gagal, laporan tetap tersimpan dan dicoba "
                               "lagi otomatis."))
        intro.setObjectName("help")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.report_bar)
        layout.addWidget(self.bytes_bar)
        layout.addLayout(counts)
        layout.addWidget(self.error_label)
        layout.addWidget(box)
        layout.addStretch(1)

    # ------------------------------------------------------------------ state
    def refresh(self) -> None:
        waiting, sent, attention = queue_counts(self.workspace)
        self.waiting_label.setText(str(waiting))
        self.sent_label.setText(str(sent))
        self.attention_label.setText(str(attention))
        last = _local_time(self.workspace.db.get_meta(META_LAST_OK))
        self.last_sync_label.setText(last or self.tr("belum pernah"))
        self.error_label.setText(self.workspace.db.get_meta(META_LAST_ERROR) or "")
        self.send_button.setEnabled(not self.controller.busy and not self.enrolling)
        self.queue_changed.emit(waiting)

    @property
    def busy(self) -> bool:
        return self.controller.busy

    # ------------------------------------------------------------------ triggers
    def send_now(self) -> bool:
        return self._start(MODE_MANUAL)

    def _start(self, mode: str) -> bool:
        if self.enrolling or not self.controller.start(mode):
            return False
        self.send_button.setEnabled(False)
        self.report_bar.setVisible(True)
        self.bytes_bar.setVisible(True)
        self.report_bar.setRange(0, 0)  # busy until the first progress arrives
        self.bytes_bar.setValue(0)
        return True

    def _auto_attempt(self) -> None:
        if self.controller.busy or queue_counts(self.workspace)[0] == 0:
            return
        self._start(MODE_AUTO)

    def _probe(self) -> None:
        if self._last_outcome in ("unreachable", "captive") and \
                queue_counts(self.workspace)[0] > 0:
            self._start(MODE_PROBE)

    def _load_network_information(self):
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if not QNetworkInformation.loadDefaultBackend():
                return None
            info = QNetworkInformation.instance()
            if info is None:
                return None
            info.reachabilityChanged.connect(self._on_reachability)
            return info
        except Exception:
            return None

    def _on_reachability(self, reachability) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability == QNetworkInformation.Reachability.Online and \
                queue_counts(self.workspace)[0] > 0:
            self._start(MODE_MANUAL)

    # ------------------------------------------------------------------ results
    def _on_progress(self, done: int, total: int, bytes_done: int, bytes_total: int) -> None:
        self.report_bar.setRange(0, max(1, total))
        self.report_bar.setValue(min(done, total))
        self.bytes_bar.setRange(0, 1000)
        self.bytes_bar.setValue(int(1000 * bytes_done / bytes_total) if bytes_total else 1000)

    def _on_finished(self, summary: SyncSummary) -> None:
        self._last_outcome = summary.outcome
        self.report_bar.setRange(0, 1)
        self.report_bar.setValue(1)
        self.refresh()
        if summary.message and summary.outcome not in ("ok", "deferred"):
            self.error_label.setText(summary.message)
        self.sync_finished.emit(summary)

    def _on_failed(self, message: str) -> None:
        self._last_outcome = "error"
        self.report_bar.setRange(0, 1)
        self.refresh()
        self.error_label.setText(message)

    # ------------------------------------------------------------------ enrolment
    def enroll(self) -> bool:
        """Start enrolling on the worker thread; False when refused before starting.
        The outcome arrives as ``enroll_finished``."""
        url, code = self.url_edit.text().strip(), self.code_edit.text().strip()
        if not url or not code:
            self.enroll_status.setText(self.tr("Isi alamat server dan kode pendaftaran."))
            return False
        if self.controller.busy:
            self.enroll_status.setText(self.tr("Tunggu pengiriman yang sedang berjalan."))
            return False
        if self.enrolling:
            return False
        if self._enroll_thread is None:
            self._enroll_thread = QThread(self)
            self._enroll_thread.setObjectName("lapor-enroll")
            self._enroll_worker = EnrollWorker(self.workspace, self.actor)
            self._enroll_worker.moveToThread(self._enroll_thread)
            self._enroll_request.connect(self._enroll_worker.run)
            self._enroll_worker.done.connect(self._on_enrolled)
            self._enroll_thread.start()
        self.enrolling = True
        self.enroll_button.setEnabled(False)
        self.send_button.setEnabled(False)
        self.url_edit.setReadOnly(True)
        self.code_edit.setReadOnly(True)
        self.enroll_button.setText(self.tr("Mendaftarkan…"))
        self.enroll_status.setText(self.tr("Menghubungi server…"))
        self._enroll_request.emit(url, code)
        return True

    def _on_enrolled(self, outcome: str, detail: str) -> None:
        self.enrolling = False
        self.enroll_button.setEnabled(True)
        self.enroll_button.setText(self.tr("Daftarkan perangkat"))
        self.url_edit.setReadOnly(False)
        self.code_edit.setReadOnly(False)
        messages = {
            "ok": self.tr("Perangkat terdaftar."),
            "captive": self.tr("Yang menjawab bukan server LAPOR (mungkin perlu login "
                               "jaringan)."),
            "transient": self.tr("Server tidak dapat dihubungi. Coba lagi nanti."),
            "refused": self.tr("Pendaftaran ditolak server: %1").replace("%1", detail),
            "failed": self.tr("Pendaftaran gagal: %1").replace("%1", detail),
        }
        msg = messages.get(outcome) or self.tr(
            "Pendaftaran gagal karena kesalahan tak terduga (%1).").replace("%1", detail)
        ok = outcome == "ok"
        if ok:
            self.code_edit.clear()
        self.enroll_status.setText(msg)
        self.refresh()
        self.enroll_finished.emit(ok, msg)

    # ------------------------------------------------------------------ closing
    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel a running sync and wait for the thread (call before the window closes)."""
        self.auto_timer.stop()
        self.probe_timer.stop()
        ok = self.controller.shutdown(timeout_ms)
        if self._enroll_thread is not None and self._enroll_thread.isRunning():
            # An enrolment cannot be cancelled half-way: let it finish, then stop the thread.
            self._enroll_thread.quit()
            ok = bool(self._enroll_thread.wait(timeout_ms)) and ok
        return ok

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self.shutdown()
        super().closeEvent(event)
