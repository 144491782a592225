"""A short help page (F1) in Bahasa Indonesia: the day's work in a few steps."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout


class HelpDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Bantuan"))
        self.resize(620, 560)
        lay = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(self.html())
        lay.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def html(self) -> str:
        body = "".join(f"<h3>{title}</h3><p>{text}</p>" for title, text in self._rows())
        return f"<h2>{self.tr('Panduan singkat LAPOR Desktop')}</h2>{body}"

    def _rows(self) -> list[tuple[str, str]]:
        return [
            (self.tr("Mencatat laporan"),
             self.tr("Buka <b>Laporan Baru</b> (Ctrl+1), isi data pelapor dan isi laporan, "
                     "lalu tekan <b>Simpan &amp; Cetak Tanda Terima</b> (Ctrl+S). Draf "
                     "tersimpan otomatis; tidak ada yang hilang bila listrik padam.")),
            (self.tr("Tanda terima"),
             self.tr("Berikan lembar untuk pelapor; lembar arsip disimpan kantor. Tanpa "
                     "printer, pilih <b>Simpan PDF</b> dan cetak nanti. Nomor laporan dan kode "
                     "QR dipakai untuk menanyakan perkembangan.")),
            (self.tr("Pengiriman"),
             self.tr("Laporan final dikirim otomatis ke server pusat saat ada jaringan. "
                     "Halaman <b>Sinkronisasi</b> (Ctrl+3) menunjukkan keadaan dan tombol "
                     "<b>Kirim sekarang</b>. Tanpa internet, bawa <b>Paket USB</b> (Ctrl+4) ke "
                     "kecamatan.")),
            (self.tr("Mencari laporan"),
             self.tr("<b>Daftar Laporan</b> (Ctrl+2): ketik nomor, judul atau kata dari isi "
                     "laporan. Baris tebal berarti ada status baru dari LAPOR!.")),
            (self.tr("Tenggat"),
             self.tr("Tenggat dihitung dalam hari kerja (tanpa Sabtu, Minggu, libur nasional "
                     "dan cuti bersama). Tanda ≈ atau <i>perkiraan</i> berarti cuti bersama "
                     "tahun itu belum diketahui.")),
            (self.tr("Selesai bertugas"),
             self.tr("Menu <b>Berkas → Keluar / ganti operator</b> (Ctrl+L) agar operator lain "
                     "dapat masuk; <b>Tutup aplikasi</b> (Ctrl+Q) menunggu pengiriman berhenti "
                     "dengan aman.")),
        ]
