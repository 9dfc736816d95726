"""Importing a legacy extract: a dry run that reports row by row and writes nothing, and
the import itself, all or nothing per file (unless told to skip the rows refused),
idempotent by each row's legacy reference, and audited as one event with the file's
SHA-256 and counts. Like every service it takes (session, actor, data, now) and only
flushes; the CLI or the page commits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_today
from complaints.common.errors import Refused
from complaints.documents.storage import sha256_of
from complaints.imports import planning, writing
from complaints.imports.mapping import Mapping
from complaints.imports.models import CaseImport
from complaints.imports.planning import REFUSE, Plan

__all__ = ["REFUSE", "Extract", "ImportRefused", "Outcome", "Plan", "check", "run"]

MAX_FILENAME = 200


@dataclass(frozen=True)
class Extract:
    filename: str
    data: bytes
    mapping: Mapping
    force_id: int

    @property
    def sha256(self) -> str:
        return sha256_of(self.data)


class ImportRefused(Refused):
    """Rows were refused and the import was not told to skip them: nothing was written."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(
            f"{plan.refused} of {plan.rows} rows are refused, so nothing was imported: "
            "correct them, or import with the bad rows skipped"
        )
        self.plan = plan


@dataclass(frozen=True)
class Outcome:
    plan: Plan
    record: CaseImport | None  # None when there was nothing to create


def check(session: Session, actor: Actor, extract: Extract, now: dt.datetime) -> Plan:
    """The dry run: what importing would create, find already imported, or refuse."""
    return planning.plan(
        session, extract.data, extract.mapping, extract.force_id, london_today(now)
    )


def run(
    session: Session,
    actor: Actor,
    extract: Extract,
    now: dt.datetime,
    *,
    skip_bad_rows: bool = False,
    progress: writing.Progress | None = None,
    planned: Plan | None = None,
) -> Outcome:
    """Import the extract. Refused rows stop it (nothing written) unless ``skip_bad_rows``;
    rows already imported are left as they are; a file with nothing new writes nothing.
    ``planned``: the dry run just made of this extract in this transaction, if any."""
    plan = planned or check(session, actor, extract, now)
    if plan.refused and not skip_bad_rows:
        raise ImportRefused(plan)
    if not plan.cases:
        return Outcome(plan, None)
    audit.acting(session, actor, now)
    record = CaseImport(
        force_id=extract.force_id,
        filename=extract.filename[:MAX_FILENAME],
        sha256=extract.sha256,
        mapping_name=extract.mapping.name,
        imported_at=now,
        imported_by_id=actor.user_id,
        rows=plan.rows,
        cases_created=len(plan.cases),
        allegations_created=plan.allegations,
        subjects_created=len(plan.new_subjects),
        rows_already_imported=plan.already_imported,
        rows_skipped=plan.refused,
    )
    session.add(record)
    session.flush()
    writing.write(session, plan, extract.force_id, record.id, now, progress)
    audit.record(
        session,
        "import",
        entity_type="case_imports",
        entity_id=record.id,
        changes={
            "filename": [None, record.filename],
            "sha256": [None, record.sha256],
            "mapping": [None, record.mapping_name],
            "rows": [None, plan.rows],
            "cases_created": [None, len(plan.cases)],
            "allegations_created": [None, plan.allegations],
            "subjects_created": [None, len(plan.new_subjects)],
            "rows_already_imported": [None, plan.already_imported],
            "rows_skipped": [None, plan.refused],
        },
        summary=f"Imported {extract.filename[:80]}: {plan.summary()}",
        actor=actor,
        now=now,
    )
    session.flush()
    return Outcome(plan, record)
