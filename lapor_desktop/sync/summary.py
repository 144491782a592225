"""What a sync run reports and the pieces its parts share: constants, messages for the
operator, progress and summary types, small time and file helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lapor_desktop.fsutil import sha256_file

EXIT_OK = 0
EXIT_ATTENTION = 1
EXIT_TEMPFAIL = 75

META_CURSOR = "sync_status_cursor"
META_LAST_OK = "sync_last_success"
META_LAST_ERROR = "sync_last_error"
META_LAST_ATTEMPT = "sync_last_attempt"

MSG_UNREACHABLE = ("Server pusat tidak dapat dihubungi. Tidak ada data yang hilang; laporan "
                   "tetap dalam antrean dan akan dikirim saat koneksi tersedia.")
MSG_OFFLINE = ("Komputer ini tidak tersambung ke jaringan. Tidak ada data yang hilang; laporan "
               "tetap dalam antrean dan dikirim otomatis saat jaringan tersedia.")
MSG_CAPTIVE = ("Jaringan menjawab dengan halaman lain (mungkin perlu login Wi-Fi/captive "
               "portal). Tidak ada yang dikirim; coba lagi setelah terhubung ke internet.")
MSG_AUTH = ("Server menolak token perangkat ini (dicabut atau tidak dikenal). Pengiriman "
            "dihentikan; semua laporan tetap dalam antrean. Daftarkan ulang perangkat dengan "
            "kode pendaftaran baru dari admin kabupaten.")
MSG_NOT_ENROLLED = ("Perangkat belum didaftarkan ke server pusat. Isi alamat server dan kode "
                    "pendaftaran, lalu daftarkan perangkat.")
MSG_NOT_CONFIGURED = ("Alamat server pusat belum diisi. Isi alamat server dan kode pendaftaran "
                      "di halaman Sinkronisasi, lalu daftarkan perangkat.")
MSG_CANCELLED = "Pengiriman dihentikan. Laporan yang belum terkirim tetap dalam antrean."
MSG_BUSY = "Pengiriman lain sedang berjalan."
MSG_CONFLICT = ("Server sudah menyimpan laporan dengan ID yang sama tetapi isinya berbeda. "
                "Data di server tidak ditimpa. Periksa laporan ini dan buat koreksi.")
MSG_TOO_LARGE = ("Laporan ini melebihi batas ukuran server sehingga tidak dapat dikirim. "
                 "Buat koreksi dengan isi atau lampiran yang lebih kecil.")
MSG_ATTACHMENT = "Lampiran ditolak server: {detail}. Buat koreksi laporan ini."
MSG_FILE_DAMAGED = ("Berkas lampiran di komputer ini rusak atau hilang (sidik sha256 tidak "
                    "cocok). Buat koreksi laporan dengan lampiran yang benar.")

HAVE_CHUNK = 500
STATUS_PAGE = 1000  # central's maximum page
MAX_STATUS_PAGES = 200
# Attachments upload on this many worker threads (each with its own HTTP session) once the
# link is measured at PARALLEL_MIN_RATE bytes/s or more; slower links go one at a time.
UPLOAD_WORKERS = 3
PARALLEL_MIN_RATE = 1_000_000


class Cancelled(Exception):
    pass


class _Stop(Exception):
    """End this run now, keeping everything queued (summary already filled in)."""


@dataclass
class SyncProgress:
    phase: str  # preflight|catalog|reports|attachments|status|done
    reports_done: int = 0
    reports_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0


@dataclass
class SyncSummary:
    # ok|unreachable|offline|captive|auth|not_enrolled|cancelled|busy|deferred|error
    outcome: str = "ok"
    message: str | None = None
    sent: int = 0                 # became terkirim in this run
    need_attention: int = 0       # became perlu_perbaikan in this run
    waiting: int = 0              # still queued after the run
    attention_total: int = 0      # perlu_perbaikan, not yet corrected
    attachments_uploaded: int = 0
    bytes_uploaded: int = 0
    status_changes: int = 0
    catalog_updated: bool = False
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None
    # The sync state after the run, read on the worker thread so the GUI need not ask the
    # database while it repaints (lapor_desktop.sync.state.SyncState; None from the CLI).
    after: Any = None

    @property
    def reachable(self) -> bool:
        return self.outcome not in ("unreachable", "offline", "captive", "not_enrolled")

    @property
    def exit_code(self) -> int:
        if self.outcome in ("auth", "not_enrolled", "error"):
            return EXIT_ATTENTION
        if self.outcome in ("unreachable", "offline", "captive", "cancelled", "busy"):
            return EXIT_TEMPFAIL if self.waiting or self.outcome != "cancelled" else (
                EXIT_ATTENTION if self.attention_total else EXIT_OK)
        if self.attention_total:
            return EXIT_ATTENTION
        if self.waiting:
            return EXIT_TEMPFAIL
        return EXIT_OK

    def counts_line(self) -> str:
        return (f"terkirim {self.sent}, perlu perbaikan {self.need_attention} "
                f"(total {self.attention_total}), menunggu {self.waiting}, lampiran "
                f"{self.attachments_uploaded} ({self.bytes_uploaded} bita), perubahan status "
                f"{self.status_changes}")


ProgressCallback = Callable[[SyncProgress], None]


def _now() -> datetime:
    return datetime.now(UTC)


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def _sha256_file(path: Path) -> str | None:
    """The file's sha256, or None when it cannot be read (a damaged attachment)."""
    try:
        return sha256_file(path)
    except OSError:
        return None
