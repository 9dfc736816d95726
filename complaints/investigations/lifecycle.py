"""The investigation's part of the case lifecycle (domain.md A2): starting one (or going
back to one), suspending, resuming and submitting the report.

``cases.workflow`` lists these effects in its table; they live here, beside the
investigation's models, so a change to how an investigation runs is made in one package.
"""

from __future__ import annotations

from complaints.auth.models import User
from complaints.cases.choices import HandlingType
from complaints.cases.guards import TransitionError, choice
from complaints.cases.services import grant_access
from complaints.common.clock import london_date
from complaints.investigations import investigators, notices
from complaints.investigations.models import Investigation, InvestigationMode, SuspensionPeriod

# The steps taken from the investigation itself, offered on its tab.
STEPS = ("suspend", "resume", "submit_report")


def investigate(session, actor, case, data, now):
    """Start the investigation, or take it up again; a case sent back keeps its mode unless
    the decision changes it."""
    investigation = case.investigation
    mode = choice(
        InvestigationMode,
        data.get("mode") or (investigation.mode if investigation else InvestigationMode.LOCAL),
        "an investigation mode",
    )
    investigator_id = data.get("investigator_id")
    if investigator_id is not None:
        investigator = session.get(User, investigator_id)
        refused = investigators.why_not(case, investigator)
        if refused is not None:
            raise TransitionError(refused)
        if case.restricted:
            grant_access(session, actor, case, investigator, "investigator", now)
    case.handling_type = HandlingType(mode.value)
    if investigation is None:
        investigation = Investigation(case_id=case.id, mode=mode, started_on=london_date(now))
        case.investigation = investigation
    investigation.mode = mode
    investigation.investigator_id = data.get("investigator_id", investigation.investigator_id)
    investigation.terms_of_reference = data.get(
        "terms_of_reference", investigation.terms_of_reference
    )
    investigation.special_procedures = bool(
        data.get("special_procedures", investigation.special_procedures)
    )
    investigation.report_submitted_on = None
    return None


def investigate_locally(session, actor, case, data, now):
    """The appropriate authority starts local investigations; the IOPC decides the rest."""
    return investigate(session, actor, case, {**data, "mode": InvestigationMode.LOCAL}, now)


def suspend(session, actor, case, data, now):
    if case.investigation is None:
        raise TransitionError("There is no investigation to suspend")
    case.investigation.suspensions.append(
        SuspensionPeriod(
            investigation_id=case.investigation.id,
            started_on=data.get("on") or london_date(now),
            reason=data.get("reason") or "Suspended",
        )
    )
    return None


def resume(session, actor, case, data, now):
    period = case.investigation.open_suspension if case.investigation else None
    if period is None:
        raise TransitionError("The investigation is not suspended")
    period.ended_on = data.get("on") or london_date(now)
    return None


def notices_served(case, actor, data, now):
    """The report waits for every Regulation 17 notice a subject assessed as misconduct or
    gross misconduct must be served (domain.md A10)."""
    waiting = notices.unserved(case)
    if not waiting:
        return None
    names = ", ".join(cs.identity.display for cs in waiting)
    return f"Serve the Regulation 17 notice first: not yet recorded as served on {names}"


def submit_report(session, actor, case, data, now):
    case.investigation.report_submitted_on = data.get("on") or london_date(now)
    case.investigation.report_summary = data.get("summary")
    return None
