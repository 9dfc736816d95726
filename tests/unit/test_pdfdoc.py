"""The shared PDF pieces, read back with pypdf: the masthead and "Page n of m" on every
page, the address block and signature, the document's language, and every name printed
as it was written."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Table

from complaints.common import pdfdoc


def _pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _letter(story: list) -> bytes:
    out = io.BytesIO()
    document = pdfdoc.document(out, title="A letter", author="Northshire Police")
    masthead = pdfdoc.Masthead("Gŵent Police", "Łódź Office", "Our reference: CO/2026/00001")
    masthead.build(document, story)
    return out.getvalue()


def test_every_page_carries_the_masthead_footer_and_its_number_of_the_total():
    pages = _pages(_letter([pdfdoc.paragraph("One"), PageBreak(), pdfdoc.paragraph("Two")]))
    assert len(pages) == 2
    for number, text in enumerate(pages, start=1):
        assert "Gŵent Police" in text
        assert "Łódź Office" in text
        assert "Our reference: CO/2026/00001" in text
        assert f"Page {number} of 2" in text


def test_the_document_is_a4_with_its_title_and_author():
    reader = PdfReader(io.BytesIO(_letter([pdfdoc.paragraph("Hello")])))
    assert reader.metadata.title == "A letter"
    assert reader.metadata.author == "Northshire Police"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_the_address_block_and_signature_read_back_with_markup_kept_as_text():
    story = [
        *pdfdoc.addresses(
            ["Ms Jo <Public>", "1 High Street"],
            ["Professional Standards Department", "Northshire Police"],
            "CO/2026/00042",
            dt.date(2026, 12, 1),
        ),
        *pdfdoc.signature(["Hana Handler", "", "Northshire Police"]),
    ]
    text = _pages(_letter(story))[0]
    assert "Ms Jo <Public> 1 High Street" in text
    assert "Our reference: CO/2026/00042 Date: 1 December 2026" in text
    assert "Yours sincerely, Hana Handler Northshire Police" in text


def test_typed_text_keeps_its_paragraphs_and_lines_and_escapes_markup():
    paragraphs = pdfdoc.typed("First <b>line\r\nsecond line\r\n\r\n\r\nNext & last\n\n  ")
    assert len(paragraphs) == 2
    text = _pages(_letter(paragraphs))[0]
    assert "First <b>line second line Next & last" in text


def test_escaping_keeps_every_letter_and_makes_markup_text():
    assert pdfdoc.esc("A & <B> Ł \u0131 \u2603") == "A &amp; &lt;B&gt; Ł \u0131 \u2603"


@pytest.mark.parametrize(
    "markup",
    [
        pdfdoc.esc("שרה לוי-אברהם בת יצחק"),  # one style
        "<b>" + pdfdoc.esc("שרה לוי-אברהם בת יצחק") + "</b>",  # styled runs
    ],
)
def test_right_to_left_text_that_wraps_starts_on_the_first_line(markup):
    narrow = Table([[pdfdoc.Paragraph(markup, pdfdoc.BODY)]], colWidths=[30 * mm])
    lines = PdfReader(io.BytesIO(_letter([narrow]))).pages[0].extract_text().splitlines()
    first = lines.index("שרה")
    assert lines[first : first + 3] == ["שרה", "לוי-אברהם בת", "יצחק"]


def test_a_document_without_a_title_is_not_made():
    with pytest.raises(ValueError, match="title"):
        pdfdoc.document(io.BytesIO(), title="", author="Northshire Police")


def test_dates_are_written_in_full():
    assert pdfdoc.long_date(dt.date(2026, 12, 1)) == "1 December 2026"
    assert pdfdoc.long_date(dt.date(2027, 1, 31)) == "31 January 2027"
