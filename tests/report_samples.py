"""A monthly pack as the measures make it, by hand: every section, long labels, a 24-month
trend, and counts from 1 to 4 that the circulated version must hide."""

from __future__ import annotations

import datetime as dt

from complaints.reports.tables import Chart, Figure, Kind, MonthlyPack, Section, Table

MONTH = dt.date(2026, 10, 1)
FORCE = "Northshire Police"
COMPARISONS = ("October 2026", "September 2026", "October 2025", "Rolling 12 months")

# The small counts the sample holds, by (table key, row label, column): the circulated
# version withholds these cells ("[c]") and the full version shows the digits.
SMALL_COUNTS = {
    ("headline-figures", "Reviews received", "October 2026"): 3,
    ("headline-figures", "Investigations open more than 12 months", "October 2026"): 2,
    ("allegations-by-category", "Use of police vehicles", "October 2026"): 1,
    ("allegations-by-category", "Sexual conduct", "October 2026"): 2,
    ("handling-types", "Investigation directed by the IOPC", "Cases"): 4,
    ("investigations", "Suspended (sub judice)", "Number"): 2,
    ("reviews-by-body", "IOPC", "Received"): 3,
    ("proceedings", "Accelerated misconduct hearing", "Number"): 1,
    ("equality-ethnicity", "Mixed or multiple ethnic groups", "Complainants"): 4,
}


def c(value, base=None):
    return Figure(value, Kind.COUNT, base)


def days(value, base):
    return Figure(value, Kind.DAYS, base)


def pct(value, base):
    return Figure(value, Kind.PERCENT, base)


def num(value):
    return Figure(value, Kind.NUMBER)


def _months_back(month: dt.date, n: int) -> list[dt.date]:
    out = []
    year, mon = month.year, month.month
    for _ in range(n):
        out.append(dt.date(year, mon, 1))
        year, mon = (year, mon - 1) if mon > 1 else (year - 1, 12)
    return list(reversed(out))


def _trend_rows(month: dt.date) -> tuple:
    rows = []
    for i, first in enumerate(_months_back(month, 24)):
        cases = 96 + (i * 7) % 23 - (i % 5) * 3
        rows.append((f"{first:%b %Y}", c(cases), c(cases + 28 + (i * 11) % 19)))
    return tuple(rows)


def sample_pack(month: dt.date = MONTH, force_name: str = FORCE) -> MonthlyPack:
    this, prev, last_year, rolling = (
        f"{month:%B %Y}",
        f"{(month - dt.timedelta(days=1)):%B %Y}",
        f"{month.replace(year=month.year - 1):%B %Y}",
        "Rolling 12 months",
    )
    comparison = ("Measure", this, prev, last_year, rolling)
    headlines = Section(
        "headlines",
        "Headlines",
        (
            Table(
                "headline-figures",
                "Headline figures",
                comparison,
                (
                    ("Cases logged", c(112), c(104), c(98), c(1_276)),
                    ("Allegations logged", c(148), c(139), c(127), c(1_702)),
                    (
                        "Complaints recorded under Schedule 3",
                        pct(61.2, 67),
                        pct(58, 60),
                        pct(55, 54),
                        pct(59.4, 760),
                    ),
                    ("Cases finalised", c(97), c(101), c(90), c(1_190)),
                    ("Reviews received", c(3), c(6), c(7), c(71)),
                    ("Investigations open more than 12 months", c(2), c(2), c(0), c(None)),
                ),
                definition="Cases and allegations logged: by logged date in the month. "
                "Finalised: cases whose state became finalised in the month.",
            ),
        ),
        summary="112 cases were logged in October 2026, 8 more than in September 2026.",
        circulated_summary="112 cases were logged in October 2026, 8 more than in September 2026.",
    )
    trends = Section(
        "trends",
        "Trends",
        (
            Table(
                "cases-and-allegations-logged",
                "Cases and allegations logged, last 24 months",
                ("Month", "Cases logged", "Allegations logged"),
                _trend_rows(month),
                definition="Cases and allegations counted in the month they were logged.",
                chart=Chart("line", (1, 2)),
            ),
        ),
    )
    groups = (
        ("Delivery of duties and service", 61, 702),
        ("Police powers, policies and procedures", 33, 398),
        ("Handling of or damage to property/premises", 6, 71),
        ("Access and/or disclosure of information", 9, 88),
        ("Use of police vehicles", 1, 14),
        ("Discriminatory behaviour", 7, 65),
        ("Abuse of position / corruption", 0, 9),
        ("Individual behaviours", 27, 300),
        ("Sexual conduct", 2, 11),
        ("Discreditable conduct", 0, 28),
        ("Other", 2, 16),
    )
    categories = Section(
        "categories",
        "Allegations by category",
        (
            Table(
                "allegations-by-category",
                "Allegations logged by category group",
                ("Category group", this, rolling),
                tuple((name, c(n), c(r)) for name, n, r in groups),
                definition="Allegations logged in the month by the IOPC's 2020 category group.",
                chart=Chart("hbar", (1,)),
            ),
        ),
    )
    handling = Section(
        "handling",
        "Handling",
        (
            Table(
                "handling-types",
                "How cases finalised this month were handled",
                ("Handling", "Cases", "Share"),
                (
                    ("Outside Schedule 3 (initial handling)", c(38), pct(39.2, 97)),
                    ("Schedule 3, otherwise than by investigation", c(41), pct(42.3, 97)),
                    ("Local investigation", c(14), pct(14.4, 97)),
                    ("Investigation directed by the IOPC", c(4), pct(4.1, 4)),
                    ("Independent investigation by the IOPC", c(0), pct(0, 97)),
                ),
                definition="Cases finalised in the month by how they were last handled.",
                chart=Chart("bar", (1,)),
            ),
            Table(
                "recorded-by-reason",
                "Complaints recorded under Schedule 3, by reason",
                ("Reason", "Complaints", "Share"),
                (
                    (
                        "The complainant asked for the complaint to be recorded",
                        c(31),
                        pct(46.3, 67),
                    ),
                    ("Allegation of serious harm or a criminal offence", c(12), pct(17.9, 67)),
                    ("Dissatisfied after initial handling", c(24), pct(35.8, 67)),
                ),
                definition="Complaints recorded in the month, by the first reason given.",
            ),
        ),
    )
    timeliness = Section(
        "timeliness",
        "Timeliness",
        (
            Table(
                "timeliness",
                "Timeliness against target and national comparator",
                ("Measure", this, prev, last_year, rolling, "Target", "National comparator"),
                (
                    (
                        "Working days to log",
                        days(1.8, 112),
                        days(2.3, 104),
                        days(3.1, 98),
                        days(2.2, 1_276),
                        num(2),
                        num(6),
                    ),
                    (
                        "Working days to contact",
                        days(4.6, 99),
                        days(5.2, 91),
                        days(6.0, 80),
                        days(5.0, 1_100),
                        num(5),
                        num(6),
                    ),
                    (
                        "Days to finalise outside Schedule 3",
                        days(18.4, 38),
                        days(21.0, 44),
                        days(25.7, 35),
                        days(20.1, 470),
                        num(20),
                        num(22),
                    ),
                    (
                        "Days to finalise under Schedule 3, including suspensions",
                        days(151.3, 59),
                        days(139.0, 57),
                        days(160.2, 55),
                        days(147.8, 720),
                        num(140),
                        num(146),
                    ),
                    (
                        "Days to finalise under Schedule 3, excluding suspensions",
                        days(133.0, 3),
                        days(129.5, 57),
                        days(141.9, 55),
                        days(135.2, 720),
                        num(None),
                        num(138),
                    ),
                ),
                definition="Working days exclude weekends and England and Wales bank holidays. "
                "Days to finalise: calendar days from received to finalised, over cases "
                "finalised in the period.",
                note="Targets are the force's own; comparators are England and Wales figures.",
            ),
        ),
    )
    caseload = Section(
        "caseload",
        "Caseload",
        (
            Table(
                "open-cases-by-state",
                "Open cases at the end of the month, by state",
                ("State", "Cases"),
                (
                    ("Logged", c(23)),
                    ("Initial handling", c(41)),
                    ("Recorded, awaiting a handling decision", c(17)),
                    ("With the IOPC", c(6)),
                    ("Handling otherwise than by investigation", c(88)),
                    ("Investigation", c(52)),
                    ("Outcome determined or notified", c(19)),
                    ("Under review", c(9)),
                ),
                chart=Chart("hbar", (1,)),
                definition="Cases not finalised or withdrawn on the last day of the month.",
            ),
            Table(
                "updates-overdue",
                "Complainant updates overdue",
                ("Measure", "Cases"),
                (("Updates overdue at the end of the month", c(7)),),
                definition="Open cases whose next 4-weekly update date has passed.",
            ),
        ),
    )
    investigations = Section(
        "investigations",
        "Investigations",
        (
            Table(
                "investigations",
                "Investigations",
                ("Measure", "Number"),
                (
                    ("Open at the end of the month", c(58)),
                    ("Started in the month", c(9)),
                    ("Open more than 12 months", c(6)),
                    ("Suspended (sub judice)", c(2)),
                    ("Under special procedures", c(11)),
                ),
                definition="Investigations by their start date and state at the month's end.",
            ),
        ),
    )
    reviews = Section(
        "reviews",
        "Reviews",
        (
            Table(
                "reviews-by-body",
                "Reviews received and upheld, by review body",
                ("Review body", "Received", "Decided", "Upheld", "Share upheld"),
                (
                    ("OPCC (local policing body)", c(11), c(9), c(2), pct(22.2, 9)),
                    ("IOPC", c(3), c(3), c(1), pct(33.3, 3)),
                ),
                definition="Share upheld: reviews upheld over reviews decided in the month.",
            ),
            Table(
                "reviews-decided-by-month",
                "Reviews decided, last 12 months",
                ("Month", "Upheld", "Not upheld"),
                tuple(
                    (f"{m:%b %Y}", c((i * 3) % 5), c(6 + (i * 5) % 7))
                    for i, m in enumerate(_months_back(month, 12))
                ),
                chart=Chart("stacked", (1, 2)),
                definition="Reviews by the month they were decided.",
            ),
        ),
    )
    outcomes = Section(
        "outcomes",
        "Outcomes",
        (
            Table(
                "allegation-results",
                "Results of allegations finalised",
                ("Result", "Allegations", "Share"),
                (
                    ("Service acceptable", c(71), pct(53.4, 133)),
                    ("Service not acceptable", c(19), pct(14.3, 133)),
                    ("Unable to determine", c(9), pct(6.8, 133)),
                    ("No further action", c(7), pct(5.3, 133)),
                    ("Resolved (outside Schedule 3)", c(24), pct(18.0, 133)),
                    ("Not resolved (outside Schedule 3)", c(3), pct(2.3, 133)),
                ),
                chart=Chart("hbar", (1,)),
                definition="Allegations on cases finalised in the month, by result.",
            ),
        ),
    )
    proceedings = Section(
        "proceedings",
        "Conduct proceedings",
        (
            Table(
                "proceedings",
                "Conduct proceedings concluded",
                ("Proceedings", "Number"),
                (
                    ("Misconduct meeting", c(6)),
                    ("Misconduct hearing", c(5)),
                    ("Accelerated misconduct hearing", c(1)),
                    ("Reflective practice (RPRP)", c(14)),
                ),
                definition="Proceedings concluded in the month, per subject.",
            ),
        ),
    )
    learning = Section(
        "learning",
        "Learning",
        (
            Table(
                "learning",
                "Learning recommendations",
                ("Status", "Items"),
                (("Open", c(21)), ("Overdue (no response in 56 days)", c(6)), ("Done", c(34))),
                definition="Learning items by status at the end of the month.",
            ),
        ),
    )
    divisions = Section(
        "divisions",
        "Divisions",
        (
            Table(
                "allegations-by-division",
                "Cases and allegations by division",
                ("Division", "Cases", "Allegations", "Per 100 officers"),
                (
                    ("North", c(21), c(27), num(3.1)),
                    ("South", c(18), c(25), num(2.8)),
                    ("East", c(16), c(22), num(2.6)),
                    ("West", c(19), c(24), num(2.9)),
                    ("Central", c(24), c(33), num(3.4)),
                    ("Roads policing", c(8), c(10), num(4.0)),
                    ("Custody", c(5), c(7), num(3.3)),
                    ("Contact management", c(1), c(None), num(None)),
                ),
                chart=Chart("bar", (1, 2)),
                definition="Cases logged in the month by the division of their first subject.",
            ),
        ),
    )
    equality = Section(
        "equality",
        "Equality",
        (
            Table(
                "equality-ethnicity",
                "Complainants by ethnic group",
                ("Ethnic group", "Complainants", "Share"),
                (
                    ("White", c(71), pct(63.4, 112)),
                    ("Asian or Asian British", c(12), pct(10.7, 112)),
                    ("Black, Black British, Caribbean or African", c(6), pct(5.4, 112)),
                    ("Mixed or multiple ethnic groups", c(4), pct(3.6, 4)),
                    ("Other ethnic group", c(0), pct(0, 112)),
                    ("Prefer not to say", c(19), pct(17.0, 112)),
                ),
                definition="Complainants of cases logged in the month who answered monitoring.",
            ),
        ),
    )
    return MonthlyPack(
        force_name=force_name,
        month=month,
        sections=(
            headlines,
            trends,
            categories,
            handling,
            timeliness,
            caseload,
            investigations,
            reviews,
            outcomes,
            proceedings,
            learning,
            divisions,
            equality,
        ),
    )
