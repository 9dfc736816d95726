"""How strong a password must be: long, and not guessable by the people who guess them.

Length alone lets through "Password123!" and the force's own name with a year. zxcvbn
estimates how many guesses a password would take, knowing the most common passwords
(from breach corpora, shipped in the package: nothing is looked up over the network),
words, names, dates, keyboard patterns and the words a guesser would try first here.
"""

from __future__ import annotations

from zxcvbn import zxcvbn

from complaints.common.errors import Refused

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
# zxcvbn's scale: 3 is "safely unguessable" against an online attack that is throttled
# and against a slow-hash offline attack; 4 is "very unguessable".
MIN_SCORE = 3
# The estimator's time grows with length, and a long password is strong by then anyway.
_ESTIMATED_PREFIX = 64
# What a guesser aiming at this service tries first.
SERVICE_WORDS = ("police", "complaints", "professional", "standards", "psd", "opcc", "force")


class WeakPassword(Refused):
    """A password that would be guessed; the message says why and what to do."""

    field = "password"


def check_strength(password: str, *, about: tuple[str, ...] = ()) -> None:
    """Refuse a password that is short or guessable; ``about`` lists the person's own
    details (email, name), which a guesser who knows them would try."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"Password must be {MIN_PASSWORD_LENGTH} characters or more")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPassword(f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer")
    words = [w for text in about for w in _words(text)] + list(SERVICE_WORDS)
    result = zxcvbn(password[:_ESTIMATED_PREFIX], user_inputs=words)
    if result["score"] >= MIN_SCORE:
        return
    feedback = result["feedback"]
    advice = feedback.get("warning") or "This password would be easy to guess."
    suggestion = "Use three or four unrelated words, or a longer password."
    raise WeakPassword(f"{advice.rstrip('.')}. {suggestion}")


def _words(text: str) -> list[str]:
    """A person's details as the words a guesser would try: "sam.okafor@force.example"
    gives "sam", "okafor", "force", "example"."""
    cleaned = "".join(c if c.isalnum() else " " for c in text.lower())
    return [word for word in cleaned.split() if len(word) >= 3]
