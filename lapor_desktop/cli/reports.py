"""``report`` commands: add, list, show, search."""

from __future__ import annotations

import json
import sys

from lapor_desktop.cli.common import (EXIT_INVALID, EXIT_OK, CliError, dump_json, err, login,
                                      open_workspace, out)


def _load_items(source: str) -> list:
    try:
        raw = sys.stdin.read() if source == "-" else open(source, encoding="utf-8").read()
    except OSError as exc:
        raise CliError(f"Berkas tidak dapat dibaca: {exc}", EXIT_INVALID) from None
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise CliError(f"Bukan JSON yang sah: {exc}", EXIT_INVALID) from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise CliError("Tidak ada laporan dalam masukan.", EXIT_INVALID)
    return items


def cmd_report_add(args) -> int:
    from lapor_desktop import intake

    items = _load_items(args.file)
    with open_workspace(args) as ws:
        actor = login(ws, args)
        bad = [i for i, item in enumerate(items) if not isinstance(item, dict)]
        if bad:
            raise CliError("\n".join(f"[{i}] : setiap laporan harus berupa objek JSON."
                                     for i in bad), EXIT_INVALID)
        try:
            done = intake.create_reports(ws, actor, items)
        except intake.BatchValidationFailed as exc:
            for index, result in exc.errors:
                for issue in result.errors:
                    err(f"[{index}] {issue.field}: {issue.message}")
            err("Tidak ada laporan yang disimpan.")
            return EXIT_INVALID
        for f in done:
            out(f"{f.id} {f.local_number}")
    return EXIT_OK


def _row_json(row) -> dict:
    return {"id": row.id, "local_number": row.local_number, "created_at": row.created_at,
            "title": row.title, "kind": row.kind, "state": row.local_state,
            "remote_status": row.remote_status, "tracking_id": row.tracking_id}


def _print_rows(rows, as_json: bool) -> None:
    if as_json:
        dump_json([_row_json(r) for r in rows])
        return
    for r in rows:
        out(f"{r.local_number or '(draf)':<28} {r.local_state:<16} "
            f"{(r.remote_status or '-'):<16} {r.title}")


def cmd_report_list(args) -> int:
    from lapor_desktop import search

    with open_workspace(args) as ws:
        rows = search.query(ws, search.Filters(state=args.state, kind=args.kind),
                            limit=args.limit, offset=args.offset)
        _print_rows(rows, args.json)
    return EXIT_OK


def cmd_report_search(args) -> int:
    from lapor_desktop import search

    with open_workspace(args) as ws:
        rows = search.query(ws, search.Filters(text=args.text, state=args.state),
                            limit=args.limit)
        _print_rows(rows, args.json)
    return EXIT_OK


def _resolve_id(ws, ident: str) -> str:
    from sqlalchemy import or_, select

    from lapor_desktop.store.models import Report

    with ws.db.read() as s:
        rid = s.scalar(select(Report.id).where(or_(
            Report.id == ident, Report.local_number == ident, Report.tracking_id == ident)))
    if rid is None:
        raise CliError(f"Laporan '{ident}' tidak ditemukan.")
    return rid


def cmd_report_show(args) -> int:
    from lapor_desktop import intake

    with open_workspace(args) as ws:
        actor = login(ws, args)
        rid = _resolve_id(ws, args.id)
        reveal = actor.may_reveal_identity
        view = intake.get_report(ws, actor, rid, reveal=reveal)
        doc = {
            "id": view.id, "local_number": view.local_number, "state": view.local_state,
            "kind": view.kind, "title": view.title, "body": view.body,
            "incident_date": view.incident_date, "region_code": view.region_code,
            "location_detail": view.location_detail, "category": view.category,
            "agency": view.agency, "privacy": view.privacy, "channel": view.channel,
            "content_hash": view.content_hash, "tracking_id": view.tracking_id,
            "remote_status": view.remote_status, "supersedes": view.supersedes,
            "superseded_by": view.superseded_by,
            "attachments": [{"id": a.id, "file_name": a.file_name, "media_type": a.media_type,
                             "size": a.size, "sha256": a.sha256, "uploaded": a.uploaded}
                            for a in view.attachments],
            "timeline": [{"status": e.status, "note": e.note, "agency": e.agency, "at": e.at}
                         for e in view.timeline],
        }
        if reveal:
            doc["complainant"] = view.identity.__dict__
        if args.json:
            dump_json(doc)
        else:
            for key, value in doc.items():
                if key in ("attachments", "timeline", "complainant"):
                    continue
                out(f"{key:>16}: {value if value is not None else '-'}")
            for a in doc["attachments"]:
                out(f"{'lampiran':>16}: {a['file_name']} ({a['size']} B, {a['sha256'][:12]}…)")
            from lapor_protocol.deadlines import WIB

            for e in doc["timeline"]:
                at = e["at"].astimezone(WIB).strftime("%d-%m-%Y %H:%M WIB")
                out(f"{'status':>16}: {at} {e['status']} {e['note'] or ''}")
    return EXIT_OK


def register(sub, common) -> None:
    report = sub.add_parser("report", help="laporan")
    rsub = report.add_subparsers(dest="report_command", required=True)
    add = rsub.add_parser("add", help="tambah dan finalkan laporan dari JSON", parents=[common])
    add.add_argument("file", help="berkas JSON atau - untuk stdin")
    add.set_defaults(func=cmd_report_add)
    lst = rsub.add_parser("list", help="daftar laporan", parents=[common])
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--state")
    lst.add_argument("--kind")
    lst.add_argument("--limit", type=int, default=1000)
    lst.add_argument("--offset", type=int, default=0)
    lst.set_defaults(func=cmd_report_list)
    show = rsub.add_parser("show", help="rincian satu laporan", parents=[common])
    show.add_argument("id", help="id, nomor lokal, atau nomor pelacakan")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_report_show)
    srch = rsub.add_parser("search", help="cari laporan", parents=[common])
    srch.add_argument("text")
    srch.add_argument("--json", action="store_true")
    srch.add_argument("--state")
    srch.add_argument("--limit", type=int, default=100)
    srch.set_defaults(func=cmd_report_search)
    from lapor_desktop.cli import receipt

    receipt.register_under(rsub, common)
