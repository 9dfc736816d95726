"""HR's file of protected characteristics, imported from the command line: the people named
on cases are recorded, everyone else is not kept, and a row with an unknown answer is
refused by its line."""

from __future__ import annotations

from sqlalchemy import select

from complaints.forces.models import FIRST_FORCE_ID, Force
from complaints.workforce.models import SubjectCharacteristics
from tests import factories

FILE = """number,sex,ethnicity,religion,disability
C9001,Male,"White: Irish",,Prefer not to say
s123,Female,,Hindu,
C9999,Female,,,
C9002,Martian,,,
"""


def test_hr_file_is_imported_for_people_named_on_cases(app, db, tmp_path):
    first = factories.subject(db, collar="C9001")
    staff = factories.subject(db, collar="C9003")
    staff.identities[0].staff_number = "S123"
    db.commit()
    path = tmp_path / "hr.csv"
    path.write_text(FILE, encoding="utf-8")
    code = db.get(Force, FIRST_FORCE_ID).code
    result = app.test_cli_runner().invoke(
        args=["workforce", "import", str(path), "--force", code.lower()]
    )
    assert result.exit_code == 1, result.output  # one row refused
    assert "Recorded 2; 1 not named on any case (not kept); 1 refused." in result.output
    assert "line 5: sex 'Martian' is not one of the answers" in result.output
    rows = {r.subject_id: r for r in db.scalars(select(SubjectCharacteristics)).all()}
    assert set(rows) == {first.id, staff.id}
    assert (rows[first.id].ethnicity, rows[first.id].disability) == (
        "White: Irish",
        "Prefer not to say",
    )
    assert (rows[staff.id].sex, rows[staff.id].religion, rows[staff.id].source) == (
        "Female",
        "Hindu",
        "hr_import",
    )
