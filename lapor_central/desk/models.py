"""Tables of the agency desk, on central's own metadata (``lapor_central.models.Base``).

``DeskQueue`` is a read model of the report queue: one row per report with what the queue
filters and sorts on (status, agency, region, category, current deadline). It is brought up
to date from ``status_event`` in sequence order (see :mod:`lapor_central.desk.queue`), so
the queue pages with an index instead of reading every report's events.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from lapor_central.models import Base


class Staff(Base):
    __tablename__ = "desk_staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    display_name: Mapped[str] = mapped_column(String(120), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)  # kabupaten | agency
    agency: Mapped[str | None] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    disabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class DeskSession(Base):
    """A signed-in browser; the cookie holds the token, the table only its sha256."""

    __tablename__ = "desk_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    csrf: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class LoginThrottle(Base):
    """Failed sign-ins per user name (known or not): 5 failures lock it, doubling."""

    __tablename__ = "desk_login_throttle"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    locks: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)


class AuditEntry(Base):
    """Who did what at central, and when. Details never hold personal data."""

    __tablename__ = "desk_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)
    staff_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(64), nullable=False)
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    report_id: Mapped[str | None] = mapped_column(String(36), index=True)
    detail: Mapped[str | None] = mapped_column(Text)


class DeskQueue(Base):
    __tablename__ = "desk_queue"
    __table_args__ = (
        Index("ix_desk_queue_due", "due_key", "report_id"),
        Index("ix_desk_queue_agency_due", "agency", "due_key", "report_id"),
        Index("ix_desk_queue_status_due", "status", "due_key", "report_id"),
        Index("ix_desk_queue_agency_status", "agency", "status"),
        Index("ix_desk_queue_region_due", "region_code", "due_key", "report_id"),
        Index("ix_desk_queue_kec_due", "kecamatan", "due_key", "report_id"),
        Index("ix_desk_queue_category_due", "category", "due_key", "report_id"),
        Index("ix_desk_queue_tracking", "tracking_id"),
        Index("ix_desk_queue_case", "case_id"),
    )

    report_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tracking_id: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    status: Mapped[str] = mapped_column(String(32), nullable=False)
    agency: Mapped[str | None] = mapped_column(String(100))
    region_code: Mapped[str] = mapped_column(String(13), nullable=False)
    kecamatan: Mapped[str] = mapped_column(String(8), nullable=False)
    category: Mapped[str] = mapped_column(String(100), nullable=False)
    received_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    due: Mapped[date | None] = mapped_column(Date)
    # ``due`` or 9999-12-31 when the status has no deadline: sorts last, keyset-friendly.
    due_key: Mapped[date] = mapped_column(Date, nullable=False)
    last_seq: Mapped[int] = mapped_column(BigInteger, nullable=False)
    # One row per case (the row is its current revision's); ``tracking_id`` is the case's.
    case_id: Mapped[str | None] = mapped_column(String(36))
    corrected: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                            server_default=false())


class DeskState(Base):
    """Small key/value state of the desk (the queue's high-water event sequence)."""

    __tablename__ = "desk_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, nullable=False)
