"""Every mapped class, imported once so that Alembic and the tests see the whole schema."""

import complaints.access.models
import complaints.imports.models
import complaints.intervention.models
import complaints.letters.models
import complaints.mail.models
import complaints.officers.models
import complaints.oversight.models  # their tables join the schema
import complaints.proceedings.models
import complaints.public.models
import complaints.reports.models
import complaints.retention.models
import complaints.tray.models
import complaints.workforce.models  # noqa: F401
from complaints.auth.models import RecoveryCode, User
from complaints.cases.models import (
    Allegation,
    Case,
    CaseAccess,
    CaseLink,
    CaseSubject,
    Complainant,
    Contact,
    EqualityMonitoring,
    Note,
    ReferenceCounter,
    Representative,
)
from complaints.common.audit_model import AuditEvent
from complaints.db import Base
from complaints.documents.models import Attachment
from complaints.forces.models import Force, ForceMembership
from complaints.investigations.models import (
    ConductOutcome,
    Investigation,
    SeverityAssessment,
    SuspensionPeriod,
)
from complaints.learning.models import LearningItem
from complaints.reference.models import AllegationCategory, CategoryGroup, Division
from complaints.reviews.models import Review
from complaints.subjects.models import Subject, SubjectIdentity

__all__ = [
    "Allegation",
    "AllegationCategory",
    "Attachment",
    "AuditEvent",
    "Base",
    "Case",
    "CaseAccess",
    "CaseLink",
    "CaseSubject",
    "CategoryGroup",
    "Complainant",
    "ConductOutcome",
    "Contact",
    "Division",
    "EqualityMonitoring",
    "Force",
    "ForceMembership",
    "Investigation",
    "LearningItem",
    "Note",
    "RecoveryCode",
    "ReferenceCounter",
    "Representative",
    "Review",
    "SeverityAssessment",
    "Subject",
    "SubjectIdentity",
    "SuspensionPeriod",
    "User",
]
