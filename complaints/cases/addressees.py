"""Who a letter to a complainant goes to, and how: the complainant, or the person acting
for them once the complainant's written consent is in, with a copy to the complainant
when they asked for one.

Each addressee is emailed when an address is known and email is their way (the
complainant's stated preference; a representative who gave an email address), otherwise
the letter goes on the list to post.
"""

from __future__ import annotations

from dataclasses import dataclass

from complaints.cases.choices import ContactMethod
from complaints.cases.models import Complainant, Representative


@dataclass(frozen=True)
class Addressee:
    name: str  # as the address block prints it
    greeting: str  # "Dear ...": title and surname, or the name as given
    address: tuple[str, ...]
    email: str | None  # where the letter is emailed; None: posted
    complainant: Complainant
    representative: bool = False  # a letter to the person acting for the complainant
    copy: bool = False  # the complainant's copy of a letter to their representative


def addressees(complainant: Complainant) -> list[Addressee]:
    """Who gets the letter, the one it is addressed to first."""
    representative = acting_for(complainant)
    if representative is None:
        return [_complainant(complainant)]
    to = Addressee(
        name=representative.name,
        greeting=representative.name,
        address=_lines(
            [representative.organisation or "", *(representative.address or "").splitlines()]
        ),
        email=(representative.email or "").strip() or None,
        complainant=complainant,
        representative=True,
    )
    if representative.copy_to_complainant:
        return [to, _complainant(complainant, copy=True)]
    return [to]


def acting_for(complainant: Complainant) -> Representative | None:
    """The representative letters go to: only once the complainant's written consent to
    their acting has been received (until then, letters go to the complainant)."""
    representative = complainant.representative
    if representative is None or representative.consent_received_on is None:
        return None
    return representative


def email_address(complainant: Complainant) -> str | None:
    """Where the complainant's letters are emailed: only when they prefer email and we
    hold an address for them; None means the letter is posted."""
    address = (complainant.email or "").strip()
    if complainant.contact_preference == ContactMethod.EMAIL and address:
        return address
    return None


def address_lines(complainant: Complainant) -> tuple[str, ...]:
    lines = _lines((complainant.address or "").splitlines())
    postcode = (complainant.postcode or "").strip()
    if postcode and not any(postcode.upper() in line.upper() for line in lines):
        lines = (*lines, postcode)
    return lines


def how_sent(complainant: Complainant) -> str:
    """What will happen to a letter for this complainant, for the person writing it."""
    return " ".join(_how(each) for each in addressees(complainant))


def _how(to: Addressee) -> str:
    name = to.name
    if to.copy:
        way = f"emailed to {to.email}" if to.email else "put on the list of letters to post"
        return f"A copy will be {way} for {name}, who asked for copies."
    if to.representative:
        intro = f"{name} acts for {to.complainant.display_name}: the letter is addressed to them"
        if to.email:
            return f"{intro} and will be emailed to {to.email} as a PDF."
        return f"{intro} and will go on the list of letters to post."
    if to.email:
        return f"{name} prefers email: the letter will be emailed to {to.email} as a PDF."
    if to.complainant.contact_preference == ContactMethod.EMAIL:
        return (
            f"{name} prefers email, but there is no email address for them: the letter "
            "will go on the list of letters to post."
        )
    return f"The letter will go on the list of letters to print and post to {name}."


def _complainant(complainant: Complainant, copy: bool = False) -> Addressee:
    return Addressee(
        name=complainant.display_name,
        greeting=complainant.addressed_as,
        address=address_lines(complainant),
        email=email_address(complainant),
        complainant=complainant,
        copy=copy,
    )


def _lines(lines) -> tuple[str, ...]:
    return tuple(line.strip() for line in lines if line and line.strip())
