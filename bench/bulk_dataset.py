"""A force-sized dataset written straight into the tables, for timing reports.

The demo force goes through the services one step at a time, which is right for a
believable demo and far too slow for tens of thousands of cases. This builder walks each
case along the same routes with the same mix and waits (``complaints.demo.tuning``), keeps
the rows a case would have ended with, and inserts them in batches with SQLAlchemy Core.
A case whose next step would fall after yesterday stops where it is, so every state of
domain.md A2 is present, with the timestamps, deadlines and rows that state implies.
The same seed and the same day give the same data.

One force by default, as ``bench/report.py`` uses it; ``bench/scale_dataset.py`` runs the
same generator once per force (``force_people`` and a ``Builder`` each, ``ForceSpec``
saying whose they are) and writes the rows with COPY instead.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import accumulate
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, insert, select, text

import complaints.models  # noqa: F401  (every table joins the metadata)
from bench.copy_rows import derive
from complaints.auth.roles import Role
from complaints.cases import awaiting, choices, deadlines
from complaints.cases.choices import (
    AllegationAction,
    AllegationResult,
    AppropriateAuthority,
    CaseState,
    CaseType,
    Channel,
    ContactMethod,
    ContactPurpose,
    HandlingType,
    RecordingReason,
    ReferralType,
)
from complaints.cases.references import format_reference
from complaints.common import workdays
from complaints.db import Base, refresh_statistics
from complaints.demo import names, tuning
from complaints.demo.intake import EQUALITY_ANSWERS, PREFER_NOT
from complaints.demo.tuning import Route
from complaints.forces.models import FIRST_FORCE_ID
from complaints.investigations.models import (
    Finding,
    InvestigationMode,
    Proceedings,
    Sanction,
    Severity,
)
from complaints.learning.models import LearningSource, LearningStatus
from complaints.reviews.models import ReviewBody, ReviewOutcome
from complaints.subjects.models import SubjectKind

S = CaseState
YEARS = 3
BATCH = 2_000  # cases generated, then inserted, at a time
STAFF = {
    Role.HANDLER: 40,
    Role.INVESTIGATOR: 25,
    Role.APPROPRIATE_AUTHORITY: 8,
    Role.OPCC_REVIEWER: 5,
    Role.OPCC_OVERSIGHT: 3,
    Role.BOARD_MEMBER: 4,
    Role.ADMIN: 2,
}
CASES_PER_SUBJECT = 6  # how many cases each named person in the force is on, on average
CHIEF_CONSTABLE_SHARE = 0.0004
RESTRICTED_SHARE = 0.002
IOPC_REVIEW_SHARE = 0.3  # of reviews not already routed to the IOPC by A7
LEARNING_FROM_OUTCOME_SHARE = 0.08  # of cases with a 'service not acceptable' result
LEARNING_FROM_REVIEW_SHARE = 0.6  # of upheld reviews
LEARNING_OTHER_PER_MONTH = 6  # dip samples and inspections

SUMMARIES = (
    "Complaint about the way officers dealt with a report of anti-social behaviour.",
    "Complaint about the length of time taken to attend a burglary.",
    "Complaint about the manner of an officer during a roadside stop.",
    "Complaint about property not returned after an arrest.",
    "Complaint about force used during an arrest.",
    "Complaint about the handling of a call to the contact centre.",
    "Concern that information was disclosed without a reason.",
    "Complaint about the outcome of a crime investigation.",
)
MATTER_SUMMARIES = (
    "Possible misuse of police systems identified by audit.",
    "Conduct matter arising from a report by a colleague.",
    "Possible abuse of position identified by the counter-corruption unit.",
)
DSI_SUMMARY = "Serious injury following police contact, referred to the IOPC."


@dataclass(frozen=True)
class ForceSpec:
    """Whose people and cases these are: the force's id, its code in references (None
    while the installation has one force) and how many years of cases it holds."""

    id: int = FIRST_FORCE_ID
    code: str | None = None
    years: int = YEARS
    password_hash: str = "!"  # every account's; "!" matches no password: none signs in
    totp_secret: str | None = None  # every account's authenticator, when they sign in

    @property
    def email_domain(self) -> str:
        return f"{self.code.lower()}.bench.example" if self.code else "bench.example"


@dataclass
class Pools:
    """What one force's cases are built from: staff, subjects, divisions and categories."""

    staff: dict[Role, list[int]]
    divisions: dict[str, int]  # the first force's division codes (N, HQ ...) -> this force's
    categories: dict[str, int]
    subjects: list[tuple[int, int, bool]]  # subject id, current identity id, senior
    subject_weights: list[float]  # cumulative, for rng.choices
    category_weights: dict[str, float]
    force: ForceSpec = field(default_factory=ForceSpec)


@dataclass
class Batch:
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        self.rows.setdefault(table, []).append(row)
        return row


class Ids:
    """Ids handed out here so that rows can point at each other before any insert."""

    def __init__(self) -> None:
        self._last: dict[str, int] = {}

    def __call__(self, table: str) -> int:
        self._last[table] = self._last.get(table, 0) + 1
        return self._last[table]


def moment(day: dt.date, rng: random.Random) -> dt.datetime:
    """Office hours in UTC: the same London date, whatever the season."""
    minutes = rng.randint(8 * 60, 16 * 60 + 30)
    return dt.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=dt.UTC)


def weighted(rng: random.Random, weights: dict[Any, float]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# The schema --------------------------------------------------------------------------


def reset(engine: Engine) -> None:
    """An empty, migrated database (PostgreSQL: the public schema is dropped first; a
    SQLite file is expected to be new)."""
    from complaints.migrations import upgrade

    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade(engine)


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def _full(name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every row with the same keys: executemany sends one statement for the lot."""
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(row))
    unknown = set(keys) - set(table(name).c.keys())
    if unknown:
        raise ValueError(f"{name} has no column {sorted(unknown)}: has the schema changed?")
    return [{k: row.get(k) for k in keys} for row in rows]


# Insert order respects the foreign keys.
ORDER = (
    "users",
    "subjects",
    "subject_identities",
    "cases",
    "complainants",
    "equality_monitoring",
    "case_subjects",
    "allegations",
    "allegation_subjects",
    "allegation_actions",
    "contacts",
    "investigations",
    "suspension_periods",
    "severity_assessments",
    "conduct_outcomes",
    "reviews",
    "review_recommendations",
    "learning_items",
    "reference_counters",
)


def write(connection: Connection, batch: Batch) -> int:
    written = 0
    for name in ORDER:
        rows = batch.rows.get(name)
        if rows:
            derive(name, rows)  # the folded search columns, as the models fill them
            connection.execute(insert(table(name)), _full(name, rows))
            written += len(rows)
    for name in batch.rows:
        if name not in ORDER:
            raise ValueError(f"no insert order for {name}")
    return written


def fix_sequences(connection: Connection) -> None:
    """Ids were given explicitly: move PostgreSQL's sequences past them."""
    if connection.dialect.name != "postgresql":
        return
    for name in ORDER:
        if "id" in table(name).c:
            highest = connection.scalar(select(func.max(table(name).c.id))) or 1
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence(:name, 'id'), :highest)"),
                {"name": name, "highest": highest},
            )


# The force: staff and subjects ---------------------------------------------------------


def build_force(
    connection: Connection,
    rng: random.Random,
    ids: Ids,
    cases: int,
    start: dt.date,
    force: ForceSpec | None = None,
) -> Pools:
    """The one force of the migrated database: its staff and subjects, written."""
    divs = table("divisions")
    divisions = {code: id_ for code, id_ in connection.execute(select(divs.c.code, divs.c.id))}
    batch, pools = force_people(
        rng, ids, cases, start, divisions, categories(connection), force or ForceSpec(), STAFF
    )
    write(connection, batch)
    return pools


def categories(connection: Connection) -> dict[str, int]:
    """The current allegation categories (shared by every force), by code."""
    cats = table("allegation_categories")
    return {
        code: id_
        for code, id_ in connection.execute(
            select(cats.c.code, cats.c.id).where(cats.c.legacy.is_(False))
        )
    }


def force_people(
    rng: random.Random,
    ids: Ids,
    cases: int,
    start: dt.date,
    divisions: dict[str, int],
    categories: dict[str, int],
    force: ForceSpec,
    staff_counts: dict[Role, int],
) -> tuple[Batch, Pools]:
    """A force's staff and the people its cases name, as rows not yet written."""
    batch = Batch()
    created = dt.datetime.combine(start - dt.timedelta(days=30), dt.time(9), dt.UTC)
    staff: dict[Role, list[int]] = {}
    for role, count in staff_counts.items():
        for n in range(count):
            uid = ids("users")
            staff.setdefault(role, []).append(uid)
            batch.add(
                "users",
                {
                    "id": uid,
                    "email": f"{role.value}{n + 1}@{force.email_domain}",
                    "full_name": " ".join(
                        (rng.choice(names.GIVEN_NAMES), rng.choice(names.FAMILY_NAMES))
                    ),
                    "role": role,
                    "password_hash": force.password_hash,
                    "active": True,
                    "division_id": divisions.get(rng.choice(("N", "S", "W"))),
                    "created_at": created,
                    "session_token": f"bench-{uid}",
                    "totp_secret": force.totp_secret,
                    "two_factor_since": created if force.totp_secret else None,
                },
            )

    subjects: list[tuple[int, int, bool]] = []
    weights: list[float] = []
    named = max(300, cases // CASES_PER_SUBJECT)
    total = sum(tuning.SUBJECT_MIX.values())
    kinds = [(kind, round(named * share / total)) for kind, share in tuning.SUBJECT_MIX.items()] + [
        (SubjectKind.CHIEF_OFFICER, 3)
    ]
    for kind, count in kinds:
        for n in range(count):
            sid = ids("subjects")
            chief = kind == SubjectKind.CHIEF_OFFICER and n == 0
            rank, division = _rank_and_division(rng, kind, n)
            batch.add(
                "subjects",
                {
                    "id": sid,
                    "force_id": force.id,
                    "kind": kind,
                    "is_chief_constable": chief,
                    "created_at": created,
                },
            )
            identity = {
                "subject_id": sid,
                "force_id": force.id,
                "given_name": rng.choice(names.GIVEN_NAMES),
                "family_name": rng.choice(names.FAMILY_NAMES),
                "rank": rank,
                "collar_number": f"{rng.randint(1000, 9999)}"
                if kind != SubjectKind.STAFF
                else None,
                "staff_number": f"S{sid:06d}" if kind == SubjectKind.STAFF else None,
                "division_id": divisions[division],
                "valid_from": start - dt.timedelta(days=rng.randint(400, 9000)),
                "valid_to": None,
            }
            if rng.random() < 0.08:  # a transfer or a new name during the three years
                moved = start + dt.timedelta(days=rng.randint(30, 365 * force.years - 30))
                old = batch.add(
                    "subject_identities",
                    identity | {"id": ids("subject_identities"), "valid_to": moved},
                )
                identity = identity | {
                    "valid_from": moved,
                    "collar_number": f"{rng.randint(1000, 9999)}" if old["collar_number"] else None,
                    "division_id": divisions[rng.choice(("N", "S", "W"))],
                }
            iid = ids("subject_identities")
            batch.add("subject_identities", identity | {"id": iid})
            senior = kind == SubjectKind.CHIEF_OFFICER
            if chief:
                chief_id = (sid, iid, True)
                continue
            subjects.append((sid, iid, senior))
            weights.append(
                (0.05 if senior else tuning.SUBJECT_PROPENSITY.get(kind, 1.0))
                * rng.paretovariate(2.5)
            )
    subjects.append(chief_id)
    weights.append(0.0)  # only named on purpose
    return batch, Pools(
        staff,
        divisions,
        categories,
        subjects,
        list(accumulate(weights)),
        _category_weights(categories),
        force,
    )


def _rank_and_division(rng: random.Random, kind: SubjectKind, n: int) -> tuple[str, str]:
    if kind == SubjectKind.OFFICER:
        return weighted(rng, tuning.OFFICER_RANKS), weighted(rng, tuning.OFFICER_DIVISIONS)
    if kind == SubjectKind.STAFF:
        grade = weighted(rng, {g: w for g, (w, _) in tuning.STAFF_GRADES.items()})
        return grade, rng.choice(tuning.STAFF_GRADES[grade][1])
    if kind == SubjectKind.SPECIAL_CONSTABLE:
        return "SC", rng.choice(("N", "S", "W"))
    if kind == SubjectKind.CHIEF_OFFICER:
        return ("Chief Constable", "Deputy Chief Constable", "Assistant Chief Constable")[
            min(n, 2)
        ], "HQ"
    if kind == SubjectKind.CONTRACTOR:
        return rng.choice(tuning.CONTRACTOR_ROLES), "CUST"
    return "Volunteer", rng.choice(("N", "S", "W"))


# One case ------------------------------------------------------------------------------


class Walk:
    """One case taken along its route until its next step would be after ``horizon``."""

    def __init__(self, builder: Builder, case: dict[str, Any], day: dt.date):
        self.b, self.rng, self.case = builder, builder.rng, case
        self.day = day
        self.at = case["logged_at"]
        self.alive = True
        self.complaint = case["case_type"] == CaseType.COMPLAINT
        self.allegations: list[dict[str, Any]] = []
        self.case_subjects: list[dict[str, Any]] = []
        self.investigation: dict[str, Any] | None = None
        self.suspension: dict[str, Any] | None = None
        self.review: dict[str, Any] | None = None
        self.updates_every = (
            tuning.DAYS_BETWEEN_UPDATES
            if self.rng.random() < tuning.UPDATES_ON_TIME_SHARE
            else tuning.DAYS_BETWEEN_LATE_UPDATES
        )
        self.last_contact: dt.date | None = None
        self.reachable = False
        self.case_to_answer = False
        self.decided: set[int] = set()  # case subjects with a conduct outcome

    # Time ------------------------------------------------------------------------------

    def wait(self, days: float) -> bool:
        """Move on ``days``; False (and the case stays as it is) past the horizon."""
        if not self.alive:
            return False
        target = self.day + dt.timedelta(days=max(0, round(days)))
        self._updates_until(min(target, self.b.horizon))
        if target > self.b.horizon:
            self.alive = False
            return False
        self.day = target
        at = moment(target, self.rng)
        self.at = at if at > self.at else self.at + dt.timedelta(minutes=self.rng.randint(5, 40))
        self.case["updated_at"] = self.at
        return True

    def wait_until(self, day: dt.date) -> bool:
        return self.wait((day - self.day).days)

    def _updates_until(self, until: dt.date) -> None:
        """Updates to the complainant while the case waits in a state that calls for them."""
        if not (self.reachable and self.case["state"] in choices.UPDATES_OWED_STATES):
            return
        last = max(d for d in (self.last_contact, self.day) if d is not None)
        while True:
            nxt = last + dt.timedelta(days=round(self.updates_every.draw(self.rng)))
            if nxt > until:
                return
            self.contact(nxt, ContactPurpose.UPDATE)
            last = nxt

    def go(self, state: CaseState, **columns: Any) -> None:
        self.case["state"] = state
        self.case.update(columns)

    def contact(self, day: dt.date, purpose: ContactPurpose) -> None:
        self.b.batch.add(
            "contacts",
            {
                "id": self.b.ids("contacts"),
                "case_id": self.case["id"],
                "force_id": self.case["force_id"],
                "occurred_on": day,
                "method": self.rng.choice(
                    (ContactMethod.PHONE, ContactMethod.PHONE, ContactMethod.EMAIL)
                ),
                "purpose": purpose,
                "summary": None,
                "complainant_wishes": "Wants an explanation and an apology."
                if purpose == ContactPurpose.FIRST_CONTACT
                else None,
                "recorded_by_id": self.case["handler_id"],
                "recorded_at": moment(day, self.rng),
            },
        )
        self.last_contact = day

    # Routes ----------------------------------------------------------------------------

    def complaint_route(self, route: Route, choices: dict[str, Any]) -> None:
        rng, case = self.rng, self.case
        received = case["received_on"]
        if (
            choices["unreachable"]
            and route not in (Route.WITHDRAWN,)
            and not (route == Route.OUTSIDE_SCHEDULE_3 and choices["dissatisfied"])
        ):
            give_up = received + dt.timedelta(days=tuning.DAYS_TO_GIVE_UP_ON_CONTACT.draw(rng))
            if not self.wait_until(max(give_up, self.day)):
                return
            case["contact_not_possible_reason"] = "No reply to letters, emails or calls."
        else:
            first = received + dt.timedelta(days=tuning.DAYS_TO_FIRST_CONTACT.draw(rng))
            if not self.wait_until(max(first, self.day)):
                return
            self.contact(self.day, ContactPurpose.FIRST_CONTACT)
            self.reachable = True
        if not self.wait(tuning.DAYS_TO_HANDLING_DECISION.draw(rng)):
            return
        if route == Route.OUTSIDE_SCHEDULE_3:
            self.outside(choices)
        elif route == Route.OTHERWISE:
            self.record(self.recording_reason())
            self.decide_handling(choices, investigate=False)
        elif route == Route.INVESTIGATION:
            self.record(self.recording_reason())
            self.decide_handling(choices, investigate=True)
        elif route == Route.IOPC:
            self.record(RecordingReason.MANDATORY)
            if self.wait(tuning.DAYS_TO_REFER.draw(rng)):
                self.referral(choices)
        else:
            self.withdrawn(choices["withdrawn_from"])

    def matter_route(self, route: Route, choices: dict[str, Any]) -> None:
        if self.case["case_type"] == CaseType.DSI_MATTER:
            if not self.wait(tuning.DAYS_TO_REFER.draw(self.rng) / 3):
                return
            self.refer(ReferralType.MANDATORY)
            if self.wait(tuning.DAYS_DSI_WITH_IOPC.draw(self.rng)):
                self.go(S.FINALISED, finalised_at=self.at)
            return
        if route == Route.IOPC:
            if self.wait(tuning.DAYS_TO_REFER.draw(self.rng)):
                self.referral(choices)
        else:
            self.decide_handling(choices, investigate=route == Route.INVESTIGATION)

    def recording_reason(self) -> RecordingReason:
        if self.case["trigger_crime_or_misconduct"]:
            return RecordingReason.MANDATORY
        if self.case["recording_requested"]:
            return RecordingReason.COMPLAINANT_WISHES
        return RecordingReason.AA_DECIDED

    def record(self, reason: RecordingReason) -> None:
        self.go(S.RECORDED, recorded_at=self.at, recording_reason=reason)
        self.case["decision_maker_id"] = self.b.pick(Role.APPROPRIATE_AUTHORITY)

    def outside(self, choices: dict[str, Any]) -> None:
        self.go(
            S.INITIAL_HANDLING,
            handled_outside_at=self.at,
            handling_type=HandlingType.OUTSIDE_SCHEDULE_3,
        )
        if not self.wait(tuning.DAYS_OUTSIDE_TO_RESOLVE.draw(self.rng)):
            return
        if choices["dissatisfied"]:
            self.record(RecordingReason.DISSATISFIED_AFTER_INITIAL_HANDLING)
            self.decide_handling(choices, investigate=False)
            return
        self.results(tuning.OUTSIDE_RESULT_WEIGHTS)
        self.go(S.FINALISED, finalised_at=self.at)

    def withdrawn(self, stage: CaseState) -> None:
        if stage == S.INITIAL_HANDLING:
            self.go(
                S.INITIAL_HANDLING,
                handled_outside_at=self.at,
                handling_type=HandlingType.OUTSIDE_SCHEDULE_3,
            )
        elif stage in (S.HANDLING, S.INVESTIGATION):
            self.record(RecordingReason.AA_DECIDED)
            if not self.wait(tuning.DAYS_RECORDED_TO_DECISION.draw(self.rng)):
                return
            if stage == S.HANDLING:
                self.go(S.HANDLING, handling_type=HandlingType.OTHERWISE_THAN_BY_INVESTIGATION)
            else:
                self.start_investigation(InvestigationMode.LOCAL)
        if not self.wait(tuning.DAYS_TO_WITHDRAW.draw(self.rng)):
            return
        notice = max(self.case["received_on"], self.day - dt.timedelta(days=self.rng.randint(0, 3)))
        self.go(S.WITHDRAWN, withdrawn_at=self.at, withdrawal_notice_on=notice)

    def refer(self, referral_type: ReferralType) -> None:
        self.go(
            S.REFERRED,
            referred_at=self.at,
            referral_type=referral_type,
            iopc_reference=f"IOPC/{self.day.year}/{self.case['id']:06d}",
        )

    def referral(self, choices: dict[str, Any]) -> None:
        self.refer(
            weighted(
                self.rng,
                {ReferralType.MANDATORY: 80, ReferralType.VOLUNTARY: 15, ReferralType.CALL_IN: 5},
            )
        )
        if not self.wait(tuning.DAYS_WITH_IOPC.draw(self.rng)):
            return
        if choices["iopc_returned"]:
            self.go(S.RECORDED)
            self.decide_handling(choices, investigate=choices["investigate_after_return"])
        elif self.investigate(choices, choices["iopc_mode"]):
            self.conclude(choices)

    def decide_handling(self, choices: dict[str, Any], *, investigate: bool) -> None:
        if not self.wait(tuning.DAYS_RECORDED_TO_DECISION.draw(self.rng)):
            return
        if self.investigate(choices, InvestigationMode.LOCAL) if investigate else self.handle():
            self.conclude(choices)

    def handle(self) -> bool:
        self.go(S.HANDLING, handling_type=HandlingType.OTHERWISE_THAN_BY_INVESTIGATION)
        if not self.wait(tuning.DAYS_HANDLING.draw(self.rng)):
            return False
        return self.determine()

    def start_investigation(self, mode: InvestigationMode) -> None:
        self.go(S.INVESTIGATION, handling_type=HandlingType(mode.value))
        if self.investigation is None:
            self.investigation = self.b.batch.add(
                "investigations",
                {
                    "id": self.b.ids("investigations"),
                    "case_id": self.case["id"],
                    "mode": mode,
                    "investigator_id": self.b.pick(Role.INVESTIGATOR),
                    "terms_of_reference": "Whether the officers acted in line with policy.",
                    "special_procedures": False,
                    "started_on": self.day,
                    "report_submitted_on": None,
                    "report_summary": None,
                },
            )
        self.investigation.update(mode=mode, report_submitted_on=None, report_summary=None)

    def investigate(self, choices: dict[str, Any], mode: InvestigationMode) -> bool:
        rng = self.rng
        self.start_investigation(mode)
        severities = [weighted(rng, tuning.SEVERITY_WEIGHTS) for _ in self.case_subjects]
        special = self.complaint and any(s != Severity.NONE for s in severities)
        self.investigation["special_procedures"] = special
        assessed = self.day + dt.timedelta(days=tuning.DAYS_TO_ASSESS_SEVERITY.draw(rng))
        if assessed <= self.b.horizon:
            for subject, severity in zip(self.case_subjects, severities, strict=True):
                self.b.batch.add(
                    "severity_assessments",
                    {
                        "id": self.b.ids("severity_assessments"),
                        "case_subject_id": subject["id"],
                        "severity": severity,
                        "assessed_on": assessed,
                        "assessed_by_id": self.case["decision_maker_id"],
                        "by_iopc": mode != InvestigationMode.LOCAL,
                        "rationale": None,
                    },
                )
        days = tuning.DAYS_INVESTIGATING.draw(rng)
        if choices["suspended"]:
            before = days * rng.uniform(0.2, 0.7)
            if not self.wait(before):
                return False
            self.go(S.SUSPENDED)
            self.suspension = self.b.batch.add(
                "suspension_periods",
                {
                    "id": self.b.ids("suspension_periods"),
                    "investigation_id": self.investigation["id"],
                    "started_on": self.day,
                    "ended_on": None,
                    "reason": "Sub judice: criminal proceedings under way.",
                },
            )
            if not self.wait(tuning.DAYS_SUSPENDED.draw(rng)):
                return False
            self.suspension["ended_on"] = self.day
            self.go(S.INVESTIGATION)
            days -= before
        if not self.wait(days):
            return False
        return self.report(severities)

    def report(self, severities: list[Severity]) -> bool:
        self.go(S.AWAITING_DECISION)
        self.investigation.update(
            report_submitted_on=self.day, report_summary="The evidence has been gathered."
        )
        for subject, severity in zip(self.case_subjects, severities, strict=False):
            self.conduct_outcome(subject, severity)
        if not self.wait(tuning.DAYS_REPORT_TO_DECISION.draw(self.rng)):
            return False
        return self.determine()

    def conduct_outcome(self, subject: dict[str, Any], severity: Severity) -> None:
        rng = self.rng
        row: dict[str, Any] = {
            "id": self.b.ids("conduct_outcomes"),
            "case_subject_id": subject["id"],
            "regulation_17_served_on": None,
            "case_to_answer": None,
            "proceedings": None,
            "finding": None,
            "sanction": None,
            "rprp": False,
            "practice_requiring_improvement": False,
            "cps_referral": False,
            "decided_on": None,
        }
        if severity == Severity.NONE:
            row["practice_requiring_improvement"] = rng.random() < 0.3
            row["decided_on"] = self.day
        else:
            row["regulation_17_served_on"] = min(
                self.day, self.investigation["started_on"] + dt.timedelta(days=rng.randint(7, 40))
            )
            answer = rng.random() < tuning.CASE_TO_ANSWER_SHARE[severity]
            row["case_to_answer"] = answer
            decided = self.day + dt.timedelta(days=tuning.DAYS_TO_CASE_TO_ANSWER.draw(rng))
            if not answer:
                row["rprp"] = rng.random() < 0.5
                row["decided_on"] = decided if decided <= self.b.horizon else None
            else:
                self.case_to_answer = True
                proceedings = weighted(rng, tuning.PROCEEDINGS_WEIGHTS[severity])
                row["proceedings"] = proceedings
                held = decided + dt.timedelta(days=tuning.DAYS_TO_PROCEEDINGS.draw(rng))
                if held <= self.b.horizon:
                    finding = weighted(rng, tuning.FINDING_WEIGHTS[proceedings])
                    row["finding"] = finding
                    if finding != Finding.NOT_PROVEN:
                        row["sanction"] = weighted(rng, tuning.SANCTION_WEIGHTS[finding])
                        if proceedings == Proceedings.MEETING and row["sanction"] in (
                            Sanction.DISMISSAL_WITHOUT_NOTICE,
                            Sanction.REDUCTION_IN_RANK,
                        ):
                            row["sanction"] = Sanction.FINAL_WRITTEN_WARNING
                    row["decided_on"] = held
                row["cps_referral"] = (
                    severity == Severity.GROSS_MISCONDUCT
                    and rng.random() < tuning.CPS_REFERRAL_SHARE
                )
        self.decided.add(subject["id"])
        self.b.batch.add("conduct_outcomes", row)

    def results(self, weights: dict[AllegationResult, float]) -> None:
        for n, allegation in enumerate(self.allegations):
            result = weighted(self.rng, weights)
            if n == 0 and self.case_to_answer and not result.outside_schedule_3:
                result = AllegationResult.SERVICE_NOT_ACCEPTABLE
            allegation["result"] = result
            allegation["result_recorded_at"] = self.at
            allegation["taken"], allegation["action_note"] = draw_actions(
                self.rng, result, self.case_to_answer
            )

    def determine(self) -> bool:
        if self.complaint:
            self.results(tuning.SCHEDULE_3_RESULT_WEIGHTS)
        else:
            for subject in self.case_subjects:
                if subject["id"] not in self.decided:
                    self.conduct_outcome(subject, Severity.NONE)
        self.go(S.OUTCOME_DETERMINED, outcome_determined_at=self.at)
        return True

    def conclude(self, choices: dict[str, Any]) -> None:
        rng = self.rng
        if not self.complaint:
            if self.wait(tuning.DAYS_TO_CLOSE_MATTER.draw(rng)):
                self.go(S.FINALISED, finalised_at=self.at)
            return
        if not self.wait(tuning.DAYS_TO_NOTIFY.draw(rng)):
            return
        body, reason = self.review_body()
        self.go(
            S.OUTCOME_NOTIFIED,
            outcome_notified_at=self.at,
            review_body=body,
            review_body_reason=reason,
        )
        independent = (
            self.investigation is not None
            and self.investigation["mode"] == InvestigationMode.INDEPENDENT
        )
        if (
            choices["review"] is not None
            and self.reachable
            and not self.case["about_chief_officer"]
            and not independent
            and self.review is None
        ):
            self.apply_for_review(choices["review"], body, reason)
        else:
            self.finalise()

    def review_body(self) -> tuple[ReviewBody, str]:
        case = self.case
        if case["referred_at"] is not None:
            return ReviewBody.IOPC, "The complaint was referred to the IOPC."
        if any(self.b.pools.subjects[s["pool"]][2] for s in self.case_subjects):
            return ReviewBody.IOPC, "A subject is above the rank of chief superintendent."
        if case["trigger_crime_or_misconduct"]:
            return ReviewBody.IOPC, "The conduct could justify criminal or disciplinary action."
        if self.rng.random() < IOPC_REVIEW_SHARE * 0.2:
            return ReviewBody.IOPC, "It arises from the same incident as a referred complaint."
        return ReviewBody.OPCC, "None of the IOPC's grounds applies: the OPCC reviews."

    def finalise(self) -> None:
        days = deadlines.REVIEW_WINDOW_DAYS + 1 + tuning.DAYS_FINALISE_AFTER_WINDOW.draw(self.rng)
        if self.wait(days):
            self.go(S.FINALISED, finalised_at=self.at)

    def apply_for_review(self, outcome: ReviewOutcome, body: ReviewBody, reason: str) -> None:
        rng = self.rng
        if not self.wait(tuning.DAYS_TO_APPLY_FOR_REVIEW.draw(rng)):
            return
        self.go(S.UNDER_REVIEW)
        self.review = self.b.batch.add(
            "reviews",
            {
                "id": self.b.ids("reviews"),
                "case_id": self.case["id"],
                "force_id": self.case["force_id"],
                "received_on": self.day,
                "received_by": body,
                "body": body,
                "routing_reason": reason,
                "valid": True,
                "late_special_reason": None,
                "investigated": self.investigation is not None,
                "recorded_by_id": self.case["handler_id"],
                "reviewer_id": None,
                "allocated_at": None,
                "decided_by_id": None,
                "decided_on": None,
                "outcome": None,
                "rationale": None,
                "sent_back_to": None,
                "created_at": self.at,
            },
        )
        if body == ReviewBody.OPCC:  # the OPCC allocates its own reviews to a reviewer
            if not self.wait(rng.randint(1, 10)):
                return
            self.review.update(reviewer_id=self.b.pick(Role.OPCC_REVIEWER), allocated_at=self.at)
        if not self.wait(tuning.DAYS_TO_DECIDE_REVIEW.draw(rng)):
            return
        self.review.update(
            decided_on=self.day,
            outcome=outcome,
            rationale="The handling was (or was not) reasonable and proportionate.",
            # The PSD's appropriate authority records the IOPC's decisions.
            decided_by_id=self.review["reviewer_id"] or self.case["decision_maker_id"],
        )
        if outcome == ReviewOutcome.NOT_UPHELD:
            self.go(S.FINALISED, finalised_at=self.at)
            return
        back_to = (
            S.INVESTIGATION
            if self.investigation is not None
            else rng.choice((S.HANDLING, S.HANDLING, S.RECORDED))
        )
        self.review["sent_back_to"] = back_to
        self.b.batch.add(
            "review_recommendations",
            {
                "id": self.b.ids("review_recommendations"),
                "review_id": self.review["id"],
                "force_id": self.case["force_id"],
                "number": 1,
                "text": "Reconsider the outcome in the light of the evidence.",
                "created_at": self.at,
            },
        )
        self.b.learning(self, LearningSource.REVIEW, self.day, self.review["id"])
        for allegation in self.allegations:
            allegation.update(result=None, result_recorded_at=None, taken=(), action_note=None)
        self.rework(back_to)

    def rework(self, back_to: CaseState) -> None:
        rng = self.rng
        if back_to == S.INVESTIGATION:
            self.start_investigation(self.investigation["mode"])
            if not self.wait(tuning.DAYS_REWORK.draw(rng) * 2):
                return
            self.go(S.AWAITING_DECISION)
            self.investigation["report_submitted_on"] = self.day
            if not self.wait(tuning.DAYS_REPORT_TO_DECISION.draw(rng)):
                return
        else:
            if back_to == S.RECORDED:
                self.go(S.RECORDED)
                if not self.wait(tuning.DAYS_RECORDED_TO_DECISION.draw(rng)):
                    return
            self.go(S.HANDLING, handling_type=HandlingType.OTHERWISE_THAN_BY_INVESTIGATION)
            if not self.wait(tuning.DAYS_REWORK.draw(rng)):
                return
        self.determine()
        if not self.wait(tuning.DAYS_TO_NOTIFY.draw(rng)):
            return
        self.go(S.OUTCOME_NOTIFIED, outcome_notified_at=self.at)
        self.finalise()


A = AllegationAction
# The actions taken (domain.md B3.5), by result: (action, chance) drawn independently.
ACTION_CHANCES = {
    AllegationResult.RESOLVED: (
        (A.EXPLANATION, 0.7),
        (A.APOLOGY, 0.4),
        (A.PUT_RIGHT, 0.15),
        (A.INDIVIDUAL_LEARNING, 0.2),
        (A.ORGANISATIONAL_LEARNING, 0.05),
    ),
    AllegationResult.NOT_RESOLVED: ((A.EXPLANATION, 0.8),),
    AllegationResult.SERVICE_ACCEPTABLE: ((A.EXPLANATION, 0.6),),
    AllegationResult.SERVICE_NOT_ACCEPTABLE: (
        (A.APOLOGY, 0.5),
        (A.INDIVIDUAL_LEARNING, 0.5),
        (A.RPRP, 0.3),
        (A.ORGANISATIONAL_LEARNING, 0.2),
        (A.PERFORMANCE, 0.05),
        (A.PUT_RIGHT, 0.1),
    ),
    AllegationResult.UNABLE_TO_DETERMINE: ((A.EXPLANATION, 0.5), (A.ORGANISATIONAL_LEARNING, 0.1)),
    AllegationResult.NO_FURTHER_ACTION: (),
}


def draw_actions(
    rng: random.Random, result: AllegationResult, proceedings: bool
) -> tuple[tuple[AllegationAction, ...], str | None]:
    """The actions' codes and note as the product stores them; a note alone now and then,
    as an import of old records would have."""
    if rng.random() < 0.03:
        return (), "Words of advice given by the sergeant."
    taken = [action for action, chance in ACTION_CHANCES[result] if rng.random() < chance]
    if proceedings and result == AllegationResult.SERVICE_NOT_ACCEPTABLE:
        taken.append(A.MISCONDUCT_MEETING if rng.random() < 0.7 else A.MISCONDUCT_HEARING)
    if not taken and result != AllegationResult.RESOLVED:
        taken = [A.NO_FURTHER_ACTION]
    return tuple(action for action in AllegationAction if action in taken), None


class Builder:
    def __init__(
        self,
        connection: Connection | None,
        pools: Pools,
        ids: Ids,
        rng: random.Random,
        today: dt.date,
    ):
        """``connection``: where ``flush`` writes; None when the caller takes the rows."""
        self.connection, self.pools, self.ids, self.rng = connection, pools, ids, rng
        self.horizon = today - dt.timedelta(days=1)
        self.today = today
        self.batch = Batch()
        self._subject_ids = [s[0] for s in pools.subjects]
        self._with_outcome: set[int] = set()
        self.counters: dict[tuple[CaseType, int], int] = {}

    def pick(self, role: Role) -> int:
        return self.rng.choice(self.pools.staff[role])

    def case(self, received_on: dt.date) -> None:
        rng, pools = self.rng, self.pools
        case_type = weighted(rng, tuning.CASE_TYPE_WEIGHTS)
        complaint = case_type == CaseType.COMPLAINT
        route = weighted(
            rng,
            {
                CaseType.COMPLAINT: tuning.COMPLAINT_ROUTE_WEIGHTS,
                CaseType.CONDUCT_MATTER: tuning.CONDUCT_ROUTE_WEIGHTS,
                CaseType.DSI_MATTER: {Route.DSI: 1},
            }[case_type],
        )
        choices = {
            "dissatisfied": rng.random() < tuning.DISSATISFIED_SHARE,
            "iopc_returned": rng.random() < tuning.IOPC_RETURNED_SHARE,
            "iopc_mode": weighted(rng, tuning.IOPC_MODE_WEIGHTS),
            "investigate_after_return": rng.random() < 0.5,
            "suspended": rng.random() < tuning.SUSPENSION_SHARE,
            "review": (
                (
                    ReviewOutcome.UPHELD
                    if rng.random() < tuning.REVIEW_UPHELD_SHARE
                    else ReviewOutcome.NOT_UPHELD
                )
                if rng.random() < tuning.REVIEW_SHARE
                else None
            ),
            "withdrawn_from": weighted(rng, tuning.WITHDRAWAL_STAGE_WEIGHTS),
            "unreachable": rng.random() < tuning.CONTACT_NOT_POSSIBLE_SHARE,
        }
        about_chief = complaint and rng.random() < CHIEF_CONSTABLE_SHARE
        restricted = about_chief or rng.random() < RESTRICTED_SHARE
        logged_day = (
            workdays.add(received_on, weighted(rng, tuning.WORKING_DAYS_TO_LOG))
            if complaint
            else received_on
        )
        if logged_day > self.horizon:
            logged_day = received_on
        logged_at = moment(logged_day, rng)
        year = received_on.year
        number = self.counters.get((case_type, year), 0) + 1
        self.counters[(case_type, year)] = number
        division = weighted(rng, tuning.DIVISION_WEIGHTS)
        triggers = {
            "trigger_death_or_serious_injury": case_type == CaseType.DSI_MATTER,
            "trigger_crime_or_misconduct": (
                case_type == CaseType.CONDUCT_MATTER
                or (complaint and (route == Route.IOPC or rng.random() < 0.1))
            ),
            "trigger_article_2_or_3": complaint and route == Route.IOPC and rng.random() < 0.2,
            "trigger_referral_description": complaint and route == Route.IOPC,
        }
        if complaint and route == Route.OUTSIDE_SCHEDULE_3:
            triggers = dict.fromkeys(triggers, False)
        case_id = self.ids("cases")
        case = self.batch.add(
            "cases",
            {
                "id": case_id,
                "force_id": pools.force.id,
                "reference": format_reference(case_type, year, number, pools.force.code),
                "case_type": case_type,
                "year": year,
                "number": number,
                "state": S.LOGGED if complaint else S.RECORDED,
                "received_on": received_on,
                "logged_at": logged_at,
                "channel": weighted(rng, tuning.CHANNEL_WEIGHTS) if complaint else Channel.INTERNAL,
                "summary": rng.choice(SUMMARIES)
                if complaint
                else rng.choice(MATTER_SUMMARIES)
                if case_type == CaseType.CONDUCT_MATTER
                else DSI_SUMMARY,
                "incident_on": received_on - dt.timedelta(days=rng.randint(0, 60)),
                "incident_place": None,
                "division_id": pools.divisions[division],
                "direction_and_control": complaint and rng.random() < 0.05,
                "appropriate_authority": AppropriateAuthority.PCC
                if about_chief
                else AppropriateAuthority.CHIEF_CONSTABLE,
                "handler_id": None if about_chief else self.pick(Role.HANDLER),
                "decision_maker_id": None if complaint else self.pick(Role.APPROPRIATE_AUTHORITY),
                "restricted": restricted,
                "restriction_reason": "Sensitive: access limited to named staff."
                if restricted
                else None,
                "about_chief_officer": about_chief,
                **triggers,
                "recording_requested": complaint
                and route == Route.OTHERWISE
                and rng.random() < tuning.RECORDING_REQUESTED_SHARE,
                "contact_not_possible_reason": None,
                "recorded_at": None if complaint else logged_at,
                "recording_reason": None if complaint else RecordingReason.MANDATORY,
                "handled_outside_at": None,
                "handling_type": None,
                "referral_type": None,
                "referred_at": None,
                "iopc_reference": None,
                "outcome_determined_at": None,
                "outcome_notified_at": None,
                "finalised_at": None,
                "withdrawn_at": None,
                "withdrawal_notice_on": None,
                "review_body": None,
                "review_body_reason": None,
                "next_deadline_on": None,
                "next_deadline_kind": None,
                "created_at": logged_at,
                "updated_at": logged_at,
                "version": 1,
            },
        )
        walk = Walk(self, case, logged_day)
        if complaint:
            self.complainants(case, received_on)
        self.people_and_allegations(walk, about_chief, division)
        if complaint:
            walk.complaint_route(route, choices)
        else:
            walk.matter_route(route, choices)
        self.deadline(walk)
        if (
            walk.case["outcome_determined_at"] is not None
            and any(
                a["result"] == AllegationResult.SERVICE_NOT_ACCEPTABLE for a in walk.allegations
            )
            and rng.random() < LEARNING_FROM_OUTCOME_SHARE
        ):
            self.learning(walk, LearningSource.CASE_OUTCOME, walk.day, None)
        if walk.case["referred_at"] is not None and rng.random() < 0.1:
            self.learning(walk, LearningSource.IOPC, walk.day, None)

    def complainants(self, case: dict[str, Any], received_on: dt.date) -> None:
        rng = self.rng
        count = 2 if rng.random() < tuning.SECOND_COMPLAINANT_SHARE else 1
        for _ in range(count):
            cid = self.ids("complainants")
            family = rng.choice(names.FAMILY_NAMES)
            self.batch.add(
                "complainants",
                {
                    "id": cid,
                    "case_id": case["id"],
                    "force_id": case["force_id"],
                    "title": rng.choice(names.TITLES),
                    "given_name": rng.choice(names.GIVEN_NAMES),
                    "family_name": family,
                    "email": f"{family.lower()}.{cid}@example.com",
                    "phone": f"07700 900{rng.randint(0, 999):03d}",
                    "address": f"{rng.randint(1, 120)} {rng.choice(names.STREETS)}",
                    "postcode": f"NX{rng.randint(1, 9)} {rng.randint(1, 9)}AB",
                    "contact_preference": rng.choice(list(ContactMethod)),
                    "needs": "Large print" if rng.random() < tuning.NEEDS_SHARE else None,
                },
            )
            if rng.random() < tuning.EQUALITY_SHARE:
                answers = {}
                for question, options in EQUALITY_ANSWERS.items():
                    draw = rng.random()
                    answers[question] = (
                        None if draw < 0.1 else PREFER_NOT if draw < 0.2 else rng.choice(options)
                    )
                self.batch.add(
                    "equality_monitoring",
                    {"id": self.ids("equality_monitoring"), "complainant_id": cid, **answers},
                )

    def people_and_allegations(self, walk: Walk, about_chief: bool, division: str) -> None:
        rng, pools, case = self.rng, self.pools, walk.case
        complaint = case["case_type"] == CaseType.COMPLAINT
        if about_chief:
            picks = [len(pools.subjects) - 1]
        elif complaint and rng.random() < tuning.UNIDENTIFIED_SHARE:
            picks = []
        else:
            count = weighted(
                rng, tuning.SUBJECTS_PER_COMPLAINT if complaint else tuning.SUBJECTS_PER_MATTER
            )
            picks = sorted(
                set(
                    rng.choices(
                        range(len(pools.subjects)), cum_weights=pools.subject_weights, k=count
                    )
                )
            )
        subjects: list[tuple[int, int]] = [(pools.subjects[i][0], i) for i in picks]
        for sid, index in subjects:
            walk.case_subjects.append(
                self.batch.add(
                    "case_subjects",
                    {
                        "id": self.ids("case_subjects"),
                        "case_id": case["id"],
                        "force_id": case["force_id"],
                        "subject_id": sid,
                        "identity_id": pools.subjects[index][1],
                        "notification_withheld_reason": None,
                        "pool": index,
                    },
                )
            )
        if not walk.case_subjects:  # someone nobody could name: a subject of their own
            sid, iid = self.ids("subjects"), self.ids("subject_identities")
            self.batch.add(
                "subjects",
                {
                    "id": sid,
                    "force_id": pools.force.id,
                    "kind": SubjectKind.UNIDENTIFIED,
                    "is_chief_constable": False,
                    "created_at": case["logged_at"],
                },
            )
            self.batch.add(
                "subject_identities",
                {
                    "id": iid,
                    "subject_id": sid,
                    "force_id": pools.force.id,
                    "given_name": None,
                    "family_name": None,
                    "rank": None,
                    "collar_number": None,
                    "staff_number": None,
                    "division_id": self.pools.divisions[division],
                    "valid_from": case["received_on"],
                    "valid_to": None,
                },
            )
            walk.case_subjects.append(
                self.batch.add(
                    "case_subjects",
                    {
                        "id": self.ids("case_subjects"),
                        "case_id": case["id"],
                        "force_id": case["force_id"],
                        "subject_id": sid,
                        "identity_id": iid,
                        "notification_withheld_reason": None,
                        "pool": -1,
                    },
                )
            )
        if case["case_type"] == CaseType.DSI_MATTER:
            count = 1
            weights: dict[str, float] = {"B6": 1}
        elif complaint:
            count = weighted(rng, tuning.ALLEGATIONS_PER_COMPLAINT)
            weights = pools.category_weights
        else:
            count = 1
            weights = tuning.CONDUCT_CATEGORY_WEIGHTS
        for number in range(1, count + 1):
            aid = self.ids("allegations")
            walk.allegations.append(
                self.batch.add(
                    "allegations",
                    {
                        "id": aid,
                        "case_id": case["id"],
                        "force_id": case["force_id"],
                        "case_type": case["case_type"],
                        "number": number,
                        "category_id": pools.categories[weighted(rng, weights)],
                        "description": "What the complainant says happened.",
                        "incident_on": case["incident_on"],
                        "incident_place": None,
                        "result": None,
                        "result_recorded_at": None,
                        "taken": (),
                        "action_note": None,
                        "logged_at": case["logged_at"],
                    },
                )
            )
            for subject in rng.sample(walk.case_subjects, rng.randint(1, len(walk.case_subjects))):
                self.batch.add(
                    "allegation_subjects", {"allegation_id": aid, "case_subject_id": subject["id"]}
                )

    def deadline(self, walk: Walk) -> None:
        case = walk.case
        started = [t for t in (case["handled_outside_at"], case["recorded_at"]) if t is not None]
        found = deadlines.compute(
            deadlines.DeadlineFacts(
                case_type=case["case_type"],
                state=case["state"],
                received_on=case["received_on"],
                handling_started_on=min(started).date() if started else None,
                last_contact_on=walk.last_contact,
                outcome_determined_on=_day(case["outcome_determined_at"]),
                outcome_notified_on=_day(case["outcome_notified_at"]),
                investigation_open=walk.investigation is not None
                and case["state"] in choices.INVESTIGATION_STATES,
            )
        )
        if found:
            case["next_deadline_on"] = found[0].due_on
            case["next_deadline_kind"] = found[0].kind

    def learning(
        self, walk: Walk | None, source: LearningSource, raised: dt.date, review_id: int | None
    ) -> None:
        rng = self.rng
        if raised > self.horizon:
            return
        age = (self.horizon - raised).days
        if age < 21:
            status = LearningStatus.PROPOSED
        elif age < 90:
            status = weighted(
                rng,
                {
                    LearningStatus.ACCEPTED: 40,
                    LearningStatus.IN_PROGRESS: 50,
                    LearningStatus.NOT_ACCEPTED: 10,
                },
            )
        else:
            status = weighted(
                rng,
                {
                    LearningStatus.IMPLEMENTED: 55,
                    LearningStatus.IN_PROGRESS: 20,
                    LearningStatus.ACCEPTED: 10,
                    LearningStatus.NOT_ACCEPTED: 15,
                },
            )
        waits = (
            tuning.LEARNING_RESPONSE_DAYS
            if status in (LearningStatus.PROPOSED, LearningStatus.ACCEPTED)
            else rng.choice((90, 120, 180))
        )
        completed = (
            min(self.horizon, raised + dt.timedelta(days=rng.randint(20, 200)))
            if status == LearningStatus.IMPLEMENTED
            else None
        )
        self.batch.add(
            "learning_items",
            {
                "id": self.ids("learning_items"),
                "force_id": self.pools.force.id,
                "source": source,
                "case_id": walk.case["id"] if walk else None,
                "review_id": review_id,
                "theme": rng.choice(("Communication", "Use of force", "Custody", "Call handling")),
                "description": "What the force should do differently.",
                "level": weighted(rng, tuning.LEARNING_LEVEL_WEIGHTS),
                "owner_id": self.pick(Role.APPROPRIATE_AUTHORITY),
                "raised_on": raised,
                "due_on": raised + dt.timedelta(days=waits),
                "status": status,
                "evidence": "Briefing delivered and recorded." if completed else None,
                "not_accepted_reason": "Already covered by current policy."
                if status == LearningStatus.NOT_ACCEPTED
                else None,
                "shared_how": "Team briefing" if completed else None,
                "shared_on": completed,
                "completed_on": completed,
                "source_detail": "HMICFRS PEEL inspection"
                if source == LearningSource.INSPECTION
                else None,
                **self._iopc_response(source, raised),
                "created_at": moment(raised, rng),
            },
        )

    def _iopc_response(self, source: LearningSource, raised: dt.date) -> dict[str, Any]:
        """An IOPC recommendation is answered in writing within 56 days (A5)."""
        if source != LearningSource.IOPC:
            return {}
        answered = raised + dt.timedelta(days=self.rng.randint(20, 70))
        done = answered <= self.horizon
        return {
            "received_on": raised,
            "response_due_on": raised + dt.timedelta(days=tuning.LEARNING_RESPONSE_DAYS),
            "response": "The force accepts the recommendation." if done else None,
            "response_sent_on": answered if done else None,
        }

    def take(self) -> Batch:
        """The rows made since the last take, ready to write; a new batch begins."""
        for row in self.batch.rows.get("case_subjects", ()):
            row.pop("pool", None)
        # Builders of several forces may share a batch: each action takes its case's force.
        forces = {row["id"]: row["force_id"] for row in self.batch.rows.get("cases", ())}
        for row in list(self.batch.rows.get("allegations", ())):
            for code in row.pop("taken", ()):
                self.batch.add(
                    "allegation_actions",
                    {
                        "id": self.ids("allegation_actions"),
                        "allegation_id": row["id"],
                        "force_id": forces[row["case_id"]],
                        "code": code,
                    },
                )
        batch, self.batch = self.batch, Batch()
        return batch

    def other_learning(self, months: Iterable[tuple[int, int]]) -> None:
        """Lessons from dip samples and inspections: a few each month, from no case."""
        for year, month in sorted(months):
            for _ in range(LEARNING_OTHER_PER_MONTH):
                day = dt.date(year, month, self.rng.randint(1, 28))
                source = self.rng.choice((LearningSource.DIP_SAMPLE, LearningSource.INSPECTION))
                self.learning(None, source, day, None)

    def counter_rows(self) -> None:
        """The force's reference counters: the last number issued per type and year."""
        for (case_type, year), number in sorted(self.counters.items()):
            self.batch.add(
                "reference_counters",
                {
                    "force_id": self.pools.force.id,
                    "case_type": case_type,
                    "year": year,
                    "last_number": number,
                },
            )

    def flush(self) -> int:
        return write(self.connection, self.take())


def _day(moment_: dt.datetime | None) -> dt.date | None:
    return moment_.date() if moment_ is not None else None


def _category_weights(categories: dict[str, int]) -> dict[str, float]:
    """Each category's share: its group's national weight, split as the demo splits it."""
    out: dict[str, float] = {}
    for group, weight in tuning.CATEGORY_GROUP_WEIGHTS.items():
        within = {
            code: tuning.SUBCATEGORY_WEIGHTS.get(code, 1)
            for code in categories
            if code[0] == group and code[1:].isdigit()
        }
        total = sum(within.values())
        for code, w in within.items():
            out[code] = weight * w / total
    return out


def received_days(
    rng: random.Random, cases: int, today: dt.date, years: int = YEARS
) -> Iterator[dt.date]:
    """Receipt dates over the years up to yesterday, busier on weekdays, growing a little."""
    start = today - dt.timedelta(days=365 * years)
    days = [start + dt.timedelta(days=n) for n in range((today - start).days)]
    weights = [
        (1.0 if d.weekday() < 5 else 0.45) * (0.9 + 0.2 * n / len(days)) for n, d in enumerate(days)
    ]
    yield from sorted(rng.choices(days, weights=weights, k=cases))


def build(
    engine: Engine,
    cases: int,
    *,
    today: dt.date,
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
    years: int = YEARS,
    force: ForceSpec | None = None,
) -> dict[str, int]:
    """Reset the database and fill it; returns the rows per table. ``years`` spreads the
    cases over that many years to yesterday; ``force`` may give the accounts a password
    and an authenticator, so that a benchmark can sign in as them."""
    reset(engine)
    rng = random.Random(seed)
    ids = Ids()
    start = today - dt.timedelta(days=365 * years)
    spec = replace(force or ForceSpec(), years=years)
    with engine.begin() as connection:
        pools = build_force(connection, rng, ids, cases, start, spec)
    builder: Builder | None = None
    pending = 0
    connection = engine.connect()
    try:
        transaction = connection.begin()
        builder = Builder(connection, pools, ids, rng, today)
        months = {}
        for received in received_days(rng, cases, today, years):
            builder.case(received)
            months[(received.year, received.month)] = received
            pending += 1
            if pending == BATCH:
                builder.flush()
                transaction.commit()
                transaction = connection.begin()
                if progress:
                    progress(pending)
                pending = 0
        builder.other_learning(months)
        builder.counter_rows()
        builder.flush()
        fix_sequences(connection)
        # Whether each case waits for a decision depends on its other rows: stored once
        # they are all in, by the rule the app keeps it with.
        awaiting.refresh(connection)
        transaction.commit()
        if progress and pending:
            progress(pending)
    finally:
        connection.close()
    settle(engine)
    with engine.connect() as connection:
        return {
            name: connection.scalar(select(func.count()).select_from(table(name))) for name in ORDER
        }


def settle(engine: Engine) -> None:
    """Leave the database as a running service's would be: on PostgreSQL vacuumed and
    analysed, as autovacuum would within minutes of a load (or of a migration that
    rewrote a table), so that nothing is timed against dead rows or stale statistics; on
    SQLite with statistics, as the product leaves it after an import or an upgrade."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("VACUUM (ANALYZE)"))
        else:
            refresh_statistics(connection)
