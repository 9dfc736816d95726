"""People who use the service. One role per account: a person with two jobs has two."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.auth.roles import Role
from complaints.common.enums import db_enum
from complaints.db import SECRET, Base, UTCDateTime
from complaints.forces.models import ForceMembership
from complaints.reference.models import Division


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(db_enum(Role))
    password_hash: Mapped[str] = mapped_column(String(255), info=SECRET)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    division_id: Mapped[int | None] = mapped_column(ForeignKey("divisions.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Changes whenever the password or role changes, which signs out every open session.
    session_token: Mapped[str] = mapped_column(String(64), info=SECRET)
    # Bumped by edits to the account (not by signing in), so two administrators editing
    # one account at once are told, rather than one silently undoing the other.
    version: Mapped[int] = mapped_column(Integer, default=1)

    division: Mapped[Division | None] = relationship()
    memberships: Mapped[list[ForceMembership]] = relationship(
        cascade="all, delete-orphan", order_by="ForceMembership.force_id"
    )

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
