"""The models mark which columns hold personal data or secrets, and the audit trail reads
those marks. Dropping a mark would copy personal data into a trail that cannot be edited,
so the marked columns are listed here in full: a change to them is a deliberate one."""

from __future__ import annotations

from sqlalchemy.orm import configure_mappers

from complaints.common.audit import column_marks
from complaints.db import Base

# Tables of personal data throughout: every column but the keys.
_PERSONAL_TABLES = {
    "complainants": {
        "title",
        "given_name",
        "family_name",
        "email",
        "phone",
        "address",
        "postcode",
        "contact_preference",
        "needs",
        "search_name",
        "search_family",
    },
    "representatives": {
        "name",
        "organisation",
        "email",
        "phone",
        "address",
        "consent_received_on",
        "copy_to_complainant",
    },
    "equality_monitoring": {
        "age_band",
        "sex",
        "gender_reassignment",
        "ethnicity",
        "disability",
        "religion",
        "sexual_orientation",
    },
}
# Columns of other tables that may hold personal data: free text about what happened, a
# document's name and description, and what an email said to whom.
_PERSONAL_COLUMNS = {
    "attachments": {"filename", "description"},
    "contacts": {"summary", "complainant_wishes", "letter_words"},
    # What happened, in the words of whoever wrote it, and where: it names people.
    "cases": {"contact_not_possible_reason", "summary", "incident_place"},
    # What was done about an allegation beyond its actions' codes ("apology from PC Smith").
    "allegations": {"description", "incident_place", "action_note"},
    "notes": {"body"},
    "investigations": {"terms_of_reference", "report_summary"},
    "severity_assessments": {"rationale"},
    # Why two cases are linked ("same complainant, ..."), why a subject was not told, and
    # why an investigation was suspended: free text that may name people.
    "case_links": {"reason"},
    "case_subjects": {"notification_withheld_reason"},
    "suspension_periods": {"reason"},
    "learning_items": {"description", "evidence", "not_accepted_reason", "shared_how", "response"},
    "reviews": {"rationale", "late_special_reason"},
    "review_recommendations": {"text", "response"},
    "dip_sample_cases": {"findings"},
    "twelve_month_reports": {"progress", "withheld_reason"},
    # A person's own reminder on a case ("chase CCTV from the shop on Mill Street").
    "bring_forwards": {"note"},
    # A complaint sent online, and a form still being filled in: what the person wrote.
    "online_submissions": {
        "answers",
        "given_name",
        "family_name",
        "email",
        "postcode",
        "decision_note",
    },
    "form_drafts": {"answers"},
    # Why an officer was suspended or restricted, and what each review said.
    "duty_statuses": {"reason", "end_reason"},
    "misconduct_proceedings": {"chair", "panel"},
    "proceeding_adjournments": {"reason"},
    "duty_reviews": {"note"},
    # Early intervention: why an alert was closed, what each step noted, what a plan is
    # for, and its actions and their owners (often named people outside the service).
    "intervention_alerts": {"closed_reason"},
    "intervention_alert_steps": {"note"},
    "intervention_plans": {"summary"},
    "intervention_plan_actions": {"description", "owner", "done_note"},
    # What the force and the OPCC wrote about a section of a board report: it may name people.
    "report_commentaries": {"text"},
    # Why a case is kept under a legal hold, and why the hold ended: a claim names people.
    "legal_holds": {"reason", "lift_reason"},
    # An officer's or staff member's protected characteristics (special category data).
    "subject_characteristics": {
        "age_band",
        "sex",
        "ethnicity",
        "disability",
        "religion",
        "sexual_orientation",
    },
    # An email: who it went to and what it said, letters attached.
    "outbox_messages": {"to_address", "body", "attachment"},
    # A subject access request: the name the person gave, why it was withdrawn, and the
    # words withheld from the copy sent (another person's name, as often as not).
    "access_requests": {"person_name", "withdrawn_reason"},
    "access_redactions": {"phrase", "reason_other"},
}
_SECRET = {
    ("users", "password_hash"),
    ("users", "session_token"),
    ("users", "totp_secret"),
    ("recovery_codes", "code_hash"),
}
# Folded copies kept for search: the trail records the columns they come from instead.
_DERIVED = {
    ("cases", "search_summary"),
    ("complainants", "search_name"),
    ("complainants", "search_family"),
    ("subject_identities", "search_name"),
    ("subject_identities", "search_family"),
    # Whether a case waits for a decision: the workflow's rule's answer (``cases.awaiting``).
    ("cases", "awaits_decision"),
}
# Rows with no case_id of their own, and the key that leads to the row that has one.
_LEADS_TO_CASE = {
    ("allegation_actions", "allegation_id", "allegations"),
    ("severity_assessments", "case_subject_id", "case_subjects"),
    ("conduct_outcomes", "case_subject_id", "case_subjects"),
    ("misconduct_proceedings", "conduct_outcome_id", "conduct_outcomes"),
    ("proceeding_adjournments", "proceeding_id", "misconduct_proceedings"),
    ("suspension_periods", "investigation_id", "investigations"),
    ("twelve_month_reports", "investigation_id", "investigations"),
}


def _mappers():
    import complaints.models  # noqa: F401  (every mapped class)

    configure_mappers()
    return [m for m in Base.registry.mappers if m.local_table.name != "audit_events"]


def test_exactly_the_columns_that_hold_personal_data_are_marked_personal():
    expected = {
        (table, key)
        for listing in (_PERSONAL_TABLES, _PERSONAL_COLUMNS)
        for table, keys in listing.items()
        for key in keys
    }
    marked = {(m.local_table.name, key) for m in _mappers() for key in column_marks(m).personal}
    assert marked == expected


def test_personal_tables_keep_their_keys_readable():
    for mapper in _mappers():
        if mapper.local_table.name in _PERSONAL_TABLES:
            keys = {a.key for a in mapper.column_attrs} - _PERSONAL_TABLES[mapper.local_table.name]
            assert keys <= {"id", "case_id", "force_id", "complainant_id"}


def test_exactly_the_secrets_are_marked_secret():
    marked = {(m.local_table.name, key) for m in _mappers() for key in column_marks(m).secret}
    assert marked == _SECRET


def test_rows_without_a_case_id_say_how_their_case_is_found():
    marked = {
        (m.local_table.name, key, target.local_table.name)
        for m in _mappers()
        for key, target in column_marks(m).leads_to_case
    }
    assert marked == _LEADS_TO_CASE


def test_exactly_the_derived_columns_are_left_out_of_the_trail():
    marked = {(m.local_table.name, key) for m in _mappers() for key in column_marks(m).derived}
    assert marked == _DERIVED
