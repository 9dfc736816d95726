"""Officers' and staff's protected characteristics in the demo, as HR would have given them,
and each force's workforce profile by sex and ethnic group, so that the board report's
disproportionality section has subjects to compare and a workforce to rate them against.

Drawn from a random generator of its own, so that the rest of the demo is the same with or
without it.
"""

from __future__ import annotations

import random
from collections import Counter

from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases.choices import PREFER_NOT_TO_SAY
from complaints.demo.world import World
from complaints.reports.disproportionality import group_of
from complaints.subjects.models import Subject, SubjectKind
from complaints.workforce import services
from complaints.workforce.forms import ANSWERS, PROFILE_GROUPS

RECORDED_SHARE = 0.8  # of officers and staff, HR holds answers for these
PROFILED = ("sex", "ethnicity")
WORKFORCE_PER_SUBJECT = 4  # the force is larger than the people complained about
# How often each answer is drawn (the rest equally): a mostly White, mostly male workforce.
WEIGHTS = {
    "sex": {"Male": 6, "Female": 4},
    "ethnicity": {"White: English, Welsh, Scottish, Northern Irish or British": 30},
    "sexual_orientation": {"Straight or heterosexual": 20},
    "religion": {"No religion": 6, "Christian": 6},
    "disability": {"No": 12},
}


def add_workforce(world: World, seed: int) -> None:
    rng = random.Random(f"workforce-{seed}")
    session = world.session
    admin = world.staff.by_role[Role.ADMIN][0]
    day = world.start
    actor = world.act(admin, day)
    for force in world.forces:
        people = session.scalars(
            select(Subject)
            .where(Subject.force_id == force.id, Subject.kind != SubjectKind.UNIDENTIFIED)
            .order_by(Subject.id)
        ).all()
        counts: dict[str, Counter[str]] = {key: Counter() for key in PROFILED}
        for person in people:
            if rng.random() >= RECORDED_SHARE:
                continue
            data = services.CharacteristicsData(**{k: _answer(rng, k) for k in ANSWERS})
            services.set_answers(session, person, data, day, source="hr_import")
            for key in PROFILED:
                group = group_of(key, getattr(data, key))
                if group is not None:
                    counts[key][group] += 1
        for key in PROFILED:
            headcounts = {
                group: WORKFORCE_PER_SUBJECT * counts[key][group] + rng.randint(5, 40)
                for group in PROFILE_GROUPS[key]
            }
            services.set_workforce_profile(session, actor, force.id, key, headcounts, day)


def _answer(rng: random.Random, key: str) -> str | None:
    draw = rng.random()
    if draw < 0.05:
        return None
    if draw < 0.1:
        return PREFER_NOT_TO_SAY
    options = ANSWERS[key]
    weights = [WEIGHTS.get(key, {}).get(option, 1) for option in options]
    return rng.choices(options, weights)[0]
