"""Subject identity: a person keeps one id while collar number, name or posting change.

``Subject`` is the person; ``SubjectIdentity`` rows are the successive versions of how
the force knew them (name, rank, numbers, division), so a search by an old collar
number still finds them, and a case keeps the version that was true at the time.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.common.enums import LabelledEnum, db_enum, labelled
from complaints.common.folding import keep_folded, prefix_index, trigram_index
from complaints.db import DERIVED, Base, UTCDateTime
from complaints.forces.models import FIRST_FORCE_ID
from complaints.reference.models import Division


@labelled(
    {
        "officer": "Police officer",
        "special_constable": "Special constable",
        "staff": "Police staff",
        "volunteer": "Designated volunteer",
        "contractor": "Contractor",
        "chief_officer": "Chief officer",
        "unidentified": "Unidentified",
    }
)
class SubjectKind(LabelledEnum):
    OFFICER = "officer"
    SPECIAL_CONSTABLE = "special_constable"
    STAFF = "staff"
    VOLUNTEER = "volunteer"
    CONTRACTOR = "contractor"
    CHIEF_OFFICER = "chief_officer"
    UNIDENTIFIED = "unidentified"


class Subject(Base):
    __tablename__ = "subjects"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The force the person serves now; their identity history survives a transfer.
    force_id: Mapped[int] = mapped_column(
        ForeignKey("forces.id"), index=True, default=FIRST_FORCE_ID
    )
    kind: Mapped[SubjectKind] = mapped_column(db_enum(SubjectKind))
    # The chief constable: the PCC is the appropriate authority for complaints about them,
    # and such a case is restricted to OPCC roles (domain.md A8). Deputy and assistant
    # chief constables are chief officers (kind), but their AA is the force.
    is_chief_constable: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    identities: Mapped[list[SubjectIdentity]] = relationship(
        back_populates="subject", order_by="SubjectIdentity.valid_from"
    )

    @property
    def current(self) -> SubjectIdentity | None:
        return next((i for i in self.identities if i.valid_to is None), None)


class SubjectIdentity(Base):
    __tablename__ = "subject_identities"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    # The force the person served in this version: kept when they transfer.
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    given_name: Mapped[str | None] = mapped_column(String(80))
    family_name: Mapped[str | None] = mapped_column(String(80))
    search_name: Mapped[str] = mapped_column(String(200), default="", info=DERIVED)  # folded
    search_family: Mapped[str] = mapped_column(String(200), default="", info=DERIVED)  # folded
    rank: Mapped[str | None] = mapped_column(String(60))  # rank or staff grade
    collar_number: Mapped[str | None] = mapped_column(String(20))
    staff_number: Mapped[str | None] = mapped_column(String(20))
    division_id: Mapped[int | None] = mapped_column(ForeignKey("divisions.id"))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)

    subject: Mapped[Subject] = relationship(back_populates="identities")
    division: Mapped[Division | None] = relationship()

    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_period"),
        Index("ix_subject_identities_subject", "subject_id", "valid_to"),
        Index("ix_subject_identities_collar", "collar_number"),
        Index("ix_subject_identities_staff", "staff_number"),
        Index("ix_subject_identities_family", "family_name"),
        trigram_index("ix_subject_identities_search_name", "search_name"),
        prefix_index("ix_subject_identities_search_name_prefix", "search_name"),
        prefix_index("ix_subject_identities_search_family", "search_family"),
    )

    @property
    def display_name(self) -> str:
        name = " ".join(p for p in (self.given_name, self.family_name) if p)
        return name or "Unidentified"

    @property
    def display(self) -> str:
        parts = [self.rank, self.display_name]
        number = self.collar_number or self.staff_number
        text = " ".join(p for p in parts if p)
        return f"{text} ({number})" if number else text


keep_folded(SubjectIdentity, "search_name", lambda i: f"{i.given_name or ''} {i.family_name or ''}")
keep_folded(SubjectIdentity, "search_family", lambda i: i.family_name)
