"""The filter panels' widgets draw exactly what GOV.UK's widgets draw, and draw each
distinct input once per process: the markup kept is never another input's."""

from __future__ import annotations

import pytest
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from markupsafe import Markup, escape

from complaints import filter_widgets
from complaints.cases.forms import CaseFilterForm
from complaints.forms import options

GOVUK = {
    filter_widgets.KeptSelect: GovSelect,
    filter_widgets.KeptCheckboxes: GovCheckboxesInput,
    filter_widgets.KeptTextInput: GovTextInput,
    filter_widgets.KeptSubmit: GovSubmitInput,
}
QUERIES = (
    "",
    "?state=recorded&state=finalised&handler=2&category=&q=Stone&received_from=1/2/2026",
    # Refused input: the error messages are drawn too.
    "?state=nonsense&handler=x&received_from=32/13/2026&received_to=1/1/2020",
)


def _form() -> CaseFilterForm:
    form = CaseFilterForm()
    form.division.choices = options([(1, "Ashmoor North"), (2, "Ashmoor <South> & Co")])
    form.category.choices = options([("", "Any category"), (7, "A1 Use of force")])
    form.handler.choices = options([("", "Any handler")] + [(n, f"Han {n}") for n in range(40)])
    form.validate()
    return form


@pytest.fixture(autouse=True)
def _nothing_kept():
    filter_widgets.KEPT_MARKUP.clear()
    yield
    filter_widgets.KEPT_MARKUP.clear()


@pytest.mark.parametrize("query", QUERIES)
def test_each_field_is_drawn_as_govuk_draws_it(app, query):
    params = {
        "q": {"classes": "govuk-!-width-full"},
        "state": {"classes": "govuk-checkboxes--small", "fieldset": {"legend": {"text": "State"}}},
        "submit": {"attributes": {"data-test-id": "submit-filter"}},
    }
    with app.test_request_context("/cases/" + query):
        form = _form()
        for field in form:
            kept = field.widget
            assert type(kept) in GOVUK, field.name
            extra = {"params": params[field.name]} if field.name in params else {}
            expected = GOVUK[type(kept)]()(field, **extra)
            assert kept(field, **extra) == expected  # drawn
            assert kept(field, **extra) == expected  # kept
            assert isinstance(kept(field, **extra), Markup)


def test_a_field_is_drawn_once_for_the_same_input(app, monkeypatch):
    drawn = []
    real = app.jinja_env.get_template

    def counting(name, *args, **kwargs):
        drawn.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(app.jinja_env, "get_template", counting)
    with app.test_request_context("/cases/?handler=3"):
        for _ in range(3):
            str(_form().handler())
    assert [name for name in drawn if name.startswith("govuk_frontend_wtf/")] == [
        "govuk_frontend_wtf/select.html"
    ]


def test_other_input_is_drawn_afresh(app):
    with app.test_request_context("/cases/?handler=3"):
        form = _form()
        first = form.handler()
        form.handler.choices = [*form.handler.choices, ("99", "A new handler")]
        assert "A new handler" in form.handler()
        assert "A new handler" not in first
        form.handler.data = "4"
        assert 'value="4" selected' in form.handler()


def test_markup_and_text_of_the_same_characters_are_different_input():
    text = {"label": {"text": "<b>x</b>"}}
    markup = {"label": {"text": Markup("<b>x</b>")}}
    assert filter_widgets.frozen(text) != filter_widgets.frozen(markup)
    assert filter_widgets.frozen([1, "1"]) != filter_widgets.frozen(["1", 1])
    with pytest.raises(TypeError):
        filter_widgets.frozen({"a": object()})


def test_only_the_latest_are_kept():
    kept = filter_widgets._Kept(size=2)
    for n in range(3):
        kept.put(n, escape(str(n)))
    assert kept.get(0) is None
    assert kept.get(1) == "1"
    kept.put(3, escape("3"))  # 1 was used more lately than 2
    assert kept.get(2) is None
    assert kept.get(1) == "1"
