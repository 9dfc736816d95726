"""A complaint form in progress, kept on the server under a random key the browser holds.

The key is 32 random bytes; only its SHA-256 is stored, so the table cannot be used to
open someone's answers. A form left alone for ``IDLE`` is gone: the next visit starts
again, and abandoned answers are deleted whenever a new form is started.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from complaints.public.models import FormDraft

IDLE = dt.timedelta(hours=2)
PAGES = "_pages"  # the answers' own record of which pages were answered


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def load(session: Session, key: str | None, now: dt.datetime) -> FormDraft | None:
    """The form this key opens, unless it has been left alone too long."""
    if not key:
        return None
    draft = session.scalar(select(FormDraft).where(FormDraft.key_hash == _hash(key)))
    if draft is None or draft.updated_at < now - IDLE:
        return None
    return draft


def start(session: Session, now: dt.datetime) -> tuple[str, FormDraft]:
    """A new, empty form and its key; forms abandoned before now are deleted."""
    session.execute(delete(FormDraft).where(FormDraft.updated_at < now - IDLE))
    key = secrets.token_urlsafe(32)
    draft = FormDraft(key_hash=_hash(key), answers={}, started_at=now, updated_at=now)
    session.add(draft)
    session.flush()
    return key, draft


def answer(draft: FormDraft, slug: str, answers: dict[str, object], now: dt.datetime) -> None:
    """Keep one page's answers (replacing that page's earlier ones)."""
    kept = dict(draft.answers or {})
    kept.update(answers)
    kept[PAGES] = sorted({*(kept.get(PAGES) or []), slug})
    draft.answers = kept
    draft.updated_at = now


def keep(draft: FormDraft, answers: dict[str, object], now: dt.datetime) -> None:
    """Keep answers given part way through a page (files added one at a time)."""
    draft.answers = {**(draft.answers or {}), **answers}
    draft.updated_at = now


def discard(session: Session, draft: FormDraft) -> None:
    session.delete(draft)
    session.flush()
