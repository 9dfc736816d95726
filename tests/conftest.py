"""Test fixtures: a database migrated once per run, each test in a transaction rolled
back afterwards, the app wired to that transaction, and sign-in as any role.

SQLite by default; PostgreSQL when COMPLAINTS_TEST_DATABASE_URL is set. With
COMPLAINTS_REQUIRE_POSTGRES=1 a missing PostgreSQL is a failure, not a quiet fallback.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from complaints import create_app
from complaints.auth import services as accounts
from complaints.auth.pending import THROTTLE
from complaints.auth.roles import Role
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.db import make_engine
from complaints.migrations import upgrade
from complaints.reports import kept
from complaints.sessions import watch
from complaints.web import SESSION_FACTORY
from tests import factories, mailserver
from tests.signing import sign_in

TEST_PASSWORD = factories.PASSWORD
FAST_HASHING = "CHEAPEST"  # argon2 at full cost would be most of the suite's time
accounts.use_password_profile(FAST_HASHING)


def _database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("COMPLAINTS_TEST_DATABASE_URL")
    if url:
        return _own_database(url, os.environ.get("PYTEST_XDIST_WORKER"))
    if os.environ.get("COMPLAINTS_REQUIRE_POSTGRES") == "1":
        pytest.exit(
            "COMPLAINTS_REQUIRE_POSTGRES=1 but COMPLAINTS_TEST_DATABASE_URL is not set",
            returncode=3,
        )
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


def _own_database(url: str, worker: str | None) -> str:
    """Each pytest-xdist worker gets a PostgreSQL database of its own beside the one
    named, created on first use, because the session's engine resets its schema."""
    if worker is None:
        return url
    base = make_url(url)
    own = base.set(database=f"{base.database}_{worker}")
    admin = make_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database}
            )
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    finally:
        admin.dispose()
    return own.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _database_url(tmp_path_factory)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a freshly migrated database (PostgreSQL: its public schema is reset)."""
    engine = make_engine(database_url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture()
def connection(engine: Engine):
    connection = engine.connect()
    transaction = connection.begin()
    yield connection
    transaction.rollback()
    connection.close()


@pytest.fixture()
def session_factory(connection) -> sessionmaker:
    """Sessions joined to the test's outer transaction: their commits are savepoints."""
    factory = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    watch(factory)
    return factory


@pytest.fixture()
def db(session_factory) -> Iterator[Session]:
    session = session_factory()
    audit.act_as(session, Actor.system("test"))
    yield session
    session.close()


def _test_app(engine: Engine, factory: sessionmaker, database_url: str, files_dir: str):
    return create_app(
        {
            "TESTING": True,
            "ENV": "test",
            "SECRET_KEY": "test-secret-key",
            "DATABASE_URL": database_url,
            "ENGINE": engine,
            "SESSION_FACTORY": factory,
            "WTF_CSRF_ENABLED": False,
            "FILES_DIR": files_dir,
            "PASSWORD_HASH_PROFILE": FAST_HASHING,
            # A job (sending mail) runs as soon as the transaction that queued it commits.
            "JOB_MODE": "at_once",
            "PUBLIC_FORM_MIN_SECONDS": 0,
        }
    )


@pytest.fixture(scope="session")
def shared_app(engine: Engine, database_url: str, tmp_path_factory: pytest.TempPathFactory):
    """One app for the whole run, so templates compile once; each test gets it wired to
    its own transaction and file store, and its configuration back as it was after."""
    return _test_app(
        engine, sessionmaker(bind=engine), database_url, str(tmp_path_factory.mktemp("files"))
    )


@pytest.fixture()
def app(shared_app, session_factory, tmp_path):
    # Packs kept by an earlier test were made from rows its rollback took away.
    kept.forget()
    # Nor should one test's wrong guesses throttle the next test's sign-ins.
    shared_app.extensions[THROTTLE].reset()
    saved = dict(shared_app.config)
    shared_app.config.update(SESSION_FACTORY=session_factory, FILES_DIR=str(tmp_path / "files"))
    shared_app.extensions[SESSION_FACTORY] = session_factory
    yield shared_app
    shared_app.config.clear()
    shared_app.config.update(saved)


@pytest.fixture()
def fresh_app(engine: Engine, session_factory, database_url: str, tmp_path):
    """An app of the test's own, for tests that change the app itself (add a route)."""
    return _test_app(engine, session_factory, database_url, str(tmp_path / "files"))


@pytest.fixture()
def smtp_server(app) -> Iterator[mailserver.MailServer]:
    """A real SMTP server in the test process, which the app sends its mail to."""
    with mailserver.running() as server:
        app.config.update(MAIL_SERVER=server.host, MAIL_PORT=server.port)
        yield server


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def now() -> dt.datetime:
    return dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture()
def make_user(db):
    def make(role: Role, **kwargs):
        user = factories.user(db, role, **kwargs)
        db.commit()
        return user

    return make


@pytest.fixture()
def team(make_user):
    """The people around a case: a handler, an appropriate authority, an investigator
    and an OPCC reviewer."""
    return {
        "handler": make_user(Role.HANDLER),
        "aa": make_user(Role.APPROPRIATE_AUTHORITY),
        "investigator": make_user(Role.INVESTIGATOR),
        "reviewer": make_user(Role.OPCC_REVIEWER),
    }


@pytest.fixture()
def login_as(client, make_user):
    """Sign in through the real form as a new user of the given role; returns the user."""

    def login(role: Role | str, **kwargs):
        user = make_user(Role(role), **kwargs)
        sign_in(client, user.email)
        return user

    return login
