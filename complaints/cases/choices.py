"""The vocabulary of a case (domain.md A1 to A3): types, states, channels and results.

Kept apart from the models so that forms, filters, reports and the workflow all read
the same words from one place.
"""

from __future__ import annotations

from complaints.common.enums import LabelledEnum, labelled


@labelled(
    {
        "complaint": "Complaint",
        "conduct_matter": "Recordable conduct matter",
        "dsi_matter": "Death or serious injury matter",
    }
)
class CaseType(LabelledEnum):
    COMPLAINT = "complaint"
    CONDUCT_MATTER = "conduct_matter"
    DSI_MATTER = "dsi_matter"

    @property
    def prefix(self) -> str:
        return {"complaint": "CO", "conduct_matter": "CM", "dsi_matter": "DSI"}[self.value]


@labelled(
    {
        "logged": "Logged",
        "initial_handling": "Outside Schedule 3",
        "recorded": "Recorded",
        "referred": "Referred to IOPC",
        "handling": "Handling (no investigation)",
        "investigation": "Under investigation",
        "suspended": "Suspended",
        "awaiting_decision": "Awaiting decision",
        "outcome_determined": "Outcome determined",
        "outcome_notified": "Outcome notified",
        "under_review": "Under review",
        "finalised": "Finalised",
        "withdrawn": "Withdrawn",
    }
)
class CaseState(LabelledEnum):
    LOGGED = "logged"
    INITIAL_HANDLING = "initial_handling"
    RECORDED = "recorded"
    REFERRED = "referred"
    HANDLING = "handling"
    INVESTIGATION = "investigation"
    SUSPENDED = "suspended"
    AWAITING_DECISION = "awaiting_decision"
    OUTCOME_DETERMINED = "outcome_determined"
    OUTCOME_NOTIFIED = "outcome_notified"
    UNDER_REVIEW = "under_review"
    FINALISED = "finalised"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        return self not in (CaseState.FINALISED, CaseState.WITHDRAWN)

    @property
    def in_investigation(self) -> bool:
        return self in INVESTIGATION_STATES

    @property
    def awaits_handling_decision(self) -> bool:
        """Logged and not yet handled either way: first contact comes now (A2)."""
        return self == CaseState.LOGGED

    @property
    def outside_schedule_3(self) -> bool:
        return self == CaseState.INITIAL_HANDLING

    @property
    def tag_colour(self) -> str:
        """GOV.UK tag colour for the state badge (the text says the state too)."""
        return _TAG_COLOURS.get(self.value, "grey")


_TAG_COLOURS = {
    "logged": "light-blue",
    "initial_handling": "turquoise",
    "recorded": "blue",
    "referred": "purple",
    "handling": "turquoise",
    "investigation": "orange",
    "suspended": "yellow",
    "awaiting_decision": "pink",
    "outcome_determined": "pink",
    "outcome_notified": "green",
    "under_review": "red",
    "finalised": "grey",
    "withdrawn": "grey",
}

# Named sets of states: the one place each is defined, each named for what it means. ----

S = CaseState
# Not finalised or withdrawn: on someone's list of work.
OPEN_STATES = tuple(state for state in CaseState if state.is_open)
# Recorded under Schedule 3 (or a conduct or DSI matter), from recording until finalised.
RECORDED_STATES = frozenset(
    {
        S.RECORDED,
        S.REFERRED,
        S.HANDLING,
        S.INVESTIGATION,
        S.SUSPENDED,
        S.AWAITING_DECISION,
        S.OUTCOME_DETERMINED,
        S.OUTCOME_NOTIFIED,
        S.UNDER_REVIEW,
    }
)
# Being investigated: the investigation is under way or suspended, its report not yet in.
# The 12-month and 6-monthly reports are owed only until then (PRA Sch 3 para 20A).
INVESTIGATION_STATES = frozenset({S.INVESTIGATION, S.SUSPENDED})
# Allegations' results may be recorded: handled outside Schedule 3, handled otherwise than
# by investigation, or the investigation report is in.
RESULT_STATES = frozenset({S.INITIAL_HANDLING, S.HANDLING, S.AWAITING_DECISION})
# The outcome has been determined and the case is not yet finalised: allegations and
# results are fixed.
OUTCOME_REACHED_STATES = frozenset({S.OUTCOME_DETERMINED, S.OUTCOME_NOTIFIED, S.UNDER_REVIEW})
# A subject's conduct outcome may be recorded: from handling or investigation onwards, and
# after finalising too, since misconduct hearings often end months after the complaint.
CONDUCT_OUTCOME_STATES = (RECORDED_STATES - {S.RECORDED, S.REFERRED}) | {S.FINALISED}
# The complainant is owed an update every 28 days: from the start of handling until the
# outcome is notified (reg 33; A5).
UPDATES_OWED_STATES = (RECORDED_STATES | {S.INITIAL_HANDLING}) - {
    S.OUTCOME_NOTIFIED,
    S.UNDER_REVIEW,
}
# An update letter may be sent: whenever updates are owed, and before handling starts.
UPDATE_LETTER_STATES = UPDATES_OWED_STATES | {S.LOGGED}
# An acknowledgement may be sent: any time before the outcome is reached.
ACKNOWLEDGEMENT_STATES = (RECORDED_STATES | {S.LOGGED, S.INITIAL_HANDLING}) - OUTCOME_REACHED_STATES
# The outcome has been notified: a Schedule 3 outcome letter may be sent (again).
NOTIFIED_STATES = frozenset({S.OUTCOME_NOTIFIED, S.UNDER_REVIEW, S.FINALISED})
# States a complaint alone can be in (conduct and DSI matters have no complainant).
COMPLAINT_ONLY_STATES = frozenset(
    {S.LOGGED, S.INITIAL_HANDLING, S.OUTCOME_NOTIFIED, S.UNDER_REVIEW, S.WITHDRAWN}
)


@labelled(
    {
        "explanation": "Explanation",
        "apology": "Apology",
        "put_right": "Putting things right",
        "no_further_action": "No further action",
        "rprp": "Reflective practice review process (RPRP)",
        "performance": "Unsatisfactory performance procedures",
        "misconduct_meeting": "Misconduct meeting",
        "misconduct_hearing": "Misconduct hearing",
        "accelerated_hearing": "Accelerated misconduct hearing",
        "individual_learning": "Individual learning",
        "organisational_learning": "Organisational learning",
    }
)
class AllegationAction(LabelledEnum):
    """An action taken on an allegation (domain.md B3.5), as the IOPC counts them."""

    EXPLANATION = "explanation"
    APOLOGY = "apology"
    PUT_RIGHT = "put_right"
    NO_FURTHER_ACTION = "no_further_action"
    RPRP = "rprp"
    PERFORMANCE = "performance"
    MISCONDUCT_MEETING = "misconduct_meeting"
    MISCONDUCT_HEARING = "misconduct_hearing"
    ACCELERATED_HEARING = "accelerated_hearing"
    INDIVIDUAL_LEARNING = "individual_learning"
    ORGANISATIONAL_LEARNING = "organisational_learning"


@labelled(
    {
        "phone": "Telephone",
        "email": "Email",
        "letter": "Letter",
        "online": "Online form",
        "in_person": "In person",
        "via_opcc": "Via the OPCC",
        "via_iopc": "Via the IOPC",
        "internal": "Identified internally",
    }
)
class Channel(LabelledEnum):
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    ONLINE = "online"
    IN_PERSON = "in_person"
    VIA_OPCC = "via_opcc"
    VIA_IOPC = "via_iopc"
    INTERNAL = "internal"


@labelled(
    {
        "chief_constable": "Chief constable (PSD)",
        "pcc": "Police and crime commissioner (OPCC)",
    }
)
class AppropriateAuthority(LabelledEnum):
    CHIEF_CONSTABLE = "chief_constable"
    PCC = "pcc"


@labelled(
    {
        "complainant_wishes": "The complainant wishes it to be recorded",
        "aa_decided": "The appropriate authority decided to record it",
        "dissatisfied": "Complainant dissatisfied after initial handling",
        "mandatory": "Recording is mandatory (a trigger applies)",
    }
)
class RecordingReason(LabelledEnum):
    COMPLAINANT_WISHES = "complainant_wishes"
    AA_DECIDED = "aa_decided"
    DISSATISFIED_AFTER_INITIAL_HANDLING = "dissatisfied"
    MANDATORY = "mandatory"


@labelled({"mandatory": "Mandatory", "voluntary": "Voluntary", "call_in": "IOPC call-in"})
class ReferralType(LabelledEnum):
    MANDATORY = "mandatory"
    VOLUNTARY = "voluntary"
    CALL_IN = "call_in"


@labelled(
    {
        "outside_schedule_3": "Outside Schedule 3",
        "otherwise": "Otherwise than by investigation",
        "local": "Local investigation",
        "directed": "Directed investigation",
        "independent": "Independent investigation",
    }
)
class HandlingType(LabelledEnum):
    """domain.md B3.3: how a case was handled, as the IOPC counts it."""

    OUTSIDE_SCHEDULE_3 = "outside_schedule_3"
    OTHERWISE_THAN_BY_INVESTIGATION = "otherwise"
    LOCAL_INVESTIGATION = "local"
    DIRECTED_INVESTIGATION = "directed"
    INDEPENDENT_INVESTIGATION = "independent"


@labelled(
    {
        "service_acceptable": "Service acceptable",
        "service_not_acceptable": "Service not acceptable",
        "unable_to_determine": "Unable to determine",
        "no_further_action": "No further action",
        "resolved": "Resolved",
        "not_resolved": "Not resolved",
    }
)
class AllegationResult(LabelledEnum):
    SERVICE_ACCEPTABLE = "service_acceptable"
    SERVICE_NOT_ACCEPTABLE = "service_not_acceptable"
    UNABLE_TO_DETERMINE = "unable_to_determine"
    NO_FURTHER_ACTION = "no_further_action"
    RESOLVED = "resolved"
    NOT_RESOLVED = "not_resolved"

    @property
    def outside_schedule_3(self) -> bool:
        return self in (AllegationResult.RESOLVED, AllegationResult.NOT_RESOLVED)


@labelled(
    {
        "phone": "Telephone",
        "email": "Email",
        "letter": "Letter",
        "in_person": "In person",
        "video": "Video call",
    }
)
class ContactMethod(LabelledEnum):
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    IN_PERSON = "in_person"
    VIDEO = "video"


@labelled({"first_contact": "First contact", "update": "Update", "other": "Other contact"})
class ContactPurpose(LabelledEnum):
    FIRST_CONTACT = "first_contact"
    UPDATE = "update"
    OTHER = "other"


@labelled(
    {
        "first_contact": "First contact due",
        "update": "Complainant update due",
        "outcome_letter": "Outcome letter due",
        "review_window": "Review window closes",
        "twelve_month_report": "12-month investigation report due",
    }
)
class DeadlineKind(LabelledEnum):
    """The deadlines of domain.md A5 that a case can be waiting on, and first contact with
    the complainant (due the force's contact target after receipt)."""

    FIRST_CONTACT = "first_contact"
    UPDATE = "update"
    OUTCOME_LETTER = "outcome_letter"
    REVIEW_WINDOW = "review_window"
    TWELVE_MONTH_REPORT = "twelve_month_report"


# The answer every equality question offers beside its own (kept as this text).
PREFER_NOT_TO_SAY = "Prefer not to say"

# The optional equality questions a complainant may answer, as their answers are kept.
EQUALITY_FIELDS = (
    "age_band",
    "sex",
    "gender_reassignment",
    "ethnicity",
    "disability",
    "religion",
    "sexual_orientation",
)
