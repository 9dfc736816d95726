"""A misconduct meeting or hearing arranged for one subject, its adjournments and appeal.

The kind of proceedings, the finding and the sanction stay on the subject's conduct
outcome (``investigations.models.ConductOutcome``), where every measure reads them; this
record keeps how the proceedings ran: the notice of referral (reg 30) and the officer's
response (reg 31), the date, who conducted them, whether a hearing was held in public
(reg 36 and 39), adjournments, and the appeal to an appeal meeting or the Police Appeals
Tribunal.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from complaints.auth.models import User
from complaints.common.enums import LabelledEnum, db_enum, labelled
from complaints.db import LEADS_TO_CASE, PERSONAL, Base, UTCDateTime
from complaints.investigations.models import ConductOutcome, Sanction


@labelled(
    {
        "dismissed": "Dismissed: the finding and outcome stand",
        "finding_overturned": "Allowed: the finding was overturned",
        "outcome_varied": "Allowed: a different outcome was substituted",
        "remitted": "Allowed: sent back for new proceedings",
    }
)
class AppealResult(LabelledEnum):
    DISMISSED = "dismissed"
    FINDING_OVERTURNED = "finding_overturned"
    OUTCOME_VARIED = "outcome_varied"
    REMITTED = "remitted"


class MisconductProceeding(Base):
    __tablename__ = "misconduct_proceedings"

    id: Mapped[int] = mapped_column(primary_key=True)
    conduct_outcome_id: Mapped[int] = mapped_column(
        ForeignKey("conduct_outcomes.id"), unique=True, info=LEADS_TO_CASE
    )
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"), index=True)
    referred_on: Mapped[dt.date] = mapped_column(Date)  # notice of referral given (reg 30)
    officer_response_on: Mapped[dt.date | None] = mapped_column(Date)  # reg 31
    scheduled_on: Mapped[dt.date | None] = mapped_column(Date)
    chair: Mapped[str | None] = mapped_column(String(200), info=PERSONAL)
    panel: Mapped[str | None] = mapped_column(String(500), info=PERSONAL)
    publicly_notified_on: Mapped[dt.date | None] = mapped_column(Date)  # hearings (reg 36)
    in_public: Mapped[bool | None] = mapped_column(Boolean)  # hearings; None: not yet decided
    appeal_lodged_on: Mapped[dt.date | None] = mapped_column(Date)
    appeal_result: Mapped[AppealResult | None] = mapped_column(db_enum(AppealResult))
    appeal_decided_on: Mapped[dt.date | None] = mapped_column(Date)
    appeal_sanction: Mapped[Sanction | None] = mapped_column(
        db_enum(Sanction, name="appeal_sanction")
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    # The backref lets the conduct outcome's own rules see the arrangement without the
    # investigations package importing this one.
    outcome: Mapped[ConductOutcome] = relationship(backref=backref("proceeding", uselist=False))
    adjournments: Mapped[list[Adjournment]] = relationship(
        back_populates="proceeding",
        order_by="Adjournment.id",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(
            "officer_response_on IS NULL OR officer_response_on >= referred_on",
            "response_after_referral",
        ),
        CheckConstraint("scheduled_on IS NULL OR scheduled_on >= referred_on", "held_after"),
        CheckConstraint(
            "(appeal_result IS NULL) = (appeal_decided_on IS NULL)", "appeal_decided_with_result"
        ),
        CheckConstraint(
            "appeal_result IS NULL OR appeal_lodged_on IS NOT NULL", "appeal_result_needs_appeal"
        ),
        CheckConstraint(
            "(appeal_sanction IS NOT NULL) = (appeal_result = 'outcome_varied')",
            "varied_outcome_named",
        ),
    )


class Adjournment(Base):
    """Proceedings put off: the day they were due, the new day if one is set, and why."""

    __tablename__ = "proceeding_adjournments"

    id: Mapped[int] = mapped_column(primary_key=True)
    proceeding_id: Mapped[int] = mapped_column(
        ForeignKey("misconduct_proceedings.id"), index=True, info=LEADS_TO_CASE
    )
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    adjourned_on: Mapped[dt.date] = mapped_column(Date)
    new_date: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, info=PERSONAL)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    proceeding: Mapped[MisconductProceeding] = relationship(back_populates="adjournments")
    recorded_by: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint("new_date IS NULL OR new_date > adjourned_on", "new_date_later"),
    )
