"""Installation and reference-data commands: ``init``, ``catalog``, ``operator``."""

from __future__ import annotations

import os

from lapor_desktop.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    dump_json,
    login,
    open_workspace,
    out,
    read_password,
)


def cmd_init(args) -> int:
    with open_workspace(args) as ws:
        password = read_password("Kata sandi operator baru: ", confirm=True)
        actor = ws.initialise(args.region, args.operator, password,
                              args.display_name or args.operator)
        from lapor_desktop import device

        out(f"Siap: wilayah {ws.region_code}, perangkat {ws.device_id} "
            f"(kode {device.assign_code(ws)}), operator {actor.username} ({actor.role}).")
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
        login(ws, args)  # who may log in here is not for anyone at the keyboard
        for o in ws.operators():
            out(f"{o.username:<20} {o.role:<12} {'aktif' if o.active else 'nonaktif'}")
    return EXIT_OK


def cmd_operator_role(args) -> int:
    """Promote or demote an operator (admin): the role key follows the role."""
    with open_workspace(args) as ws:
        actor = login(ws, args)
        found = [o for o in ws.operators() if o.username == args.username]
        if not found:
            raise CliError("Operator tidak ditemukan.", EXIT_INVALID)
        ws.set_operator_role(actor, found[0].id, args.role)
        out(f"Peran {args.username} sekarang {args.role}.")
    return EXIT_OK


def cmd_operator_passwd(args) -> int:
    """Change the logged-in operator's own password (checked for strength)."""
    with open_workspace(args) as ws:
        actor = login(ws, args)
        new_password = os.environ.get("LAPOR_DESKTOP_NEW_PASSWORD") or read_password(
            "Kata sandi baru: ", confirm=True)
        ws.change_password(actor, new_password)
        out(f"Kata sandi {actor.username} diganti.")
    return EXIT_OK


def register(sub, common) -> None:
    init = sub.add_parser("init", help="siapkan instalasi baru", parents=[common])
    init.add_argument("--region", required=True,
                      help="kode desa PP.KK.CC.DDDD atau kecamatan PP.KK.CC")
    init.add_argument("--display-name")
    init.set_defaults(func=cmd_init)

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
    orole = osub.add_parser("role", help="ubah peran operator (admin)", parents=[common])
    orole.add_argument("username")
    orole.add_argument("--role", required=True,
                       choices=["operator", "kepala_desa", "kecamatan", "admin"])
    orole.set_defaults(func=cmd_operator_role)
    opw = osub.add_parser("passwd", help="ganti kata sandi sendiri", parents=[common])
    opw.set_defaults(func=cmd_operator_passwd)
    olist = osub.add_parser("list", parents=[common])
    olist.set_defaults(func=cmd_operator_list)
