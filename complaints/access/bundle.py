"""The download: a zip of an index PDF, one PDF per extract and the original documents.

The redacted copy is made from text in which each redacted passage has already been
replaced by "[Redacted: reason]" before anything is drawn, so the words are absent from
the PDFs' text layer, not merely covered. Original files (PDFs, images) cannot be
redacted in place: each goes into the copy whole unless the appropriate authority
withheld it, and the index says which.
"""

from __future__ import annotations

import datetime as dt
import io
import mimetypes
import zipfile
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from complaints.access.extracts import Extract
from complaints.access.models import AccessRequest, Redaction
from complaints.access.redaction import redact_text
from complaints.common.clock import london_date
from complaints.common.pdfdoc import (
    HEADING,
    RULE,
    SMALL,
    TABLE_FONT,
    Masthead,
    Paragraph,
    document,
    esc,
    long_date,
    paragraph,
    typed,
)
from complaints.documents.storage import FileStore, TamperedFile


@dataclass(frozen=True)
class Item:
    """One extract as it goes into a copy: its text redacted (or not) and what became of it."""

    number: int
    extract: Extract
    title: str
    text: str
    redactions: int
    withheld: str | None  # the reason, when the whole item is withheld

    @property
    def status(self) -> str:
        if self.withheld is not None:
            what = "Original withheld" if self.extract.document else "Withheld"
            return f"{what}: {self.withheld}"
        parts = []
        if self.extract.document is not None:
            parts.append("Original file included")
        if self.redactions:
            parts.append(f"{self.redactions} passage{'s' if self.redactions != 1 else ''} redacted")
        return "; ".join(parts) or "Included in full"


def items(extracts: list[Extract], redactions: list[Redaction], *, redacted: bool) -> list[Item]:
    made = []
    for number, extract in enumerate(extracts, start=1):
        if not redacted:
            made.append(Item(number, extract, extract.title, extract.text, 0, None))
            continue
        mine = [r for r in redactions if r.extract_id in (None, extract.id)]
        whole = next((r for r in mine if r.phrase is None), None)
        title, in_title = redact_text(extract.title, mine)
        text, in_text = redact_text(extract.text, mine)
        made.append(
            Item(
                number,
                extract,
                title,
                text,
                in_title + in_text,
                whole.reason_text if whole is not None else None,
            )
        )
    return made


def build(
    request: AccessRequest,
    extracts: list[Extract],
    redactions: list[Redaction],
    *,
    redacted: bool,
    force_name: str,
    store: FileStore,
    now: dt.datetime,
) -> bytes:
    """The zip: ``index.pdf``, ``items/NNN-<id>.pdf`` and ``documents/NNN-<id>.<ext>``."""
    made = items(extracts, redactions, redacted=redacted)
    copy = "Redacted copy" if redacted else "Unredacted copy, for checking only: not to be sent"
    reference = f"SAR-{request.id}"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        missing = set()
        for item in made:
            if item.withheld is not None:
                continue
            stem = f"{item.number:03d}-{item.extract.id}"
            bundle.writestr(f"items/{stem}.pdf", _item_pdf(item, force_name, reference, copy))
            if item.extract.document is not None:
                original = item.extract.document
                try:
                    data = store.get(original.sha256)
                except TamperedFile:
                    missing.add(item.number)
                    continue
                suffix = mimetypes.guess_extension(original.content_type) or ".bin"
                bundle.writestr(f"documents/{stem}{suffix}", data)
        bundle.writestr(
            "index.pdf", _index_pdf(request, made, missing, force_name, reference, copy, now)
        )
    return out.getvalue()


def _index_pdf(
    request: AccessRequest,
    made: list[Item],
    missing: set[int],
    force_name: str,
    reference: str,
    copy: str,
    now: dt.datetime,
) -> bytes:
    out = io.BytesIO()
    doc = document(out, title=f"Subject access request {reference}: index", author=force_name)
    story = [
        Paragraph(f"Subject access request {esc(reference)}", HEADING),
        paragraph(f"<b>{esc(copy)}</b>"),
        paragraph(
            f"Requested by {esc(request.person_name)}. Received {long_date(request.received_on)};"
            f" due by {long_date(request.due_on)}. Made {long_date(london_date(now))}."
        ),
        paragraph(
            f"{len(made)} item{'s' if len(made) != 1 else ''} held. Each is in the items folder "
            "under its number; original files kept with a case are in the documents folder."
        ),
        Spacer(1, 4 * mm),
    ]
    rows = [[Paragraph(h, SMALL) for h in ("No.", "Item", "Title", "In this copy")]]
    for item in made:
        status = item.status
        if item.number in missing:
            status += " (the original could not be read from the file store)"
        rows.append(
            [
                Paragraph(str(item.number), SMALL),
                Paragraph(esc(item.extract.id), SMALL),
                Paragraph(esc(item.title), SMALL),
                Paragraph(esc(status), SMALL),
            ]
        )
    table = Table(rows, colWidths=["8%", "22%", "40%", "30%"], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
            ]
        )
    )
    story.append(table)
    Masthead(force_name, "Subject access", f"{reference}: {copy}").build(doc, story)
    return out.getvalue()


def _item_pdf(item: Item, force_name: str, reference: str, copy: str) -> bytes:
    out = io.BytesIO()
    doc = document(out, title=f"{reference} item {item.number}", author=force_name)
    story = [
        Paragraph(f"{item.number}. {esc(item.title)}", HEADING),
        *typed(item.text or "(Nothing recorded.)"),
    ]
    if item.extract.document is not None:
        story.append(paragraph("The original file is in the documents folder under this number."))
    Masthead(force_name, "Subject access", f"{reference}: {copy}").build(doc, story)
    return out.getvalue()
