"""People who use the service. One role per account: a person with two jobs has two."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String, true
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
    # An investigator from outside the force: the only kind who may investigate a
    # complaint about the chief constable (domain.md A10).
    external: Mapped[bool] = mapped_column(Boolean, default=False)
    division_id: Mapped[int | None] = mapped_column(ForeignKey("divisions.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The second factor: a TOTP secret (base32), set when the person enrolls.
    totp_secret: Mapped[str | None] = mapped_column(String(64), info=SECRET)
    two_factor_since: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The time step of the last code accepted: a code works once.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    # Set when an administrator chose the password: the person must choose their own.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The daily email of what is due and overdue in their tray; each person may turn it off.
    digest_emails: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Changes whenever the password or role changes, which signs out every open session.
    session_token: Mapped[str] = mapped_column(String(64), info=SECRET)
    # Bumped by edits to the account (not by signing in), so two administrators editing
    # one account at once are told, rather than one silently undoing the other.
    version: Mapped[int] = mapped_column(Integer, default=1)

    division: Mapped[Division | None] = relationship()
    memberships: Mapped[list[ForceMembership]] = relationship(
        cascade="all, delete-orphan", order_by="ForceMembership.force_id"
    )

    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        cascade="all, delete-orphan", order_by="RecoveryCode.id"
    )

    @property
    def enrolled(self) -> bool:
        """Whether the person has set up their second factor."""
        return self.two_factor_since is not None and self.totp_secret is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class RecoveryCode(Base):
    """A single-use code that stands in for the second factor when the phone is lost."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255), info=SECRET)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
