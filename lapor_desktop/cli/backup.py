"""``backup create FILE`` and ``--data-dir NEW backup restore FILE``.

Registered by ``lapor_desktop.cli``.
"""

from __future__ import annotations

from pathlib import Path

from lapor_desktop.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    check_input_file,
    login,
    open_workspace,
    out,
    read_password,
)


def cmd_backup_create(args) -> int:
    from lapor_desktop import backup

    with open_workspace(args) as ws:
        actor = login(ws, args)
        res = backup.create_backup(ws, actor, Path(args.file))
        out(f"Cadangan ditulis ke {res.path}: {res.reports} laporan, {res.attachments} "
            f"lampiran, {res.bytes} byte. Simpan di flashdisk, terpisah dari laptop ini.")
    return EXIT_OK


def cmd_backup_restore(args) -> int:
    from lapor_desktop import backup
    from lapor_desktop.config import resolve_data_dir

    check_input_file(args.file)  # a FIFO would block, a folder would not be a backup
    target = resolve_data_dir(args.data_dir)
    password = read_password("Kata sandi salah satu operator di cadangan: ")
    try:
        res = backup.restore_backup(Path(args.file), target, password)
    except backup.BackupError as exc:
        raise CliError(f"Pemulihan gagal: {exc}", EXIT_INVALID) from None
    out(f"Dipulihkan ke {res.data_dir}: wilayah {res.region_code}, {res.reports} laporan, "
        f"{res.attachments} lampiran; jejak audit "
        f"{'utuh' if res.audit_ok else 'RUSAK — hubungi admin kabupaten'}.")
    out("Masuk dengan nama pengguna dan kata sandi yang sama seperti di laptop lama.")
    return EXIT_OK if res.audit_ok else EXIT_INVALID


def register(subparsers, common) -> None:
    bk = subparsers.add_parser("backup", help="cadangan terenkripsi seluruh instalasi")
    bsub = bk.add_subparsers(dest="backup_command", required=True)
    create = bsub.add_parser("create", help="tulis berkas cadangan", parents=[common])
    create.add_argument("file")
    create.set_defaults(func=cmd_backup_create)
    restore = bsub.add_parser("restore", help="pulihkan cadangan ke folder data kosong",
                              parents=[common])
    restore.add_argument("file")
    restore.set_defaults(func=cmd_backup_restore)
