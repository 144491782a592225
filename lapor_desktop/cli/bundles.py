"""CLI for offline transfer: ``kecamatan-key``, ``bundle`` and ``kecamatan summary``.

Registered by ``lapor_desktop.cli``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lapor_desktop.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    check_input_file,
    dump_json,
    err,
    login,
    open_workspace,
    out,
)


def _progress(stage: str, done: int, total: int) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{stage}: {done}/{total}   ")
        if done >= total:
            sys.stderr.write("\n")


# ---------------------------------------------------------------------------- keys

def cmd_key_export(args) -> int:
    from lapor_desktop import kecamatan as kec

    with open_workspace(args) as ws:
        actor = login(ws, args)
        if not ws.is_kecamatan:
            raise CliError("Hanya instalasi kecamatan yang memiliki kunci kecamatan.")
        key = kec.export_key(ws, actor, Path(args.file))
        out(f"Kunci kecamatan {key.region_code} ditulis ke {args.file}.")
        out(f"Sidik jari: {key.short_fingerprint}")
        out("Bacakan sidik jari ini kepada operator desa saat mereka mengimpor kunci.")
    return EXIT_OK


def cmd_key_import(args) -> int:
    from lapor_desktop import kecamatan as kec

    check_input_file(args.file, kec.KEY_FILE_MAX)
    with open_workspace(args) as ws:
        actor = login(ws, args)
        try:
            key = kec.read_key_file(Path(args.file))
            kec.check_key_for_village(ws, key)
        except kec.KeyFileError as exc:
            raise CliError(str(exc), EXIT_INVALID) from None
        out(f"Kunci kecamatan {key.region_code} ({kec.village_name(key.region_code)})")
        out(f"Sidik jari: {key.short_fingerprint}")
        if not args.yes:
            if not sys.stdin or not sys.stdin.isatty():
                raise CliError("Cocokkan sidik jari dengan kecamatan, lalu ulangi dengan --yes.",
                               EXIT_INVALID)
            answer = input("Sidik jari sama dengan yang disebut kecamatan? [y/T] ")
            if answer.strip().lower() not in ("y", "ya"):
                raise CliError("Dibatalkan: kunci tidak diimpor.")
        kec.import_key(ws, actor, key)
        out("Kunci kecamatan diimpor.")
    return EXIT_OK


def cmd_key_show(args) -> int:
    from lapor_desktop import kecamatan as kec

    with open_workspace(args) as ws:
        if ws.is_kecamatan:
            out(f"Kunci kecamatan ini: {kec.format_fingerprint(kec.own_fingerprint(ws))}")
            return EXIT_OK
        key = kec.installed_key(ws)
        if key is None:
            raise CliError("Kunci kecamatan belum diimpor.")
        out(f"Kunci kecamatan {key.region_code}: {key.short_fingerprint}")
    return EXIT_OK


# ---------------------------------------------------------------------------- bundles

def cmd_bundle_export(args) -> int:
    from lapor_desktop import bundles

    with open_workspace(args) as ws:
        actor = login(ws, args)
        try:
            res = bundles.export_bundle(ws, actor, Path(args.file), progress=_progress)
        except bundles.NothingToExport as exc:
            out(str(exc))
            return EXIT_OK
        out(f"Bundel {res.path}: {res.reports} laporan, {res.attachments} lampiran, "
            f"{res.bytes} byte.")
    return EXIT_OK


def cmd_bundle_import(args) -> int:
    from lapor_desktop import anchors, bundles

    path = check_input_file(args.file)
    with open_workspace(args) as ws:
        actor = login(ws, args)
        kind = bundles.detect(path)
        if kind == "ack" or (kind == "unknown" and not ws.is_kecamatan):
            return _import_ack(ws, actor, path, args)
        try:
            res = bundles.import_bundle(ws, actor, path, progress=_progress, trust=args.trust)
        except bundles.BundleError as exc:
            err(f"Bundel ditolak: {exc}")
            err("Tidak ada yang disimpan.")
            return EXIT_INVALID
        if not res.device.known:
            out(f"Perangkat {res.device.code or res.device.device_id} (desa "
                f"{res.device.region_code}), sidik jari kunci "
                f"{res.device.grouped_fingerprint}: dicatat sebagai tepercaya.")
        if args.json:
            dump_json({"bundle_id": res.bundle_id, "imported": res.imported,
                       "already_present": res.already_present, "attachments": res.attachments,
                       "device_id": res.device.device_id, "new_device": not res.device.known,
                       "audit_anchor": res.audit_anchor})
        else:
            out(f"Diimpor {res.imported} laporan baru ({res.attachments} lampiran); "
                f"{res.already_present} sudah ada sebelumnya.")
        warning = anchors.verdict_message(res.audit_anchor, res.device.region_code)
        if warning:
            err(warning)
    return EXIT_OK


def _import_ack(ws, actor, path: Path, args) -> int:
    from lapor_desktop import bundles

    try:
        res = bundles.import_ack(ws, actor, path)
    except bundles.BundleError as exc:
        err(f"Tanda terima ditolak: {exc}")
        err("Tidak ada yang disimpan.")
        return EXIT_INVALID
    if getattr(args, "json", False):
        dump_json(res.__dict__)
    else:
        out(f"Tanda terima kecamatan: {res.acknowledged} laporan diterima kecamatan, "
            f"{res.delivered} kini terkirim dengan nomor pelacakan"
            + (f", {res.unknown} tidak dikenal" if res.unknown else "") + ".")
    return EXIT_OK


def cmd_bundle_import_ack(args) -> int:
    from lapor_desktop.bundles.format import ACK_MAX

    path = check_input_file(args.file, ACK_MAX)
    with open_workspace(args) as ws:
        actor = login(ws, args)
        return _import_ack(ws, actor, path, args)


def cmd_bundle_ack(args) -> int:
    from lapor_desktop import bundles

    with open_workspace(args) as ws:
        actor = login(ws, args)
        villages = [args.village] if args.village else bundles.villages(ws)
        if not villages:
            out("Belum ada laporan dari desa mana pun.")
            return EXIT_OK
        if len(villages) > 1:
            raise CliError("Laporan berasal dari beberapa desa; pilih satu dengan --village: "
                           + ", ".join(villages), EXIT_INVALID)
        try:
            res = bundles.write_ack(ws, actor, Path(args.file), villages[0])
        except bundles.NothingToExport as exc:
            out(str(exc))
            return EXIT_OK
        out(f"Tanda terima untuk desa {res.village_region} ditulis ke {res.path}: "
            f"{res.reports} laporan, {res.with_tracking} dengan nomor pelacakan.")
    return EXIT_OK


def cmd_bundle_verify(args) -> int:
    from lapor_desktop import bundles

    path = check_input_file(args.file)
    with open_workspace(args) as ws:
        actor = login(ws, args)
        try:
            info = bundles.verify_bundle(ws, actor, path)
        except bundles.BundleError as exc:
            err(f"Bundel ditolak: {exc}")
            return EXIT_INVALID
        trust = ("" if info.device.known else ", KUNCI PERANGKAT BERUBAH"
                 if info.device.key_changed else ", perangkat belum dipercaya")
        out(f"Bundel sah dari perangkat {info.device.code or info.device.device_id} (desa "
            f"{info.device.region_code}{trust}): {info.reports} laporan "
            f"({info.new_reports} baru), {info.attachments} lampiran.")
        out(f"Sidik jari kunci perangkat: {info.device.grouped_fingerprint}")
    return EXIT_OK


# ---------------------------------------------------------------------------- kecamatan view

def _anchor_warnings(problems) -> None:
    if not problems:
        return
    out("")
    out("PERINGATAN jejak audit desa (tidak lagi menyambung dengan jangkar terakhir):")
    for p in problems:
        since = p.since.astimezone().strftime("%Y-%m-%d %H:%M") if p.since else "-"
        out(f"  {p.region_code or '-':<14} perangkat {p.device_id[:8]}: {p.label} "
            f"(sejak {since}{'; ' + p.detail if p.detail else ''})")


def cmd_kecamatan_summary(args) -> int:
    from lapor_desktop import anchors
    from lapor_desktop import kecamatan as kec

    with open_workspace(args) as ws:
        actor = login(ws, args)  # titles and villages of complaints: never without a login
        rows = kec.summary(ws)
        overdue = kec.overdue_reports(ws)
        with ws.db.read() as s:
            problems = anchors.problems(s)
        if args.csv:
            n = kec.export_csv(ws, actor, Path(args.csv))
            out(f"{n} laporan ditulis ke {args.csv} (tanpa identitas pelapor).")
        if args.json:
            dump_json({"villages": [r.__dict__ for r in rows],
                       "overdue": [o.__dict__ for o in overdue],
                       "audit_anchor_problems": [p.__dict__ for p in problems]})
            return EXIT_OK
        if not rows:
            out("Belum ada laporan.")
        for r in rows:
            counts = ", ".join(f"{k} {v}" for k, v in r.by_status.items())
            out(f"{r.region_code:<14} {r.name:<24} {r.total:>5}  terlambat {r.overdue:>3}  "
                f"({counts})")
        if overdue:
            out("")
            out("Melewati batas waktu (hari kerja):")
            for o in overdue:
                out(f"  {o.local_number or o.id:<28} {o.village:<20} {o.status:<16} "
                    f"{o.label}: {o.due.isoformat()} (+{o.working_days_late})")
        _anchor_warnings(problems)
    return EXIT_OK


def _when(t) -> str:
    return t.astimezone().strftime("%Y-%m-%d") if t else "-"


def cmd_kecamatan_silent(args) -> int:
    from lapor_desktop import kecamatan as kec

    with open_workspace(args) as ws:
        if not ws.is_kecamatan:
            raise CliError("Tampilan desa senyap hanya di instalasi kecamatan.")
        rows = kec.village_activity(ws)
        limit = kec.silent_after_days(ws)
        if args.json:
            dump_json([{"region_code": v.region_code, "village": v.name,
                        "last_report_at": v.last_report_at, "last_bundle_at": v.last_bundle_at,
                        "last_sync_at": v.last_sync_at, "silent_days": v.silent_days,
                        "silent": v.silent} for v in rows])
            return EXIT_OK
        out(f"Desa senyap: tanpa bundel atau kiriman lebih dari {limit} hari.")
        out(f"{'Desa':<24} {'Laporan terakhir':<17} {'Bundel terakhir':<16} "
            f"{'Terkirim terakhir':<18} Keterangan")
        for v in rows:
            note = ("belum pernah" if v.silent_days is None
                    else f"senyap {v.silent_days} hari" if v.silent else "aktif")
            out(f"{v.name[:24]:<24} {_when(v.last_report_at):<17} {_when(v.last_bundle_at):<16} "
                f"{_when(v.last_sync_at):<18} {note}")
    return EXIT_OK


def register(subparsers, common) -> None:
    key = subparsers.add_parser("kecamatan-key", help="kunci kecamatan untuk bundel USB")
    ksub = key.add_subparsers(dest="key_command", required=True)
    kexp = ksub.add_parser("export", help="tulis berkas kunci kecamatan", parents=[common])
    kexp.add_argument("file")
    kexp.set_defaults(func=cmd_key_export)
    kimp = ksub.add_parser("import", help="impor berkas kunci kecamatan (di desa)",
                           parents=[common])
    kimp.add_argument("file")
    kimp.add_argument("--yes", action="store_true",
                      help="sidik jari sudah dicocokkan dengan kecamatan")
    kimp.set_defaults(func=cmd_key_import)
    kshow = ksub.add_parser("show", help="sidik jari kunci kecamatan", parents=[common])
    kshow.set_defaults(func=cmd_key_show)

    bundle = subparsers.add_parser("bundle", help="bundel USB (tanpa jaringan)")
    bsub = bundle.add_subparsers(dest="bundle_command", required=True)
    bexp = bsub.add_parser("export", help="tulis bundel laporan untuk kecamatan",
                           parents=[common])
    bexp.add_argument("file")
    bexp.set_defaults(func=cmd_bundle_export)
    bimp = bsub.add_parser("import", help="impor bundel (kecamatan) atau tanda terima (desa)",
                           parents=[common])
    bimp.add_argument("file")
    bimp.add_argument("--json", action="store_true")
    bimp.add_argument("--trust", metavar="SIDIK_JARI",
                      help="percayai perangkat desa dengan sidik jari ini (sudah dicocokkan "
                           "lewat telepon)")
    bimp.set_defaults(func=cmd_bundle_import)
    bver = bsub.add_parser("verify", help="periksa bundel tanpa menyimpan", parents=[common])
    bver.add_argument("file")
    bver.set_defaults(func=cmd_bundle_verify)
    back = bsub.add_parser("ack", help="tulis tanda terima untuk satu desa (kecamatan)",
                           parents=[common])
    back.add_argument("file")
    back.add_argument("--village", help="kode desa PP.KK.CC.DDDD")
    back.set_defaults(func=cmd_bundle_ack)
    bia = bsub.add_parser("import-ack", help="impor tanda terima kecamatan (desa)",
                          parents=[common])
    bia.add_argument("file")
    bia.add_argument("--json", action="store_true")
    bia.set_defaults(func=cmd_bundle_import_ack)

    kc = subparsers.add_parser("kecamatan", help="tampilan kecamatan")
    kcsub = kc.add_subparsers(dest="kecamatan_command", required=True)
    summ = kcsub.add_parser("summary", help="laporan per desa, status, dan keterlambatan",
                            parents=[common])
    summ.add_argument("--csv", metavar="FILE", help="ekspor CSV tanpa identitas pelapor")
    summ.add_argument("--json", action="store_true")
    summ.set_defaults(func=cmd_kecamatan_summary)
    silent = kcsub.add_parser("silent", help="desa yang lama tidak mengirim bundel atau laporan",
                              parents=[common])
    silent.add_argument("--json", action="store_true")
    silent.set_defaults(func=cmd_kecamatan_silent)
