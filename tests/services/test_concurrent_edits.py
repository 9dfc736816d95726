"""Two people saving one case at the same moment on PostgreSQL: one save wins, the other
is refused with the version check rather than merged, and redoing it loses nothing.

Runs in a schema of its own, migrated for this test and dropped after it, because the
committed rows (and their append-only audit events) could not be removed otherwise.
"""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from complaints.auth.roles import Role
from complaints.cases import services, workflow
from complaints.cases.models import Case
from complaints.db import make_engine
from complaints.migrations import upgrade
from complaints.sessions import watch
from tests import factories


@pytest.fixture()
def scratch(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("two sessions at once need PostgreSQL (SQLite serialises writers)")
    schema = "scratch_" + uuid.uuid4().hex[:12]
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = engine.url.render_as_string(hide_password=False)
    scratch_engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(scratch_engine)
        factory = sessionmaker(bind=scratch_engine, expire_on_commit=False)
        watch(factory)
        yield factory
    finally:
        scratch_engine.dispose()
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def test_two_sessions_saving_one_case_lose_no_update(scratch):
    with scratch() as session:
        handler = factories.user(session, Role.HANDLER)
        aa = factories.user(session, Role.APPROPRIATE_AUTHORITY)
        case = factories.complaint(session, handler=handler)
        factories.contact(session, case, handler)
        session.commit()
        case_id, handler_id, aa_id = case.id, handler.id, aa.id

    loaded = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def edit(name: str, change) -> None:
        with scratch() as session:
            case = session.get(Case, case_id)
            loaded.wait()  # both have read the same version before either saves
            try:
                change(session, case)
                session.commit()
                outcomes[name] = "saved"
            except StaleDataError:
                session.rollback()
                outcomes[name] = "refused"

    def record(session, case):
        aa = factories.actor_for(session.get(type(case.handler), aa_id))
        workflow.apply(session, aa, case, "record", {"reason": "Asked for"}, factories.NOW)

    def restrict(session, case):
        aa = factories.actor_for(session.get(type(case.handler), aa_id))
        services.restrict(session, aa, case, "Live prosecution", factories.NOW)

    threads = [
        threading.Thread(target=edit, args=("record", record)),
        threading.Thread(target=edit, args=("restrict", restrict)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    refused = next(name for name, result in outcomes.items() if result == "refused")
    # The refused editor sees the case as it is now and makes their change again.
    edit_again = {"record": record, "restrict": restrict}[refused]
    with scratch() as session:
        case = session.get(Case, case_id)
        edit_again(session, case)
        session.commit()
    with scratch() as session:
        case = session.get(Case, case_id)
        assert case.state.value == "recorded"
        assert case.restricted and case.restriction_reason == "Live prosecution"
        assert case.handler_id == handler_id
