"""An allegation's actions are kept as codes, one row each, with the note in words apart:
the actions measure counts codes, and text written some other way (the demo's sentences,
an import) no longer turns every action into 'recorded as a note only'.

The text held until now is moved: where its first line is the labels the result page
wrote (or the codes), joined by semicolons, those become codes and any further lines the
note; any other text becomes the note whole, so nothing is lost. The old column is then
dropped rather than kept renamed: the codes and the note now hold all it held, and a
second copy would drift from them. The downgrade writes the text back as the result page
used to write it.

Like every table of a force's records, the new one carries the force, and on PostgreSQL
row-level security keeps it to that force's users (as 0028 and 0029 do).

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-05 10:00:00
"""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None

SETTING = "current_setting('complaints.forces', true)"
UNSET = f"coalesce({SETTING}, '') = ''"
OWN_FORCE = f"{UNSET} OR force_id = ANY (string_to_array({SETTING}, ',')::int[])"
PAGE = 1000

# The actions as the result page labelled them when this migration was written (B3.5).
LABELS = {
    "explanation": "Explanation",
    "apology": "Apology",
    "put_right": "Putting things right",
    "no_further_action": "No further action",
    "rprp": "Reflective practice review process (RPRP)",
    "performance": "Unsatisfactory performance procedures",
    "misconduct_meeting": "Misconduct meeting",
    "misconduct_hearing": "Misconduct hearing",
    "accelerated_hearing": "Accelerated misconduct hearing",
    "individual_learning": "Individual learning",
    "organisational_learning": "Organisational learning",
}
_BY_WORDS = {
    **{code: code for code in LABELS},
    **{label.casefold(): code for code, label in LABELS.items()},
}


def parse(text: str | None) -> tuple[list[str], str | None]:
    """The codes and the note in a stored text: codes only where every part of its first
    line is an action's label or code (case and a closing full stop aside)."""
    if not text or not text.strip():
        return [], None
    first, _, rest = text.strip().partition("\n")
    parts = [part.strip().rstrip(".").strip().casefold() for part in first.split(";")]
    if all(part in _BY_WORDS for part in parts):
        codes = list(dict.fromkeys(_BY_WORDS[part] for part in parts))
        return [code for code in LABELS if code in codes], rest.strip() or None
    return [], text.strip()


def written(codes: list[str], note: str | None) -> str | None:
    """The text as the result page wrote it before this migration: labels, then the note."""
    lines = ["; ".join(LABELS[code] for code in LABELS if code in codes)] if codes else []
    if note:
        lines.append(note)
    return "\n".join(lines) or None


@contextmanager
def _children_set_aside(table: str) -> Iterator[None]:
    """SQLite changes a table by copying it, dropping it and renaming the copy, and may not
    drop a table other rows point at: on SQLite the rows pointing at ``table`` are kept
    aside while it is copied, then put back (as 0027 does)."""
    bind = op.get_bind()
    children: list[str] = []
    if bind.dialect.name == "sqlite":
        inspector = sa.inspect(bind)
        children = [
            name
            for name in inspector.get_table_names()
            if any(fk["referred_table"] == table for fk in inspector.get_foreign_keys(name))
        ]
    for name in children:
        op.execute(f"CREATE TEMP TABLE kept_{name} AS SELECT * FROM {name}")
        op.execute(f"DELETE FROM {name}")
    yield
    for name in children:
        op.execute(f"INSERT INTO {name} SELECT * FROM kept_{name}")
        op.execute(f"DROP TABLE kept_{name}")


def _pages(bind: sa.Connection, query: str) -> Iterator[list[sa.Row]]:
    """The rows of ``query`` (which takes ``:after`` and ``:page``) a page at a time, by id."""
    after = 0
    while True:
        rows = bind.execute(sa.text(query), {"after": after, "page": PAGE}).all()
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def upgrade() -> None:
    op.create_table(
        "allegation_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("allegation_id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column(
            "code",
            sa.Enum(
                *LABELS,
                name="allegation_action",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["allegation_id"],
            ["allegations.id"],
            name=op.f("fk_allegation_actions_allegation_id_allegations"),
        ),
        sa.ForeignKeyConstraint(
            ["force_id"], ["forces.id"], name=op.f("fk_allegation_actions_force_id_forces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allegation_actions")),
        sa.UniqueConstraint(
            "allegation_id", "code", name="uq_allegation_actions_allegation_code"
        ),
    )
    op.add_column("allegations", sa.Column("action_note", sa.Text(), nullable=True))
    bind = op.get_bind()
    for rows in _pages(
        bind,
        "SELECT allegations.id, allegations.actions, cases.force_id FROM allegations "
        "JOIN cases ON cases.id = allegations.case_id "
        "WHERE allegations.id > :after AND allegations.actions IS NOT NULL "
        "ORDER BY allegations.id LIMIT :page",
    ):
        taken, notes = [], []
        for allegation_id, text, force_id in rows:
            codes, note = parse(text)
            taken += [{"a": allegation_id, "code": code, "force": force_id} for code in codes]
            if note:
                notes.append({"a": allegation_id, "note": note})
        if taken:
            bind.execute(
                sa.text(
                    "INSERT INTO allegation_actions (allegation_id, code, force_id) "
                    "VALUES (:a, :code, :force)"
                ),
                taken,
            )
        if notes:
            bind.execute(
                sa.text("UPDATE allegations SET action_note = :note WHERE id = :a"), notes
            )
    with _children_set_aside("allegations"), op.batch_alter_table("allegations") as batch:
        batch.drop_column("actions")
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE allegation_actions ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE allegation_actions FORCE ROW LEVEL SECURITY")
        op.execute(
            "CREATE POLICY own_forces ON allegation_actions "
            f"USING ({OWN_FORCE}) WITH CHECK ({OWN_FORCE})"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP POLICY own_forces ON allegation_actions")
    op.add_column("allegations", sa.Column("actions", sa.Text(), nullable=True))
    for rows in _pages(
        bind,
        "SELECT id, action_note FROM allegations WHERE id > :after ORDER BY id LIMIT :page",
    ):
        ids = [row[0] for row in rows]
        codes: dict[int, list[str]] = {}
        for allegation_id, code in bind.execute(
            sa.text(
                "SELECT allegation_id, code FROM allegation_actions "
                "WHERE allegation_id >= :low AND allegation_id <= :high"
            ),
            {"low": ids[0], "high": ids[-1]},
        ):
            codes.setdefault(allegation_id, []).append(code)
        texts = [
            {"a": allegation_id, "text": written(codes.get(allegation_id, []), note)}
            for allegation_id, note in rows
            if codes.get(allegation_id) or note
        ]
        if texts:
            bind.execute(sa.text("UPDATE allegations SET actions = :text WHERE id = :a"), texts)
    op.drop_table("allegation_actions")
    with _children_set_aside("allegations"), op.batch_alter_table("allegations") as batch:
        batch.drop_column("action_note")
