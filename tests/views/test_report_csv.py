"""CSV exports carry the pack's own tables: as circulated for the board, plain numbers in
the full version, never a formula, and every export in the audit trail."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.common.audit_model import AuditEvent
from complaints.reports import csv_export
from complaints.reports.tables import Figure, Kind, MonthlyPack, Section, Table
from tests.views import report_pages as rp


@pytest.fixture()
def pack(app):
    pack = rp.sample()
    rp.serve(app, lambda month: rp.sample(month))
    return pack


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # spreadsheets then read the dashes right
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _plain(cell) -> str:
    if isinstance(cell, str):
        return cell
    if cell.value is None:
        return ""
    return str(int(cell.value)) if float(cell.value).is_integer() else str(cell.value)


def test_the_board_gets_each_table_as_circulated(client, login_as, pack):
    login_as(Role.BOARD_MEMBER)
    for table in pack.tables:
        response = client.get(f"/reports/csv/{table.key}")
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        assert f"-circulated-{table.key}.csv" in response.headers["Content-Disposition"]
        rows = _rows(response.data)
        assert rows[0] == list(table.columns)
        assert rows[1:] == rp.expected(table, circulated=True), table.key
    for table, r, c, _ in rp.small_cells(pack):
        rows = _rows(client.get(f"/reports/csv/{table.key}").data)
        assert rows[r + 1][c] == "[c]"


def test_the_board_cannot_export_the_full_version(client, login_as, pack):
    login_as(Role.BOARD_MEMBER)
    assert client.get("/reports/csv/headline-figures?version=full").status_code == 403
    assert client.get("/reports/csv.zip?version=full").status_code == 403


def test_the_full_version_has_plain_numbers_equal_to_the_pack(client, login_as, pack):
    login_as(Role.OPCC_OVERSIGHT)
    for table in pack.tables:
        rows = _rows(client.get(f"/reports/csv/{table.key}?version=full").data)
        assert rows[1:] == [[_plain(c) for c in row] for row in table.rows], table.key
    headline = _rows(client.get("/reports/csv/headline-figures").data)  # full by default
    assert headline[1][1] == "112" and headline[5][1] == "3"
    assert headline[2][4] == "1702"  # no thousands separator


def test_csv_and_dashboard_show_the_same_figures(client, login_as, pack):
    login_as(Role.BOARD_MEMBER)
    page = client.get("/reports/dashboard").get_data(as_text=True)
    for table in pack.tables:
        rows = _rows(client.get(f"/reports/csv/{table.key}").data)
        assert rows[1:] == rp.page_table(page, table.key)[1], table.key


def test_every_table_in_one_zip(client, login_as, pack):
    login_as(Role.BOARD_MEMBER)
    month = rp.month()
    response = client.get(f"/reports/csv.zip?month={month:%Y-%m}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        assert names == [f"complaints-{month:%Y-%m}-circulated-{t.key}.csv" for t in pack.tables]
        for table, name in zip(pack.tables, names, strict=True):
            rows = _rows(archive.read(name))
            assert rows[1:] == rp.expected(table, circulated=True)


def test_exports_are_audited(client, login_as, pack, db):
    user = login_as(Role.APPROPRIATE_AUTHORITY)
    month = rp.month()
    client.get("/reports/csv/timeliness")
    client.get("/reports/csv.zip?version=circulated")
    exports = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "export").order_by(AuditEvent.id)
    ).all()
    assert [(e.actor_id, e.summary) for e in exports] == [
        (user.id, f"timeliness {month:%Y-%m} full"),
        (user.id, f"all tables {month:%Y-%m} circulated"),
    ]


@pytest.mark.parametrize(
    "url, status",
    [
        ("/reports/csv/no-such-table", 404),
        ("/reports/csv/timeliness?month=2099-01", 400),
        ("/reports/csv/timeliness?month=January", 400),
        ("/reports/csv/timeliness?version=everything", 400),
        ("/reports/csv.zip?month=2026-00", 400),
    ],
)
def test_bad_requests_are_refused(client, login_as, pack, url, status):
    login_as(Role.BOARD_MEMBER)
    assert client.get(url).status_code == status


def test_a_cell_cannot_run_as_a_formula(client, login_as, app):
    hostile = Table(
        "hostile",
        "Divisions",
        ("=Division", "Cases", "Change"),
        (
            ('=HYPERLINK("http://evil.example","x")', Figure(12), Figure(-3, Kind.NUMBER)),
            ("+SUM(A1:A9)", Figure(7), Figure(2.5, Kind.NUMBER)),
            ("-2+3", Figure(9), Figure(None)),
            ("@cmd", Figure(6), Figure(0, Kind.NUMBER)),
        ),
    )
    rp.serve(
        app,
        lambda month: MonthlyPack(
            "Northshire Police", month, (Section("divisions", "Divisions", (hostile,)),)
        ),
    )
    login_as(Role.APPROPRIATE_AUTHORITY)
    rows = _rows(client.get("/reports/csv/hostile").data)
    assert rows == [
        ["'=Division", "Cases", "Change"],
        ['\'=HYPERLINK("http://evil.example","x")', "12", "-3"],
        ["'+SUM(A1:A9)", "7", "2.5"],
        ["'-2+3", "9", ""],
        ["'@cmd", "6", "0"],
    ]


def test_safe_leaves_numbers_and_words_alone():
    assert csv_export.safe("-3") == "-3"
    assert csv_export.safe("-1,234.5") == "-1,234.5"
    assert csv_export.safe("\u2013") == "\u2013"
    assert csv_export.safe("fewer than 5") == "fewer than 5"
    assert csv_export.safe("=1+1") == "'=1+1"
    assert csv_export.safe("\t=1") == "'\t=1"


def test_the_boards_csv_gives_no_hidden_share_away(client, login_as, app):
    """Two ways a share hidden in a circulated table used to be worked out from the rest
    of its column: the board's CSV withholds enough beside it that neither works."""
    from complaints.reports.queries import share

    upheld = Table(
        "reviews_upheld",
        "% of reviews decided that were upheld, by review body",
        ("Review body", "April"),
        (
            ("OPCC", share(0, 3)),
            ("IOPC", share(0, 6)),
            ("All review bodies", share(0, 9, total=True)),
        ),
    )
    recording = Table(
        "recording",
        "% recorded under Schedule 3, by reason",
        ("Reason", "April"),
        (
            ("Any reason", share(40, 55, total=True)),
            ("The complainant wishes it", share(2, 55)),
            ("The appropriate authority decided", share(30, 55)),
            ("Dissatisfied after initial handling", share(8, 55)),
        ),
    )
    rp.serve(
        app,
        lambda month: MonthlyPack(
            "Northshire Police", month, (Section("s", "S", (upheld, recording)),)
        ),
    )
    login_as(Role.BOARD_MEMBER)
    rows = _rows(client.get("/reports/csv/reviews_upheld").data)
    assert [row[1] for row in rows[1:]] == ["[c]", "[c]", "[c]"]
    rows = _rows(client.get("/reports/csv/recording").data)
    assert [row[1] for row in rows[1:]] == ["73%", "[c]", "55%", "[c]"]
