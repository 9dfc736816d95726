"""What every session of the product does as it flushes and commits: write the audit
trail, move the stamps of the figures a change touches, keep whether each case it touches
waits for the appropriate authority's decision, and hand the mail it queued to
the job queue once it has committed. Every entry point (the app, the CLI through
the app, benchmarks, tests) makes its sessions through a factory watched here."""

from __future__ import annotations

from typing import Any

from complaints.cases import awaiting
from complaints.common import audit
from complaints.mail import jobs as mail_jobs
from complaints.reports import kept


def watch(session_factory: Any) -> Any:
    audit.install(session_factory)
    kept.install(session_factory)
    awaiting.install(session_factory)
    mail_jobs.install(session_factory)
    return session_factory
