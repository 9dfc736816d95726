"""Files kept with a case: uploads of evidence and correspondence, and generated letters.

The bytes go to the content-addressed ``FileStore`` (outside the web root) and the case
keeps an ``Attachment`` row naming them by SHA-256; opening one re-checks the hash and
writes a download event to the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from complaints.cases.models import Case
from complaints.cases.services import CaseError
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.documents import filetypes
from complaints.documents.models import Attachment, AttachmentKind
from complaints.documents.storage import FileStore, MissingFile, TamperedFile

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # per file; the whole request may be 25 MB (config)
MAX_DESCRIPTION = 300
UPLOAD_KINDS = frozenset({AttachmentKind.EVIDENCE, AttachmentKind.CORRESPONDENCE})


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes
    kind: AttachmentKind
    description: str | None = None


@dataclass(frozen=True)
class LetterSettings:
    """What every letter needs from the app's configuration: where it is kept. Who sends
    it (the force's name, its PSD's or OPCC's name and address) is the case's force's
    (``Case.force``), never the configuration's."""

    store: FileStore


def letter_settings(config: Mapping[str, Any]) -> LetterSettings:
    return LetterSettings(store=store_for(config))


def store_for(config: Mapping[str, Any]) -> FileStore:
    """The app's store, at FILES_DIR as ``create_app`` resolved it (instance/files by default)."""
    files_dir = config.get("FILES_DIR")
    if not files_dir:
        raise RuntimeError("FILES_DIR is not set; create_app sets it to instance/files")
    return FileStore(Path(files_dir))


def add_attachment(
    session: Session,
    actor: Actor,
    case: Case,
    upload: Upload,
    store: FileStore,
    now: dt.datetime,
) -> Attachment:
    """Keep an uploaded file with the case, once it has passed every check."""
    audit.acting(session, actor, now)
    if upload.kind not in UPLOAD_KINDS:
        raise CaseError("Choose whether the file is evidence or correspondence")
    filename, file_type = checked(upload.filename, upload.data)
    description = _description(upload.description)
    return _attach(
        session, actor, case, upload.kind, filename, file_type, upload.data, description, store, now
    )


def checked(filename: str, data: bytes) -> tuple[str, filetypes.FileType]:
    """A file's safe name and its type, identified by its content, or a refusal that says
    what is wrong: the one gate every upload passes, staff's and the public's."""
    name = filetypes.safe_filename(filename)
    if not name:
        raise CaseError("Select a file")
    if not data:
        raise CaseError("The selected file is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise CaseError("The selected file must be smaller than 20 MB")
    return name, filetypes.identify(name, data)


def store_letter(
    session: Session,
    actor: Actor,
    case: Case,
    filename: str,
    pdf_bytes: bytes,
    description: str | None,
    store: FileStore,
    now: dt.datetime,
) -> Attachment:
    """Keep a generated letter with the case, exactly as it was sent."""
    audit.acting(session, actor, now)
    if not filetypes.PDF.sniff(pdf_bytes):
        raise CaseError("The letter could not be stored because it is not a PDF")
    filename = filetypes.safe_filename(filename) or "letter"
    if filetypes.extension_of(filename) != ".pdf":
        filename = filetypes.safe_filename(filename + ".pdf")
    return _attach(
        session,
        actor,
        case,
        AttachmentKind.LETTER,
        filename,
        filetypes.PDF,
        pdf_bytes,
        _description(description),
        store,
        now,
    )


def open_attachment(
    session: Session, actor: Actor, attachment: Attachment, store: FileStore, now: dt.datetime
) -> bytes:
    """The attachment's bytes, verified against its hash; every download is audited.

    A file that fails the check raises ``TamperedFile`` (``MissingFile`` when it is gone)
    after a "refused" event is added: commit before showing the error so the event is kept.
    """
    audit.acting(session, actor, now)
    try:
        data = store.get(attachment.sha256)
    except TamperedFile as error:
        audit.record(
            session,
            "refused",
            entity_type="attachments",
            entity_id=attachment.id,
            case_id=attachment.case_id,
            summary=f"{attachment.kind.label}: the stored file failed its integrity check",
            changes={"reason": "missing" if isinstance(error, MissingFile) else "changed"},
            actor=actor,
            now=now,
        )
        session.flush()
        raise
    audit.record(
        session,
        "download",
        entity_type="attachments",
        entity_id=attachment.id,
        case_id=attachment.case_id,
        summary=attachment.kind.label,
        actor=actor,
        now=now,
    )
    session.flush()
    return data


def _description(description: str | None) -> str | None:
    text = " ".join((description or "").split())
    if len(text) > MAX_DESCRIPTION:
        raise CaseError(f"Enter a description of {MAX_DESCRIPTION} characters or fewer")
    return text or None


def _attach(
    session: Session,
    actor: Actor,
    case: Case,
    kind: AttachmentKind,
    filename: str,
    file_type: filetypes.FileType,
    data: bytes,
    description: str | None,
    store: FileStore,
    now: dt.datetime,
) -> Attachment:
    """Bytes first, then the row: a row never names a file the store does not hold."""
    sha256 = store.put(data)
    attachment = Attachment(
        case_id=case.id,
        kind=kind,
        filename=filename,
        content_type=file_type.content_type,
        size_bytes=len(data),
        sha256=sha256,
        description=description,
        uploaded_by_id=actor.user_id,
        uploaded_at=now,
    )
    session.add(attachment)
    case.updated_at = now
    session.flush()
    return attachment
