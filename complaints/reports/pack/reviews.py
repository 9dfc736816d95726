"""Reviews of complaint handling: valid applications received and the share upheld, by body."""

from __future__ import annotations

from complaints.reports import queries as q
from complaints.reports.pack.context import Context, row_of
from complaints.reports.tables import Figure, MonthlyPack, Section
from complaints.reviews.models import ReviewBody


def section(ctx: Context) -> Section:
    tables = (
        ctx.compared(
            "reviews_received",
            "Valid reviews received, by review body",
            _received(ctx),
            (q.reviews_received,),
            first="Review body",
        ),
        ctx.compared(
            "reviews_upheld",
            "% of reviews decided that were upheld, by review body",
            _upheld(ctx),
            (q.reviews_upheld,),
            first="Review body",
        ),
    )
    return Section("reviews", "Reviews", tables)


def _received(ctx: Context) -> list[tuple[str, list[Figure]]]:
    received = ctx.each(q.reviews_received)
    rows = [(b.label, [Figure(r.get(b.value, 0)) for r in received]) for b in ReviewBody]
    rows.append(
        (
            "All review bodies",
            ctx.named("reviews_received", [Figure(sum(r.values()), total=True) for r in received]),
        )
    )
    return rows


def _upheld(ctx: Context) -> list[tuple[str, list[Figure]]]:
    decided = ctx.each(q.reviews_upheld)
    rows = [
        (
            b.label,
            [q.share(d.get(b.value, (0, 0))[1], d.get(b.value, (0, 0))[0]) for d in decided],
        )
        for b in ReviewBody
    ]
    rows.append(
        (
            "All review bodies",
            ctx.named(
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
    return rows


def summary(ctx: Context, pack: MonthlyPack) -> str:
    received_all = row_of(pack, "reviews_received", "All review bodies")[0]
    return (
        f"{ctx.count_words(received_all, 'valid review application')} "
        f"{ctx.was(received_all)} received in {ctx.month.label}."
    )
