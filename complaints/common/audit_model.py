"""The audit trail's table: append-only (database triggers refuse UPDATE, DELETE and, on
PostgreSQL, TRUNCATE; the application's role may only INSERT and SELECT) and hash-chained
(``complaints.common.audit_chain``), so that a change made by the tables' owner shows.

Every column but the chain's own is in the chain's hash (``audit_chain.FIELDS``): a new
column needs a new version of that serialisation, and no column may have a default the
database fills in after the hash is made. No row-level security either: every writer
must read the chain's head."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from complaints.db import Base, UTCDateTime


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(120))
    actor_role: Mapped[str | None] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    # {"field": [old, new], ...} for changes; other details for views and refusals.
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    summary: Mapped[str | None] = mapped_column(String(300))
    # 1, 2, 3… in the order written, without gaps; and SHA-256 (hex) of the previous row's
    # hash and this row. Both are given by the flush (``audit``), never by hand.
    chain_seq: Mapped[int] = mapped_column(Integer, unique=True)
    chain_hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_audit_events_case_time", "case_id", "occurred_at"),
        Index("ix_audit_events_actor_time", "actor_id", "occurred_at"),
        Index("ix_audit_events_action_time", "action", "occurred_at"),
    )
