"""The base of every form that changes a case: it remembers which version was edited."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from complaints.cases.models import Case
from complaints.forms import VersionedForm


class CaseEditForm(VersionedForm):
    """Opened on a case: stamped with the case's version, so a save over someone else's
    change is caught and the editor is shown what changed on the case meanwhile."""

    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, case: Case, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_submitted():
            self.stamp(case)
