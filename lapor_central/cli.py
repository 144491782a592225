"""``lapor-central``: run the reference server and administer it.

Sub-commands: ``serve``, ``migrate``, ``enroll-code``, ``revoke-device``, ``advance``, ``export``.
Exit codes: 0 success, 1 not found / refused, 2 usage error or illegal status change.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from lapor_central import desk
from lapor_protocol.domain import RemoteStatus
from lapor_protocol.wire import Limits


def _db(args: argparse.Namespace):
    from lapor_central.db import Database

    db = Database(args.db)
    db.migrate()
    return db


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from lapor_central.app import (
        ENV_DB,
        ENV_LIMITS,
        ENV_REFUSED,
        ENV_STORAGE,
        ENV_THREADS,
        ENV_WORK_DIR,
        create_app,
    )
    from lapor_central.db import Database
    from lapor_central.storage import StorageError, open_storage

    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    limits = Limits(max_batch_count=args.max_batch_count, max_batch_bytes=args.max_batch_bytes,
                    max_attachment_bytes=args.max_attachment_bytes)
    # X-Forwarded-For/-Proto are believed only from the proxies named here (uvicorn would
    # otherwise trust 127.0.0.1, and the client address keys the enrolment limits).
    trusted = args.forwarded_allow_ips or None
    common = dict(host=args.host, port=args.port, log_level=args.log_level,
                  access_log=not args.no_access_log, timeout_graceful_shutdown=5,
                  proxy_headers=trusted is not None, forwarded_allow_ips=trusted)
    try:  # a wrong URL or an unreachable bucket stops here, with its reason
        storage = open_storage(args.storage, args.work_dir)
    except StorageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.workers <= 1:
        uvicorn.run(create_app(args.db, storage, limits,
                               refused_per_minute=args.refused_per_minute,
                               threads=args.threads), **common)
        return 0
    db = Database(args.db)  # migrate once, before any worker starts
    db.migrate()
    db.dispose()
    os.environ[ENV_DB] = args.db
    os.environ[ENV_STORAGE] = storage.url
    os.environ[ENV_WORK_DIR] = str(storage.work_dir)
    os.environ[ENV_LIMITS] = json.dumps(dataclasses.asdict(limits))
    os.environ[ENV_REFUSED] = str(args.refused_per_minute)
    os.environ[ENV_THREADS] = str(args.threads)
    uvicorn.run("lapor_central.app:app_from_env", factory=True, workers=args.workers, **common)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    db = _db(args)
    print(f"Skema basis data pada revisi {db.revision()}.")
    return 0


def _regions(args: argparse.Namespace) -> list[str]:
    if args.regions_file:
        lines = Path(args.regions_file).read_text("utf-8").splitlines()
        return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if not args.region:
        raise ValueError("Sebutkan --region atau --regions-file.")
    return [args.region] * args.count


def cmd_enroll_code(args: argparse.Namespace) -> int:
    from lapor_central.service import NotFound, create_enrollment_codes

    try:
        regions = _regions(args)
        codes = create_enrollment_codes(_db(args), regions, replaces=args.replace)
    except (ValueError, OSError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except NotFound as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if args.regions_file or args.count > 1:
        for region, code in zip(regions, codes, strict=True):
            print(f"{region}\t{code}")
    else:
        print(codes[0])
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    from lapor_central.service import NotFound, revoke_device

    try:
        n = revoke_device(_db(args), args.device_id)
    except NotFound as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"{n} token dicabut untuk perangkat {args.device_id}.")
    return 0


def cmd_rotate_central_key(args: argparse.Namespace) -> int:
    from lapor_central import central_key

    current = central_key.rotate(_db(args))
    print(f"Kunci pusat baru: {current.current_id} ({len(current.privates)} kunci tersimpan). "
          "Mulai ulang server agar semua worker memakainya.")
    return 0


def cmd_advance(args: argparse.Namespace) -> int:
    from lapor_central.service import NotFound, advance

    try:
        event = advance(_db(args), args.tracking_id, args.to, note=args.note, agency=args.agency)
    except NotFound as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except ValueError as exc:  # TransitionError included: an illegal lifecycle step
        print(f"Ditolak: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(event, ensure_ascii=False))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from lapor_central.service import export

    for row in export(_db(args)):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="lapor-central",
                                description="Reference central server for LAPOR Desktop sync.")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="run the HTTP server")
    s.add_argument("--db", required=True, help="SQLAlchemy URL (sqlite:///central.db or "
                   "postgresql://user@host/db)")
    s.add_argument("--storage", required=True, help="directory for uploads and attachments, "
                   "or s3://BUCKET/PREFIX (S3-compatible; AWS_ENDPOINT_URL, "
                   "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION)")
    s.add_argument("--work-dir", help="this machine's scratch directory for request bodies "
                   "being received (default: <storage>/spool, or the system temp directory "
                   "with s3://)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8765)
    defaults = Limits()
    s.add_argument("--max-batch-count", type=int, default=defaults.max_batch_count)
    s.add_argument("--max-batch-bytes", type=int, default=defaults.max_batch_bytes)
    s.add_argument("--max-attachment-bytes", type=int,
                   default=defaults.max_attachment_bytes)
    s.add_argument("--log-level", default="info",
                   choices=["critical", "error", "warning", "info", "debug"])
    s.add_argument("--no-access-log", action="store_true")
    s.add_argument("--forwarded-allow-ips", metavar="ADDRS", default="",
                   help="comma-separated addresses of reverse proxies whose X-Forwarded-For "
                        "and X-Forwarded-Proto are believed (default: none)")
    s.add_argument("--refused-per-minute", type=int, default=600,
                   help="refused API requests (4xx) per client address and minute before "
                        "that address gets 429 for a while (per worker; 0 = no limit)")
    s.add_argument("--threads", type=int, default=0,
                   help="handler threads per worker (0: the default of 40)")
    s.add_argument("--workers", type=int, default=1,
                   help="worker processes (one migrates first; all share the database)")
    s.set_defaults(func=cmd_serve)

    m = sub.add_parser("migrate", help="bring the database schema to the newest revision")
    m.add_argument("--db", required=True)
    m.set_defaults(func=cmd_migrate)

    e = sub.add_parser("enroll-code", help="print one-time enrolment codes (valid 7 days)")
    e.add_argument("--db", required=True)
    e.add_argument("--region", help="kecamatan PP.KK.CC or village PP.KK.CC.DDDD")
    e.add_argument("--count", type=int, default=1, help="codes for --region (one line each: "
                   "region, tab, code)")
    e.add_argument("--regions-file", help="one region per line; one code per line, printed "
                   "as region, tab, code")
    e.add_argument("--replace", metavar="DEVICE_ID", help="the code(s) may only re-enrol this "
                   "device; its old tokens are revoked when one is spent")
    e.set_defaults(func=cmd_enroll_code)

    r = sub.add_parser("revoke-device", help="revoke every token of a device")
    r.add_argument("--db", required=True)
    r.add_argument("device_id")
    r.set_defaults(func=cmd_revoke)

    k = sub.add_parser("rotate-central-key",
                       help="add a new X25519 key that identities are sealed to (old keys "
                            "keep opening older boxes)")
    k.add_argument("--db", required=True)
    k.set_defaults(func=cmd_rotate_central_key)

    a = sub.add_parser("advance", help="move a report through the lifecycle")
    a.add_argument("--db", required=True)
    a.add_argument("tracking_id")
    a.add_argument("--to", required=True, choices=[s.value for s in RemoteStatus])
    a.add_argument("--note")
    a.add_argument("--agency", help="agency code from the catalogue (e.g. when forwarding)")
    a.set_defaults(func=cmd_advance)

    x = sub.add_parser("export", help="one JSON line per received report (no personal data)")
    x.add_argument("--db", required=True)
    x.set_defaults(func=cmd_export)
    desk.register(sub)  # staff add|list|disable
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
