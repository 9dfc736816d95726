"""The monthly pack: every measure of domain.md A6 for a month, as sections of tables.

Each figure comes from one function of ``queries``, and each table carries that
function's definition. Figures at a date (open cases, overdue updates) are taken at the
end of the month, or today while the month is still running. Summaries are made from the
figures alone, as the circulated tables hold them: "fewer than N" where a count is
suppressed and "a number of" where it is withheld.

Every figure that states a quantity another table states too (a headline and the table it
heads) carries the same ``measure``, and every count that is one part of a quantity stated
elsewhere carries ``part_of``, so that ``tables.protected`` can close each group of parts
of a published whole and hide a withheld part everywhere it is stated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from complaints.cases.allegations import AllegationAction
from complaints.cases.choices import AllegationResult, HandlingType, RecordingReason
from complaints.cases.deadlines import add_months
from complaints.common.clock import london_today
from complaints.investigations.models import InvestigationMode
from complaints.reports import queries as q
from complaints.reports.periods import Comparisons, Period, comparisons, months
from complaints.reports.tables import (
    Cell,
    Chart,
    Figure,
    Kind,
    MonthlyPack,
    ReportSettings,
    Section,
    Table,
    protected,
    suppressed,
)
from complaints.reviews.models import ReviewBody

TREND_MONTHS = 24
NOT_RECORDED = "Not recorded"
COMPARISONS_NOTE = (
    "Each measure is given for the month, the month before, the same month a year before "
    "and the 12 months ending with the month."
)


def monthly_pack(
    session: Session,
    month: dt.date,
    settings: ReportSettings,
    today: dt.date | None = None,
) -> MonthlyPack:
    """The figures for the month that starts on ``month``, with their comparisons.

    ``today`` (London) bounds the figures taken at a date while the month is running.
    """
    periods = comparisons(month)
    builder = _Pack(session, periods, settings, today or london_today())
    pack = MonthlyPack(
        force_name=settings.force_name,
        month=periods.month.start,
        sections=tuple(build() for build in builder.sections()),
    )
    pack = protected(pack, settings.threshold)
    return replace(
        pack,
        sections=tuple(
            replace(s, summary=_sentence(builder.summaries[s.key](pack))) for s in pack.sections
        ),
    )


Summary = Callable[[MonthlyPack], str]


def _over(name: str, period: Period) -> str:
    """The measure of a quantity taken over a period."""
    return f"{name}:{period.start.isoformat()}/{period.end.isoformat()}"


def _at(name: str, day: dt.date) -> str:
    """The measure of a quantity taken at the end of a day."""
    return f"{name}@{day.isoformat()}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _row(pack: MonthlyPack, table: str, label: str) -> tuple[Figure, ...]:
    """A row's figures as the protected pack holds them, for a summary to word."""
    found = next(t for t in pack.tables if t.key == table)
    return next(r for r in found.rows if r[0] == label)[1:]


class _Pack:
    def __init__(
        self, session: Session, periods: Comparisons, settings: ReportSettings, today: dt.date
    ) -> None:
        self.session = session
        self.periods = periods
        self.settings = settings
        self.today = today
        self.headings = periods.headings
        self.month = periods.month
        self.memo: dict[tuple, object] = {}
        self.summaries: dict[str, Summary] = {}

    def sections(self) -> list[Callable[[], Section]]:
        return [
            self.headlines,
            self.trends,
            self.categories,
            self.handling,
            self.timeliness,
            self.caseload,
            self.investigations,
            self.reviews,
            self.outcomes,
            self.proceedings,
            self.learning,
            self.divisions,
            self.equality,
        ]

    # Helpers. ----------------------------------------------------------------------------

    def as_at(self, period: Period) -> dt.date:
        return min(period.last_day, self.today)

    def each(self, measure: Callable[[Session, Period], object]) -> list:
        """A measure over the month and its three comparisons, in the order of headings;
        each worked out once, though headlines and sections both show it."""
        return [self.once(measure, period) for period in self.periods.all]

    def once(self, measure: Callable, *args):
        key = (measure, *args)
        if key not in self.memo:
            self.memo[key] = measure(self.session, *args)
        return self.memo[key]

    def at_ends(self, measure: Callable[[Session, dt.date], Figure], name: str) -> list[Figure]:
        """A figure at a date: the end of each month compared; none for the 12 months."""
        p = self.periods
        return [
            *(
                replace(self.once(measure, d), measure=_at(name, d))
                for d in (self.as_at(x) for x in (p.month, p.previous, p.last_year))
            ),
            Figure(None),
        ]

    def named(self, name: str, figures: Sequence[Figure]) -> list[Figure]:
        """Figures over the month and its comparisons, each given the quantity it states."""
        return [
            replace(f, measure=_over(name, period))
            for f, period in zip(figures, self.periods.all, strict=True)
        ]

    def parts(self, name: str, figures: Sequence[Figure]) -> list[Figure]:
        """Figures over the month and its comparisons, each one part of a named quantity."""
        return [
            replace(f, part_of=_over(name, period))
            for f, period in zip(figures, self.periods.all, strict=True)
        ]

    def compared(
        self,
        key: str,
        title: str,
        rows: Iterable[tuple[str, Sequence[Figure]]],
        measures: Sequence[Callable],
        *,
        first: str = "Measure",
        chart: Chart | None = None,
        note: str = COMPARISONS_NOTE,
    ) -> Table:
        return Table(
            key=key,
            title=title,
            columns=(first, *self.headings),
            rows=tuple((label, *figures) for label, figures in rows),
            definition=" ".join(q.definition(m) for m in measures),
            chart=chart,
            note=note,
        )

    def count_words(self, figure: Figure, noun: str, plural: str | None = None) -> str:
        """'12 cases', 'no cases', or 'fewer than 5 cases' where the count is suppressed."""
        plural = plural or noun + "s"
        if figure.value is None:
            return f"no {plural}"
        value = int(figure.value)
        if figure.withheld:
            return f"a number of {plural}"  # the circulated tables withhold it too
        if suppressed(figure, self.settings.threshold):
            return f"fewer than {self.settings.threshold} {plural}"
        if value == 0:
            return f"no {plural}"
        return f"{value:,} {noun if value == 1 else plural}"

    def whole(self, parts: Iterable[Cell]) -> Figure:
        """The sum of a table's parts for a summary. Parts of one ``part_of`` were closed by
        ``protected`` (no hidden part stands alone), so their sum may be stated; the sum of
        parts not closed is withheld when any is hidden, as it would give that one back,
        unless it is small enough to be suppressed itself."""
        figures = [p for p in parts if isinstance(p, Figure) and p.value is not None]
        whole = Figure(sum(int(p.value) for p in figures))
        closed = len({p.part_of for p in figures}) == 1 and figures[0].part_of is not None
        hidden = any(p.value and suppressed(p, self.settings.threshold) for p in figures)
        if closed or not hidden or suppressed(whole, self.settings.threshold):
            return whole
        return replace(whole, withheld=True)

    def was(self, figure: Figure) -> str:
        """The verb for a count as the summary words it: 'fewer than 5 cases were'."""
        single = figure.value == 1 and not suppressed(figure, self.settings.threshold)
        return "was" if single else "were"

    def days_words(self, figure: Figure, unit: str) -> str | None:
        if figure.value is None or suppressed(figure, self.settings.threshold):
            return None
        return f"{figure.value:.1f} {unit}"

    def target(self, key: str) -> tuple[Figure, Figure]:
        return (
            Figure(self.settings.targets.get(key), Kind.NUMBER),
            Figure(self.settings.comparators.get(key), Kind.NUMBER),
        )

    # Sections. ---------------------------------------------------------------------------

    def headlines(self) -> Section:
        logged = self.named("cases_logged", self.each(q.cases_logged))
        allegations = self.named("allegations_logged", self.each(q.allegations_logged))
        finalised = self.named("cases_finalised", self.each(q.cases_finalised))
        to_log = self.named("working_days_to_log", self.each(q.working_days_to_log))
        to_contact = self.named("working_days_to_contact", self.each(q.working_days_to_contact))
        finalise = self.each(q.days_to_finalise)
        recorded = self.named(
            "recorded_share",
            [
                q.share(sum(by_reason.values()), total)
                for total, by_reason in self.each(q.recorded_by_reason)
            ],
        )
        received = self.named(
            "reviews_received", [Figure(sum(r.values())) for r in self.each(q.reviews_received)]
        )
        upheld = self.named(
            "reviews_upheld_share",
            [
                q.share(sum(u for _, u in r.values()), sum(n for n, _ in r.values()))
                for r in self.each(q.reviews_upheld)
            ],
        )
        past_12 = self.at_ends(
            lambda s, d: Figure(
                sum(p for _, p in self.once(q.investigations_past_12_months, d).values())
            ),
            "investigations_past_12_months",
        )
        as_at = self.as_at(self.month)
        overdue = [
            Figure(
                sum(self.once(q.updates_overdue, as_at).values()),
                measure=_at("updates_overdue", as_at),
            ),
            Figure(None),
            Figure(None),
            Figure(None),
        ]
        rows = [
            ("Complaint cases logged", logged),
            ("Allegations logged", allegations),
            ("Complaint cases finalised", finalised),
            ("Mean working days to log", to_log),
            ("Mean working days to first contact", to_contact),
            (
                "Mean days to finalise, outside Schedule 3",
                self.named("days_outside", [f.outside_schedule_3 for f in finalise]),
            ),
            (
                "Mean days to finalise, under Schedule 3",
                self.named("days_under", [f.under_schedule_3 for f in finalise]),
            ),
            (
                "Mean days to finalise, under Schedule 3, excluding suspensions",
                self.named(
                    "days_under_excluding",
                    [f.under_schedule_3_excluding_suspensions for f in finalise],
                ),
            ),
            ("% of complaint cases logged recorded under Schedule 3", recorded),
            ("Valid reviews received", received),
            ("% of reviews decided that were upheld", upheld),
            ("Open cases at the end of the month", self.at_ends(q.open_cases, "open_cases")),
            ("Investigations open 12 months or more at the end of the month", past_12),
            ("Complainant updates overdue", overdue),
            (
                "Learning items overdue at the end of the month",
                self.at_ends(q.learning_overdue, "learning_overdue"),
            ),
        ]
        table = self.compared(
            "headlines",
            "The month at a glance",
            rows,
            (),
            note=COMPARISONS_NOTE + " Each measure is defined with its own table. "
            "Figures at the end of a month have no 12-month value; overdue updates are "
            "counted as cases stand now, so only for the month reported on.",
        )
        table = _with_definition(
            table,
            "The headline measures, each defined with its table: cases and allegations "
            "logged, cases finalised, working days to log and to first contact, days to "
            "finalise, recording under Schedule 3, reviews, open cases, investigations past "
            "12 months, updates overdue and learning overdue. " + q.RESTRICTED_NOTE,
        )

        def summary(pack: MonthlyPack) -> str:
            logged = _row(pack, "headlines", "Complaint cases logged")
            allegations = _row(pack, "headlines", "Allegations logged")
            finalised = _row(pack, "headlines", "Complaint cases finalised")
            return (
                f"In {self.month.label}, {self.count_words(logged[0], 'complaint case')} "
                f"{self.was(logged[0])} logged with "
                f"{self.count_words(allegations[0], 'allegation')}, against "
                f"{self.count_words(logged[1], 'case')} in {self.periods.previous.label} and "
                f"{self.count_words(logged[2], 'case')} in {self.periods.last_year.label}; "
                f"{self.count_words(finalised[0], 'case')} "
                f"{self.was(finalised[0])} finalised."
            )

        self.summaries["headlines"] = summary
        return Section("headlines", "Headlines", (table,))

    def trends(self) -> Section:
        span = months(_months_before(self.month.start, TREND_MONTHS - 1), TREND_MONTHS)
        logged = q.monthly_cases_logged(self.session, span)
        allegations = q.monthly_allegations_logged(self.session, span)
        finalised = q.monthly_cases_finalised(self.session, span)
        rolling = self.periods.rolling

        def figure(name: str, n: int, m: Period) -> Figure:
            whole = _over(name, rolling) if m.start >= rolling.start else None
            return Figure(n, measure=_over(name, m), part_of=whole)

        rows = tuple(
            (
                m.start.strftime("%b %Y"),
                figure("cases_logged", a, m),
                figure("allegations_logged", b, m),
                figure("cases_finalised", c, m),
            )
            for m, a, b, c in zip(span, logged, allegations, finalised, strict=True)
        )
        table = Table(
            key="trends",
            title=f"Cases and allegations over the {TREND_MONTHS} months to {self.month.label}",
            columns=("Month", "Complaint cases logged", "Allegations logged", "Cases finalised"),
            rows=rows,
            definition=" ".join(
                q.definition(m) for m in (q.cases_logged, q.allegations_logged, q.cases_finalised)
            ),
            chart=Chart("line", (1, 2, 3)),
        )

        def summary(pack: MonthlyPack) -> str:
            trend = next(t for t in pack.tables if t.key == "trends")
            first = self.whole(row[1] for row in trend.rows[:12])
            last = _row(pack, "headlines", "Complaint cases logged")[3]
            return (
                f"{self.count_words(last, 'complaint case')} were logged in the 12 months to "
                f"{self.month.label}, against {self.count_words(first, 'case')} in the 12 "
                "months before."
            )

        self.summaries["trends"] = summary
        return Section("trends", "Trends", (table,))

    def categories(self) -> Section:
        counts = self.each(q.allegations_by_category)
        groups = q.category_groups(self.session)
        rows = [
            (
                f"{code} {name}",
                self.parts("allegations_logged", [Figure(c.get(code, 0)) for c in counts]),
            )
            for code, name in groups
        ]
        if any(c.get(None) for c in counts):
            rows.append(
                (
                    "Legacy categories (before 2020)",
                    self.parts("allegations_logged", [Figure(c.get(None, 0)) for c in counts]),
                )
            )
        table = self.compared(
            "allegation_categories",
            "Allegations logged, by category",
            rows,
            (q.allegations_by_category,),
            first="Category",
            chart=Chart("hbar", (4,)),
        )

        def summary(pack: MonthlyPack) -> str:
            shown = next(t for t in pack.tables if t.key == "allegation_categories").rows
            top = max(shown, key=lambda r: r[4].value or 0, default=None)
            if not (top and top[4].value):
                return ""
            return (
                f"Over the 12 months to {self.month.label}, the largest group of allegations "
                f"was {top[0]} ({self.count_words(top[4], 'allegation')})."
            )

        self.summaries["categories"] = summary
        return Section("categories", "Allegation categories", (table,))

    def handling(self) -> Section:
        recorded = self.each(q.recorded_by_reason)
        rows = [
            (
                "Recorded under Schedule 3, any reason",
                self.named(
                    "recorded_share",
                    [q.share(sum(r.values()), total, total=True) for total, r in recorded],
                ),
            ),
            *(
                (reason.label, [q.share(r.get(reason.value, 0), total) for total, r in recorded])
                for reason in RecordingReason
            ),
        ]
        recording = self.compared(
            "recording",
            "% of complaint cases logged that were recorded under Schedule 3, by reason",
            rows,
            (q.recorded_by_reason,),
            first="Reason",
        )
        types = self.each(q.handling_types)
        handling_rows = [
            (h.label, self.parts("cases_finalised", [Figure(t.get(h.value, 0)) for t in types]))
            for h in HandlingType
        ]
        if any(t.get(None) for t in types):
            handling_rows.append(
                (
                    NOT_RECORDED,
                    self.parts("cases_finalised", [Figure(t.get(None, 0)) for t in types]),
                )
            )
        handled = self.compared(
            "handling_types",
            "Complaint cases finalised, by handling type",
            handling_rows,
            (q.handling_types,),
            first="Handling type",
            chart=Chart("hbar", (4,)),
        )

        def summary(pack: MonthlyPack) -> str:
            share = _row(pack, "recording", "Recorded under Schedule 3, any reason")[0]
            if share.value is None or suppressed(share, self.settings.threshold):
                return ""
            return (
                f"{share.value:.0f}% of the complaint cases logged in {self.month.label} have "
                "been recorded under Schedule 3."
            )

        self.summaries["handling"] = summary
        return Section("handling", "Recording and handling", (recording, handled))

    def timeliness(self) -> Section:
        def table(key, title, measure, rows):
            return Table(
                key=key,
                title=title,
                columns=("Measure", *self.headings, "Target", "National comparator"),
                rows=tuple(rows),
                definition=q.definition(measure),
                chart=None,
                note=COMPARISONS_NOTE,
            )

        def row(label, figures, target_key=None):
            extra = self.target(target_key) if target_key else ("", "")
            return (label, *figures, *extra)

        to_log = self.named("working_days_to_log", self.each(q.working_days_to_log))
        to_contact = self.named("working_days_to_contact", self.each(q.working_days_to_contact))
        finalise = self.each(q.days_to_finalise)
        counts = self.named("cases_logged", _bases(to_log))
        contacted = self.named("cases_contacted", _bases(to_contact))
        outside = self.named("days_outside", [f.outside_schedule_3 for f in finalise])
        under = self.named("days_under", [f.under_schedule_3 for f in finalise])
        excluding = self.named(
            "days_under_excluding", [f.under_schedule_3_excluding_suspensions for f in finalise]
        )
        tables = (
            table(
                "working_days_to_log",
                "Working days to log",
                q.working_days_to_log,
                [
                    row("Mean working days to log", to_log, "working_days_to_log"),
                    row("Complaint cases logged", counts),
                ],
            ),
            table(
                "working_days_to_contact",
                "Working days to first contact",
                q.working_days_to_contact,
                [
                    row(
                        "Mean working days to first contact", to_contact, "working_days_to_contact"
                    ),
                    row("Complaint cases first contacted", contacted),
                ],
            ),
            table(
                "days_to_finalise",
                "Days to finalise",
                q.days_to_finalise,
                [
                    row(
                        "Outside Schedule 3: mean days",
                        outside,
                        "days_to_finalise_outside_schedule_3",
                    ),
                    row(
                        "Outside Schedule 3: cases finalised",
                        self.parts("cases_finalised", _bases(outside)),
                    ),
                    row(
                        "Under Schedule 3: mean days",
                        under,
                        "days_to_finalise_under_schedule_3",
                    ),
                    row(
                        "Under Schedule 3, excluding suspensions: mean days",
                        excluding,
                        "days_to_finalise_under_schedule_3_excluding_suspensions",
                    ),
                    row(
                        "Under Schedule 3: cases finalised",
                        self.parts("cases_finalised", _bases(under)),
                    ),
                ],
            ),
        )

        def summary(pack: MonthlyPack) -> str:
            parts = []
            log_days = self.days_words(
                _row(pack, "working_days_to_log", "Mean working days to log")[0], "working days"
            )
            if log_days:
                parts.append(f"Complaints took a mean of {log_days} to log")
                goal = self.settings.targets.get("working_days_to_log")
                if goal is not None:
                    parts[-1] += f" (target {goal:g})"
            contact_days = self.days_words(
                _row(pack, "working_days_to_contact", "Mean working days to first contact")[0],
                "working days",
            )
            if contact_days:
                parts.append(f"{contact_days} to first contact")
            return (" and ".join(parts) + f" in {self.month.label}.") if parts else ""

        self.summaries["timeliness"] = summary
        return Section("timeliness", "Timeliness", tables)

    def caseload(self) -> Section:
        as_at = self.as_at(self.month)
        ages = q.open_cases_by_age(self.session, as_at)
        total = sum(ages.values())
        age_table = Table(
            key="open_by_age",
            title=f"Open cases by age on {_day(as_at)}",
            columns=("Time since received", "Open cases", "% of open cases"),
            rows=(
                *(
                    (label, Figure(ages.get(label, 0)), q.share(ages.get(label, 0), total))
                    for _, label in q.AGE_BANDS
                ),
                (
                    "All open cases",
                    Figure(total, total=True, measure=_at("open_cases", as_at)),
                    q.share(total, total, total=True),
                ),
            ),
            definition=q.definition(q.open_cases_by_age),
            chart=Chart("bar", (1,)),
        )
        late = self.once(q.updates_overdue, as_at)
        overdue_table = Table(
            key="updates_overdue",
            title=f"Complainant updates overdue on {_day(as_at)}",
            columns=("How late", "Cases"),
            rows=(
                *((label, Figure(late.get(label, 0))) for _, label in q.LATENESS_BANDS),
                (
                    "All overdue",
                    Figure(sum(late.values()), total=True, measure=_at("updates_overdue", as_at)),
                ),
            ),
            definition=q.definition(q.updates_overdue),
        )

        def summary(pack: MonthlyPack) -> str:
            open_ = _row(pack, "open_by_age", "All open cases")[0]
            overdue = _row(pack, "updates_overdue", "All overdue")[0]
            return (
                f"On {_day(as_at)}, {self.count_words(open_, 'case')} {self.was(open_)} open "
                f"and {self.count_words(overdue, 'complainant update')} {self.was(overdue)} "
                "overdue."
            )

        self.summaries["caseload"] = summary
        return Section("caseload", "Open caseload", (age_table, overdue_table))

    def investigations(self) -> Section:
        as_at = self.as_at(self.month)
        by_mode = self.once(q.investigations_past_12_months, as_at)

        def row(label, n, past, total=False):
            return (
                label,
                Figure(
                    n, total=total, measure=_at("investigations_open", as_at) if total else None
                ),
                Figure(
                    past,
                    total=total,
                    measure=_at("investigations_past_12_months", as_at) if total else None,
                ),
                q.share(past, n, total=total),
            )

        rows = [row(m.label, *by_mode.get(m.value, (0, 0))) for m in InvestigationMode]
        open_all = sum(n for n, _ in by_mode.values())
        past_all = sum(p for _, p in by_mode.values())
        rows.append(row("All investigations", open_all, past_all, total=True))
        table = Table(
            key="investigations_past_12_months",
            title=f"Investigations open 12 months or more on {_day(as_at)}",
            columns=(
                "Investigation",
                "Open investigations",
                "Open 12 months or more",
                "% open 12 months or more",
            ),
            rows=tuple(rows),
            definition=q.definition(q.investigations_past_12_months),
        )

        def summary(pack: MonthlyPack) -> str:
            opened, past = _row(pack, "investigations_past_12_months", "All investigations")[:2]
            return (
                f"On {_day(as_at)}, {self.count_words(opened, 'investigation')} "
                f"{self.was(opened)} open; {self.count_words(past, 'investigation')} "
                f"{self.was(past)} for a case received 12 months or more before."
            )

        self.summaries["investigations"] = summary
        return Section("investigations", "Investigations", (table,))

    def reviews(self) -> Section:
        received = self.each(q.reviews_received)
        decided = self.each(q.reviews_upheld)
        received_rows = [
            (b.label, [Figure(r.get(b.value, 0)) for r in received]) for b in ReviewBody
        ]
        received_rows.append(
            (
                "All review bodies",
                self.named(
                    "reviews_received", [Figure(sum(r.values()), total=True) for r in received]
                ),
            )
        )
        upheld_rows = [
            (
                b.label,
                [q.share(d.get(b.value, (0, 0))[1], d.get(b.value, (0, 0))[0]) for d in decided],
            )
            for b in ReviewBody
        ]
        upheld_rows.append(
            (
                "All review bodies",
                self.named(
                    "reviews_upheld_share",
                    [
                        q.share(
                            sum(u for _, u in d.values()),
                            sum(n for n, _ in d.values()),
                            total=True,
                        )
                        for d in decided
                    ],
                ),
            )
        )
        tables = (
            self.compared(
                "reviews_received",
                "Valid reviews received, by review body",
                received_rows,
                (q.reviews_received,),
                first="Review body",
            ),
            self.compared(
                "reviews_upheld",
                "% of reviews decided that were upheld, by review body",
                upheld_rows,
                (q.reviews_upheld,),
                first="Review body",
            ),
        )

        def summary(pack: MonthlyPack) -> str:
            received_all = _row(pack, "reviews_received", "All review bodies")[0]
            return (
                f"{self.count_words(received_all, 'valid review application')} "
                f"{self.was(received_all)} received in {self.month.label}."
            )

        self.summaries["reviews"] = summary
        return Section("reviews", "Reviews", tables)

    def outcomes(self) -> Section:
        results = self.each(q.allegation_results)
        result_rows = [
            (r.label, [Figure(x.get(r.value, 0)) for x in results]) for r in AllegationResult
        ]
        if any(x.get(None) for x in results):
            result_rows.append(("No result recorded", [Figure(x.get(None, 0)) for x in results]))
        actions = self.each(q.allegation_actions)
        action_rows = [
            (a.label, [Figure(x.get(a.value, 0)) for _, x in actions]) for a in AllegationAction
        ]
        if any(x.get(None) for _, x in actions):
            action_rows.append(
                ("Recorded as a note only", [Figure(x.get(None, 0)) for _, x in actions])
            )
        tables = (
            self.compared(
                "allegation_results",
                "Results of allegations on complaint cases finalised",
                result_rows,
                (q.allegation_results,),
                first="Result",
                chart=Chart("hbar", (4,)),
            ),
            self.compared(
                "allegation_actions",
                "Actions taken on allegations on complaint cases finalised",
                action_rows,
                (q.allegation_actions,),
                first="Action",
                chart=Chart("hbar", (4,)),
            ),
        )

        def summary(pack: MonthlyPack) -> str:
            shown = next(t for t in pack.tables if t.key == "allegation_results").rows
            finalised = self.whole(row[1] for row in shown)
            if not finalised.value:
                return f"No allegations were finalised in {self.month.label}."
            return (
                f"{self.count_words(finalised, 'allegation')} on complaint cases finalised in "
                f"{self.month.label} {'has' if self.was(finalised) == 'was' else 'have'} a "
                "result."
            )

        self.summaries["outcomes"] = summary
        return Section("outcomes", "Outcomes and actions", tables)

    def proceedings(self) -> Section:
        outcomes = self.each(q.conduct_outcomes)
        subjects, *_ = q.CONDUCT_ROWS
        decided = {"Case to answer", "No case to answer"}  # every subject has one or other

        def figures(label: str) -> list[Figure]:
            counts = [Figure(o[label], total=label == subjects[0]) for o in outcomes]
            if label == subjects[0]:
                return self.named("conduct_subjects", counts)
            return self.parts("conduct_subjects", counts) if label in decided else counts

        rows = [(label, figures(label)) for label, _, _ in q.CONDUCT_ROWS]
        table = self.compared(
            "conduct_outcomes",
            "Conduct outcomes and misconduct proceedings",
            rows,
            (q.conduct_outcomes,),
        )

        def summary(pack: MonthlyPack) -> str:
            decided = _row(pack, "conduct_outcomes", subjects[0])[3]
            return (
                f"Over the 12 months to {self.month.label}, conduct outcomes were decided for "
                f"{self.count_words(decided, 'subject')}."
            )

        self.summaries["proceedings"] = summary
        return Section("proceedings", "Misconduct proceedings", (table,))

    def learning(self) -> Section:
        raised = self.named("learning_raised", self.each(q.learning_raised))
        done = self.named("learning_implemented", self.each(q.learning_implemented))
        open_ = self.at_ends(q.learning_open, "learning_open")
        overdue = self.at_ends(q.learning_overdue, "learning_overdue")
        rows = [
            ("Learning items raised", raised),
            ("Learning items implemented", done),
            ("Open at the end of the month", open_),
            ("Overdue at the end of the month", overdue),
        ]
        table = self.compared(
            "learning",
            "Learning raised, implemented and overdue",
            rows,
            (q.learning_raised, q.learning_implemented, q.learning_open, q.learning_overdue),
        )

        def summary(pack: MonthlyPack) -> str:
            raised = _row(pack, "learning", "Learning items raised")[0]
            done = _row(pack, "learning", "Learning items implemented")[0]
            overdue = _row(pack, "learning", "Overdue at the end of the month")[0]
            return (
                f"In {self.month.label}, {self.count_words(raised, 'learning item')} "
                f"{self.was(raised)} raised and {self.count_words(done, 'item')} implemented; "
                f"{self.count_words(overdue, 'item')} {self.was(overdue)} overdue at the end "
                "of the month."
            )

        self.summaries["learning"] = summary
        return Section("learning", "Learning", (table,))

    def divisions(self) -> Section:
        month = q.by_division(self.session, self.month)
        rolling = q.by_division(self.session, self.periods.rolling)
        as_at = self.as_at(self.month)
        open_ = q.open_by_division(self.session, as_at)
        names: list[str | None] = list(q.division_names(self.session))
        if any(None in d for d in (month, rolling, open_)):
            names.append(None)
        empty = q.DivisionFigures()
        in_month = _over("cases_logged", self.month)
        cases, allegations = (
            _over(m, self.periods.rolling) for m in ("cases_logged", "allegations_logged")
        )
        rows = tuple(
            (
                name or "No division recorded",
                Figure(month.get(name, empty).cases, part_of=in_month),
                Figure(rolling.get(name, empty).cases, part_of=cases),
                Figure(rolling.get(name, empty).allegations, part_of=allegations),
                Figure(open_.get(name, 0)),
            )
            for name in names
        )
        table = Table(
            key="divisions",
            title="Complaints by division or department",
            columns=(
                "Division or department",
                f"Cases logged, {self.month.label}",
                f"Cases logged, {self.headings[3]}",
                f"Allegations logged, {self.headings[3]}",
                f"Open complaints on {_day(as_at)}",
            ),
            rows=rows,
            definition=" ".join(q.definition(m) for m in (q.by_division, q.open_by_division)),
            chart=Chart("hbar", (2,)),
        )

        def summary(pack: MonthlyPack) -> str:
            shown = next(t for t in pack.tables if t.key == "divisions").rows
            busiest = max(shown, key=lambda r: r[2].value or 0, default=None)
            if not (busiest and busiest[2].value):
                return ""
            return (
                f"Over the 12 months to {self.month.label}, most complaint cases arose in "
                f"{busiest[0]} ({self.count_words(busiest[2], 'case')})."
            )

        self.summaries["divisions"] = summary
        return Section("divisions", "Divisions", (table,))

    def equality(self) -> Section:
        tables = []
        in_month = _over("complainants", self.month)
        over_year = _over("complainants", self.periods.rolling)
        for question, title in q.EQUALITY_QUESTIONS:
            month = self.once(q.equality_monitoring, question, self.month)
            rolling = q.equality_monitoring(self.session, question, self.periods.rolling)
            tables.append(
                Table(
                    key=f"equality_{question}",
                    title=f"Complainants by {title.lower()}",
                    columns=("Answer", self.headings[0], self.headings[3]),
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
            )

        def summary(pack: MonthlyPack) -> str:
            by_sex = next(t for t in pack.tables if t.key == "equality_sex").rows
            complainants = self.whole(row[1] for row in by_sex)
            return (
                f"The complaint cases logged in {self.month.label} had "
                f"{self.count_words(complainants, 'complainant')}."
            )

        self.summaries["equality"] = summary
        return Section("equality", "Complainant equality monitoring", tuple(tables))


def _answers(counts: dict[str | None, int]) -> list[tuple[str | None, int]]:
    """Answers by how often they were given; 'Prefer not to say' and no answer last."""
    last = ("Prefer not to say", None)
    given = sorted(
        ((a, n) for a, n in counts.items() if a not in last), key=lambda x: (-x[1], x[0])
    )
    return given + [(a, counts[a]) for a in last if a in counts]


def _bases(figures: Sequence[Figure]) -> list[Cell]:
    return [Figure(f.base, Kind.COUNT) for f in figures]


def _with_definition(table: Table, text: str) -> Table:
    return Table(table.key, table.title, table.columns, table.rows, text, table.chart, table.note)


def _months_before(day: dt.date, n: int) -> dt.date:
    return add_months(day, -n)


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
