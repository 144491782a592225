"""The server's use cases, free of HTTP: enrolment, tokens, push, have-list, status pull,
lifecycle changes, attachment verification and export.

Each public function takes a :class:`~lapor_central.db.Database` and runs one unit of work.
Personal data in reports is stored as received and never logged.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterator, Mapping

from sqlalchemy import or_, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lapor_central.db import Database, iso_utc, next_value, reserve, utcnow
from lapor_central.deadlines import deadline_for
from lapor_central.models import (
    Attachment, CatalogDoc, Device, DeviceToken, EnrollmentCode, Report, StatusEvent,
)
from lapor_protocol import catalog as catalog_mod
from lapor_protocol import domain, wire
from lapor_protocol.wire import Limits

log = logging.getLogger(__name__)

ENROLL_CODE_DAYS = 7
ENROLL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I look-alikes
HEX64 = re.compile(r"^[0-9a-f]{64}$")
AREA_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$")
_TOKEN = r"[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}"
MEDIA_TYPE_RE = re.compile(rf"^{_TOKEN}/{_TOKEN}$")

WIRE_ONLY = ("id", "local_number", "supersedes", "recorded_at", "origin", "content_hash",
             "attachments")

# Messages for checks the domain module does not make itself (Bahasa Indonesia).
MESSAGES: dict[str, str] = {
    **domain.MESSAGES,
    "item.type": "Setiap laporan harus berupa objek JSON.",
    "id.invalid": "ID laporan harus berupa UUID.",
    "supersedes.invalid": "ID laporan yang digantikan harus berupa UUID atau null.",
    "local_number.invalid": "Nomor lokal harus teks satu baris, paling banyak 100 karakter.",
    "recorded_at.invalid": "Waktu pencatatan harus berformat ISO 8601.",
    "origin.invalid": "Asal laporan harus memuat device_id dan region_code.",
    "content_hash.invalid": "content_hash harus 64 karakter heksadesimal huruf kecil.",
    "content_hash.mismatch": "content_hash tidak cocok dengan isi laporan; laporan rusak "
                             "atau diubah di jalan.",
    "region.outside_device": "Wilayah laporan berada di luar wilayah yang boleh dikirim "
                             "perangkat ini.",
    "attachment.invalid": "Data lampiran tidak lengkap atau tidak sah.",
    "attachment.too_large": "Lampiran melebihi ukuran maksimum server.",
    "attachment.duplicate_id": "ID lampiran ganda dalam satu laporan.",
    "conflict": "Laporan dengan ID ini sudah diterima dengan isi berbeda; data di server "
                "tidak ditimpa. Buat versi koreksi dengan ID baru.",
}


class NotFound(LookupError):
    pass


class EnrollmentRefused(PermissionError):
    pass


class UploadRefused(Exception):
    """An attachment upload refused before it starts; carries the HTTP status to answer."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class ChecksumMismatch(Exception):
    pass


@dataclass(frozen=True)
class DeviceAuth:
    device_id: str
    region_code: str


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def within_region(code: str, region: str) -> bool:
    return code == region or code.startswith(region + ".")


def _echo(text: str) -> str:
    """``text`` made safe to send back in a JSON answer: a lone surrogate (valid JSON
    escape, not valid UTF-8) would make the response unserialisable (a 500)."""
    return text.encode("utf-8", "replace").decode("utf-8")


def is_uuid(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- catalogue

# The desktop's own catalogue type and parser: central serves exactly what clients accept.
Catalog = catalog_mod.Catalog


def load_catalog(db: Database) -> Catalog:
    with db.read() as s:
        row = s.scalars(select(CatalogDoc).order_by(CatalogDoc.id).limit(1)).one()
        return catalog_mod.parse_catalog(json.loads(row.document))


# --------------------------------------------------------------------------- enrolment

def valid_enrol_region(region: str) -> bool:
    return bool(AREA_RE.match(region or "")) and domain.area_exists(region)


def _normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code).upper()


def create_enrollment_code(db: Database, region: str) -> str:
    """A one-time code for a village (PP.KK.CC.DDDD) or kecamatan (PP.KK.CC); stored hashed."""
    if not valid_enrol_region(region):
        raise ValueError(f"Kode wilayah {region!r} bukan kecamatan (PP.KK.CC) atau desa "
                         "(PP.KK.CC.DDDD) yang terdaftar di Kemendagri.")
    raw = "".join(secrets.choice(ENROLL_ALPHABET) for _ in range(12))
    code = "-".join(raw[i:i + 4] for i in range(0, 12, 4))
    now = utcnow()
    with db.write() as s:
        s.add(EnrollmentCode(code_hash=sha256_hex(_normalise_code(code)), region_code=region,
                             created_at=now, expires_at=now + timedelta(days=ENROLL_CODE_DAYS)))
    return code


def enroll(db: Database, code: str, device_id: str, device_name: str) -> dict[str, str]:
    """Spend a code and issue a bearer token bound to the code's region."""
    now = utcnow()
    code_hash = sha256_hex(_normalise_code(code))
    token = secrets.token_urlsafe(32)
    with db.write() as s:
        # A conditional update is the single-use guard, also under concurrent enrolments.
        spent = s.execute(
            update(EnrollmentCode)
            .where(EnrollmentCode.code_hash == code_hash, EnrollmentCode.used_at.is_(None),
                   EnrollmentCode.expires_at > now)
            .values(used_at=now, used_by=device_id)
        ).rowcount
        if spent != 1:
            raise EnrollmentRefused("Kode pendaftaran tidak dikenal, sudah dipakai, atau "
                                    "kedaluwarsa. Minta kode baru ke admin kabupaten.")
        region = s.scalar(select(EnrollmentCode.region_code)
                          .where(EnrollmentCode.code_hash == code_hash))
        device = s.get(Device, device_id)
        if device is None:
            s.add(Device(id=device_id, name=device_name, region_code=region, enrolled_at=now))
        else:
            device.name, device.region_code, device.enrolled_at = device_name, region, now
        s.flush()
        s.add(DeviceToken(token_hash=sha256_hex(token), device_id=device_id,
                          region_code=region, created_at=now))
    log.info("device enrolled: %s region %s", device_id, region)
    return {"token": token, "device_id": device_id, "region_code": region}


def authenticate(db: Database, token: str) -> DeviceAuth | None:
    with db.read() as s:
        row = s.get(DeviceToken, sha256_hex(token))
        if row is None or row.revoked_at is not None:
            return None
        return DeviceAuth(row.device_id, row.region_code)


def revoke_device(db: Database, device_id: str) -> int:
    with db.write() as s:
        if s.get(Device, device_id) is None:
            raise NotFound(f"Perangkat {device_id!r} tidak dikenal.")
        n = s.execute(update(DeviceToken)
                      .where(DeviceToken.device_id == device_id,
                             DeviceToken.revoked_at.is_(None))
                      .values(revoked_at=utcnow())).rowcount
    log.info("device revoked: %s (%d tokens)", device_id, n)
    return n


# --------------------------------------------------------------------------- push

def _issue(errors: list[dict[str, str]], fld: str, code: str) -> None:
    errors.append({"field": fld, "code": code, "message": MESSAGES[code]})


def _has_control(text: str) -> bool:
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in text)


def _check_attachments(value: Any, limits: Limits, errors: list[dict[str, str]]) -> None:
    if not isinstance(value, list):
        _issue(errors, "attachments", "attachments.type")
        return
    seen: set[str] = set()
    for i, att in enumerate(value):
        fld = f"attachments[{i}]"
        if not isinstance(att, dict) or set(att) != set(wire.ATTACHMENT_FIELDS):
            _issue(errors, fld, "attachment.invalid")
            continue
        size = att["size"]
        if not (is_uuid(att["id"])
                and isinstance(att["file_name"], str) and 0 < len(att["file_name"]) <= 255
                and not _has_control(att["file_name"])
                and isinstance(att["media_type"], str) and MEDIA_TYPE_RE.match(att["media_type"])
                and isinstance(size, int) and not isinstance(size, bool) and size >= 0
                and isinstance(att["sha256"], str) and HEX64.match(att["sha256"])):
            _issue(errors, fld, "attachment.invalid")
            continue
        if size > limits.max_attachment_bytes:
            _issue(errors, f"{fld}.size", "attachment.too_large")
        if att["id"] in seen:
            _issue(errors, f"{fld}.id", "attachment.duplicate_id")
        seen.add(att["id"])


def _indonesia_today() -> date:
    # The latest Indonesian zone (WIT, UTC+9), so a report made just after local midnight
    # anywhere in the country is never "in the future".
    return (datetime.now(timezone.utc) + timedelta(hours=9)).date()


def check_item(item: dict[str, Any], device: DeviceAuth, catalog: Catalog,
               limits: Limits) -> list[dict[str, str]]:
    """Every field error of one wire report (empty when it may be accepted)."""
    errors: list[dict[str, str]] = []
    for key in item:
        if key not in wire.WIRE_FIELDS:
            _issue(errors, _echo(str(key)), "unknown_field")
    for key in WIRE_ONLY:
        if key not in item:
            _issue(errors, key, "required")
    if "id" in item and not is_uuid(item["id"]):
        _issue(errors, "id", "id.invalid")
    if "supersedes" in item and item["supersedes"] is not None and not is_uuid(item["supersedes"]):
        _issue(errors, "supersedes", "supersedes.invalid")
    ln = item.get("local_number")
    if "local_number" in item and not (isinstance(ln, str) and ln.strip()
                                       and len(ln) <= 100 and not _has_control(ln)):
        _issue(errors, "local_number", "local_number.invalid")
    ra = item.get("recorded_at")
    if "recorded_at" in item:
        try:
            if not isinstance(ra, str) or len(ra) > 40:
                raise ValueError
            datetime.fromisoformat(ra)
        except ValueError:
            _issue(errors, "recorded_at", "recorded_at.invalid")
    origin = item.get("origin")
    if "origin" in item and not (
            isinstance(origin, dict) and set(origin) == {"device_id", "region_code"}
            and isinstance(origin["device_id"], str) and 0 < len(origin["device_id"]) <= 100
            and isinstance(origin["region_code"], str)
            and AREA_RE.match(origin["region_code"])):
        _issue(errors, "origin", "origin.invalid")
    ch = item.get("content_hash")
    if "content_hash" in item and not (isinstance(ch, str) and HEX64.match(ch)):
        _issue(errors, "content_hash", "content_hash.invalid")
    if "attachments" in item:
        _check_attachments(item["attachments"], limits, errors)

    report = {k: v for k, v in item.items() if k not in WIRE_ONLY and k in domain.REPORT_FIELDS}
    result = domain.validate_report(report, category_exists=catalog.has_category,
                                    agency_exists=catalog.has_agency,
                                    today=_indonesia_today(), strict_fields=True)
    for issue in result.errors:
        errors.append({"field": issue.field, "code": issue.code, "message": issue.message})
    region = item.get("region_code")
    if isinstance(region, str) and not any(e["field"] == "region_code" for e in errors):
        if not within_region(region, device.region_code):
            _issue(errors, "region_code", "region.outside_device")
    return errors


def computed_hash(item: Mapping[str, Any]) -> str | None:
    try:
        return wire.content_hash(item)
    except (TypeError, ValueError):  # NaN/Infinity smuggled in through lenient JSON
        return None


def _result(item_id: Any, result: str, report: Report | None = None,
            errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"id": _echo(item_id) if isinstance(item_id, str) else None, "result": result,
            "tracking_id": report.tracking_id if report is not None else None,
            "status": report.status if report is not None else None,
            "errors": errors or []}


def _replay_or_conflict(existing: Report, item_id: str, actual: str) -> dict[str, Any]:
    if actual == existing.content_hash:
        return _result(item_id, "duplicate", existing)
    errors: list[dict[str, str]] = []
    _issue(errors, "content_hash", "conflict")
    return _result(item_id, "conflict", None, errors)


def _insert(s: Session, item: dict[str, Any], device: DeviceAuth, actual: str) -> Report:
    now = utcnow()
    report = Report(**_report_row(item, device, actual, next_value(s, "tracking"), now))
    s.add(report)
    s.flush()  # the primary key decides here whether this is the first copy
    s.add_all(Attachment(**row) for row in _attachment_rows(item))
    _add_event(s, report, report.status, None, report.agency, now)
    return report


def _add_event(s: Session, report: Report, status: str, note: str | None,
               agency: str | None, at: datetime) -> StatusEvent:
    event = StatusEvent(seq=next_value(s, "event"), report_id=report.id, status=status,
                        note=note, agency=agency, at=at,
                        deadline=deadline_for(status, at, report.received_at))
    s.add(event)
    s.flush()
    return event


def _report_row(item: dict[str, Any], device: DeviceAuth, actual: str, tracking_id: int,
                now: datetime) -> dict[str, Any]:
    return dict(
        id=item["id"], tracking_id=str(tracking_id), content_hash=actual,
        status=domain.RemoteStatus.DITERIMA.value, local_number=item["local_number"],
        supersedes=item["supersedes"], kind=item["kind"], region_code=item["region_code"],
        category=item["category"], agency=item.get("agency") or None, privacy=item["privacy"],
        origin_device_id=item["origin"]["device_id"],
        origin_region_code=item["origin"]["region_code"], pushed_by=device.device_id,
        received_at=now, wire_json=json.dumps(item, ensure_ascii=False, sort_keys=True),
    )


def _attachment_rows(item: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(report_id=item["id"], id=a["id"], file_name=a["file_name"],
                 media_type=a["media_type"], size=a["size"], sha256=a["sha256"],
                 failed_uploads=0) for a in item["attachments"]]


def _bulk_insert(s: Session, new: list[tuple[int, dict[str, Any], str]],
                 device: DeviceAuth) -> dict[str, dict[str, Any]]:
    """Insert all new reports with three multi-row INSERTs; ids come from one counter bump."""
    n = len(new)
    first_tid = reserve(s, "tracking", n) - n + 1
    first_seq = reserve(s, "event", n) - n + 1
    now = utcnow()
    deadline = deadline_for(domain.RemoteStatus.DITERIMA, now, now)
    reports, atts, events = [], [], []
    for k, (_idx, item, actual) in enumerate(new):
        row = _report_row(item, device, actual, first_tid + k, now)
        reports.append(row)
        atts += _attachment_rows(item)
        events.append(dict(seq=first_seq + k, report_id=item["id"], status=row["status"],
                           note=None, agency=row["agency"], at=now, deadline=deadline))
    s.execute(Report.__table__.insert(), reports)
    if atts:
        s.execute(Attachment.__table__.insert(), atts)
    s.execute(StatusEvent.__table__.insert(), events)
    return {r["id"]: r for r in reports}


def push_batch(db: Database, device: DeviceAuth, items: list[Any], catalog: Catalog,
               limits: Limits) -> list[dict[str, Any]]:
    """One result per item, in order, written in one transaction.

    Items are checked before the write transaction opens (validation is the CPU-heavy
    part). New reports go in with bulk INSERTs; if a concurrent push inserted one of the
    same ids first (unique violation), the bulk insert is rolled back to its savepoint and
    the items are retried one by one, each answering as a replay of the winner's copy.
    """
    results: list[dict[str, Any] | None] = [None] * len(items)
    checked: list[tuple[int, dict[str, Any], str, bool, list[dict[str, str]]]] = []
    for idx, item in enumerate(items):
        if not isinstance(item, dict):
            errors: list[dict[str, str]] = []
            _issue(errors, "", "item.type")
            results[idx] = _result(None, "rejected", None, errors)
            continue
        actual = computed_hash(item)
        errors = check_item(item, device, catalog, limits)
        if not is_uuid(item.get("id")) or actual is None:
            results[idx] = _result(item.get("id"), "rejected", None, errors or [
                {"field": "", "code": "type", "message": MESSAGES["type"]}])
            continue
        claimed_ok = item.get("content_hash") == actual
        if not errors and not claimed_ok:
            _issue(errors, "content_hash", "content_hash.mismatch")
        checked.append((idx, item, actual, claimed_ok, errors))

    with db.write() as s:
        ids = list({c[1]["id"] for c in checked})
        existing: dict[str, Report] = {}
        for start in range(0, len(ids), 500):
            for r in s.scalars(select(Report).where(Report.id.in_(ids[start:start + 500]))):
                existing[r.id] = r
        new: list[tuple[int, dict[str, Any], str]] = []
        queued: dict[str, str] = {}
        repeats: list[tuple[int, str, str]] = []  # same id twice in one batch
        for idx, item, actual, claimed_ok, errors in checked:
            item_id = item["id"]
            if claimed_ok and item_id in existing:
                results[idx] = _replay_or_conflict(existing[item_id], item_id, actual)
            elif claimed_ok and item_id in queued:
                repeats.append((idx, item_id, actual))
            elif errors:
                results[idx] = _result(item_id, "rejected", None, errors)
            else:
                new.append((idx, item, actual))
                queued[item_id] = actual
        inserted: dict[str, dict[str, Any]] = {}
        if new:
            try:
                with s.begin_nested():
                    inserted = _bulk_insert(s, new, device)
            except IntegrityError:
                log.info("batch from %s raced a concurrent push; retrying item by item",
                         device.device_id)
                inserted = {}
                for idx, item, actual in new:
                    results[idx] = _insert_one(s, item, device, actual)
            for idx, item, _actual in new:
                if item["id"] in inserted:
                    row = inserted[item["id"]]
                    results[idx] = {"id": row["id"], "result": "accepted",
                                    "tracking_id": row["tracking_id"], "status": row["status"],
                                    "errors": []}
        for idx, item_id, actual in repeats:
            report = s.scalars(select(Report).where(Report.id == item_id)
                               .execution_options(populate_existing=True)).one()
            results[idx] = _replay_or_conflict(report, item_id, actual)
    counts: dict[str, int] = {}
    for res in results:
        assert res is not None
        counts[res["result"]] = counts.get(res["result"], 0) + 1
    log.info("batch from %s: %s", device.device_id, counts)
    return results  # type: ignore[return-value]


def _insert_one(s: Session, item: dict[str, Any], device: DeviceAuth,
                actual: str) -> dict[str, Any]:
    """The slow path after a lost race: one savepoint per report."""
    item_id = item["id"]
    existing = s.scalars(select(Report).where(Report.id == item_id)
                         .execution_options(populate_existing=True)).one_or_none()
    if existing is not None:
        return _replay_or_conflict(existing, item_id, actual)
    try:
        with s.begin_nested():
            report = _insert(s, item, device, actual)
        return _result(item_id, "accepted", report)
    except IntegrityError:
        # Another request committed the same id first: answer as a replay would.
        log.info("report %s: lost a concurrent insert race; answered from the "
                 "winner's copy", item_id)
        existing = s.scalars(select(Report).where(Report.id == item_id)
                             .execution_options(populate_existing=True)).one()
        return _replay_or_conflict(existing, item_id, actual)


# --------------------------------------------------------------------------- have-list

def _missing_attachments(s: Session, report_ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {rid: [] for rid in report_ids}
    if not report_ids:
        return out
    rows = s.execute(select(Attachment.report_id, Attachment.id)
                     .where(Attachment.report_id.in_(report_ids),
                            Attachment.received_at.is_(None))
                     .order_by(Attachment.report_id, Attachment.id))
    for rid, aid in rows:
        out[rid].append(aid)
    return out


def have(db: Database, entries: list[tuple[str, str]]) -> dict[str, Any]:
    ids = list(dict.fromkeys(i for i, _ in entries))
    with db.read() as s:
        found: dict[str, Report] = {}
        for start in range(0, len(ids), 500):
            for r in s.scalars(select(Report).where(Report.id.in_(ids[start:start + 500]))):
                found[r.id] = r
        missing, known, conflicts = [], [], []
        known_ids = [i for i, h in entries if i in found and found[i].content_hash == h]
        atts = _missing_attachments(s, list(dict.fromkeys(known_ids)))
        seen: set[str] = set()
        for rid, h in entries:
            if rid in seen:
                continue
            seen.add(rid)
            r = found.get(rid)
            if r is None:
                missing.append(rid)
            elif r.content_hash == h:
                known.append({"id": rid, "tracking_id": r.tracking_id, "status": r.status,
                              "missing_attachments": atts.get(rid, [])})
            else:
                conflicts.append(rid)
    return {"missing": missing, "known": known, "conflicts": conflicts}


# --------------------------------------------------------------------------- status pull

class BadCursor(ValueError):
    pass


def encode_cursor(seq: int) -> str:
    import base64

    return base64.urlsafe_b64encode(f"v1:{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    import base64
    import binascii

    if cursor is None or cursor == "":
        return 0
    try:
        if len(cursor) > 64:
            raise ValueError
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        prefix, _, num = raw.partition(":")
        if prefix != "v1" or not num.isdigit() or len(num) > 18:
            raise ValueError
        return int(num)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadCursor("Kursor tidak sah; mulai lagi tanpa kursor.") from None


def event_json(ev: StatusEvent, tracking_id: str) -> dict[str, Any]:
    return {"event_id": str(ev.seq), "report_id": ev.report_id, "tracking_id": tracking_id,
            "status": ev.status, "note": ev.note, "agency": ev.agency, "at": iso_utc(ev.at),
            "deadline": ev.deadline.isoformat() if ev.deadline else None}


def status_changes(db: Database, device: DeviceAuth, cursor: str | None,
                   limit: int) -> dict[str, Any]:
    after = decode_cursor(cursor)
    with db.read() as s:
        rows = s.execute(
            select(StatusEvent, Report.tracking_id)
            .join(Report, Report.id == StatusEvent.report_id)
            .where(StatusEvent.seq > after,
                   or_(Report.pushed_by == device.device_id,
                       Report.origin_device_id == device.device_id))
            .order_by(StatusEvent.seq).limit(limit + 1)
        ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1][0].seq if rows else after
    return {"changes": [event_json(ev, tid) for ev, tid in rows],
            "cursor": encode_cursor(last), "more": more}


# --------------------------------------------------------------------------- lifecycle

def advance(db: Database, tracking_id: str, to: str, note: str | None = None,
            agency: str | None = None) -> dict[str, Any]:
    """Move a report to ``to``; raises NotFound, domain.TransitionError or ValueError."""
    if agency is not None:
        if not load_catalog(db).has_agency(agency):
            raise ValueError(f"Instansi {agency!r} tidak ada dalam katalog.")
    with db.write() as s:
        report = s.scalar(select(Report).where(Report.tracking_id == tracking_id))
        if report is None:
            raise NotFound(f"Laporan dengan nomor lacak {tracking_id} tidak ditemukan.")
        domain.check_remote_transition(report.status, to)
        report.status = to
        if agency is not None:
            report.agency = agency
        event = _add_event(s, report, to, note, report.agency, utcnow())
        out = event_json(event, report.tracking_id)
    log.info("report %s advanced to %s", tracking_id, to)
    return out


# --------------------------------------------------------------------------- attachments

def check_upload(db: Database, device: DeviceAuth, metadata: Mapping[str, str],
                 declared_size: int | None, limits: Limits) -> None:
    """Refuse (UploadRefused) an upload central did not ask for, before any byte is stored."""
    needed = ("filename", "filetype", "report_id", "attachment_id", "sha256")
    absent = [k for k in needed if not metadata.get(k)]
    if absent:
        raise UploadRefused(400, "upload.metadata",
                            "Upload-Metadata harus memuat " + ", ".join(needed)
                            + "; yang kurang: " + ", ".join(absent) + ".")
    if declared_size is None:
        raise UploadRefused(400, "upload.length", "Upload-Length wajib diisi (ukuran berkas "
                            "harus diketahui di awal).")
    if declared_size > limits.max_attachment_bytes:
        raise UploadRefused(413, "attachment.too_large", MESSAGES["attachment.too_large"])
    rid, aid = metadata["report_id"], metadata["attachment_id"]
    if not (is_uuid(rid) and is_uuid(aid)):
        raise UploadRefused(404, "attachment.unknown", "Lampiran tidak dikenal.")
    with db.read() as s:
        row = s.execute(
            select(Attachment).join(Report, Report.id == Attachment.report_id)
            .where(Attachment.report_id == rid, Attachment.id == aid,
                   or_(Report.pushed_by == device.device_id,
                       Report.origin_device_id == device.device_id))
        ).scalar_one_or_none()
    if row is None:
        raise UploadRefused(404, "attachment.unknown",
                            "Lampiran tidak dikenal untuk laporan yang diterima dari "
                            "perangkat ini. Kirim laporannya lebih dulu.")
    if row.received_at is not None:
        raise UploadRefused(409, "attachment.already_received",
                            "Lampiran ini sudah diterima dan terverifikasi.")
    if declared_size != row.size:
        raise UploadRefused(422, "attachment.size_mismatch",
                            f"Ukuran berkas ({declared_size} bita) berbeda dari ukuran yang "
                            f"dicatat di laporan ({row.size} bita).")
    if metadata["sha256"].lower() != row.sha256:
        raise UploadRefused(422, "attachment.sha256_mismatch",
                            "sha256 di Upload-Metadata berbeda dari yang dicatat di laporan.")


def file_sha256(path: str | os.PathLike[str]) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def _remove_upload(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".info")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def complete_upload(db: Database, storage: Path, upload_path: str,
                    metadata: Mapping[str, str]) -> None:
    """Verify a finished upload against the report's sha256 and file it, or discard it.

    Runs in a worker thread (hashing 20 MB must not block the event loop).
    """
    path = Path(upload_path)
    rid, aid = metadata.get("report_id"), metadata.get("attachment_id")
    if not (is_uuid(rid) and is_uuid(aid)):
        _remove_upload(path)
        raise ChecksumMismatch("unknown attachment")
    digest, size = file_sha256(path)
    with db.write() as s:
        row = s.get(Attachment, (rid, aid))
        if row is None:
            _remove_upload(path)
            raise ChecksumMismatch("unknown attachment")
        if digest != row.sha256 or size != row.size:
            row.failed_uploads += 1
            row.last_error = "sha256_mismatch"
            _remove_upload(path)
            log.warning("attachment %s/%s discarded: sha256 mismatch", rid, aid)
            raise ChecksumMismatch("sha256 mismatch")
        target = storage / "attachments" / rid / aid
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), target)
        _remove_upload(path)
        row.received_at = utcnow()
        row.last_error = None
    log.info("attachment %s/%s received (%d bytes)", rid, aid, size)


def clean_stale_uploads(upload_dir: Path, max_age_days: int = 7) -> int:
    """Remove tus uploads untouched for ``max_age_days`` (tuspyserver's own gc is broken)."""
    if not upload_dir.is_dir():
        return 0
    cutoff = datetime.now().timestamp() - max_age_days * 86400
    removed = 0
    for p in list(upload_dir.iterdir()):
        if p.is_file() and p.stat().st_mtime < cutoff:
            p.unlink(missing_ok=True)
            removed += 1
    locks = upload_dir / ".locks"
    if locks.is_dir():
        for p in list(locks.iterdir()):
            if p.is_file() and p.stat().st_mtime < cutoff:
                p.unlink(missing_ok=True)
    return removed


# --------------------------------------------------------------------------- export

def export(db: Database, page: int = 1000) -> Iterator[dict[str, Any]]:
    """Every received report without personal data, in receipt order.

    Read a page at a time (keyset on receipt time and tracking id, only the columns
    needed): memory stays flat however many reports central holds.
    """
    cols = (Report.id, Report.tracking_id, Report.content_hash, Report.status,
            Report.region_code, Report.category, Report.agency, Report.received_at,
            Report.origin_device_id, Report.origin_region_code, Report.pushed_by)
    after: tuple | None = None
    while True:
        with db.read() as s:
            stmt = select(*cols).order_by(Report.received_at, Report.tracking_id).limit(page)
            if after is not None:
                stmt = stmt.where(tuple_(Report.received_at, Report.tracking_id) > after)
            rows = s.execute(stmt).all()
            if not rows:
                return
            atts: dict[str, list[Attachment]] = {}
            for a in s.scalars(select(Attachment)
                               .where(Attachment.report_id.in_([r.id for r in rows]))
                               .order_by(Attachment.report_id, Attachment.id)):
                atts.setdefault(a.report_id, []).append(a)
        for r in rows:
            yield {
                "id": r.id, "tracking_id": r.tracking_id, "content_hash": r.content_hash,
                "status": r.status, "region_code": r.region_code, "category": r.category,
                "agency": r.agency, "received_at": iso_utc(r.received_at),
                "origin": {"device_id": r.origin_device_id,
                           "region_code": r.origin_region_code},
                "pushed_by": r.pushed_by,
                "attachments": [{"id": a.id, "sha256": a.sha256, "size": a.size,
                                 "received": a.received_at is not None}
                                for a in atts.get(r.id, [])],
            }
        after = (rows[-1].received_at, rows[-1].tracking_id)
