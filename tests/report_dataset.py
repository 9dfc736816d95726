"""A small set of cases with every figure of the April 2026 monthly pack worked out by hand.

``build(db)`` makes the cases through the services and the workflow, each step on its
own date, and returns ``Expected``: for every table of the pack, each row's label and the
value of each cell (a number, None for a dash, or the cell's text). The PDF, CSV and
dashboard tests read the same answers.

The cases (complaints unless said; "logged" is the London date of logged_at):
  C1  received Wed 24 Dec 2025, logged Mon 29 Dec (1 working day: Christmas, Boxing Day
      and a weekend between); first contact 30 Dec (2); outside Schedule 3, resolved with
      an apology, finalised 5 Jan 2026 (12 days). Equality: 45 to 54, Female, No religion.
  C2  received Thu 2 Apr 2026, logged Tue 7 Apr (1: Good Friday, Easter Monday); two
      allegations (B6, H1); Northern Division; first contact Wed 8 Apr (2); recorded
      because the complainant wished it. Equality: 25 to 34, Female.
  C3  received Tue 31 Mar 2026, logged 23:30 UTC on 31 Mar = 00:30 BST on 1 Apr, so in
      April (1); H1; Southern Division; first contact 1 Apr (1); outside Schedule 3, not
      resolved (explanation and apology), finalised 20 Apr (20 days).
  C4  received Mon 2 Mar 2026, logged 3 Mar (1); D2; first contact 5 Mar (3); recorded by
      the appropriate authority's decision; local investigation suspended 10 to 20 Mar
      (10 days); service not acceptable (misconduct meeting); outcome 2 Apr, notified
      3 Apr; OPCC review received 10 Apr, not upheld 24 Apr, finalised (53 days, 43
      without the suspension). Its subject: case to answer, misconduct meeting,
      misconduct proven, written warning, decided 2 Apr.
  C5  received 10 Mar 2025, logged 11 Mar 2025; local investigation from 1 Apr 2025, still
      open: 12 months or more on 30 April 2026; its update was due 9 Apr 2025.
  C6  received Thu 17 Apr 2025, logged Tue 22 Apr 2025 (1: Easter 2025); A1; withdrawn
      1 May 2025.
  C7  conduct matter logged 14 Apr 2026 (Custody); referred, directed investigation,
      suspended: counted only in open cases and investigations.
  C8  received and logged 15 Apr 2026 (0); F6; Northern Division; still logged.
      Equality: 25 to 34, Male, ethnic group Prefer not to say.
  C9  received Fri 20 Mar 2026, logged Mon 23 Mar (1); A2; first contact 1 Apr (8);
      outside Schedule 3 from 1 Apr: update due 29 Apr, 1 day late on 30 Apr.
  C10 received and logged 2 Feb 2026 (0); E1 (crime or misconduct flagged); first
      contact 3 Feb (1); recorded (mandatory), handled without investigation; IOPC review
      received 20 Mar, upheld 15 Apr, back to handling: update due 3 Mar 2026.
  C11 restricted complaint (about the chief officer's office: named users only), received
      and logged 9 Apr 2026 (0) with a B6 allegation in Northern Division, a complainant
      answering the monitoring questions, and learning raised 12 Apr due 14 Apr, open and
      overdue; still logged, waiting on first contact. Counted in every figure like any
      other case (domain.md A6: the IOPC counts restricted cases).
Learning: L1 raised 10 Apr 2026 due 20 Apr (open, overdue); L2 raised 1 Mar 2026 due
31 Mar, implemented 25 Apr; L3 raised 5 Jan 2026, not accepted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.auth.roles import Role
from complaints.cases import services as cases
from complaints.cases import workflow
from complaints.cases.allegations import AllegationAction
from complaints.cases.choices import (
    AllegationResult,
    CaseType,
    Channel,
    ContactMethod,
    ContactPurpose,
)
from complaints.cases.models import Case
from complaints.common.actor import Actor
from complaints.config import REPORT_NATIONAL_COMPARATORS, REPORT_TARGETS
from complaints.forces.models import Force
from complaints.investigations.models import ConductOutcome, Finding, Proceedings, Sanction
from complaints.learning.models import LearningLevel, LearningSource, LearningStatus
from complaints.learning.services import LearningData, record_learning
from complaints.reference.models import CategoryGroup, Division
from tests import factories

MONTH = dt.date(2026, 4, 1)
TODAY = dt.date(2026, 11, 20)
HEADINGS = ("April 2026", "March 2026", "April 2025", "12 months to April 2026")
A = AllegationAction

Values = tuple[object, ...]


@dataclass(frozen=True)
class Expected:
    """The pack for ``month``, made on ``today``: table key -> row label -> cell values."""

    month: dt.date
    today: dt.date
    tables: dict[str, dict[str, Values]] = field(default_factory=dict)
    sections: dict[str, tuple[str, ...]] = field(default_factory=dict)  # key -> table keys

    def row(self, table: str, label: str) -> Values:
        return self.tables[table][label]

    @property
    def cases_logged(self) -> Values:
        return self.row("headlines", "Complaint cases logged")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


class _World:
    def __init__(self, db: Session) -> None:
        self.db = db
        self.handler = factories.user(db, Role.HANDLER)
        self.aa = factories.user(db, Role.APPROPRIATE_AUTHORITY)
        self.investigator = factories.user(db, Role.INVESTIGATOR)
        self.reviewer = factories.user(db, Role.OPCC_REVIEWER)
        self.h = factories.actor_for(self.handler)
        self.a = factories.actor_for(self.aa)
        self.i = factories.actor_for(self.investigator)
        self.r = factories.actor_for(self.reviewer)

    def division(self, code: str) -> int:
        return self.db.scalar(select(Division.id).where(Division.code == code))

    def log(
        self,
        received: dt.date,
        logged: dt.datetime,
        codes: tuple[str, ...],
        *,
        case_type: CaseType = CaseType.COMPLAINT,
        division: str | None = None,
        equality: cases.EqualityData | None = None,
        **flags,
    ) -> Case:
        person = factories.subject(self.db)
        complaint = case_type == CaseType.COMPLAINT
        return cases.log_case(
            self.db,
            self.h if complaint else Actor.system("test"),
            cases.NewCase(
                case_type=case_type,
                received_on=received,
                channel=Channel.EMAIL if complaint else Channel.INTERNAL,
                summary="A complaint for the monthly pack",
                complainants=(
                    cases.ComplainantData(
                        "Jo", "Public", email="jo@example.org", equality=equality
                    ),
                )
                if complaint
                else (),
                subject_ids=(person.id,),
                allegations=tuple(
                    cases.AllegationData(
                        factories.category(self.db, code).id, "What happened", (person.id,)
                    )
                    for code in codes
                ),
                division_id=self.division(division) if division else None,
                handler_id=self.handler.id if complaint else None,
                **flags,
            ),
            logged,
        )

    def contact(self, case: Case, on: dt.date) -> None:
        cases.record_contact(
            self.db,
            self.h,
            case,
            cases.ContactData(on, ContactMethod.PHONE, ContactPurpose.FIRST_CONTACT),
            at(on.year, on.month, on.day),
        )

    def step(self, actor, case: Case, name: str, when: dt.datetime, **data) -> None:
        workflow.apply(self.db, actor, case, name, {"reason": "As decided", **data}, when)

    def results(self, actor, case: Case, result, when: dt.datetime, *actions) -> None:
        for allegation in case.allegations:
            cases.set_allegation_result(self.db, actor, allegation, result, when, actions)


def build(db: Session) -> Expected:
    """Make the cases and return the figures the April 2026 pack must show."""
    w = _World(db)
    d = dt.date

    c1 = w.log(
        d(2025, 12, 24),
        at(2025, 12, 29),
        ("H1",),
        equality=cases.EqualityData(age_band="45 to 54", sex="Female", religion="No religion"),
    )
    w.contact(c1, d(2025, 12, 30))
    w.step(w.h, c1, "handle_outside_schedule_3", at(2025, 12, 30))
    w.results(w.h, c1, AllegationResult.RESOLVED, at(2026, 1, 5), A.APOLOGY)
    w.step(w.h, c1, "resolve", at(2026, 1, 5))

    c2 = w.log(
        d(2026, 4, 2),
        at(2026, 4, 7, 9),
        ("B6", "H1"),
        division="N",
        equality=cases.EqualityData(age_band="25 to 34", sex="Female"),
    )
    w.contact(c2, d(2026, 4, 8))
    w.step(w.h, c2, "record", at(2026, 4, 8), recording_reason="complainant_wishes")

    c3 = w.log(d(2026, 3, 31), at(2026, 3, 31, 23, 30), ("H1",), division="S")
    w.contact(c3, d(2026, 4, 1))
    w.step(w.h, c3, "handle_outside_schedule_3", at(2026, 4, 1))
    w.results(w.h, c3, AllegationResult.NOT_RESOLVED, at(2026, 4, 20), A.EXPLANATION, A.APOLOGY)
    w.step(w.h, c3, "resolve", at(2026, 4, 20))

    c4 = w.log(d(2026, 3, 2), at(2026, 3, 3), ("D2",))
    w.contact(c4, d(2026, 3, 5))
    w.step(w.a, c4, "record", at(2026, 3, 6), recording_reason="aa_decided")
    w.step(w.a, c4, "start_investigation", at(2026, 3, 6), investigator_id=w.investigator.id)
    w.step(w.a, c4, "suspend", at(2026, 3, 10), reason="Criminal proceedings")
    w.step(w.a, c4, "resume", at(2026, 3, 20))
    w.step(w.i, c4, "submit_report", at(2026, 4, 1))
    # The case to answer comes first: a meeting is an action only after one is found.
    db.add(
        ConductOutcome(
            case_subject_id=c4.subjects[0].id,
            case_to_answer=True,
            proceedings=Proceedings.MEETING,
            finding=Finding.MISCONDUCT,
            sanction=Sanction.WRITTEN_WARNING,
            decided_on=d(2026, 4, 2),
        )
    )
    db.flush()
    w.results(
        w.a, c4, AllegationResult.SERVICE_NOT_ACCEPTABLE, at(2026, 4, 2), A.MISCONDUCT_MEETING
    )
    w.step(w.a, c4, "determine_outcome", at(2026, 4, 2))
    w.step(w.h, c4, "notify_outcome", at(2026, 4, 3), review_body="opcc")
    w.step(w.h, c4, "apply_for_review", at(2026, 4, 10), body="opcc", routing_reason="No limb")
    w.step(w.r, c4, "decide_review", at(2026, 4, 24), outcome="not_upheld")

    c5 = w.log(d(2025, 3, 10), at(2025, 3, 11), ("B3",))
    w.contact(c5, d(2025, 3, 11))
    w.step(w.a, c5, "record", at(2025, 3, 12), recording_reason="complainant_wishes")
    w.step(w.a, c5, "start_investigation", at(2025, 4, 1), investigator_id=w.investigator.id)

    c6 = w.log(d(2025, 4, 17), at(2025, 4, 22), ("A1",))
    w.step(w.h, c6, "withdraw", at(2025, 5, 1), withdrawal_notice_on=d(2025, 5, 1))

    c7 = w.log(d(2026, 4, 14), at(2026, 4, 14), ("K1",), case_type=CaseType.CONDUCT_MATTER)
    c7.division_id = w.division("CUST")
    w.step(w.a, c7, "refer_to_iopc", at(2026, 4, 15), referral_type="mandatory")
    w.step(w.a, c7, "iopc_investigation", at(2026, 4, 16), mode="directed")
    w.step(w.a, c7, "suspend", at(2026, 4, 20), reason="Sub judice")

    w.log(
        d(2026, 4, 15),
        at(2026, 4, 15, 12),
        ("F6",),
        division="N",
        equality=cases.EqualityData(age_band="25 to 34", sex="Male", ethnicity="Prefer not to say"),
    )

    c9 = w.log(d(2026, 3, 20), at(2026, 3, 23), ("A2",))
    w.contact(c9, d(2026, 4, 1))
    w.step(w.h, c9, "handle_outside_schedule_3", at(2026, 4, 1))

    c10 = w.log(d(2026, 2, 2), at(2026, 2, 2), ("E1",), trigger_crime_or_misconduct=True)
    w.contact(c10, d(2026, 2, 3))
    w.step(w.a, c10, "record", at(2026, 2, 3), recording_reason="mandatory")
    w.step(w.a, c10, "handle_without_investigation", at(2026, 2, 3))
    w.results(w.a, c10, AllegationResult.SERVICE_ACCEPTABLE, at(2026, 3, 10), A.EXPLANATION)
    w.step(w.a, c10, "determine_outcome", at(2026, 3, 10))
    w.step(w.h, c10, "notify_outcome", at(2026, 3, 11), review_body="iopc")
    w.step(w.h, c10, "apply_for_review", at(2026, 3, 20), body="iopc", routing_reason="Crime")
    w.step(w.a, c10, "decide_review", at(2026, 4, 15), outcome="upheld", sent_back_to="handling")

    def learning(raised: dt.date, due: dt.date, case: Case):
        return record_learning(
            db,
            w.a,
            LearningData("Briefing", "Brief the team", LearningLevel.INDIVIDUAL, due_on=due),
            at(raised.year, raised.month, raised.day),
            source=LearningSource.CASE_OUTCOME,
            case_id=case.id,
        )

    learning(d(2026, 4, 10), d(2026, 4, 20), c4)
    done = learning(d(2026, 3, 1), d(2026, 3, 31), c10)
    done.status, done.evidence, done.completed_on = (
        LearningStatus.IMPLEMENTED,
        "Briefing given",
        d(2026, 4, 25),
    )
    refused = learning(d(2026, 1, 5), d(2026, 2, 1), c1)
    refused.status, refused.not_accepted_reason = LearningStatus.NOT_ACCEPTED, "Already done"

    c11 = w.log(
        d(2026, 4, 9),
        at(2026, 4, 9, 10),
        ("B6",),
        division="N",
        equality=cases.EqualityData(age_band="25 to 34", sex="Male"),
    )
    c11.restricted = True
    learning(d(2026, 4, 12), d(2026, 4, 14), c11)
    db.flush()
    return Expected(MONTH, TODAY, _tables(db), SECTIONS)


SECTIONS = {
    "headlines": ("headlines",),
    "trends": ("trends",),
    "categories": ("allegation_categories",),
    "handling": ("recording", "handling_types"),
    "timeliness": ("working_days_to_log", "working_days_to_contact", "days_to_finalise"),
    "caseload": ("open_by_age", "updates_overdue"),
    "investigations": ("investigations_past_12_months",),
    "reviews": ("reviews_received", "reviews_upheld"),
    "outcomes": ("allegation_results", "allegation_actions"),
    "proceedings": ("conduct_outcomes",),
    "learning": ("learning",),
    "divisions": ("divisions",),
    "equality": tuple(
        f"equality_{q}"
        for q in (
            "age_band",
            "sex",
            "gender_reassignment",
            "ethnicity",
            "disability",
            "religion",
            "sexual_orientation",
        )
    ),
    # No group of complainants or subjects is large enough to compare here: see
    # tests/services/test_disproportionality.py for its worked figures.
    "disproportionality": (),
}


def _target(key: str) -> tuple[object, object]:
    return REPORT_TARGETS.get(key), REPORT_NATIONAL_COMPARATORS.get(key)


def _tables(db: Session) -> dict[str, dict[str, Values]]:
    N = None
    eighth = 100 / 8
    groups = dict(db.execute(select(CategoryGroup.code, CategoryGroup.name)).all())
    zero4 = (0, 0, 0, 0)

    def categories(**counts: Values) -> dict[str, Values]:
        return {name: counts.get(code, zero4) for code, name in sorted(groups.items())}

    trend_counts = {
        "Mar 2025": (1, 1, 0),
        "Apr 2025": (1, 1, 0),
        "Dec 2025": (1, 1, 0),
        "Jan 2026": (0, 0, 1),
        "Feb 2026": (1, 1, 0),
        "Mar 2026": (2, 2, 0),
        "Apr 2026": (4, 5, 2),
    }
    trend_months = [dt.date(2024 + (4 + n) // 12, (4 + n) % 12 + 1, 1) for n in range(24)]
    results = {r.label: zero4 for r in AllegationResult}
    results.update(
        {
            "Service not acceptable": (1, 0, 0, 1),
            "Resolved": (0, 0, 0, 1),
            "Not resolved": (1, 0, 0, 1),
        }
    )
    actions = {a.label: zero4 for a in AllegationAction}
    actions.update(
        {
            "Explanation": (1, 0, 0, 1),
            "Apology": (1, 0, 0, 2),
            "Misconduct meeting": (1, 0, 0, 1),
        }
    )
    conduct = {
        label: zero4
        for label in (
            "Subjects with a conduct outcome",
            "Case to answer",
            "No case to answer",
            *(p.label for p in Proceedings),
            *(f.label for f in Finding),
            *(s.label for s in Sanction),
            "Reflective practice review process",
            "Practice requiring improvement",
            "Referred to the CPS",
        )
    }
    one = (1, 0, 0, 1)
    conduct.update(
        {
            "Subjects with a conduct outcome": one,
            "Case to answer": one,
            "Misconduct meeting": one,
            "Misconduct proven": one,
            "Written warning": one,
        }
    )
    divisions = {
        name: (0, 0, 0, 0)
        for name in (
            "Northern Division",
            "Southern Division",
            "Western Division",
            "Contact Centre",
            "Crime and Investigations",
            "Custody",
            "Headquarters",
            "Roads Policing",
        )
    }
    divisions.update(
        {
            "Northern Division": (3, 3, 4, 3),
            "Southern Division": (1, 1, 1, 0),
            "No division recorded": (0, 4, 4, 3),
        }
    )
    na = {"Not answered": (4, 8)}
    return {
        "headlines": {
            "Complaint cases logged": (4, 2, 1, 8),
            "Allegations logged": (5, 2, 1, 9),
            "Complaint cases finalised": (2, 0, 0, 3),
            "Mean working days to log": (2 / 4, 1.0, 1.0, 5 / 8),
            "Mean working days to first contact": (11 / 3, 3.0, N, 17 / 6),
            "Mean days to finalise, outside Schedule 3": (20.0, N, N, 16.0),
            "Mean days to finalise, under Schedule 3": (53.0, N, N, 53.0),
            "Mean days to finalise, under Schedule 3, excluding suspensions": (43.0, N, N, 43.0),
            "% of complaint cases logged recorded under Schedule 3": (
                25.0,
                50.0,
                0.0,
                3 * eighth,
            ),
            "Valid reviews received": (1, 1, 0, 2),
            "% of reviews decided that were upheld": (50.0, N, N, 50.0),
            "Open cases at the end of the month": (7, 4, 2, N),
            "Investigations open 12 months or more at the end of the month": (1, 1, 0, N),
            "Complainant updates overdue": (3, N, N, N),
            "Learning items overdue at the end of the month": (2, 0, 0, N),
        },
        "trends": {f"{m:%b %Y}": trend_counts.get(f"{m:%b %Y}", (0, 0, 0)) for m in trend_months},
        "allegation_categories": categories(
            A=(0, 1, 1, 1),
            B=(2, 0, 0, 2),
            D=(0, 1, 0, 1),
            E=(0, 0, 0, 1),
            F=(1, 0, 0, 1),
            H=(2, 0, 0, 3),
        ),
        "recording": {
            "Recorded under Schedule 3, any reason": (25.0, 50.0, 0.0, 3 * eighth),
            "The complainant wishes it to be recorded": (25.0, 0.0, 0.0, eighth),
            "The appropriate authority decided to record it": (0.0, 50.0, 0.0, eighth),
            "Complainant dissatisfied after initial handling": (0.0, 0.0, 0.0, 0.0),
            "Recording is mandatory (a trigger applies)": (0.0, 0.0, 0.0, eighth),
        },
        "handling_types": {
            "Outside Schedule 3": (1, 0, 0, 2),
            "Otherwise than by investigation": zero4,
            "Local investigation": (1, 0, 0, 1),
            "Directed investigation": zero4,
            "Independent investigation": zero4,
        },
        "working_days_to_log": {
            "Mean working days to log": (2 / 4, 1.0, 1.0, 5 / 8, *_target("working_days_to_log")),
            "Complaint cases logged": (4, 2, 1, 8, "", ""),
        },
        "working_days_to_contact": {
            "Mean working days to first contact": (
                11 / 3,
                3.0,
                N,
                17 / 6,
                *_target("working_days_to_contact"),
            ),
            "Complaint cases first contacted": (3, 1, 0, 6, "", ""),
        },
        "days_to_finalise": {
            "Outside Schedule 3: mean days": (
                20.0,
                N,
                N,
                16.0,
                *_target("days_to_finalise_outside_schedule_3"),
            ),
            "Outside Schedule 3: cases finalised": (1, 0, 0, 2, "", ""),
            "Under Schedule 3: mean days": (
                53.0,
                N,
                N,
                53.0,
                *_target("days_to_finalise_under_schedule_3"),
            ),
            "Under Schedule 3, excluding suspensions: mean days": (
                43.0,
                N,
                N,
                43.0,
                *_target("days_to_finalise_under_schedule_3_excluding_suspensions"),
            ),
            "Under Schedule 3: cases finalised": (1, 0, 0, 1, "", ""),
        },
        "open_by_age": {
            "Under 3 months": (6, 600 / 7),
            "3 to 6 months": (0, 0.0),
            "6 to 12 months": (0, 0.0),
            "12 months or more": (1, 100 / 7),
            "All open cases": (7, 100.0),
        },
        "updates_overdue": {
            "1 to 7 days late": (1,),
            "8 to 28 days late": (0,),
            "More than 28 days late": (2,),
            "All overdue": (3,),
        },
        "investigations_past_12_months": {
            "Local": (1, 1, 100.0),
            "Directed (IOPC)": (1, 0, 0.0),
            "Independent (IOPC)": (0, 0, N),
            "All investigations": (2, 1, 50.0),
        },
        "reviews_received": {
            "OPCC (local policing body)": (1, 0, 0, 1),
            "IOPC": (0, 1, 0, 1),
            "All review bodies": (1, 1, 0, 2),
        },
        "reviews_upheld": {
            "OPCC (local policing body)": (0.0, N, N, 0.0),
            "IOPC": (100.0, N, N, 100.0),
            "All review bodies": (50.0, N, N, 50.0),
        },
        "allegation_results": results,
        "allegation_actions": actions,
        "conduct_outcomes": conduct,
        "learning": {
            "Learning items raised": (2, 1, 0, 4),
            "Learning items implemented": (1, 0, 0, 1),
            "Open at the end of the month": (2, 1, 0, N),
            "Overdue at the end of the month": (2, 0, 0, N),
        },
        "divisions": divisions,
        "equality_age_band": {"25 to 34": (3, 3), "45 to 54": (0, 1), "Not answered": (1, 4)},
        "equality_sex": {"Female": (1, 2), "Male": (2, 2), "Not answered": (1, 4)},
        "equality_gender_reassignment": na,
        "equality_ethnicity": {"Prefer not to say": (1, 1), "Not answered": (3, 7)},
        "equality_disability": na,
        "equality_religion": {"No religion": (0, 1), "Not answered": (4, 7)},
        "equality_sexual_orientation": na,
    }


def build_other_force(db: Session, south: Force) -> None:
    """A second force's month beside the hand-worked dataset, for force ``south``: two
    complaints logged in April 2026 (one in its Western Division, resolved on 10 April),
    one logged in March and recorded, one logged in April 2025, and a lesson raised in
    April. Alone, its pack logs (2, 1, 1, 3) complaints over the four columns."""
    d = dt.date
    west = Division(force_id=south.id, code="SWEST", name="Southshire Western Division")
    db.add(west)
    db.flush()
    handler = factories.user(db, Role.HANDLER, forces=(south.id,))
    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY, forces=(south.id,), decides_for=(south.id,))
    h, a = factories.actor_for(handler), factories.actor_for(aa)

    def complaint(received: dt.date, logged: dt.datetime, **flags):
        person = factories.subject(db, force_id=south.id)
        return factories.complaint(
            db,
            handler=handler,
            received_on=received,
            subject_=person,
            now=logged,
            force_id=south.id,
            **flags,
        )

    b1 = complaint(d(2026, 3, 31), at(2026, 4, 1), division_id=west.id)
    factories.contact(db, b1, handler, at(2026, 4, 2))
    workflow.apply(db, h, b1, "handle_outside_schedule_3", {}, at(2026, 4, 2))
    for allegation in b1.allegations:
        cases.set_allegation_result(db, h, allegation, AllegationResult.RESOLVED, at(2026, 4, 10))
    workflow.apply(db, h, b1, "resolve", {}, at(2026, 4, 10))

    b2 = complaint(d(2026, 3, 5), at(2026, 3, 6))
    factories.contact(db, b2, handler, at(2026, 3, 9))
    workflow.apply(
        db,
        a,
        b2,
        "record",
        {"reason": "As decided", "recording_reason": "aa_decided"},
        at(2026, 3, 10),
    )

    complaint(d(2026, 4, 17), at(2026, 4, 20))
    complaint(d(2025, 4, 14), at(2025, 4, 15))
    record_learning(
        db,
        a,
        LearningData("Briefing", "Brief the team", LearningLevel.INDIVIDUAL, due_on=d(2026, 5, 1)),
        at(2026, 4, 12),
        source=LearningSource.CASE_OUTCOME,
        case_id=b1.id,
    )
    db.flush()


def build_old_history(db: Session) -> None:
    """Cases, reviews, conduct outcomes and learning all done with years before April 2026's
    pack looks back (its trends start in May 2024): a complaint investigated, decided,
    reviewed and finalised in 2021, one resolved outside Schedule 3 and one withdrawn in
    2022, a conduct matter closed in 2022, and lessons implemented or not accepted then.
    None of them may change a figure of that pack."""
    w = _World(db)
    d = dt.date
    o1 = w.log(
        d(2021, 3, 1),
        at(2021, 3, 2),
        ("B6", "F6"),
        division="N",
        equality=cases.EqualityData(age_band="25 to 34", sex="Female", ethnicity="White"),
    )
    w.contact(o1, d(2021, 3, 3))
    w.step(w.a, o1, "record", at(2021, 3, 4), recording_reason="aa_decided")
    w.step(w.a, o1, "start_investigation", at(2021, 3, 5), investigator_id=w.investigator.id)
    w.step(w.a, o1, "suspend", at(2021, 3, 10), reason="Criminal proceedings")
    w.step(w.a, o1, "resume", at(2021, 4, 20))
    w.step(w.i, o1, "submit_report", at(2021, 6, 1))
    db.add(
        ConductOutcome(
            case_subject_id=o1.subjects[0].id,
            case_to_answer=True,
            proceedings=Proceedings.HEARING,
            finding=Finding.GROSS_MISCONDUCT,
            sanction=Sanction.FINAL_WRITTEN_WARNING,
            decided_on=d(2021, 6, 2),
        )
    )
    db.flush()
    w.results(
        w.a, o1, AllegationResult.SERVICE_NOT_ACCEPTABLE, at(2021, 6, 2), A.MISCONDUCT_MEETING
    )
    w.step(w.a, o1, "determine_outcome", at(2021, 6, 2))
    w.step(w.h, o1, "notify_outcome", at(2021, 6, 3), review_body="opcc")
    w.step(w.h, o1, "apply_for_review", at(2021, 6, 10), body="opcc", routing_reason="No limb")
    w.step(w.r, o1, "decide_review", at(2021, 7, 1), outcome="not_upheld")

    o2 = w.log(d(2022, 1, 10), at(2022, 1, 11), ("H1",), division="S")
    w.contact(o2, d(2022, 1, 12))
    w.step(w.h, o2, "handle_outside_schedule_3", at(2022, 1, 12))
    w.results(w.h, o2, AllegationResult.RESOLVED, at(2022, 1, 20), A.APOLOGY)
    w.step(w.h, o2, "resolve", at(2022, 1, 20))

    o3 = w.log(d(2022, 5, 2), at(2022, 5, 3), ("A1",))
    w.step(w.h, o3, "withdraw", at(2022, 5, 9), withdrawal_notice_on=d(2022, 5, 9))

    done = record_learning(
        db,
        w.a,
        LearningData("Briefing", "Brief the team", LearningLevel.INDIVIDUAL, due_on=d(2021, 8, 1)),
        at(2021, 7, 2),
        source=LearningSource.CASE_OUTCOME,
        case_id=o1.id,
    )
    done.status, done.evidence, done.completed_on = (
        LearningStatus.IMPLEMENTED,
        "Briefing given",
        d(2021, 7, 20),
    )
    refused = record_learning(
        db,
        w.a,
        LearningData("Custody", "Change the rota", LearningLevel.ORGANISATIONAL, due_on=None),
        at(2022, 2, 1),
        source=LearningSource.CASE_OUTCOME,
        case_id=o2.id,
    )
    refused.status, refused.not_accepted_reason = LearningStatus.NOT_ACCEPTED, "Already done"
    db.flush()
