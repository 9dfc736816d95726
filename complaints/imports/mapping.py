"""A mapping file (TOML) says which of an extract's columns holds each field we import,
and how the extract's words translate into ours (docs/import.md; the Centurion mapping
in docs/import/centurion.toml is the worked example)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from complaints.common.errors import Refused

# Every field an extract may give, one row of it being one allegation of a case. The
# case's own fields are read from the first row of each legacy reference.
CASE_FIELDS = (
    "legacy_reference",
    "case_type",
    "state",
    "channel",
    "handling",
    "received_on",
    "logged_on",
    "first_contact_on",
    "recorded_on",
    "referred_on",
    "outcome_on",
    "notified_on",
    "finalised_on",
    "withdrawn_on",
    "summary",
    "incident_on",
    "complainant_title",
    "complainant_given_name",
    "complainant_family_name",
    "complainant_email",
    "complainant_phone",
    "complainant_postcode",
)
ALLEGATION_FIELDS = (
    "category",
    "allegation_description",
    "result",
    "actions",
    "subject_kind",
    "subject_given_name",
    "subject_family_name",
    "subject_rank",
    "subject_collar_number",
    "subject_staff_number",
)
FIELDS = CASE_FIELDS + ALLEGATION_FIELDS
REQUIRED = ("legacy_reference", "case_type", "state", "received_on", "logged_on", "category")
# Fields whose extract words are translated by a [values.<field>] table.
TRANSLATED = (
    "case_type",
    "state",
    "channel",
    "handling",
    "result",
    "actions",
    "category",
    "subject_kind",
)


# The mappings shipped with the service (docs/import/), offered by the upload page.
SHIPPED = Path(__file__).resolve().parents[2] / "docs" / "import"
DEFAULT = SHIPPED / "centurion.toml"


class MappingError(Refused):
    """The mapping file cannot be used: the message says what to put right."""


@dataclass(frozen=True)
class Mapping:
    name: str
    columns: dict[str, str]  # our field -> the extract's column heading
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> words -> ours
    defaults: dict[str, str] = field(default_factory=dict)  # used where a cell is empty
    date_formats: tuple[str, ...] = ("%Y-%m-%d",)
    delimiter: str = ","
    list_separator: str = ";"
    encoding: str = "utf-8-sig"

    def __post_init__(self) -> None:
        folded = {
            name: {key.strip().casefold(): value for key, value in table.items()}
            for name, table in self.values.items()
        }
        object.__setattr__(self, "_folded", folded)

    def translate(self, name: str, word: str) -> str:
        """Our code for the extract's word: its [values] entry (matched ignoring case and
        surrounding spaces), else the word itself, for the checks to accept or refuse."""
        word = word.strip()
        return self._folded.get(name, {}).get(word.casefold(), word)


def parse(text: str) -> Mapping:
    """Read a mapping from its TOML text, refusing what would import the wrong thing."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MappingError(f"The mapping file is not valid TOML: {error}") from error
    extract = data.get("extract", {})
    columns = data.get("columns", {})
    if not isinstance(columns, dict) or not columns:
        raise MappingError("The mapping file has no [columns] table")
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise MappingError("The mapping names fields that do not exist: " + ", ".join(unknown))
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise MappingError("The mapping does not say which column holds: " + ", ".join(missing))
    values = data.get("values", {})
    if set(values) - set(TRANSLATED):
        raise MappingError("Only these fields' words can be translated: " + ", ".join(TRANSLATED))
    formats = extract.get("date_formats", ["%Y-%m-%d"])
    return Mapping(
        name=str(extract.get("name", "Unnamed extract"))[:80],
        columns={k: str(v) for k, v in columns.items()},
        values={k: {str(a): str(b) for a, b in v.items()} for k, v in values.items()},
        defaults={k: str(v) for k, v in data.get("defaults", {}).items() if k in FIELDS},
        date_formats=tuple(str(f) for f in formats),
        delimiter=str(extract.get("delimiter", ",")),
        list_separator=str(extract.get("list_separator", ";")),
        encoding=str(extract.get("encoding", "utf-8-sig")),
    )


def load(path: Path) -> Mapping:
    return parse(Path(path).read_text(encoding="utf-8"))
