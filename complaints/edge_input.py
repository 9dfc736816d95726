"""Input at the edge: control characters never get past the request.

A NUL byte in a search or a note made PostgreSQL refuse the statement (a 500), and other
C0 control characters (a vertical tab pasted from a word processor) have no place in a
form field either. Every query parameter and form field, name and value, is cleaned once,
as the request parses it: control characters are removed, and tabs and line breaks kept.
Views, forms and services then never see them.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

# C0 controls and DEL, but tab, line feed and carriage return; and lone surrogates,
# which no database can store.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean(text: str) -> str:
    return _CONTROL.sub("", text)


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list | tuple):
        return [_cleaned(v) for v in value]
    return value  # an uploaded file: its content is checked where it is stored


class CleanMultiDict(ImmutableMultiDict):
    """The parameters of a request, every string key and value cleaned."""

    def __init__(self, mapping: Any = None) -> None:
        if isinstance(mapping, MultiDict):
            pairs = list(mapping.items(multi=True))
        elif isinstance(mapping, dict):
            pairs = list(mapping.items())
        else:
            pairs = list(mapping or ())
        super().__init__([(_cleaned(k), _cleaned(v)) for k, v in pairs])


class CleanRequest(Request):
    parameter_storage_class = CleanMultiDict
