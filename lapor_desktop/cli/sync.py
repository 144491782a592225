"""``lapor-desktop enroll URL --code CODE`` and ``lapor-desktop sync``.

Exit status of ``sync``: 0 nothing left to send; 75 central unreachable (nothing lost, try
later); 1 some reports need attention (or the device must be enrolled again). Output is
counts only, never personal data.
"""

from __future__ import annotations

import os
import signal
import threading

from lapor_desktop.cli.common import CliError, err, login, open_workspace, out

EXIT_TEMPFAIL = 75


def cmd_enroll(args) -> int:
    from lapor_desktop.sync.gateway import (
        CaptivePortal,
        EnrollmentRefused,
        GatewayError,
        TransientError,
    )
    from lapor_desktop.sync.service import enroll_device

    code = args.code or os.environ.get("LAPOR_DESKTOP_ENROLL_CODE")
    if not code:
        raise CliError("Kode pendaftaran wajib diisi (--code).", 2)
    with open_workspace(args) as ws:
        actor = login(ws, args)
        try:
            result = enroll_device(ws, actor, args.url, code)
        except CaptivePortal:
            raise CliError("Yang menjawab bukan server LAPOR (mungkin perlu login jaringan). "
                           "Perangkat belum terdaftar.", EXIT_TEMPFAIL) from None
        except TransientError:
            raise CliError("Server tidak dapat dihubungi. Perangkat belum terdaftar; coba "
                           "lagi nanti.", EXIT_TEMPFAIL) from None
        except EnrollmentRefused as exc:
            raise CliError(f"Pendaftaran ditolak server: {exc}") from None
        except GatewayError as exc:
            raise CliError(f"Pendaftaran gagal: {exc}") from None
        out(f"Perangkat terdaftar untuk wilayah {result.region_code}.")
    return 0


def cmd_sync(args) -> int:
    from lapor_desktop.sync.service import make_engine

    with open_workspace(args) as ws:
        actor = login(ws, args)
        if not ws.settings.endpoint_url:
            raise CliError("Perangkat belum didaftarkan. Jalankan: lapor-desktop enroll URL "
                           "--code KODE")
        cancel = threading.Event()

        def stop(_signum, _frame):
            cancel.set()

        old = signal.signal(signal.SIGTERM, stop)
        engine = make_engine(ws, actor)
        try:
            summary = engine.run_once(cancel=cancel, manual=not args.auto)
        finally:
            signal.signal(signal.SIGTERM, old)
            engine.gateway.close()
        out(f"Hasil: {summary.outcome}")
        out(f"Terkirim: {summary.sent}")
        out(f"Perlu perbaikan: {summary.need_attention} (seluruhnya {summary.attention_total})")
        out(f"Menunggu: {summary.waiting}")
        out(f"Lampiran: {summary.attachments_uploaded} ({summary.bytes_uploaded} bita)")
        out(f"Perubahan status: {summary.status_changes}")
        if summary.message:
            err(summary.message)
        return summary.exit_code


def register(subparsers, common) -> None:
    enroll = subparsers.add_parser("enroll", parents=[common],
                                   help="daftarkan perangkat ke server pusat")
    enroll.add_argument("url", help="alamat server, mis. https://lapor.sintang.go.id")
    enroll.add_argument("--code", help="kode pendaftaran sekali pakai")
    enroll.set_defaults(func=cmd_enroll)
    sync = subparsers.add_parser("sync", parents=[common],
                                 help="kirim laporan dan ambil perubahan status")
    sync.add_argument("--auto", action="store_true",
                      help="ikuti jadwal coba-ulang (untuk penjadwal), bukan kirim segera")
    sync.set_defaults(func=cmd_sync)
