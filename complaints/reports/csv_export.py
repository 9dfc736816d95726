"""The board pack's tables as CSV files, one per table or all of them in a zip.

The columns are the report's. The circulated version shows every cell exactly as the
report does (``tables.show``: withheld figures marked); the full version gives numbers
plain, so a spreadsheet can add them up. A cell a spreadsheet would run as a formula is
neutralised: files leave the service, and a label must stay a label wherever it is opened.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

from complaints.reports.tables import Cell, MonthlyPack, Table, show

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9][0-9,]*(\.[0-9]+)?%?")


def safe(text: str) -> str:
    """A cell that cannot run as a formula: a leading = + - @ (or tab, CR) gets a quote."""
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def plain(cell: Cell) -> str:
    """A cell of the full version: numbers without separators, signs or units."""
    if isinstance(cell, str):
        return cell
    if cell.value is None:
        return ""
    value = float(cell.value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def file_name(
    pack: MonthlyPack, key: str, *, circulated: bool, extension: str = "csv", forces: str = ""
) -> str:
    """``forces``: the forces' codes, once an installation has several (``BED``)."""
    version = "circulated" if circulated else "full"
    of = f"-{forces}" if forces else ""
    return f"complaints{of}-{pack.month:%Y-%m}-{version}-{key}.{extension}"


def table_csv(table: Table, *, circulated: bool, threshold: int) -> bytes:
    """One table as UTF-8 CSV (with a byte-order mark, so spreadsheets read the dashes)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe(c) for c in table.columns])
    for row in table.rows:
        cells = (
            show(c, circulated=True, threshold=threshold) if circulated else plain(c) for c in row
        )
        writer.writerow([safe(text) for text in cells])
    return out.getvalue().encode("utf-8-sig")


def pack_zip(pack: MonthlyPack, *, circulated: bool, threshold: int) -> bytes:
    """Every table of the pack, each its own CSV file, in one zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in pack.tables:
            archive.writestr(
                file_name(pack, table.key, circulated=circulated),
                table_csv(table, circulated=circulated, threshold=threshold),
            )
    return out.getvalue()
