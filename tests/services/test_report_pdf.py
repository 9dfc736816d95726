"""The board report PDF, read back: cover, contents, every figure as ``show`` writes it,
small counts hidden only in the circulated version, and the definitions used."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from complaints.reports import pdf
from complaints.reports.tables import Chart, Figure, MonthlyPack, Section, Table, show
from tests.report_samples import SMALL_COUNTS, sample_pack

GENERATED_ON = dt.date(2026, 11, 3)
THRESHOLD = 5


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pages(pack: MonthlyPack, circulated: bool) -> list[str]:
    data = pdf.render(pack, circulated=circulated, threshold=THRESHOLD, generated_on=GENERATED_ON)
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4)
    return [_flat(page.extract_text()) for page in reader.pages]


@pytest.fixture(scope="module")
def pack() -> MonthlyPack:
    return sample_pack()


@pytest.fixture(scope="module")
def circulated(pack) -> list[str]:
    return _pages(pack, circulated=True)


@pytest.fixture(scope="module")
def full(pack) -> list[str]:
    return _pages(pack, circulated=False)


def _row_text(row, circulated: bool) -> str:
    return " ".join(_flat(show(cell, circulated=circulated, threshold=THRESHOLD)) for cell in row)


def test_the_cover_names_the_force_the_report_the_month_and_the_version(circulated, full):
    cover = circulated[0]
    assert "Northshire Police" in cover
    assert "Complaints and conduct: monthly report to the accountability board" in cover
    assert "October 2026" in cover
    assert "Circulated version: figures that could identify people withheld" in cover
    assert "Generated on 3 November 2026" in cover
    assert "Full version: not for circulation" in full[0]
    assert "Circulated version" not in full[0]


def test_every_page_has_the_force_name_and_its_number(circulated):
    total = len(circulated)
    for number, page in enumerate(circulated, start=1):
        assert "Northshire Police" in page
        assert f"Page {number} of {total}" in page


def test_the_contents_give_the_page_each_part_starts_on(pack, circulated):
    data = pdf.render(pack, circulated=True, threshold=THRESHOLD, generated_on=GENERATED_ON)
    reader = PdfReader(io.BytesIO(data))
    contents = reader.pages[2].extract_text(extraction_mode="layout")
    assert "Contents" in contents
    titles = ["Executive summary"]
    titles += [f"{n}. {s.title}" for n, s in enumerate(pack.sections, start=1)]
    titles.append("Appendix: definitions used")
    for title in titles:
        match = re.search(re.escape(title) + r"[ .]+(\d+)\s*$", contents, re.MULTILINE)
        assert match, title
        page = int(match.group(1))
        assert title in circulated[page - 1], (title, page)
        assert all(title not in text for text in circulated[3 : page - 1]), title
    bookmarks = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    assert list(bookmarks) == titles
    for title, index in bookmarks.items():
        assert title in circulated[index]


def test_every_table_is_there_with_its_figures_as_show_writes_them(pack, circulated, full):
    for pages, is_circulated in ((circulated, True), (full, False)):
        text = " ".join(pages)
        for table in pack.tables:
            assert _flat(table.title) in text
            for row in table.rows:
                assert _row_text(row, is_circulated) in text, (table.key, row[0])


def _cell(pack: MonthlyPack, key: str, label: str, column: str) -> tuple:
    table = next(t for t in pack.tables if t.key == key)
    row = next(r for r in table.rows if r[0] == label)
    return row, table.columns.index(column)


def test_small_counts_read_fewer_than_5_only_in_the_circulated_version(pack, circulated, full):
    circulated_text, full_text = " ".join(circulated), " ".join(full)
    for (key, label, column), count in SMALL_COUNTS.items():
        row, index = _cell(pack, key, label, column)
        assert row[index] == Figure(count), (key, label)
        hidden = [show(c, circulated=True, threshold=THRESHOLD) for c in row]
        shown = [show(c, circulated=False, threshold=THRESHOLD) for c in row]
        assert hidden[index] == "[c]" and shown[index] == str(count)
        assert _row_text(row, True) in circulated_text
        assert _row_text(row, False) not in circulated_text, (key, label)
        assert _row_text(row, False) in full_text
        assert f"{_flat(label)} fewer than 5" not in full_text


def test_the_circulated_version_explains_the_suppression(circulated, full):
    text = " ".join(circulated)
    assert (
        "Figures that could identify someone are withheld and shown as \u201c[c]\u201d, "
        "whichever rule withheld them: every count from 1 to 4," in text
    )
    assert "at least 5 apart" in text
    assert "[c]: withheld to protect the identity of the people concerned" in text
    assert "fewer than" not in " ".join(full) + text
    assert "[c]" not in " ".join(full)


def test_the_threshold_is_the_one_given():
    pages = pdf.render(sample_pack(), circulated=True, threshold=10, generated_on=GENERATED_ON)
    text = _flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pages)).pages))
    assert "Discriminatory behaviour [c] 65" in text
    assert "every count from 1 to 9" in text


def test_the_full_version_states_the_real_numbers_the_circulated_one_withholds():
    sample = sample_pack()
    headlines = replace(
        sample.sections[0],
        summary="In October 2026, 3 reviews were received.",
        circulated_summary="In October 2026, a number of reviews were received.",
    )
    pack = replace(sample, sections=(headlines, *sample.sections[1:]))
    full = " ".join(_pages(pack, circulated=False))
    circulated = " ".join(_pages(pack, circulated=True))
    assert "In October 2026, 3 reviews were received." in full
    assert "a number of reviews" not in full
    assert "In October 2026, a number of reviews were received." in circulated
    assert "3 reviews" not in circulated


def test_each_part_has_its_title_and_summary(pack, circulated):
    text = " ".join(circulated)
    for number, section in enumerate(pack.sections, start=1):
        assert f"{number}. {section.title}" in text
        if section.summary:
            assert _flat(section.summary) in text


def test_the_appendix_states_every_definition_used(pack, circulated):
    start = next(i for i, p in enumerate(circulated) if "Appendix: definitions used" in p[:200])
    appendix = " ".join(circulated[start:])
    assert pack.definitions
    for title, definition in pack.definitions.items():
        assert f"{_flat(title)} {_flat(definition)}" in appendix


def test_charts_have_axis_titles_and_legends(circulated):
    trends = next(p for p in circulated if "Cases and allegations logged, last 24 months" in p)
    text = " ".join(circulated)
    assert "Month" in trends
    assert "Cases logged Allegations logged" in text  # the legend
    assert "Number" in text


def test_the_same_pack_and_date_make_the_same_bytes(pack):
    first = pdf.render(pack, circulated=False, threshold=THRESHOLD, generated_on=GENERATED_ON)
    again = pdf.render(pack, circulated=False, threshold=THRESHOLD, generated_on=GENERATED_ON)
    assert first == again


def test_an_empty_pack_still_makes_a_report():
    pages = _pages(MonthlyPack("Northshire Police", dt.date(2026, 10, 1)), circulated=True)
    assert "October 2026" in pages[0]
    assert "This report holds no measures." in pages[-1]


def test_a_wide_table_with_long_labels_and_odd_characters_renders():
    wide = Table(
        "wide",
        "A table with many columns",
        ("Division or department of the subject at the time", *[f"Month {i}" for i in range(9)]),
        tuple(
            (
                f"Division {i} \u2013 Ŵest Ffordd and a very long department name indeed",
                *[Figure(i * j) for j in range(9)],
            )
            for i in range(40)
        ),
        chart=Chart("bar", (1, 2)),
    )
    pack = MonthlyPack(
        "Heddlu Gŵent", dt.date(2026, 10, 1), (Section("divisions", "Wide", (wide,)),)
    )
    pages = _pages(pack, circulated=False)
    assert "Heddlu Gŵent" in pages[0]
    text = " ".join(pages)
    assert "Division 39 \u2013 Ŵest Ffordd" in text
    # the header row is repeated on the page the table continues on
    continued = [p for p in pages if "Division 39" in p]
    assert "Month 8" in continued[0]


def test_the_circulated_pdf_leaves_out_a_summary_naming_a_small_count(pack):
    from dataclasses import replace

    said = "Exactly 3 reviews arrived this month."
    sections = (replace(pack.sections[0], summary=said), *pack.sections[1:])
    small = replace(pack, sections=sections)
    assert said not in " ".join(_pages(small, circulated=True))
    assert said in " ".join(_pages(small, circulated=False))


def test_page_2_is_the_executive_summary_each_item_linked_to_its_section(pack, circulated):
    data = pdf.render(pack, circulated=True, threshold=THRESHOLD, generated_on=GENERATED_ON)
    reader = PdfReader(io.BytesIO(data))
    summary = circulated[1]
    assert summary.count("Executive summary") == 1
    assert "95% level" in summary  # the test it uses is stated
    assert "Amber" in summary and "Amber: outside target by up to 10%" in summary
    timeliness = next(n for n, s in enumerate(pack.sections, start=1) if s.key == "timeliness")
    assert f"{timeliness}. Timeliness" in summary
    bookmarks = {item.title: reader.get_destination_page_number(item) for item in reader.outline}
    links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    targets = {reader.get_page_number(link["/Dest"][0].get_object()) for link in links}
    assert targets == {bookmarks[f"{timeliness}. Timeliness"]}


def test_commentary_is_printed_after_its_section_apart_from_the_figures(pack):
    words = "The force notes the rise in complaints about vehicles."
    data = pdf.render(
        pack,
        circulated=True,
        threshold=THRESHOLD,
        generated_on=GENERATED_ON,
        commentary={
            "summary": [("Commentary from the OPCC", "The Commissioner will ask why.")],
            pack.sections[0].key: [("Commentary from the force", words)],
        },
        draft=True,
    )
    reader = PdfReader(io.BytesIO(data))
    pages = [_flat(page.extract_text()) for page in reader.pages]
    assert "Draft: not yet approved" in pages[0]
    assert all("Draft: not yet approved" in page for page in pages)
    assert "Commentary from the OPCC The Commissioner will ask why." in pages[1]
    first = next(
        i for i, page in enumerate(pages) if f"1. {pack.sections[0].title}" in page and i > 2
    )
    assert words in pages[first] or words in pages[first + 1]
