"""What each case is about: where and when, who complains, about whom, and what they allege.

Everything ``log_case`` needs is drawn here in plain Python before any case is logged,
with the national category mix (domain.md B5) and contact details from the ranges kept
for fiction, so the case list reads like a real force's without describing anyone real.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from complaints.cases import services as casework
from complaints.cases.choices import CaseType, Channel, ContactMethod
from complaints.demo import chance, names, wording
from complaints.demo.choices import Choices
from complaints.demo.tuning import (
    ALLEGATIONS_PER_COMPLAINT,
    CATEGORY_GROUP_WEIGHTS,
    CHANNEL_WEIGHTS,
    CONDUCT_CATEGORY_WEIGHTS,
    DIVISION_WEIGHTS,
    EQUALITY_SHARE,
    NEEDS_SHARE,
    RECORDING_REQUESTED_SHARE,
    REPRESENTATIVE_SHARE,
    SECOND_COMPLAINANT_SHARE,
    SUBCATEGORY_WEIGHTS,
    SUBJECTS_PER_COMPLAINT,
    SUBJECTS_PER_MATTER,
    UNIDENTIFIED_SHARE,
    Route,
)

if TYPE_CHECKING:
    from complaints.demo.forces import DemoForce
    from complaints.demo.world import World

UNIDENTIFIED = 0  # stands for "an unidentified subject, made at intake" in a planned case


def new_case(world: World, force: DemoForce, ch: Choices, received_on: dt.date) -> casework.NewCase:
    """A case about the people of ``force``, in one of its divisions."""
    rng = world.rng
    code = "HQ" if ch.about_chief else chance.weighted(rng, DIVISION_WEIGHTS)
    division_id = force.divisions[code]
    incident_on = received_on - dt.timedelta(days=min(365, int(rng.expovariate(1 / 12))))
    place = _place(rng, force.area, code)
    common = {
        "received_on": received_on,
        "incident_on": incident_on,
        "incident_place": place,
        "division_id": division_id,
        "force_id": force.id,
    }
    if ch.case_type == CaseType.DSI_MATTER:
        town = _town(rng, force.area, code)[0]
        summary = rng.choice(wording.DSI_MATTERS).format(place=place, town=town)
        subject_ids = force.pool.pick(rng, division_id, chance.weighted(rng, SUBJECTS_PER_MATTER))
        return casework.NewCase(
            CaseType.DSI_MATTER,
            channel=Channel.INTERNAL,
            summary=summary,
            subject_ids=tuple(subject_ids),
            trigger_death_or_serious_injury=True,
            **common,
        )
    if ch.case_type == CaseType.CONDUCT_MATTER:
        return _new_conduct_matter(world, force, division_id, common)
    return _new_complaint(world, force, ch, division_id, code, common)


def _new_complaint(
    world: World,
    force: DemoForce,
    ch: Choices,
    division_id: int,
    code: str,
    common: dict[str, Any],
) -> casework.NewCase:
    rng = world.rng
    if ch.about_chief:
        subject_ids = [force.pool.chief_constable]
    else:
        subject_ids = force.pool.pick(
            rng, division_id, chance.weighted(rng, SUBJECTS_PER_COMPLAINT)
        )
        if rng.random() < UNIDENTIFIED_SHARE:
            subject_ids[-1] = UNIDENTIFIED
    codes = [_category(rng) for _ in range(chance.weighted(rng, ALLEGATIONS_PER_COMPLAINT))]
    allegations = _allegations(world, codes, subject_ids, common)
    complainants = [_complainant(world, force.area, code, common["received_on"])]
    if rng.random() < SECOND_COMPLAINANT_SHARE:
        complainants.append(_complainant(world, force.area, code, common["received_on"]))
    summary = allegations[0].description
    if len(allegations) > 1:
        summary += f" ({len(allegations)} allegations)"
    return casework.NewCase(
        CaseType.COMPLAINT,
        channel=chance.weighted(rng, CHANNEL_WEIGHTS),
        summary=summary,
        complainants=tuple(complainants),
        subject_ids=tuple(subject_ids),
        allegations=tuple(allegations),
        **common,
        **_triggers(rng, ch),
    )


def _new_conduct_matter(
    world: World, force: DemoForce, division_id: int, common: dict[str, Any]
) -> casework.NewCase:
    rng = world.rng
    subject_ids = force.pool.pick(rng, division_id, chance.weighted(rng, SUBJECTS_PER_MATTER))
    first_code, summary = rng.choice(wording.CONDUCT_MATTERS)
    codes = [first_code]
    if rng.random() < 0.25:
        codes.append(chance.weighted(rng, CONDUCT_CATEGORY_WEIGHTS))
    allegations = _allegations(world, codes, subject_ids, common, texts=[summary])
    return casework.NewCase(
        CaseType.CONDUCT_MATTER,
        channel=Channel.INTERNAL,
        summary=summary,
        subject_ids=tuple(subject_ids),
        allegations=tuple(allegations),
        trigger_crime_or_misconduct=True,
        **common,
    )


def _category(rng: random.Random) -> str:
    group = chance.weighted(rng, CATEGORY_GROUP_WEIGHTS)
    codes = [c for c in _CATEGORY_CODES if c[0] == group]
    return chance.weighted(rng, {c: SUBCATEGORY_WEIGHTS.get(c, 1) for c in codes})


_CATEGORY_CODES = (
    [f"A{n}" for n in range(1, 5)]
    + [f"B{n}" for n in range(1, 10)]
    + ["C1"]
    + [f"D{n}" for n in range(1, 5)]
    + ["E1"]
    + [f"F{n}" for n in range(1, 11)]
    + [f"G{n}" for n in range(1, 7)]
    + [f"H{n}" for n in range(1, 6)]
    + [f"J{n}" for n in range(1, 4)]
    + ["K1", "L1"]
)


def _allegations(
    world: World,
    codes: list[str],
    subject_ids: list[int],
    common: dict[str, Any],
    texts: Sequence[str] = (),
) -> list[casework.AllegationData]:
    rng = world.rng
    result = []
    for number, code in enumerate(codes):
        text = texts[number] if number < len(texts) else rng.choice(wording.ALLEGATIONS[code[0]])
        about = rng.sample(subject_ids, 1 if rng.random() < 0.8 else len(subject_ids))
        result.append(
            casework.AllegationData(
                category_id=world.categories[code],
                description=text,
                subject_ids=tuple(sorted(about, key=subject_ids.index)),
                incident_on=common["incident_on"],
                incident_place=common["incident_place"],
            )
        )
    return result


def _triggers(rng: random.Random, ch: Choices) -> dict[str, bool]:
    """The mandatory-recording triggers and wishes that fit the route the case will take."""
    if ch.route == Route.IOPC:
        trigger = rng.choices(
            (
                "trigger_death_or_serious_injury",
                "trigger_crime_or_misconduct",
                "trigger_article_2_or_3",
            ),
            weights=(25, 55, 20),
        )[0]
        return {trigger: True}
    if ch.route == Route.INVESTIGATION:
        return {"trigger_crime_or_misconduct": rng.random() < 0.7}
    if ch.route == Route.OTHERWISE:
        return {
            "trigger_crime_or_misconduct": rng.random() < 0.1,
            "recording_requested": rng.random() < RECORDING_REQUESTED_SHARE,
        }
    return {}


def _town(rng: random.Random, area: names.Area, division_code: str) -> tuple[str, str]:
    towns = area.towns.get(division_code) or area.towns[rng.choice(("N", "S", "W"))]
    return rng.choice(towns)


def _place(rng: random.Random, area: names.Area, division_code: str) -> str:
    if division_code in area.places and rng.random() < 0.6:
        return rng.choice(area.places[division_code])
    return f"{rng.choice(names.STREETS)}, {_town(rng, area, division_code)[0]}"


def _complainant(
    world: World, area: names.Area, division_code: str, received_on: dt.date
) -> casework.ComplainantData:
    rng = world.rng
    given, family = rng.choice(names.GIVEN_NAMES), rng.choice(names.FAMILY_NAMES)
    town, district = _town(rng, area, division_code)
    email = (
        f"{given}.{family}{rng.randint(1, 99)}@{rng.choice(names.EMAIL_DOMAINS)}".lower()
        if rng.random() < 0.8
        else None
    )
    phone = f"07700 900{rng.randint(0, 999):03d}" if rng.random() < 0.75 or not email else None
    address = (
        f"{rng.randint(1, 180)} {rng.choice(names.STREETS)}, {town}" if rng.random() < 0.6 else None
    )
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    preference = (
        ContactMethod.EMAIL
        if email and rng.random() < 0.6
        else ContactMethod.PHONE
        if phone
        else ContactMethod.LETTER
    )
    return casework.ComplainantData(
        given_name=given,
        family_name=family,
        title=rng.choice(names.TITLES) if rng.random() < 0.7 else None,
        email=email,
        phone=phone,
        address=address,
        postcode=(
            f"{district} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
            if address
            else None
        ),
        contact_preference=preference,
        needs=rng.choice(wording.NEEDS) if rng.random() < NEEDS_SHARE else None,
        representative=(
            _representative(world, area, received_on)
            if rng.random() < REPRESENTATIVE_SHARE
            else None
        ),
        equality=_equality(rng) if rng.random() < EQUALITY_SHARE else None,
    )


def _representative(
    world: World, area: names.Area, received_on: dt.date
) -> casework.RepresentativeData:
    rng = world.rng
    organisation = rng.choice(area.representatives)
    mailbox = (organisation or "advocate").lower().replace(" & ", "-").replace(" ", "-")
    return casework.RepresentativeData(
        name=f"{rng.choice(names.GIVEN_NAMES)} {rng.choice(names.FAMILY_NAMES)}",
        organisation=organisation,
        email=f"casework@{mailbox}.example.org",
        phone=f"01632 960{rng.randint(0, 999):03d}",
        consent_received_on=min(world.today, received_on + dt.timedelta(days=rng.randint(0, 14))),
    )


PREFER_NOT = "Prefer not to say"
_WHITE_BRITISH = "White: English, Welsh, Scottish, Northern Irish or British"
EQUALITY_ANSWERS = {
    "age_band": ("16 to 24", "25 to 34", "35 to 44", "45 to 54", "55 to 64", "65 and over"),
    "sex": ("Female", "Male"),
    "gender_reassignment": ("No", "No", "No", "Yes"),
    "ethnicity": (
        _WHITE_BRITISH,
        _WHITE_BRITISH,
        _WHITE_BRITISH,
        "White: Other White",
        "Asian or Asian British: Pakistani",
        "Asian or Asian British: Indian",
        "Black or Black British: African",
        "Black or Black British: Caribbean",
        "Mixed or multiple ethnic groups",
        "Other ethnic group",
    ),
    "disability": ("No", "No", "Yes"),
    "religion": (
        "No religion",
        "Christian",
        "Muslim",
        "Hindu",
        "Sikh",
        "Jewish",
        "Buddhist",
        "Any other religion",
    ),
    "sexual_orientation": (
        "Straight or heterosexual",
        "Straight or heterosexual",
        "Gay or lesbian",
        "Bisexual",
        "Other sexual orientation",
    ),
}


def _equality(rng: random.Random) -> casework.EqualityData:
    """Some questions skipped, some answered 'Prefer not to say', as on real forms."""
    answers: dict[str, str | None] = {}
    for question, options in EQUALITY_ANSWERS.items():
        draw = rng.random()
        answers[question] = (
            None if draw < 0.1 else PREFER_NOT if draw < 0.2 else rng.choice(options)
        )
    return casework.EqualityData(**answers)
