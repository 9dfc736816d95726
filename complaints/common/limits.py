"""How long a piece of typed text is, and the words that refuse one too long: shared by
the forms (``complaints.forms.MaxLength``) and the services that check again, so a
limit says the same thing wherever it is met."""

from __future__ import annotations


def characters(text: str) -> int:
    """Characters as the person typed them: a browser sends each new line as two (CR LF),
    while the character count on the page, and the person typing, count one."""
    return len(text.replace("\r\n", "\n"))


def too_long(name: str, most: int) -> str:
    """GOV.UK's message for text over its limit: 'Summary must be 2,000 characters or fewer'."""
    return f"{name} must be {most:,} characters or fewer"
