"""The question pages of the public complaint form, in order: which apply to whom, and how
each answer reads on the "Check your answers" page.

The order and the rules live here, so the pages, the check page and the tests agree on
what a complete set of answers is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from complaints.cases.choices import EQUALITY_FIELDS
from complaints.common.pdfdoc import long_date

Answers = dict[str, object]

CONTACT_WAYS = (("email", "By email"), ("letter", "By post"), ("phone", "By phone"))
MOST_FILES = 5


@dataclass(frozen=True)
class Question:
    slug: str
    title: str  # the page's heading, and the row's key on the check page
    applies: Callable[[Answers, int], bool] = lambda answers, forces: True


def _several_forces(answers: Answers, forces: int) -> bool:
    return forces > 1


def _for_someone_else(answers: Answers, forces: int) -> bool:
    return answers.get("for_whom") == "someone_else"


QUESTIONS: tuple[Question, ...] = (
    Question("force", "Which police force", _several_forces),
    Question("who", "Who the complaint is for"),
    Question("you", "About you"),
    Question("them", "The person you are complaining for", _for_someone_else),
    Question("contact", "How to contact you"),
    Question("what", "What happened"),
    Question("when", "When and where"),
    Question("involved", "Who was involved"),
    Question("files", "Photos, videos or documents"),
    Question("outcome", "What you would like to happen"),
    Question("before", "Complained before"),
    Question("needs", "Help you need from us"),
    Question("equality", "About you: optional questions"),
)
BY_SLUG = {q.slug: q for q in QUESTIONS}


def asked(answers: Answers, forces: int) -> list[Question]:
    """The pages this person is asked, in order."""
    return [q for q in QUESTIONS if q.applies(answers, forces)]


def next_after(slug: str, answers: Answers, forces: int) -> str | None:
    """The slug of the page after ``slug``, or None for the check page."""
    pages = [q.slug for q in asked(answers, forces)]
    if slug not in pages:
        return pages[0]
    index = pages.index(slug)
    return pages[index + 1] if index + 1 < len(pages) else None


def first_unanswered(answers: Answers, forces: int) -> str | None:
    """The first page still to answer, or None when every page asked has been answered."""
    done = answers.get("_pages") or []
    for question in asked(answers, forces):
        if question.slug not in done:
            return question.slug
    return None


@dataclass(frozen=True)
class Row:
    key: str
    value: str
    slug: str  # the page to change it on


def rows(answers: Answers, forces: int, force_names: dict[str, str]) -> list[Row]:
    """The answers as the check page lists them, each with the page that changes it."""
    a = answers
    found: list[Row] = []

    def add(key: str, value: object, slug: str) -> None:
        found.append(Row(key, _words(value), slug))

    if forces > 1:
        add("Police force", force_names.get(str(a.get("force")), ""), "force")
    add(
        "Complaint for",
        "Me" if a.get("for_whom") == "myself" else "Someone else",
        "who",
    )
    add(
        "Your name",
        " ".join(str(a.get(k) or "") for k in ("title", "given_name", "family_name")),
        "you",
    )
    add("Date of birth", a.get("date_of_birth"), "you")
    if _for_someone_else(a, forces):
        add(
            "Their name",
            f"{a.get('their_given_name', '')} {a.get('their_family_name', '')}",
            "them",
        )
        add("How you know them", a.get("relationship"), "them")
    add("Email address", a.get("email"), "contact")
    add("Phone number", a.get("phone"), "contact")
    add(
        "Postal address",
        "\n".join(filter(None, [str(a.get("address") or ""), str(a.get("postcode") or "")])),
        "contact",
    )
    add("Contact you", dict(CONTACT_WAYS).get(str(a.get("contact_by")), ""), "contact")
    add("What happened", a.get("what_happened"), "what")
    add("When", a.get("incident_on") or "Not known", "when")
    add("Where", a.get("place"), "when")
    involved = "I do not know" if a.get("involved_unknown") else a.get("involved")
    add("Who was involved", involved, "involved")
    files = a.get("files") or []
    add("Files", "\n".join(f["name"] for f in files) or "None", "files")
    add("What you would like to happen", a.get("wanted_outcome"), "outcome")
    before = a.get("complained_before")
    add("Complained before", {"yes": "Yes", "no": "No"}.get(str(before), ""), "before")
    if before == "yes":
        add("Earlier reference", a.get("earlier_reference"), "before")
    add("Help you need", a.get("needs"), "needs")
    answered = [k for k in EQUALITY_FIELDS if a.get(k)]
    add(
        "Optional questions",
        f"{len(answered)} of {len(EQUALITY_FIELDS)} answered" if answered else "Not answered",
        "equality",
    )
    return found


def _words(value: object) -> str:
    if value is None or value == "":
        return "Not given"
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
        try:
            return long_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value).strip() or "Not given"
