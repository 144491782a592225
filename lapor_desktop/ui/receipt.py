"""The receipt (tanda terima): one A4 with the citizen's copy and the office's copy.

Rendered on demand: the same painter routine draws onto a PDF, a printer, or an image
(screenshots). A PDF is written only where the operator chooses ("Simpan PDF", the CLI's
``--out``) or, to open it in a viewer, into a private temporary folder that is removed when
the app ends -- never under the data dir, since it may carry a citizen's name.

What a copy holds: the office's name and contact, the local number, date and time in the
office's zone, kind, title, category, agency, privacy, the due date of the follow-up, the
operator, a signature and stamp line, and a QR code naming the local number and a short
verification code. A publik report's receipt names the reporter only from a view that holds
the identity in the clear; an anonim one leaves the name out; a rahasia one the title too.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from lapor_desktop.ui import formatting
from lapor_desktop.ui.i18n import label
from lapor_desktop.ui.widgets import office_text, region_name
from lapor_protocol import deadlines
from lapor_protocol.domain import KIND_LABELS, PRIVACY_LABELS

translate = QCoreApplication.translate
DPI = 300
A4_MM = (210.0, 297.0)
# Verification (3) and the agency's follow-up (5), in working days from the report date.
FOLLOW_UP_DAYS = 3 + 5
_tmp: list[Path] = []



def verification_code(view) -> str:
    """A short code that ties the paper to this report's id and frozen content."""
    digest = hashlib.sha256(f"{view.id}|{view.content_hash or ''}".encode()).digest()
    code = base64.b32encode(digest).decode()[:8]
    return f"{code[:4]}-{code[4:]}"


def qr_payload(view) -> str:
    return f"LAPOR-DESA;NO={view.local_number};KODE={verification_code(view)}"


def receipt_dir() -> Path:
    """A private temporary folder for receipts opened in a viewer (removed at exit)."""
    if not _tmp:
        path = Path(tempfile.mkdtemp(prefix="lapor-tanda-terima-"))
        _tmp.append(path)
        atexit.register(shutil.rmtree, path, True)
    return _tmp[0]


def receipt_path(ws, view) -> Path:
    return receipt_dir() / f"tanda-terima-{(view.local_number or '').replace('/', '-')}.pdf"


def office_contact(ws) -> str:
    """The office's contact line: set in Pengaturan (extra "office_contact"), else its
    village, district and regency by name."""
    contact = (ws.settings.extra or {}).get("office_contact")
    return str(contact) if contact else region_name(ws.region_code)


def due_text(ws, view) -> str:
    """"Batas waktu tindak lanjut": 3 + 5 working days from the report date."""
    when = view.finalised_at or view.created_at
    tz = formatting.office_zone(ws)
    start = deadlines.local_date(when, tz)
    cal = ws.catalog().calendar()
    due = cal.add_working_days(start, FOLLOW_UP_DAYS)
    text = formatting.long_date(due) + " " + translate("receipt", "(%1 hari kerja)").replace(
        "%1", str(FOLLOW_UP_DAYS))
    if cal.estimated(start, due):
        text += " " + translate("receipt", "— perkiraan")
    return text


def receipt_lines(ws, view, complainant_name: str | None = None,
                  operator: str | None = None) -> list[tuple[str, str]]:
    """(label, value) rows; what is left out depends on privacy."""
    cat = ws.catalog()
    when = view.finalised_at or view.created_at
    title = view.title if view.privacy != "rahasia" else translate("receipt", "(dirahasiakan)")
    rows = [
        (translate("receipt", "Nomor laporan"), view.local_number or "—"),
        (translate("receipt", "Tanggal dan jam"),
         formatting.time_text(when, formatting.office_zone(ws))),
        (translate("receipt", "Klasifikasi"), label(KIND_LABELS, view.kind)),
        (translate("receipt", "Judul"), title),
        (translate("receipt", "Kategori"),
         cat.categories.get(view.category or "", view.category or "—")),
        (translate("receipt", "Instansi tujuan"),
         cat.agencies.get(view.agency or "", view.agency or "—")),
        (translate("receipt", "Kerahasiaan"), label(PRIVACY_LABELS, view.privacy)),
        (translate("receipt", "Batas waktu tindak lanjut"), due_text(ws, view)),
    ]
    if view.privacy == "publik" and complainant_name:
        rows.append((translate("receipt", "Nama pelapor"), complainant_name))
    if operator:
        rows.append((translate("receipt", "Petugas penerima"), operator))
    return rows


class _Pen:
    """Drawing helpers in millimetres for one page."""

    def __init__(self, painter: QPainter, dpi: int):
        self.p = painter
        self.mm = dpi / 25.4
        self.ink = QColor("#1d2b26")
        self.grey = QColor("#55615c")

    def font(self, pt: float, bold: bool = False) -> None:
        f = QFont("DejaVu Sans")
        f.setPointSizeF(pt)
        f.setBold(bold)
        self.p.setFont(f)

    def text(self, x: float, y: float, w: float, h: float, s: str, *, pt: float = 9,
             bold: bool = False, grey: bool = False, flags=Qt.TextFlag.TextWordWrap) -> float:
        """Draw ``s`` in the box (mm); returns the height used (mm)."""
        self.font(pt, bold)
        self.p.setPen(self.grey if grey else self.ink)
        rect = QRectF(x * self.mm, y * self.mm, w * self.mm, h * self.mm)
        used = self.p.boundingRect(rect, flags, s)
        self.p.drawText(rect, flags, s)
        return used.height() / self.mm

    def line(self, x1: float, y1: float, x2: float, y2: float, *, dashed: bool = False) -> None:
        pen = QPen(self.grey if dashed else self.ink)
        pen.setWidthF(max(1.0, 0.25 * self.mm))
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.p.setPen(pen)
        self.p.drawLine(QPointF(x1 * self.mm, y1 * self.mm), QPointF(x2 * self.mm, y2 * self.mm))

    def qr(self, x: float, y: float, size: float, payload: str) -> None:
        import segno

        matrix = list(segno.make(payload, error="m").matrix_iter(scale=1, border=2))
        cell = size * self.mm / len(matrix)
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(QColor("black"))
        for r, row in enumerate(matrix):
            for c, dark in enumerate(row):
                if dark:
                    self.p.drawRect(QRectF(x * self.mm + c * cell, y * self.mm + r * cell,
                                           cell + 0.5, cell + 0.5))
        self.p.setBrush(Qt.BrushStyle.NoBrush)


def _paint_copy(pen: _Pen, top: float, ws, view, rows, copy_name: str) -> None:
    """One copy in a 148 mm band starting at ``top`` (mm)."""
    x0, width = 14.0, A4_MM[0] - 28.0
    y = top + 10
    pen.text(x0, y, width - 40, 6, office_text(ws), pt=11, bold=True)
    pen.text(x0 + width - 60, y, 60, 6, copy_name, pt=8, grey=True,
             flags=Qt.AlignmentFlag.AlignRight)
    y += 5.5
    y += pen.text(x0, y, width, 10, office_contact(ws), pt=8, grey=True) + 1
    pen.text(x0, y, width, 8, translate("receipt", "TANDA TERIMA LAPORAN"), pt=14, bold=True)
    y += 7
    pen.text(x0, y, width, 5, translate("receipt",
                                        "SP4N-LAPOR! — Layanan Aspirasi dan Pengaduan Online "
                                        "Rakyat"), pt=8, grey=True)
    y += 5
    pen.line(x0, y, x0 + width, y)
    y += 3
    qr_size, label_w = 34.0, 42.0
    value_w = width - label_w - qr_size - 6
    for name, value in rows:
        pen.text(x0, y, label_w, 10, name, pt=8.5, grey=True)
        big = name == translate("receipt", "Nomor laporan")
        used = pen.text(x0 + label_w, y, value_w, 16, value, pt=11 if big else 9, bold=big)
        y += max(used, 4.2) + 1.2
    qx = x0 + width - qr_size
    qy = top + 34
    pen.qr(qx, qy, qr_size, qr_payload(view))
    pen.text(qx - 6, qy + qr_size + 1, qr_size + 6, 5,
             translate("receipt", "Kode verifikasi: %1").replace("%1", verification_code(view)),
             pt=7.5,
             flags=Qt.AlignmentFlag.AlignHCenter)
    operator = next((v for k, v in rows if k == translate("receipt", "Petugas penerima")), "")
    _paint_footer(pen, top, x0, width, operator)


def _paint_footer(pen: _Pen, top: float, x0: float, width: float, operator: str) -> None:
    y = top + 110
    how = translate("receipt",
                    "Simpan tanda terima ini. Untuk menanyakan perkembangan laporan, hubungi "
                    "kantor ini dengan menyebutkan nomor laporan atau tunjukkan kode QR. Hari "
                    "kerja tidak termasuk Sabtu, Minggu, libur nasional dan cuti bersama.")
    pen.text(x0, y, width - 70, 22, how, pt=7.5, grey=True)
    sx = x0 + width - 62
    pen.text(sx, y, 62, 5, translate("receipt", "Petugas penerima,"), pt=8.5)
    pen.line(sx, y + 22, sx + 60, y + 22)
    pen.text(sx, y + 23, 62, 5, f"( {operator} )" if operator else "", pt=8.5,
             flags=Qt.AlignmentFlag.AlignHCenter)
    pen.text(sx, y + 28, 62, 5, translate("receipt", "tanda tangan dan cap kantor"), pt=7,
             grey=True,
             flags=Qt.AlignmentFlag.AlignHCenter)


def paint_receipt(painter: QPainter, page: QRectF, dpi: int, ws, view,
                  complainant_name: str | None = None, operator: str | None = None) -> None:
    """Both copies on one A4 page, a cut line between them."""
    painter.fillRect(page, QColor("white"))
    pen = _Pen(painter, dpi)
    rows = receipt_lines(ws, view, complainant_name, operator)
    half = A4_MM[1] / 2
    _paint_copy(pen, 0, ws, view, rows, translate("receipt", "Lembar untuk pelapor"))
    pen.line(6, half, A4_MM[0] - 6, half, dashed=True)
    pen.text(6, half - 4, 60, 4, translate("receipt", "✂ gunting di sini"), pt=6.5, grey=True)
    _paint_copy(pen, half, ws, view, rows, translate("receipt", "Lembar arsip kantor"))


def _complainant_name(ws, actor, view) -> str | None:
    """A publik report's receipt names the reporter only when the view carries the identity
    in the clear: typed on the intake form just now, or revealed (and audited) by a role that
    may see it. A masked view never pulls the name from the store."""
    if view.privacy == "publik" and view.identity_revealed:
        return view.identity.name
    return None


def _operator(actor) -> str | None:
    return getattr(actor, "display_name", None) or getattr(actor, "username", None)


def write_receipt(ws, actor, view, path: Path | None = None) -> Path:
    """Write the receipt PDF to ``path`` (default: the private temporary folder)."""
    path = Path(path) if path is not None else receipt_path(ws, view)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(translate("receipt", "Tanda terima %1").replace("%1", view.local_number or ""))
    writer.setCreator("LAPOR Desktop")
    painter = QPainter(writer)
    try:
        rect = QRectF(0, 0, writer.width(), writer.height())
        paint_receipt(painter, rect, DPI, ws, view, _complainant_name(ws, actor, view),
                      _operator(actor))
    finally:
        painter.end()
    tmp.replace(path)
    return path


def render_image(ws, actor, view, dpi: int = 96) -> QImage:
    """The receipt as an image (for the screenshots and an on-screen preview)."""
    w, h = int(A4_MM[0] / 25.4 * dpi), int(A4_MM[1] / 25.4 * dpi)
    img = QImage(w, h, QImage.Format.Format_RGB32)
    dpm = int(dpi / 0.0254)
    img.setDotsPerMeterX(dpm)
    img.setDotsPerMeterY(dpm)
    painter = QPainter(img)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        paint_receipt(painter, QRectF(0, 0, w, h), dpi, ws, view,
                      _complainant_name(ws, actor, view), _operator(actor))
    finally:
        painter.end()
    return img


def has_printer() -> bool:
    from PySide6.QtPrintSupport import QPrinterInfo

    return bool(QPrinterInfo.availablePrinterNames())


def save_pdf_as(parent, ws, actor, view) -> Path | None:
    """Ask where to save the PDF and write it there; None when the operator cancels."""
    from PySide6.QtWidgets import QFileDialog

    suggested = str(Path.home() / f"tanda-terima-{view.local_number}.pdf")
    name, _ = QFileDialog.getSaveFileName(parent, translate("receipt",
                                                            "Simpan tanda terima sebagai PDF"),
                                          suggested, translate("receipt", "Dokumen PDF (*.pdf)"))
    if not name:
        return None
    return write_receipt(ws, actor, view, Path(name))


def print_receipt(parent, ws, actor, view) -> bool:
    """Print through the system dialog; without a printer, say so and offer "Simpan PDF".
    True when the operator was served (printed or saved)."""
    if view is None:
        return False
    if not has_printer():
        return _no_printer(parent, ws, actor, view)
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(translate("receipt", "Cetak tanda terima"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    painter = QPainter(printer)
    try:
        rect = QRectF(printer.pageRect(QPrinter.Unit.DevicePixel))
        rect.moveTo(0, 0)
        paint_receipt(painter, rect, printer.resolution(), ws, view,
                      _complainant_name(ws, actor, view), _operator(actor))
    finally:
        painter.end()
    return True


def _no_printer(parent, ws, actor, view) -> bool:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(translate("receipt", "Tidak ada printer"))
    box.setText(translate("receipt", "Tidak ada printer yang terpasang di komputer ini."))
    box.setInformativeText(translate("receipt",
                                     "Simpan tanda terima sebagai PDF lalu cetak di tempat lain, "
                                     "atau pasang printer dan pilih cetak lagi."))
    save = box.addButton(translate("receipt", "Simpan PDF"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(translate("receipt", "Tutup"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not save:
        return False
    return save_pdf_as(parent, ws, actor, view) is not None


def headless_app():
    """A GUI application for drawing a receipt outside the app (the CLI): Qt needs one for
    fonts; no window is ever shown."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["lapor-desktop"])
