"""Pushing reports (validation, idempotent insert, replay and conflict), the have-list
and the personal-data-free export."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lapor_central import central_key
from lapor_central.db import Database, iso_utc, next_value, reserve_many, utcnow
from lapor_central.deadlines import deadline_for
from lapor_central.models import Attachment, Device, Report, StatusEvent
from lapor_central.service.common import (
    AREA_RE,
    HEX64,
    MEDIA_TYPE_RE,
    MESSAGES,
    WIRE_ONLY,
    Catalog,
    DeviceAuth,
    _echo,
    is_uuid,
    owned_by,
    owns,
    within_region,
)
from lapor_central.service.status import _add_event
from lapor_protocol import domain, wire
from lapor_protocol.clock_skew import trusted_walk_in
from lapor_protocol.tracking import verification_code
from lapor_protocol.wire import Limits

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- push

def _issue(errors: list[dict[str, str]], fld: str, code: str) -> None:
    errors.append({"field": fld, "code": code, "message": MESSAGES[code]})


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
                and domain.file_name_ok(att["file_name"])
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
    return (datetime.now(UTC) + timedelta(hours=9)).date()


def origin_allowed(origin: Mapping[str, str], device: DeviceAuth,
                   enrolled: Mapping[str, str]) -> bool:
    """May ``device`` push a report made on ``origin``? Its own reports (same region), or,
    for a kecamatan device relaying bundles, a village of that kecamatan made on a device
    that is not enrolled as anything else (``enrolled``: device id -> enrolled region)."""
    did, region = origin["device_id"], origin["region_code"]
    if did == device.device_id:
        return region == device.region_code
    if not device.is_kecamatan or region.count(".") != 3:
        return False
    if not within_region(region, device.region_code):
        return False
    return enrolled.get(did, region) == region


def enrolled_regions(db: Database, device: DeviceAuth, items: list[Any]) -> dict[str, str]:
    """Enrolled region of every other device named as origin in ``items``."""
    ids = {o["device_id"] for it in items if isinstance(it, dict)
           and isinstance(o := it.get("origin"), dict) and isinstance(o.get("device_id"), str)
           and o["device_id"] != device.device_id and 0 < len(o["device_id"]) <= 100
           and not domain.has_control(o["device_id"])}
    if not ids:
        return {}
    with db.read() as s:
        return dict(s.execute(select(Device.id, Device.region_code)
                              .where(Device.id.in_(list(ids)[:1000]))).all())


def check_item(item: dict[str, Any], device: DeviceAuth, catalog: Catalog,
               limits: Limits, enrolled: Mapping[str, str] | None = None,
               today: date | None = None) -> list[dict[str, str]]:
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
                                       and len(ln) <= 100 and not domain.has_control(ln)):
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
    elif "origin" in item and not origin_allowed(origin, device, enrolled or {}):
        _issue(errors, "origin.device_id", "origin.device_mismatch")
    ch = item.get("content_hash")
    if "content_hash" in item and not (isinstance(ch, str) and HEX64.match(ch)):
        _issue(errors, "content_hash", "content_hash.invalid")
    if "attachments" in item:
        _check_attachments(item["attachments"], limits, errors)

    report = {k: v for k, v in item.items() if k not in WIRE_ONLY and k in domain.REPORT_FIELDS}
    # No Wrong Door across the kabupaten: any village the catalogue's routes cover, whoever
    # took the report in; the origin above still names the device's own region.
    result = domain.validate_report(report, category_exists=catalog.has_category,
                                    agency_exists=catalog.has_agency,
                                    today=today or _indonesia_today(), strict_fields=True,
                                    region_served=catalog.serves_region)
    for issue in result.errors:
        errors.append({"field": issue.field, "code": issue.code, "message": issue.message})
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


def _replay_or_conflict(existing: Report, item_id: str, actual: str,
                        device: DeviceAuth) -> dict[str, Any]:
    """The answer for an id central holds already. Another device's report is always a
    bare conflict, whatever the content: no tracking id, no status, and nothing that
    tells whether the content matched (``have`` calls the same id missing)."""
    if actual == existing.content_hash and owns(device, existing):
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

def _report_row(item: dict[str, Any], device: DeviceAuth, actual: str, tracking_id: int,
                now: datetime) -> dict[str, Any]:
    return dict(
        id=item["id"], tracking_id=str(tracking_id), content_hash=actual,
        status=domain.RemoteStatus.DITERIMA.value, local_number=item["local_number"],
        supersedes=item["supersedes"], kind=item["kind"], region_code=item["region_code"],
        category=item["category"], agency=item.get("agency") or None, privacy=item["privacy"],
        origin_device_id=item["origin"]["device_id"],
        origin_region_code=item["origin"]["region_code"], pushed_by=device.device_id,
        received_at=now, wire_json=_wire_json(item),
        case_id=item["id"], superseded_by=None,
        verification_code=verification_code(item["id"], actual),
        **walk_in_columns(item, now),
    )


def walk_in_columns(item: dict[str, Any], now: datetime) -> dict[str, Any]:
    """``walk_in_at`` (naive UTC) and ``clock_trusted`` of a new report."""
    recorded = datetime.fromisoformat(item["recorded_at"])
    walk = trusted_walk_in(recorded, None, None, now)
    return dict(walk_in_at=walk.at.astimezone(UTC).replace(tzinfo=None),
                clock_trusted=walk.trusted)


def _wire_json(item: dict[str, Any]) -> str:
    """The report as received, keys sorted (orjson: a tenth of json.dumps' time)."""
    try:
        return orjson.dumps(item, option=orjson.OPT_SORT_KEYS).decode("utf-8")
    except (orjson.JSONEncodeError, TypeError):  # e.g. an integer beyond 64 bits
        return json.dumps(item, ensure_ascii=False, sort_keys=True)


def _attachment_rows(item: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(report_id=item["id"], id=a["id"], file_name=a["file_name"],
                 media_type=a["media_type"], size=a["size"], sha256=a["sha256"],
                 failed_uploads=0) for a in item["attachments"]]


def _bulk_insert(s: Session, new: list[tuple[int, dict[str, Any], str]],
                 device: DeviceAuth) -> dict[str, dict[str, Any]]:
    """Insert all new reports with three multi-row INSERTs; ids come from one counter bump.

    The rows are built first and the counters bumped last (one statement for both): the
    counter rows stay locked until commit, so every other push waits for as long as this
    transaction holds them, and Python work done while holding them is everyone's wait."""
    n = len(new)
    now = utcnow()
    deadline = deadline_for(domain.RemoteStatus.DITERIMA, now, now)
    reports, atts, events = [], [], []
    for _idx, item, actual in new:
        row = _report_row(item, device, actual, 0, now)
        reports.append(row)
        atts += _attachment_rows(item)
        events.append(dict(seq=0, report_id=item["id"], status=row["status"],
                           note=None, agency=row["agency"], at=now, deadline=deadline))
    last = reserve_many(s, {"tracking": n, "event": n})
    for k, (row, event) in enumerate(zip(reports, events, strict=True)):
        row["tracking_id"] = str(last["tracking"] - n + 1 + k)
        event["seq"] = last["event"] - n + 1 + k
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
    enrolled = enrolled_regions(db, device, items)
    today = _indonesia_today()  # once per batch
    for idx, item in enumerate(items):
        if not isinstance(item, dict):
            errors: list[dict[str, str]] = []
            _issue(errors, "", "item.type")
            results[idx] = _result(None, "rejected", None, errors)
            continue
        box_errors = central_key.open_identity(db, item)  # before the hash: it covers it
        actual = computed_hash(item)
        errors = box_errors + check_item(item, device, catalog, limits, enrolled, today)
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
                results[idx] = _replay_or_conflict(existing[item_id], item_id, actual, device)
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
            results[idx] = _replay_or_conflict(report, item_id, actual, device)
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
        return _replay_or_conflict(existing, item_id, actual, device)
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
        return _replay_or_conflict(existing, item_id, actual, device)


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


def have(db: Database, device: DeviceAuth, entries: list[tuple[str, str]]) -> dict[str, Any]:
    """Which of ``entries`` central lacks. Only the device's own reports (for a kecamatan:
    also its villages') are reported as known or conflicting; any other id reads as
    missing, so the answer reveals nothing about other devices' reports."""
    ids = list(dict.fromkeys(i for i, _ in entries if is_uuid(i)))  # others: never stored
    with db.read() as s:
        found: dict[str, Report] = {}
        for start in range(0, len(ids), 500):
            for r in s.scalars(select(Report).where(Report.id.in_(ids[start:start + 500]),
                                                    owned_by(device))):
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

