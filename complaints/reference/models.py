"""Reference data seeded by migration and edited by administrators, never deleted."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.db import Base
from complaints.forces.models import FIRST_FORCE_ID


class CategoryGroup(Base):
    """A top-level allegation category of domain.md A4 (A to L)."""

    __tablename__ = "category_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(4), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    categories: Mapped[list[AllegationCategory]] = relationship(
        back_populates="group", order_by="AllegationCategory.sort_order"
    )


class AllegationCategory(Base):
    """A subcategory (A1, B6, ...); legacy pre-2020 codes are kept for imported data."""

    __tablename__ = "allegation_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("category_groups.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    legacy: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    group: Mapped[CategoryGroup | None] = relationship(back_populates="categories")

    @property
    def display(self) -> str:
        return f"{self.code} {self.name}"


class Division(Base):
    """A division or department of the force: where subjects work and cases arise."""

    __tablename__ = "divisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(
        ForeignKey("forces.id"), index=True, default=FIRST_FORCE_ID
    )
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="division")  # division | department
    active: Mapped[bool] = mapped_column(Boolean, default=True)
