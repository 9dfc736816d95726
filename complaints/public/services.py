"""Sending the public complaint form: the submission, kept as received, and the email
that tells the person their reference and what happens next.

A submission is not a case until a handler has looked at it (``triage``): forms can be
sent by anyone, twice, or about something that is not a complaint. The day it was sent is
the day the complaint was received, as the law counts it.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets

from sqlalchemy.orm import Session

from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.errors import Refused
from complaints.documents.services import checked
from complaints.documents.storage import FileStore
from complaints.forces.models import Force
from complaints.mail import outbox
from complaints.public import drafts, questions
from complaints.public.models import FormDraft, OnlineSubmission, SubmissionStatus

_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out on the phone


class SubmissionRefused(Refused):
    """A form that cannot be sent yet, or a file it cannot take."""


def new_reference(rng: random.Random | None = None) -> str:
    """A reference nobody can guess from another: WEB-7K3M-Q9TX (``rng`` only for the
    demo, whose data is the same for the same seed)."""
    pick = rng.choice if rng is not None else secrets.choice
    code = "".join(pick(_ALPHABET) for _ in range(8))
    return f"WEB-{code[:4]}-{code[4:]}"


def keep_file(
    draft: FormDraft, filename: str, data: bytes, store: FileStore, now: dt.datetime
) -> None:
    """A file sent with the form: checked by its content as staff uploads are, kept by its
    SHA-256, and listed with the answers until a handler files it with the case."""
    kept = list((draft.answers or {}).get("files") or [])
    if len(kept) >= questions.MOST_FILES:
        raise SubmissionRefused(
            f"You can send up to {questions.MOST_FILES} files. Remove one to add another"
        )
    try:
        name, file_type = checked(filename, data)
    except Refused as refused:
        raise SubmissionRefused(str(refused)) from refused
    kept.append(
        {
            "name": name,
            "sha256": store.put(data),
            "size": len(data),
            "content_type": file_type.content_type,
        }
    )
    drafts.keep(draft, {"files": kept}, now)


def remove_file(draft: FormDraft, index: int, now: dt.datetime) -> None:
    kept = list((draft.answers or {}).get("files") or [])
    if 0 <= index < len(kept):
        del kept[index]
    drafts.keep(draft, {"files": kept}, now)


def looks_automated(draft: FormDraft, now: dt.datetime, min_seconds: float) -> bool:
    """Sent faster than a person could read and answer every page (``min_seconds``,
    the setting ``PUBLIC_FORM_MIN_SECONDS``), or with the box only programs fill in."""
    too_fast = (now - draft.started_at).total_seconds() < min_seconds
    return too_fast or bool((draft.answers or {}).get("_filled_trap"))


def submit(
    session: Session, actor: Actor, draft: FormDraft, force: Force, forces: int, now: dt.datetime
) -> OnlineSubmission:
    """Keep the answers as a submission in the force's online queue, email the reference
    if an address was given, and forget the form in progress. Only flushes."""
    audit.acting(session, actor, now)
    answers = {k: v for k, v in (draft.answers or {}).items() if not k.startswith("_")}
    missing = questions.first_unanswered(draft.answers or {}, forces)
    if missing is not None:
        raise SubmissionRefused(f"Answer the question '{missing}' before you send your complaint")
    incident = answers.get("incident_on")
    submission = OnlineSubmission(
        force_id=force.id,
        reference=new_reference(),
        status=SubmissionStatus.NEW,
        received_at=now,
        answers=answers,
        given_name=str(answers.get("given_name") or ""),
        family_name=str(answers.get("family_name") or ""),
        email=str(answers.get("email") or "") or None,
        postcode=str(answers.get("postcode") or "").upper() or None,
        incident_on=dt.date.fromisoformat(incident) if isinstance(incident, str) else None,
    )
    session.add(submission)
    session.flush()
    if submission.email:
        outbox.queue(session, acknowledgement(submission, force), now)
    drafts.discard(session, draft)
    return submission


def acknowledgement(submission: OnlineSubmission, force: Force) -> outbox.Email:
    """The email sent as the form arrives: the reference, and what happens next."""
    name = " ".join(p for p in (submission.answers.get("given_name"), submission.family_name) if p)
    lines = [
        f"Dear {name},",
        "",
        f"Thank you. We have received your complaint about {force.name}.",
        "",
        f"Your reference is {submission.reference}. Please use it if you contact us.",
        "",
        "What happens next:",
        "",
        "- Someone from our Professional Standards Department will read your complaint.",
        "- We will contact you to talk about it, in the way you asked us to.",
        "- We will tell you how your complaint will be dealt with.",
        "",
        "If you did not send this complaint, please tell us.",
        "",
        force.psd_name,
        force.name,
        *force.psd_contact_lines,
    ]
    return outbox.Email(
        to=str(submission.email),
        subject=f"{force.name}: we have received your complaint ({submission.reference})",
        body="\n".join(lines) + "\n",
        kind="online_submission_received",
        force_id=force.id,
    )
