"""A force and who works for it (issue: several forces in one service).

One installation may serve a joint PSD working for several forces. Each force keeps its
own chief constable, OPCC, accountability board, report targets and line in the IOPC's
statistics, so every case, subject, lesson, sample and report belongs to one force, and a
person sees only the forces they are members of.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from complaints.db import Base, UTCDateTime

# The first force of every installation: what its settings were before forces existed.
FIRST_FORCE_ID = 1


class Force(Base):
    __tablename__ = "forces"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Carried in references (BED-CO/2026/00042) once the installation serves several forces.
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    psd_name: Mapped[str] = mapped_column(String(160))
    psd_address: Mapped[str] = mapped_column(Text, default="")  # one line of address a line
    opcc_name: Mapped[str] = mapped_column(String(160))
    opcc_address: Mapped[str] = mapped_column(Text, default="")
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    # The OPCC's own contact details, on its letters and where a review is applied for.
    opcc_email: Mapped[str | None] = mapped_column(String(254))
    opcc_phone: Mapped[str | None] = mapped_column(String(40))
    opcc_website: Mapped[str | None] = mapped_column(String(200))
    report_targets: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    national_comparators: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def psd_address_lines(self) -> tuple[str, ...]:
        return tuple(line for line in self.psd_address.splitlines() if line.strip())

    @property
    def psd_contact_lines(self) -> tuple[str, ...]:
        """How to reach the PSD, as its letters print it."""
        return _contact_lines(self.contact_email, self.contact_phone, None)

    @property
    def opcc_contact_lines(self) -> tuple[str, ...]:
        """How to reach the OPCC, as its letters and the outcome letter print it."""
        return _contact_lines(self.opcc_email, self.opcc_phone, self.opcc_website)

    @property
    def opcc_address_lines(self) -> tuple[str, ...]:
        return tuple(line for line in self.opcc_address.splitlines() if line.strip())


class ForceMembership(Base):
    """A person working for a force. PSD staff may belong to several; OPCC staff and board
    members to exactly one. ``decides``: the force has delegated its appropriate
    authority's decisions to this person."""

    __tablename__ = "force_memberships"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"), primary_key=True, index=True)
    decides: Mapped[bool] = mapped_column(Boolean, default=False)


def _contact_lines(email: str | None, phone: str | None, web: str | None) -> tuple[str, ...]:
    labelled = (("Email", email), ("Phone", phone), ("Web", web))
    return tuple(f"{label}: {value}" for label, value in labelled if value)
