"""SQLAlchemy 2 typed models of the local store.

Identity fields of the complainant are stored only as AES-GCM ciphertext (see
``lapor_desktop.security``); everything else is plain so it can be searched.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


def utcnow_seconds() -> datetime:
    """Now in UTC to the second: the precision of times written into hashes and files."""
    return utcnow().replace(microsecond=0)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC in SQLite and hands back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):  # type: ignore[override]
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: store UTC")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):  # type: ignore[override]
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class Report(Base):
    __tablename__ = "report"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)  # client UUID, idempotency key
    local_number: Mapped[str | None] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    incident_date: Mapped[date | None] = mapped_column(Date)
    region_code: Mapped[str] = mapped_column(String(16), default="")
    location_detail: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(64))
    agency: Mapped[str | None] = mapped_column(String(64))
    privacy: Mapped[str] = mapped_column(String(16), default="publik")
    channel: Mapped[str] = mapped_column(String(16), default="tatap_muka")
    # Complainant identity: AES-GCM ciphertexts under the data key.
    enc_name: Mapped[bytes | None] = mapped_column(LargeBinary)
    enc_nik: Mapped[bytes | None] = mapped_column(LargeBinary)
    enc_phone: Mapped[bytes | None] = mapped_column(LargeBinary)
    enc_email: Mapped[bytes | None] = mapped_column(LargeBinary)
    enc_address: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Random salt sent inside the identity (see domain.SALT_RE); set when finalised.
    enc_salt: Mapped[bytes | None] = mapped_column(LargeBinary)
    # The enc_* columns above are the *work copy* (under the data key every session holds):
    # drafts and reports not yet delivered. Since revision 0005 a finalised report's whole
    # identity (with its salt) is also sealed to the installation's role key
    # (``rolekeys``); once central accepted it or the kecamatan acknowledged it the work
    # copy is erased and only reveal-capable roles can read it.
    sealed_identity: Mapped[bytes | None] = mapped_column(LargeBinary)
    # The report whose id is bound into ``sealed_identity`` when it was carried over unseen
    # from an earlier version (a correction); None: this report's own id.
    identity_source: Mapped[str | None] = mapped_column(String(36))
    # Revision 0009: the identity sealed to its recipients (central, the kecamatan) as JSON,
    # so delivery needs no readable copy (``lapor_desktop.delivery``).
    delivery_boxes: Mapped[str | None] = mapped_column(Text)

    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("operator.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    local_state: Mapped[str] = mapped_column(String(20), default="draf")
    supersedes: Mapped[str | None] = mapped_column(String(36))  # id of the corrected report
    superseded_by: Mapped[str | None] = mapped_column(String(36))
    tracking_id: Mapped[str | None] = mapped_column(String(32))
    remote_status: Mapped[str | None] = mapped_column(String(20))
    remote_status_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # central's clock
    sync_error: Mapped[str | None] = mapped_column(Text)  # JSON: central's field errors
    status_seen: Mapped[bool] = mapped_column(Boolean, default=True)
    # Where the report came from when it arrived in a bundle (kecamatan installations).
    origin_device: Mapped[str | None] = mapped_column(String(64))
    origin_region: Mapped[str | None] = mapped_column(String(16))

    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="Attachment.created_at"
    )

    __table_args__ = (
        Index("ix_report_state_created", "local_state", "created_at"),
        Index("ix_report_created", "created_at"),
        Index("ix_report_tracking", "tracking_id"),
        Index("ix_report_kind", "kind"),
        Index("ix_report_region", "region_code"),
    )


class Attachment(Base):
    __tablename__ = "attachment"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"),
                                           index=True)
    # Sealed: the original file name lives only in enc_file_name (AES-GCM under the data
    # key); file_name is empty on rows written since revision 0003.
    file_name: Mapped[str] = mapped_column(String(255))
    enc_file_name: Mapped[bytes | None] = mapped_column(LargeBinary)
    media_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    stored_path: Mapped[str] = mapped_column(String(512))  # relative to the data dir
    upload_url: Mapped[str | None] = mapped_column(String(512))
    upload_offset: Mapped[int] = mapped_column(Integer, default=0)
    uploaded: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    report: Mapped[Report] = relationship(back_populates="attachments")


class IdentityIndex(Base):
    """Blind index of a report's phone and NIK: keyed HMACs, never the values."""

    __tablename__ = "identity_index"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"),
                                           index=True)
    digest: Mapped[str] = mapped_column(String(64), index=True)


class Outbox(Base):
    __tablename__ = "outbox"

    report_id: Mapped[str] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"),
                                           primary_key=True)
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending|done|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    enqueued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_outbox_state_next", "state", "next_attempt_at"),)


class StatusEvent(Base):
    __tablename__ = "status_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"),
                                           index=True)
    remote_event_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    agency: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(16), default="central")  # central|bundle|local

    __table_args__ = (UniqueConstraint("report_id", "remote_event_id"),)


class Operator(Base):
    __tablename__ = "operator"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))
    # The data key wrapped by a key derived from this operator's password.
    kdf_salt: Mapped[bytes] = mapped_column(LargeBinary)
    kdf_params: Mapped[dict] = mapped_column(JSON)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    # The operator's own X25519 key pair (revision 0005): the public half in the clear, the
    # private half wrapped by the password KEK. A holder of the role key grants it to this
    # operator by sealing it to ``public_key`` (``role_key_box``), without their password.
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    wrapped_private_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    role_key_box: Mapped[bytes | None] = mapped_column(LargeBinary)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEvent(Base):
    """Append-only, hash-chained: each row's hash covers the previous row's hash."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    operator_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(32))
    report_id: Mapped[str | None] = mapped_column(String(36), index=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditAnchor(Base):
    """The last anchor of a device's audit chain as a peer holds it: at a village, its own
    chain as central gave it back; at a kecamatan, each village's as its bundles carried it.
    ``problem`` (lapor_protocol.anchors) stays set once a chain failed to extend it."""

    __tablename__ = "audit_anchor"

    device_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    region_code: Mapped[str | None] = mapped_column(String(13))
    count: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    problem: Mapped[str | None] = mapped_column(String(16))
    problem_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    problem_detail: Mapped[str | None] = mapped_column(String(200))


class AuditAnchorPoint(Base):
    """Every (count, hash) of a device's chain known here: the heads this device sent (its
    proofs later) or, at a kecamatan, the heads and proofs villages sent."""

    __tablename__ = "audit_anchor_point"

    device_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class CatalogCategory(Base):
    __tablename__ = "catalog_category"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class CatalogAgency(Base):
    __tablename__ = "catalog_agency"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))


class CatalogRoute(Base):
    __tablename__ = "catalog_route"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    category: Mapped[str] = mapped_column(String(64))  # "*" matches every category
    region_prefix: Mapped[str] = mapped_column(String(16), default="")
    agency: Mapped[str] = mapped_column(String(64))


class Counter(Base):
    """Gapless sequences (local numbers) advanced inside the finalising transaction."""

    __tablename__ = "counter"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Meta(Base):
    """Installation facts: region, device id, catalogue version, sync cursor, keys."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
