"""The learning bulletin: implemented lessons by theme, and no one identifiable in it.

The anonymiser is tested on its own first; then a dataset whose lessons deliberately
name the complainant, their representative, the officer (under both of their names),
a member of staff, case references, collar numbers and dates goes through the PDF, and
the PDF read back holds none of them.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from complaints.auth.roles import Role
from complaints.cases import services as cases
from complaints.cases.choices import CaseType, Channel
from complaints.forces.models import FIRST_FORCE_ID
from complaints.learning import bulletin
from complaints.learning import services as learning
from complaints.learning.anonymise import Anonymiser, Known, known_in
from complaints.learning.models import LearningLevel, LearningSource
from complaints.subjects import services as subjects
from tests import factories
from tests.factories import NOW, actor_for
from tests.readback import pdf_text

# The anonymiser on its own. -----------------------------------------------------------------

KNOWN = Known(
    names=("Priya Okonkwo", "Priya", "Okonkwo", "Will Hartley-Jones", "Dana Fairbrother"),
    references=("CO/2026/00042", "IOPC/2026/7781"),
    numbers=("4711", "NS0042"),
)
clean = Anonymiser(KNOWN)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Priya Okonkwo complained.", "[name] complained."),
        ("PRIYA OKONKWO and priya okonkwo", "[name]"),
        ("Mrs Okonkwo's son", "Mrs [name]'s son"),
        ("Will Hartley-Jones will brief the team.", "[name] will brief the team."),
        ("Hartley said Jones agreed.", "[name] said [name] agreed."),
        (
            "In CO/2026/00042 and co / 2025 / 17 and CM/2026/00007.",
            "In a case and a case and a case.",
        ),
        ("See IOPC/2026/7781.", "See a case."),
        (
            "PC 4711 and collar number 9876 and staff no. NS0042.",
            "PC [number] and collar number [number] and staff no. [number].",
        ),
        ("Officer 4711 attended.", "Officer [number] attended."),
        ("DC 1234 and Sgt. 56 and #778", "DC [number] and Sgt. [number] and #[number]"),
        ("On 3 March 2026, 3rd of March and 03/03/2026.", "On [date], [date] and [date]."),
        ("On 2026-03-03, March 3, 2026 and in March 2026.", "On [date], [date] and in [date]."),
        ("Tuesday the 3rd", "[date]"),
        ("Mail priya@example.org now", "Mail [email] now"),
    ],
)
def test_the_anonymiser_replaces_people_references_numbers_and_dates(text, expected):
    assert clean(text) == expected


def test_the_anonymiser_keeps_ordinary_words_and_numbers():
    text = "Officers will brief 42 teams; 92% completed training in May. The public benefit."
    assert clean(text) == text


def test_the_anonymiser_knows_everyone_in_the_database(db, make_user):
    staff = make_user(Role.HANDLER, name="Dana Fairbrother")
    officer = factories.subject(db, family_name="Quennell", collar="6021")
    subjects.change_identity(
        db,
        actor_for(staff),
        officer,
        subjects.IdentityDetails(given_name="Sam", family_name="Adeyemi", collar_number="7345"),
        on=dt.date(2024, 1, 1),
        now=NOW,
    )
    case = factories.complaint(db, subject_=officer, complainant=("Priya", "Okonkwo"))
    known = known_in(db)
    for name in ("Priya Okonkwo", "Dana Fairbrother", "Quennell", "Adeyemi"):
        assert any(name in n for n in known.names), name
    assert case.reference in known.references
    assert {"6021", "7345"} <= set(known.numbers)


# The bulletin. ---------------------------------------------------------------------------


@pytest.fixture()
def dataset(db, make_user):
    """Implemented lessons whose words name everyone the database knows about."""
    aa = make_user(Role.APPROPRIATE_AUTHORITY, name="Marguerite Fairbrother")
    make_user(Role.HANDLER, name="Tobias Lindqvist")
    officer = factories.subject(db, family_name="Quennell", collar="6021")
    subjects.change_identity(
        db,
        actor_for(aa),
        officer,
        subjects.IdentityDetails(
            given_name="Rosalind",
            family_name="Adeyemi",
            collar_number="7345",
            staff_number="NS9911",
        ),
        on=dt.date(2024, 1, 1),
        now=NOW,
    )
    case = cases.log_case(
        db,
        actor_for(aa),
        cases.NewCase(
            case_type=CaseType.COMPLAINT,
            received_on=dt.date(2026, 11, 2),
            channel=Channel.EMAIL,
            summary="Stopped and searched without grounds",
            complainants=(
                cases.ComplainantData(
                    given_name="Ebenezer",
                    family_name="Wolstenholme",
                    representative=cases.RepresentativeData(name="Cordelia Pemberton-Vance"),
                ),
            ),
            subject_ids=(officer.id,),
            allegations=(
                cases.AllegationData(factories.category(db, "B1").id, "Searched", (officer.id,)),
            ),
        ),
        NOW,
    )
    case.iopc_reference = "2026/004512"
    other = factories.complaint(db, complainant=("Hildegard", "Oyelaran-Smith"))
    texts = [
        (
            "Stop and search",
            f"Ebenezer Wolstenholme was searched by PC 7345 Rosalind Adeyemi (formerly PC "
            f"Quennell, collar 6021) on 3 March 2026 in {case.reference}. His representative "
            "Cordelia Pemberton-Vance raised it on 04/03/2026.",
            "Marguerite Fairbrother briefed every team on grounds for a search.",
        ),
        (
            "Stop and search",
            f"Record the grounds before searching, as {other.reference} and IOPC reference "
            "2026/004512 showed; Mr Wolstenholme was not told why.",
            "Tobias Lindqvist checked 50 records on Tuesday 7th April; staff number NS9911.",
        ),
        (
            "Complaint letters",
            f"Hildegard Oyelaran-Smith ({other.reference}) got a letter dated 2026-02-11 that "
            "did not answer each allegation.",
            "Letters template changed; audit in March 2026 found it in use.",
        ),
    ]
    items = []
    for theme, description, evidence in texts:
        item = learning.record_learning(
            db,
            actor_for(aa),
            learning.LearningData(
                theme, description, LearningLevel.ORGANISATIONAL, aa.id, NOW.date()
            ),
            NOW,
            source=LearningSource.CASE_OUTCOME,
            case_id=case.id,
        )
        learning.accept_learning(db, actor_for(aa), item, learning.AcceptData(), NOW)
        learning.implement_learning(
            db, actor_for(aa), item, learning.ImplementData(evidence, NOW.date()), NOW
        )
        items.append(item)
    db.commit()
    return {"case": case, "other": other, "items": items}


FORBIDDEN = [
    "Ebenezer",
    "Wolstenholme",
    "Cordelia",
    "Pemberton",
    "Rosalind",
    "Adeyemi",
    "Quennell",
    "Marguerite",
    "Fairbrother",
    "Tobias",
    "Lindqvist",
    "Hildegard",
    "Oyelaran",
    "7345",
    "6021",
    "NS9911",
    "2026/004512",
    "March 2026",
    "04/03/2026",
    "2026-02-11",
    "7th April",
]


def test_the_bulletin_groups_implemented_lessons_by_theme_and_names_no_one(db, dataset):
    content = bulletin.gather(
        db, dt.date(2026, 11, 1), dt.date(2026, 11, 30), dt.date(2026, 12, 1), "Northshire Police"
    )
    assert [t.name for t in content.themes] == ["Complaint letters", "Stop and search"]
    assert [len(t.lessons) for t in content.themes] == [1, 2]
    text = pdf_text(bulletin.render(content))
    assert "Learning bulletin" in text
    assert "Stop and search" in text and "Complaint letters" in text
    assert "briefed every team on grounds for a search" in text
    assert "1 November 2026 to 30 November 2026" in text
    flat = re.sub(r"\s+", " ", text)
    for word in FORBIDDEN:
        assert word not in flat, word
    for case in (dataset["case"], dataset["other"]):
        assert case.reference not in flat
    assert not re.search(r"\b(?:CO|CM|DSI)/\d{4}/\d+", flat)
    # No dates but the bulletin's own period and issue date.
    dates = set(re.findall(r"\b\d{1,2} [A-Z][a-z]+ \d{4}\b", flat))
    assert dates <= {"1 November 2026", "30 November 2026", "1 December 2026"}


def test_lessons_from_restricted_cases_stay_out_of_the_bulletin(db, dataset):
    """For most of the workforce a restricted case does not exist (A8), so what it taught
    is not circulated, even with the names taken out."""
    from complaints.cases.services import restrict

    aa = dataset["items"][0].owner
    restrict(db, actor_for(aa), dataset["case"], "Counter-corruption material", NOW)
    db.commit()
    content = bulletin.gather(
        db, dt.date(2026, 11, 1), dt.date(2026, 11, 30), dt.date(2026, 12, 1), "Northshire Police"
    )
    assert content.count == 0
    assert "briefed every team" not in pdf_text(bulletin.render(content))


def test_the_bulletin_covers_only_lessons_implemented_in_its_period(db, dataset):
    before = bulletin.gather(
        db, dt.date(2026, 10, 1), dt.date(2026, 10, 31), dt.date(2026, 12, 1), "Northshire Police"
    )
    assert before.count == 0
    text = pdf_text(bulletin.render(before))
    assert "No lessons were implemented in this period." in text


@pytest.mark.parametrize(
    "start, end, message",
    [
        (dt.date(2026, 3, 1), dt.date(2026, 2, 1), "The end of the period must be after its start"),
        (dt.date(2025, 1, 1), dt.date(2026, 1, 2), "A bulletin covers a year at most"),
        (
            dt.date(2026, 11, 1),
            dt.date(2026, 12, 2),
            "The end of the period cannot be in the future",
        ),
    ],
)
def test_a_bulletin_covers_a_past_period_of_a_year_at_most(db, start, end, message):
    with pytest.raises(bulletin.PeriodError, match=message):
        bulletin.check_period(start, end, dt.date(2026, 12, 1))
    with pytest.raises(bulletin.PeriodError, match=message):
        bulletin.gather(db, start, end, dt.date(2026, 12, 1), "Northshire Police")


def test_a_leap_year_fits_in_one_bulletin():
    bulletin.check_period(dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2026, 12, 1))


def test_each_forces_bulletin_holds_its_own_lessons(db, dataset):
    """A joint PSD's forces each brief their own workforce: another force's bulletin holds
    none of these lessons, while this force's holds them all."""
    other = factories.force(db, code="EAS", name="Eastmere Constabulary")
    period = (dt.date(2026, 11, 1), dt.date(2026, 11, 30), dt.date(2026, 12, 1))
    own = bulletin.gather(db, *period, "Northshire Police", force_id=FIRST_FORCE_ID)
    theirs = bulletin.gather(db, *period, other.name, force_id=other.id)
    assert own.count == 3
    assert theirs.count == 0
