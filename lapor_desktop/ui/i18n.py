"""Translation plumbing: loading the .qm for a language and translating domain labels.

Source strings are Bahasa Indonesia. The core's labels and validation messages live in
``lapor_protocol.domain`` as plain Indonesian text; they are listed here with
``QT_TRANSLATE_NOOP`` markers so that lupdate extracts them into the ``domain`` context,
and ``dt()`` looks them up at run time.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QTranslator

LANGUAGES = (("id", "Bahasa Indonesia"), ("en", "English"))
_installed: list[QTranslator] = []


def i18n_dir() -> str:
    return str(resources.files("lapor_desktop") / "resources" / "i18n")


# Qt's own dialogs and buttons: no qtbase_id.qm exists upstream, so the few strings the app
# shows are translated here (context -> source -> Indonesian).
QT_STRINGS: dict[str, dict[str, str]] = {
    "QPlatformTheme": {
        "OK": "OK", "Save": "Simpan", "Save All": "Simpan semua", "Open": "Buka",
        "&Yes": "&Ya", "Yes to &All": "Ya untuk &semua", "&No": "&Tidak",
        "N&o to All": "T&idak untuk semua", "Abort": "Batalkan", "Retry": "Coba lagi",
        "Ignore": "Abaikan", "Close": "Tutup", "Cancel": "Batal", "Discard": "Buang",
        "Help": "Bantuan", "Apply": "Terapkan", "Reset": "Atur ulang",
        "Restore Defaults": "Kembalikan bawaan",
    },
    "QFileDialog": {
        "Look in:": "Lihat di:", "File &name:": "&Nama berkas:", "Files of type:": "Jenis berkas:",
        "&Open": "&Buka", "&Save": "&Simpan", "Cancel": "Batal", "Open": "Buka",
        "Save As": "Simpan sebagai", "Directory:": "Folder:", "All Files (*)": "Semua berkas (*)",
        "Back": "Kembali", "Forward": "Maju", "Parent Directory": "Folder induk",
        "Create New Folder": "Buat folder baru", "List View": "Tampilan daftar",
        "Detail View": "Tampilan rinci", "New Folder": "Folder baru", "Name": "Nama",
        "Size": "Ukuran", "Type": "Jenis", "Date Modified": "Tanggal diubah",
        "&Choose": "&Pilih", "Recent Places": "Tempat terakhir", "My Computer": "Komputer",
        "&Rename": "&Ganti nama", "&Delete": "&Hapus", "Show &hidden files":
            "Tampilkan berkas &tersembunyi", "&New Folder": "Folder &baru",
    },
    "QMessageBox": {"Show Details...": "Tampilkan rincian...",
                    "Hide Details...": "Sembunyikan rincian...", "OK": "OK"},
    "QWidgetTextControl": {
        "&Undo": "&Urungkan", "&Redo": "Ulan&gi", "Cu&t": "Po&tong", "&Copy": "&Salin",
        "Copy &Link Location": "Salin &alamat tautan", "&Paste": "&Tempel",
        "Delete": "Hapus", "Select All": "Pilih semua",
    },
    "QLineEdit": {
        "&Undo": "&Urungkan", "&Redo": "Ulan&gi", "Cu&t": "Po&tong", "&Copy": "&Salin",
        "&Paste": "&Tempel", "Delete": "Hapus", "Select All": "Pilih semua",
    },
    "QPrintDialog": {"Print": "Cetak", "&Print": "&Cetak", "Printer": "Printer",
                     "&Options >>": "&Pilihan >>", "&Options <<": "&Pilihan <<"},
}


class QtStringsTranslator(QTranslator):
    """Indonesian for Qt's standard buttons, file dialog and context menus."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return QT_STRINGS.get(context, {}).get(source) or None

    def isEmpty(self) -> bool:
        return False


def install_language(lang: str) -> bool:
    """Swap the application's translators. Indonesian needs none for our own strings (they
    are the source), only Qt's standard ones."""
    app = QCoreApplication.instance()
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    QLocale.setDefault(QLocale(QLocale.Language.English if lang == "en"
                               else QLocale.Language.Indonesian))
    if lang == "id":
        qt = QtStringsTranslator(app)
        app.installTranslator(qt)
        _installed.append(qt)
        return True
    tr = QTranslator(app)
    if tr.load(f"lapor_desktop_{lang}", i18n_dir()):
        app.installTranslator(tr)
        _installed.append(tr)
        return True
    return False


def dt(text: str | None) -> str:
    """Translate a label or message that came from the core (``domain`` context)."""
    if not text:
        return text or ""
    return QCoreApplication.translate("domain", text)


def label(mapping: dict, key: str | None, default: str = "—") -> str:
    if key is None:
        return default
    try:
        return dt(mapping[key])
    except KeyError:
        return str(key)


# Every Indonesian string of lapor_protocol.domain / deadlines that the UI shows. Keep in
# step with the core (tests/ui/test_i18n.py checks that nothing is missing).
DOMAIN_STRINGS = (
    QT_TRANSLATE_NOOP("domain", "Pengaduan"),
    QT_TRANSLATE_NOOP("domain", "Aspirasi"),
    QT_TRANSLATE_NOOP("domain", "Permintaan Informasi"),
    QT_TRANSLATE_NOOP("domain", "Publik"),
    QT_TRANSLATE_NOOP("domain", "Anonim"),
    QT_TRANSLATE_NOOP("domain", "Rahasia"),
    QT_TRANSLATE_NOOP("domain",
                      "Laporan dan identitas pelapor dapat dilihat oleh instansi yang menangani."),
    QT_TRANSLATE_NOOP("domain",
                      "Identitas pelapor disembunyikan dari publik dan dari tampilan instansi."),
    QT_TRANSLATE_NOOP("domain", "Seluruh isi laporan disembunyikan dari publik."),
    QT_TRANSLATE_NOOP("domain", "Tatap muka"),
    QT_TRANSLATE_NOOP("domain", "Telepon"),
    QT_TRANSLATE_NOOP("domain", "Surat"),
    QT_TRANSLATE_NOOP("domain", "Lainnya"),
    QT_TRANSLATE_NOOP("domain", "Draf"),
    QT_TRANSLATE_NOOP("domain", "Menunggu dikirim"),
    QT_TRANSLATE_NOOP("domain", "Terkirim"),
    QT_TRANSLATE_NOOP("domain", "Perlu perbaikan"),
    QT_TRANSLATE_NOOP("domain", "Diterima"),
    QT_TRANSLATE_NOOP("domain", "Terverifikasi"),
    QT_TRANSLATE_NOOP("domain", "Diteruskan ke instansi"),
    QT_TRANSLATE_NOOP("domain", "Ditindaklanjuti"),
    QT_TRANSLATE_NOOP("domain", "Selesai"),
    QT_TRANSLATE_NOOP("domain", "Ditunda"),
    QT_TRANSLATE_NOOP("domain", "Bukan wewenang"),
    QT_TRANSLATE_NOOP("domain", "Diarsipkan"),
    QT_TRANSLATE_NOOP("domain", "Ditolak"),
    QT_TRANSLATE_NOOP("domain", "Operator"),
    QT_TRANSLATE_NOOP("domain", "Kepala Desa"),
    QT_TRANSLATE_NOOP("domain", "Petugas Kecamatan"),
    QT_TRANSLATE_NOOP("domain", "Admin"),
    # validation messages (domain.MESSAGES)
    QT_TRANSLATE_NOOP("domain", "Wajib diisi."),
    QT_TRANSLATE_NOOP("domain", "Judul paling banyak 150 karakter."),
    QT_TRANSLATE_NOOP("domain", "Judul harus satu baris."),
    QT_TRANSLATE_NOOP("domain", "Isi laporan paling sedikit 20 karakter."),
    QT_TRANSLATE_NOOP("domain", "Isi laporan paling banyak 20000 karakter."),
    QT_TRANSLATE_NOOP("domain", "Teks berisi karakter kontrol yang tidak diizinkan."),
    QT_TRANSLATE_NOOP("domain", "Teks terlalu panjang."),
    QT_TRANSLATE_NOOP("domain", "Jenis isian tidak sesuai."),
    QT_TRANSLATE_NOOP("domain",
                      "Klasifikasi harus pengaduan, aspirasi, atau permintaan informasi."),
    QT_TRANSLATE_NOOP("domain", "Pilih kerahasiaan: publik, anonim, atau rahasia."),
    QT_TRANSLATE_NOOP("domain", "Saluran harus tatap muka, telepon, surat, atau lainnya."),
    QT_TRANSLATE_NOOP("domain", "Tanggal harus berformat TTTT-BB-HH."),
    QT_TRANSLATE_NOOP("domain", "Tanggal kejadian tidak boleh di masa depan."),
    QT_TRANSLATE_NOOP("domain",
                      "Kode wilayah tidak ada dalam daftar Kemendagri (format PP.KK.CC.DDDD)."),
    QT_TRANSLATE_NOOP("domain", "Kategori tidak ada dalam katalog."),
    QT_TRANSLATE_NOOP("domain", "Instansi tujuan tidak ada dalam katalog."),
    QT_TRANSLATE_NOOP("domain",
                      "Nomor telepon bukan nomor Indonesia yang sah (contoh: 0812xxxxxxxx)."),
    QT_TRANSLATE_NOOP("domain", "NIK harus 16 digit angka."),
    QT_TRANSLATE_NOOP("domain", "Tanggal lahir di NIK tidak valid (perempuan: tanggal + 40)."),
    QT_TRANSLATE_NOOP("domain", "Nomor urut di NIK (empat digit terakhir) tidak boleh 0000."),
    QT_TRANSLATE_NOOP("domain", "Tanggal kejadian tidak boleh sebelum tahun 1950."),
    QT_TRANSLATE_NOOP("domain",
                      "Teks berisi karakter pengubah arah tulisan (mis. U+202E) yang tidak "
                      "diizinkan; ketik ulang teksnya."),
    QT_TRANSLATE_NOOP("domain",
                      "Kode wilayah di NIK tidak dikenal; periksa kembali (tetap boleh disimpan)."),
    QT_TRANSLATE_NOOP("domain", "Alamat email tidak sah."),
    QT_TRANSLATE_NOOP("domain", "Lampiran harus berupa daftar berkas."),
    QT_TRANSLATE_NOOP("domain", "Nilai acak identitas harus 32 digit heksadesimal."),
    QT_TRANSLATE_NOOP("domain", "Isian tidak dikenal."),
    QT_TRANSLATE_NOOP("domain",
                      "Desa ini di luar kabupaten yang dilayani aplikasi ini. Arahkan pelapor "
                      "ke LAPOR! nasional (www.lapor.go.id atau SMS 1708)."),
    # deadlines.RULES
    QT_TRANSLATE_NOOP("domain", "Batas verifikasi"),
    QT_TRANSLATE_NOOP("domain", "Batas diteruskan ke instansi"),
    QT_TRANSLATE_NOOP("domain", "Batas tindak lanjut instansi"),
    QT_TRANSLATE_NOOP("domain", "Ditutup otomatis"),
    # workspace errors shown in dialogs
    QT_TRANSLATE_NOOP("domain", "Nama pengguna atau kata sandi salah."),
    QT_TRANSLATE_NOOP("domain", "Peran Anda tidak berwenang melihat identitas pelapor."),
    QT_TRANSLATE_NOOP("domain", "Kata sandi paling sedikit 8 karakter."),
    QT_TRANSLATE_NOOP("domain", "Nama pengguna sudah dipakai."),
    QT_TRANSLATE_NOOP("domain",
                      "Nama pengguna 2–64 karakter: huruf, angka, titik, garis bawah atau "
                      "tanda hubung."),
    QT_TRANSLATE_NOOP("domain",
                      "Kode wilayah tidak dikenal. Gunakan kode desa (PP.KK.CC.DDDD) atau "
                      "kecamatan (PP.KK.CC) dari daftar Kemendagri."),
    QT_TRANSLATE_NOOP("domain", "Anda tidak dapat menonaktifkan akun sendiri."),
)
