"""Template text to the blocks of a letter, in Jinja's sandbox.

A template is plain text with a little structure: a line starting ``# `` is the letter's
heading, ``## `` a subheading, a blank line ends a paragraph, ``**words**`` are bold.
Fields are put in with ``{{ name }}`` and may be tested and looped over (``{% if %}``,
``{% for %}``). The sandbox refuses attribute tricks (``{{ ''.__class__ }}``), undefined
names fail instead of printing nothing, and a value put into a letter is text, never
structure: a complainant's ``# `` or ``**`` stays as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from complaints.common.errors import Refused
from complaints.letters import fields
from complaints.letters.fields import TemplateKind

MAX_TEMPLATE = 20_000

# Markup characters in a value are swapped for private-use characters while the text is
# split into blocks, then swapped back, so a value cannot start a heading or bold text.
_SHIELD = {"#": "\ue000", "*": "\ue001"}
_UNSHIELD = {v: k for k, v in _SHIELD.items()}


class TemplateRefused(Refused):
    """A template that cannot make a letter, with what is wrong in words."""

    def __init__(self, message: str, field: str = "body") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Block:
    style: str  # "heading", "subheading" or "paragraph"
    text: str  # the words, with bold runs marked ``**`` (see ``runs``)

    def runs(self) -> list[tuple[str, bool]]:
        """The text as (words, bold) runs, in order."""
        parts = re.split(r"(\*\*.+?\*\*)", self.text, flags=re.S)
        found = []
        for part in parts:
            if not part:
                continue
            bold = part.startswith("**") and part.endswith("**") and len(part) > 4
            found.append((_unshield(part[2:-2] if bold else part), bold))
        return found

    @property
    def plain(self) -> str:
        return "".join(words for words, _ in self.runs())


def _finalize(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    for mark, shield in _SHIELD.items():
        text = text.replace(mark, shield)
    return text


def _unshield(text: str) -> str:
    for shield, mark in _UNSHIELD.items():
        text = text.replace(shield, mark)
    return text


_ENV = SandboxedEnvironment(
    undefined=StrictUndefined,
    autoescape=False,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
    finalize=_finalize,
)
_ENV.globals.clear()  # no range, lipsum, cycler or namespace: a letter has only its fields


def unusable(what: str, refused: TemplateRefused) -> str:
    """Why a letter cannot be made now: its force's template no longer fills in (a saved
    version always did; this guards against data no sample foresaw)."""
    return (
        f"The {what} letter's template cannot be used: {refused}. "
        "Ask an administrator to correct it"
    )


def check(kind: TemplateKind, source: str) -> None:
    """Refuse a template that names an unknown field, does not parse, reaches outside the
    sandbox, or fails with the sample values; otherwise return quietly."""
    if not source.strip():
        raise TemplateRefused("Enter the letter's wording")
    if len(source) > MAX_TEMPLATE:
        raise TemplateRefused(f"The wording must be {MAX_TEMPLATE:,} characters or fewer")
    try:
        parsed = _ENV.parse(source)
    except TemplateError as error:
        raise TemplateRefused(f"The wording cannot be read: {_where(error)}") from error
    hidden = [node.attr for node in parsed.find_all(nodes.Getattr) if node.attr.startswith("_")] + [
        node.arg.value
        for node in parsed.find_all(nodes.Getitem)
        if isinstance(node.arg, nodes.Const) and str(node.arg.value).startswith("_")
    ]
    if hidden:
        raise TemplateRefused(f"A letter cannot use {hidden[0]!r}: use the merge fields listed")
    allowed = set(fields.names(kind))
    unknown = sorted(meta.find_undeclared_variables(parsed) - allowed)
    if unknown:
        raise TemplateRefused(
            f"Unknown merge field{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
            f"This kind of letter may use: {', '.join(sorted(allowed))}"
        )
    text = render_text(source, fields.samples(kind))
    if not any(block.style == "heading" for block in blocks(text)):
        raise TemplateRefused("Start the letter with a heading: a line beginning '# '")


def render_text(source: str, values: dict[str, Any]) -> str:
    """The template filled in with ``values``: text still to be split into blocks."""
    try:
        return _ENV.from_string(source).render(**values)
    except TemplateError as error:
        raise TemplateRefused(f"The wording cannot be filled in: {_where(error)}") from error


def render(source: str, values: dict[str, Any]) -> list[Block]:
    return blocks(render_text(source, values))


def blocks(text: str) -> list[Block]:
    """Split filled-in text into headings, subheadings and paragraphs."""
    found = []
    for chunk in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n")]
        lines = [line for line in lines if line.strip()]
        if not lines:
            continue
        first = lines[0].lstrip()
        if first.startswith("## "):
            found.append(Block("subheading", first[3:].strip()))
            lines = lines[1:]
        elif first.startswith("# "):
            found.append(Block("heading", first[2:].strip()))
            lines = lines[1:]
        if lines:
            found.append(Block("paragraph", "\n".join(line.strip() for line in lines)))
    return found


def _where(error: TemplateError) -> str:
    line = getattr(error, "lineno", None)
    message = str(error.message if hasattr(error, "message") and error.message else error)
    return f"{message} (line {line})" if line else message
