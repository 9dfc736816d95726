"""Early-intervention policies, the alerts they raise and the plans that answer them.

Every table carries the force, as every table of a force's people does: on PostgreSQL
row-level security keeps each to that force's people (migration 0028, as 0024 does for
duty statuses).

An alert is about one subject and one policy. It remembers what it was raised on
(``AlertItem``: an allegation, or a case for a policy that counts cases), so a closed
alert never fires again for the same allegations, and an open one takes in the new ones.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.auth.models import User
from complaints.cases.models import Allegation, Case
from complaints.common.enums import LabelledEnum, db_enum, labelled
from complaints.common.roles import Role
from complaints.db import PERSONAL, Base, UTCDateTime, with_parent
from complaints.reference.models import AllegationCategory
from complaints.subjects.models import Subject


@labelled(
    {
        "allegations": "Allegations",
        "cases": "Cases",
        "conduct_matters": "Conduct matters",
    }
)
class Counts(LabelledEnum):
    ALLEGATIONS = "allegations"
    CASES = "cases"
    CONDUCT_MATTERS = "conduct_matters"


@labelled(
    {
        "months": "A number of months up to today",
        "this_year": "This calendar year",
        "on_plan": "While the person is on an intervention plan",
    }
)
class Period(LabelledEnum):
    MONTHS = "months"
    THIS_YEAR = "this_year"
    ON_PLAN = "on_plan"


@labelled(
    {
        "new": "New",
        "psd_review": "PSD review",
        "supervisor_review": "Supervisor review",
        "plan_agreed": "Plan agreed",
        "resolved": "Resolved",
        "no_action": "Closed: no action",
        "false_positive": "Closed: false positive",
    }
)
class AlertState(LabelledEnum):
    NEW = "new"
    PSD_REVIEW = "psd_review"
    SUPERVISOR_REVIEW = "supervisor_review"
    PLAN_AGREED = "plan_agreed"
    RESOLVED = "resolved"
    NO_ACTION = "no_action"
    FALSE_POSITIVE = "false_positive"

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATES


OPEN_STATES = frozenset(
    {AlertState.NEW, AlertState.PSD_REVIEW, AlertState.SUPERVISOR_REVIEW, AlertState.PLAN_AGREED}
)
_OPEN_SQL = "state IN ('new', 'psd_review', 'supervisor_review', 'plan_agreed')"

policy_categories = Table(
    "intervention_policy_categories",
    Base.metadata,
    Column("policy_id", ForeignKey("intervention_policies.id"), primary_key=True),
    Column("category_id", ForeignKey("allegation_categories.id"), primary_key=True),
)
policy_recipients = Table(
    "intervention_policy_recipients",
    Base.metadata,
    Column("policy_id", ForeignKey("intervention_policies.id"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True),
)


class Policy(Base):
    """What counts, how many, over what time, and who is told when someone crosses it.

    ``threshold``: the count at which an officer crosses it. ``top_percent``, if set,
    ranks instead: the officers whose count puts them in that top share of the force's
    officers (with at least ``threshold``), ties included.
    """

    __tablename__ = "intervention_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    counts: Mapped[Counts] = mapped_column(db_enum(Counts, "intervention_counts"))
    threshold: Mapped[int] = mapped_column(Integer)
    top_percent: Mapped[int | None] = mapped_column(Integer)
    period: Mapped[Period] = mapped_column(db_enum(Period, "intervention_period"))
    period_months: Mapped[int | None] = mapped_column(Integer)
    # Who is told: everyone of this role deciding for the force, and the people named.
    notify_role: Mapped[Role | None] = mapped_column(db_enum(Role, "intervention_notify_role"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    categories: Mapped[list[AllegationCategory]] = relationship(
        secondary=policy_categories, order_by="AllegationCategory.sort_order"
    )
    recipients: Mapped[list[User]] = relationship(
        secondary=policy_recipients, order_by="User.full_name"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("force_id", "name", name="uq_intervention_policies_force_name"),
        CheckConstraint("threshold >= 1", "threshold_positive"),
        CheckConstraint(
            "top_percent IS NULL OR (top_percent >= 1 AND top_percent <= 50)", "top_share"
        ),
        CheckConstraint(
            "(period = 'months') = (period_months IS NOT NULL)", "months_given_for_months"
        ),
        CheckConstraint(
            "period_months IS NULL OR (period_months >= 1 AND period_months <= 120)",
            "months_in_range",
        ),
    )


class Alert(Base):
    """One subject crossing one policy: reviewed, then answered with a plan or closed."""

    __tablename__ = "intervention_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    policy_id: Mapped[int] = mapped_column(ForeignKey("intervention_policies.id"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    state: Mapped[AlertState] = mapped_column(db_enum(AlertState, "intervention_alert_state"))
    # How many allegations (or cases) it holds: every one, restricted or not.
    counted: Mapped[int] = mapped_column(Integer, default=0)
    raised_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_reason: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    policy: Mapped[Policy] = relationship()
    subject: Mapped[Subject] = relationship()
    items: Mapped[list[AlertItem]] = relationship(back_populates="alert", order_by="AlertItem.id")
    steps: Mapped[list[AlertStep]] = relationship(back_populates="alert", order_by="AlertStep.id")
    plan: Mapped[Plan | None] = relationship(back_populates="alert", uselist=False)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # One open alert per person and policy; further allegations join it.
        Index(
            "uq_intervention_alerts_open",
            "policy_id",
            "subject_id",
            unique=True,
            postgresql_where=text(_OPEN_SQL),
            sqlite_where=text(_OPEN_SQL),
        ),
        Index("ix_intervention_alerts_force_state", "force_id", "state"),
        CheckConstraint(f"({_OPEN_SQL}) = (closed_at IS NULL)", "closed_dated"),
        CheckConstraint(
            "state NOT IN ('no_action', 'false_positive') OR closed_reason IS NOT NULL",
            "closed_with_reason",
        ),
    )

    @property
    def is_open(self) -> bool:
        return self.state.is_open


class AlertItem(Base):
    """One allegation (or, for a policy counting cases, one case) an alert was raised on
    or took in while open."""

    __tablename__ = "intervention_alert_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("intervention_alerts.id"))
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    # Each with the item's force (``with_parent``): a policy counts its own force's cases.
    case_id: Mapped[int] = mapped_column()
    allegation_id: Mapped[int | None] = mapped_column()
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    alert: Mapped[Alert] = relationship(back_populates="items")
    case: Mapped[Case] = relationship(foreign_keys=[case_id])
    allegation: Mapped[Allegation | None] = relationship(foreign_keys=[allegation_id])

    __table_args__ = (
        with_parent("case_id", "cases", "force_id"),
        with_parent("allegation_id", "allegations", "force_id"),
        UniqueConstraint(
            "alert_id", "case_id", "allegation_id", name="uq_intervention_alert_items_counted"
        ),
        Index("ix_intervention_alert_items_allegation", "allegation_id"),
        Index("ix_intervention_alert_items_case", "case_id"),
    )


class AlertStep(Base):
    """A step an alert took (review started, referred to a supervisor, closed...), by whom
    and what they noted: the alert's history."""

    __tablename__ = "intervention_alert_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("intervention_alerts.id"), index=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    from_state: Mapped[AlertState] = mapped_column(db_enum(AlertState, "intervention_step_from"))
    to_state: Mapped[AlertState] = mapped_column(db_enum(AlertState, "intervention_step_to"))
    note: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    taken_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    alert: Mapped[Alert] = relationship(back_populates="steps")
    by: Mapped[User | None] = relationship()


class Plan(Base):
    """What was agreed with the officer and their supervisor: actions, each with an owner
    and a date. Complete when every action is done, which resolves the alert."""

    __tablename__ = "intervention_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("intervention_alerts.id"), unique=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    summary: Mapped[str] = mapped_column(Text, info=PERSONAL)
    agreed_on: Mapped[dt.date] = mapped_column(Date)
    agreed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    alert: Mapped[Alert] = relationship(back_populates="plan")
    subject: Mapped[Subject] = relationship()
    agreed_by: Mapped[User | None] = relationship()
    actions: Mapped[list[PlanAction]] = relationship(
        back_populates="plan", order_by=lambda: [PlanAction.due_on, PlanAction.id]
    )

    __mapper_args__ = {"version_id_col": version}


class PlanAction(Base):
    """One thing to do, by whom (often the officer's line manager, who need not be a user
    of this service) and by when."""

    __tablename__ = "intervention_plan_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("intervention_plans.id"), index=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    description: Mapped[str] = mapped_column(Text, info=PERSONAL)
    owner: Mapped[str] = mapped_column(String(120), info=PERSONAL)
    due_on: Mapped[dt.date] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    done_note: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    plan: Mapped[Plan] = relationship(back_populates="actions")

    __table_args__ = (CheckConstraint("(done_on IS NULL) = (done_by_id IS NULL)", "done_by_whom"),)
