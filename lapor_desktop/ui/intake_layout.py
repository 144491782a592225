"""The intake form's layout, section by section (the form's behaviour: intake_form.py).

Sections: the kind of report, the complainant's identity, privacy, the content, category
and agency, attachments, and the button bar. Each method adds its widgets to a column.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from lapor_desktop.ui.i18n import dt
from lapor_desktop.ui.widgets import (
    FieldBox,
    RegionEdit,
    message_label,
    page_layout,
    page_title,
)
from lapor_protocol.domain import (
    CHANNEL_LABELS,
    KIND_LABELS,
    PRIVACY_HELP,
    PRIVACY_LABELS,
    Channel,
    Kind,
    Privacy,
)


class IntakeLayout:
    """Builds the widgets of :class:`IntakeForm` (a QWidget subclass mixes this in)."""

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

        self._build_kind(left)
        self._build_identity(left)
        self._build_privacy(left)
        self._build_content(right)
        self._build_routing(right)
        self._build_attachments(right)
        left.addStretch(1)
        right.addStretch(1)
        self._build_buttons(outer)
        self._tab_order()

    def _build_kind(self, left) -> None:
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

    def _build_identity(self, left) -> None:
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

    def _build_privacy(self, left) -> None:
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

    def _build_content(self, right) -> None:
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

    def _build_routing(self, right) -> None:
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

    def _build_attachments(self, right) -> None:
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
        self.attach_state = QLabel()
        self.attach_state.setObjectName("help")
        self.attach_state.hide()
        right.addWidget(self.attach_state)
        self.attachment_error = message_label("fieldError")
        right.addWidget(self.attachment_error)

    def _build_buttons(self, outer) -> None:
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

    def _tab_order(self) -> None:
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
