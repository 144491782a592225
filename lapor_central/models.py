"""The central server's own typed SQLAlchemy models (its own metadata, not the desktop's).

Times are stored as naive UTC ``DateTime`` values; the API renders them with a ``Z``.
The full wire report (complainant identity included) is kept as received in ``wire_json``:
the content hash covers it, and storing it is central's business. It is never logged.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Counter(Base):
    """Named counters bumped inside the writing transaction (tracking ids, event sequence).

    Updating one row serialises concurrent writers on it, so numbers are handed out in
    commit order: a reader that sees number N has already seen every number below N.
    """

    __tablename__ = "counter"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, nullable=False)


class CatalogDoc(Base):
    """The catalogue served at ``GET /catalog`` (one row; seeded from the package)."""

    __tablename__ = "catalog"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(100), nullable=False)
    document: Mapped[str] = mapped_column(Text, nullable=False)


class EnrollmentCode(Base):
    __tablename__ = "enrollment_code"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    region_code: Mapped[str] = mapped_column(String(13), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    used_by: Mapped[str | None] = mapped_column(String(100))
    # Set for a code issued to replace exactly this enrolled device (its old tokens are
    # revoked when the code is spent); NULL for a code enrolling a new device.
    replaces_device: Mapped[str | None] = mapped_column(String(100))


class Device(Base):
    __tablename__ = "device"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    region_code: Mapped[str] = mapped_column(String(13), nullable=False)
    enrolled_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class DeviceToken(Base):
    """A bearer token, stored as its sha256; the token itself is shown once at enrolment."""

    __tablename__ = "device_token"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), nullable=False, index=True)
    region_code: Mapped[str] = mapped_column(String(13), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class Report(Base):
    __tablename__ = "report"

    # The client's UUID is the idempotency key: the primary key's uniqueness is what makes
    # two concurrent pushes of the same report create it once.
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tracking_id: Mapped[str] = mapped_column(String(20), nullable=False, unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    status: Mapped[str] = mapped_column(String(32), nullable=False)
    local_number: Mapped[str] = mapped_column(String(100), nullable=False, index=True)
    supersedes: Mapped[str | None] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    region_code: Mapped[str] = mapped_column(String(13), nullable=False, index=True)
    category: Mapped[str] = mapped_column(String(100), nullable=False)
    agency: Mapped[str | None] = mapped_column(String(100))
    privacy: Mapped[str] = mapped_column(String(16), nullable=False)
    origin_device_id: Mapped[str] = mapped_column(String(100), nullable=False, index=True)
    origin_region_code: Mapped[str] = mapped_column(String(13), nullable=False)
    pushed_by: Mapped[str] = mapped_column(ForeignKey("device.id"), nullable=False, index=True)
    received_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    wire_json: Mapped[str] = mapped_column(Text, nullable=False)
    # One case, many revisions (docs/deadlines.md): the id of the case's first revision
    # (a correction that arrives before its original names that original), and the
    # revision that replaced this one (a superseded revision is never actionable). Set on
    # every row written since c0006; the columns stay NULL-able only because SQLite cannot
    # add a NOT NULL column to a table others reference without rebuilding it.
    case_id: Mapped[str | None] = mapped_column(String(36), index=True)
    superseded_by: Mapped[str | None] = mapped_column(String(36))
    # The trusted walk-in time the case clock counts from (lapor_protocol.clock_skew).
    walk_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    clock_trusted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True,
                                                server_default=true())
    # The receipt's code (lapor_protocol.tracking.verification_code), kept to search by.
    verification_code: Mapped[str | None] = mapped_column(String(9), index=True)


class Attachment(Base):
    __tablename__ = "attachment"

    report_id: Mapped[str] = mapped_column(ForeignKey("report.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255), nullable=False)
    media_type: Mapped[str] = mapped_column(String(127), nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    received_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Verification failures are counted, not hidden: the attachment stays missing.
    failed_uploads: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(String(100))


class StatusEvent(Base):
    __tablename__ = "status_event"
    __table_args__ = (Index("ix_status_event_report", "report_id"),)

    # Assigned from Counter("event") in the writing transaction, not by autoincrement,
    # so that cursor paging never skips an event committed late (see Counter).
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    report_id: Mapped[str] = mapped_column(ForeignKey("report.id"), nullable=False)
    status: Mapped[str] = mapped_column(String(32), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    agency: Mapped[str | None] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    deadline: Mapped[date | None] = mapped_column(Date)


class ServerSecret(Base):
    """Random keys of this server (e.g. for signing status cursors), shared by workers."""

    __tablename__ = "server_secret"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128), nullable=False)


class EnrolAttempt(Base):
    """Enrolment attempts per client address in a fixed window, counted before the code
    is checked (one upsert) and given back when the attempt succeeds: only refusals
    stay counted, and concurrent guesses cannot all pass the check."""

    __tablename__ = "enrol_attempt"

    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False)


class Upload(Base):
    """One tus upload: who may touch it, how far it got, and the lease of the request
    writing it (``lease_until`` in the future = a PATCH is writing; see docs/central.md)."""

    __tablename__ = "upload"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(100), nullable=False, index=True)
    report_id: Mapped[str] = mapped_column(String(36), nullable=False)
    attachment_id: Mapped[str] = mapped_column(String(36), nullable=False)
    length: Mapped[int] = mapped_column(BigInteger, nullable=False)
    upload_offset: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    metadata_header: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime)
    lease_token: Mapped[str | None] = mapped_column(String(32))


class UploadPart(Base):
    """The bytes of one PATCH, stored as its own object (see lapor_central/storage.py).
    Inserted in the same transaction as the fenced offset update, so only a part written
    under the upload's lease ever counts; the parts of an upload chain from offset 0."""

    __tablename__ = "upload_part"

    upload_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    offset: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    key: Mapped[str] = mapped_column(String(400), nullable=False)


class AuditAnchor(Base):
    """A device's last audit-chain anchor (lapor_protocol.anchors), kept per device from its
    token. ``problem`` is set when a chain failed to extend it and stays set."""

    __tablename__ = "audit_anchor"

    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), primary_key=True)
    region_code: Mapped[str] = mapped_column(String(13), nullable=False, index=True)
    count: Mapped[int] = mapped_column(BigInteger, nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False)
    received_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    problem: Mapped[str | None] = mapped_column(String(16))
    problem_at: Mapped[datetime | None] = mapped_column(DateTime)
    problem_detail: Mapped[str | None] = mapped_column(String(200))


class AuditAnchorPoint(Base):
    """Every (count, hash) of a device's chain central has been told (heads and proofs)."""

    __tablename__ = "audit_anchor_point"

    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False)
    received_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


__all__ = [
    "Attachment", "AuditAnchor", "AuditAnchorPoint", "Base", "CatalogDoc", "Counter", "Device",
    "DeviceToken", "EnrolAttempt", "EnrollmentCode", "Report", "ServerSecret", "StatusEvent",
    "Upload", "UploadPart",
]
