"""The monthly pack against a dataset whose every figure was worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from complaints.config import REPORT_NATIONAL_COMPARATORS, REPORT_TARGETS
from complaints.forces.models import FIRST_FORCE_ID
from complaints.reports.pack import monthly_pack
from complaints.reports.tables import Figure, Kind, ReportSettings, show
from tests import report_dataset

SETTINGS = ReportSettings(
    force_name="Northshire Police",
    forces=(FIRST_FORCE_ID,),
    targets=dict(REPORT_TARGETS),
    comparators=dict(REPORT_NATIONAL_COMPARATORS),
)


@pytest.fixture()
def built(db):
    expected = report_dataset.build(db)
    pack = monthly_pack(db, expected.month, SETTINGS, today=expected.today)
    return expected, pack


def _cell_value(cell):
    return cell if isinstance(cell, str) else cell.value


def test_every_section_and_table_is_there_in_order(built):
    expected, pack = built
    assert pack.month == dt.date(2026, 4, 1)
    assert pack.force_name == "Northshire Police"
    assert [s.key for s in pack.sections] == list(expected.sections)
    for section in pack.sections:
        assert tuple(t.key for t in section.tables) == expected.sections[section.key]
    assert len({t.key for t in pack.tables}) == len(pack.tables)


def test_every_figure_of_every_table(built):
    expected, pack = built
    tables = {t.key: t for t in pack.tables}
    assert set(tables) == set(expected.tables)
    for key, rows in expected.tables.items():
        table = tables[key]
        got = {row[0]: tuple(_cell_value(c) for c in row[1:]) for row in table.rows}
        assert list(got) == list(rows), key
        for label, values in rows.items():
            assert len(got[label]) == len(values), (key, label)
            for column, (value, want) in enumerate(zip(got[label], values, strict=True)):
                where = (key, label, table.columns[column + 1])
                if want is None or isinstance(want, str):
                    assert value == want, where
                else:
                    assert value == pytest.approx(want), where


def test_columns_name_the_months_compared(built):
    _, pack = built
    headlines = pack.section("headlines").tables[0]
    assert headlines.columns == ("Measure", *report_dataset.HEADINGS)
    timeliness = pack.section("timeliness").tables[0]
    assert timeliness.columns[-2:] == ("Target", "National comparator")


def test_means_and_shares_carry_the_count_they_rest_on(built):
    _, pack = built
    rows = {row[0]: row[1:] for row in pack.section("headlines").tables[0].rows}
    to_log = rows["Mean working days to log"]
    assert [f.kind for f in to_log] == [Kind.DAYS] * 4
    assert [f.base for f in to_log] == [4, 2, 1, 8]
    recorded = rows["% of complaint cases logged recorded under Schedule 3"]
    assert [f.base for f in recorded] == [4, 2, 1, 8]
    assert show(to_log[0], circulated=False, threshold=5) == "0.5"
    # Four cases is a small count: the circulated pack withholds the mean resting on it.
    assert show(to_log[0], circulated=True, threshold=5) == "[c]"
    assert show(rows["Complaint cases logged"][0], circulated=True, threshold=5) == ("[c]")


def test_every_table_states_its_definition(built):
    _, pack = built
    for table in pack.tables:
        assert table.definition, table.key
    assert "working days" in pack.definitions["Working days to log"].lower()
    assert "suspended" in pack.definitions["Days to finalise"]


def test_summaries_are_made_from_figures_and_hide_small_counts(built):
    _, pack = built
    headline = pack.section("headlines").summary
    assert "April 2026" in headline
    assert "In April 2026, 4 complaint cases were logged" in headline  # the full version
    circulated = pack.section("headlines").circulated_summary
    assert "In April 2026, a number of complaint cases were logged" in circulated
    assert (
        "fewer than"
        not in " ".join(s.summary + s.circulated_summary for s in pack.sections).lower()
    )
    for section in pack.sections:
        for said in (section.summary, section.circulated_summary):
            assert "Public" not in said and "/20" not in said


def test_no_case_text_or_reference_appears_anywhere(built, db):
    from sqlalchemy import select

    from complaints.cases.models import Case

    _, pack = built
    references = set(db.scalars(select(Case.reference)))
    words = {"Jo", "Public", "What happened", "Brief the team", "Criminal proceedings"}
    for table in pack.tables:
        for cell in [table.title, *table.columns, *(c for r in table.rows for c in r)]:
            if isinstance(cell, str):
                assert cell not in references | words, (table.key, cell)
    for section in pack.sections:
        for ref in references:
            assert ref not in section.summary


def test_a_month_with_no_cases_gives_dashes_not_errors(db):
    pack = monthly_pack(db, dt.date(2019, 6, 1), SETTINGS, today=dt.date(2026, 11, 20))
    rows = {row[0]: row[1:] for row in pack.section("headlines").tables[0].rows}
    assert rows["Complaint cases logged"][0] == Figure(0)
    assert rows["Mean working days to log"][0].value is None
    assert len(pack.section("trends").tables[0].rows) == 24


def test_figures_at_a_date_stop_at_today_while_the_month_runs(db):
    report_dataset.build(db)
    pack = monthly_pack(db, dt.date(2026, 4, 1), SETTINGS, today=dt.date(2026, 4, 16))
    caseload = pack.section("caseload").tables[0]
    assert caseload.title == "Open cases by age on 16 April 2026"
    assert caseload.rows[-1][0] == "All open cases"
    assert caseload.rows[-1][1].value == 9  # C3 and C4 not yet finalised


def test_the_circulated_caseload_keeps_its_total_and_hides_a_second_age(built):
    _, pack = built
    ages = {row[0]: row[1:] for row in pack.section("caseload").tables[0].rows}
    shown = {label: show(f[0], circulated=True, threshold=5) for label, f in ages.items()}
    assert shown["All open cases"] == "7"
    assert shown["12 months or more"] == "[c]"
    hidden = [f[0].value for label, f in ages.items() if shown[label] in ("[c]",)]
    parts = [f[0].value for label, f in ages.items() if label != "All open cases" and f[0].value]
    assert len(hidden) >= 2
    assert sum(hidden) >= 5 or sorted(hidden) == sorted(parts)
    # A share of a hidden age would give it back from the published total.
    for label, figures in ages.items():
        if shown[label] in ("[c]",):
            assert show(figures[1], circulated=True, threshold=5) == "[c]", label
    assert "7 cases were open" in pack.section("caseload").summary


def test_a_restricted_case_is_counted_everywhere(built):
    _, pack = built
    headlines = {row[0]: row[1:] for row in pack.section("headlines").tables[0].rows}
    assert headlines["Complaint cases logged"][0].value == 4  # C2, C3, C8 and C11
    assert headlines["Allegations logged"][0].value == 5
    learning = {row[0]: row[1:] for row in pack.section("learning").tables[0].rows}
    assert learning["Learning items raised"][0].value == 2
    stated = pack.definitions[pack.tables[0].title]
    assert "Restricted cases" in stated and "are counted in every measure" in stated


def _circulated(figure):
    return show(figure, circulated=True, threshold=5)


def test_the_circulated_headlines_withhold_a_total_that_would_pin_its_months(built):
    _, pack = built
    headlines = {row[0]: row[1:] for row in pack.section("headlines").tables[0].rows}
    logged = [_circulated(f) for f in headlines["Complaint cases logged"]]
    # The 12 months' 8 cases are months of 1, 1, 2 and 4, all withheld: each is at least
    # 1, so 8 would pin every one of them to 1 to 5. The disclosure check withholds it.
    assert logged == ["[c]", "[c]", "[c]", "[c]"]
    assert [_circulated(f) for f in headlines["Allegations logged"]][3] == "[c]"
    assert _circulated(headlines["Open cases at the end of the month"][0]) == "7"
    assert _circulated(headlines["Allegations logged"][0]) == "[c]"
    assert [p.row for p in pack.checked.further] == [
        "Complaint cases logged",
        "Allegations logged",
        "Complaint cases logged",
    ]
    assert pack.checked.passed


def test_a_small_total_of_conduct_outcomes_is_suppressed_as_any_small_count(built):
    _, pack = built
    rows = {row[0]: row[1:] for row in pack.section("proceedings").tables[0].rows}
    subjects = rows["Subjects with a conduct outcome"]
    assert rows["Case to answer"][0].value == 1 and subjects[0].value == 1
    assert subjects[0].total
    assert _circulated(subjects[0]) == "[c]"


def test_no_summary_states_a_number_its_circulated_tables_hide(built):
    _, pack = built
    words = ("case", "investigation", "review", "subject", "allegation", "complainant", "item")
    for section in pack.sections:
        said = " " + section.circulated_summary
        for table in section.tables:
            for row in table.rows:
                for cell in row[1:]:
                    if isinstance(cell, Figure) and cell.withheld and cell.kind == Kind.COUNT:
                        for word in words:
                            stated = f" {int(cell.value):,} {word}"
                            assert stated not in said, (table.key, row[0], section.key)
    reviews, trends = pack.section("reviews"), pack.section("trends")
    assert "A number of valid review applications" in reviews.circulated_summary
    assert "A number of complaint cases were logged in the 12 months" in (trends.circulated_summary)
    assert "a number of subjects" in pack.section("proceedings").circulated_summary
    # The full version, which withholds nothing, states the real figures.
    assert "1 valid review application" in reviews.summary
    assert "8 complaint cases were logged in the 12 months" in trends.summary
    assert "1 subject" in pack.section("proceedings").summary


def test_the_full_version_still_shows_every_number(built):
    _, pack = built
    for table in pack.tables:
        for row in table.rows:
            for cell in row[1:]:
                if isinstance(cell, Figure) and cell.value is not None:
                    assert show(cell, circulated=False, threshold=5) not in ("[c]",)


def _groups_of_parts(table):
    """Each group of counts adding up to a whole the reader is given: the non-total counts
    of a column with a total, and the counts of one ``part_of`` in a column."""
    for i in range(1, len(table.columns)):
        column = [
            row[i] for row in table.rows if isinstance(row[i], Figure) and row[i].kind == Kind.COUNT
        ]
        if any(f.total for f in column):
            yield table.key, i, [f for f in column if not f.total]
        wholes = {}
        for f in column:
            if f.part_of and not f.total:
                wholes.setdefault(f.part_of, []).append(f)
        yield from ((table.key, i, parts) for parts in wholes.values())


def test_no_suppressed_part_can_be_worked_out_from_a_published_whole(built):
    _, pack = built
    checked = 0
    for table in pack.tables:
        for key, column, parts in _groups_of_parts(table):
            nonzero = [f for f in parts if f.value]
            hidden = [f for f in nonzero if _circulated(f) in ("[c]",)]
            if not hidden:
                continue
            checked += 1
            closed = len(hidden) >= 2 and sum(f.value for f in hidden) >= 5
            assert closed or len(hidden) == len(nonzero), (key, table.columns[column])
    assert checked > 10


def test_a_whole_stays_published_beside_an_equality_answer_it_would_otherwise_give_back(built):
    _, pack = built
    shown = {
        t.key: [_circulated(r[2]) for r in t.rows]
        for t in pack.tables
        if t.key.startswith("equality_")
    }
    # Eight complainants over the year: a single answer states the whole, so where one of
    # them preferred not to give an ethnic group, the other answer goes with it.
    assert shown["equality_gender_reassignment"] == ["8"]
    assert shown["equality_ethnicity"] == ["[c]", "[c]"]
