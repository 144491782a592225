"""A short help page (F1) in Bahasa Indonesia: the day's work in a few steps."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout


def help_html(tr) -> str:
    rows = [
        (tr("Mencatat laporan"),
         tr("Buka <b>Laporan Baru</b> (Ctrl+1), isi data pelapor dan isi laporan, lalu tekan "
            "<b>Simpan final &amp; cetak tanda terima</b>. Draf tersimpan otomatis; tidak ada "
            "yang hilang bila listrik padam.")),
        (tr("Tanda terima"),
         tr("Berikan tanda terima kepada pelapor. Tanpa printer, pilih <b>Simpan PDF</b> dan "
            "cetak nanti. Nomor laporan dan kode QR dipakai untuk menanyakan perkembangan.")),
        (tr("Pengiriman"),
         tr("Laporan final dikirim otomatis ke server pusat saat ada jaringan. Halaman "
            "<b>Sinkronisasi</b> (Ctrl+3) menunjukkan keadaan dan tombol <b>Kirim "
            "sekarang</b>. Tanpa internet, bawa <b>Paket USB</b> (Ctrl+4) ke kecamatan.")),
        (tr("Mencari laporan"),
         tr("<b>Daftar Laporan</b> (Ctrl+2): ketik nomor, judul atau kata dari isi laporan. "
            "Baris tebal berarti ada status baru dari LAPOR!.")),
        (tr("Tenggat"),
         tr("Tenggat dihitung dalam hari kerja (tanpa Sabtu, Minggu, libur nasional dan cuti "
            "bersama). Tanda <i>perkiraan</i> berarti cuti bersama tahun itu belum "
            "diketahui.")),
        (tr("Selesai bertugas"),
         tr("Menu <b>Berkas → Keluar / ganti operator</b> (Ctrl+L) agar operator lain dapat "
            "masuk; <b>Tutup aplikasi</b> (Ctrl+Q) menunggu pengiriman berhenti dengan "
            "aman.")),
    ]
    body = "".join(f"<h3>{title}</h3><p>{text}</p>" for title, text in rows)
    return f"<h2>{tr('Panduan singkat LAPOR Desktop')}</h2>{body}"


class HelpDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Bantuan"))
        self.resize(620, 560)
        lay = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(help_html(self.tr))
        lay.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
