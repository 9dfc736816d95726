"""One case's dated steps, written ahead of time and cut at the end of today.

Plans are written in pure Python before any case exists, so the timeline tracks the
state each step would leave the case in; and wherever the horizon falls, the case simply
stops there, which is how recent cases end up open at every stage of the lifecycle.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from complaints.auth.models import User
from complaints.cases import workflow
from complaints.cases.choices import CaseState, ContactMethod, ContactPurpose
from complaints.common.clock import london_date
from complaints.demo import chance, steps, wording
from complaints.demo.steps import Runner
from complaints.demo.tuning import Span
from complaints.reviews.models import ReviewOutcome


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    run: Runner


def _target(name: str, data: dict[str, Any]) -> CaseState:
    if name == "decide_review":
        if data["outcome"] == ReviewOutcome.NOT_UPHELD:
            return CaseState.FINALISED
        return CaseState(data["sent_back_to"])
    return workflow.TRANSITIONS[name].target


@dataclass(frozen=True)
class Updates:
    """Progress updates to the complainant while a case waits (domain.md A5: every 4 weeks)."""

    by: User
    every: Span


class Timeline:
    """One case's dated steps, cut at the horizon: a case stops wherever today finds it."""

    def __init__(
        self, rng: random.Random, horizon: dt.datetime, start: dt.datetime, state: CaseState
    ):
        self.rng, self.horizon, self.clock, self.state = rng, horizon, start, state
        self.steps: list[Step] = []
        self.cut = False

    @property
    def running(self) -> bool:
        return not self.cut

    @property
    def day(self) -> dt.date:
        return london_date(self.clock)

    def wait(self, days: float, updates: Updates | None = None) -> None:
        if self.cut:
            return
        target = chance.after(self.clock, days, self.rng)
        if updates is not None:
            self._updates(min(target, self.horizon), updates)
        self._move(target)

    def wait_until(self, day: dt.date) -> None:
        if not self.cut:
            self._move(chance.after(self.clock, max(0, (day - self.day).days), self.rng))

    def go(self, user: User, name: str, data: dict[str, Any] | None = None) -> None:
        """Take a workflow step now."""
        data = data or {}
        if self._add(steps.transition(user, name, data)):
            self.state = _target(name, data)

    def do(self, run: Runner) -> None:
        """Do something now that leaves the state as it is."""
        self._add(run)

    def later(self, days: float, run: Runner) -> None:
        """Do something ``days`` from now alongside the main line, if it happens by today."""
        if not self.cut:
            self.at(chance.after(self.clock, days, self.rng), run)

    def at(self, moment: dt.datetime, run: Runner) -> None:
        if not self.cut and moment <= self.horizon:
            self.steps.append(Step(moment, run))

    def _add(self, run: Runner) -> bool:
        if self.cut:
            return False
        self.steps.append(Step(self.clock, run))
        self._move(self.clock + dt.timedelta(minutes=self.rng.randint(2, 12)))
        return True

    def _move(self, target: dt.datetime) -> None:
        if target > self.horizon:
            self.cut = True
        else:
            self.clock = target

    def _updates(self, until: dt.datetime, updates: Updates) -> None:
        moment = chance.after(self.clock, updates.every.draw(self.rng), self.rng)
        while moment < until:
            self.steps.append(
                Step(
                    moment,
                    steps.contact(
                        updates.by,
                        ContactPurpose.UPDATE,
                        self.rng.choice(list(ContactMethod)),
                        self.rng.choice(wording.UPDATE_SUMMARIES),
                    ),
                )
            )
            moment = chance.after(moment, updates.every.draw(self.rng), self.rng)
