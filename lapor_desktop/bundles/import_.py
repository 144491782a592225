"""Kecamatan side: import a verified bundle: attachment files first, then every new report
in one transaction, each queued for central."""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lapor_desktop import anchors, audit, delivery, rolekeys, search, stored_files, upkeep
from lapor_desktop import kecamatan as kec
from lapor_desktop.bundles.format import (
    ATTACHMENT_PREFIX,
    BATCH,
    REPORTS,
    BundleError,
    ImportResult,
    Progress,
    entry_mismatch,
    iter_lines,
    open_zip,
    stream_member,
)
from lapor_desktop.bundles.keys import DEVICE_META, DeviceInfo
from lapor_desktop.bundles.verify import (
    Line,
    Verified,
    check_line_region,
    open_identity,
    parse_line,
    verify_open,
)
from lapor_desktop.fsutil import fsync_dir
from lapor_desktop.intake import IDENTITY_FIELDS, seal_file_name, to_wire
from lapor_desktop.sealed_files import SealedFileError, SealingWriter, Unsealer
from lapor_desktop.store.models import Attachment, Outbox, Report, utcnow_seconds
from lapor_desktop.workspace import Actor, Workspace
from lapor_protocol import identity_box
from lapor_protocol.domain import LocalState


class UntrustedDevice(BundleError):
    """A bundle from a device this kecamatan has not trusted (or with a new key)."""

    def __init__(self, info: DeviceInfo, message: str):
        super().__init__(message)
        self.device = info


def untrusted(info: DeviceInfo, typed: str | None) -> UntrustedDevice:
    """The refusal, naming the device, its region and its full fingerprint."""
    who = (f"Perangkat {info.code or info.device_id} dari desa {info.village} "
           f"({info.region_code})")
    if info.key_changed:
        head = (f"PERINGATAN: {who} sebelumnya memakai kunci lain (sidik jari "
                f"{info.grouped_previous_fingerprint}); bundel ini "
                f"bertanda tangan kunci baru:\n  {info.grouped_fingerprint}\n"
                "Bisa jadi laptop desa diganti atau diinstal ulang, bisa jadi bundel palsu.")
    else:
        head = (f"{who} belum dikenal kecamatan ini. Sidik jari kunci perangkat:\n"
                f"  {info.grouped_fingerprint}")
    if typed:
        head += "\nSidik jari yang diberikan tidak cocok dengan kunci perangkat pengirim."
    return UntrustedDevice(info, head + "\nBandingkan sidik jari ini lewat telepon dengan yang "
                           "tampil di Pengaturan laptop desa (atau 'lapor-desktop device "
                           "show'); bila sama, impor lagi dengan --trust SIDIK_JARI.")


def check_trust(info: DeviceInfo, trust: str | None,
                confirm: Callable[[DeviceInfo], bool] | None) -> None:
    """A device whose key this kecamatan does not already trust (new, or a known device with
    a new key) is imported only when the operator typed its exact fingerprint (``trust``) or
    confirmed it (``confirm``, the GUI's dialog). Raises ``UntrustedDevice`` otherwise."""
    if info.known or info.matches(trust):
        return
    if not trust and confirm is not None and confirm(info):
        return
    raise untrusted(info, trust)


def import_bundle(ws: Workspace, actor: Actor, path: Path, *,
                  progress: Progress | None = None, trust: str | None = None,
                  confirm_new_device: Callable[[DeviceInfo], bool] | None = None
                  ) -> ImportResult:
    """Verify the whole bundle, then copy attachments and commit all new reports at once.

    A device the kecamatan has not trusted yet (see ``check_trust``) is refused with
    ``UntrustedDevice`` after verification, before anything is written.
    """
    path = Path(path)
    with open_zip(path) as zf:
        v = verify_open(ws, actor, zf, progress)
        device = v.device
        check_trust(device, trust, confirm_new_device)
        new_lines = {ln.id: ln for ln in v.lines if not ln.present}
        copied: list[Path] = []
        try:
            # 1. Attachment files of new reports, durably, re-hashed while copying.
            todo = [(ln.id, a) for ln in new_lines.values() for a in ln.attachments]
            key = stored_files.key_of(actor)
            for n, (rid, (att_id, size, sha)) in enumerate(todo, 1):
                target = ws.paths.attachments / rid / att_id
                copied.append(target)
                _copy_entry(zf, att_id, target, (size, sha), v.files_key, key)
                if progress:
                    progress("copy", n, len(todo))
            # 2. All reports in one transaction; the report list is re-hashed as it is read.
            try:
                imported = _write_reports(ws, actor, zf, v, new_lines, progress)
            except IntegrityError:
                raise BundleError(
                    "Laporan dari bundel ini baru saja disimpan oleh impor lain yang berjalan "
                    "bersamaan. Tidak ada yang disimpan dua kali; impor ulang bundel ini bila "
                    "perlu (yang sudah ada akan dilewati).") from None
        except BaseException:
            # Another import of the same bundle may have committed these very files (the
            # page and the CLI at once): remove only files no committed row refers to.
            with ws.db.read() as s:
                kept = set(s.scalars(select(Attachment.id).where(
                    Attachment.id.in_([p.name for p in copied]))))
            for p in copied:
                if p.name in kept:
                    continue
                p.unlink(missing_ok=True)
                try:
                    p.parent.rmdir()
                except OSError:
                    pass
            raise
    # Files an earlier crash left behind (no row refers to them) go now, as at start-up.
    upkeep.sweep(ws)
    # The village's audit anchor, judged after the reports are safe: a broken chain is a
    # warning to follow up, never a reason to lose complaints.
    verdict = anchors.receive_bundle(ws, v.manifest)
    return ImportResult(v.manifest["bundle_id"], device, imported, len(v.lines) - imported,
                        sum(len(ln.attachments) for ln in new_lines.values()),
                        tuple(new_lines), verdict)


def _copy_entry(zf: zipfile.ZipFile, att_id: str, target: Path, expected: tuple[int, str],
                bundle_key: bytes | None, key: bytes) -> None:
    """One attachment into the data folder, sealed under this installation's files key:
    decrypted with the bundle's key (version 3) or read clear (older versions) as it
    streams, its plaintext re-hashed against the report line."""
    name = ATTACHMENT_PREFIX + att_id
    target.parent.mkdir(parents=True, exist_ok=True)
    # A temp name of its own: two imports of one bundle must not write into one temp file.
    fd, tmp_name = tempfile.mkstemp(prefix=f".tmp-{target.name}-", dir=target.parent)
    tmp = Path(tmp_name)
    opener = Unsealer(bundle_key, att_id) if bundle_key is not None else None
    try:
        with os.fdopen(fd, "wb") as out:
            sealer = SealingWriter(out, key, att_id)
            try:
                for block in stream_member(zf, name):
                    sealer.write(opener.feed(block) if opener is not None else block)
                if opener is not None:
                    sealer.write(opener.finish())
            except SealedFileError:
                raise entry_mismatch(name) from None
            sealer.close()
            out.flush()
            os.fsync(out.fileno())
        if (sealer.size, sealer.sha256) != expected:
            raise entry_mismatch(name)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def _write_reports(ws: Workspace, actor: Actor, zf: zipfile.ZipFile, v: Verified,
                   new_lines: dict[str, Line], progress: Progress | None) -> int:
    enc_private = kec.private_key(ws, actor)
    cipher = actor.cipher
    m = v.manifest
    now = utcnow_seconds()
    imported = 0
    queued: list[str] = []
    index_rows: list = []
    with ws.db.write() as s, s.no_autoflush:
        for n, raw in enumerate(iter_lines(zf, REPORTS, v.entries[REPORTS]), 1):
            wire = parse_line(raw, n)
            if wire["id"] not in new_lines:
                continue
            line = new_lines[wire["id"]]
            if wire["content_hash"] != line.content_hash:
                raise BundleError("Bundel berubah selama impor: dibatalkan, tidak ada yang "
                                  "disimpan.")
            check_line_region(wire, n, ws.region_code, m["region_code"])
            comp = open_identity(wire, enc_private, n, m["format_version"])
            report = _report_row(wire, comp, cipher, actor, now)
            if actor.identity_public is not None:
                report.sealed_identity = rolekeys.seal_identity(actor.identity_public,
                                                                report.id, comp)
            for i, a in enumerate(wire["attachments"]):
                report.attachments.append(Attachment(
                    id=a["id"], report_id=report.id, file_name="",
                    enc_file_name=seal_file_name(cipher, a["id"], str(a["file_name"])[:255]),
                    media_type=str(a["media_type"])[:128], size=a["size"], sha256=a["sha256"],
                    stored_path=(ws.paths.attachments / report.id / a["id"])
                    .relative_to(ws.paths.root).as_posix(),
                    created_at=now + timedelta(microseconds=i)))
            clear = to_wire(report, cipher)
            if clear["content_hash"] != wire["content_hash"]:
                raise BundleError(f"Laporan baris {n}: setelah disimpan, content hash tidak "
                                  "sama dengan hash dari desa. Impor dibatalkan.")
            _delivery_copies(s, report, wire, clear)
            s.add(report)
            # The blind index, so the citizen is found again by phone or NIK here too.
            index_rows += search.identity_rows(actor, report.id, phone=comp.get("phone"),
                                               nik=comp.get("nik"))
            queued.append(report.id)
            imported += 1
            if imported % BATCH == 0:
                _flush_batch(s, queued, index_rows, now)
                if progress:
                    progress("write", imported, len(new_lines))
        _flush_batch(s, queued, index_rows, now)
        if imported != len(new_lines):
            raise BundleError("Bundel berubah selama impor: dibatalkan, tidak ada yang "
                              "disimpan.")
        device = v.device
        if not device.known:
            ws.db.set_meta(DEVICE_META + device.device_id, device.public_key, session=s)
            audit.record(s, operator_id=actor.operator_id,
                         action="device_key_replace" if device.key_changed else "device_trust",
                         detail={"device": device.device_id, "region": m["region_code"],
                                 "fingerprint": device.fingerprint[:32],
                                 "previous": (device.previous_fingerprint or "")[:32]})
        audit.record(s, operator_id=actor.operator_id, action="bundle_import",
                     detail={"bundle": m["bundle_id"], "device": device.device_id,
                             "region": m["region_code"], "imported": imported,
                             "already_present": len(v.lines) - imported,
                             "new_device": not device.known})
    return imported


def _delivery_copies(s, report: Report, wire: dict, clear: dict) -> None:
    """The village's box for central is relayed unchanged; without one, this kecamatan
    seals its own when it knows central's key. With a complete set and the role key's
    sealed copy, the row is stored without a work copy at all."""
    if isinstance(wire.get(identity_box.MEMBER), dict):
        delivery.keep_central_box(report, wire[identity_box.MEMBER])
    if delivery.seal_for(s, report, clear) and report.sealed_identity is not None:
        for column in rolekeys.WORK_COLUMNS:
            setattr(report, column, None)


def _flush_batch(s, queued: list[str], index_rows: list, now: datetime) -> None:
    """Reports first (the outbox and the blind index refer to them), then their outbox and
    index rows; then forget the objects so memory stays bounded inside the one transaction."""
    s.flush()
    s.add_all([Outbox(report_id=rid, state="pending", attempts=0, next_attempt_at=None,
                      enqueued_at=now) for rid in queued])
    s.add_all(index_rows)
    s.flush()
    s.expunge_all()
    queued.clear()
    index_rows.clear()


def _report_row(wire: dict, comp: Mapping[str, str | None], cipher, actor: Actor,
                now: datetime) -> Report:
    rid = wire["id"]
    finalised = datetime.fromisoformat(wire["recorded_at"])
    if finalised.tzinfo is None:
        finalised = finalised.replace(tzinfo=UTC)
    report = Report(
        id=rid, local_number=wire["local_number"], kind=wire["kind"], title=wire["title"],
        body=wire["body"],
        incident_date=date.fromisoformat(wire["incident_date"]) if wire["incident_date"]
        else None,
        region_code=wire["region_code"], location_detail=wire["location_detail"],
        category=wire["category"], agency=wire["agency"], privacy=wire["privacy"],
        channel=wire["channel"], supersedes=wire["supersedes"], recorded_by=actor.operator_id,
        created_at=now, updated_at=now, finalised_at=finalised,
        content_hash=wire["content_hash"], local_state=LocalState.SIAP_KIRIM.value,
        status_seen=True, origin_device=wire["origin"].get("device_id"),
        origin_region=wire["origin"].get("region_code"))
    for name in (*IDENTITY_FIELDS, "salt"):
        setattr(report, f"enc_{name}", cipher.encrypt(comp.get(name), context=f"{rid}:{name}"))
    return report
