"""``report`` commands: add, list, show, search, reveal, correct.

``show`` never prints a complainant's identity; ``reveal`` does, for the roles allowed to
see it, with a reason that is audited.
"""

from __future__ import annotations

import json
import sys

from lapor_desktop.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    dump_json,
    err,
    login,
    open_workspace,
    out,
    read_regular,
)

MAX_JSON_BYTES = 50 * 1024 * 1024
MAX_JSON_DEPTH = 32


def _read_source(source: str) -> bytes:
    if source == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text stream (tests, embedding): already decoded
            return sys.stdin.read(MAX_JSON_BYTES + 1).encode("utf-8", "surrogatepass")
        return stream.read(MAX_JSON_BYTES + 1)
    return read_regular(source, MAX_JSON_BYTES + 1)


def _depth(value, limit: int) -> int:
    """Nesting depth of parsed JSON, without recursion (stops counting past ``limit``)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, d = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, d)
            if deepest > limit:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((c, d + 1) for c in children)
    return deepest


def load_json(source: str):
    """Parsed JSON from a file or stdin; a clear CliError (exit 2) for anything else."""
    raw = _read_source(source)
    if len(raw) > MAX_JSON_BYTES:
        raise CliError("Berkas JSON terlalu besar (maks. 50 MB).", EXIT_INVALID)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CliError(f"Berkas bukan teks UTF-8 (bita ke-{exc.start}). Simpan ulang sebagai "
                       "UTF-8.", EXIT_INVALID) from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise CliError(f"JSON bersarang terlalu dalam (maks. {MAX_JSON_DEPTH} tingkat).",
                       EXIT_INVALID) from None
    except ValueError as exc:
        raise CliError(f"Bukan JSON yang sah: {exc}", EXIT_INVALID) from None
    if _depth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise CliError(f"JSON bersarang terlalu dalam (maks. {MAX_JSON_DEPTH} tingkat).",
                       EXIT_INVALID)
    return data


def _load_items(source: str) -> list:
    data = load_json(source)
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
        login(ws, args)  # titles of complaints: never without a login
        rows = search.query(ws, search.Filters(state=args.state, kind=args.kind),
                            limit=args.limit, offset=args.offset)
        _print_rows(rows, args.json)
    return EXIT_OK


def cmd_report_search(args) -> int:
    """Words search titles and bodies; a phone number or NIK finds that citizen's reports
    (blind index) for the roles that may reveal identities."""
    from lapor_desktop import search

    with open_workspace(args) as ws:
        actor = login(ws, args)  # every search needs a login, not only one by phone/NIK
        digests: tuple[str, ...] = ()
        if search.looks_like_identity(args.text):
            if not actor.may_reveal_identity:
                raise CliError("Peran Anda tidak berwenang mencari berdasarkan nomor telepon "
                               "atau NIK.")
            digests = search.identity_digests(actor, args.text)
            from lapor_desktop import audit

            with ws.db.write() as s:
                audit.record(s, operator_id=actor.operator_id, action="identity_search")
        rows = search.query(ws, search.Filters(text=args.text, state=args.state,
                                               identity=digests), limit=args.limit)
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


def _doc(view) -> dict:
    return {
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


def _print_doc(doc: dict) -> None:
    for key, value in doc.items():
        if key in ("attachments", "timeline", "complainant"):
            continue
        out(f"{key:>16}: {value if value is not None else '-'}")
    for key, value in (doc.get("complainant") or {}).items():
        out(f"{key:>16}: {value if value is not None else '-'}")
    for a in doc["attachments"]:
        out(f"{'lampiran':>16}: {a['file_name']} ({a['size']} B, {a['sha256'][:12]}...)")
    from lapor_protocol.deadlines import WIB

    for e in doc["timeline"]:
        at = e["at"].astimezone(WIB).strftime("%d-%m-%Y %H:%M WIB")
        out(f"{'status':>16}: {at} {e['status']} {e['note'] or ''}")


def cmd_report_show(args) -> int:
    """A report without its complainant's identity (``report reveal`` shows that)."""
    from lapor_desktop import intake

    with open_workspace(args) as ws:
        actor = login(ws, args)
        doc = _doc(intake.get_report(ws, actor, _resolve_id(ws, args.id)))
        if args.json:
            dump_json(doc)
        else:
            _print_doc(doc)
    return EXIT_OK


def cmd_report_reveal(args) -> int:
    """A report with the complainant's identity, for the roles allowed; audited with the
    reason. ``operator`` is refused and nothing is printed."""
    from lapor_desktop import intake

    with open_workspace(args) as ws:
        actor = login(ws, args)
        if not actor.may_reveal_identity:
            raise CliError("Peran Anda tidak berwenang melihat identitas pelapor.")
        # A reason code (see REVEAL_REASONS) or free text (recorded as "lainnya").
        coded = args.reason.strip() in _reason_codes()
        view = intake.get_report(ws, actor, _resolve_id(ws, args.id), reveal=True,
                                 reason=args.reason.strip() if coded else "lainnya",
                                 note=None if coded else args.reason)
        doc = _doc(view)
        doc["complainant"] = dict(view.identity.__dict__)
        if args.json:
            dump_json(doc)
        else:
            _print_doc(doc)
    return EXIT_OK


def cmd_report_correct(args) -> int:
    """Correct a finalised report from a JSON object of the changed fields; identity fields
    left out keep the original values (which are never printed)."""
    from lapor_desktop import corrections, intake

    changes = load_json(args.file)
    if not isinstance(changes, dict):
        raise CliError("Koreksi harus berupa satu objek JSON.", EXIT_INVALID)
    with open_workspace(args) as ws:
        actor = login(ws, args)
        try:
            done = corrections.correct(ws, actor, _resolve_id(ws, args.id), changes)
        except intake.ValidationFailed as exc:
            for issue in exc.result.errors:
                err(f"{issue.field}: {issue.message}")
            err("Koreksi tidak disimpan.")
            return EXIT_INVALID
        out(f"{done.id} {done.local_number}")
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
    rev = rsub.add_parser("reveal", help="rincian dengan identitas pelapor (dicatat)",
                          parents=[common])
    rev.add_argument("id", help="id, nomor lokal, atau nomor pelacakan")
    rev.add_argument("--reason", required=True,
                     help="alasan membuka identitas: kode baku (" + ", ".join(_reason_codes())
                     + ") atau keterangan bebas")
    rev.add_argument("--json", action="store_true")
    rev.set_defaults(func=cmd_report_reveal)
    cor = rsub.add_parser("correct", help="koreksi laporan final dari JSON isian yang diubah",
                          parents=[common])
    cor.add_argument("id", help="id, nomor lokal, atau nomor pelacakan")
    cor.add_argument("file", help="berkas JSON atau - untuk stdin")
    cor.set_defaults(func=cmd_report_correct)
    srch = rsub.add_parser("search", help="cari laporan (kata, atau nomor telepon/NIK)",
                           parents=[common])
    srch.add_argument("text")
    srch.add_argument("--json", action="store_true")
    srch.add_argument("--state")
    srch.add_argument("--limit", type=int, default=100)
    srch.set_defaults(func=cmd_report_search)
    from lapor_desktop.cli import receipt

    receipt.register_under(rsub, common)


def _reason_codes():
    from lapor_desktop.report_view import REVEAL_REASONS

    return REVEAL_REASONS
