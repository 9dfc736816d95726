"""Command line: flask audit verify|checkpoint, the audit trail's hash chain.

``verify`` walks the whole chain and names the first broken row; ``checkpoint`` writes
the chain's head to an append-only file kept away from the database (and prints it, so
that cron can mail it), which ``verify`` then holds the chain to: a chain rewritten and
recomputed by someone with the database owner's rights no longer matches it.
"""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from complaints.common import audit_chain
from complaints.common.audit_chain import Checkpoint
from complaints.common.clock import utcnow
from complaints.web import SESSION_FACTORY

audit_cli = AppGroup("audit", help="The audit trail's hash chain.")

DEFAULT_CHECKPOINT_FILE = "audit-checkpoints.txt"  # in the instance folder
FILE_OPTION = click.option(
    "--file",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The checkpoint file (default: the AUDIT_CHECKPOINT_FILE setting, else "
    f"instance/{DEFAULT_CHECKPOINT_FILE}). Give a copy kept elsewhere to check against it.",
)


def checkpoint_file(path: Path | None = None) -> Path:
    configured = current_app.config.get("AUDIT_CHECKPOINT_FILE")
    return path or Path(configured or Path(current_app.instance_path) / DEFAULT_CHECKPOINT_FILE)


def read_checkpoints(path: Path) -> list[Checkpoint]:
    """Every checkpoint in the file (none if there is no file yet)."""
    if not path.exists():
        return []
    checkpoints = []
    for number, line in enumerate(path.read_text(encoding="ascii").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            try:
                checkpoints.append(Checkpoint.parse(line))
            except ValueError as error:
                raise click.ClickException(f"{path}, line {number}: not a checkpoint") from error
    return checkpoints


def _check(checkpoints: list[Checkpoint], *, since_last_checkpoint: bool, label: str):
    session = current_app.extensions[SESSION_FACTORY]()
    try:
        connection = session.connection()
        total = audit_chain.head(connection).seq
        if since_last_checkpoint and checkpoints:
            total -= max(c.seq for c in checkpoints)
        with click.progressbar(length=max(total, 0), label=label) as bar:
            return audit_chain.verify(
                connection,
                checkpoints,
                since_last_checkpoint=since_last_checkpoint,
                progress=bar.update,
            )
    finally:
        session.close()


def _rows(count: int) -> str:
    return f"{count:,} row" + ("" if count == 1 else "s")


def _fail(verdict: audit_chain.Verdict) -> None:
    raise click.ClickException(f"Audit trail broken at {verdict.broken.describe()}")


@audit_cli.command("verify")
@FILE_OPTION
def verify(path: Path | None) -> None:
    """Check every row of the audit trail against its hash, and the chain against every
    checkpoint; name the first broken row (exit status 1) if any."""
    path = checkpoint_file(path)
    checkpoints = read_checkpoints(path)
    verdict = _check(checkpoints, since_last_checkpoint=False, label="Checking the audit trail")
    if verdict.broken:
        _fail(verdict)
    click.echo(
        f"Audit trail intact: {_rows(verdict.rows)}, head {verdict.head.seq:,} {verdict.head.hash}."
    )
    if checkpoints:
        click.echo(f"It matches every checkpoint in {path} ({len(checkpoints):,}).")
    else:
        click.echo(f"No checkpoints in {path} yet: run flask audit checkpoint regularly.")


@audit_cli.command("checkpoint")
@FILE_OPTION
def checkpoint(path: Path | None) -> None:
    """Check the rows written since the last checkpoint (all, the first time), then append
    the chain's head to the checkpoint file and print it."""
    path = checkpoint_file(path)
    checkpoints = read_checkpoints(path)
    verdict = _check(checkpoints, since_last_checkpoint=True, label="Checking new rows")
    if verdict.broken:
        _fail(verdict)
    line = Checkpoint(utcnow(), verdict.head.seq, verdict.head.hash).line()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="ascii") as file:
        file.write(line)
        file.flush()
        os.fsync(file.fileno())
    click.echo(f"Checkpoint appended to {path}: {line.rstrip()}")
