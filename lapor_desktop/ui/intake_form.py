"""The intake form: one walk-in citizen's report, from first word to printed receipt.

The draft is saved as it is typed (debounced) so a killed app loses nothing; validation
runs live and puts each message under its field. "Simpan & Cetak Tanda Terima" (Ctrl+S)
finalises, writes the receipt PDF and clears the form for the next person in the queue.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QDate, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from lapor_desktop import intake
from lapor_desktop.ui import formatting, theme
from lapor_desktop.ui.i18n import dt
from lapor_desktop.ui.intake_attachments import AttachmentsMixin
from lapor_desktop.ui.intake_layout import IntakeLayout
from lapor_desktop.workspace import Actor, DatabaseBusy, Workspace, WorkspaceError

AUTOSAVE_MS = 700
AUTOSAVE_RETRY_MS = 2_000
VALIDATE_MS = 250


class IntakeForm(IntakeLayout, AttachmentsMixin, QWidget):
    finalised = Signal(object)      # intake.Finalised
    draft_saved = Signal(str)       # report id
    receipt_written = Signal(str)   # pdf path
    _attach_request = Signal(str, str)

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
        self._init_attachments()

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
            self._attach_queue.clear()
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
            self._autosave.start(AUTOSAVE_MS)

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
        except DatabaseBusy:
            # Another writer (a bundle import) holds the database: what is typed stays in
            # the form and the autosave tries again shortly.
            self.draft_state.setText(self.tr("Draf belum tersimpan (basis data sibuk); "
                                             "dicoba lagi…"))
            self._autosave.start(AUTOSAVE_RETRY_MS)
            return None
        self.draft_state.setText(self.tr("Draf tersimpan pukul %1").replace(
            "%1", formatting.clock_text(datetime.now(UTC),
                                        formatting.office_zone(self.ws))))
        self.draft_saved.emit(self.report_id)
        return self.report_id

    # ------------------------------------------------------------------ actions
    def submit(self) -> intake.Finalised | None:
        """Validate everything, finalise, write (and offer to print) the receipt."""
        if self._just_finalised:
            # A double click or a second Ctrl+S lands on the form just cleared for the next
            # citizen: nothing to save, and a wall of "Wajib diisi." would only alarm.
            return None
        if self.attaching:
            self.summary.setText(self.tr("Tunggu sampai lampiran selesai disalin."))
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
                    "<a href=\"print\">cetak</a> · <a href=\"save\">simpan PDF</a> · "
                    "<a href=\"open\">lihat</a>")
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
        elif link in ("print", "save"):
            from lapor_desktop.ui import receipt

            if link == "print":
                receipt.print_receipt(self, self.ws, self.actor, self.last_view)
            else:
                receipt.save_pdf_as(self, self.ws, self.actor, self.last_view)

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
