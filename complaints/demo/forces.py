"""The forces a demo's joint PSD works for: the installation's own and up to two more.

The first force is the one every installation has (id 1, made by the migration from the
settings: Northshire Police unless configured otherwise); the seed adds the others, each
with its own divisions, named like the first force's ("Eastmere Northern Division"), so
that everything planned by division code (N, HQ ...) works the same in every force. Each
force takes its share of the cases (``tuning.FORCES``), and its people and lessons in
proportion; with one force the demo is the single-force demo it always was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.common.actor import Actor
from complaints.demo import names
from complaints.demo.tuning import FORCES, ForceSpec
from complaints.forces import services as forces
from complaints.forces.models import FIRST_FORCE_ID, Force
from complaints.reference.models import Division

if TYPE_CHECKING:
    from complaints.demo.people import SubjectPool


@dataclass
class DemoForce:
    """One force of the demo, as planning needs it."""

    id: int
    spec: ForceSpec
    area: names.Area
    share: float  # of the cases: 1 with one force
    scale: float  # of the first force's OPCC and board: 1 for the first force
    divisions: dict[str, int]  # the first force's division codes (N, HQ ...) -> this force's
    pool: SubjectPool = field(init=False)  # its officers and staff (``people.add_subjects``)

    @property
    def first(self) -> bool:
        return self.id == FIRST_FORCE_ID

    def sign_in(self, memorable: str) -> str:
        """The memorable sign-in's local part: reviewer, reviewer.eastmere ..."""
        return memorable if self.first else f"{memorable}.{self.spec.short.lower()}"


def add_forces(session: Session, actor: Actor, count: int, now: dt.datetime) -> list[DemoForce]:
    """The first ``count`` demo forces: the installation's own, then the others added."""
    if not 1 <= count <= len(FORCES):
        raise ValueError(f"The demo has 1 to {len(FORCES)} forces")
    first = session.get(Force, FIRST_FORCE_ID)
    if first is None:
        raise ValueError("The database has no force: run flask db upgrade first")
    first_divisions = session.scalars(
        select(Division).where(Division.force_id == FIRST_FORCE_ID).order_by(Division.id)
    ).all()
    specs = FORCES[:count]
    total = sum(spec.share for spec in specs)
    made = []
    for index, spec in enumerate(specs):
        if index == 0:
            force_id = FIRST_FORCE_ID
            divisions = {d.code: d.id for d in first_divisions}
            _opcc_contacts(first, spec)
        else:
            force_id = _add_force(session, actor, spec, first, now)
            divisions = _add_divisions(session, force_id, spec, first_divisions)
        made.append(
            DemoForce(
                id=force_id,
                spec=spec,
                area=names.AREAS[index],
                share=spec.share / total,
                scale=spec.share / specs[0].share,
                divisions=divisions,
            )
        )
    return made


def split(count: int, demo_forces: list[DemoForce]) -> list[int]:
    """``count`` cases shared out by the forces' shares (largest remainders; ties to the
    first), so that they always add up to ``count``."""
    exact = [count * force.share for force in demo_forces]
    whole = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (whole[i] - exact[i], i))
    for i in by_remainder[: count - sum(whole)]:
        whole[i] += 1
    return whole


def _add_force(
    session: Session, actor: Actor, spec: ForceSpec, first: Force, now: dt.datetime
) -> int:
    """Another force served by the same joint PSD (so at its address), with its own OPCC."""
    existing = session.scalar(select(Force.id).where(Force.code == spec.code))
    if existing is not None:
        return existing
    force = forces.add_force(
        session,
        actor,
        forces.ForceData(
            code=spec.code,
            name=spec.name,
            psd_name=first.psd_name,
            psd_address=first.psd_address_lines,
            opcc_name=f"Office of the Police and Crime Commissioner for {spec.short}",
            opcc_address=(f"{spec.short} Shire Hall", spec.short),
            **_opcc_contact_data(spec),
            report_targets=dict(first.report_targets),
            national_comparators=dict(first.national_comparators),
        ),
        now,
    )
    return force.id


def _opcc_contact_data(spec: ForceSpec) -> dict[str, str]:
    """Made-up contact details on a reserved domain, so that a demo letter shows them."""
    domain = f"{spec.short.lower()}-pcc.example"
    return {
        "opcc_email": f"complaints@{domain}",
        "opcc_phone": "01632 960123",
        "opcc_website": f"www.{domain}",
    }


def _opcc_contacts(force: Force, spec: ForceSpec) -> None:
    """The installation's own force gets the demo OPCC's contact details, unless it has its own."""
    if not force.opcc_email:
        for name, value in _opcc_contact_data(spec).items():
            setattr(force, name, value)


def _add_divisions(
    session: Session, force_id: int, spec: ForceSpec, first_divisions: list[Division]
) -> dict[str, int]:
    """The first force's divisions again, for this force: EAS-N, "Eastmere Northern Division"."""
    made = {}
    for model in first_divisions:
        code = f"{spec.code}-{model.code}"
        division = session.scalar(select(Division).where(Division.code == code))
        if division is not None:
            made[model.code] = division
            continue
        division = Division(
            force_id=force_id,
            code=code,
            name=f"{spec.short} {model.name}",
            kind=model.kind,
            active=model.active,
        )
        session.add(division)
        made[model.code] = division
    session.flush()
    return {code: division.id for code, division in made.items()}
