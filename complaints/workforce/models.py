"""What the disproportionality analysis needs to know of the force's own people.

Protected characteristics are special category data (UK GDPR art. 9): each is optional,
may be 'Prefer not to say', is recorded by an administrator (or imported from HR) and is
read only by the administrators' pages and the aggregate report, never by a case page.
The workforce profile is a headcount per group, entered per force, so that subjects can
be counted per 100 of the people who could have been complained about.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.db import PERSONAL, Base, UTCDateTime
from complaints.forces.models import FIRST_FORCE_ID
from complaints.subjects.models import Subject

# The characteristics recorded, named as the complainants' equality questions name them
# (their answers are the same lists, 'Prefer not to say' among them).
CHARACTERISTICS = (
    ("age_band", "Age"),
    ("sex", "Sex"),
    ("ethnicity", "Ethnic group"),
    ("disability", "Disability"),
    ("religion", "Religion"),
    ("sexual_orientation", "Sexual orientation"),
)
SOURCES = {"admin": "Recorded by an administrator", "hr_import": "Imported from HR"}


class SubjectCharacteristics(Base):
    """One person's answers, kept apart from their identity and from every case."""

    __tablename__ = "subject_characteristics"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(
        ForeignKey("forces.id"), index=True, default=FIRST_FORCE_ID
    )
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), unique=True)
    age_band: Mapped[str | None] = mapped_column(String(40), info=PERSONAL)
    sex: Mapped[str | None] = mapped_column(String(40), info=PERSONAL)
    ethnicity: Mapped[str | None] = mapped_column(String(60), info=PERSONAL)
    disability: Mapped[str | None] = mapped_column(String(40), info=PERSONAL)
    religion: Mapped[str | None] = mapped_column(String(60), info=PERSONAL)
    sexual_orientation: Mapped[str | None] = mapped_column(String(40), info=PERSONAL)
    source: Mapped[str] = mapped_column(String(20), default="admin")  # admin or hr_import
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    subject: Mapped[Subject] = relationship()

    __mapper_args__ = {"version_id_col": version}


class WorkforceGroup(Base):
    """How many of the force's officers and staff are in one group of one characteristic."""

    __tablename__ = "workforce_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"), default=FIRST_FORCE_ID)
    characteristic: Mapped[str] = mapped_column(String(40))
    group: Mapped[str] = mapped_column(String(60))
    headcount: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("force_id", "characteristic", "group"),)
