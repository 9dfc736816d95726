"""Who may do what (domain.md A8): the one home of authorisation rules.

``can(actor, permission, case)`` is a pure predicate used by the view decorator, the
per-object checks, the buttons a template shows and ``workflow.apply``. Which cases a
user may see at all is a query (``complaints.cases.visibility``), so that lists, search,
counts and the case page agree.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from complaints.auth.roles import Role
from complaints.cases.choices import AppropriateAuthority

if TYPE_CHECKING:
    from complaints.cases.models import Case
    from complaints.common.actor import Actor


class Permission(enum.StrEnum):
    VIEW_CASES = "view_cases"
    VIEW_PERSONAL_DATA = "view_personal_data"
    LOG_CASE = "log_case"
    EDIT_CASE = "edit_case"  # complainants, subjects, allegations and links of a case
    ADD_TO_FILE = "add_to_file"  # notes and documents
    RECORD_CONTACT = "record_contact"
    HANDLE_INFORMALLY = "handle_informally"
    SEND_CORRESPONDENCE = "send_correspondence"
    DECIDE = "decide"  # every appropriate-authority decision
    ASSIGN = "assign"
    RESTRICT = "restrict"
    INVESTIGATE = "investigate"
    WITHDRAW = "withdraw"
    REVIEW = "review"
    VIEW_DASHBOARDS = "view_dashboards"
    VIEW_REPORTS = "view_reports"
    MAKE_REPORTS = "make_reports"
    VIEW_FULL_REPORTS = "view_full_reports"  # small counts shown: the AA and OPCC oversight
    APPROVE_REPORTS = "approve_reports"  # publish a board report to the board: OPCC oversight
    DIP_SAMPLE = "dip_sample"
    # The list of investigations due a twelve-month or six-monthly report (A5, B T12).
    TRACK_INVESTIGATION_REPORTS = "track_investigation_reports"
    MANAGE_LEARNING = "manage_learning"
    MANAGE_USERS = "manage_users"
    MANAGE_REFERENCE_DATA = "manage_reference_data"
    # Early intervention (A11): working the alerts and plans about a force's officers, and
    # setting the policies that raise them.
    EARLY_INTERVENTION = "early_intervention"
    MANAGE_INTERVENTION_POLICIES = "manage_intervention_policies"
    # Subject access requests (A12): everything held about a person, redacted, sent.
    SUBJECT_ACCESS = "subject_access"
    # Retention (A12): an administrator sets each force's schedule; the appropriate
    # authority places and lifts legal holds, reviews the cases due and disposes of them.
    MANAGE_RETENTION = "manage_retention"
    DISPOSE_CASES = "dispose_cases"
    # Officers' and staff's protected characteristics and the force's workforce profile,
    # for the disproportionality analysis: special category data, for administrators only.
    RECORD_WORKFORCE = "record_workforce"
    # Cases brought in from a legacy system's extract (an administrator's one-off work).
    IMPORT_CASES = "import_cases"
    # Held by no role: a complainant applies online for a review of their own case.
    APPLY_FOR_REVIEW = "apply_for_review"


P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.HANDLER: frozenset(
        {
            P.VIEW_CASES,
            P.VIEW_PERSONAL_DATA,
            P.LOG_CASE,
            P.EDIT_CASE,
            P.ADD_TO_FILE,
            P.RECORD_CONTACT,
            P.HANDLE_INFORMALLY,
            P.SEND_CORRESPONDENCE,
            P.WITHDRAW,
        }
    ),
    Role.INVESTIGATOR: frozenset(
        {P.VIEW_CASES, P.VIEW_PERSONAL_DATA, P.INVESTIGATE, P.ADD_TO_FILE}
    ),
    Role.APPROPRIATE_AUTHORITY: frozenset(
        {
            P.VIEW_CASES,
            P.VIEW_PERSONAL_DATA,
            P.LOG_CASE,
            P.EDIT_CASE,
            P.ADD_TO_FILE,
            P.DECIDE,
            P.ASSIGN,
            P.RESTRICT,
            P.WITHDRAW,
            P.VIEW_DASHBOARDS,
            P.VIEW_REPORTS,
            P.MAKE_REPORTS,
            P.VIEW_FULL_REPORTS,
            P.MANAGE_LEARNING,
            P.TRACK_INVESTIGATION_REPORTS,
            P.EARLY_INTERVENTION,
            P.SUBJECT_ACCESS,
            P.DISPOSE_CASES,
        }
    ),
    Role.OPCC_REVIEWER: frozenset({P.VIEW_CASES, P.VIEW_PERSONAL_DATA, P.REVIEW}),
    Role.OPCC_OVERSIGHT: frozenset(
        {
            P.VIEW_CASES,
            P.VIEW_DASHBOARDS,
            P.VIEW_REPORTS,
            P.MAKE_REPORTS,
            P.APPROVE_REPORTS,
            P.VIEW_FULL_REPORTS,
            P.DIP_SAMPLE,
            P.MANAGE_LEARNING,
            P.TRACK_INVESTIGATION_REPORTS,
        }
    ),
    Role.BOARD_MEMBER: frozenset({P.VIEW_DASHBOARDS, P.VIEW_REPORTS}),
    Role.ADMIN: frozenset(
        {
            P.MANAGE_USERS,
            P.MANAGE_REFERENCE_DATA,
            P.MANAGE_INTERVENTION_POLICIES,
            P.MANAGE_RETENTION,
            P.RECORD_WORKFORCE,
            P.IMPORT_CASES,
        }
    ),
}

# Decisions the OPCC takes as appropriate authority for complaints about the chief
# constable (the PCC is their AA), in place of the force's PSD.
_AA_PERMISSIONS = frozenset(
    {
        P.DECIDE,
        P.ASSIGN,
        P.RESTRICT,
        P.LOG_CASE,
        P.EDIT_CASE,
        P.ADD_TO_FILE,
        P.RECORD_CONTACT,
        P.HANDLE_INFORMALLY,
        P.SEND_CORRESPONDENCE,
        P.WITHDRAW,
        P.TRACK_INVESTIGATION_REPORTS,
        P.DISPOSE_CASES,
    }
)
# What a complainant signed in to Track my complaint may do on their own case, and no more.
COMPLAINANT_MAY = frozenset({P.APPLY_FOR_REVIEW})
_OPCC_AS_AA = _AA_PERMISSIONS | {P.VIEW_CASES, P.VIEW_PERSONAL_DATA}
# All that may be done with a case whose personal data was disposed of: read what is left.
_AFTER_DISPOSAL = frozenset({P.VIEW_CASES, P.VIEW_PERSONAL_DATA})
# Casework a handler may do only on cases assigned to them (A8: "work assigned cases").
_ASSIGNED_HANDLER_WORK = frozenset(
    {P.EDIT_CASE, P.RECORD_CONTACT, P.HANDLE_INFORMALLY, P.SEND_CORRESPONDENCE, P.WITHDRAW}
)


def _named_on(case: Case, actor: Actor) -> bool:
    return any(access.user_id == actor.user_id for access in case.access)


def role_can(role: Role | None, permission: Permission) -> bool:
    return role is not None and permission in ROLE_PERMISSIONS.get(role, frozenset())


def may_hold(role: Role | None, permission: Permission) -> bool:
    """Might this role hold the permission on some case? What a route checks before it
    loads the case: the OPCC reviewer is the appropriate authority of complaints about the
    chief constable, so it passes here and ``can`` then decides on the case itself."""
    return role_can(role, permission) or (role == Role.OPCC_REVIEWER and permission in _OPCC_AS_AA)


def can(actor: Actor, permission: Permission, case: Case | None = None) -> bool:
    """May this actor use this permission, on this case if one is given?

    The case must already be one the actor can see (loaded through the visibility
    query); this adds assignment and the chief-officer lockout.
    """
    if actor.complainant_of is not None:
        return (
            case is not None and case.id == actor.complainant_of and (permission in COMPLAINANT_MAY)
        )
    if not actor.is_authenticated:
        return False
    if case is None:
        return role_can(actor.role, permission)
    if case.force_id not in actor.forces:
        return False
    if permission == P.DECIDE and case.force_id not in actor.decides_for:
        return False  # the force has not delegated its decisions to this person
    # Only people named on a restricted case may act on it; OPCC reviewers are the
    # appropriate authority for complaints about the chief constable.
    opcc_as_aa = case.about_chief_officer and actor.role == Role.OPCC_REVIEWER
    if case.restricted and not _named_on(case, actor) and not opcc_as_aa:
        return False
    if case.disposed_at is not None and permission not in _AFTER_DISPOSAL:
        return False  # disposal cannot be undone, and nothing is left to work on
    if case.appropriate_authority == AppropriateAuthority.PCC:
        # Chief constable cases: the OPCC acts as AA and the force's PSD is locked out.
        # An investigator (typically from another force) works only the investigation
        # they are assigned to and named on.
        if actor.role == Role.OPCC_REVIEWER and permission in _OPCC_AS_AA:
            return True
        if actor.role in (Role.HANDLER, Role.APPROPRIATE_AUTHORITY):
            return False
    if not role_can(actor.role, permission):
        return False
    if actor.role == Role.HANDLER and permission in _ASSIGNED_HANDLER_WORK:
        return case.handler_id == actor.user_id
    if actor.role == Role.INVESTIGATOR and permission == P.INVESTIGATE:
        investigation = getattr(case, "investigation", None)
        return investigation is not None and investigation.investigator_id == actor.user_id
    return True
