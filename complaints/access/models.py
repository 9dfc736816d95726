"""A subject access request: who asked, about which records, its deadline and its state,
and the redactions the appropriate authority marked before the copy was sent.

The person is a complainant (the complainant records the appropriate authority confirmed
are theirs, as one person may be on several cases under slightly different details) or a
subject (one identity across cases). A redaction is never deleted: one taken back keeps
who took it back and when, so the record of what was withheld stays whole.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.auth.models import User
from complaints.cases.models import Complainant
from complaints.common.enums import LabelledEnum, db_enum, labelled
from complaints.db import PERSONAL, Base, UTCDateTime
from complaints.subjects.models import Subject


@labelled({"complainant": "A complainant", "subject": "An officer or member of staff"})
class PersonKind(LabelledEnum):
    COMPLAINANT = "complainant"
    SUBJECT = "subject"


@labelled(
    {
        "open": "Open",
        "assembled": "Assembled",
        "redacted": "Redacted",
        "completed": "Completed",
        "withdrawn": "Withdrawn",
    }
)
class RequestState(LabelledEnum):
    OPEN = "open"
    ASSEMBLED = "assembled"
    REDACTED = "redacted"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"

    @property
    def is_live(self) -> bool:
        return self not in (RequestState.COMPLETED, RequestState.WITHDRAWN)


@labelled(
    {
        "third_party": "Third party",
        "law_enforcement": ("Law enforcement exemption (DPA 2018 Sch 2 para 2 / Part 3 s45(4))"),
        "legal_privilege": "Legal professional privilege",
        "other": "Other",
    }
)
class RedactionReason(LabelledEnum):
    THIRD_PARTY = "third_party"
    LAW_ENFORCEMENT = "law_enforcement"
    LEGAL_PRIVILEGE = "legal_privilege"
    OTHER = "other"


class AccessRequest(Base):
    __tablename__ = "access_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    person_kind: Mapped[PersonKind] = mapped_column(db_enum(PersonKind))
    # How the person named themselves in the request.
    person_name: Mapped[str] = mapped_column(String(200), info=PERSONAL)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[RequestState] = mapped_column(db_enum(RequestState))
    assembled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    redacted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sent_on: Mapped[dt.date | None] = mapped_column(Date)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str | None] = mapped_column(String(500), info=PERSONAL)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    subject: Mapped[Subject | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    records: Mapped[list[AccessRecord]] = relationship(
        back_populates="request", order_by="AccessRecord.complainant_id"
    )
    redactions: Mapped[list[Redaction]] = relationship(
        back_populates="request", order_by="Redaction.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("due_on > received_on", "due_after_received"),
        CheckConstraint("(person_kind = 'subject') = (subject_id IS NOT NULL)", "subject_named"),
        CheckConstraint("state <> 'completed' OR sent_on IS NOT NULL", "completed_when_sent"),
        CheckConstraint("state <> 'withdrawn' OR withdrawn_on IS NOT NULL", "withdrawn_dated"),
        # The appropriate authority's list, by force and deadline; the monthly figures.
        Index("ix_access_requests_force_due", "force_id", "due_on"),
        Index("ix_access_requests_force_received", "force_id", "received_on"),
    )


class AccessRecord(Base):
    """A complainant record the appropriate authority confirmed is the requester's."""

    __tablename__ = "access_request_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("access_requests.id"))
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    complainant_id: Mapped[int] = mapped_column(ForeignKey("complainants.id"), index=True)

    request: Mapped[AccessRequest] = relationship(back_populates="records")
    complainant: Mapped[Complainant] = relationship()

    __table_args__ = (
        UniqueConstraint(
            "request_id", "complainant_id", name="uq_access_request_records_request_complainant"
        ),
    )


class Redaction(Base):
    """A passage withheld from the copy sent, with the reason.

    ``phrase`` is removed wherever it appears in the extract named (or in every extract,
    when none is named: a third party's name). With no phrase, the whole extract is
    withheld: how an original document that cannot be redacted in place is kept back.
    """

    __tablename__ = "access_redactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("access_requests.id"), index=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    extract_id: Mapped[str | None] = mapped_column(String(40))
    phrase: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    reason: Mapped[RedactionReason] = mapped_column(db_enum(RedactionReason))
    reason_other: Mapped[str | None] = mapped_column(String(300), info=PERSONAL)
    # Marked by the service when the request was assembled (another person's name).
    suggested: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    removed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    request: Mapped[AccessRequest] = relationship(back_populates="redactions")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    __table_args__ = (
        CheckConstraint("phrase IS NOT NULL OR extract_id IS NOT NULL", "names_what"),
        CheckConstraint("reason <> 'other' OR reason_other IS NOT NULL", "other_explained"),
        CheckConstraint("(removed_at IS NULL) = (removed_by_id IS NULL)", "removed_by_whom"),
    )

    @property
    def reason_text(self) -> str:
        return self.reason_other if self.reason == RedactionReason.OTHER else self.reason.label
