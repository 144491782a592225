"""``lapor-desktop status [--json]``: the sync state the app shows, for scripts and support.

Counts and times only, never personal data. No login is needed (nothing is decrypted).
Exit status: 0 nothing waiting; 75 reports wait to be sent; 1 the device needs attention
(not configured, not enrolled, refused by central).
"""

from __future__ import annotations

from lapor_desktop.cli.common import dump_json, open_workspace, out

EXIT_TEMPFAIL = 75

STATE_TEXT = {
    "not_configured": "alamat server belum diisi",
    "not_enrolled": "perangkat belum didaftarkan",
    "no_network": "tidak ada jaringan",
    "unreachable": "server pusat tidak dapat dihubungi",
    "captive": "jaringan meminta login (captive portal)",
    "refused": "ditolak server",
    "partial": "sebagian terkirim",
    "all_sent": "semua terkirim",
    "idle": "belum pernah dicoba",
    "cancelled": "dihentikan",
}


def _when(value) -> str:
    return value.isoformat(timespec="seconds") if value else "-"


def cmd_status(args) -> int:
    from lapor_desktop.sync.state import read_state

    with open_workspace(args) as ws:
        st = read_state(ws)
    if args.json:
        dump_json(st.to_json())
    else:
        out(f"Keadaan: {STATE_TEXT.get(st.state, st.state)}")
        out(f"Terdaftar: {'ya' if st.enrolled else 'tidak'}")
        out(f"Server: {st.server or '-'}")
        out(f"Menunggu dikirim: {st.pending_reports} laporan, "
            f"{st.pending_attachments} lampiran")
        out(f"Tertua menunggu sejak: {_when(st.oldest_pending_at)}")
        out(f"Terakhir dicoba: {_when(st.last_attempt_at)}")
        out(f"Terakhir berhasil: {_when(st.last_success_at)}")
        out(f"Kesalahan terakhir: {st.last_error or '-'}")
    if st.state in ("not_configured", "not_enrolled", "refused"):
        return 1
    return EXIT_TEMPFAIL if st.pending_reports else 0


def register(subparsers, common) -> None:
    p = subparsers.add_parser("status", parents=[common],
                              help="keadaan sinkronisasi (antrean, terakhir dicoba/berhasil)")
    p.add_argument("--json", action="store_true", help="keluaran JSON")
    p.set_defaults(func=cmd_status)
