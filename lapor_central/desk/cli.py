"""``lapor-central staff add|list|disable``: desk accounts.

The password comes from ``LAPOR_CENTRAL_PASSWORD`` or an interactive prompt (asked twice).
Exit codes: 0 success, 1 not found, 2 refused (weak password, bad name, unknown agency).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

PASSWORD_ENV = "LAPOR_CENTRAL_PASSWORD"


def _db(args: argparse.Namespace):
    from lapor_central.db import Database

    db = Database(args.db)
    db.migrate()
    return db


def _password() -> str | None:
    env = os.environ.get(PASSWORD_ENV)
    if env:
        return env
    if not sys.stdin.isatty():
        print(f"Kata sandi tidak diberikan: isi {PASSWORD_ENV} atau jalankan di terminal.",
              file=sys.stderr)
        return None
    first = getpass.getpass("Kata sandi: ")
    if first != getpass.getpass("Ulangi kata sandi: "):
        print("Kedua kata sandi tidak sama.", file=sys.stderr)
        return None
    return first


def cmd_add(args: argparse.Namespace) -> int:
    from lapor_central.desk.passwords import WeakPassword
    from lapor_central.desk.staff import StaffError, add_staff
    from lapor_central.service import load_catalog

    password = _password()
    if password is None:
        return 2
    db = _db(args)
    try:
        info = add_staff(db, args.username, args.role, password, agency=args.agency,
                         display_name=args.display_name,
                         agencies=set(load_catalog(db).agencies))
    except (StaffError, WeakPassword) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"Staf {info.username} ({info.role}"
          f"{', ' + info.agency if info.agency else ''}) dibuat.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from lapor_central.desk.staff import list_staff

    for s in list_staff(_db(args)):
        state = "nonaktif" if s.disabled else "aktif"
        print(f"{s.username}\t{s.role}\t{s.agency or '-'}\t{state}\t{s.display_name}")
    return 0


def cmd_disable(args: argparse.Namespace) -> int:
    from lapor_central.desk.staff import disable_staff

    try:
        info = disable_staff(_db(args), args.username)
    except LookupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"Staf {info.username} dinonaktifkan; sesinya diakhiri.")
    return 0


def register(subparsers) -> None:
    st = subparsers.add_parser("staff", help="desk accounts (kabupaten and agency staff)")
    ss = st.add_subparsers(dest="staff_command", required=True)
    a = ss.add_parser("add", help=f"add a staff account (password from ${PASSWORD_ENV} "
                                  "or a prompt)")
    a.add_argument("username")
    a.add_argument("--role", required=True, choices=["kabupaten", "agency"])
    a.add_argument("--agency", help="agency code from the catalogue (required for agency)")
    a.add_argument("--display-name")
    a.add_argument("--db", required=True)
    a.set_defaults(func=cmd_add)
    lst = ss.add_parser("list", help="list staff accounts")
    lst.add_argument("--db", required=True)
    lst.set_defaults(func=cmd_list)
    d = ss.add_parser("disable", help="disable an account and end its sessions")
    d.add_argument("username")
    d.add_argument("--db", required=True)
    d.set_defaults(func=cmd_disable)
