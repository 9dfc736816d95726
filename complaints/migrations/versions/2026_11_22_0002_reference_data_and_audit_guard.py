"""Reference data (allegation categories, divisions) and the append-only audit guard.

The categories are domain.md A4 with the pre-2020 letter codes of B3.4 kept (inactive,
marked legacy) for imported data. Administrators edit and deactivate them in the app;
nothing here is ever deleted by the product.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 19:30:00
"""

from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

GROUPS = [
    ("A", "Delivery of duties and service", [
        ("A1", "Police action following contact"),
        ("A2", "Decisions"),
        ("A3", "Information"),
        ("A4", "General level of service"),
    ]),
    ("B", "Police powers, policies and procedures", [
        ("B1", "Stops and stop and search"),
        ("B2", "Searches of premises and seizure of property"),
        ("B3", "Power to arrest and detain"),
        ("B4", "Detention in police custody"),
        ("B5", "Bail, identification and interview procedures"),
        ("B6", "Use of force"),
        ("B7", "Evidential procedures"),
        ("B8", "Out of court disposals"),
        ("B9", "Other policies and procedures"),
    ]),
    ("C", "Handling of or damage to property/premises", [
        ("C1", "Handling of or damage to property/premises"),
    ]),
    ("D", "Access and/or disclosure of information", [
        ("D1", "Use of police systems"),
        ("D2", "Disclosure of information"),
        ("D3", "Handling of information"),
        ("D4", "Information from other sources"),
    ]),
    ("E", "Use of police vehicles", [("E1", "Use of police vehicles")]),
    ("F", "Discriminatory behaviour", [
        ("F1", "Age"),
        ("F2", "Disability"),
        ("F3", "Gender reassignment"),
        ("F4", "Marriage and civil partnership"),
        ("F5", "Pregnancy and maternity"),
        ("F6", "Race"),
        ("F7", "Religion or belief"),
        ("F8", "Sex"),
        ("F9", "Sexual orientation"),
        ("F10", "Other"),
    ]),
    ("G", "Abuse of position / corruption", [
        ("G1", "For financial purpose"),
        ("G2", "For sexual purpose"),
        ("G3", "For an inappropriate emotional relationship"),
        ("G4", "For other purpose"),
        ("G5", "Obstruction of justice"),
        ("G6", "Organisational corruption"),
    ]),
    ("H", "Individual behaviours", [
        ("H1", "Impolite language or tone"),
        ("H2", "Impolite and intolerant actions"),
        ("H3", "Lack of fairness and impartiality"),
        ("H4", "Overbearing or harassing behaviour"),
        ("H5", "Unprofessional attitude and disrespect"),
    ]),
    ("J", "Sexual conduct", [
        ("J1", "Sexual assault"),
        ("J2", "Sexual harassment"),
        ("J3", "Other sexual conduct"),
    ]),
    ("K", "Discreditable conduct", [("K1", "Discreditable conduct")]),
    ("L", "Other", [("L1", "Other")]),
]

LEGACY = [
    ("A", "Serious non-sexual assault"),
    ("B", "Sexual assault"),
    ("C", "Other assault"),
    ("D", "Oppressive conduct or harassment"),
    ("E", "Unlawful or unnecessary arrest or detention"),
    ("F", "Discriminatory behaviour"),
    ("G", "Irregularity in evidence or perjury"),
    ("H", "Corrupt practice"),
    ("J", "Mishandling of property"),
    ("K", "Breach of PACE Code A"),
    ("L", "Breach of PACE Code B"),
    ("M", "Breach of PACE Code C"),
    ("N", "Breach of PACE Code D"),
    ("P", "Breach of PACE Code E"),
    ("Q", "Lack of fairness and impartiality"),
    ("R", "Multiple or unspecified PACE breaches"),
    ("S", "Other neglect or failure in duty"),
    ("T", "Other irregularity in procedure"),
    ("U", "Incivility, impoliteness and intolerance"),
    ("V", "Traffic irregularity"),
    ("W", "Other"),
    ("X", "Improper disclosure of information"),
    ("Y", "Other sexual conduct"),
]

DIVISIONS = [
    ("N", "Northern Division", "division"),
    ("S", "Southern Division", "division"),
    ("W", "Western Division", "division"),
    ("CUST", "Custody", "department"),
    ("CC", "Contact Centre", "department"),
    ("CID", "Crime and Investigations", "department"),
    ("ROADS", "Roads Policing", "department"),
    ("HQ", "Headquarters", "department"),
]

AUDIT_TRIGGERS = {
    "postgresql": [
        """
        CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'audit_events is append-only';
        END;
        $$ LANGUAGE plpgsql
        """,
        """
        CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
        """,
    ],
    "sqlite": [
        """
        CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
        """,
        """
        CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
        """,
    ],
}


def upgrade() -> None:
    groups = sa.table(
        "category_groups",
        sa.column("id", sa.Integer),
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("sort_order", sa.Integer),
    )
    categories = sa.table(
        "allegation_categories",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("group_id", sa.Integer),
        sa.column("active", sa.Boolean),
        sa.column("legacy", sa.Boolean),
        sa.column("sort_order", sa.Integer),
    )
    group_rows, category_rows = [], []
    order = 0
    for group_id, (code, name, subs) in enumerate(GROUPS, start=1):
        group_rows.append({"id": group_id, "code": code, "name": name, "sort_order": group_id})
        for sub_code, sub_name in subs:
            order += 1
            category_rows.append({"code": sub_code, "name": sub_name, "group_id": group_id,
                                  "active": True, "legacy": False, "sort_order": order})
    for code, name in LEGACY:
        order += 1
        category_rows.append({"code": f"PRE2020-{code}", "name": name, "group_id": None,
                              "active": False, "legacy": True, "sort_order": order})
    op.bulk_insert(groups, group_rows)
    op.bulk_insert(categories, category_rows)

    divisions = sa.table(
        "divisions",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("kind", sa.String),
        sa.column("active", sa.Boolean),
    )
    op.bulk_insert(divisions, [
        {"code": code, "name": name, "kind": kind, "active": True}
        for code, name, kind in DIVISIONS
    ])
    if op.get_bind().dialect.name == "postgresql":
        # Explicit ids were inserted above; move the sequence past them.
        op.execute("SELECT setval(pg_get_serial_sequence('category_groups', 'id'), "
                   "(SELECT max(id) FROM category_groups))")

    for statement in AUDIT_TRIGGERS.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER audit_events_no_update ON audit_events")
        op.execute("DROP FUNCTION audit_events_append_only()")
    elif dialect == "sqlite":
        op.execute("DROP TRIGGER audit_events_no_update")
        op.execute("DROP TRIGGER audit_events_no_delete")
    op.execute("DELETE FROM allegation_categories")
    op.execute("DELETE FROM category_groups")
    op.execute("DELETE FROM divisions")
