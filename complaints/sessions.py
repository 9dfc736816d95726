"""What every session of the product does as it flushes: write the audit trail, and move
the stamps of the figures a change touches. Every entry point (the app, the CLI through
the app, benchmarks, tests) makes its sessions through a factory watched here."""

from __future__ import annotations

from typing import Any

from complaints.common import audit
from complaints.reports import kept


def watch(session_factory: Any) -> Any:
    audit.install(session_factory)
    kept.install(session_factory)
    return session_factory
