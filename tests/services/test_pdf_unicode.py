"""Every PDF the product makes prints every name as it was written: each kind is made with
names beyond Latin-1 and a right-to-left (Hebrew) name, read back with pypdf, and must give
the names back exactly, name its language (en-GB) and title, and embed its font (the
DejaVu Sans shipped in ``complaints/fonts``), with no Helvetica left.

The Hebrew name is drawn in visual order (``complaints.common.bidi``), which is also what
lets pypdf, which reverses right-to-left runs, read it back in logical order. Arabic is
not among the names: it is ordered but not shaped (see the bidi module), so it is not
claimed to print as written.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from reportlab.pdfbase import pdfmetrics

from complaints.cases.choices import AllegationResult, CaseState
from complaints.cases.letters import (
    AllegationOutcome,
    LetterContent,
    LetterKind,
    ReviewRight,
)
from complaints.cases.letters import render as render_letter
from complaints.common import pdfdoc
from complaints.learning.bulletin import Bulletin, Lesson, Theme
from complaints.learning.bulletin import render as render_bulletin
from complaints.oversight.models import Stratum
from complaints.oversight.sample_facts import (
    Finding,
    QuestionResult,
    SampleResults,
    StratumCount,
)
from complaints.oversight.sample_report import SampleReportContent
from complaints.oversight.sample_report import render as render_sample_report
from complaints.reports import pdf as board_report
from complaints.reports.tables import Chart, Figure, MonthlyPack, Section, Table
from complaints.reviews.letters import ReviewLetter, ReviewLetterKind
from complaints.reviews.letters import render as render_review_letter
from complaints.reviews.models import ReviewBody, ReviewOutcome

HEBREW = "שרה לוי-אברהם"
NAMES = (
    "Zoë Łukasiewicz",
    "Ørjan Ñúñez-Çelik",
    "Gwenllïan ap Ŵyŷ",
    "Ayşe Doğan",
    HEBREW,
)
FORCE = "Heddlu Gŵent"
DATED = dt.date(2026, 12, 1)


# Reading back. ------------------------------------------------------------------------------


def _fonts(resources: DictionaryObject, seen: set[int] | None = None):
    """Every font a page's resources (and the forms in them) can draw with."""
    seen = set() if seen is None else seen
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for form in (resources.get("/XObject") or {}).values():
        form = form.get_object()
        inner = form.get("/Resources")
        if inner is not None and id(form) not in seen:
            seen.add(id(form))
            yield from _fonts(inner.get_object(), seen)


def _descriptor(font: DictionaryObject) -> DictionaryObject | None:
    if "/FontDescriptor" in font:
        return font["/FontDescriptor"].get_object()
    for descendant in font.get("/DescendantFonts") or []:
        return _descriptor(descendant.get_object())
    return None


def read_back(data: bytes, title: str | None = None) -> str:
    """The PDF's text with whitespace evened out, once its language, title and fonts pass."""
    reader = PdfReader(io.BytesIO(data))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata.title
    if title is not None:
        assert reader.metadata.title == title
    fonts = [font for page in reader.pages for font in _fonts(page["/Resources"].get_object())]
    assert fonts
    for font in fonts:
        assert "Helvetica" not in font["/BaseFont"]
        assert font["/BaseFont"].endswith(("+DejaVuSans", "+DejaVuSans-Bold"))
        descriptor = _descriptor(font)
        assert descriptor is not None and "/FontFile2" in descriptor, font["/BaseFont"]
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split())


def assert_names_in(text: str, *names: str) -> None:
    for name in names:
        assert name in text, name


def test_the_fonts_are_the_ones_shipped_with_their_licence():
    for face in (pdfdoc.FONT, pdfdoc.BOLD):
        path = pdfmetrics.getFont(face).face.filename
        assert str(path).startswith(str(pdfdoc.FONT_DIR)), path
    assert "Bitstream Vera" in (pdfdoc.FONT_DIR / "LICENSE").read_text()


# Letters to a complainant, each kind. --------------------------------------------------------

LETTER = {
    "force_name": FORCE,
    "reference": "CO/2026/00042",
    "dated": DATED,
    "complainant_address": ("1 Stryd Fawr", "Casnewydd", "NP20 1AA"),
    "sender_name": "Hana Handler",
    "psd_address": ("Police Headquarters", "Cwmbrân NP44 2XJ"),
    "received_on": dt.date(2026, 11, 2),
}
LETTER_NEEDS = {
    LetterKind.ACKNOWLEDGEMENT: {
        "handler_name": "Ayşe Doğan",
        "next_steps": "We will read your complaint.",
        "keep_informed": "By letter.",
    },
    LetterKind.UPDATE: {"progress": "Statements taken.", "next_update_by": dt.date(2026, 12, 29)},
    LetterKind.OUTCOME: {
        "outcomes": (AllegationOutcome(1, "Use of force", AllegationResult.SERVICE_ACCEPTABLE),),
        "schedule_3": True,
        "review": ReviewRight(ReviewBody.OPCC, None, DATED, dt.date(2026, 12, 29)),
    },
    LetterKind.WITHDRAWAL: {"withdrawal_notice_on": dt.date(2026, 11, 25)},
}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kind", list(LetterKind))
def test_a_complainant_letter_prints_the_name_as_written(kind, name):
    content = LetterContent(**LETTER, complainant_name=name, **LETTER_NEEDS[kind])
    text = read_back(render_letter(kind, content), f"{kind.label} letter CO/2026/00042")
    assert_names_in(text, name, FORCE, "Cwmbrân")
    if name != HEBREW:  # pypdf takes the comma after a right-to-left run into it
        assert f"Dear {name}," in text
    if kind == LetterKind.ACKNOWLEDGEMENT:
        assert "Ayşe Doğan in our Professional Standards Department" in text


# Letters about a review, each kind. ----------------------------------------------------------

REVIEW = {
    "force_name": FORCE,
    "office": "Office of the Police and Crime Commissioner",
    "reference": "CO/2026/00042",
    "dated": DATED,
    "applicant_address": ("1 Stryd Fawr", "Casnewydd"),
    "sender_name": "Gwenllïan ap Ŵyŷ",
    "received_on": dt.date(2026, 11, 20),
    "received_by": ReviewBody.IOPC,
    "body": ReviewBody.OPCC,
}
REVIEW_NEEDS = {
    ReviewLetterKind.FORWARDED: {"forwarded_on": dt.date(2026, 11, 21)},
    ReviewLetterKind.NOT_VALID: {"window_closed_on": dt.date(2026, 11, 18)},
    ReviewLetterKind.DECISION: {
        "outcome": ReviewOutcome.UPHELD,
        "rationale": "Ørjan Ñúñez-Çelik was not asked for an account.",
        "recommendations": ("Ask Zoë Łukasiewicz for her account.",),
        "sent_back_to": CaseState.HANDLING,
    },
}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kind", list(ReviewLetterKind))
def test_a_review_letter_prints_the_name_as_written(kind, name):
    letter = ReviewLetter(**REVIEW, applicant_name=name, **REVIEW_NEEDS[kind])
    text = read_back(render_review_letter(kind, letter), f"{kind.label} CO/2026/00042")
    assert_names_in(text, name, FORCE, "Gwenllïan ap Ŵyŷ")
    if kind == ReviewLetterKind.DECISION:
        assert_names_in(text, "Ørjan Ñúñez-Çelik was not asked", "Ask Zoë Łukasiewicz for")


# The monthly board report. -------------------------------------------------------------------


@pytest.mark.parametrize("circulated, across", [(True, "hbar"), (False, "bar")])
def test_the_board_report_prints_names_in_its_tables_and_charts(circulated, across):
    by_name = Table(
        "divisions",
        "Cases by division",
        ("Division", "Cases"),
        tuple((name, Figure(10 + i)) for i, name in enumerate(NAMES)),
        chart=Chart(across, (1,)),
    )
    over_time = Table(
        "trend",
        "Cases by month",
        ("Month", "Zoë Łukasiewicz", HEBREW),
        tuple((f"Month {i}", Figure(10 + i), Figure(20 + i)) for i in range(1, 4)),
        chart=Chart("line", (1, 2)),
    )
    pack = MonthlyPack(
        FORCE, dt.date(2026, 10, 1), (Section("divisions", "Divisions", (by_name, over_time)),)
    )
    data = board_report.render(
        pack, circulated=circulated, threshold=5, generated_on=dt.date(2026, 11, 3)
    )
    title = f"{board_report.TITLE}, October 2026"
    text = read_back(data, title)
    assert_names_in(text, FORCE, *NAMES)
    for name in NAMES:  # in the table and again beside or below its bar
        assert text.count(name) >= 2, name
    # the trend's series names, in its table header and its legend
    assert text.count("Zoë Łukasiewicz") >= 4
    assert text.count(HEBREW) >= 4


# The learning bulletin. ----------------------------------------------------------------------


def test_the_learning_bulletin_prints_its_lessons_as_written():
    lessons = tuple(
        Lesson(
            lesson=f"Lesson from the Ysgol {name} visit.",
            change=f"{name} now briefs the team.",
            level="Organisational",
            source="Case outcome",
            shared_how=f"Bulletin for {name}",
        )
        for name in NAMES
    )
    bulletin = Bulletin(
        FORCE,
        DATED,
        dt.date(2026, 1, 1),
        dt.date(2026, 11, 30),
        (Theme("Cyfathrebu: Ŵyŷ and Ł", lessons),),
    )
    text = read_back(render_bulletin(bulletin), "Learning bulletin")
    assert_names_in(text, FORCE, "Cyfathrebu: Ŵyŷ and Ł", *NAMES)
    for name in NAMES[:-1]:
        assert f"What changed: {name} now briefs the team." in text


# The dip-sample report. ----------------------------------------------------------------------


def test_the_dip_sample_report_prints_names_as_written():
    findings = tuple(
        Finding(
            reference=f"CO/2026/0004{i}",
            stratum=Stratum.OTHERWISE,
            text=f"No update was sent to {name}.",
            learning_id=i,
            learning_theme=f"Letters to {name}",
        )
        for i, name in enumerate(NAMES, start=1)
    )
    content = SampleReportContent(
        force_name=FORCE,
        sample_id=7,
        period_from=dt.date(2026, 1, 1),
        period_to=dt.date(2026, 6, 30),
        method="Simple random",
        seed=8,
        stratified=False,
        case_type="Complaint",
        candidates=40,
        drawn_by="Gwenllïan ap Ŵyŷ",
        drawn_at=dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC),
        closed_at=None,
        results=SampleResults(
            drawn=5,
            reviewed=5,
            strata=(StratumCount(Stratum.OTHERWISE, 5, 5),),
            questions=(QuestionResult("q", "Was Ayşe Doğan told?", 4, 1, 0, 0),),
            findings=findings,
        ),
        produced_on=DATED,
    )
    text = read_back(render_sample_report(content), "Dip sample 7")
    assert_names_in(text, FORCE, "Drawn by Gwenllïan ap Ŵyŷ", "Was Ayşe Doğan told?", *NAMES)
    for name in NAMES:  # in its finding and in the learning raised
        assert text.count(name) >= 2, name
