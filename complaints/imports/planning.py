"""What an import would do, row by row, before it does anything: each row is created (a
new case, or one more allegation of a case begun on an earlier row), already imported
(its legacy reference is held: left as it is), or refused with its reasons. Subjects are
matched to the force's people by collar or staff number; a person new to the force is
made once however many rows name them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.cases.choices import CaseType
from complaints.cases.models import Case, Complainant
from complaints.common.folding import fold
from complaints.imports.mapping import Mapping
from complaints.imports.reading import rows as read_rows
from complaints.imports.validation import Row, check_row
from complaints.reference.models import AllegationCategory
from complaints.subjects.models import SubjectIdentity

CREATE, EXISTS, REFUSE = "create", "already imported", "refused"
CHUNK = 500  # values in one IN list


@dataclass(frozen=True)
class Line:
    """One row of the report."""

    row: int
    legacy_reference: str
    outcome: str
    notes: tuple[str, ...]

    def text(self) -> str:
        return f"row {self.row} {self.legacy_reference or '(none)'}: {self.outcome}: " + "; ".join(
            self.notes
        )


@dataclass
class NewSubject:
    """A person the force does not know yet, made once for every row that names them."""

    key: tuple[str, str]  # ("collar", "1234") or ("staff", "S123") or ("row", "7")
    row: Row
    subject_id: int | None = None
    identity_id: int | None = None


@dataclass
class Plan:
    lines: list[Line] = field(default_factory=list)
    cases: list[list[Row]] = field(default_factory=list)  # each case's rows, first first
    # Per row number to be created: the matched (subject id, identity id) or NewSubject.
    subjects: dict[int, tuple[int, int] | NewSubject] = field(default_factory=dict)
    new_subjects: list[NewSubject] = field(default_factory=list)
    rows: int = 0

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def refused(self) -> int:
        return self.count(REFUSE)

    @property
    def already_imported(self) -> int:
        return self.count(EXISTS)

    @property
    def allegations(self) -> int:
        return sum(len(rows) for rows in self.cases)

    def summary(self) -> str:
        return (
            f"{self.rows} rows: {len(self.cases)} cases with {self.allegations} allegations "
            f"to create, {len(self.new_subjects)} new subjects, "
            f"{self.already_imported} rows already imported, {self.refused} refused"
        )


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def categories(session: Session) -> dict[str, int]:
    """Every category by code, the legacy pre-2020 ones and those deactivated included:
    history keeps the category it was given."""
    found = session.execute(select(AllegationCategory.code, AllegationCategory.id))
    return {code.upper(): id_ for code, id_ in found}


def existing(session: Session, force_id: int, references: Iterable[str]) -> dict[str, str]:
    """The force's cases already imported under these legacy references: legacy -> ours."""
    found: dict[str, str] = {}
    for chunk in _chunks(sorted(set(references))):
        query = select(Case.legacy_reference, Case.reference).where(
            Case.force_id == force_id, Case.legacy_reference.in_(chunk)
        )
        found.update({legacy: ours for legacy, ours in session.execute(query)})
    return found


def _people(session: Session, force_id: int, column, numbers: set[str]) -> dict[str, tuple]:
    found: dict[str, tuple[int, int]] = {}
    for chunk in _chunks(sorted(numbers)):
        query = (
            select(column, SubjectIdentity.subject_id, SubjectIdentity.id)
            .where(
                SubjectIdentity.force_id == force_id,
                SubjectIdentity.valid_to.is_(None),
                column.in_(chunk),
            )
            .order_by(SubjectIdentity.id)
        )
        for number, subject_id, identity_id in session.execute(query):
            found.setdefault(number, (subject_id, identity_id))
    return found


def _person(row: Row) -> tuple[str, str, str]:
    """A complainant as matching sees them: folded name, email, postcode without spaces."""
    name = fold(f"{row.text('complainant_given_name')} {row.text('complainant_family_name')}")
    return (
        name,
        row.text("complainant_email").casefold(),
        _postcode(row.text("complainant_postcode")),
    )


def _postcode(text: str | None) -> str:
    """A postcode as matching compares it, in capitals without spaces: held and imported
    ones are typed every way."""
    return "".join((text or "").split()).upper()


def _complainants(session: Session, force_id: int, names: set[str]) -> dict[str, list]:
    """The force's complainants with these folded names: name -> (email, postcode, case)."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for chunk in _chunks(sorted(names)):
        query = (
            select(Complainant.search_name, Complainant.email, Complainant.postcode, Case.reference)
            .join(Case, Complainant.case_id == Case.id)
            .where(Case.force_id == force_id, Complainant.search_name.in_(chunk))
            .order_by(Case.id)
        )
        for name, email, postcode, reference in session.execute(query):
            found.setdefault(name, []).append(
                ((email or "").casefold(), _postcode(postcode), reference)
            )
    return found


def plan(session: Session, data: bytes, mapping: Mapping, force_id: int, today: dt.date) -> Plan:
    """The report and the work of importing ``data``, reading the database and writing
    nothing."""
    known = categories(session)
    checked = [check_row(raw, mapping, known, today) for raw in read_rows(data, mapping)]
    result = Plan(rows=len(checked))
    held = existing(session, force_id, (r.legacy_reference for r in checked if r.legacy_reference))
    groups: dict[str, list[Row]] = {}
    for row in checked:
        if row.legacy_reference and row.legacy_reference not in held:
            groups.setdefault(row.legacy_reference, []).append(row)
    refused_with: dict[str, int] = {}
    for ref, rows in groups.items():
        first = rows[0]
        for row in rows[1:]:
            if not first.refused and (row.case_type, row.state) != (first.case_type, first.state):
                row.reasons.append(f"case type or state differs from row {first.number}")
        bad = next((r for r in rows if r.refused), None)
        if bad is not None:
            refused_with[ref] = bad.number
    collars = {r.text("subject_collar_number") for r in checked} - {""}
    staff = {r.text("subject_staff_number") for r in checked} - {""}
    by_collar = _people(session, force_id, SubjectIdentity.collar_number, collars)
    by_staff = _people(session, force_id, SubjectIdentity.staff_number, staff)
    new_by_key: dict[tuple[str, str], NewSubject] = {}
    named = {_person(r)[0] for r in checked if r.case_type == CaseType.COMPLAINT} - {""}
    on_file = _complainants(session, force_id, named)
    seen_people: dict[tuple[str, str, str], int] = {}
    first_row: dict[str, int] = {}
    case_rows: dict[str, list[Row]] = {}
    for row in checked:
        ref = row.legacy_reference
        if ref in held:
            result.lines.append(
                Line(row.number, ref, EXISTS, (f"already imported as {held[ref]}: unchanged",))
            )
            continue
        if row.refused or ref in refused_with:
            reasons = list(row.reasons)
            if not reasons:
                reasons = [f"row {refused_with[ref]} of the same case is refused"]
            result.lines.append(Line(row.number, ref, REFUSE, tuple(reasons)))
            continue
        notes = []
        if ref not in first_row:
            first_row[ref] = row.number
            assert row.case_type and row.state
            notes.append(f"new {row.case_type.label.lower()}, {row.state.label.lower()}")
            if row.case_type == CaseType.COMPLAINT:
                notes.append(_complainant_note(row, on_file, seen_people))
        else:
            notes.append(f"another allegation of the case on row {first_row[ref]}")
        notes.append(f"allegation category {row.category_code}")
        notes.append(_subject(row, result, by_collar, by_staff, new_by_key))
        result.lines.append(Line(row.number, ref, CREATE, tuple(notes)))
        if row.number == first_row[ref]:
            case_rows[ref] = [row]
            result.cases.append(case_rows[ref])
        else:
            case_rows[ref].append(row)
    return result


def _keys(name: str, email: str, postcode: str) -> list[tuple[str, str, str]]:
    """What makes two complainants one person: the same name with the same email, or with
    the same postcode."""
    return [
        (kind, name, value) for kind, value in (("email", email), ("postcode", postcode)) if value
    ]


def _complainant_note(row: Row, on_file: dict[str, list], seen: dict[tuple, int]) -> str:
    """Each imported complaint has its own complainant record, as intake makes one; the
    report says where the same person is already on the force's cases, or on an earlier
    row, so they can be linked."""
    name, email, postcode = _person(row)
    keys = _keys(name, email, postcode)
    known = next(
        (
            case
            for mail, code, case in on_file.get(name, ())
            if set(_keys(name, mail, code)) & set(keys)
        ),
        None,
    )
    earlier = next((seen[key] for key in keys if key in seen), None)
    for key in keys:
        seen.setdefault(key, row.number)
    if known is not None:
        return f"complainant matched on {known}"
    if earlier is not None:
        return f"complainant as on row {earlier}"
    return "new complainant"


def _subject(row: Row, result: Plan, by_collar, by_staff, new_by_key) -> str:
    collar, staff = row.text("subject_collar_number"), row.text("subject_staff_number")
    names = row.text("subject_family_name") or row.text("subject_given_name")
    if not (collar or staff or names or row.subject_kind):
        return "no subject"
    if collar and collar in by_collar:
        result.subjects[row.number] = by_collar[collar]
        return f"subject matched by collar number {collar}"
    if staff and staff in by_staff:
        result.subjects[row.number] = by_staff[staff]
        return f"subject matched by staff number {staff}"
    key = ("collar", collar) if collar else ("staff", staff) if staff else ("row", str(row.number))
    if key in new_by_key:
        result.subjects[row.number] = new_by_key[key]
        return f"subject as on row {new_by_key[key].row.number}"
    person = NewSubject(key, row)
    new_by_key[key] = person
    result.new_subjects.append(person)
    result.subjects[row.number] = person
    if key[0] == "row":
        kind = row.subject_kind.label.lower() if row.subject_kind else "no number"
        return f"new subject ({kind})"
    return f"new subject ({key[0]} number {key[1]})"
