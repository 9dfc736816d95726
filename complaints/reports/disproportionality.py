"""Disproportionality: how one group's rate compares with everyone else's.

The relative rate index (RRI) of a group is its rate over the rate of the rest of the
people whose answer is known: (a/n1) / (b/n2), where a of the group's n1 and b of the
rest's n2 had the outcome counted. 1 means the same rate; 2, twice the rest's. Its 95%
confidence interval is taken on the log scale (Katz and others, 1978):
exp(ln RRI +/- 1.96 * sqrt(1/a - 1/n1 + 1/b - 1/n2)). An interval that does not include 1
is a difference unlikely to be chance alone.

These are pure functions, so that the arithmetic is checked against worked answers; the
counting is in ``queries.disproportionality`` and the tables in ``pack.disproportionality``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from complaints.cases.choices import PREFER_NOT_TO_SAY

Z_95 = 1.96
# A group is compared only when both it and the rest of the known answers number at least
# this many (its base: complainants, allegations, subjects or headcount): below it a rate
# says more about chance than about the group. Such groups are left out of the table (and
# still counted in the rest of every other group).
MINIMUM_ANSWERS = 20

METHOD = (
    "Relative rate index (RRI): a group's rate divided by the rate of everyone else whose "
    "answer is known, (a/n1)/(b/n2); 1 is the same rate. Its 95% confidence interval is "
    "taken on the log scale (Katz): exp(ln RRI \u00b1 1.96 \u00d7 sqrt(1/a \u2212 1/n1 + "
    "1/b \u2212 1/n2)); an interval that excludes 1 is unlikely to be chance alone. "
    "Answers 'Prefer not to say' and no answer are left out of both sides, and ethnic "
    "groups are compared by their broad group (Asian, Black, Mixed, White, Other). "
    f"A group is compared only when it and the rest each number at least {MINIMUM_ANSWERS}; "
    "no index is given when either side counts none."
)


@dataclass(frozen=True)
class RateRatio:
    index: float
    lower: float
    upper: float


def relative_rate(a: int, n1: int, b: int, n2: int) -> RateRatio | None:
    """(a/n1)/(b/n2) with its 95% interval, or None where the log is undefined (a count of
    none on either side) or the variance is not a variance (more counted than the base)."""
    if min(a, n1, b, n2) <= 0:
        return None
    variance = 1 / a - 1 / n1 + 1 / b - 1 / n2
    if variance < 0:
        return None
    index = (a / n1) / (b / n2)
    spread = Z_95 * math.sqrt(variance)
    log = math.log(index)
    return RateRatio(index, math.exp(log - spread), math.exp(log + spread))


@dataclass(frozen=True)
class Comparison:
    """One group against the rest: a of n1 in the group, b of n2 in the rest."""

    group: str
    a: int
    n1: int
    b: int
    n2: int

    @property
    def rate(self) -> float | None:
        return self.a / self.n1 if self.n1 else None

    @property
    def ratio(self) -> RateRatio | None:
        return relative_rate(self.a, self.n1, self.b, self.n2)


def compare(counts: Mapping[str, tuple[int, int]], minimum: int | None = None) -> list[Comparison]:
    """Each group's (a, n) against the sum of every other group's, largest group first;
    groups whose base, or whose rest's base, is under ``minimum`` (by default
    MINIMUM_ANSWERS) are left out."""
    minimum = MINIMUM_ANSWERS if minimum is None else minimum
    whole_a = sum(a for a, _ in counts.values())
    whole_n = sum(n for _, n in counts.values())
    compared = [
        Comparison(group, a, n, whole_a - a, whole_n - n)
        for group, (a, n) in counts.items()
        if n >= minimum and whole_n - n >= minimum
    ]
    return sorted(compared, key=lambda c: (-c.n1, c.group))


def group_of(characteristic: str, answer: str | None) -> str | None:
    """The group an answer is compared in: None for no answer or 'Prefer not to say';
    an ethnic group's broad group (the words before its colon); else the answer."""
    if answer is None or answer == PREFER_NOT_TO_SAY or not answer.strip():
        return None
    if characteristic == "ethnicity":
        return answer.split(":", 1)[0].strip()
    return answer


# The broad ethnic groups (the census's five), as ``group_of`` names them.
ETHNIC_GROUPS = (
    "Asian or Asian British",
    "Black or Black British",
    "Mixed",
    "White",
    "Other ethnic group",
)
