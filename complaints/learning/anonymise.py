"""Taking people out of a lesson's words before it goes to the whole workforce.

A lesson is written by someone who knew the case: it may name the complainant, the
officer, a colleague, quote a case reference, a collar number or the day it happened.
The bulletin keeps what was learned and drops who and when. Everything the database
knows that identifies someone is removed (every complainant, representative, subject
identity and user name; every case and IOPC reference; every collar and staff number),
and so is anything that merely looks like a reference, a collar number or a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

NAME = "[name]"
CASE = "a case"
NUMBER = "[number]"
DATE = "[date]"
EMAIL = "[email]"

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_WEEKDAYS = (
    "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    "|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_MONTH = rf"(?:{_MONTHS})\.?"
_YEAR = r"(?:19|20)\d\d"
_WEEKDAY = rf"(?:(?:{_WEEKDAYS}),?\s+(?:the\s+)?)?"

# Case references of every type (A1), however they are spaced.
_REFERENCE = re.compile(r"\b(?:CO|CM|DSI)\s*/\s*\d{4}\s*/\s*\d{1,6}\b", re.IGNORECASE)
# Numbers written after the words that introduce a collar, staff or warrant number or a
# rank: "PC 1234", "collar number 1234", "staff no. NS0042", "#4711".
_NUMBER_AFTER = re.compile(
    r"(?P<lead>\b(?:collar|staff|warrant|shoulder|payroll|badge|employee)"
    r"(?:\s+(?:number|no\.?|num\.?))?\s*[:#]?\s*"
    r"|\b(?:PC|DC|PS|DS|Sgt|PCSO|SC|Insp|DI|DCI|CI|Supt)\.?\s*[:#]?\s*|#\s*)"
    r"(?P<number>[A-Z]{0,3}\d{2,8})\b",
    re.IGNORECASE,
)
_DATES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b\d{4}-\d{1,2}-\d{1,2}\b",  # 2026-03-27
        r"\b\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}\b",  # 27/3/2026, 27.03.26
        rf"\b{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b",  # 27th of March 2026
        rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b",  # March 27, 2026
        rf"\b{_MONTH}\s+{_YEAR}\b",  # March 2026
        rf"\b(?:{_WEEKDAYS})\s+(?:the\s+)?{_DAY}\b(?=\s|[,.;:)]|$)",  # Tuesday the 3rd
    )
]
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_REPEATS = re.compile(r"\[name\](?:[\s,]+(?:and\s+)?\[name\])+")
# Single name parts shorter than this are too likely to be ordinary words or initials.
_MIN_PART = 2
# Collar and staff numbers from the database shorter than this would hit everyday numbers.
_MIN_NUMBER = 3


@dataclass(frozen=True)
class Known:
    """What the database knows that identifies someone."""

    names: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()


class Anonymiser:
    """Rewrites free text with neutral words in place of people, cases and dates."""

    def __init__(self, known: Known) -> None:
        full, parts = _name_forms(known.names)
        self._full = _alternation(full, re.IGNORECASE)
        self._parts = _alternation(parts, 0)
        self._references = _alternation(
            {r.strip() for r in known.references if r and r.strip()}, re.IGNORECASE
        )
        self._numbers = _alternation(
            {n.strip() for n in known.numbers if n and len(n.strip()) >= _MIN_NUMBER},
            re.IGNORECASE,
        )

    def __call__(self, text: str | None) -> str:
        if not text:
            return ""
        text = _EMAIL.sub(EMAIL, text)
        if self._references:
            text = self._references.sub(CASE, text)
        text = _REFERENCE.sub(CASE, text)
        text = _NUMBER_AFTER.sub(lambda m: m.group("lead") + NUMBER, text)
        if self._numbers:
            text = self._numbers.sub(NUMBER, text)
        for pattern in _DATES:
            text = pattern.sub(DATE, text)
        if self._full:
            text = self._full.sub(NAME, text)
        if self._parts:
            text = self._parts.sub(NAME, text)
        return _REPEATS.sub(NAME, text)


def _name_forms(names: Iterable[str]) -> tuple[set[str], set[str]]:
    """Whole names (matched in any case) and their single parts, matched as written,
    capitalised or in capitals, so that 'Will' the person goes and 'will' the verb stays."""
    full: set[str] = set()
    parts: set[str] = set()
    for name in names:
        words = (name or "").split()
        if not words:
            continue
        if len(words) > 1:
            full.add(" ".join(words))
        for word in words:
            for piece in {word, *re.split(r"[-']", word)}:
                piece = piece.strip(".,")
                if len(piece) < _MIN_PART or not any(c.isalpha() for c in piece):
                    continue
                if any(c.isdigit() for c in piece):
                    continue
                parts |= {piece, piece[:1].upper() + piece[1:].lower(), piece.upper()}
    return full, parts


def _alternation(terms: Iterable[str], flags: int) -> re.Pattern[str] | None:
    """One pattern matching any of the terms as whole words, longest first."""
    ordered = sorted(set(terms), key=lambda t: (-len(t), t))
    if not ordered:
        return None
    body = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in ordered)
    return re.compile(rf"(?<![\w]){'(?:' + body + ')'}(?![\w])", flags)


def known_in(session: Session) -> Known:
    """Everything in the database that names or numbers a person or a case."""
    from complaints.auth.models import User
    from complaints.cases.models import Case, Complainant, Representative
    from complaints.subjects.models import SubjectIdentity

    names: list[str] = []
    for given, family in session.execute(select(Complainant.given_name, Complainant.family_name)):
        names += [f"{given} {family}", given, family]
    names += session.scalars(select(Representative.name))
    for given, family in session.execute(
        select(SubjectIdentity.given_name, SubjectIdentity.family_name)
    ):
        names += [f"{given or ''} {family or ''}", given or "", family or ""]
    names += session.scalars(select(User.full_name))
    references: list[str] = list(session.scalars(select(Case.reference)))
    references += [r for r in session.scalars(select(Case.iopc_reference)) if r]
    numbers: list[str] = []
    for collar, staff in session.execute(
        select(SubjectIdentity.collar_number, SubjectIdentity.staff_number)
    ):
        numbers += [n for n in (collar, staff) if n]
    return Known(tuple(names), tuple(references), tuple(numbers))


def anonymiser_for(session: Session) -> Anonymiser:
    return Anonymiser(known_in(session))
