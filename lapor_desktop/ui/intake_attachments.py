"""Attachments on the intake form: copied, hashed and fsynced off the GUI thread.

A 20 MB photo takes a while to copy and fsync; the copy and the thumbnail run on a worker
thread, one file at a time, while the form stays responsive ("Menyalin lampiran…"). The
save button waits until every chosen file is stored (or refused with its reason).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    Qt,
    QThread,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QDesktopServices, QIcon, QImage, QImageReader, QPixmap
from PySide6.QtWidgets import QFileDialog, QListWidgetItem, QStyle

from lapor_desktop import intake, stored_files
from lapor_desktop.attachments import AttachmentError, human_size
from lapor_desktop.ui.i18n import dt
from lapor_desktop.workspace import WorkspaceError

log = logging.getLogger(__name__)
THUMB = 64


SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif",
            "image/webp": ".webp", "image/heic": ".heic", "image/bmp": ".bmp",
            "image/tiff": ".tif", "application/pdf": ".pdf", "application/msword": ".doc",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
            "application/vnd.ms-excel": ".xls",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
            "application/vnd.oasis.opendocument.text": ".odt",
            "application/vnd.oasis.opendocument.spreadsheet": ".ods",
            "application/rtf": ".rtf"}
THUMB_SOURCE_MAX = 32 * 1024 * 1024


def open_decrypted(parent, ws, actor, attachment_id: str, media_type: str) -> Path | None:
    """Decrypt a stored attachment to a temporary copy and open it with the system's
    viewer (named by a random id: the original name can name the citizen)."""
    try:
        path = stored_files.view_copy(ws, actor, attachment_id,
                                      SUFFIXES.get(media_type or "", ""))
    except (OSError, stored_files.SealedFileError):
        log.warning("attachment %s could not be opened", attachment_id)
        return None
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path


def thumbnail(ws, actor, attachment_id: str) -> QImage:
    """A small image decoded at reduced size (a large photo is never decoded whole) from
    the decrypted attachment."""
    data = stored_files.read_bytes(ws, actor, attachment_id, THUMB_SOURCE_MAX)
    if data is None:
        return QImage()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and (size.width() > THUMB or size.height() > THUMB):
        reader.setScaledSize(size.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio))
    img = reader.read()
    return img if not img.isNull() else QImage()


class AttachWorker(QObject):
    """Stores one file at a time; answers ``done(report_id, view or None, thumb, error)``."""

    done = Signal(str, object, object, str)

    def __init__(self, ws, actor):
        super().__init__()
        self.ws = ws
        self.actor = actor

    @Slot(str, str)
    def run(self, report_id: str, path: str) -> None:
        try:
            att = intake.add_attachment(self.ws, self.actor, report_id, Path(path))
        except (AttachmentError, WorkspaceError) as exc:
            self.done.emit(report_id, None, None, dt(str(exc)))
            return
        except Exception as exc:  # never let an exception escape into Qt's event loop
            log.exception("attachment failed")
            self.done.emit(report_id, None, None, dt("Lampiran gagal disimpan (%s).")
                           % type(exc).__name__)
            return
        thumb = (thumbnail(self.ws, self.actor, att.id)
                 if att.media_type.startswith("image/") else None)
        self.done.emit(report_id, att, thumb, "")


class AttachmentsMixin:
    """Drag-and-drop, the file dialog, the list of attachments (mixed into IntakeForm)."""

    def _init_attachments(self) -> None:
        self._attach_queue: list[Path] = []
        self._attach_busy = False
        self._attach_refused: list[str] = []
        self._attach_thread: QThread | None = None

    @property
    def attaching(self) -> bool:
        return self._attach_busy or bool(self._attach_queue)

    def _ensure_attach_thread(self) -> None:
        if self._attach_thread is not None:
            return
        self._attach_thread = QThread(self)
        self._attach_thread.setObjectName("lapor-attach")
        self._attach_worker = AttachWorker(self.ws, self.actor)
        self._attach_worker.moveToThread(self._attach_thread)
        self._attach_request.connect(self._attach_worker.run)
        self._attach_worker.done.connect(self._attached)
        self._attach_thread.start()

    def stop_attachments(self, timeout_ms: int = 60_000) -> None:
        """Let a copy in progress finish, then end the thread (closing, rebuilding)."""
        self._attach_queue.clear()
        if self._attach_thread is not None and self._attach_thread.isRunning():
            self._attach_thread.quit()
            self._attach_thread.wait(timeout_ms)

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
        """Queue files for storing on the worker thread (results arrive as they finish)."""
        if not paths:
            return
        if self.report_id is None:
            self._autosave.stop()
            self.report_id = intake.save_draft(self.ws, self.actor, self.data())
        if not self.attaching:
            self._attach_refused = []
        self._attach_queue.extend(paths)
        self._ensure_attach_thread()
        self._next_attachment()

    def _next_attachment(self) -> None:
        if self._attach_busy:
            return
        if not self._attach_queue:
            self.attachment_error.setText("\n".join(self._attach_refused))
            self.attachment_error.setVisible(bool(self._attach_refused))
            self.attach_state.hide()
            self.save_button.setEnabled(True)
            return
        path = self._attach_queue.pop(0)
        self._attach_busy = True
        self.save_button.setEnabled(False)
        self.attach_state.setText(self.tr("Menyalin lampiran %1…").replace("%1", path.name))
        self.attach_state.show()
        self._attach_request.emit(self.report_id or "", str(path))

    def _attached(self, report_id: str, att, thumb, error: str) -> None:
        self._attach_busy = False
        if report_id == self.report_id:  # the form may have moved on to another draft
            if att is not None:
                self._add_attachment_item(att, thumb)
            elif error:
                self._attach_refused.append(error)
        self._next_attachment()

    def _add_attachment_item(self, att, thumb: QImage | None = None) -> None:
        if thumb is None and att.media_type.startswith("image/"):
            thumb = thumbnail(self.ws, self.actor, att.id)
        icon = QIcon(QPixmap.fromImage(thumb)) if thumb is not None and not thumb.isNull() \
            else self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        item = QListWidgetItem(icon, f"{att.file_name}\n{human_size(att.size)}")
        item.setData(Qt.ItemDataRole.UserRole, att.id)
        item.setData(Qt.ItemDataRole.UserRole + 1, att.media_type)
        item.setToolTip(att.file_name)
        self.attachments.addItem(item)

    def _open_attachment(self, item: QListWidgetItem) -> None:
        open_decrypted(self, self.ws, self.actor, item.data(Qt.ItemDataRole.UserRole),
                       item.data(Qt.ItemDataRole.UserRole + 1))

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
