"""What every case page and case form does: load what the user may see, check what they
may do, save once, and catch edits that crossed someone else's.

A case form carries the version it was opened on (``CaseEditForm``). ``save`` refuses
to write over a newer version and, if two saves race, the database's version check
refuses the second; either way the editor gets the form back with their input and a
list of what changed meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, url_for
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from complaints.auth.permissions import Permission, can
from complaints.cases import deadlines, queries, services, workflow
from complaints.cases.forms.base import CaseEditForm
from complaints.cases.models import Case
from complaints.cases.timeline import TimelineItem, describe_events
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import utcnow
from complaints.web import actor, db, refuse

# The case sub-navigation: (key, label, endpoint).
TABS = (
    ("overview", "Overview", "cases.detail"),
    ("people", "People", "cases.people"),
    ("allegations", "Allegations", "cases.allegations"),
    ("investigation", "Investigation", "cases.investigation"),
    ("correspondence", "Correspondence", "cases.correspondence"),
    ("documents", "Documents", "cases.documents"),
    ("timeline", "Timeline", "cases.case_timeline"),
)


def load_case(case_id: int, part: str) -> Case:
    """The case if this user may see it (the view is audited); otherwise 404, whether or
    not it exists, so a restricted case cannot be discovered."""
    session = db()
    who = actor()
    case = queries.load_visible(session, who, case_id)
    if case is None:
        exists = queries.case_exists(session, case_id)
        refuse(
            404,
            "case not visible" if exists else "no such case",
            case_id=case_id if exists else None,
        )
    services.record_view(session, who, case, utcnow(), part)
    session.commit()
    return case


def allow(case: Case, *permissions: Permission) -> None:
    """403 (audited) unless the user may use one of these permissions on this case."""
    who = actor()
    if not any(can(who, permission, case) for permission in permissions):
        refuse(
            403,
            "not permitted on this case: " + ", ".join(p.value for p in permissions),
            case_id=case.id,
        )


def case_context(case: Case, tab: str | None = None) -> dict[str, Any]:
    """What the case band and sub-navigation need on every case page."""
    who = actor()
    now = utcnow()
    return {
        "case": case,
        "tab": tab,
        "tabs": TABS,
        "steps": workflow.available(case, who, now),
        "show_personal_data": can(who, Permission.VIEW_PERSONAL_DATA, case),
        "may": {p.value: can(who, p, case) for p in Permission},
        "deadlines": deadlines.compute(deadlines.facts_of(case)),
    }


def render_case(template: str, case: Case, tab: str | None = None, status: int = 200, **extra):
    return render_template(template, **case_context(case, tab), **extra), status


def render_form(template: str, case: Case, form: CaseEditForm, **extra):
    """A case form page: 409 with what changed if the edit crossed another, 400 if the
    input was refused, 200 otherwise. The user's input is always kept."""
    conflict = getattr(form, "conflict", None)
    status = 409 if conflict is not None else (400 if form.is_submitted() and form.errors else 200)
    return render_case(template, case, None, status, form=form, conflict=conflict, **extra)


class EditConflict(Exception):
    """The case changed after the user opened the form."""


def save(case: Case, form: CaseEditForm, write: Callable[[], Any]) -> bool:
    """Run one write and commit it, unless it would cross someone else's change.

    Returns True when saved. On a refused input the message is added to the form; on a
    conflict ``form.conflict`` lists what changed and the form is re-based on the case
    as it is now, so saving again is a deliberate choice made having seen the changes.
    """
    session = db()
    try:
        if form.seen_version() != case.version:
            raise EditConflict
        write()
        session.commit()
        return True
    except (services.CaseError, workflow.TransitionError) as refused:
        session.rollback()
        form.add_error(str(refused))
    except (EditConflict, StaleDataError):
        session.rollback()
        session.expire_all()
        fresh = session.get(Case, case.id)
        form.conflict = changes_since(fresh, form)
        form.stamp(fresh)
    return False


def changes_since(case: Case, form: CaseEditForm) -> list[TimelineItem]:
    """What other people changed on the case after this form was opened, in words."""
    since = form.opened()
    query = select(AuditEvent).where(AuditEvent.case_id == case.id)
    if since is not None:
        query = query.where(AuditEvent.occurred_at >= since)
    events = db().scalars(query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()))
    return describe_events(events)


def done(case: Case, message: str, endpoint: str = "cases.detail", **values):
    """Post/redirect/get: confirm what was saved with a banner on the next page."""
    flash(message, "success")
    return redirect(url_for(endpoint, case_id=case.id, **values))
