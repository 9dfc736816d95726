"""A letter's accessible HTML version, from the same letterhead and blocks its PDF prints.

A PDF is hard going with a screen reader, so a person may ask for a letter as HTML. When
a letter is issued its words are kept with it (``record``), exactly as the PDF laid them
out, so the HTML version is the letter that was sent, not one written again from the case
as it is now. ``from_record`` gives them back for the page and the file
(``templates/letters/_letter.html``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from complaints.letters.engine import Block
from complaints.letters.pdf import Letterhead

SIGN_OFF = "Yours sincerely,"  # as ``pdfdoc.signature`` prints it


def record(head: Letterhead, blocks: list[Block]) -> dict[str, Any]:
    """The letter's words as JSON-ready data, to keep with the letter sent."""
    fields = asdict(head)
    fields["dated"] = head.dated.isoformat()
    return {
        "head": fields,
        "blocks": [[block.style, block.text] for block in blocks],
    }


def from_record(data: dict[str, Any]) -> tuple[Letterhead, list[Block]]:
    """The letterhead and blocks kept by ``record``."""
    fields = dict(data["head"])
    fields["dated"] = dt.date.fromisoformat(fields["dated"])
    for name in ("office_address", "recipient"):
        fields[name] = tuple(fields[name])
    return Letterhead(**fields), [Block(style, text) for style, text in data["blocks"]]


def file_name(pdf_name: str) -> str:
    """The HTML file's name: the PDF's, with its own extension."""
    stem = pdf_name[:-4] if pdf_name.lower().endswith(".pdf") else pdf_name
    return f"{stem}.html"
