"""The administrator's import page: the dry run's report, the import of the file checked,
an error summary for a file that is not the extract; and imported cases as case readers
see them (marked imported, found by their legacy reference)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from complaints.auth.roles import Role
from complaints.cases.models import Case
from complaints.common.audit_model import AuditEvent
from complaints.common.folding import fold
from complaints.forces.models import FIRST_FORCE_ID
from complaints.imports.models import CaseImport
from tests import factories
from tests.conftest import sign_in

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "legacy_extract.csv"


def _check(client, data: bytes, filename: str = "legacy_extract.csv", skip: bool = True):
    form = {"mapping": "centurion.toml", "force_id": str(FIRST_FORCE_ID)}
    if skip:
        form["skip_bad_rows"] = "y"
    form["file"] = FileStorage(io.BytesIO(data), filename)
    boundary, body = encode_multipart(MultiDict(form))
    return client.post(
        "/admin/imports/",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def _confirmation(page: str) -> dict[str, str]:
    """The hidden fields of the page's Import form."""
    fields = dict(
        re.findall(
            r'<input id="[a-z_0-9]+" name="([a-z_0-9]+)" type="hidden" '
            r'value="([^"]*)"',
            page,
        )
    )
    return {k: fields[k] for k in ("sha256", "filename", "mapping", "force_id", "skip_bad_rows")}


def test_an_administrator_checks_then_imports_the_sample_and_readers_see_it(
    client, login_as, db, make_user
):
    factories.subject(db, family_name="Mulder", collar="4321")
    db.commit()
    login_as(Role.ADMIN)
    assert client.get("/admin/imports/").status_code == 200
    response = _check(client, SAMPLE.read_bytes())
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Dry run: nothing has been written" in page
    assert "unknown category &#39;ZZ&#39;" in page
    assert "subject matched by collar number 4321" in page
    assert "Turing" not in page  # an administrator sees no complainant
    assert db.scalar(select(Case).where(Case.legacy_reference.is_not(None))) is None

    confirm = _confirmation(page)
    assert confirm["skip_bad_rows"] == "yes"
    response = client.post("/admin/imports/run", data=confirm)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Imported legacy_extract.csv" in page
    record = db.scalar(select(CaseImport))
    assert record.cases_created == 5 and record.rows_skipped == 5
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "import")) is not None

    case = db.scalar(select(Case).where(Case.legacy_reference == "CEN/2019/0042"))
    reader = make_user(Role.APPROPRIATE_AUTHORITY)
    client.post("/sign-out")
    sign_in(client, reader.email)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Imported" in page and "Legacy reference CEN/2019/0042" in page
    for tab in ("people", "allegations", "investigation", "timeline"):
        assert client.get(f"/cases/{case.id}/{tab}").status_code == 200, tab
    allegations = client.get(f"/cases/{case.id}/allegations").get_data(as_text=True)
    assert "Mishandling of property" in allegations  # the pre-2020 category J
    found = client.get("/cases/?q=cen/2019/0042").get_data(as_text=True)
    assert f'href="/cases/{case.id}"' in found
    # Imported people are found by the start of their names, as everyone else is.
    family = case.complainants[0].family_name
    assert case.complainants[0].search_family == fold(family)  # the name-start index's key
    found = client.get("/cases/", query_string={"q": family[:4].lower()}).get_data(as_text=True)
    assert f'href="/cases/{case.id}"' in found


def test_a_file_that_is_not_the_extract_gets_an_error_summary(client, login_as, db):
    login_as(Role.ADMIN)
    response = _check(client, b"Name,Address\nSomeone,Somewhere\n", "people.csv")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "govuk-error-summary" in page
    assert "The file has no column headed: Case Ref" in page
    assert db.scalar(select(CaseImport)) is None


def test_without_skipping_a_refused_row_the_page_offers_no_import(client, login_as):
    login_as(Role.ADMIN)
    response = _check(client, SAMPLE.read_bytes(), skip=False)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "5 rows are refused, so this file cannot be imported as it is" in page
    assert 'action="/admin/imports/run"' not in page
