"""Command line: the same services as the desktop UI, for scripts and kecamatan batch work.

``lapor-desktop`` with no subcommand opens the desktop app. Output never carries personal
data unless a role allowed to see it asks for it (and that reveal is audited).
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import os
import sys
from typing import Any, Sequence

from lapor_desktop import __version__
from lapor_desktop.config import ENV_PASSWORD

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_INVALID = 2

# Feature areas that add their own subcommands: each module has
# register(subparsers, common) and gives its leaf parsers ``parents=[common]``.
EXTENSIONS = ("lapor_desktop.sync.cli", "lapor_desktop.bundles_cli")


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_ERROR):
        super().__init__(message)
        self.code = code


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


def dump_json(value: Any) -> None:
    out(json.dumps(value, ensure_ascii=False, indent=2, default=str))


# ---------------------------------------------------------------------------- context

def open_workspace(args):
    from lapor_desktop.logging_setup import configure
    from lapor_desktop.workspace import Workspace

    ws = Workspace.open(args.data_dir)
    configure(ws.paths.logs)
    return ws


def read_password(prompt: str = "Kata sandi: ", confirm: bool = False) -> str:
    env = os.environ.get(ENV_PASSWORD)
    if env:
        return env
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError(f"Kata sandi tidak diberikan: isi variabel {ENV_PASSWORD}.")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Ulangi kata sandi: ") != first:
        raise CliError("Kata sandi tidak sama.")
    return first


def login(ws, args):
    if not ws.is_initialised:
        raise CliError("Aplikasi belum disiapkan. Jalankan dulu: lapor-desktop init --region "
                       "KODE --operator NAMA")
    return ws.login(getattr(args, "operator", None), read_password())


# ---------------------------------------------------------------------------- commands

def cmd_init(args) -> int:
    with open_workspace(args) as ws:
        password = read_password("Kata sandi operator baru: ", confirm=True)
        actor = ws.initialise(args.region, args.operator, password,
                              args.display_name or args.operator)
        out(f"Siap: wilayah {ws.region_code}, perangkat {ws.device_id}, "
            f"operator {actor.username} ({actor.role}).")
    return EXIT_OK


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
            from lapor_desktop.deadlines import WIB

            for e in doc["timeline"]:
                at = e["at"].astimezone(WIB).strftime("%d-%m-%Y %H:%M WIB")
                out(f"{'status':>16}: {at} {e['status']} {e['note'] or ''}")
    return EXIT_OK


def cmd_catalog_list(args) -> int:
    with open_workspace(args) as ws:
        cat = ws.catalog()
        if args.json:
            dump_json(cat.to_dict())
        else:
            out(f"Versi katalog: {cat.version}")
            out("Kategori:")
            for code, name in cat.categories.items():
                out(f"  {code:<20} {name}")
            out("Instansi:")
            for code, name in cat.agencies.items():
                out(f"  {code:<20} {name}")
    return EXIT_OK


def cmd_operator_add(args) -> int:
    with open_workspace(args) as ws:
        actor = login(ws, args)
        new_password = os.environ.get("LAPOR_DESKTOP_NEW_PASSWORD") or read_password(
            "Kata sandi operator baru: ", confirm=True)
        info = ws.add_operator(actor, args.username, args.display_name or args.username,
                               args.role, new_password)
        out(f"Operator {info.username} ({info.role}) ditambahkan.")
    return EXIT_OK


def cmd_operator_list(args) -> int:
    with open_workspace(args) as ws:
        for o in ws.operators():
            out(f"{o.username:<20} {o.role:<12} {'aktif' if o.active else 'nonaktif'}")
    return EXIT_OK


def cmd_gui(args) -> int:
    from lapor_desktop.ui.app import run

    return run(args.data_dir)


# ---------------------------------------------------------------------------- parser

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="lapor-desktop",
                                description="LAPOR Desktop: penerimaan pengaduan desa.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--data-dir", help="folder data (default: folder data pengguna)")
    p.add_argument("--operator", help="nama pengguna operator (boleh kosong bila hanya satu)")
    p.set_defaults(func=cmd_gui)
    # Global options are accepted after the subcommand too (``init --operator NAME``).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--operator", default=argparse.SUPPRESS,
                        help="nama pengguna operator")
    sub = p.add_subparsers(dest="command")

    init = sub.add_parser("init", help="siapkan instalasi baru", parents=[common])
    init.add_argument("--region", required=True,
                      help="kode desa PP.KK.CC.DDDD atau kecamatan PP.KK.CC")
    init.add_argument("--display-name")
    init.set_defaults(func=cmd_init)

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

    cat = sub.add_parser("catalog", help="katalog kategori dan instansi")
    csub = cat.add_subparsers(dest="catalog_command", required=True)
    clist = csub.add_parser("list", parents=[common])
    clist.add_argument("--json", action="store_true")
    clist.set_defaults(func=cmd_catalog_list)

    op = sub.add_parser("operator", help="kelola operator")
    osub = op.add_subparsers(dest="operator_command", required=True)
    oadd = osub.add_parser("add", parents=[common])
    oadd.add_argument("username")
    oadd.add_argument("--role", required=True,
                      choices=["operator", "kepala_desa", "kecamatan", "admin"])
    oadd.add_argument("--display-name")
    oadd.set_defaults(func=cmd_operator_add)
    olist = osub.add_parser("list", parents=[common])
    olist.set_defaults(func=cmd_operator_list)

    for name in EXTENSIONS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub, common)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from lapor_desktop.store import DatabaseError
    from lapor_desktop.workspace import WorkspaceError

    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        err(str(exc))
        return exc.code
    except (WorkspaceError, DatabaseError) as exc:
        err(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        err("Dibatalkan.")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
