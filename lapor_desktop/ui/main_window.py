"""The main window: navigation on the left, one page at a time, a status bar.

Sync and bundle pages come from their own modules when those exist; until then a
placeholder says what will appear there. Changing the language rebuilds the pages
(drafts are flushed first, so nothing typed is lost).
"""

from __future__ import annotations

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from lapor_desktop import intake
from lapor_desktop.sync import state as sync_state
from lapor_desktop.ui import formatting
from lapor_desktop.ui.i18n import label
from lapor_desktop.ui.sync_scheduler import SyncScheduler
from lapor_desktop.ui.widgets import office_text, page_layout
from lapor_protocol.domain import ROLE_LABELS

PAGE_INTAKE, PAGE_LIST, PAGE_SYNC, PAGE_BUNDLE, PAGE_SETTINGS, PAGE_DETAIL = range(6)


def _placeholder(title: str, text: str) -> QWidget:
    w = QWidget()
    lay = page_layout(w, title)
    body = QLabel(text)
    body.setWordWrap(True)
    body.setObjectName("help")
    lay.addWidget(body)
    lay.addStretch(1)
    return w


class MainWindow(QMainWindow):
    language_requested = Signal(str)
    logout_requested = Signal()

    def __init__(self, ws, actor, parent=None, *, ask_print: bool = True,
                 scheduler: SyncScheduler | None = None, start_sync: bool = True):
        super().__init__(parent)
        self.ws = ws
        self.actor = actor
        self.ask_print = ask_print
        self.logged_out = False
        self.resize(1280, 720)
        self.setMinimumSize(960, 600)
        # Sync belongs to the logged-in session, not to a page: it starts here (login) and
        # stops at logout or quit.
        self.scheduler = scheduler or SyncScheduler(ws, actor, self)
        self.scheduler.state_changed.connect(self.update_status)
        self.scheduler.started.connect(self._sync_started)
        self.scheduler.finished.connect(self._sync_finished)
        self._build()
        if start_sync:
            self.scheduler.start()
        QShortcut(QKeySequence("Ctrl+1"), self, activated=lambda: self.go(PAGE_INTAKE))
        QShortcut(QKeySequence("Ctrl+2"), self, activated=lambda: self.go(PAGE_LIST))
        QShortcut(QKeySequence("Ctrl+3"), self, activated=lambda: self.go(PAGE_SYNC))
        QShortcut(QKeySequence("Ctrl+4"), self, activated=lambda: self.go(PAGE_BUNDLE))
        QShortcut(QKeySequence("Ctrl+5"), self, activated=lambda: self.go(PAGE_SETTINGS))

    # ------------------------------------------------------------------ building
    def _build(self, draft_id: str | None = None, *, restore_newest: bool = True) -> None:
        """Create the pages. The intake form opens ``draft_id``, else (at start-up) the newest
        open draft."""
        from lapor_desktop.ui.intake_form import IntakeForm
        from lapor_desktop.ui.report_detail import ReportDetailPage
        from lapor_desktop.ui.report_list import ReportListPage
        from lapor_desktop.ui.settings_page import SettingsPage

        self.setWindowTitle(self.tr("LAPOR Desktop — %1").replace("%1", office_text(self.ws)))
        self._build_menus()
        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(180)
        names = [self.tr("Laporan Baru"), self.tr("Daftar Laporan"), self.tr("Sinkronisasi"),
                 self.tr("Kecamatan") if self.ws.is_kecamatan else self.tr("Paket USB"),
                 self.tr("Pengaturan")]
        for n, name in enumerate(names, 1):
            self.nav.addItem(f"{name}")
            self.nav.item(n - 1).setToolTip(f"Ctrl+{n}")
        self.stack = QStackedWidget()
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self._waiting_banner())
        right.addWidget(self.stack, 1)
        lay.addWidget(self.nav)
        lay.addLayout(right, 1)
        self.setCentralWidget(central)

        self.intake = IntakeForm(self.ws, self.actor, ask_print=self.ask_print)
        self.list_page = ReportListPage(self.ws, self.actor)
        self._lazy = {
            PAGE_SYNC: ("lapor_desktop.ui.sync_page", "SyncPage", self.tr("Sinkronisasi"),
                        self.tr("Pengiriman ke server pusat akan tampil di sini. Laporan tetap "
                                "tersimpan dan antre sampai terkirim.")),
            PAGE_BUNDLE: ("lapor_desktop.ui.bundle_page", "BundlePage", names[PAGE_BUNDLE],
                          self.tr("Pertukaran paket laporan lewat flashdisk (USB) akan tampil "
                                  "di sini.")),
        }
        self.sync_page = self.bundle_page = None
        holders = []
        for _row in (PAGE_SYNC, PAGE_BUNDLE):
            holder = QWidget()
            hl = QVBoxLayout(holder)
            hl.setContentsMargins(0, 0, 0, 0)
            holders.append(holder)
        self._sync_holder, self._bundle_holder = holders
        self.settings_page = SettingsPage(self.ws, self.actor)
        self.detail = ReportDetailPage(self.ws, self.actor)
        for page in (self.intake, self.list_page, self._sync_holder, self._bundle_holder,
                     self.settings_page, self.detail):
            self.stack.addWidget(page)

        self.nav.currentRowChanged.connect(self._nav_changed)
        self.intake.finalised.connect(self._report_finalised)
        self.list_page.open_report.connect(self.open_report)
        self.detail.back.connect(lambda: self.go(PAGE_LIST))
        self.detail.edit_draft.connect(self.edit_draft)
        self.detail.correction_started.connect(self.edit_draft)
        self.settings_page.language_changed.connect(self.language_requested.emit)

        self._build_status_bar()
        # A kecamatan installation opens on its own page, a village on the intake form.
        self.nav.setCurrentRow(PAGE_BUNDLE if self.ws.is_kecamatan and restore_newest
                               else PAGE_INTAKE)
        if draft_id is None and restore_newest:
            # A draft left by a crash or a closed window: carry on where it stopped.
            drafts = intake.list_drafts(self.ws)
            draft_id = drafts[0][0] if drafts else None
        if draft_id is not None:
            self.intake.load_draft(draft_id)

    def _build_menus(self) -> None:
        """The menu bar and its shortcuts, in one place (rebuilt with the pages)."""
        bar = self.menuBar()
        bar.clear()
        session = bar.addMenu(self.tr("&Berkas"))
        self.logout_action = QAction(self.tr("Keluar / ganti operator"), self)
        self.logout_action.setShortcut(QKeySequence("Ctrl+L"))
        self.logout_action.triggered.connect(self.logout)
        self.quit_action = QAction(self.tr("Tutup aplikasi"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        session.addAction(self.logout_action)
        session.addSeparator()
        session.addAction(self.quit_action)
        self._build_account_menu()
        help_menu = bar.addMenu(self.tr("Ba&ntuan"))
        self.help_action = QAction(self.tr("Panduan singkat"), self)
        self.help_action.setShortcut(QKeySequence("F1"))
        self.help_action.triggered.connect(self.show_help)
        help_menu.addAction(self.help_action)

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.queue_label = QLabel()
        self.sync_label = QLabel()
        self.operator_label = QLabel()
        sb.addWidget(self.queue_label)
        sb.addWidget(self.sync_label)
        sb.addPermanentWidget(self.operator_label)
        self.operator_label.setText(self.tr("Operator: %1 (%2)").replace(
            "%1", self.actor.display_name).replace("%2", label(ROLE_LABELS, self.actor.role)))
        from lapor_desktop.ui.device_box import reminder_text  # weekly backup reminder

        self.backup_label = QLabel(reminder_text(self.ws) or "")
        sb.addWidget(self.backup_label)
        self.update_status()

    def _waiting_banner(self) -> QWidget:
        """Shown when reports have waited too long: says what to do about it."""
        self.waiting_banner = QWidget()
        self.waiting_banner.setObjectName("warnBar")
        row = QHBoxLayout(self.waiting_banner)
        row.setContentsMargins(16, 6, 16, 6)
        self.waiting_text = QLabel()
        self.waiting_text.setWordWrap(True)
        self.waiting_text.setObjectName("bannerError")
        send = QPushButton(self.tr("Kirim sekarang"))
        send.clicked.connect(self._send_from_banner)
        usb = QPushButton(self.tr("Paket USB"))
        usb.clicked.connect(lambda: self.go(PAGE_BUNDLE))
        row.addWidget(self.waiting_text, 1)
        row.addWidget(send)
        row.addWidget(usb)
        self.waiting_banner.hide()
        return self.waiting_banner

    def _build_account_menu(self) -> None:
        """Akun: change password; Jejak audit for the roles that read it."""
        from lapor_desktop.audit import ROLES_READ_AUDIT

        menu = self.menuBar().addMenu(self.tr("Akun"))
        menu.addAction(self.tr("Ganti kata sandi…"), self.change_password)
        if self.actor.role in ROLES_READ_AUDIT:
            menu.addAction(self.tr("Jejak audit…"), self.show_audit)

    def change_password(self) -> None:
        from lapor_desktop.ui.trust_dialogs import ChangePasswordDialog

        ChangePasswordDialog(self.ws, self.actor, self).exec()

    def show_audit(self) -> None:
        from lapor_desktop.ui.audit_page import AuditPage

        AuditPage(self.ws, self.actor, self).exec()

    def _optional_page(self, module: str, cls: str, title: str, text: str) -> QWidget:
        try:
            mod = __import__(module, fromlist=[cls])
            if cls == "SyncPage":
                return getattr(mod, cls)(self.ws, self.actor, self, scheduler=self.scheduler)
            return getattr(mod, cls)(self.ws, self.actor, self)
        except ImportError:
            return _placeholder(title, text)

    def _ensure_page(self, row: int) -> None:
        """Sync and bundle pages are built on first visit: their imports cost start-up time."""
        holder = self.stack.widget(row)
        if row not in (PAGE_SYNC, PAGE_BUNDLE) or holder.property("built"):
            return
        module, cls, title, text = self._lazy[row]
        page = self._optional_page(module, cls, title, text)
        holder.layout().addWidget(page)
        holder.setProperty("built", True)
        if row == PAGE_SYNC:
            self.sync_page = page
        else:
            self.bundle_page = page
            if hasattr(page, "reports_changed"):
                # Reports imported from village bundles join the queue: send them soon.
                page.reports_changed.connect(self._report_finalised)

    def rebuild(self) -> None:
        """Recreate the pages (after a language change), keeping the current page."""
        current = self.stack.currentIndex()
        self.intake.flush()
        # The form keeps the draft it had (not the newest one), or stays empty.
        draft_id = self.intake.report_id
        self.shutdown_pages()
        old = self.centralWidget()
        self.statusBar().deleteLater()
        self.setStatusBar(None)
        self._build(draft_id, restore_newest=False)
        old.deleteLater()
        self.go(min(current, PAGE_SETTINGS))

    # ------------------------------------------------------------------ navigation
    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        self._ensure_page(row)
        self.stack.setCurrentIndex(row)
        if row == PAGE_LIST:
            self.list_page.refresh()
            self.list_page.search.setFocus()
        elif row == PAGE_INTAKE:
            self.intake.name.setFocus()

    def go(self, page: int) -> None:
        if page == PAGE_DETAIL:
            self.stack.setCurrentIndex(PAGE_DETAIL)
            return
        if self.nav.currentRow() == page:
            self._nav_changed(page)
        else:
            self.nav.setCurrentRow(page)

    def open_report(self, report_id: str) -> None:
        self.detail.show_report(report_id)
        self.stack.setCurrentIndex(PAGE_DETAIL)
        self.detail.setFocus()

    def edit_draft(self, report_id: str) -> None:
        self.intake.flush()
        self.intake.load_draft(report_id)
        self.go(PAGE_INTAKE)

    # ------------------------------------------------------------------ status
    def report_changed(self) -> None:
        self.update_status()
        if self.stack.currentIndex() == PAGE_LIST:
            self.list_page.refresh()

    def _report_finalised(self, _report_id=None) -> None:
        self.scheduler.report_finalised()
        self.report_changed()

    def update_status(self, state=None) -> None:
        """The status bar and the waiting warning (``state``: as the scheduler announced
        it, else read now)."""
        st = state if state is not None else self.scheduler.state()
        self.queue_label.setText(self.tr("Menunggu dikirim: %1 laporan").replace(
            "%1", formatting.number(st.pending_reports)))
        if self.scheduler.busy:
            self.sync_label.setText(self.tr("Sedang mengirim…"))
        else:
            when = formatting.time_text(st.last_success_at, formatting.office_zone(self.ws),
                                        empty=self.tr("belum pernah"))
            self.sync_label.setText(self.tr("Terakhir berhasil: %1").replace("%1", when))
        days = sync_state.warn_days(self.ws)
        late = st.waiting_too_long(days)
        if late:
            self.waiting_text.setText(self.tr(
                "%1 laporan menunggu dikirim lebih dari %2 hari. Sambungkan komputer ke "
                "internet lalu tekan Kirim sekarang, atau bawa Paket USB ke kecamatan.")
                .replace("%1", formatting.number(st.pending_reports))
                .replace("%2", formatting.number(days)))
        self.waiting_banner.setVisible(late)

    def _send_from_banner(self) -> None:
        self.go(PAGE_SYNC)
        self.scheduler.send_now()

    def _sync_started(self, _mode: str) -> None:
        self.sync_label.setText(self.tr("Sedang mengirim…"))  # no database read mid-run

    def _sync_finished(self, _summary) -> None:
        # The status bar follows with state_changed; a list on screen shows new states.
        if self.stack.currentIndex() == PAGE_LIST:
            self.list_page.refresh()

    def show_help(self) -> None:
        from lapor_desktop.ui.help_dialog import HelpDialog

        HelpDialog(self).exec()

    def logout(self) -> None:
        """End this operator's session (sync stops too); the app shows the login again."""
        self.logged_out = True
        self.logout_requested.emit()
        self.close()

    # ------------------------------------------------------------------ closing
    def shutdown_pages(self) -> None:
        """Stop any worker thread a page owns (sync, bundles) and wait for it."""
        for page in (getattr(self, "sync_page", None), getattr(self, "bundle_page", None)):
            for name in ("shutdown", "stop", "close_workers"):
                fn = getattr(page, name, None)
                if callable(fn):
                    fn()
                    break
        for thread in self.findChildren(QThread):
            if thread.parent() is self.scheduler.controller:
                continue  # the session's sync outlives a page rebuild
            if thread.isRunning():
                thread.quit()
                thread.wait(5000)

    def closeEvent(self, event) -> None:
        self.intake.flush()
        self.shutdown_pages()
        # Quitting waits for a running sync to reach a safe point (it is cancelled first).
        self.scheduler.stop()
        super().closeEvent(event)
