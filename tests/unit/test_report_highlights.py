"""The executive summary, on known answers: the exact test of two Poisson counts, the
red/amber/green rating, and which items a month's figures give."""

from __future__ import annotations

import datetime as dt

import pytest

from complaints.reports.highlights import (
    MOST,
    Rating,
    highlights,
    poisson_rate_test,
    rating,
)
from complaints.reports.tables import Figure, Kind, MonthlyPack, Section, Table

MONTH = dt.date(2026, 10, 1)
HEADINGS = ("October 2026", "September 2026", "October 2025", "12 months to October 2026")


def test_the_poisson_test_gives_the_binomial_test_s_known_p_values():
    # Equal exposures: x1 of n is binomial(n, 1/2). R: binom.test(10, 12) and (7, 10).
    assert poisson_rate_test(10, 1, 2, 1) == pytest.approx(158 / 4096)
    assert poisson_rate_test(7, 1, 3, 1) == pytest.approx(0.34375)
    # Unequal exposures, 1 to 9: binomial(10, 0.1). R: binom.test(3, 10, 0.1) = 0.07019.
    assert poisson_rate_test(3, 1, 7, 9) == pytest.approx(0.0702, abs=1e-4)
    assert poisson_rate_test(0, 31, 0, 30) == 1.0
    assert poisson_rate_test(5, 1, 5, 1) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        poisson_rate_test(1, 0, 1, 1)


def test_the_test_is_symmetric_and_stays_finite_for_large_counts():
    assert poisson_rate_test(40, 31, 25, 30) == pytest.approx(poisson_rate_test(25, 30, 40, 31))
    assert 0 < poisson_rate_test(5000, 31, 4000, 30) < 1e-12


def test_ratings_against_a_target_that_must_not_be_exceeded():
    assert rating(2.0, 2) == Rating.GREEN
    assert rating(2.2, 2) == Rating.AMBER
    assert rating(2.21, 2) == Rating.RED
    assert Rating.RED.label.startswith("Red")  # a label as well as a colour


def c(value):
    return Figure(value, Kind.COUNT)


def _pack(*, reviews=(3, 14, 12, 120), oldest=17) -> MonthlyPack:
    headlines = Table(
        "headlines",
        "The month at a glance",
        ("Measure", *HEADINGS),
        (
            # 60 against 30 in a 30-day September: p = 0.003; against 55: noise.
            ("Complaint cases logged", c(60), c(30), c(55), c(60 + 11 * 55)),
            # 100 against 95, 104 and a monthly average of 98: all within noise.
            ("Allegations logged", c(100), c(95), c(104), c(100 + 11 * 98)),
            ("Complaint cases finalised", c(40), c(38), c(41), c(40 + 11 * 40)),
            ("Valid reviews received", *(c(n) for n in reviews)),
        ),
    )
    timeliness = Table(
        "working_days_to_log",
        "Working days to log",
        ("Measure", *HEADINGS, "Target", "National comparator"),
        (
            (
                "Mean working days to log",
                Figure(3.0, Kind.DAYS, 60),
                Figure(1.5, Kind.DAYS, 30),
                Figure(1.8, Kind.DAYS, 55),
                Figure(2.0, Kind.DAYS, 600),
                Figure(2, Kind.NUMBER),
                Figure(6, Kind.NUMBER),
            ),
        ),
    )
    contact = Table(
        "working_days_to_contact",
        "Working days to first contact",
        ("Measure", *HEADINGS, "Target", "National comparator"),
        (
            (
                "Mean working days to first contact",
                Figure(5.2, Kind.DAYS, 58),
                Figure(4.0, Kind.DAYS, 30),
                Figure(4.0, Kind.DAYS, 50),
                Figure(4.5, Kind.DAYS, 580),
                Figure(5, Kind.NUMBER),
                Figure(6, Kind.NUMBER),
            ),
        ),
    )
    investigations = Table(
        "investigations_past_12_months",
        "Investigations open 12 months or more",
        ("Investigation", "Open", "Open 12 months or more", "%"),
        (("All investigations", c(20), c(6), Figure(30, Kind.PERCENT, 20, 6)),),
    )
    learning = Table(
        "learning",
        "Learning",
        ("Measure", *HEADINGS),
        (("Overdue at the end of the month", c(7), c(5), c(2), Figure(None)),),
    )
    return MonthlyPack(
        "Northshire Police",
        MONTH,
        (
            Section("headlines", "Headlines", (headlines,)),
            Section("timeliness", "Timeliness", (timeliness, contact)),
            Section("investigations", "Investigations", (investigations,)),
            Section("learning", "Learning", (learning,)),
        ),
        oldest_investigation_months=oldest,
    )


def _texts(items) -> str:
    return "\n".join(i.text for i in items)


def test_the_summary_picks_a_measure_out_of_target_with_its_rating():
    items = highlights(_pack(), circulated=False, threshold=5)
    log = next(i for i in items if i.text.startswith("Mean working days to log"))
    assert log.rating == Rating.RED
    assert log.section == "timeliness"
    assert "3.0 in October 2026, against a target of 2" in log.text
    contact = next(i for i in items if i.text.startswith("Mean working days to first contact"))
    assert contact.rating == Rating.AMBER
    assert items[0] is log  # red first


def test_the_summary_picks_a_significant_change_and_not_a_change_within_noise():
    items = highlights(_pack(), circulated=False, threshold=5)
    changes = [i for i in items if i.kind == "change"]
    cases = next(i for i in changes if i.text.startswith("Complaint cases logged"))
    assert "up from 30 in September 2026" in cases.text
    assert "October 2025" not in cases.text  # 60 against 55 is noise
    assert cases.p_value == pytest.approx(0.00297, abs=1e-5)  # z of about 3
    assert not any(i.text.startswith("Allegations logged") for i in items)
    assert not any(i.text.startswith("Complaint cases finalised") for i in items)


def test_the_summary_names_old_investigations_and_overdue_learning_with_links():
    items = highlights(_pack(), circulated=False, threshold=5)
    old = next(i for i in items if i.kind == "investigations")
    assert old.text.startswith("6 investigations open 12 months or more")
    assert "received 17 months before" in old.text
    assert old.section == "investigations"
    assert next(i for i in items if i.kind == "learning").text.startswith("7 learning items")
    assert 5 <= len(items) <= MOST


def test_a_hidden_count_takes_no_part_in_the_circulated_summary():
    # 3 reviews against 14 is a significant fall, but 3 is hidden from the board.
    full = highlights(_pack(), circulated=False, threshold=5)
    assert any(i.text.startswith("Valid reviews received: 3") for i in full)
    circulated = highlights(_pack(), circulated=True, threshold=5)
    assert not any("Valid reviews" in i.text for i in circulated)
    # A small count of old investigations is worded as the tables word it.
    pack = _pack()
    table = pack.sections[2].tables[0]
    small = Table(
        table.key,
        table.title,
        table.columns,
        (("All investigations", c(20), c(3), Figure(15, Kind.PERCENT, 20, 3)),),
    )
    pack = MonthlyPack(
        pack.force_name,
        pack.month,
        (
            *pack.sections[:2],
            Section("investigations", "Investigations", (small,)),
            pack.sections[3],
        ),
        oldest_investigation_months=14,
    )
    items = highlights(pack, circulated=True, threshold=5)
    old = next(i for i in items if i.kind == "investigations")
    assert old.text.startswith("A number of investigations")
    assert " 3 " not in _texts(items)
