"""Complaints sent through the public form in the last two days, waiting for triage in
each demo force: one new complaint, one from a complainant the force already has a case
for, and one that is a request for a service, so the queue shows each kind of decision."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from complaints.cases.models import Case, Complainant
from complaints.common.clock import LONDON
from complaints.public.models import OnlineSubmission, SubmissionStatus
from complaints.public.services import new_reference

if TYPE_CHECKING:
    from complaints.demo.world import World


def add_online_submissions(world: World) -> None:
    for force in world.forces:
        known = world.session.scalar(
            select(Complainant)
            .join(Case)
            .where(Case.force_id == force.id, Complainant.email.is_not(None))
            .order_by(Case.received_on.desc())
            .limit(1)
        )
        sent = [
            _submission(
                world,
                force.id,
                0,
                "Amira",
                "Haddad",
                "amira.haddad@example.org",
                {
                    "what_happened": "Two officers searched my car outside the supermarket and "
                    "would not tell me why. One of them laughed at my accent.",
                    "place": "Market Street car park",
                    "wanted_outcome": "An explanation and an apology.",
                },
            ),
            _submission(
                world,
                force.id,
                1,
                "Peter",
                "Lowe",
                "peter.lowe@example.org",
                {
                    "what_happened": "My bike was stolen last week and nobody has called me back "
                    "about it. I want someone to look for it.",
                },
            ),
        ]
        if known is not None:
            sent.append(
                _submission(
                    world,
                    force.id,
                    2,
                    known.given_name,
                    known.family_name,
                    known.email,
                    {
                        "what_happened": "I am writing again about my complaint: the officer "
                        "has still not returned my phone.",
                        "complained_before": "yes",
                    },
                )
            )
        world.session.add_all(sent)
    world.session.flush()


def _submission(
    world: World, force_id: int, days_ago: int, given: str, family: str, email: str, answers: dict
) -> OnlineSubmission:
    day = world.today - dt.timedelta(days=days_ago)
    sent_at = dt.datetime.combine(day, dt.time(8 + days_ago * 3, 15), LONDON).astimezone(dt.UTC)
    return OnlineSubmission(
        force_id=force_id,
        reference=new_reference(world.rng),
        status=SubmissionStatus.NEW,
        received_at=sent_at,
        answers={
            "for_whom": "myself",
            "given_name": given,
            "family_name": family,
            "email": email,
            "contact_by": "email",
            "complained_before": "no",
            **answers,
        },
        given_name=given,
        family_name=family,
        email=email,
    )
