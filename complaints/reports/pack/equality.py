"""The equality monitoring answers of complainants, one table for each question.

The question heads the answers' column, so that "No 383" is read as an answer to the
disability question wherever the table goes: the PDF, the dashboard and its CSV file.
"""

from __future__ import annotations

from complaints.reports import queries as q
from complaints.reports.pack.context import Context, measure_over, table_of
from complaints.reports.tables import Figure, MonthlyPack, Section, Table


def section(ctx: Context) -> Section:
    tables = tuple(_question(ctx, question, title) for question, title in q.EQUALITY_QUESTIONS)
    return Section("equality", "Complainant equality monitoring", tables)


def _question(ctx: Context, question: str, title: str) -> Table:
    """Complainants by their answer to one question, in the month and over 12 months."""
    in_month = measure_over("complainants", ctx.month)
    over_year = measure_over("complainants", ctx.periods.rolling)
    month = ctx.once(q.equality_monitoring_by_question, ctx.month)[question]
    rolling = ctx.once(q.equality_monitoring_by_question, ctx.periods.rolling)[question]
    return Table(
        key=f"equality_{question}",
        title=f"Complainants by {title.lower()}",
        columns=(question_heading(title), ctx.headings[0], ctx.headings[3]),
        rows=tuple(
            (
                answer or "Not answered",
                Figure(month.get(answer, 0), part_of=in_month),
                Figure(n, part_of=over_year),
            )
            for answer, n in _answers(rolling)
        ),
        definition=q.definition(q.equality_monitoring),
    )


def question_heading(title: str) -> str:
    """The heading over a question's answers: the question, as the form asks it."""
    return f"{title}: answer given"


def _answers(counts: dict[str | None, int]) -> list[tuple[str | None, int]]:
    """Answers by how often they were given; 'Prefer not to say' and no answer last."""
    last = ("Prefer not to say", None)
    given = sorted(
        ((a, n) for a, n in counts.items() if a not in last), key=lambda x: (-x[1], x[0])
    )
    return given + [(a, counts[a]) for a in last if a in counts]


def summary(ctx: Context, pack: MonthlyPack) -> str:
    complainants = ctx.whole(row[1] for row in table_of(pack, "equality_sex").rows)
    return (
        f"The complaint cases logged in {ctx.month.label} had "
        f"{ctx.count_words(complainants, 'complainant')}."
    )
