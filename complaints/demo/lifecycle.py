"""A case's route through the lifecycle (domain.md A2), written as a dated timeline.

Every step is taken by the role that may take it, after the waits a real case has, with
updates to the complainant while it waits; keeping the route in one place is what makes
the states, timings and reviews of the demo hang together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from complaints.auth.models import User
from complaints.cases import deadlines
from complaints.cases import services as casework
from complaints.cases.choices import (
    CaseState,
    CaseType,
    ContactMethod,
    ContactPurpose,
    RecordingReason,
)
from complaints.demo import conduct, outcomes, steps, wording
from complaints.demo.choices import Cast, Choices
from complaints.demo.conduct import Assessment
from complaints.demo.timeline import Timeline, Updates
from complaints.demo.tuning import (
    DAYS_BETWEEN_LATE_UPDATES,
    DAYS_BETWEEN_UPDATES,
    DAYS_DSI_WITH_IOPC,
    DAYS_FINALISE_AFTER_WINDOW,
    DAYS_HANDLING,
    DAYS_INVESTIGATING,
    DAYS_OUTSIDE_TO_RESOLVE,
    DAYS_RECORDED_TO_DECISION,
    DAYS_REPORT_TO_DECISION,
    DAYS_REWORK,
    DAYS_SUSPENDED,
    DAYS_TO_APPLY_FOR_REVIEW,
    DAYS_TO_CLOSE_MATTER,
    DAYS_TO_DECIDE_REVIEW,
    DAYS_TO_FIRST_CONTACT,
    DAYS_TO_GIVE_UP_ON_CONTACT,
    DAYS_TO_HANDLING_DECISION,
    DAYS_TO_NOTIFY,
    DAYS_TO_REFER,
    DAYS_TO_REOPEN,
    DAYS_TO_WITHDRAW,
    DAYS_WITH_IOPC,
    NOTE_SHARE,
    OUTSIDE_RESULT_WEIGHTS,
    UPDATES_ON_TIME_SHARE,
    Route,
)
from complaints.investigations.models import InvestigationMode
from complaints.reviews.models import ReviewBody, ReviewOutcome

if TYPE_CHECKING:
    from complaints.demo.forces import DemoForce
    from complaints.demo.world import World


class Script:
    """Writes one case's timeline along its route (domain.md A2)."""

    def __init__(
        self,
        world: World,
        force: DemoForce,
        choices: Choices,
        new_case: casework.NewCase,
        cast: Cast,
        logged_at: dt.datetime,
    ):
        self.senior = force.pool.senior  # subjects whose cases the IOPC reviews
        self.world, self.rng, self.ch, self.case, self.cast = (
            world,
            world.rng,
            choices,
            new_case,
            cast,
        )
        self.complaint = choices.case_type == CaseType.COMPLAINT
        start = CaseState.LOGGED if self.complaint else CaseState.RECORDED
        self.t = Timeline(world.rng, world.horizon, logged_at, start)
        every = (
            DAYS_BETWEEN_UPDATES
            if self.rng.random() < UPDATES_ON_TIME_SHARE
            else DAYS_BETWEEN_LATE_UPDATES
        )
        # Nobody to update when the complainant could not be reached.
        self.unreachable = choices.contact_not_possible
        reachable = self.complaint and not self.unreachable
        self.updates = Updates(cast.handler, every) if reachable else None
        self.investigated = False
        self.mode = InvestigationMode.LOCAL
        self.conduct_decided = False  # conduct outcomes are decided once, after the first report
        self.case_to_answer = False  # a complaint's allegation results should then reflect it

    def write(self) -> None:
        if self.ch.case_type == CaseType.DSI_MATTER:
            self._dsi_matter()
        elif self.ch.case_type == CaseType.CONDUCT_MATTER:
            self._conduct_matter()
        else:
            self._complaint()

    # Intake ----------------------------------------------------------------------------

    def _complaint(self) -> None:
        t, rng = self.t, self.rng
        if self.ch.restricted:
            t.do(
                steps.restrict(
                    self.cast.aa,
                    rng.choice(wording.RESTRICTION_REASONS),
                    grantees=(self.cast.handler,),
                )
            )
        self._first_contact()
        if rng.random() < NOTE_SHARE:
            t.later(rng.uniform(0, 30), steps.note(self.cast.handler, rng.choice(wording.NOTES)))
        t.wait(DAYS_TO_HANDLING_DECISION.draw(rng))
        {
            Route.OUTSIDE_SCHEDULE_3: self._outside_schedule_3,
            Route.OTHERWISE: self._recorded_and_handled,
            Route.INVESTIGATION: self._recorded_and_investigated,
            Route.IOPC: self._recorded_and_referred,
            Route.WITHDRAWN: self._withdrawn,
        }[self.ch.route]()

    def _first_contact(self) -> None:
        """Contact with the complainant, or a record of why they could not be reached."""
        t, rng, handler = self.t, self.rng, self.cast.handler
        received = self.case.received_on
        if self.unreachable:
            t.wait_until(received + dt.timedelta(days=DAYS_TO_GIVE_UP_ON_CONTACT.draw(rng)))
            t.do(steps.contact_not_possible(handler, rng.choice(wording.CONTACT_NOT_POSSIBLE)))
            return
        t.wait_until(received + dt.timedelta(days=DAYS_TO_FIRST_CONTACT.draw(rng)))
        t.do(
            steps.contact(
                handler,
                ContactPurpose.FIRST_CONTACT,
                rng.choice((ContactMethod.PHONE, ContactMethod.PHONE, ContactMethod.EMAIL)),
                None,
                rng.choice(wording.CONTACT_WISHES),
            )
        )

    def _conduct_matter(self) -> None:
        self.t.do(steps.assign_decision_maker(self.cast.aa))
        if self.ch.route == Route.IOPC:
            self.t.wait(DAYS_TO_REFER.draw(self.rng))
            self._referral()
        else:
            self._decide_handling(investigate=self.ch.route == Route.INVESTIGATION)

    def _dsi_matter(self) -> None:
        t = self.t
        t.wait(DAYS_TO_REFER.draw(self.rng) / 3)
        t.go(
            self.cast.aa,
            "refer_to_iopc",
            {"reason": wording.DSI_REFERRAL_REASON, "referral_type": "mandatory"},
        )
        t.wait(DAYS_DSI_WITH_IOPC.draw(self.rng))
        t.go(self.cast.aa, "close_matter")

    # Routes of a complaint -------------------------------------------------------------

    def _outside_schedule_3(self) -> None:
        t, handler = self.t, self.cast.handler
        t.go(handler, "handle_outside_schedule_3")
        t.wait(DAYS_OUTSIDE_TO_RESOLVE.draw(self.rng))
        if self.ch.dissatisfied:
            self._record(RecordingReason.DISSATISFIED_AFTER_INITIAL_HANDLING, handler)
            self._decide_handling(investigate=False)
            return
        allegations = len(self.case.allegations)
        results = outcomes.draw_results(
            self.rng, allegations, OUTSIDE_RESULT_WEIGHTS, wording.OUTSIDE_ACTIONS
        )
        t.do(steps.results(handler, results))
        t.go(handler, "resolve")

    def _recorded_and_handled(self) -> None:
        self._record(self._recording_reason())
        self._decide_handling(investigate=False)

    def _recorded_and_investigated(self) -> None:
        self._record(self._recording_reason())
        self._decide_handling(investigate=True)

    def _recorded_and_referred(self) -> None:
        self._record(RecordingReason.MANDATORY)
        self.t.wait(DAYS_TO_REFER.draw(self.rng))
        self._referral()

    def _withdrawn(self) -> None:
        t, stage = self.t, self.ch.withdrawn_from
        if stage == CaseState.INITIAL_HANDLING:
            t.go(self.cast.handler, "handle_outside_schedule_3")
        elif stage in (CaseState.HANDLING, CaseState.INVESTIGATION):
            self._record(RecordingReason.AA_DECIDED)
            t.wait(DAYS_RECORDED_TO_DECISION.draw(self.rng), self.updates)
            if stage == CaseState.HANDLING:
                t.go(self.cast.aa, "handle_without_investigation")
            else:
                t.go(self.cast.aa, "start_investigation", self._investigation_data())
        t.wait(DAYS_TO_WITHDRAW.draw(self.rng), self.updates if stage != CaseState.LOGGED else None)
        notice = max(self.case.received_on, t.day - dt.timedelta(days=self.rng.randint(0, 3)))
        t.go(self.cast.handler, "withdraw", {"withdrawal_notice_on": notice})

    # Schedule 3 ------------------------------------------------------------------------

    def _recording_reason(self) -> RecordingReason:
        if self.case.trigger_crime_or_misconduct:
            return RecordingReason.MANDATORY
        if self.case.recording_requested:
            return RecordingReason.COMPLAINANT_WISHES
        return RecordingReason.AA_DECIDED

    def _record(self, reason: RecordingReason, by: User | None = None) -> None:
        wishes = reason in (
            RecordingReason.COMPLAINANT_WISHES,
            RecordingReason.DISSATISFIED_AFTER_INITIAL_HANDLING,
        )
        by = by or (self.cast.handler if wishes else self.cast.aa)
        self.t.go(
            by,
            "record",
            {
                "reason": self.rng.choice(wording.RECORD_REASONS[reason.value]),
                "recording_reason": reason.value,
            },
        )
        if not self.cast.pcc:
            self.t.do(steps.assign_decision_maker(self.cast.aa))

    def _decide_handling(self, *, investigate: bool) -> None:
        self.t.wait(DAYS_RECORDED_TO_DECISION.draw(self.rng), self.updates)
        if investigate:
            self._investigate("start_investigation", InvestigationMode.LOCAL)
        else:
            self._handle()
        self._conclude()

    def _referral(self) -> None:
        t, aa = self.t, self.cast.aa
        referral_type, reason = self.rng.choice(wording.REFERRALS)
        t.go(aa, "refer_to_iopc", {"reason": reason, "referral_type": referral_type})
        t.wait(DAYS_WITH_IOPC.draw(self.rng), self.updates)
        if self.ch.iopc_returned:
            t.go(aa, "iopc_returned")
            self._decide_handling(investigate=self.ch.investigate_after_return)
        else:
            self._investigate("iopc_investigation", self.ch.iopc_mode)
            self._conclude()

    def _handle(self) -> None:
        self.t.go(self.cast.aa, "handle_without_investigation")
        self.t.wait(DAYS_HANDLING.draw(self.rng), self.updates)
        self._determine()

    def _determine(self) -> None:
        # A conduct matter's outcome is per subject (the conduct outcomes), not per allegation.
        if self.complaint and self.case.allegations:
            allegations = len(self.case.allegations)
            results = outcomes.schedule_3_results(self.rng, allegations, self.case_to_answer)
            self.t.do(steps.results(self.cast.aa, results))
        if self.ch.case_type == CaseType.CONDUCT_MATTER:
            self.t.do(conduct.settle(self.cast.aa))
        self.t.go(self.cast.aa, "determine_outcome")

    # Investigation ---------------------------------------------------------------------

    def _investigation_data(self) -> dict[str, Any]:
        return {
            "investigator_id": self.cast.investigator.id,
            "mode": self.mode.value,
            "terms_of_reference": self.rng.choice(wording.TERMS_OF_REFERENCE),
        }

    def _investigate(self, step: str, mode: InvestigationMode) -> None:
        t, rng = self.t, self.rng
        self.investigated, self.mode = True, mode
        severities = conduct.draw_severities(rng, self.case.subject_ids)
        special = conduct.special_procedures(severities)
        t.go(self.cast.aa, step, self._investigation_data() | {"special_procedures": special})
        if self.ch.restricted or self.cast.pcc:  # the investigator must be named to see it
            t.do(steps.grant(self.cast.aa, self.cast.investigator, "Investigator"))
        days = DAYS_INVESTIGATING.draw(rng)
        conduct.assess(t, self.cast.aa, severities, days, by_iopc=mode != InvestigationMode.LOCAL)
        if self.ch.suspended:
            before = days * rng.uniform(0.2, 0.7)
            t.wait(before, self.updates)
            t.go(self.cast.aa, "suspend", {"reason": rng.choice(wording.SUSPENSION_REASONS)})
            t.wait(DAYS_SUSPENDED.draw(rng), self.updates)
            t.go(self.cast.aa, "resume")
            days -= before
        t.wait(days, self.updates)
        self._report(severities)

    def _report(self, severities: Sequence[Assessment]) -> None:
        t = self.t
        t.do(conduct.serve_notices(self.cast.investigator))
        t.go(
            self.cast.investigator,
            "submit_report",
            {"summary": self.rng.choice(wording.REPORT_SUMMARIES)},
        )
        if t.running and not self.conduct_decided:
            self.conduct_decided = True
            for index, first, revised in severities:
                if conduct.decide(t, self.cast.aa, index, revised or first):
                    self.case_to_answer = True
        t.wait(DAYS_REPORT_TO_DECISION.draw(self.rng), self.updates)
        self._determine()

    # Outcome, review and after ---------------------------------------------------------

    def _conclude(self) -> None:
        t, rng = self.t, self.rng
        if not self.complaint:
            t.wait(DAYS_TO_CLOSE_MATTER.draw(rng))
            t.go(self.cast.aa, "close_matter")
            return
        t.wait(DAYS_TO_NOTIFY.draw(rng))
        t.go(self.cast.handler, "notify_outcome")
        independent = self.investigated and self.mode == InvestigationMode.INDEPENDENT
        if (
            self.ch.review is not None
            and not self.cast.pcc
            and not self.unreachable
            and not independent  # no review of the IOPC's own investigations
        ):
            self._review()
        else:
            self._finalise()
        if self.ch.reopened and t.running and t.state == CaseState.FINALISED:
            self._reopen()

    def _finalise(self) -> None:
        days = deadlines.REVIEW_WINDOW_DAYS + 1 + DAYS_FINALISE_AFTER_WINDOW.draw(self.rng)
        self.t.wait(days)
        self.t.go(self.cast.handler, "finalise")

    def _review(self) -> None:
        t, rng, cast = self.t, self.rng, self.cast
        t.wait(DAYS_TO_APPLY_FOR_REVIEW.draw(rng))
        body, routing = outcomes.review_body(self.ch, self.case, self.senior)
        t.go(
            cast.handler,
            "apply_for_review",
            {"body": body.value, "received_on": t.day, "routing_reason": routing},
        )
        # The OPCC decides its own reviews; the PSD's appropriate authority records the
        # IOPC's decisions (and, having restricted a restricted case, is already named on it).
        decider = cast.reviewer if body == ReviewBody.OPCC else cast.aa
        if self.ch.restricted and body == ReviewBody.OPCC:
            t.do(steps.grant(cast.aa, cast.reviewer, "Review"))
        t.wait(DAYS_TO_DECIDE_REVIEW.draw(rng))
        outcome = self.ch.review or ReviewOutcome.NOT_UPHELD
        data, back_to = outcomes.review_decision(
            rng, outcome, t.day, investigated=self.investigated
        )
        t.go(decider, "decide_review", data)
        if back_to is not None:
            self._rework(back_to)

    def _rework(self, back_to: CaseState) -> None:
        """After an upheld review: do the work again, notify, and close (no second review)."""
        t = self.t
        if back_to == CaseState.INVESTIGATION:
            t.wait(DAYS_REWORK.draw(self.rng) * 2, self.updates)
            self._report([])
        else:
            if back_to == CaseState.RECORDED:
                t.wait(DAYS_RECORDED_TO_DECISION.draw(self.rng), self.updates)
                t.go(self.cast.aa, "handle_without_investigation")
            t.wait(DAYS_REWORK.draw(self.rng), self.updates)
            self._determine()
        t.wait(DAYS_TO_NOTIFY.draw(self.rng))
        t.go(self.cast.handler, "notify_outcome")
        self._finalise()

    def _reopen(self) -> None:
        self.t.wait(DAYS_TO_REOPEN.draw(self.rng))
        self.t.go(self.cast.aa, "reopen", {"reason": self.rng.choice(wording.REOPEN_REASONS)})
        self.t.wait(DAYS_RECORDED_TO_DECISION.draw(self.rng), self.updates)
        self._handle()
        self.t.wait(DAYS_TO_NOTIFY.draw(self.rng))
        self.t.go(self.cast.handler, "notify_outcome")
        self._finalise()
