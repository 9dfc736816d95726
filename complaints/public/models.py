"""A complaint form being filled in, and a complaint sent through it.

The answers of a form in progress are kept here, not in the browser, so that the back
button or an error never loses them; the browser holds only a random key to them (its
SHA-256 is stored). A sent form becomes an ``OnlineSubmission``: not yet a case, until a
handler has looked at it beside the cases it may match (``triage``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.auth.models import User
from complaints.common.enums import LabelledEnum, db_enum, labelled
from complaints.db import PERSONAL, Base, UTCDateTime


class FormDraft(Base):
    __tablename__ = "form_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, info=PERSONAL)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


@labelled(
    {
        "new": "Waiting to be looked at",
        "logged": "Logged as a new case",
        "added": "Added to an existing case",
        "not_a_complaint": "Not a complaint",
    }
)
class SubmissionStatus(LabelledEnum):
    NEW = "new"
    LOGGED = "logged"
    ADDED = "added"
    NOT_A_COMPLAINT = "not_a_complaint"


@labelled(
    {
        "spam": "Spam or abuse",
        "service_request": "A request for a police service, not a complaint",
        "duplicate": "A repeat of a complaint we already have",
        "other": "Another reason",
    }
)
class NotAComplaint(LabelledEnum):
    SPAM = "spam"
    SERVICE_REQUEST = "service_request"
    DUPLICATE = "duplicate"
    OTHER = "other"


class OnlineSubmission(Base):
    """A complaint sent through the public form, received on the day it was sent (as the
    law counts it), waiting for a handler to log it, add it to a case, or say why it is
    not a complaint."""

    __tablename__ = "online_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    status: Mapped[SubmissionStatus] = mapped_column(db_enum(SubmissionStatus))
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, info=PERSONAL)
    # Copied out of the answers for the queue and for matching.
    given_name: Mapped[str] = mapped_column(String(80), info=PERSONAL)
    family_name: Mapped[str] = mapped_column(String(80), info=PERSONAL)
    email: Mapped[str | None] = mapped_column(String(254), info=PERSONAL)
    postcode: Mapped[str | None] = mapped_column(String(10), info=PERSONAL)
    incident_on: Mapped[dt.date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    not_a_complaint: Mapped[NotAComplaint | None] = mapped_column(db_enum(NotAComplaint))
    decision_note: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    decided_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_online_submissions_queue", "force_id", "status", "received_at"),)


class TrackingLink(Base):
    """A sign-in link to follow one's own complaint: single use, short-lived, emailed to
    an address the case holds for the complainant (or the person acting for them)."""

    __tablename__ = "tracking_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    complainant_id: Mapped[int] = mapped_column(ForeignKey("complainants.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
