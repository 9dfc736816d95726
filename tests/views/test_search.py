"""Search (issue item 9): by reference, complainant name, subject name or number, and words
in the summary; inside what the user may see, and never written to the audit trail."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases import services as casework
from complaints.common.audit_model import AuditEvent
from complaints.subjects import services as subjects
from tests import factories
from tests.conftest import sign_in


def _found(client, text: str, cases: dict) -> set[str]:
    response = client.get("/cases/?q=" + quote(text))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return {name for name, case in cases.items() if f'href="/cases/{case.id}"' in page}


@pytest.fixture()
def world(db, make_user):
    handler = make_user(Role.HANDLER)
    aa = make_user(Role.APPROPRIATE_AUTHORITY)
    oversight = make_user(Role.OPCC_OVERSIGHT)
    moved = factories.subject(db, family_name="Brennan", collar="4471")
    subjects.change_identity(
        db,
        factories.actor_for(aa),
        moved,
        subjects.IdentityDetails(
            given_name="Sam", family_name="Brennan-Hart", rank="PS", collar_number="9120"
        ),
        on=dt.date(2024, 6, 1),
        now=factories.NOW,
    )
    cases = {
        "quill": factories.complaint(
            db,
            handler=handler,
            complainant=("Zebedee", "Quillfeather"),
            summary="Officer was rude at the front counter",
        ),
        "parking": factories.complaint(
            db,
            handler=handler,
            complainant=("Ada", "Lovelace"),
            summary="Warden ignored the disabled parking bay",
            subject_=moved,
        ),
        "secret": factories.complaint(  # restricted, and this handler is not named on it
            db,
            complainant=("Zebedee", "Quillfeather"),
            summary="Rude officer in the custody suite",
            subject_=moved,
        ),
    }
    a = factories.actor_for(aa)
    casework.restrict(db, a, cases["secret"], "Counter-corruption material", factories.NOW)
    for name in ("quill", "parking"):  # oversight's dip sample: the cases they may read
        casework.grant_access(db, a, cases[name], oversight, "dip sample", factories.NOW)
    db.commit()
    return {"handler": handler, "aa": aa, "oversight": oversight, "moved": moved}, cases


@pytest.mark.parametrize(
    "text, expected",
    [
        ("quillfeather", {"quill"}),
        ("ZEBEDEE", {"quill"}),
        ("zebedee quill", {"quill"}),
        ("Ada Lovelace", {"parking"}),
        ("zebedee lovelace", set()),  # both words must fit the same person
        ("disabled parking", {"parking"}),
        ("rude counter", {"quill"}),
    ],
)
def test_handler_finds_cases_by_complainant_name_and_summary(client, world, text, expected):
    people, cases = world
    sign_in(client, people["handler"].email)
    assert _found(client, text, cases) == expected


@pytest.mark.parametrize("text", ["4471", "9120", "Brennan", "brennan-hart", "sam brennan"])
def test_subject_found_by_current_or_former_name_and_collar_number(client, world, text):
    people, cases = world
    sign_in(client, people["handler"].email)
    assert _found(client, text, cases) == {"parking"}


def test_collar_number_must_match_whole(client, world):
    people, cases = world
    sign_in(client, people["handler"].email)
    assert _found(client, "447", cases) == set()


def test_reference_exact_or_prefix(client, world):
    people, cases = world
    sign_in(client, people["handler"].email)
    reference = cases["parking"].reference
    assert _found(client, reference.lower(), cases) == {"parking"}
    prefix = reference.rsplit("/", 1)[0] + "/"
    assert _found(client, prefix, cases) == {"quill", "parking"}
    kind, year, number = reference.split("/")
    assert _found(client, f"{kind}/{year}/{int(number)}", cases) == {"parking"}


def test_oversight_cannot_find_cases_by_complainant_name(client, world):
    people, cases = world
    sign_in(client, people["oversight"].email)
    assert _found(client, "Quillfeather", cases) == set()
    assert _found(client, "Ada Lovelace", cases) == set()
    # The same cases are found by what oversight may search for.
    assert _found(client, cases["quill"].reference, cases) == {"quill"}
    assert _found(client, "disabled parking", cases) == {"parking"}
    assert _found(client, "4471", cases) == {"parking"}


def test_search_label_says_what_is_searched(client, world):
    people, _ = world
    sign_in(client, people["handler"].email)
    page = client.get("/cases/").get_data(as_text=True)
    assert "Reference, complainant or subject name, collar or staff number" in page
    client.post("/sign-out")
    sign_in(client, people["oversight"].email)
    page = client.get("/cases/").get_data(as_text=True)
    assert "Reference, subject name, collar or staff number" in page
    assert "complainant" not in page.lower()


@pytest.mark.parametrize(
    "text", ["Quillfeather", "custody suite", "9120", "4471", "Brennan", "rude officer"]
)
def test_search_never_returns_a_restricted_case_to_someone_not_named(client, world, text):
    people, cases = world
    sign_in(client, people["handler"].email)
    assert "secret" not in _found(client, text, cases)


def test_restricted_case_is_found_by_those_named_on_it(client, world):
    people, cases = world
    sign_in(client, people["aa"].email)  # restricted it, so named on it
    assert "secret" in _found(client, "custody suite", cases)
    assert "secret" in _found(client, cases["secret"].reference, cases)
    assert _found(client, "zebedee", cases) == {"quill", "secret"}


def test_search_text_is_never_written_to_the_audit_trail(client, world, db):
    people, cases = world
    sign_in(client, people["handler"].email)
    assert _found(client, "Quillfeather", cases) == {"quill"}
    events = db.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "case_list", AuditEvent.actor_id == people["handler"].id
        )
    ).all()
    assert events, "the search itself is audited"
    for event in events:
        text = f"{event.summary} {event.changes}".lower()
        assert "quillfeather" not in text


@pytest.mark.parametrize("text", ["%", "_", "Quill%", "\\"])
def test_wildcards_are_searched_for_literally(client, world, text):
    people, cases = world
    sign_in(client, people["handler"].email)
    assert _found(client, text, cases) == set()


@pytest.fixture()
def names_as_written(db, make_user):
    """People whose names carry letters an English keyboard does not have."""
    handler = make_user(Role.HANDLER)
    cases = {
        "zoe": factories.complaint(
            db,
            handler=handler,
            complainant=("Zoë", "Łukasiewicz"),
            summary="Stopped outside the café on Stryd Ŵyn",
            subject_=factories.subject(db, family_name="Øvergård"),
        ),
        "arabic": factories.complaint(
            db, handler=handler, complainant=("محمد", "الخطيب"), summary="Search of a car"
        ),
    }
    db.commit()
    return handler, cases


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Łukasiewicz", {"zoe"}),
        ("łukasiewicz", {"zoe"}),
        ("Lukasiewicz", {"zoe"}),
        ("LUKASIEWICZ", {"zoe"}),
        ("ukasiewicz", {"zoe"}),  # part of a name
        ("łukas", {"zoe"}),  # the start of a name
        ("zoe lukasiewicz", {"zoe"}),
        ("ZOË", {"zoe"}),
        ("Øvergård", {"zoe"}),  # the officer
        ("overgard", {"zoe"}),
        ("cafe", {"zoe"}),  # the summary
        ("Stryd Wyn", {"zoe"}),
        ("الخطيب", {"arabic"}),
        ("zoe khatib", set()),
    ],
)
def test_names_are_found_however_they_are_typed(client, names_as_written, text, expected):
    handler, cases = names_as_written
    sign_in(client, handler.email)
    assert _found(client, text, cases) == expected


def test_a_partial_reference_finds_the_case(client, names_as_written):
    handler, cases = names_as_written
    sign_in(client, handler.email)
    reference = cases["arabic"].reference  # CO/2026/00002
    assert _found(client, reference[:-2].lower(), cases) == {"zoe", "arabic"}
    assert _found(client, reference, cases) == {"arabic"}


def test_a_name_search_lists_that_persons_cases_and_not_words_elsewhere(client, db, make_user):
    """Words that begin someone's name find that person's cases (from an index, however
    many cases are held); words that begin no one's name are looked for everywhere."""
    handler = make_user(Role.HANDLER)
    cases = {
        "rudd": factories.complaint(
            db, handler=handler, complainant=("Amber", "Rudd"), summary="Letter not answered"
        ),
        "rudder": factories.complaint(
            db,
            handler=handler,
            complainant=("Ben", "Cole"),
            summary="Officers seized the boat's rudder",
        ),
    }
    db.commit()
    sign_in(client, handler.email)
    assert _found(client, "rudd", cases) == {"rudd"}  # a surname
    assert _found(client, "AMB", cases) == {"rudd"}  # the start of a given name
    assert _found(client, "amber ru", cases) == {"rudd"}
    assert _found(client, "rudde", cases) == {"rudder"}  # names no one: summaries too
    assert _found(client, "mber", cases) == {"rudd"}  # inside a name: searched everywhere


def test_a_summary_is_searched_as_it_now_reads(client, world, db):
    """A word taken out of a summary is no longer found, a word put in is: the folded
    copy the search reads is written with every change of the case."""
    people, cases = world
    cases["quill"].summary = "Officer was abrupt at the enquiry desk"
    db.commit()
    sign_in(client, people["handler"].email)
    assert _found(client, "counter", cases) == set()
    assert _found(client, "enquiry desk", cases) == {"quill"}
    assert _found(client, "rude", cases) == set()  # the other is restricted from them
