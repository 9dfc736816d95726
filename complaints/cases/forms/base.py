"""The base of every form that changes a case: it remembers which version was edited."""

from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import HiddenField, SubmitField

from complaints.cases.models import Case
from complaints.common.clock import utcnow


class CaseEditForm(FlaskForm):
    """Carries the case version and the time the form was opened, so that a save over
    someone else's change is caught and the editor is shown what changed meanwhile."""

    version = HiddenField()
    opened_at = HiddenField()
    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, case: Case, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_submitted():
            self.stamp(case)

    def stamp(self, case: Case) -> None:
        """Mark the form as based on the case as it is now."""
        self.version.data = str(case.version)
        self.opened_at.data = utcnow().isoformat(timespec="seconds")

    def seen_version(self) -> int | None:
        text = self.version.data or ""
        return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None

    def opened(self) -> dt.datetime | None:
        try:
            moment = dt.datetime.fromisoformat(self.opened_at.data or "")
        except ValueError:
            return None
        return moment if moment.tzinfo else None

    def add_error(self, message: str, field: str | None = None) -> None:
        """An error from the domain, shown in the summary and beside the field if named."""
        target = getattr(self, field, None) if field else None
        if target is not None:
            target.errors = [*target.errors, message]
        else:
            self.form_errors.append(message)
