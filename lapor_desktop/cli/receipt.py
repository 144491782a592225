"""``lapor-desktop report receipt ID --out FILE.pdf``: the same A4 receipt the app prints.

The PDF goes only where asked (it may carry the reporter's name). A publik report names the
reporter when the operator's role may see identities; that reading is audited as a reveal.
"""

from __future__ import annotations

from pathlib import Path

from lapor_desktop.cli.common import EXIT_OK, CliError, login, open_workspace, out


def cmd_report_receipt(args) -> int:
    from lapor_desktop import intake
    from lapor_desktop.cli.reports import _resolve_id
    from lapor_desktop.workspace import WorkspaceError

    target = Path(args.out)
    if target.suffix.lower() != ".pdf":
        raise CliError("Nama berkas keluaran harus berakhiran .pdf", 2)
    with open_workspace(args) as ws:
        actor = login(ws, args)
        rid = _resolve_id(ws, args.id)
        view = intake.get_report(ws, actor, rid)
        if view.local_state == "draf":
            raise CliError("Draf belum punya tanda terima: finalkan laporan dahulu.")
        if view.privacy == "publik" and actor.may_reveal_identity:
            view = intake.get_report(ws, actor, rid, reveal=True, reason="cetak_tanda_terima")
        from lapor_desktop.ui.i18n import install_language
        from lapor_desktop.ui.receipt import headless_app, write_receipt

        app = headless_app()

        install_language(ws.settings.language)
        try:
            path = write_receipt(ws, actor, view, target)
        except (OSError, WorkspaceError) as exc:
            raise CliError(f"Tanda terima tidak dapat ditulis: {exc}") from None
        del app
        out(f"Tanda terima {view.local_number} ditulis ke {path}")
    return EXIT_OK


def register_under(rsub, common) -> None:
    """Adds ``receipt`` to the ``report`` command group."""
    p = rsub.add_parser("receipt", help="tulis tanda terima (PDF A4)", parents=[common])
    p.add_argument("id", help="id, nomor lokal, atau nomor pelacakan")
    p.add_argument("--out", required=True, help="berkas PDF tujuan")
    p.set_defaults(func=cmd_report_receipt)
