"""The IOPC measures of domain.md A6, one function each.

Each function's docstring is the definition the board pack prints in its appendix, so
the words and the arithmetic cannot drift apart. Counting is done by the database
(GROUP BY); where a mean needs working days, the database groups the period's cases by
their pair of dates and each pair is priced once. Dates are London dates: stored instants
are compared with the UTC bounds of London midnights, and those a mean needs are turned
into London dates by the database (``db.london_day``), so SQLite and PostgreSQL give the
same answers.

Restricted cases (complaints about the chief officer among them) count in every measure,
with their allegations, reviews, conduct outcomes and learning, as the IOPC counts them
(domain.md A6). Only figures leave here, never a case: lists and case pages keep hiding a
restricted case from everyone not named on it (A8), and the circulated version's
small-number rules (``tables.protected``) keep a count from identifying one.

The measures are kept in modules by theme (volumes, timeliness, outcomes, caseload,
breakdowns) and all exported here, so ``queries.cases_logged`` names a measure wherever
it is used.
"""

from __future__ import annotations

from complaints.reports.queries.breakdowns import (
    EQUALITY_QUESTIONS,
    DivisionFigures,
    by_division,
    division_names,
    equality_monitoring,
    equality_monitoring_by_question,
    open_by_division,
)
from complaints.reports.queries.caseload import (
    AGE_BANDS,
    LATENESS_BANDS,
    investigations_past_12_months,
    learning_implemented,
    learning_open,
    learning_overdue,
    learning_raised,
    oldest_open_investigation,
    open_cases,
    open_cases_by_age,
    updates_overdue,
)
from complaints.reports.queries.common import (
    RESTRICTED_NOTE,
    definition,
    share,
)
from complaints.reports.queries.disproportionality import (
    REFERRED,
    complainant_groups,
    complainant_groups_by_question,
    complainant_results,
    complainant_results_by_question,
    subject_outcomes,
    subjects_named,
    workforce_profile,
)
from complaints.reports.queries.outcomes import (
    CONDUCT_ROWS,
    allegation_actions,
    allegation_results,
    conduct_outcomes,
    reviews_received,
    reviews_upheld,
)
from complaints.reports.queries.timeliness import (
    FinaliseTimes,
    days_suspended,
    days_to_finalise,
    working_days_to_contact,
    working_days_to_log,
)
from complaints.reports.queries.volumes import (
    allegations_by_category,
    allegations_logged,
    cases_finalised,
    cases_logged,
    category_groups,
    handling_types,
    monthly_allegations_logged,
    monthly_cases_finalised,
    monthly_cases_logged,
    recorded_by_reason,
)
from complaints.workforce.models import CHARACTERISTICS

__all__ = [
    "AGE_BANDS",
    "CHARACTERISTICS",
    "CONDUCT_ROWS",
    "EQUALITY_QUESTIONS",
    "LATENESS_BANDS",
    "REFERRED",
    "RESTRICTED_NOTE",
    "DivisionFigures",
    "FinaliseTimes",
    "allegation_actions",
    "allegation_results",
    "allegations_by_category",
    "allegations_logged",
    "by_division",
    "cases_finalised",
    "cases_logged",
    "category_groups",
    "complainant_groups",
    "complainant_groups_by_question",
    "complainant_results",
    "complainant_results_by_question",
    "conduct_outcomes",
    "days_suspended",
    "days_to_finalise",
    "definition",
    "division_names",
    "equality_monitoring",
    "equality_monitoring_by_question",
    "handling_types",
    "investigations_past_12_months",
    "learning_implemented",
    "learning_open",
    "learning_overdue",
    "learning_raised",
    "monthly_allegations_logged",
    "monthly_cases_finalised",
    "monthly_cases_logged",
    "oldest_open_investigation",
    "open_by_division",
    "open_cases",
    "open_cases_by_age",
    "recorded_by_reason",
    "reviews_received",
    "reviews_upheld",
    "share",
    "subject_outcomes",
    "subjects_named",
    "updates_overdue",
    "workforce_profile",
    "working_days_to_contact",
    "working_days_to_log",
]
