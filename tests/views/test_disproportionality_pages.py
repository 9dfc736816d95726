"""Disproportionality on the dashboard: the board's circulated figures hide what rests on a
small count, the full version shows the indices, and commentary may be written on it."""

from __future__ import annotations

from complaints.auth.roles import Role
from complaints.reports.signoff import SECTION_TITLES
from tests.services.test_disproportionality import build
from tests.views import report_pages as rp

KEY = "disp_discriminatory"


def _page(client) -> str:
    response = client.get("/reports/dashboard", query_string={"month": "2026-10"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_board_sees_the_section_with_small_groups_withheld(client, db, login_as, monkeypatch):
    build(db, monkeypatch)
    db.commit()
    login_as(Role.BOARD_MEMBER)
    page = _page(client)
    assert "Disproportionality" in page
    header, rows = rp.page_table(page, KEY)
    assert header[4:] == ["Relative rate index", "95% interval from", "95% interval to"]
    assert rows == [
        ["Sex: Male", "12", "[c]", "[c]", "[c]", "[c]", "[c]"],
        ["Sex: Female", "8", "[c]", "[c]", "[c]", "[c]", "[c]"],
    ]


def test_the_full_version_shows_the_indices(client, db, login_as, monkeypatch):
    build(db, monkeypatch)
    db.commit()
    login_as(Role.APPROPRIATE_AUTHORITY)
    _, rows = rp.page_table(_page(client), KEY)
    assert ["Sex: Female", "8", "6", "75%", "4.50", "1.19", "16.96"] in rows


def test_commentary_may_be_written_on_the_section():
    assert SECTION_TITLES["disproportionality"] == "Disproportionality"
