"""How fast do letters go out by email?

Logs N complaints whose complainants prefer email, issues an acknowledgement to each (one
transaction per letter, as a handler's click is: PDF made from the force's template, kept
with the case, contact and outbox row written), then lets the job queue send them to a
real SMTP server in this process (aiosmtpd) with the PDF attached. Prints letters issued
per second, messages sent per second by the worker, and the whole run end to end; checks
that the SMTP server received every message exactly once.

With ``--redis`` (the default when Redis answers on 127.0.0.1:6379) the messages go
through the RQ queue on Redis and one RQ worker sends them, as in production; otherwise
the in-process thread of ``make run`` sends them. Not a test: run it by hand.

    .venv/bin/python bench/letters.py                    # 1,000 letters, SQLite
    .venv/bin/python bench/letters.py --database postgresql --letters 2000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select
from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from complaints import create_app, jobs
from complaints.auth.roles import Role
from complaints.cases import correspondence
from complaints.cases.choices import ContactMethod
from complaints.cases.letters import LetterKind
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import utcnow
from complaints.db import make_engine
from complaints.documents.storage import FileStore
from complaints.mail.models import MailStatus, OutboxMessage
from complaints.migrations import upgrade
from complaints.web import SESSION_FACTORY
from tests import factories
from tests.mailserver import running

POSTGRESQL_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/complaints_bench_letters"
REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--redis", action=argparse.BooleanOptionalAction, default=None)
    args = parser.parse_args()
    use_redis = _redis_answers() if args.redis is None else args.redis

    with tempfile.TemporaryDirectory() as root, running() as smtp:
        url = _database(args.database, Path(root))
        engine = make_engine(url)
        upgrade(engine)
        settings = {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "DATABASE_URL": url,
            "ENGINE": engine,
            "FILES_DIR": str(Path(root) / "files"),
            "MAIL_SERVER": smtp.host,
            "MAIL_PORT": smtp.port,
            "JOB_MODE": "redis" if use_redis else "thread",
            "REDIS_URL": REDIS_URL if use_redis else None,
        }
        app = create_app(settings)
        with app.app_context():
            if use_redis:
                jobs.redis_queue(app).connection.flushdb()
            case_ids, handler = _cases(app, args.letters)
            started = time.perf_counter()
            _issue(app, case_ids, handler, FileStore(Path(root) / "files"))
            issued = time.perf_counter()
            _send(app, use_redis, args.letters, smtp)
            finished = time.perf_counter()
            _check(app, args.letters, smtp)
        engine.dispose()

    n = args.letters
    way = "an RQ worker on Redis" if use_redis else "the in-process thread"
    print(f"\n{n:,} acknowledgement letters by email, {args.database}, sent by {way}:")
    print(
        f"  issuing (PDF, file, contact, outbox; one transaction each): "
        f"{n / (issued - started):,.1f} letters/s ({issued - started:.1f} s)"
    )
    print(
        f"  sending over SMTP with the PDF attached:                     "
        f"{n / (finished - issued):,.1f} messages/s ({finished - issued:.1f} s)"
    )
    print(
        f"  end to end:                                                  "
        f"{n / (finished - started):,.1f} letters/s ({finished - started:.1f} s)"
    )


def _redis_answers() -> bool:
    try:
        from redis import Redis

        return bool(Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


def _database(kind: str, root: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{root / 'letters.sqlite3'}"
    admin = make_engine(POSTGRESQL_URL.rsplit("/", 1)[0] + "/postgres")
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        name = POSTGRESQL_URL.rsplit("/", 1)[1]
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    return POSTGRESQL_URL


def _cases(app, count: int):
    """``count`` logged complaints assigned to one handler, each complainant preferring email."""
    with app.extensions[SESSION_FACTORY]() as session:
        audit.act_as(session, Actor.system("bench"))
        handler = factories.user(session, Role.HANDLER, name="Hana Handler")
        ids = []
        for _ in tqdm(range(count), desc="logging complaints", unit="case", leave=False):
            case = factories.complaint(session, handler=handler, now=utcnow())
            complainant = case.complainants[0]
            complainant.contact_preference = ContactMethod.EMAIL
            ids.append(case.id)
        session.commit()
        return ids, factories.actor_for(handler)


def _issue(app, case_ids: list[int], handler: Actor, store: FileStore) -> None:
    from complaints.cases.models import Case

    for case_id in tqdm(case_ids, desc="issuing letters", unit="letter", leave=False):
        with app.extensions[SESSION_FACTORY]() as session:
            case = session.get(Case, case_id)
            correspondence.send_letter(
                session, handler, case, LetterKind.ACKNOWLEDGEMENT, store, utcnow()
            )
            session.commit()  # the outbox hands the message to the job queue here


def _send(app, use_redis: bool, count: int, smtp) -> None:
    if use_redis:
        from rq import SimpleWorker

        queue = jobs.redis_queue(app)
        SimpleWorker([queue], connection=queue.connection).work(burst=True, logging_level="WARNING")
        return
    with tqdm(total=count, desc="sending", unit="message", leave=False) as progress:
        while len(smtp.received) < count:
            progress.update(len(smtp.received) - progress.n)
            time.sleep(0.01)


def _check(app, count: int, smtp) -> None:
    with app.extensions[SESSION_FACTORY]() as session:
        sent = session.scalar(select(func.count()).where(OutboxMessage.status == MailStatus.SENT))
    recipients = [r.recipients[0] for r in smtp.received]
    if sent != count or len(recipients) != count:
        raise SystemExit(f"expected {count} sent, outbox says {sent}, SMTP got {len(recipients)}")


if __name__ == "__main__":
    main()
