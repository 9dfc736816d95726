"""GOV.UK widgets for the filter panels of lists, rendered once per distinct input.

A filter panel is drawn on every view of a list: at national scale its handler menu alone
holds hundreds of options, each through GOV.UK's macros (which import their own macros
at every call), and drawing the panel cost more than finding the cases. What a widget
draws depends on its parameters alone (the field's name, label, choices, value and
error), so each process keeps the markup of the parameters it has drawn lately and
draws only new ones. Nothing is shared between processes or kept past a change: changed
choices (a new handler) are new parameters, drawn afresh.

The markup is GOV.UK's own: the widgets still render its templates, with the
application's Jinja environment, but without a request's template context, which none of
those templates reads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from flask import current_app
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from markupsafe import Markup

KEPT = 256  # markups kept per process: a few per list and person-dependent choice


class _Kept:
    """Markup by (template, parameters), the least recently used forgotten first."""

    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._markup: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Markup | None:
        with self._lock:
            markup = self._markup.get(key)
            if markup is not None:
                self._markup.move_to_end(key)
            return markup

    def put(self, key: Hashable, markup: Markup) -> None:
        with self._lock:
            self._markup[key] = markup
            self._markup.move_to_end(key)
            while len(self._markup) > self.size:
                self._markup.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._markup.clear()


KEPT_MARKUP = _Kept()


def frozen(value: Any) -> Hashable:
    """The parameters as a key. Markup is told apart from text of the same characters,
    since GOV.UK's macros escape the one and not the other; anything else unexpected
    raises TypeError (and the widget is drawn without keeping it)."""
    if isinstance(value, Markup):
        return ("markup", str(value))
    if isinstance(value, str | int | float | bool | type(None)):
        return (type(value).__name__, value)
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), frozen(v)) for k, v in value.items())))
    if isinstance(value, list | tuple):
        return ("list", tuple(frozen(v) for v in value))
    raise TypeError(f"cannot key a {type(value).__name__}")


class KeptRender:
    """Mixed in before a govuk_frontend_wtf widget: its ``render`` kept by parameters."""

    template: str

    def render(self, params: dict[str, Any]) -> Markup:
        try:
            key: Hashable | None = (self.template, frozen(params))
        except TypeError:
            key = None
        if key is not None and (markup := KEPT_MARKUP.get(key)) is not None:
            return markup
        template = current_app.jinja_env.get_template(self.template)
        markup = Markup(template.render(params=params))  # noqa: S704 (escaped by Jinja)
        if key is not None:
            KEPT_MARKUP.put(key, markup)
        return markup


class KeptSelect(KeptRender, GovSelect):
    """A GOV.UK select whose markup is kept (a filter's menu)."""


class KeptCheckboxes(KeptRender, GovCheckboxesInput):
    """GOV.UK checkboxes whose markup is kept (a filter's options)."""


class KeptTextInput(KeptRender, GovTextInput):
    """A GOV.UK text input whose markup is kept (a filter's search box or date)."""


class KeptSubmit(KeptRender, GovSubmitInput):
    """A GOV.UK button whose markup is kept (a filter's "Apply filters")."""
