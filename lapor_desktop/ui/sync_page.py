"""The "Sinkronisasi" page: what the sync scheduler is doing, "Kirim sekarang", enrolment.

The page never decides when to sync: the app-level :class:`SyncScheduler` does (at login,
on a timer, after a finalised report, when the network returns). The page shows the state
from one source (``lapor_desktop.sync.state``, the same the CLI's ``status`` prints), the
progress of what was really sent, and the outcome of the last run in words.

Enrolment talks to the server (preflight, then the code exchange: up to ~10 s on a bad
line), so it runs on its own worker thread too; the button is disabled and says
"Mendaftarkan…" meanwhile, and ``enroll_finished(bool, str)`` reports the outcome.

Signals for the main window: ``queue_changed(int)`` (reports waiting) and
``sync_finished(object)`` (the SyncSummary).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lapor_desktop.sync import state as st
from lapor_desktop.sync.engine import SyncSummary
from lapor_desktop.ui import formatting, theme
from lapor_desktop.ui.sync_scheduler import SyncScheduler
from lapor_desktop.ui.sync_worker import EngineFactory
from lapor_desktop.workspace import Actor, Workspace

log = logging.getLogger(__name__)


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
                CaptivePortal,
                EnrollmentRefused,
                GatewayError,
                TransientError,
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


def state_text(state: str) -> tuple[str, bool]:
    """(a sentence for the operator, good news?) for a sync state."""
    from PySide6.QtCore import QCoreApplication

    translate = QCoreApplication.translate
    texts = {
        st.NOT_CONFIGURED: (translate("SyncState", "Alamat server belum diisi. Isi alamat "
                                                   "server dan kode pendaftaran di bawah."),
                            False),
        st.NOT_ENROLLED: (translate("SyncState", "Perangkat belum didaftarkan ke server pusat. "
                                         "Masukkan kode pendaftaran dari admin kabupaten di "
                                         "bawah."), False),
        st.NO_NETWORK: (translate("SyncState", "Tidak ada jaringan. Laporan tetap tersimpan dan "
                                       "dikirim otomatis saat jaringan tersedia."), False),
        st.UNREACHABLE: (translate("SyncState", "Server pusat tidak dapat dihubungi. Laporan tetap "
                                        "dalam antrean dan dicoba lagi otomatis."), False),
        st.CAPTIVE: (translate("SyncState", "Jaringan meminta login (Wi-Fi/captive portal). Buka "
                                    "peramban, login ke jaringan, lalu tekan Kirim sekarang."),
                     False),
        st.REFUSED: (translate("SyncState", "Server pusat menolak pengiriman. Lihat pesan "
                                            "di bawah."),
                     False),
        st.PARTIAL: (translate("SyncState", "Sebagian laporan sudah terkirim; sisanya masih dalam "
                                    "antrean."), False),
        st.ALL_SENT: (translate("SyncState", "Semua laporan sudah terkirim."), True),
        st.CANCELLED: (translate("SyncState", "Pengiriman terakhir dihentikan. Laporan yang belum "
                                      "terkirim tetap dalam antrean."), False),
        st.IDLE: (translate("SyncState", "Belum ada pengiriman. Laporan final dikirim "
                                         "otomatis."), True),
    }
    return texts.get(state, (state, False))


class SyncPage(QWidget):
    queue_changed = Signal(int)
    sync_finished = Signal(object)
    enroll_finished = Signal(bool, str)   # registered?, the message shown
    _enroll_request = Signal(str, str)

    def __init__(self, workspace: Workspace, actor: Actor, parent: QWidget | None = None, *,
                 scheduler: SyncScheduler | None = None,
                 engine_factory: EngineFactory | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self._enroll_thread: QThread | None = None
        self._enroll_worker: EnrollWorker | None = None
        self.enrolling = False
        self._own_scheduler = scheduler is None
        if scheduler is None:  # a page on its own (tests, tools): manual runs only
            scheduler = SyncScheduler(workspace, actor, self, engine_factory=engine_factory,
                                      watch_network=False)
        self.scheduler = scheduler
        self.controller = scheduler.controller
        scheduler.started.connect(self._on_started)
        scheduler.progress.connect(self._on_progress)
        scheduler.finished.connect(self._on_finished)
        scheduler.failed.connect(self._on_failed)
        scheduler.state_changed.connect(self.refresh)
        self._build()
        self.refresh()
        if scheduler.busy:
            self._on_started("")

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.send_button = QPushButton(self.tr("Kirim sekarang"))
        self.send_button.setObjectName("primary")
        self.send_button.clicked.connect(self.send_now)
        self.report_bar = QProgressBar()
        self.report_bar.setFormat(self.tr("Terkirim %v dari %m laporan"))
        self.bytes_bar = QProgressBar()
        self.bytes_bar.setFormat(self.tr("Lampiran terkirim %p%"))
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.hide()
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setObjectName("fieldError")

        top = QHBoxLayout()
        top.addWidget(self.send_button)
        top.addStretch(1)
        # The bars show while a run goes (empty bars at rest say nothing).
        self.report_bar.setVisible(False)
        self.bytes_bar.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        title = QLabel(self.tr("Sinkronisasi"))
        title.setObjectName("pageTitle")
        intro = QLabel(self.tr("Laporan final dikirim otomatis ke server pusat LAPOR! saat ada "
                               "jaringan. Bila gagal, laporan tetap tersimpan dan dicoba "
                               "lagi otomatis."))
        intro.setObjectName("help")
        intro.setWordWrap(True)
        for w in (title, intro, self.state_label):
            layout.addWidget(w)
        layout.addLayout(top)
        for w in (self.report_bar, self.bytes_bar, self.result_label):
            layout.addWidget(w)
        layout.addLayout(self._counts())
        layout.addWidget(self.error_label)
        layout.addWidget(self._enrol_box())
        layout.addStretch(1)

    def _counts(self) -> QFormLayout:
        self.waiting_label = QLabel()
        self.sent_label = QLabel()
        self.attention_label = QLabel()
        self.last_sync_label = QLabel()
        self.last_attempt_label = QLabel()
        counts = QFormLayout()
        counts.addRow(self.tr("Menunggu dikirim:"), self.waiting_label)
        counts.addRow(self.tr("Terkirim:"), self.sent_label)
        counts.addRow(self.tr("Perlu perbaikan:"), self.attention_label)
        counts.addRow(self.tr("Terakhir berhasil:"), self.last_sync_label)
        counts.addRow(self.tr("Terakhir dicoba:"), self.last_attempt_label)
        return counts

    def _enrol_box(self) -> QGroupBox:
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
        return box

    # ------------------------------------------------------------------ state
    def refresh(self, state: st.SyncState | None = None) -> None:
        """Show ``state`` (as the scheduler just announced it), else read it now."""
        state = state if state is not None else self.scheduler.state()
        waiting = state.pending_reports
        self.waiting_label.setText(formatting.number(waiting))
        self.sent_label.setText(formatting.number(state.sent_reports))
        self.attention_label.setText(formatting.number(state.attention_reports))
        tz = formatting.office_zone(self.workspace)
        self.last_sync_label.setText(formatting.time_text(
            state.last_success_at, tz, empty=self.tr("belum pernah")))
        self.last_attempt_label.setText(formatting.time_text(
            state.last_attempt_at, tz, empty=self.tr("belum pernah")))
        text, good = state_text(state.state)
        self.state_label.setText(text)
        self.state_label.setObjectName("banner" if good else "bannerError")
        theme.repolish(self.state_label)
        self.error_label.setText(state.last_error or "")
        self.error_label.setVisible(bool(state.last_error))
        ready = state.state not in (st.NOT_CONFIGURED, st.NOT_ENROLLED)
        self.send_button.setEnabled(ready and not self.scheduler.busy and not self.enrolling)
        self.queue_changed.emit(waiting)

    @property
    def busy(self) -> bool:
        return self.scheduler.busy

    # ------------------------------------------------------------------ triggers
    def send_now(self) -> bool:
        if self.enrolling:
            return False
        return self.scheduler.send_now()

    def _on_started(self, _mode: str) -> None:
        self.send_button.setEnabled(False)
        self.result_label.hide()
        self.report_bar.setVisible(True)
        self.report_bar.setRange(0, 0)  # busy until the first progress arrives
        self.bytes_bar.setVisible(False)

    # ------------------------------------------------------------------ results
    def _on_progress(self, done: int, total: int, bytes_done: int, bytes_total: int) -> None:
        if total:
            self.report_bar.setRange(0, total)
            self.report_bar.setValue(min(done, total))
        if bytes_total:
            self.bytes_bar.setVisible(True)
            self.bytes_bar.setRange(0, 1000)
            self.bytes_bar.setValue(int(1000 * min(bytes_done, bytes_total) / bytes_total))

    def _on_finished(self, summary: SyncSummary) -> None:
        # The numbers follow with the scheduler's state_changed (read on the worker thread).
        self.report_bar.setVisible(False)
        self.bytes_bar.setVisible(False)
        self._show_result(summary)
        self.sync_finished.emit(summary)

    def _show_result(self, summary: SyncSummary) -> None:
        if summary.outcome in ("busy", "deferred"):
            return
        ok = summary.outcome == "ok"
        if ok and summary.sent:
            text = self.tr("Berhasil: %n laporan terkirim.", "", summary.sent)
        elif ok:
            text = self.tr("Berhasil tersambung ke server pusat; tidak ada laporan baru "
                           "untuk dikirim.")
        elif summary.sent:
            text = self.tr("%n laporan terkirim sebelum pengiriman berhenti.", "",
                           summary.sent)
        else:
            text = self.tr("Tidak ada laporan yang terkirim.")
        if summary.need_attention:
            text += " " + self.tr("%n laporan ditolak server dan perlu perbaikan.", "",
                                  summary.need_attention)
        self.result_label.setText(text)
        self.result_label.setObjectName("banner" if ok and not summary.need_attention
                                        else "bannerError")
        theme.repolish(self.result_label)
        self.result_label.show()

    def _on_failed(self, message: str) -> None:
        self.report_bar.setVisible(False)
        self.bytes_bar.setVisible(False)
        self.refresh()
        self.error_label.setText(message)
        self.error_label.show()
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
        if ok and self.scheduler.active:
            self.scheduler.send_now()  # registered: send what waits straight away
        self.enroll_finished.emit(ok, msg)

    # ------------------------------------------------------------------ closing
    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel a running sync and wait for the thread (call before the window closes)."""
        # The app's scheduler belongs to the main window, which stops it at logout/quit.
        ok = self.scheduler.stop(timeout_ms) if self._own_scheduler else True
        if self._enroll_thread is not None and self._enroll_thread.isRunning():
            # An enrolment cannot be cancelled half-way: let it finish, then stop the thread.
            self._enroll_thread.quit()
            ok = bool(self._enroll_thread.wait(timeout_ms)) and ok
        return ok

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
