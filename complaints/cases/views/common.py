"""What every case page and case form does: load what the user may see, check what they
may do, and save once (``complaints.saving.save``), catching edits that crossed someone
else's: a case form carries the version it was opened on (``CaseEditForm``).
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for

from complaints.auth.permissions import Permission, can
from complaints.cases import deadlines, delivery, hints, queries, services, workflow
from complaints.cases.forms.base import CaseEditForm
from complaints.cases.models import Case
from complaints.common.clock import utcnow
from complaints.saving import save, status_of
from complaints.tray.reminders import bring_forwards_on
from complaints.web import actor, db, refuse

__all__ = [
    "allow",
    "case_context",
    "done",
    "load_case",
    "not_now",
    "render_case",
    "render_form",
    "save",
]

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
    may = {p.value: can(who, p, case) for p in Permission}
    steps = workflow.available(case, who, now)
    return {
        "case": case,
        "tab": tab,
        "tabs": TABS,
        "steps": steps,
        # Why each blocked step waits, who does what it waits for, and a link if it is you.
        "hints": hints.hints(case, who, steps),
        "show_personal_data": can(who, Permission.VIEW_PERSONAL_DATA, case),
        "may": may,
        "deadlines": deadlines.compute(deadlines.facts_of(case)),
        # Why the restriction cannot be changed here, if it cannot (the link's rule).
        "restrict_refused": services.restrict_refusal(case),
        # The signed-in person's own bring-forward dates: no one else's are shown.
        "bring_forwards": bring_forwards_on(db(), who, case),
        # Letters whose email failed: flagged to whoever may send the case's letters.
        "undelivered": (
            delivery.undelivered(db(), case) if may[Permission.SEND_CORRESPONDENCE.value] else []
        ),
    }


def render_case(template: str, case: Case, tab: str | None = None, status: int = 200, **extra):
    return render_template(template, **case_context(case, tab), **extra), status


def render_form(template: str, case: Case, form: CaseEditForm, **extra):
    """A case form page: 409 with what changed if the edit crossed another, 400 if the
    input was refused, 200 otherwise. The user's input is always kept."""
    conflict = getattr(form, "conflict", None)
    return render_case(template, case, None, status_of(form), form=form, conflict=conflict, **extra)


def done(case: Case, message: str, endpoint: str = "cases.detail", **values):
    """Post/redirect/get: confirm what was saved with a banner on the next page."""
    flash(message, "success")
    return redirect(url_for(endpoint, case_id=case.id, **values))


def not_now(case: Case, why: str, endpoint: str):
    """A page opened when its step cannot be taken (a link is offered only when it can):
    say why on the tab it belongs to."""
    flash(f"{why}.", "information")
    return redirect(url_for(endpoint, case_id=case.id))
