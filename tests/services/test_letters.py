"""Letters as the complainant reads them: each PDF is read back and checked for the names,
dates, results and review body it must carry (regs 33-34, T15)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from complaints.cases.choices import AllegationResult
from complaints.cases.letters import (
    AllegationOutcome,
    LetterContent,
    LetterKind,
    ReviewRight,
    render,
)
from complaints.reviews.models import ReviewBody

BASE = {
    "force_name": "Northshire Police",
    "reference": "CO/2026/00042",
    "dated": dt.date(2026, 12, 1),
    "complainant_name": "Ms Jo Public",
    "complainant_address": ("1 High Street", "Northtown", "NT1 1AA"),
    "sender_name": "Hana Handler",
    "psd_address": ("Police Headquarters", "Northtown NT9 9ZZ"),
    "received_on": dt.date(2026, 11, 2),
}


def read(pdf: bytes) -> tuple[PdfReader, str]:
    """The PDF and its text with whitespace evened out, as a reader would see it."""
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return reader, text


def outcome_letter(**changes) -> str:
    content = LetterContent(
        **BASE,
        outcomes=(
            AllegationOutcome(
                1,
                "Impolite language or tone",
                AllegationResult.SERVICE_NOT_ACCEPTABLE,
                "An apology.",
            ),
            AllegationOutcome(2, "Use of force", AllegationResult.SERVICE_ACCEPTABLE),
        ),
        **changes,
    )
    return read(render(LetterKind.OUTCOME, content))[1]


def test_acknowledgement_says_when_it_arrived_who_handles_it_and_what_next():
    content = LetterContent(
        **BASE,
        handler_name="Hana Handler",
        next_steps="We will contact you to talk about your complaint.",
        keep_informed="We will update you at least every 28 days.",
    )
    reader, text = read(render(LetterKind.ACKNOWLEDGEMENT, content))
    assert "Dear Ms Jo Public," in text
    assert "1 High Street Northtown NT1 1AA" in text
    assert "CO/2026/00042" in text
    assert "which we received on 2 November 2026" in text
    assert "Date: 1 December 2026" in text
    assert "Hana Handler in our Professional Standards Department is handling" in text
    assert "We will contact you to talk about your complaint." in text
    assert "at least every 28 days" in text
    assert "Police Headquarters" in text
    assert reader.metadata.title == "Acknowledgement letter CO/2026/00042"


def test_acknowledgement_without_a_handler_does_not_name_one():
    content = LetterContent(
        **BASE, next_steps="Next.", keep_informed="Informed.", handler_name=None
    )
    text = read(render(LetterKind.ACKNOWLEDGEMENT, content))[1]
    assert "A member of our Professional Standards Department will handle" in text


def test_update_carries_the_progress_typed_and_the_next_update_date():
    content = LetterContent(
        **BASE,
        progress="The officer has been interviewed.\n\nThe report is being written.",
        next_update_by=dt.date(2026, 12, 29),
    )
    text = read(render(LetterKind.UPDATE, content))[1]
    assert "The officer has been interviewed." in text
    assert "The report is being written." in text
    assert "We will write to you again by 29 December 2026" in text
    assert "Ms Jo Public" in text and "CO/2026/00042" in text


def test_schedule_3_outcome_names_the_iopc_its_reason_and_the_last_day_to_apply():
    text = outcome_letter(
        schedule_3=True,
        review=ReviewRight(
            body=ReviewBody.IOPC,
            reason="A subject is above the rank of chief superintendent",
            notified_on=dt.date(2026, 12, 1),
            apply_by=dt.date(2026, 12, 29),
        ),
    )
    assert "Dear Ms Jo Public," in text and "CO/2026/00042" in text
    assert "Part 1: Impolite language or tone" in text
    assert "Result: Service not acceptable. The service provided was not acceptable." in text
    assert "What we have done: An apology." in text
    assert "Result: Service acceptable. The service provided was acceptable." in text
    assert "Independent Office for Police Conduct (IOPC)" in text
    assert "A subject is above the rank of chief superintendent" in text
    assert "must reach the IOPC by 29 December 2026" in text
    assert "on 1 December 2026" in text
    assert "no right of review" not in text


def test_schedule_3_outcome_reviewed_by_the_opcc_names_the_opcc():
    text = outcome_letter(
        schedule_3=True,
        review=ReviewRight(ReviewBody.OPCC, None, dt.date(2026, 11, 20), dt.date(2026, 12, 18)),
    )
    assert "Office of the Police and Crime Commissioner (OPCC)" in text
    assert "must reach the OPCC by 18 December 2026" in text
    assert "Independent Office" not in text


def test_outcome_outside_schedule_3_says_there_is_no_right_of_review():
    text = outcome_letter(schedule_3=False)
    assert "We dealt with your complaint informally" in text
    assert "there is no right of review" in text
    assert "Police and Crime Commissioner" not in text
    assert "Independent Office" not in text
    assert "must reach" not in text


def test_outcome_with_no_review_right_under_schedule_3_says_why():
    text = outcome_letter(schedule_3=True, no_review_reason="the IOPC investigated it itself")
    assert "There is no right of review of this outcome: the IOPC investigated it itself." in text


def test_withdrawal_confirms_the_date_of_the_signed_notice():
    content = LetterContent(**BASE, withdrawal_notice_on=dt.date(2026, 11, 25))
    text = read(render(LetterKind.WITHDRAWAL, content))[1]
    assert "your signed notice dated 25 November 2026" in text
    assert "no further action" in text
    assert "Ms Jo Public" in text and "CO/2026/00042" in text


def test_a_long_letter_is_a4_with_the_force_and_page_numbers_on_every_page():
    content = LetterContent(
        **BASE,
        progress="\n\n".join(f"Paragraph {n} of the progress so far." for n in range(80)),
        next_update_by=dt.date(2026, 12, 29),
    )
    reader, _ = read(render(LetterKind.UPDATE, content))
    pages = len(reader.pages)
    assert pages >= 2
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)
        text = page.extract_text()
        assert "Northshire Police" in text
        assert f"Page {number} of {pages}" in text
        assert "Our reference: CO/2026/00042" in text


def test_the_signature_never_stands_alone_on_a_page():
    """However long the letter, its last paragraph goes over the page with the sign-off."""
    for paragraphs in range(20, 60):
        content = LetterContent(
            **BASE,
            progress="\n\n".join(
                f"Paragraph {n} of the progress so far." for n in range(paragraphs)
            ),
            next_update_by=dt.date(2026, 12, 29),
        )
        reader, _ = read(render(LetterKind.UPDATE, content))
        last = " ".join(reader.pages[-1].extract_text().split())
        assert "Yours sincerely" in last, paragraphs
        assert "We will write to you again by 29 December 2026" in last, paragraphs


def test_typed_text_is_printed_as_typed_not_read_as_markup():
    content = LetterContent(
        **{**BASE, "complainant_name": "Jo <b>Public</b> & Sons"},
        progress="Costs < £50 & <i>not</i> refunded",
        next_update_by=dt.date(2026, 12, 29),
    )
    text = read(render(LetterKind.UPDATE, content))[1]
    assert "Jo <b>Public</b> & Sons" in text
    assert "Costs < £50 & <i>not</i> refunded" in text


def test_names_are_printed_as_written():
    content = LetterContent(
        **{**BASE, "complainant_name": "Łukasz Wójcik-Ōta"},
        withdrawal_notice_on=dt.date(2026, 11, 25),
    )
    text = read(render(LetterKind.WITHDRAWAL, content))[1]
    assert "Dear Łukasz Wójcik-Ōta," in text


@pytest.mark.parametrize(
    "kind, missing",
    [
        (LetterKind.UPDATE, "progress"),
        (LetterKind.WITHDRAWAL, "withdrawal_notice_on"),
        (LetterKind.OUTCOME, "outcomes"),
    ],
)
def test_a_letter_missing_what_it_must_say_is_not_made(kind, missing):
    with pytest.raises(ValueError, match=missing):
        render(kind, LetterContent(**BASE))


def test_a_schedule_3_outcome_without_the_review_right_is_not_made():
    content = LetterContent(
        **BASE,
        outcomes=(AllegationOutcome(1, "Decisions", AllegationResult.NO_FURTHER_ACTION),),
        schedule_3=True,
    )
    with pytest.raises(ValueError, match="review"):
        render(LetterKind.OUTCOME, content)
