"""The checks each row of an extract must pass before anything is written: dates that
parse and come in order, words the mapping translates into our codes, and a historical
state that a case of its type can be in with the dates that state needs (the same facts
the database's CHECK constraints on ``cases`` demand)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from complaints.cases.choices import (
    OUTCOME_REACHED_STATES,
    RECORDED_STATES,
    AllegationAction,
    AllegationResult,
    CaseState,
    CaseType,
    Channel,
    HandlingType,
)
from complaints.cases.workflow import possible_states
from complaints.imports.mapping import Mapping
from complaints.imports.reading import RawRow
from complaints.subjects.models import SubjectKind

S = CaseState
# States an import does not bring in: each needs records an extract does not carry (an
# investigation's investigator and terms, a review's body and application). Such a case
# is entered by hand, or imported once it has moved on.
NOT_IMPORTED = {
    S.INVESTIGATION: "an investigation under way is entered by hand, not imported",
    S.SUSPENDED: "a suspended investigation is entered by hand, not imported",
    S.AWAITING_DECISION: "an investigation awaiting decision is entered by hand, not imported",
    S.UNDER_REVIEW: "a case under review is entered by hand, not imported",
}
SCHEDULE_3_HANDLING = frozenset(HandlingType) - {HandlingType.OUTSIDE_SCHEDULE_3}
# The dates of a case in the order they must come, with the words a refusal uses.
DATE_ORDER = (
    ("received_on", "date received"),
    ("logged_on", "date logged"),
    ("recorded_on", "date recorded"),
    ("referred_on", "date referred"),
    ("outcome_on", "date of outcome"),
    ("notified_on", "date notified"),
    ("finalised_on", "date finalised"),
)
DATE_WORDS = dict(DATE_ORDER) | {
    "first_contact_on": "date of first contact",
    "withdrawn_on": "date withdrawn",
    "incident_on": "date of incident",
}


@dataclass
class Row:
    """One row as our values, with every reason it cannot be imported."""

    number: int
    legacy_reference: str
    reasons: list[str] = field(default_factory=list)
    case_type: CaseType | None = None
    state: CaseState | None = None
    channel: Channel | None = None
    handling: HandlingType | None = None
    dates: dict[str, dt.date] = field(default_factory=dict)
    category_id: int | None = None
    category_code: str = ""
    result: AllegationResult | None = None
    actions: tuple[AllegationAction, ...] = ()
    subject_kind: SubjectKind | None = None
    cells: dict[str, str] = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        return bool(self.reasons)

    def text(self, name: str) -> str:
        return self.cells.get(name, "")


def _word(row: Row, mapping: Mapping, name: str, words: str, enum: type, *, required: bool = False):
    raw = row.text(name)
    if not raw:
        if required:
            row.reasons.append(f"no {words}")
        return None
    code = mapping.translate(name, raw)
    try:
        return enum(code)
    except ValueError:
        row.reasons.append(f"unknown {words} '{raw}'")
        return None


@functools.lru_cache(maxsize=65536)
def parse_date(raw: str, formats: tuple[str, ...]) -> dt.date | None:
    """The day a cell names in the first of the mapping's formats that reads it (cached:
    an extract's dates repeat, and ``strptime`` is slow)."""
    for pattern in formats:
        try:
            return dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    return None


def _date(row: Row, mapping: Mapping, name: str, today: dt.date) -> dt.date | None:
    raw = row.text(name)
    if not raw:
        return None
    day = parse_date(raw, mapping.date_formats)
    if day is None:
        row.reasons.append(f"{DATE_WORDS[name]} '{raw}' is not a date")
    elif day > today:
        row.reasons.append(f"{DATE_WORDS[name]} {raw} is in the future")
        return None
    return day


def check_row(raw: RawRow, mapping: Mapping, categories: dict[str, int], today: dt.date) -> Row:
    """Our values for one row, and every reason it cannot be imported (none if it can)."""
    row = Row(number=raw.number, legacy_reference=raw.get("legacy_reference"), cells=raw.cells)
    if not row.legacy_reference:
        row.reasons.append("no legacy reference")
    elif len(row.legacy_reference) > 40:
        row.reasons.append("legacy reference longer than 40 characters")
    row.case_type = _word(row, mapping, "case_type", "case type", CaseType, required=True)
    row.state = _word(row, mapping, "state", "state", CaseState, required=True)
    row.channel = _word(row, mapping, "channel", "channel", Channel)
    row.handling = _word(row, mapping, "handling", "handling", HandlingType)
    row.result = _word(row, mapping, "result", "result", AllegationResult)
    row.subject_kind = _word(row, mapping, "subject_kind", "kind of subject", SubjectKind)
    _actions(row, mapping)
    _category(row, mapping, categories)
    for name in DATE_WORDS:
        day = _date(row, mapping, name, today)
        if day is not None:
            row.dates[name] = day
    for name in ("received_on", "logged_on"):
        if name not in row.dates and not row.text(name):
            row.reasons.append(f"missing {DATE_WORDS[name]}")
    if row.case_type is not None and row.state is not None:
        _state(row)
    _order(row)
    if row.case_type == CaseType.COMPLAINT and not row.text("complainant_family_name"):
        row.reasons.append("a complaint needs its complainant's family name")
    return row


def _actions(row: Row, mapping: Mapping) -> None:
    found = []
    for word in filter(
        None, (w.strip() for w in row.text("actions").split(mapping.list_separator))
    ):
        code = mapping.translate("actions", word)
        try:
            found.append(AllegationAction(code))
        except ValueError:
            row.reasons.append(f"unknown action '{word}'")
    row.actions = tuple(dict.fromkeys(found))


def _category(row: Row, mapping: Mapping, categories: dict[str, int]) -> None:
    raw = row.text("category")
    if not raw:
        row.reasons.append("no category")
        return
    code = mapping.translate("category", raw)
    if code.upper() not in categories:
        row.reasons.append(f"unknown category '{raw}'")
        return
    row.category_code = code.upper()
    row.category_id = categories[row.category_code]


def _state(row: Row) -> None:
    """The state must be one a case of its type can be in, carry the dates it needs, and
    agree with the handling and result given."""
    state, kind = row.state, row.case_type
    assert state is not None and kind is not None
    if state not in possible_states(kind):
        row.reasons.append(f"a {kind.label.lower()} cannot be '{state.label.lower()}'")
        return
    if state in NOT_IMPORTED:
        row.reasons.append(NOT_IMPORTED[state])
        return
    needs = []
    if kind == CaseType.COMPLAINT and (
        state in RECORDED_STATES or row.handling in SCHEDULE_3_HANDLING
    ):
        needs.append("recorded_on")
    if state == S.REFERRED:
        needs.append("referred_on")
    if state in OUTCOME_REACHED_STATES:
        needs.append("outcome_on")
    if state == S.OUTCOME_NOTIFIED:
        needs.append("notified_on")
    if state == S.FINALISED:
        needs.append("finalised_on")
    if state == S.WITHDRAWN:
        needs.append("withdrawn_on")
    for name in needs:
        if name not in row.dates and not row.text(name):
            row.reasons.append(f"missing {DATE_WORDS[name]} for a case {state.label.lower()}")
    outside = state == S.INITIAL_HANDLING or row.handling == HandlingType.OUTSIDE_SCHEDULE_3
    if outside and state in RECORDED_STATES:
        row.reasons.append("handled outside Schedule 3 but in a recorded state")
    if row.result is not None:
        if state not in OUTCOME_REACHED_STATES | {S.FINALISED}:
            row.reasons.append(f"a result while the case is {state.label.lower()}")
        elif row.result.outside_schedule_3 != outside:
            row.reasons.append(f"result '{row.result.label.lower()}' does not fit the handling")


def _order(row: Row) -> None:
    earlier: tuple[str, dt.date] | None = None
    for name, words in DATE_ORDER:
        day = row.dates.get(name)
        if day is None:
            continue
        if earlier is not None and day < earlier[1]:
            row.reasons.append(f"{words} is before {DATE_WORDS[earlier[0]]}")
        else:
            earlier = (name, day)
    received, logged = row.dates.get("received_on"), row.dates.get("logged_on")
    withdrawn, contacted = row.dates.get("withdrawn_on"), row.dates.get("first_contact_on")
    if withdrawn and logged and withdrawn < logged:
        row.reasons.append("date withdrawn is before date logged")
    if contacted and received and contacted < received:
        row.reasons.append("date of first contact is before date received")
