"""Dice and office hours, shared by everything that plans a case.

The same seed and the same day must give the same data, so every draw goes through the
one ``random.Random`` handed in and every moment is worked out from a day, never read
from the clock; and steps land in office hours, London time, as real casework does.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TypeVar

from complaints.common.clock import LONDON, london_date
from complaints.demo.tuning import WORKDAY_MINUTES

K = TypeVar("K")


def moment(day: dt.date, rng: random.Random) -> dt.datetime:
    """A time in office hours (London) on this day, in UTC."""
    minutes = rng.randint(*WORKDAY_MINUTES)
    local = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), LONDON)
    return local.astimezone(dt.UTC)


def after(start: dt.datetime, days: float, rng: random.Random) -> dt.datetime:
    """An office-hours moment ``days`` after ``start``; later the same day if need be."""
    candidate = moment(london_date(start + dt.timedelta(days=days)), rng)
    if candidate <= start:
        candidate = start + dt.timedelta(minutes=rng.randint(5, 45))
    return candidate


def weighted(rng: random.Random, weights: dict[K, float]) -> K:
    return rng.choices(list(weights), weights=list(weights.values()))[0]
