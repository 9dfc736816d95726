"""Case forms, one module per part of the casework; each class is a GOV.UK form."""

from complaints.cases.forms.filters import CaseFilterForm

__all__ = ["CaseFilterForm"]
