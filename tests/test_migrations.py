"""Alembic owns the schema: one head, the migrated schema equals the models, and the
migrations run down and up again cleanly."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import DBAPIError

from complaints.common.audit_model import AuditEvent
from complaints.db import make_engine
from complaints.migrations import alembic_config, upgrade
from complaints.models import Base
from complaints.reference.models import AllegationCategory, Division


def test_there_is_exactly_one_head():
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_migration_files_have_dated_names():
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    for revision in script.walk_revisions():
        name = revision.path.rsplit("/", 1)[-1]
        assert name[:11].replace("_", "").isdigit(), name


def test_migrated_schema_matches_the_models(engine):
    sqlite = engine.dialect.name == "sqlite"

    def compared(item, name, type_, reflected, compare_to) -> bool:
        # PostgreSQL's own indexes (trigram search) are not made on SQLite.
        return not (sqlite and type_ == "index" and item.info.get("postgresql_only"))

    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": compared}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_reference_data_is_seeded(db):
    codes = set(db.scalars(select(AllegationCategory.code).where(AllegationCategory.active)))
    assert {"A1", "B6", "F6", "H5", "J1", "K1", "L1"} <= codes
    assert len(codes) == 45  # domain.md A4: 4+9+1+4+1+10+6+5+3+1+1 subcategories
    legacy = db.scalar(
        select(func.count()).select_from(AllegationCategory).where(AllegationCategory.legacy)
    )
    assert legacy == 23
    assert db.scalar(select(func.count()).select_from(Division)) == 8


def test_downgrade_to_base_and_up_again(tmp_path):
    engine = make_engine("sqlite:///" + str(tmp_path / "updown.sqlite3"))
    upgrade(engine)
    config = alembic_config(str(engine.url))
    command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert "cases" in inspect(engine).get_table_names()
    engine.dispose()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET summary = 'rewritten'",
        "DELETE FROM audit_events",
    ],
)
def test_audit_trail_is_append_only_in_the_database(db, statement):
    db.add(
        AuditEvent(
            occurred_at=dt.datetime.now(dt.UTC),
            actor_name="Test",
            source="test",
            action="view",
            entity_type="cases",
        )
    )
    db.flush()
    with pytest.raises(DBAPIError, match="append-only"), db.begin_nested():
        db.execute(text(statement))


def test_cases_logged_before_deadlines_were_stored_get_their_next_deadline(tmp_path):
    """A database from before casework keeps working: its open cases are given the next
    A5 deadline when the schema is brought up to date."""
    import sqlalchemy as sa

    from complaints.db import UTCDateTime

    engine = make_engine("sqlite:///" + str(tmp_path / "before.sqlite3"))
    upgrade(engine, "0003")
    cases = sa.table(
        "cases",
        *(sa.column(name) for name in ("id", "reference", "case_type", "year", "number")),
        *(sa.column(name) for name in ("state", "channel", "summary", "appropriate_authority")),
        *(sa.column(name) for name in ("direction_and_control", "restricted", "version")),
        *(sa.column(name) for name in ("about_chief_officer", "recording_requested")),
        *(sa.column(f"trigger_{name}") for name in ("death_or_serious_injury",)),
        *(sa.column(f"trigger_{name}") for name in ("crime_or_misconduct", "article_2_or_3")),
        sa.column("trigger_referral_description"),
        sa.column("received_on", sa.Date),
        *(sa.column(name, UTCDateTime) for name in ("logged_at", "created_at", "updated_at")),
        *(sa.column(name, UTCDateTime) for name in ("recorded_at", "outcome_determined_at")),
    )
    determined = dt.datetime(2026, 12, 23, 15, 0, tzinfo=dt.UTC)
    flags = dict.fromkeys(
        ("direction_and_control", "restricted", "about_chief_officer", "recording_requested"),
        False,
    ) | {
        f"trigger_{name}": False
        for name in (
            "death_or_serious_injury",
            "crime_or_misconduct",
            "article_2_or_3",
            "referral_description",
        )
    }
    with engine.begin() as connection:
        connection.execute(
            cases.insert().values(
                id=1,
                reference="CO/2026/00001",
                case_type="complaint",
                year=2026,
                number=1,
                state="outcome_determined",
                channel="email",
                summary="Rude at the counter",
                appropriate_authority="chief_constable",
                version=1,
                received_on=dt.date(2026, 11, 2),
                logged_at=determined,
                created_at=determined,
                updated_at=determined,
                recorded_at=determined,
                outcome_determined_at=determined,
                **flags,
            )
        )
    upgrade(engine)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT next_deadline_on, next_deadline_kind FROM cases WHERE id = 1")
        ).one()
    engine.dispose()
    # 5 working days after Wednesday 23 December 2026, over Christmas and New Year
    assert (str(row[0]), row[1]) == ("2027-01-04", "outcome_letter")


def test_a_single_force_database_becomes_the_first_force_with_its_settings(tmp_path):
    """Forces arrive without changing anything a one-force installation shows: its settings
    become the first force's values, and every record and account is that force's."""
    engine = make_engine("sqlite:///" + str(tmp_path / "one-force.sqlite3"))
    upgrade(engine, "0010")
    when = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC).isoformat()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, email, full_name, role, password_hash, active, "
                "created_at, failed_logins, session_token, version) VALUES "
                "(1, 'aa@force.example', 'A Authority', 'appropriate_authority', 'x', 1, "
                ":when, 0, 't1', 1), (2, 'h@force.example', 'A Handler', 'handler', 'x', 1, "
                ":when, 0, 't2', 1)"
            ),
            {"when": when},
        )
        connection.execute(
            text(
                "INSERT INTO reference_counters (case_type, year, last_number) "
                "VALUES ('complaint', 2026, 41)"
            )
        )
    upgrade(
        engine,
        first_force={
            "name": "Westshire Constabulary",
            "psd_address": ("Professional Standards", "Westshire HQ"),
            "report_targets": {"working_days_to_log": 3},
            "national_comparators": {"working_days_to_log": 6},
        },
    )
    with engine.connect() as connection:
        force = connection.execute(
            text("SELECT id, code, name, psd_address, report_targets FROM forces")
        ).one()
        members = connection.execute(
            text("SELECT user_id, force_id, decides FROM force_memberships ORDER BY user_id")
        ).all()
        counters = connection.execute(
            text("SELECT force_id, case_type, year, last_number FROM reference_counters")
        ).all()
        divisions = connection.execute(text("SELECT DISTINCT force_id FROM divisions")).all()
    engine.dispose()
    assert force[:4] == (1, "WES", "Westshire Constabulary", "Professional Standards\nWestshire HQ")
    assert "working_days_to_log" in force[4]
    assert [tuple(m) for m in members] == [(1, 1, 1), (2, 1, 0)]
    assert [tuple(c) for c in counters] == [(1, "complaint", 2026, 41)]
    assert [tuple(d) for d in divisions] == [(1,)]


def test_logged_complaints_not_yet_contacted_are_given_the_first_contact_deadline(tmp_path):
    """A database from before first contact was a deadline: its logged complaints still
    waiting on first contact get it, due the force's target in working days; a complaint
    already contacted (whose contact rows point at it) keeps none."""
    engine = make_engine("sqlite:///" + str(tmp_path / "before.sqlite3"))
    upgrade(engine, "0020")
    at = "2026-12-21 10:00:00.000000"
    with engine.begin() as connection:
        for number in (1, 2):
            connection.execute(
                text(
                    "INSERT INTO cases (id, force_id, reference, case_type, year, number, state, "
                    "received_on, logged_at, channel, summary, appropriate_authority, "
                    "created_at, updated_at, version, direction_and_control, restricted, "
                    "about_chief_officer, recording_requested, trigger_death_or_serious_injury, "
                    "trigger_crime_or_misconduct, trigger_article_2_or_3, "
                    "trigger_referral_description) VALUES (:n, 1, :ref, "
                    "'complaint', 2026, :n, 'logged', '2026-12-21', :at, 'email', 'Rude', "
                    "'chief_constable', :at, :at, 1, 0, 0, 0, 0, 0, 0, 0, 0)"
                ),
                {"n": number, "ref": f"CO/2026/0000{number}", "at": at},
            )
        connection.execute(
            text(
                "INSERT INTO contacts (case_id, occurred_on, method, purpose, recorded_at, "
                "for_post) VALUES (2, '2026-12-22', 'phone', 'first_contact', :at, 0)"
            ),
            {"at": at},
        )
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, next_deadline_on, next_deadline_kind FROM cases ORDER BY id")
        ).all()
    engine.dispose()
    # Monday 21 December 2026 + 5 working days, over Christmas and Boxing Day's substitute.
    assert [(r[0], str(r[1]) if r[1] else None, r[2]) for r in rows] == [
        (1, "2026-12-30", "first_contact"),
        (2, None, None),
    ]


def test_allegations_already_held_are_logged_when_their_case_was(tmp_path):
    """Before allegations had a logged date every one counted when its case was logged: the
    migration gives each its case's logged_at, so no published figure moves."""
    engine = make_engine("sqlite:///" + str(tmp_path / "allegations.sqlite3"))
    upgrade(engine, "0024")
    logged = {1: "2026-03-31 23:30:00.000000", 2: "2026-04-14 09:00:00.000000"}
    with engine.begin() as connection:
        category = connection.execute(
            text("SELECT id FROM allegation_categories WHERE code = 'H1'")
        ).scalar_one()
        for number, at in logged.items():
            connection.execute(
                text(
                    "INSERT INTO cases (id, force_id, reference, case_type, year, number, state, "
                    "received_on, logged_at, channel, summary, appropriate_authority, "
                    "created_at, updated_at, version, direction_and_control, restricted, "
                    "about_chief_officer, recording_requested, trigger_death_or_serious_injury, "
                    "trigger_crime_or_misconduct, trigger_article_2_or_3, "
                    "trigger_referral_description) VALUES (:n, 1, :ref, "
                    "'complaint', 2026, :n, 'logged', '2026-03-31', :at, 'email', 'Rude', "
                    "'chief_constable', :at, :at, 1, 0, 0, 0, 0, 0, 0, 0, 0)"
                ),
                {"n": number, "ref": f"CO/2026/0000{number}", "at": at},
            )
        for allegation, (case_id, number) in enumerate(((1, 1), (1, 2), (2, 1)), start=1):
            connection.execute(
                text(
                    "INSERT INTO allegations (id, case_id, number, category_id, description) "
                    "VALUES (:id, :case_id, :number, :category, 'Swore')"
                ),
                {"id": allegation, "case_id": case_id, "number": number, "category": category},
            )
        # The person an allegation concerns points at it: SQLite must copy the table
        # around that row.
        for statement in (
            "INSERT INTO subjects (id, kind, is_chief_constable, created_at, force_id) "
            "VALUES (1, 'officer', 0, :at, 1)",
            "INSERT INTO subject_identities (id, subject_id, valid_from, force_id) "
            "VALUES (1, 1, '2020-01-01', 1)",
            "INSERT INTO case_subjects (id, case_id, subject_id, identity_id) VALUES (1, 1, 1, 1)",
            "INSERT INTO allegation_subjects (allegation_id, case_subject_id) VALUES (2, 1)",
        ):
            connection.execute(text(statement), {"at": logged[1]})
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, logged_at FROM allegations ORDER BY id")).all()
        concerned = connection.execute(text("SELECT * FROM allegation_subjects")).all()
        indexes = {i["name"] for i in inspect(connection).get_indexes("allegations")}
    assert [(r[0], str(r[1])) for r in rows] == [
        (1, logged[1]),
        (2, logged[1]),
        (3, logged[2]),
    ]
    assert [tuple(r) for r in concerned] == [(2, 1)]
    assert "ix_allegations_logged_at" in indexes
    command.downgrade(alembic_config(str(engine.url)), "0024")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM allegation_subjects")).scalar() == 1
    engine.dispose()


def test_actions_held_as_text_become_codes_and_what_does_not_parse_becomes_the_note(tmp_path):
    """Actions the result page wrote (its labels on the first line) become codes, any lines
    after them the note; text written some other way (the demo's sentences, an import)
    becomes the note whole, so nothing is lost; and the downgrade writes the text back."""
    engine = make_engine("sqlite:///" + str(tmp_path / "actions.sqlite3"))
    upgrade(engine, "0029")
    at_ = "2026-04-01 09:00:00.000000"
    texts = {
        1: "Explanation; Apology\nApology by the inspector",
        2: "Apology given; reflective practice for the officer.",
        3: "reflective practice review process (RPRP);  organisational learning.",
        4: None,
        5: "No further action",
        6: "   ",
    }
    with engine.begin() as connection:
        category = connection.execute(
            text("SELECT id FROM allegation_categories WHERE code = 'H1'")
        ).scalar_one()
        connection.execute(
            text(
                "INSERT INTO cases (id, force_id, reference, case_type, year, number, state, "
                "received_on, logged_at, channel, summary, appropriate_authority, "
                "created_at, updated_at, version, direction_and_control, restricted, "
                "about_chief_officer, recording_requested, trigger_death_or_serious_injury, "
                "trigger_crime_or_misconduct, trigger_article_2_or_3, "
                "trigger_referral_description) VALUES (1, 1, 'CO/2026/00001', "
                "'complaint', 2026, 1, 'logged', '2026-03-31', :at, 'email', 'Rude', "
                "'chief_constable', :at, :at, 1, 0, 0, 0, 0, 0, 0, 0, 0)"
            ),
            {"at": at_},
        )
        for number, actions in texts.items():
            connection.execute(
                text(
                    "INSERT INTO allegations (id, case_id, number, category_id, description, "
                    "logged_at, actions) VALUES (:n, 1, :n, :category, 'Swore', :at, :actions)"
                ),
                {"n": number, "category": category, "actions": actions, "at": at_},
            )
    upgrade(engine)
    with engine.connect() as connection:
        codes = connection.execute(
            text("SELECT allegation_id, code, force_id FROM allegation_actions ORDER BY id")
        ).all()
        notes = dict(connection.execute(text("SELECT id, action_note FROM allegations")).all())
        columns = {c["name"] for c in inspect(connection).get_columns("allegations")}
    assert [tuple(row) for row in codes] == [
        (1, "explanation", 1),
        (1, "apology", 1),
        (3, "rprp", 1),
        (3, "organisational_learning", 1),
        (5, "no_further_action", 1),
    ]
    assert notes == {
        1: "Apology by the inspector",
        2: "Apology given; reflective practice for the officer.",
        3: None,
        4: None,
        5: None,
        6: None,
    }
    assert "actions" not in columns and "action_note" in columns
    command.downgrade(alembic_config(str(engine.url)), "0029")
    with engine.connect() as connection:
        back = dict(connection.execute(text("SELECT id, actions FROM allegations")).all())
    assert back == {
        1: "Explanation; Apology\nApology by the inspector",
        2: "Apology given; reflective practice for the officer.",
        3: "Reflective practice review process (RPRP); Organisational learning",
        4: None,
        5: "No further action",
        6: None,
    }
    engine.dispose()


def test_complainants_and_subjects_on_a_case_take_its_force(tmp_path):
    """0040 gives each complainant and subject on a case its case's force, keeping the
    rows that point at them (SQLite copies the tables), and the downgrade takes it away."""
    engine = make_engine("sqlite:///" + str(tmp_path / "case-force.sqlite3"))
    upgrade(engine, "0039")
    at = "2026-03-31 09:00:00.000000"
    with engine.begin() as connection:
        _cases_with_complainants(connection, at)
        for statement in (
            "INSERT INTO representatives (id, complainant_id, name, copy_to_complainant) "
            "VALUES (1, 3, 'A Friend', 0)",
            "INSERT INTO subjects (id, kind, is_chief_constable, created_at, force_id) "
            "VALUES (1, 'officer', 0, :at, 2)",
            "INSERT INTO subject_identities (id, subject_id, valid_from, force_id) "
            "VALUES (1, 1, '2020-01-01', 2)",
            "INSERT INTO case_subjects (id, case_id, subject_id, identity_id) VALUES (1, 2, 1, 1)",
            "INSERT INTO allegations (id, case_id, number, category_id, description, "
            "logged_at) VALUES (1, 2, 1, (SELECT min(id) FROM allegation_categories), "
            "'Swore', :at)",
            "INSERT INTO allegation_subjects (allegation_id, case_subject_id) VALUES (1, 1)",
        ):
            connection.execute(text(statement), {"at": at})
    upgrade(engine)
    with engine.connect() as connection:
        complainants = connection.execute(
            text("SELECT id, force_id FROM complainants ORDER BY id")
        ).all()
        subjects = connection.execute(text("SELECT id, force_id FROM case_subjects")).all()
        kept = [_rows(connection, t) for t in ("representatives", "allegation_subjects")]
        columns = {c["name"]: c for c in inspect(connection).get_columns("complainants")}
    assert [tuple(r) for r in complainants] == [(1, 1), (2, 2), (3, 2)]
    assert [tuple(r) for r in subjects] == [(1, 2)]
    assert kept == [1, 1]
    assert columns["force_id"]["nullable"] is False
    command.downgrade(alembic_config(str(engine.url)), "0039")
    with engine.connect() as connection:
        names = {c["name"] for c in inspect(connection).get_columns("case_subjects")}
        kept = [
            _rows(connection, t) for t in ("complainants", "representatives", "allegation_subjects")
        ]
    engine.dispose()
    assert "force_id" not in names
    assert kept == [3, 1, 1]


def test_copies_of_a_case_s_force_are_taken_again_from_it_then_held_to_it(tmp_path):
    """0051 corrects a complainant and a note that carry another force than their case's,
    then the database refuses such a row."""
    engine = make_engine("sqlite:///" + str(tmp_path / "held.sqlite3"))
    upgrade(engine, "0050")
    at = "2026-03-31 09:00:00.000000"
    with engine.begin() as connection:
        _two_forces_and_cases(connection, at)
        for statement in (
            "INSERT INTO complainants (id, case_id, force_id, given_name, family_name, "
            "search_name, search_family) VALUES (1, 2, 1, 'Ada', 'Lovelace', "
            "'ada lovelace', 'lovelace')",
            "INSERT INTO notes (id, case_id, force_id, body, created_at) "
            "VALUES (1, 2, 1, 'Called back.', :at)",
        ):
            connection.execute(text(statement), {"at": at})
    upgrade(engine)
    with engine.connect() as connection:
        carried = [
            connection.execute(text(statement)).scalar_one()
            for statement in ("SELECT force_id FROM complainants", "SELECT force_id FROM notes")
        ]
    assert carried == [2, 2]
    with pytest.raises(DBAPIError), engine.begin() as connection:
        connection.execute(text("UPDATE notes SET force_id = 1"))
    engine.dispose()


def _rows(connection, table: str) -> int:
    return connection.execute(select(func.count()).select_from(text(table))).scalar()


def _cases_with_complainants(connection, at: str) -> None:
    """A second force; case 1 of the first force, case 2 of the second; one complainant
    on the first and two on the second."""
    _two_forces_and_cases(connection, at)
    connection.execute(
        text(
            "INSERT INTO complainants (id, case_id, given_name, family_name, search_name, "
            "search_family) VALUES (:n, :case, 'Zoë', 'Łukasiewicz', "
            "'zoe lukasiewicz', 'lukasiewicz')"
        ),
        [{"n": n, "case": case} for n, case in ((1, 1), (2, 2), (3, 2))],
    )


def _two_forces_and_cases(connection, at: str) -> None:
    """A second force; case 1 of the first force, case 2 of the second."""
    connection.execute(
        text(
            "INSERT INTO forces (id, code, name, psd_name, psd_address, opcc_name, "
            "opcc_address, report_targets, national_comparators, active, created_at, "
            "version) VALUES (2, 'EAS', 'Eastmere Constabulary', 'PSD', '', 'OPCC', '', "
            "'{}', '{}', 1, :at, 1)"
        ),
        {"at": at},
    )
    connection.execute(
        text(
            "INSERT INTO cases (id, force_id, reference, case_type, year, number, state, "
            "received_on, logged_at, channel, summary, appropriate_authority, "
            "created_at, updated_at, version, direction_and_control, restricted, "
            "about_chief_officer, recording_requested, trigger_death_or_serious_injury, "
            "trigger_crime_or_misconduct, trigger_article_2_or_3, "
            "trigger_referral_description) VALUES (:n, :n, :ref, "
            "'complaint', 2026, :n, 'logged', '2026-03-31', :at, 'email', 'Rude', "
            "'chief_constable', :at, :at, 1, 0, 0, 0, 0, 0, 0, 0, 0)"
        ),
        [{"n": n, "ref": f"CO/2026/0000{n}", "at": at} for n in (1, 2)],
    )
