"""How a redacted passage is found in an item's text and replaced: the one rule, used
when a redaction is marked (to refuse words the item does not hold) and when the copy
is made."""

from __future__ import annotations

import re

from complaints.access.models import Redaction


def pattern(phrases: list[str]) -> re.Pattern[str]:
    """The exact words, regardless of case and of how spaces and line breaks fall; the
    longest first, so a name inside a longer passage does not split it."""
    ordered = sorted({folded(p) for p in phrases}, key=len, reverse=True)
    return re.compile(
        "|".join(r"\s+".join(re.escape(word) for word in p.split()) for p in ordered),
        re.IGNORECASE,
    )


def holds(text: str, phrase: str) -> bool:
    return bool(folded(phrase)) and pattern([phrase]).search(text) is not None


def redact_text(text: str, redactions: list[Redaction]) -> tuple[str, int]:
    """The text with every passage redacted replaced by "[Redacted: reason]", in one pass
    (the longest passages first), so a replacement is never itself redacted; matched
    regardless of case and of how spaces and line breaks fall."""
    phrases = {}
    for redaction in redactions:
        if redaction.phrase:
            phrases.setdefault(folded(redaction.phrase), redaction)
    if not phrases:
        return text, 0
    fallback = next(iter(phrases.values()))
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"[Redacted: {phrases.get(folded(match.group(0)), fallback).reason_text}]"

    return pattern(list(phrases)).sub(replace, text), count


def folded(phrase: str) -> str:
    return " ".join(phrase.split()).lower()
