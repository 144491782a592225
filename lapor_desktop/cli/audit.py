"""``audit`` commands: list the audit log, verify its hash chain.

The log is read by ``kepala_desa`` and ``admin``; its entries carry no password and no
identity value (a reveal records its reason, not what was shown).
"""

from __future__ import annotations

from datetime import date

from lapor_desktop.cli.common import (
    EXIT_ERROR,
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    dump_json,
    login,
    open_workspace,
    out,
)


def _since(text: str | None) -> date | None:
    if not text:
        return None
    from lapor_protocol.domain import DATE_RE

    try:
        if not DATE_RE.match(text):  # not "2026-W49-3" or "20261201"
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise CliError("Tanggal harus berformat TTTT-BB-HH.", EXIT_INVALID) from None


def cmd_audit_list(args) -> int:
    from lapor_desktop import audit

    since = _since(args.since)
    with open_workspace(args) as ws:
        actor = login(ws, args)
        events = audit.list_events(ws, actor, since=since, action=args.action,
                                   limit=args.limit)
        if args.json:
            dump_json([e.as_dict() for e in events])
            return EXIT_OK
        for e in events:
            out(f"{e.at_local:<20} {e.action:<18} {e.operator or '-':<14} "
                f"{e.report_id or '-':<36} {e.detail_text}")
    return EXIT_OK


def cmd_audit_verify(args) -> int:
    from lapor_desktop import anchors, audit

    with open_workspace(args) as ws:
        # The keyed links are checked with the verifier's root key: a login of a role that
        # holds it (kepala desa, admin).
        actor = login(ws, args)
        ok, broken = audit.verify(ws, actor)
        with ws.db.read() as s:
            count = audit.count(s)
            # The chain must also still reach and match the anchors that left the laptop.
            cut = anchors.check_local(s, ws.device_id)
            flag = anchors.central_flag(s, ws.device_id)
    if not ok:
        out(f"Jejak audit RUSAK mulai catatan #{broken}: ada catatan yang diubah atau "
            "dihapus.")
    if not ok or cut is not None or flag is not None:
        for line in (cut.message if cut else None, flag):
            if line:
                out(line)
        return EXIT_ERROR
    out(f"Jejak audit utuh: {count} catatan, rantai hash cocok.")
    return EXIT_OK


def register(sub, common) -> None:
    aud = sub.add_parser("audit", help="jejak audit")
    asub = aud.add_subparsers(dest="audit_command", required=True)
    lst = asub.add_parser("list", help="daftar catatan audit (kepala desa, admin)",
                          parents=[common])
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--since", help="sejak tanggal TTTT-BB-HH")
    lst.add_argument("--action", help="hanya tindakan ini, mis. reveal_identity")
    lst.add_argument("--limit", type=int, default=1000)
    lst.set_defaults(func=cmd_audit_list)
    ver = asub.add_parser("verify", help="periksa rantai hash jejak audit (kepala desa, admin)",
                          parents=[common])
    ver.set_defaults(func=cmd_audit_verify)
