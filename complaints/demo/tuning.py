"""The knobs of the demo forces: how many of everyone, how cases are shared out, how long
each step takes.

The demo is only convincing if its mix and its timings look like a real Professional
Standards Department's (the national figures of domain.md B5), so those numbers are kept
here together, away from the code that uses them, where they can be read and tuned as one.
"""

from __future__ import annotations

import enum
import random
from dataclasses import dataclass

from complaints.auth.roles import Role
from complaints.cases.choices import AllegationResult, CaseState, CaseType, Channel
from complaints.investigations.models import (
    Finding,
    InvestigationMode,
    Proceedings,
    Sanction,
    Severity,
)
from complaints.learning.models import LearningLevel, LearningSource
from complaints.subjects.models import SubjectKind

# --- The force -------------------------------------------------------------------------

DEMO_PASSWORD = "demo-password-2026"  # every demo account's
# Every demo account comes enrolled for two-factor sign-in with this secret: add it to an
# authenticator app, or print the current code with `flask demo code`.
DEMO_TOTP_SECRET = "DEMOCOMPLAINTS2627DEMOCOMPLAINTS"
DEMO_EMAIL_DOMAIN = "demo.example"  # the memorable sign-in of each role: handler@demo.example
FORCE_EMAIL_DOMAIN = "northshire.police.example"  # everyone else's
SOURCE = "demo-seed"  # the audit trail's "source" for everything seeded
HISTORY_DAYS = 730  # cases are received over the 24 months before today


@dataclass(frozen=True)
class ForceSpec:
    """One of the demo's forces. The first is the installation's own (id 1, made by the
    migration from the settings); the others are added by the seed."""

    code: str
    name: str
    short: str  # "Eastmere": in its divisions' names
    share: int  # of the cases, against the other forces in the demo
    email_domain: str  # its OPCC's and board's accounts other than the memorable ones
    staff_prefix: str  # before its police staff's staff numbers


# A joint PSD working for three fictional forces (``flask demo seed --forces 1``: the first).
FORCES = (
    ForceSpec("NOR", "Northshire Police", "Northshire", 50, FORCE_EMAIL_DOMAIN, "NS"),
    ForceSpec("EAS", "Eastmere Constabulary", "Eastmere", 30, "eastmere.police.example", "EC"),
    ForceSpec("WES", "Westvale Police", "Westvale", 20, "westvale.police.example", "WV"),
)

# (role, how many, the first one's memorable sign-in, divisions handed out in turn). The
# OPCC's and the board's people belong to one force: the first force has these many, each
# other force fewer in proportion to its cases, and the first of them signs in as
# reviewer.eastmere@demo.example and so on. Everyone else works for every force.
STAFF = (
    (Role.HANDLER, 12, "handler", ("N", "S", "W")),
    (Role.INVESTIGATOR, 8, "investigator", ("N", "S", "W")),
    (Role.APPROPRIATE_AUTHORITY, 5, "aa", ("HQ",)),
    (Role.OPCC_REVIEWER, 4, "reviewer", ()),
    (Role.OPCC_OVERSIGHT, 3, "oversight", ()),
    (Role.BOARD_MEMBER, 4, "board", ()),
    (Role.ADMIN, 2, "admin", ("HQ",)),
)

# Named subjects (plus a chief constable, a deputy and the unidentified ones cases need).
SUBJECT_MIX = {
    SubjectKind.OFFICER: 190,
    SubjectKind.STAFF: 40,
    SubjectKind.SPECIAL_CONSTABLE: 10,
    SubjectKind.VOLUNTEER: 4,
    SubjectKind.CONTRACTOR: 4,
}
OFFICER_RANKS = {"PC": 66, "DC": 10, "PS": 13, "DS": 4, "Insp": 5, "DI": 1, "Ch Insp": 1}
OFFICER_DIVISIONS = {"N": 28, "S": 27, "W": 27, "ROADS": 6, "CID": 6, "CUST": 4, "HQ": 2}
STAFF_GRADES = {  # grade: (weight, divisions)
    "PCSO": (35, ("N", "S", "W")),
    "Call handler": (25, ("CC",)),
    "Detention officer": (15, ("CUST",)),
    "Front counter clerk": (10, ("N", "S", "W")),
    "Investigation officer": (10, ("CID",)),
    "Control room dispatcher": (5, ("CC",)),
}
CONTRACTOR_ROLES = ("Custody nurse (contractor)", "Vehicle recovery operator (contractor)")
# How much more often some people are complained about: a heavy tail, as in life.
SUBJECT_PROPENSITY = {
    SubjectKind.OFFICER: 1.0,
    SubjectKind.STAFF: 0.6,
    SubjectKind.SPECIAL_CONSTABLE: 0.7,
    SubjectKind.VOLUNTEER: 0.3,
    SubjectKind.CONTRACTOR: 0.5,
}
DEPUTY_PROPENSITY = 3.0  # the deputy chief constable turns up on a handful of cases
LOCAL_SUBJECT_SHARE = 0.8  # subjects usually work in the case's division
IDENTITY_CHANGES = 20  # transfers (new collar number), promotions and surname changes
# The subjects above and the identity changes are a single force's; with several forces
# each gets its share of them (by its share of the cases), plus its own chief officers.

# --- The cases -------------------------------------------------------------------------


class Route(enum.Enum):
    """How a case goes through the lifecycle (domain.md A2)."""

    OUTSIDE_SCHEDULE_3 = "outside"
    OTHERWISE = "otherwise"  # recorded, handled otherwise than by investigation
    INVESTIGATION = "investigation"  # recorded, local investigation
    IOPC = "iopc"  # recorded and referred to the IOPC
    WITHDRAWN = "withdrawn"
    DSI = "dsi"


CASE_TYPE_WEIGHTS = {CaseType.COMPLAINT: 88, CaseType.CONDUCT_MATTER: 10, CaseType.DSI_MATTER: 2}
COMPLAINT_ROUTE_WEIGHTS = {
    Route.OUTSIDE_SCHEDULE_3: 61,
    Route.OTHERWISE: 25,
    Route.INVESTIGATION: 8,
    Route.IOPC: 3,
    Route.WITHDRAWN: 3,
}
CONDUCT_ROUTE_WEIGHTS = {Route.INVESTIGATION: 45, Route.OTHERWISE: 30, Route.IOPC: 25}
DISSATISFIED_SHARE = 0.08  # handled outside Schedule 3, then recorded at the complainant's wish
RECORDING_REQUESTED_SHARE = 0.45  # of complaints handled otherwise than by investigation
REVIEW_SHARE = 0.10  # of notified outcomes
REVIEW_UPHELD_SHARE = 0.25
REOPEN_SHARE = 0.015  # of finalised Schedule 3 complaints
SUSPENSION_SHARE = 0.2  # of investigations
IOPC_RETURNED_SHARE = 0.4  # the rest the IOPC investigates, or directs, or leaves local
IOPC_MODE_WEIGHTS = {
    InvestigationMode.LOCAL: 25,
    InvestigationMode.DIRECTED: 40,
    InvestigationMode.INDEPENDENT: 35,
}
WITHDRAWAL_STAGE_WEIGHTS = {
    CaseState.LOGGED: 40,
    CaseState.INITIAL_HANDLING: 25,
    CaseState.HANDLING: 25,
    CaseState.INVESTIGATION: 10,
}
# Complaints about the chief constable (the PCC is the AA): one received at each of these
# points of the two years, with the route it takes.
CHIEF_CONSTABLE_COMPLAINTS = (
    (0.15, Route.OTHERWISE),
    (0.55, Route.INVESTIGATION),  # by an investigator named on the restricted case
    (0.97, Route.OTHERWISE),
)
RESTRICTED_CASES = 5
MIN_CASES_PER_STATE = 5  # the coverage pass tops every state up to this
# Each force has an investigation open a year or more, so that a 12-month report to the
# IOPC and the OPCC falls due (received at least this long ago, and still open today).
LONG_INVESTIGATION_DAYS = 380

SUBJECTS_PER_COMPLAINT = {1: 65, 2: 25, 3: 10}
SUBJECTS_PER_MATTER = {1: 80, 2: 20}
ALLEGATIONS_PER_COMPLAINT = {1: 55, 2: 30, 3: 15}
UNIDENTIFIED_SHARE = 0.03  # complaints about someone nobody could name
SECOND_COMPLAINANT_SHARE = 0.1
REPRESENTATIVE_SHARE = 0.05
EQUALITY_SHARE = 0.6  # complainants who filled in the equality monitoring form
NEEDS_SHARE = 0.05
NOTE_SHARE = 0.06
# Complainants who could not be reached at all, of those whose complaint needs nothing
# more from them (not withdrawn, not asking for recording after initial handling).
CONTACT_NOT_POSSIBLE_SHARE = 0.02
UPDATES_ON_TIME_SHARE = 0.8  # the others drift past the 28-day update deadline

CHANNEL_WEIGHTS = {
    Channel.ONLINE: 36,
    Channel.EMAIL: 24,
    Channel.PHONE: 18,
    Channel.LETTER: 6,
    Channel.IN_PERSON: 5,
    Channel.VIA_OPCC: 8,
    Channel.VIA_IOPC: 3,
}
DIVISION_WEIGHTS = {"N": 30, "S": 28, "W": 27, "CUST": 5, "ROADS": 4, "CC": 3, "CID": 2, "HQ": 1}

# fmt: off
# Lancashire's allegations by category group, 2024/25 (domain.md B5.2).
CATEGORY_GROUP_WEIGHTS = {
    "A": 2373, "B": 1069, "H": 468, "F": 122, "D": 116, "C": 115,
    "L": 65, "G": 55, "E": 35, "K": 17, "J": 10,
}
# Within a group (domain.md B5.1 where known; categories not listed weigh 1).
SUBCATEGORY_WEIGHTS = {
    "A1": 40, "A2": 16, "A3": 10, "A4": 34,
    "B1": 10, "B2": 8, "B3": 20, "B4": 12, "B5": 5, "B6": 30, "B7": 5, "B8": 2, "B9": 8,
    "D1": 3, "D2": 4, "D3": 2, "D4": 1,
    "F1": 3, "F2": 18, "F3": 1, "F4": 1, "F5": 1, "F6": 50, "F7": 5, "F8": 14, "F9": 4,
    "F10": 3,
    "G1": 2, "G2": 3, "G3": 2, "G4": 3, "G5": 1, "G6": 1,
    "H1": 30, "H2": 20, "H3": 15, "H4": 15, "H5": 20,
    "J1": 1, "J2": 3, "J3": 2,
}
CONDUCT_CATEGORY_WEIGHTS = {
    "K1": 25, "D1": 20, "B6": 14, "G2": 8, "J2": 8, "H4": 8, "D2": 7, "G4": 6, "G1": 4,
}
# fmt: on

SCHEDULE_3_RESULT_WEIGHTS = {
    AllegationResult.SERVICE_ACCEPTABLE: 50,
    AllegationResult.SERVICE_NOT_ACCEPTABLE: 20,
    AllegationResult.UNABLE_TO_DETERMINE: 10,
    AllegationResult.NO_FURTHER_ACTION: 20,
}
OUTSIDE_RESULT_WEIGHTS = {AllegationResult.RESOLVED: 85, AllegationResult.NOT_RESOLVED: 15}
RESULTS_WITH_ACTIONS = {AllegationResult.SERVICE_NOT_ACCEPTABLE, AllegationResult.RESOLVED}

# Misconduct (domain.md B5.1: 79% of meetings and 78% of hearings found proven).
SEVERITY_WEIGHTS = {Severity.NONE: 45, Severity.MISCONDUCT: 40, Severity.GROSS_MISCONDUCT: 15}
SEVERITY_REVISED_SHARE = 0.15
CASE_TO_ANSWER_SHARE = {Severity.MISCONDUCT: 0.6, Severity.GROSS_MISCONDUCT: 0.75}
PROCEEDINGS_WEIGHTS = {
    Severity.MISCONDUCT: {Proceedings.MEETING: 1},
    Severity.GROSS_MISCONDUCT: {Proceedings.HEARING: 80, Proceedings.ACCELERATED_HEARING: 20},
}
FINDING_WEIGHTS = {
    Proceedings.MEETING: {Finding.MISCONDUCT: 79, Finding.NOT_PROVEN: 21},
    Proceedings.HEARING: {
        Finding.GROSS_MISCONDUCT: 78,
        Finding.MISCONDUCT: 10,
        Finding.NOT_PROVEN: 12,
    },
    Proceedings.ACCELERATED_HEARING: {Finding.GROSS_MISCONDUCT: 95, Finding.MISCONDUCT: 5},
}
SANCTION_WEIGHTS = {
    Finding.MISCONDUCT: {Sanction.WRITTEN_WARNING: 55, Sanction.FINAL_WRITTEN_WARNING: 45},
    Finding.GROSS_MISCONDUCT: {
        Sanction.DISMISSAL_WITHOUT_NOTICE: 70,
        Sanction.FINAL_WRITTEN_WARNING: 22,
        Sanction.REDUCTION_IN_RANK: 8,
    },
}
CPS_REFERRAL_SHARE = 0.2  # of gross misconduct cases

# Learning items by source (domain.md A3, B3.7).
LEARNING_MIX = {
    LearningSource.CASE_OUTCOME: 14,
    LearningSource.REVIEW: 8,
    LearningSource.IOPC: 6,
    LearningSource.DIP_SAMPLE: 7,
    LearningSource.INSPECTION: 5,
}
LEARNING_LEVEL_WEIGHTS = {
    LearningLevel.INDIVIDUAL: 30,
    LearningLevel.ORGANISATIONAL: 60,
    LearningLevel.NATIONAL: 10,
}
LEARNING_RESPONSE_DAYS = 56  # domain.md A5


@dataclass(frozen=True)
class Span:
    """A duration in days, drawn from a triangular distribution."""

    low: float
    mode: float
    high: float

    def draw(self, rng: random.Random) -> float:
        return rng.triangular(self.low, self.high, self.mode)


WORKING_DAYS_TO_LOG = {0: 25, 1: 30, 2: 20, 3: 10, 4: 7, 5: 5, 6: 3}
DAYS_TO_FIRST_CONTACT = Span(1, 3, 15)  # from receipt
DAYS_TO_GIVE_UP_ON_CONTACT = Span(10, 16, 30)  # from receipt, after letters and calls
DAYS_TO_HANDLING_DECISION = Span(0, 1, 5)  # from first contact
DAYS_OUTSIDE_TO_RESOLVE = Span(5, 14, 42)
DAYS_RECORDED_TO_DECISION = Span(3, 10, 40)
DAYS_HANDLING = Span(25, 60, 150)
DAYS_INVESTIGATING = Span(90, 240, 425)
DAYS_SUSPENDED = Span(30, 120, 270)
DAYS_REPORT_TO_DECISION = Span(7, 25, 75)
DAYS_TO_NOTIFY = Span(1, 4, 16)
DAYS_TO_APPLY_FOR_REVIEW = Span(2, 14, 27)
DAYS_TO_DECIDE_REVIEW = Span(21, 60, 180)
DAYS_FINALISE_AFTER_WINDOW = Span(1, 3, 14)
DAYS_TO_REFER = Span(0, 2, 10)
DAYS_WITH_IOPC = Span(10, 25, 70)
DAYS_DSI_WITH_IOPC = Span(60, 180, 540)
DAYS_TO_CLOSE_MATTER = Span(1, 5, 21)
DAYS_TO_REOPEN = Span(20, 60, 200)
DAYS_REWORK = Span(20, 45, 100)  # after an upheld review
DAYS_TO_WITHDRAW = Span(3, 14, 60)
DAYS_BETWEEN_UPDATES = Span(21, 27, 33)
DAYS_BETWEEN_LATE_UPDATES = Span(30, 45, 80)
DAYS_TO_ASSESS_SEVERITY = Span(3, 10, 30)
SEVERITY_REVISED_AT = (0.3, 0.9)  # a revision comes this far through the investigation
DAYS_TO_CASE_TO_ANSWER = Span(10, 30, 90)  # from the report
DAYS_TO_PROCEEDINGS = Span(30, 75, 180)
WORKDAY_MINUTES = (8 * 60 + 30, 17 * 60 + 30)  # steps happen in office hours, London time
