"""The case and what hangs off it: people, allegations, contacts, access and notes.

CHECK constraints tie columns to states (a finalised case has a finalised date, and so
on) so that no code path, not even a bad migration, can store a case that breaks A2.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
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

from complaints.cases.of_case import keep_case_force, keep_review_force

if TYPE_CHECKING:
    from complaints.documents.models import Attachment
    from complaints.investigations.models import Investigation
    from complaints.reviews.models import Review

from complaints.auth.models import User
from complaints.cases.choices import (
    COMPLAINT_ONLY_STATES,
    OUTCOME_REACHED_STATES,
    RECORDED_STATES,
    AllegationAction,
    AllegationResult,
    AppropriateAuthority,
    CaseState,
    CaseType,
    Channel,
    ContactMethod,
    ContactPurpose,
    DeadlineKind,
    HandlingType,
    RecordingReason,
    ReferralType,
)
from complaints.common.enums import db_enum
from complaints.common.folding import keep_folded, prefix_index, trigram_index
from complaints.db import DERIVED, LEADS_TO_CASE, PERSONAL, Base, UTCDateTime, with_parent
from complaints.forces.models import FIRST_FORCE_ID, Force
from complaints.mail.models import OutboxMessage
from complaints.reference.models import AllegationCategory, Division
from complaints.reviews.models import Review, ReviewBody, ReviewRecommendation
from complaints.subjects.models import Subject, SubjectIdentity


def _in(states: frozenset[CaseState] | set[CaseState]) -> str:
    return "state IN (" + ", ".join(sorted(f"'{s.value}'" for s in states)) + ")"


class ReferenceCounter(Base):
    """The last number issued per force, case type and year: one row locked per allocation."""

    __tablename__ = "reference_counters"

    force_id: Mapped[int] = mapped_column(
        ForeignKey("forces.id"), primary_key=True, default=FIRST_FORCE_ID
    )
    case_type: Mapped[CaseType] = mapped_column(db_enum(CaseType), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(
        ForeignKey("forces.id"), index=True, default=FIRST_FORCE_ID
    )
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    case_type: Mapped[CaseType] = mapped_column(db_enum(CaseType))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[CaseState] = mapped_column(db_enum(CaseState), index=True)

    received_on: Mapped[dt.date] = mapped_column(Date)
    logged_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    channel: Mapped[Channel] = mapped_column(db_enum(Channel))
    summary: Mapped[str] = mapped_column(Text, info=PERSONAL)  # what happened, names and all
    search_summary: Mapped[str] = mapped_column(Text, default="", info=DERIVED)  # folded
    incident_on: Mapped[dt.date | None] = mapped_column(Date)
    incident_place: Mapped[str | None] = mapped_column(String(200), info=PERSONAL)  # an address
    division_id: Mapped[int | None] = mapped_column(ForeignKey("divisions.id"))
    direction_and_control: Mapped[bool] = mapped_column(Boolean, default=False)

    appropriate_authority: Mapped[AppropriateAuthority] = mapped_column(
        db_enum(AppropriateAuthority), default=AppropriateAuthority.CHIEF_CONSTABLE
    )
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_maker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    restriction_reason: Mapped[str | None] = mapped_column(String(200))
    about_chief_officer: Mapped[bool] = mapped_column(Boolean, default=False)

    # Mandatory-recording and referral triggers (domain.md B1, B2 T7), ticked at intake.
    trigger_death_or_serious_injury: Mapped[bool] = mapped_column(Boolean, default=False)
    trigger_crime_or_misconduct: Mapped[bool] = mapped_column(Boolean, default=False)
    trigger_article_2_or_3: Mapped[bool] = mapped_column(Boolean, default=False)
    trigger_referral_description: Mapped[bool] = mapped_column(Boolean, default=False)
    recording_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_not_possible_reason: Mapped[str | None] = mapped_column(String(300), info=PERSONAL)

    recorded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    recording_reason: Mapped[RecordingReason | None] = mapped_column(db_enum(RecordingReason))
    handled_outside_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    handling_type: Mapped[HandlingType | None] = mapped_column(db_enum(HandlingType))
    referral_type: Mapped[ReferralType | None] = mapped_column(db_enum(ReferralType))
    referred_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    iopc_reference: Mapped[str | None] = mapped_column(String(40))
    outcome_determined_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    outcome_notified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finalised_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    withdrawal_notice_on: Mapped[dt.date | None] = mapped_column(Date)

    # The relevant review body proposed by A7 and confirmed by the handler: the outcome
    # letter names it, and a review application goes to it.
    review_body: Mapped[ReviewBody | None] = mapped_column(db_enum(ReviewBody, "case_review_body"))
    review_body_reason: Mapped[str | None] = mapped_column(String(300))
    # The earliest A5 deadline the case is waiting on, kept current by
    # ``complaints.cases.deadlines.refresh`` so queues can sort and filter by it.
    next_deadline_on: Mapped[dt.date | None] = mapped_column(Date)
    next_deadline_kind: Mapped[DeadlineKind | None] = mapped_column(db_enum(DeadlineKind))
    # Whether the case waits for the appropriate authority's decision ("Decisions
    # waiting"): the rule ``queues.decision_rule`` evaluated for that role, kept by
    # ``complaints.cases.awaiting`` after every write the rule reads.
    awaits_decision: Mapped[bool] = mapped_column(Boolean, default=False, info=DERIVED)

    # When its personal data was disposed of (domain.md A12; complaints.retention): from
    # then on the case is read-only and holds only what the measures count.
    disposed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # A case brought in from a legacy system's extract (complaints.imports): its reference
    # there (unique per force, searchable), when and by which import (``case_imports.id``;
    # no foreign key, which SQLite could add only by rebuilding this table) it came.
    legacy_reference: Mapped[str | None] = mapped_column(String(40))
    imported_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    import_id: Mapped[int | None] = mapped_column(Integer)

    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    division: Mapped[Division | None] = relationship()
    force: Mapped[Force] = relationship()
    handler: Mapped[User | None] = relationship(foreign_keys=[handler_id])
    decision_maker: Mapped[User | None] = relationship(foreign_keys=[decision_maker_id])
    complainants: Mapped[list[Complainant]] = relationship(
        back_populates="case",
        foreign_keys="Complainant.case_id",
        order_by="Complainant.id",
        cascade="all, delete-orphan",
    )
    subjects: Mapped[list[CaseSubject]] = relationship(
        back_populates="case",
        foreign_keys="CaseSubject.case_id",
        order_by="CaseSubject.id",
        cascade="all, delete-orphan",
    )
    allegations: Mapped[list[Allegation]] = relationship(
        back_populates="case",
        foreign_keys="Allegation.case_id",
        order_by="Allegation.number",
        cascade="all, delete-orphan",
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="case",
        foreign_keys="Contact.case_id",
        order_by="Contact.occurred_on",
        cascade="all, delete-orphan",
    )
    access: Mapped[list[CaseAccess]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )
    investigation: Mapped[Investigation | None] = relationship(uselist=False)
    reviews: Mapped[list[Review]] = relationship(
        order_by="Review.received_on", foreign_keys="Review.case_id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint(
            "force_id", "case_type", "year", "number", name="uq_cases_force_type_year_number"
        ),
        CheckConstraint(f"NOT ({_in(RECORDED_STATES)}) OR recorded_at IS NOT NULL", "recorded"),
        CheckConstraint(
            f"NOT ({_in(OUTCOME_REACHED_STATES)}) OR outcome_determined_at IS NOT NULL",
            "outcome_determined",
        ),
        CheckConstraint(
            "NOT (state IN ('outcome_notified', 'under_review')) "
            "OR outcome_notified_at IS NOT NULL",
            "outcome_notified",
        ),
        CheckConstraint(
            "state <> 'initial_handling' OR handled_outside_at IS NOT NULL", "initial_handling"
        ),
        CheckConstraint("state <> 'referred' OR referred_at IS NOT NULL", "referred"),
        CheckConstraint("state <> 'finalised' OR finalised_at IS NOT NULL", "finalised"),
        CheckConstraint(
            "state <> 'withdrawn' OR (withdrawn_at IS NOT NULL "
            "AND withdrawal_notice_on IS NOT NULL)",
            "withdrawn",
        ),
        CheckConstraint(
            f"case_type = 'complaint' OR NOT ({_in(COMPLAINT_ONLY_STATES)})",
            "complaint_only_states",
        ),
        CheckConstraint("NOT about_chief_officer OR restricted", "chief_officer_restricted"),
        # The PCC is the appropriate authority exactly for complaints about the chief
        # constable (domain.md A8): the two columns can never disagree.
        CheckConstraint(
            "(appropriate_authority = 'pcc') = about_chief_officer", "pcc_is_aa_for_chief"
        ),
        CheckConstraint("number > 0", "number_positive"),
        # The keys a case's rows name it by with the force (and type) they copy from it
        # (``db.with_parent``).
        Index("uq_cases_id_force", "id", "force_id", unique=True),
        Index("uq_cases_id_force_type", "id", "force_id", "case_type", unique=True),
        # A legacy reference is one case's per force; the case list searches by it.
        Index("uq_cases_force_legacy_reference", "force_id", "legacy_reference", unique=True),
        Index("ix_cases_legacy_reference", "legacy_reference"),
        trigram_index("ix_cases_search_summary", "search_summary"),
        Index("ix_cases_received_on", "received_on"),
        # The case list's own order within a force, newest first: its first page is the
        # index's first rows, with or without the planner's statistics (SQLite has none
        # until ANALYZE, and without them sorted the whole force for each page). With
        # whether each is restricted, the start pages count a force's recent cases from
        # the index alone.
        Index("ix_cases_force_received", "force_id", "received_on", "id", "restricted"),
        # Covering indexes for the monthly measures (reports/queries/), which count
        # cases logged or finalised in a period by type without reading the table.
        Index(
            "ix_cases_logged_at",
            "logged_at",
            "case_type",
            "finalised_at",
            "withdrawn_at",
            "received_on",
        ),
        Index("ix_cases_finalised_at", "finalised_at", "case_type"),
        # Cases open at a date (reports/queries/common.py ``_open_at``): those open now,
        # and those withdrawn since, each found without reading the closed history.
        Index(
            "ix_cases_open",
            "logged_at",
            postgresql_where=text("finalised_at IS NULL AND withdrawn_at IS NULL"),
            sqlite_where=text("finalised_at IS NULL AND withdrawn_at IS NULL"),
        ),
        Index("ix_cases_withdrawn_at", "withdrawn_at"),
        Index("ix_cases_handler_state", "handler_id", "state"),
        # A force's open work, and its unrestricted cases counted from the index alone.
        Index("ix_cases_force_state", "force_id", "state", "restricted"),
        Index("ix_cases_division", "division_id"),
        Index("ix_cases_next_deadline", "next_deadline_on"),
        # "Decisions waiting": a force's cases that wait for the appropriate authority,
        # soonest deadline first; a few thousand among a force's hundreds of thousands.
        Index(
            "ix_cases_awaiting_decision",
            "force_id",
            "next_deadline_on",
            "id",
            postgresql_where=text("awaits_decision"),
            sqlite_where=text("awaits_decision = 1"),
        ),
        # A force's cases by next deadline (nulls last, as the list sorts them), with
        # what a list's capped count reads of each: counted from the index alone.
        Index("ix_cases_force_deadline", "force_id", "next_deadline_on", "id", "restricted"),
    )

    @property
    def is_open(self) -> bool:
        return self.state.is_open

    @property
    def mandatory_triggers(self) -> list[str]:
        """The triggers that make recording mandatory, in the words of domain.md B1."""
        return [label for attr, label in MANDATORY_TRIGGERS if getattr(self, attr)]


MANDATORY_TRIGGERS = (
    ("trigger_death_or_serious_injury", "Alleges death or serious injury"),
    (
        "trigger_crime_or_misconduct",
        "Conduct that, if proved, could be a crime or justify disciplinary proceedings",
    ),
    ("trigger_article_2_or_3", "A possible breach of Article 2 or 3 ECHR"),
    ("trigger_referral_description", "Within a referral description (regulation 4)"),
)


class CaseLink(Base):
    """Two cases about the same incident or people: caught at intake, used by A7 routing."""

    __tablename__ = "case_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    linked_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    reason: Mapped[str] = mapped_column(String(200), info=PERSONAL)  # often names who
    same_incident: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship(foreign_keys=[case_id])
    linked_case: Mapped[Case] = relationship(foreign_keys=[linked_case_id])

    __table_args__ = (
        UniqueConstraint("case_id", "linked_case_id", name="uq_case_links_pair"),
        CheckConstraint("case_id <> linked_case_id", "not_self"),
    )


class CaseAccess(Base):
    """A user named on a case: the only people who may see a restricted case."""

    __tablename__ = "case_access"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    reason: Mapped[str] = mapped_column(String(120))
    granted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship(back_populates="access")
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class Complainant(Base):
    """A complainant's identity and contact details: personal data, shown only to PSD roles."""

    __tablename__ = "complainants"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(index=True)  # with its force: ``with_parent``
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))  # the case's (``of_case``)
    title: Mapped[str | None] = mapped_column(String(20))
    given_name: Mapped[str] = mapped_column(String(80))
    family_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(10))
    contact_preference: Mapped[ContactMethod | None] = mapped_column(db_enum(ContactMethod))
    needs: Mapped[str | None] = mapped_column(String(300))  # adjustments, interpreter
    search_name: Mapped[str] = mapped_column(String(200), default="", info=DERIVED)  # folded
    search_family: Mapped[str] = mapped_column(String(200), default="", info=DERIVED)  # folded

    case: Mapped[Case] = relationship(back_populates="complainants", foreign_keys=[case_id])
    representative: Mapped[Representative | None] = relationship(
        back_populates="complainant", cascade="all, delete-orphan", uselist=False
    )
    equality: Mapped[EqualityMonitoring | None] = relationship(
        back_populates="complainant", cascade="all, delete-orphan", uselist=False
    )

    # Personal data throughout: every column but the keys (see complaints.db.PERSONAL).
    __table_args__ = (
        with_parent("case_id", "cases", "force_id"),
        Index("ix_complainants_family_name", "family_name"),
        trigram_index("ix_complainants_search_name", "search_name"),
        # A name's start among one force's complainants: the search names the forces.
        prefix_index("ix_complainants_force_search_name", "search_name", within="force_id"),
        prefix_index("ix_complainants_force_search_family", "search_family", within="force_id"),
        {"info": PERSONAL},
    )

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.title, self.given_name, self.family_name) if p)

    @property
    def addressed_as(self) -> str:
        """How a letter greets them: "Dr Łukasiewicz", or the full name without a title."""
        if self.title:
            return f"{self.title} {self.family_name}"
        return f"{self.given_name} {self.family_name}"


class Representative(Base):
    """Someone acting for a complainant, with the date their written consent arrived."""

    __tablename__ = "representatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    complainant_id: Mapped[int] = mapped_column(ForeignKey("complainants.id"), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    organisation: Mapped[str | None] = mapped_column(String(160))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(Text)
    consent_received_on: Mapped[dt.date | None] = mapped_column(Date)
    # The complainant asked for a copy of each letter sent to their representative.
    copy_to_complainant: Mapped[bool] = mapped_column(Boolean, default=False)

    complainant: Mapped[Complainant] = relationship(back_populates="representative")

    __table_args__ = {"info": PERSONAL}  # every column but the keys


class EqualityMonitoring(Base):
    """Optional equality data (special category): kept apart, never on the case view."""

    __tablename__ = "equality_monitoring"

    id: Mapped[int] = mapped_column(primary_key=True)
    complainant_id: Mapped[int] = mapped_column(ForeignKey("complainants.id"), unique=True)
    age_band: Mapped[str | None] = mapped_column(String(40))
    sex: Mapped[str | None] = mapped_column(String(40))
    gender_reassignment: Mapped[str | None] = mapped_column(String(40))
    ethnicity: Mapped[str | None] = mapped_column(String(60))
    disability: Mapped[str | None] = mapped_column(String(40))
    religion: Mapped[str | None] = mapped_column(String(60))
    sexual_orientation: Mapped[str | None] = mapped_column(String(40))

    complainant: Mapped[Complainant] = relationship(back_populates="equality")

    __table_args__ = {"info": PERSONAL}  # every column but the keys


allegation_subjects = Table(
    "allegation_subjects",
    Base.metadata,
    Column("allegation_id", ForeignKey("allegations.id"), primary_key=True),
    Column("case_subject_id", ForeignKey("case_subjects.id"), primary_key=True),
)


class CaseSubject(Base):
    """A subject as named on one case, with the identity that was true at the time."""

    __tablename__ = "case_subjects"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(index=True)  # with its force: ``with_parent``
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))  # the case's (``of_case``)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    identity_id: Mapped[int] = mapped_column(ForeignKey("subject_identities.id"))
    notification_withheld_reason: Mapped[str | None] = mapped_column(String(300), info=PERSONAL)

    case: Mapped[Case] = relationship(back_populates="subjects", foreign_keys=[case_id])
    subject: Mapped[Subject] = relationship()
    identity: Mapped[SubjectIdentity] = relationship()
    allegations: Mapped[list[Allegation]] = relationship(
        secondary=allegation_subjects, back_populates="subjects"
    )

    __table_args__ = (
        with_parent("case_id", "cases", "force_id"),
        UniqueConstraint("case_id", "subject_id", name="uq_case_subjects_case"),
        # A name search's subjects, kept to the person's forces' cases from the index alone.
        Index("ix_case_subjects_force_subject", "force_id", "subject_id", "case_id"),
    )


class Allegation(Base):
    __tablename__ = "allegations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column()  # with its force and type: ``with_parent``
    # The case's force and type, kept on the row (``of_case``) so that the measures count
    # a period's allegations from its own rows, not by joining every case of the force.
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    case_type: Mapped[CaseType] = mapped_column(db_enum(CaseType))
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 within the case
    category_id: Mapped[int] = mapped_column(ForeignKey("allegation_categories.id"), index=True)
    description: Mapped[str] = mapped_column(Text, info=PERSONAL)
    incident_on: Mapped[dt.date | None] = mapped_column(Date)
    incident_place: Mapped[str | None] = mapped_column(String(200), info=PERSONAL)
    result: Mapped[AllegationResult | None] = mapped_column(db_enum(AllegationResult))
    result_recorded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # What was done about it beyond the actions' codes (``ActionTaken``), in words: who
    # apologised, what was put right. Counted by no measure.
    action_note: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    # When the allegation was logged: the case's logged_at for those made at intake, the
    # time it was added for one found later. Allegations count in the month of this
    # (domain.md A6), not of their case's logging.
    logged_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(back_populates="allegations", foreign_keys=[case_id])
    category: Mapped[AllegationCategory] = relationship()
    subjects: Mapped[list[CaseSubject]] = relationship(
        secondary=allegation_subjects, back_populates="allegations"
    )
    actions_taken: Mapped[list[ActionTaken]] = relationship(
        back_populates="allegation",
        foreign_keys="ActionTaken.allegation_id",
        cascade="all, delete-orphan",
        order_by="ActionTaken.id",
    )

    __table_args__ = (
        with_parent("case_id", "cases", "force_id", "case_type"),
        Index("uq_allegations_id_force", "id", "force_id", unique=True),  # its actions' key
        UniqueConstraint("case_id", "number", name="uq_allegations_case_number"),
        CheckConstraint("(result IS NULL) = (result_recorded_at IS NULL)", "result_dated"),
        # The monthly measures count allegations logged in a period, with their case.
        Index("ix_allegations_logged_at", "logged_at", "case_id"),
        # ... and, of one force's complaints, from the allegations alone.
        Index("ix_allegations_force_type_logged", "force_id", "case_type", "logged_at"),
    )


class ActionTaken(Base):
    """One action taken on an allegation (domain.md B3.5), kept as its code so that the
    measures count it (A6); the allegation's ``action_note`` says the rest in words."""

    __tablename__ = "allegation_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    allegation_id: Mapped[int] = mapped_column(info=LEADS_TO_CASE)  # with its force
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))  # the allegation's
    code: Mapped[AllegationAction] = mapped_column(db_enum(AllegationAction))

    allegation: Mapped[Allegation] = relationship(
        back_populates="actions_taken", foreign_keys=[allegation_id]
    )

    __table_args__ = (
        with_parent("allegation_id", "allegations", "force_id"),
        # Also the index the measure and an allegation's page read the codes by.
        UniqueConstraint("allegation_id", "code", name="uq_allegation_actions_allegation_code"),
    )


class Contact(Base):
    """A contact with the complainant: the first one starts the 'days to contact' clock."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column()  # with its force: ``with_parent``
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))  # the case's (of_case)
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[ContactMethod] = mapped_column(db_enum(ContactMethod))
    purpose: Mapped[ContactPurpose] = mapped_column(db_enum(ContactPurpose))
    summary: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    complainant_wishes: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # The letter sent, when the contact was a generated letter.
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    # How a generated letter reaches the complainant (complaints.cases.delivery): the
    # email that carries it, or printed and posted by hand, when and by whom.
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"))
    for_post: Mapped[bool] = mapped_column(Boolean, default=False)
    # The template version a generated letter was made from (None: made before templates).
    letter_template_id: Mapped[int | None] = mapped_column(ForeignKey("letter_templates.id"))
    posted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    posted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A generated letter's words as its PDF prints them, letterhead and blocks
    # (``cases.letters.words_record``), for its accessible HTML version; None for letters
    # issued before there was one.
    letter_words: Mapped[dict[str, Any] | None] = mapped_column(
        JSON(none_as_null=True), info=PERSONAL
    )

    case: Mapped[Case] = relationship(back_populates="contacts", foreign_keys=[case_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    attachment: Mapped[Attachment | None] = relationship()
    email: Mapped[OutboxMessage | None] = relationship()
    posted_by: Mapped[User | None] = relationship(foreign_keys=[posted_by_id])

    __table_args__ = (
        with_parent("case_id", "cases", "force_id"),
        Index("ix_contacts_case_date", "case_id", "occurred_on"),
        Index("ix_contacts_occurred_on", "occurred_on"),  # contacts made in a period
        # The letters waiting to be posted, oldest first: a handful among millions.
        Index(
            "ix_contacts_to_post",
            "recorded_at",
            postgresql_where=text("for_post AND posted_at IS NULL"),
            sqlite_where=text("for_post = 1 AND posted_at IS NULL"),
        ),
        CheckConstraint(
            "NOT for_post OR (method = 'letter' AND attachment_id IS NOT NULL)", "post_a_letter"
        ),
        CheckConstraint("for_post OR posted_at IS NULL", "posted_only_for_post"),
        CheckConstraint("(posted_at IS NULL) = (posted_by_id IS NULL)", "posted_by_whom"),
    )


class Note(Base):
    """A case note: working record for the case team, shown on the timeline."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(index=True)  # with its force: ``with_parent``
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))  # the case's (of_case)
    body: Mapped[str] = mapped_column(Text, info=PERSONAL)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    author: Mapped[User | None] = relationship()

    __table_args__ = (with_parent("case_id", "cases", "force_id"),)


keep_folded(Case, "search_summary", lambda case: case.summary)
keep_folded(Complainant, "search_name", lambda c: f"{c.given_name} {c.family_name}")
keep_folded(Complainant, "search_family", lambda c: c.family_name)
keep_case_force(Complainant, Case)
keep_case_force(CaseSubject, Case)
keep_case_force(Allegation, Case, with_type=True)
keep_case_force(Contact, Case)
keep_case_force(Note, Case)
keep_case_force(Review, Case)
keep_review_force(ReviewRecommendation, Review, Case)
