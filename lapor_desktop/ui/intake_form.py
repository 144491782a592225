"""The intake form: one walk-in citizen's report, from first word to printed receipt.

The draft is saved as it is typed (debounced) so a killed app loses nothing; validation
runs live and puts each message under its field. "Simpan & Cetak Tanda Terima" (Ctrl+S)
finalises, writes the receipt PDF and clears the form for the next person in the queue.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDate, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDateEdit, QFileDialog, QFrame, QGridLayout,
    QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit,
    QPushButton, QRadioButton, QScrollArea, QStyle, QVBoxLayout, QWidget,
)

from lapor_desktop import intake
from lapor_desktop.attachments import AttachmentError, human_size
from lapor_protocol.domain import (
    CHANNEL_LABELS, KIND_LABELS, PRIVACY_HELP, PRIVACY_LABELS, Channel, Kind, Privacy,
)
from lapor_desktop.ui import theme
from lapor_desktop.ui.i18n import dt
from lapor_desktop.ui.widgets import (
    FieldBox, RegionEdit, message_label, page_layout, page_title,
)
from lapor_desktop.workspace import Actor, Workspace, WorkspaceError

AUTOSAVE_MS = 700
VALIDATE_MS = 250


class IntakeForm(QWidget):
    finalised = Signal(object)      # intake.Finalised
    draft_saved = Signal(str)       # report id
    receipt_written = Signal(str)   # pdf path

    def __init__(self, ws: Workspace, actor: Actor, parent=None, *, ask_print: bool = True):
        super().__init__(parent)
        self.ws = ws
        self.actor = actor
        self.ask_print = ask_print
        self.report_id: str | None = None
        self.touched: set[str] = set()
        self.show_all = False
        self._loading = False
        self._agency_overridden = False
        self._just_finalised = False   # a repeated click/Ctrl+S must not validate the new form
        self.last_receipt: Path | None = None
        self.last_view = None
        self.setAcceptDrops(True)

        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        self._validate_timer = QTimer(self, singleShot=True, interval=VALIDATE_MS)
        self._validate_timer.timeout.connect(self.run_validation)
        self._build()
        self._connect()
        self.clear()
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.submit)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.submit)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_report)

    # ------------------------------------------------------------------ layout
    def _section(self, text: str) -> QLabel:
        lab = QLabel(text)
        lab.setObjectName("sectionTitle")
        return lab

    def _build(self) -> None:
        outer = page_layout(self)
        head = QHBoxLayout()
        head.addWidget(page_title(self.tr("Laporan Baru")))
        head.addStretch(1)
        self.draft_state = QLabel()
        self.draft_state.setObjectName("help")
        head.addWidget(self.draft_state)
        outer.addLayout(head)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.banner.setOpenExternalLinks(False)
        self.banner.linkActivated.connect(self._banner_link)
        self.banner.hide()
        outer.addWidget(self.banner)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        grid = QGridLayout(body)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(2)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        left = QVBoxLayout()
        right = QVBoxLayout()
        grid.addLayout(left, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(right, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.boxes: dict[str, FieldBox] = {}

        # Left: how it came in, who brought it, how private it is.
        left.addWidget(self._section(self.tr("Jenis laporan")))
        row = QHBoxLayout()
        self.kind = QComboBox()
        for k in Kind:
            self.kind.addItem(dt(KIND_LABELS[k]), k.value)
        self.channel = QComboBox()
        for c in Channel:
            self.channel.addItem(dt(CHANNEL_LABELS[c]), c.value)
        self.boxes["kind"] = FieldBox(self.tr("Klasifikasi"), self.kind)
        self.boxes["channel"] = FieldBox(self.tr("Saluran"), self.channel)
        row.addWidget(self.boxes["kind"])
        row.addWidget(self.boxes["channel"])
        left.addLayout(row)

        left.addWidget(self._section(self.tr("Identitas pelapor")))
        self.name = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("0812xxxxxxxx")
        self.nik = QLineEdit()
        self.nik.setPlaceholderText(self.tr("16 digit, boleh dikosongkan"))
        self.nik.setMaxLength(16)
        self.email = QLineEdit()
        self.address = QLineEdit()
        self._identity_hints = {w: w.placeholderText() for w in
                                (self.name, self.phone, self.nik, self.email, self.address)}
        self._add(left, "complainant.name", self.tr("Nama lengkap *"), self.name)
        pair = QHBoxLayout()
        self._add(pair, "complainant.phone", self.tr("Nomor HP/telepon *"), self.phone,
                  self.tr("Petugas LAPOR! akan menelepon nomor ini."))
        self._add(pair, "complainant.nik", self.tr("NIK"), self.nik)
        left.addLayout(pair)
        pair = QHBoxLayout()
        self._add(pair, "complainant.email", self.tr("Email"), self.email)
        self._add(pair, "complainant.address", self.tr("Alamat"), self.address)
        left.addLayout(pair)

        left.addWidget(self._section(self.tr("Kerahasiaan *")))
        self.privacy_group = QButtonGroup(self)
        self.privacy_buttons: dict[str, QRadioButton] = {}
        priv = QWidget()
        pl = QVBoxLayout(priv)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.setSpacing(0)
        for p in Privacy:
            rb = QRadioButton(dt(PRIVACY_LABELS[p]))
            self.privacy_group.addButton(rb)
            self.privacy_buttons[p.value] = rb
            help_ = QLabel(dt(PRIVACY_HELP[p]))
            help_.setObjectName("help")
            help_.setWordWrap(True)
            help_.setContentsMargins(24, 0, 0, 4)
            pl.addWidget(rb)
            pl.addWidget(help_)
        self.boxes["privacy"] = FieldBox(self.tr("Tanyakan kepada pelapor, jangan ditebak."),
                                         priv)
        left.addWidget(self.boxes["privacy"])

        # Right: what happened, where, and who should handle it.
        right.addWidget(self._section(self.tr("Isi laporan")))
        self.title = QLineEdit()
        self.title.setMaxLength(150)
        self.title.setPlaceholderText(self.tr("Ringkas, mis. Jalan desa berlubang di Dusun I"))
        self.body = QPlainTextEdit()
        self.body.setTabChangesFocus(True)
        self.body.setPlaceholderText(self.tr("Apa yang terjadi, sejak kapan, siapa yang "
                                             "terdampak, apa yang diharapkan."))
        self.body.setMinimumHeight(90)
        self.body.setMaximumHeight(130)
        self._add(right, "title", self.tr("Judul *"), self.title)
        self._add(right, "body", self.tr("Isi laporan * (min. 20 karakter)"), self.body)
        pair = QHBoxLayout()
        self.incident_date = QDateEdit(calendarPopup=True)
        self.incident_date.setDisplayFormat("dd-MM-yyyy")
        self._add(pair, "incident_date", self.tr("Tanggal kejadian *"), self.incident_date)
        self.region = RegionEdit(level=4)
        self.region.setPlaceholderText(self.tr("Ketik nama desa"))
        self._add(pair, "region_code", self.tr("Desa/kelurahan lokasi *"), self.region)
        pair.setStretch(0, 1)
        pair.setStretch(1, 3)
        right.addLayout(pair)
        self.location = QLineEdit()
        self.location.setPlaceholderText(self.tr("Dusun, RT/RW, jalan, patokan"))
        self._add(right, "location_detail", self.tr("Detail lokasi"), self.location)
        self.category = QComboBox()
        self.category.addItem(self.tr("— Pilih kategori —"), "")
        cat = self.ws.catalog()
        for code, name in cat.categories.items():
            self.category.addItem(name, code)
        self.agency = QComboBox()
        self.agency.addItem(self.tr("— Otomatis sesuai kategori —"), "")
        for code, name in cat.agencies.items():
            self.agency.addItem(name, code)
        self.agency.setMinimumContentsLength(20)
        self.agency.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.category.setMinimumContentsLength(20)
        self.category.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._add(right, "category", self.tr("Kategori *"), self.category)
        self._add(right, "agency", self.tr("Instansi tujuan"), self.agency,
                  self.tr("Disarankan sesuai kategori; boleh diganti."))

        right.addWidget(self._section(self.tr("Lampiran")))
        att_row = QHBoxLayout()
        self.add_file = QPushButton(self.tr("Tambah berkas…"))
        self.remove_file = QPushButton(self.tr("Hapus lampiran"))
        att_row.addWidget(self.add_file)
        att_row.addWidget(self.remove_file)
        hint = QLabel(self.tr("atau seret foto/dokumen ke sini"))
        hint.setObjectName("help")
        att_row.addWidget(hint, 1)
        right.addLayout(att_row)
        self.attachments = QListWidget()
        self.attachments.setViewMode(QListWidget.ViewMode.IconMode)
        self.attachments.setIconSize(QSize(64, 64))
        self.attachments.setGridSize(QSize(120, 100))
        self.attachments.setFixedHeight(112)
        self.attachments.setWordWrap(True)
        self.attachments.setMovement(QListWidget.Movement.Static)
        self.attachments.itemActivated.connect(self._open_attachment)
        right.addWidget(self.attachments)
        self.attachment_error = message_label("fieldError")
        right.addWidget(self.attachment_error)
        left.addStretch(1)
        right.addStretch(1)

        # Buttons
        bar = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("fieldError")
        self.summary.setWordWrap(True)
        bar.addWidget(self.summary, 1)
        self.new_button = QPushButton(self.tr("Laporan baru (Ctrl+N)"))
        self.discard_button = QPushButton(self.tr("Hapus draf"))
        self.save_button = QPushButton(self.tr("Simpan && Cetak Tanda Terima (Ctrl+S)"))
        self.save_button.setObjectName("primary")
        bar.addWidget(self.discard_button)
        bar.addWidget(self.new_button)
        bar.addWidget(self.save_button)
        outer.addLayout(bar)

        order = [self.kind, self.channel, self.name, self.phone, self.nik, self.email,
                 self.address, *self.privacy_buttons.values(), self.title, self.body,
                 self.incident_date, self.region, self.location, self.category, self.agency,
                 self.add_file, self.remove_file, self.attachments, self.save_button,
                 self.new_button, self.discard_button]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)

    def _add(self, layout, fld: str, label: str, editor: QWidget, help_text: str = "") -> None:
        box = FieldBox(label, editor, help_text=help_text)
        self.boxes[fld] = box
        if isinstance(layout, QHBoxLayout):
            layout.addWidget(box, 1, Qt.AlignmentFlag.AlignTop)
        else:
            layout.addWidget(box)

    def _connect(self) -> None:
        edits = {
            "complainant.name": self.name, "complainant.phone": self.phone,
            "complainant.nik": self.nik, "complainant.email": self.email,
            "complainant.address": self.address, "title": self.title,
            "location_detail": self.location, "region_code": self.region,
        }
        for fld, w in edits.items():
            w.textChanged.connect(lambda _t, f=fld: self._changed(f))
        self.body.textChanged.connect(lambda: self._changed("body"))
        self.incident_date.dateChanged.connect(lambda _d: self._changed("incident_date"))
        self.kind.currentIndexChanged.connect(lambda _i: self._changed("kind"))
        self.channel.currentIndexChanged.connect(lambda _i: self._changed("channel"))
        self.privacy_group.buttonClicked.connect(lambda _b: self._changed("privacy"))
        self.category.currentIndexChanged.connect(self._category_changed)
        self.agency.activated.connect(self._agency_picked)
        self.region.codeChanged.connect(lambda _c: self._suggest_agency())
        self.add_file.clicked.connect(self.choose_files)
        self.remove_file.clicked.connect(self.remove_selected_attachment)
        self.save_button.clicked.connect(self.submit)
        self.new_button.clicked.connect(self.new_report)
        self.discard_button.clicked.connect(self.discard_draft)

    # ------------------------------------------------------------------ data
    def data(self) -> dict:
        privacy = next((p for p, b in self.privacy_buttons.items() if b.isChecked()), None)
        return {
            "kind": self.kind.currentData(),
            "title": self.title.text(),
            "body": self.body.toPlainText(),
            "incident_date": self.incident_date.date().toString("yyyy-MM-dd"),
            "region_code": self.region.code(),
            "location_detail": self.location.text(),
            "category": self.category.currentData() or None,
            "agency": self.agency.currentData() or None,
            "privacy": privacy,
            "channel": self.channel.currentData(),
            "complainant": {
                "name": self.name.text(), "nik": self.nik.text(), "phone": self.phone.text(),
                "email": self.email.text(), "address": self.address.text(),
            },
        }

    def has_content(self) -> bool:
        d = self.data()
        return bool(d["title"].strip() or d["body"].strip()
                    or any(v.strip() for v in d["complainant"].values())
                    or self.attachments.count())

    def clear(self) -> None:
        self._loading = True
        try:
            self.report_id = None
            self._show_carried_identity(False)
            for w in (self.name, self.phone, self.nik, self.email, self.address, self.title,
                      self.location):
                w.clear()
            self.body.clear()
            self.kind.setCurrentIndex(0)
            self.channel.setCurrentIndex(0)
            self.privacy_group.setExclusive(False)
            for b in self.privacy_buttons.values():
                b.setChecked(False)
            self.privacy_group.setExclusive(True)
            today = QDate.currentDate()
            self.incident_date.setMaximumDate(today)
            self.incident_date.setDate(today)
            self.region.setText(self._office_region_text())
            self.category.setCurrentIndex(0)
            self.agency.setCurrentIndex(0)
            self._agency_overridden = False
            self.attachments.clear()
            self.attachment_error.hide()
            self.touched.clear()
            self.show_all = False
            for box in self.boxes.values():
                box.set_message("")
            self.summary.clear()
            self.draft_state.clear()
            self._just_finalised = False
        finally:
            self._loading = False

    def _office_region_text(self) -> str:
        """The office's village as shown in the location field (cached: lokal is slow to
        import, and the form is built while the main window opens)."""
        if self.ws.is_kecamatan:
            return ""
        extra = self.ws.settings.extra
        key = f"region_text:{self.ws.region_code}"
        if key not in extra:
            from lapor_desktop.ui.widgets import region_text

            extra[key] = region_text(self.ws.region_code)
            self.ws.settings.save(self.ws.paths)
        return extra[key]

    def load_draft(self, report_id: str) -> None:
        d = intake.draft_data(self.ws, self.actor, report_id)
        view = intake.get_report(self.ws, self.actor, report_id)
        self.clear()
        self._loading = True
        try:
            self.report_id = report_id
            self.kind.setCurrentIndex(max(0, self.kind.findData(d["kind"])))
            self.channel.setCurrentIndex(max(0, self.channel.findData(d["channel"])))
            comp = d["complainant"]
            self.name.setText(comp.get("name") or "")
            self.phone.setText(comp.get("phone") or "")
            self.nik.setText(comp.get("nik") or "")
            self.email.setText(comp.get("email") or "")
            self.address.setText(comp.get("address") or "")
            self._show_carried_identity(bool(d.get("identity_carried")))
            if d.get("privacy") in self.privacy_buttons:
                self.privacy_buttons[d["privacy"]].setChecked(True)
            self.title.setText(d.get("title") or "")
            self.body.setPlainText(d.get("body") or "")
            if d.get("incident_date"):
                self.incident_date.setDate(QDate.fromString(d["incident_date"], "yyyy-MM-dd"))
            self.region.set_code(d.get("region_code") or "")
            self.location.setText(d.get("location_detail") or "")
            self.category.setCurrentIndex(max(0, self.category.findData(d.get("category")
                                                                         or "")))
            idx = self.agency.findData(d.get("agency") or "")
            self.agency.setCurrentIndex(max(0, idx))
            self._agency_overridden = bool(d.get("agency"))
            for att in view.attachments:
                self._add_attachment_item(att)
            self.draft_state.setText(self.tr("Draf dipulihkan"))
        finally:
            self._loading = False
        self.touched = {f for f in self.boxes}  # show what is still missing
        self.run_validation()

    # ------------------------------------------------------------------ reactions
    def _changed(self, fld: str) -> None:
        if self._loading:
            return
        self._just_finalised = False
        self.touched.add(fld)
        self.banner.hide()
        self._validate_timer.start()
        if self.has_content():
            self.draft_state.setText(self.tr("Menyimpan draf…"))
            self._autosave.start()

    def _category_changed(self, _i: int) -> None:
        self._suggest_agency()
        self._changed("category")

    def _agency_picked(self, _i: int) -> None:
        self._agency_overridden = bool(self.agency.currentData())
        self._changed("agency")

    def _suggest_agency(self) -> None:
        if self._agency_overridden:
            return
        code = self.ws.catalog().suggest_agency(self.category.currentData() or None,
                                                self.region.code())
        was = self._loading
        self._loading = True
        self.agency.setCurrentIndex(max(0, self.agency.findData(code or "")))
        self._loading = was

    def _show_carried_identity(self, carried: bool) -> None:
        """A correction keeps the original identity unseen: empty fields say so."""
        for w, hint in self._identity_hints.items():
            w.setPlaceholderText(self.tr(intake.CARRIED_HINT) if carried else hint)

    def run_validation(self):
        result = intake.validate(self.ws, intake.with_carried_identity(
            self.ws, self.actor, self.report_id, self.data()))
        errors: dict[str, str] = {}
        for issue in result.errors:
            errors.setdefault(issue.field, dt(issue.message))
        warnings = {i.field: dt(i.message) for i in result.warnings}
        for fld, box in self.boxes.items():
            visible = self.show_all or fld in self.touched
            if visible and fld in errors:
                box.set_message(errors[fld])
            elif visible and fld in warnings:
                box.set_message(warnings[fld], warning=True)
            else:
                box.set_message("")
        if self.show_all and errors:
            self.summary.setText(self.tr("Masih ada %n isian yang perlu diperbaiki.", "",
                                         len(errors)))
        else:
            self.summary.clear()
        return result

    def flush(self) -> None:
        """Write a pending autosave now (before closing or switching language)."""
        if self._autosave.isActive():
            self._autosave.stop()
            self.save_draft()

    def save_draft(self) -> str | None:
        if not self.has_content() and self.report_id is None:
            return None
        try:
            self.report_id = intake.save_draft(self.ws, self.actor, self.data(), self.report_id)
        except WorkspaceError as exc:
            self.draft_state.setText(dt(str(exc)))
            return None
        self.draft_state.setText(self.tr("Draf tersimpan pukul %1").replace(
            "%1", datetime.now().strftime("%H:%M:%S")))
        self.draft_saved.emit(self.report_id)
        return self.report_id

    # ------------------------------------------------------------------ attachments
    def dragEnterEvent(self, event):
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event):
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.add_files(paths)
        event.acceptProposedAction()

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Pilih lampiran"), str(Path.home()),
            self.tr("Foto dan dokumen (*.jpg *.jpeg *.png *.gif *.webp *.pdf *.doc *.docx "
                    "*.xls *.xlsx *.odt *.ods);;Semua berkas (*)"))
        self.add_files([Path(f) for f in files])

    def add_files(self, paths: list[Path]) -> None:
        refused = []
        for path in paths:
            if self.report_id is None:
                self._autosave.stop()
                self.report_id = intake.save_draft(self.ws, self.actor, self.data())
            try:
                att = intake.add_attachment(self.ws, self.actor, self.report_id, path)
            except (AttachmentError, WorkspaceError) as exc:
                refused.append(dt(str(exc)))
                continue
            self._add_attachment_item(att)
        self.attachment_error.setText("\n".join(refused))
        self.attachment_error.setVisible(bool(refused))

    def _add_attachment_item(self, att) -> None:
        if att.media_type.startswith("image/"):
            pix = QPixmap(str(att.path))
            icon = QIcon(pix.scaled(64, 64, Qt.AspectRatioMode.KeepAspectRatio,
                                    Qt.TransformationMode.SmoothTransformation)) \
                if not pix.isNull() else self.style().standardIcon(
                    QStyle.StandardPixmap.SP_FileIcon)
        else:
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        item = QListWidgetItem(icon, f"{att.file_name}\n{human_size(att.size)}")
        item.setData(Qt.ItemDataRole.UserRole, att.id)
        item.setData(Qt.ItemDataRole.UserRole + 1, str(att.path))
        item.setToolTip(att.file_name)
        self.attachments.addItem(item)

    def _open_attachment(self, item: QListWidgetItem) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(item.data(Qt.ItemDataRole.UserRole + 1)))

    def remove_selected_attachment(self) -> None:
        item = self.attachments.currentItem()
        if item is None:
            return
        try:
            intake.remove_attachment(self.ws, self.actor, item.data(Qt.ItemDataRole.UserRole))
        except WorkspaceError as exc:
            self.attachment_error.setText(dt(str(exc)))
            self.attachment_error.setVisible(True)
            return
        self.attachments.takeItem(self.attachments.row(item))

    # ------------------------------------------------------------------ actions
    def submit(self) -> intake.Finalised | None:
        """Validate everything, finalise, write (and offer to print) the receipt."""
        if self._just_finalised:
            # A double click or a second Ctrl+S lands on the form just cleared for the next
            # citizen: nothing to save, and a wall of "Wajib diisi." would only alarm.
            return None
        self._autosave.stop()
        self.show_all = True
        result = self.run_validation()
        if not result.ok:
            first = next((self.boxes[i.field] for i in result.errors if i.field in self.boxes),
                         None)
            if first is not None:
                first.editor.setFocus()
            return None
        rid = self.save_draft()
        if rid is None:
            return None
        try:
            fin = intake.finalise(self.ws, self.actor, rid)
        except intake.ValidationFailed as exc:
            self.summary.setText("; ".join(dt(i.message) for i in exc.result.errors))
            return None
        except WorkspaceError as exc:
            self.summary.setText(dt(str(exc)))
            return None
        from lapor_desktop.ui import receipt

        # The report is final now: whatever happens to its receipt, the form must not keep
        # pointing at it (autosave and a second save would both be refused).
        typed = self.data()["complainant"]
        self.clear()
        self._just_finalised = True
        # The receipt may carry the identity just typed here (no reveal: nothing is read back).
        view = dataclasses.replace(
            intake.get_report(self.ws, self.actor, fin.id),
            identity=intake.Identity(**{k: v.strip() or None for k, v in typed.items()}),
            identity_revealed=True)
        self.last_view = view
        try:
            path = receipt.write_receipt(self.ws, self.actor, view)
        except OSError as exc:
            self.last_receipt = None
            self._show_banner(
                self.tr("Laporan <b>%1</b> tersimpan dan menunggu dikirim, tetapi tanda "
                        "terima gagal disimpan (%2). Periksa ruang disk, lalu buka laporan "
                        "di Daftar Laporan dan pilih \"Cetak ulang tanda terima\".")
                .replace("%1", fin.local_number).replace("%2", exc.strerror or str(exc)),
                error=True)
            self.finalised.emit(fin)
            self.name.setFocus()
            return fin
        self.last_receipt = path
        self.receipt_written.emit(str(path))
        self._show_banner(
            self.tr("Laporan <b>%1</b> tersimpan dan menunggu dikirim. Tanda terima: "
                    "<a href=\"open\">buka PDF</a> · <a href=\"print\">cetak</a>")
            .replace("%1", fin.local_number))
        self.finalised.emit(fin)
        if self.ask_print:
            receipt.print_receipt(self, self.ws, self.actor, view)
        self.name.setFocus()
        return fin

    def _show_banner(self, text: str, error: bool = False) -> None:
        self.banner.setObjectName("bannerError" if error else "banner")
        theme.repolish(self.banner)
        self.banner.setText(text)
        self.banner.show()

    def _banner_link(self, link: str) -> None:
        if self.last_receipt is None:
            return
        if link == "open":
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_receipt)))
        elif link == "print":
            from lapor_desktop.ui import receipt

            receipt.print_receipt(self, self.ws, self.actor, self.last_view)

    def new_report(self) -> None:
        self.flush()
        self.clear()
        self.banner.hide()
        self.name.setFocus()

    def discard_draft(self) -> None:
        self._autosave.stop()
        if self.report_id is not None:
            intake.delete_draft(self.ws, self.actor, self.report_id)
        self.clear()
        self.banner.hide()
