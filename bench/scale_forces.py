"""The forces of a national dataset: names, codes, sizes, divisions and staff numbers.

England and Wales have 43 territorial forces of very different sizes: the largest
receives around fifteen times the complaints of the smallest. Shares here fall with a
force's rank (1 / rank ** 0.8), which gives the first force about 15% of the cases and the
smallest under 1% at 43 forces. The first force is the one the migration made (id 1); the
others are fictional, named from made-up places, with codes of three letters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from complaints.auth.roles import Role

SIZE_EXPONENT = 0.8
# bulk_dataset.STAFF is a force of 50,000 cases over three years; others scale from it.
STAFF_BASE_CASES_PER_YEAR = 50_000 / 3

# Made-up places; the first three letters of each are its force's code, all distinct.
PLACES = (
    "Ashmoor", "Blackwater", "Caldbeck", "Dunmere", "Elmhurst", "Fenholt", "Glenmarsh",
    "Hartdale", "Ivybridge", "Kestmoor", "Larkfield", "Mistleham", "Oakhollow", "Pendlewick",
    "Queensmead", "Ravensholm", "Stonebrook", "Thornvale", "Upperdown", "Wyrmwood",
    "Yarrowby", "Alderwick", "Bramblemoor", "Cinderford", "Dovecote", "Emberley",
    "Foxcombe", "Greywell", "Hollowmere", "Juniperdale", "Kingsholt", "Lowmarsh",
    "Marrowby", "Nettlecombe", "Oxleigh", "Pinewold", "Rushmere", "Saltfleet", "Tidewater",
    "Umberleigh", "Vexley", "Willowmere", "Zennor",
)  # fmt: skip
KINDS = ("Police", "Constabulary")


@dataclass(frozen=True)
class NewForce:
    id: int
    code: str
    name: str
    short: str  # the place: divisions are named after it


def shares(count: int) -> list[float]:
    """Each force's share of the cases, largest first, adding up to 1."""
    weights = [1 / (rank**SIZE_EXPONENT) for rank in range(1, count + 1)]
    total = sum(weights)
    return [w / total for w in weights]


def new_forces(count: int, first: NewForce) -> list[NewForce]:
    """The first force as it is, then ``count - 1`` more with unique names and codes."""
    made = [first]
    codes, names = {first.code}, {first.name}
    for index in range(count - 1):
        place = PLACES[index % len(PLACES)]
        round_ = index // len(PLACES)  # beyond 43 places: "Ashmoor Two", code ASHB ...
        short = place if not round_ else f"{place} {_ordinal(round_)}"
        name = f"{short} {KINDS[index % 2]}"
        code = place[:3].upper() + ("" if not round_ else _letters(round_))
        if code in codes or name in names:
            raise ValueError(f"force {name} ({code}) clashes with another")
        codes.add(code)
        names.add(name)
        made.append(NewForce(first.id + 1 + index, code, name, short))
    return made


def _ordinal(n: int) -> str:
    return ("Two", "Three", "Four", "Five", "Six")[n - 1] if n <= 5 else f"No {n + 1}"


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def force_row(force: NewForce, first: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """Another force served by the same joint PSD (so at its address), with its own OPCC."""
    return {
        "id": force.id,
        "code": force.code,
        "name": force.name,
        "psd_name": first["psd_name"],
        "psd_address": first["psd_address"],
        "opcc_name": f"Office of the Police and Crime Commissioner for {force.short}",
        "opcc_address": f"{force.short} Shire Hall\n{force.short}",
        "contact_email": f"psd@{force.code.lower()}.bench.example",
        "contact_phone": None,
        "report_targets": first["report_targets"],
        "national_comparators": first["national_comparators"],
        "active": True,
        "created_at": now,
        "version": 1,
    }


def division_rows(
    force: NewForce, models: list[dict[str, Any]], next_id: int
) -> list[dict[str, Any]]:
    """The first force's divisions again for this force: ASH-N, "Ashmoor Northern Division"."""
    return [
        {
            "id": next_id + n,
            "force_id": force.id,
            "code": f"{force.code}-{model['code']}",
            "name": f"{force.short} {model['name']}",
            "kind": model["kind"],
            "active": model["active"],
        }
        for n, model in enumerate(models)
    ]


def staff_counts(base: dict[Role, int], cases: int, years: int) -> dict[Role, int]:
    """A force's staff in proportion to its caseload, at least one of each role."""
    scale = cases / years / STAFF_BASE_CASES_PER_YEAR
    return {role: max(1, round(count * scale)) for role, count in base.items()}


def memberships(users: list[dict[str, Any]], force_id: int) -> list[dict[str, Any]]:
    """Everyone works for their own force only; its appropriate authorities decide for it."""
    return [
        {
            "user_id": user["id"],
            "force_id": force_id,
            "decides": user["role"] == Role.APPROPRIATE_AUTHORITY,
        }
        for user in users
    ]
