"""A letter's blocks on A4 (ReportLab platypus, see ``pdfdoc``): letterhead, addresses, the
template's words, and the signature kept on the page of the last paragraph, so a page
never holds only the sign-off.

The same blocks are shown as HTML on the preview page, so what a handler reads before
issuing is what the complainant receives.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.platypus import KeepTogether

from complaints.common.pdfdoc import (
    BODY,
    HEADING,
    SUBHEADING,
    Masthead,
    Paragraph,
    addresses,
    document,
    esc,
    signature,
)
from complaints.letters.engine import Block

STYLES = {"heading": HEADING, "subheading": SUBHEADING, "paragraph": BODY}


@dataclass(frozen=True)
class Letterhead:
    """Who writes to whom, about what and when: everything a letter has outside its words."""

    force_name: str
    office_name: str  # the force's PSD or its OPCC, as it signs
    office_address: tuple[str, ...]
    reference: str
    dated: dt.date
    recipient: tuple[str, ...]  # name, then address lines
    sender_name: str
    title: str  # "Outcome letter"
    regarding: str = ""  # whose complaint, when the letter goes to someone acting for them

    def sender_lines(self) -> list[str]:
        """Office, force and address, each once: an address that repeats the office's or
        the force's name does not print it twice."""
        lines: list[str] = []
        for line in (self.office_name, self.force_name, *self.office_address):
            if line.strip() and line.strip().casefold() not in {x.casefold() for x in lines}:
                lines.append(line.strip())
        return lines


def markup(block: Block) -> str:
    """A block's words as ReportLab paragraph markup: escaped, bold runs, line breaks."""
    parts = []
    for words, bold in block.runs():
        text = esc(words).replace("\n", "<br/>")
        parts.append(f"<b>{text}</b>" if bold else text)
    return "".join(parts)


def render(head: Letterhead, blocks: list[Block]) -> bytes:
    """The letter as an A4 PDF: masthead, addresses, the words, signature, page numbers."""
    out = io.BytesIO()
    pdf = document(
        out,
        title=f"{head.title} {head.reference}",
        author=head.force_name,
        subject=head.title,
        creator=f"{head.force_name} {head.office_name}",
    )
    words = [Paragraph(markup(block), STYLES[block.style]) for block in blocks]
    closing = signature([head.sender_name, head.office_name, head.force_name])
    story = [
        *addresses(
            head.recipient,
            head.sender_lines(),
            head.reference,
            head.dated,
            f"Complaint by: {head.regarding}" if head.regarding else None,
        ),
        *words[:-1],
        KeepTogether([*words[-1:], *closing]),
    ]
    masthead = Masthead(head.force_name, head.office_name, f"Our reference: {head.reference}")
    masthead.build(pdf, story)
    return out.getvalue()
