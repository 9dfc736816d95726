"""Reading an extract: its bytes decoded, its headings checked against the mapping, and
each line turned into our fields' raw text, numbered as a spreadsheet numbers it (the
heading is row 1)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from complaints.imports.mapping import Mapping, MappingError

MAX_CELL = 4000


@dataclass(frozen=True)
class RawRow:
    number: int
    cells: dict[str, str]  # our field -> the cell's text, stripped ('' when empty)

    def get(self, name: str) -> str:
        return self.cells.get(name, "")


def decode(data: bytes, mapping: Mapping) -> str:
    try:
        return data.decode(mapping.encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise MappingError(
            f"The file is not text in the mapping's encoding ({mapping.encoding})"
        ) from error


def rows(data: bytes, mapping: Mapping) -> Iterator[RawRow]:
    """Each line of the extract as our fields; an empty cell takes the mapping's default."""
    text = decode(data, mapping)
    if "\x00" in text:
        raise MappingError("The file holds NUL characters: it is not a CSV extract")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=mapping.delimiter)
    headings = next(reader, None)
    if not headings:
        raise MappingError("The file is empty")
    position = {heading.strip(): index for index, heading in enumerate(headings)}
    absent = [col for col in mapping.columns.values() if col not in position]
    if absent:
        raise MappingError("The file has no column headed: " + ", ".join(absent))
    where = {name: position[col] for name, col in mapping.columns.items()}
    number = 1
    for line in reader:
        number += 1
        if not any(cell.strip() for cell in line):
            continue  # a blank line says nothing
        cells = {}
        for name, index in where.items():
            value = line[index].strip() if index < len(line) else ""
            cells[name] = value[:MAX_CELL] or mapping.defaults.get(name, "")
        for name, value in mapping.defaults.items():
            cells.setdefault(name, value)
        yield RawRow(number, cells)
