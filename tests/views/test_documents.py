"""The Documents tab: uploads that pass every check are kept, bad ones are answered with the
GOV.UK error summary and the description kept; downloads are audited, limited to the case's
own files, and never serve a file whose bytes changed."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from complaints.auth.roles import Role
from complaints.cases.services import grant_access, restrict
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import london_today, utcnow
from complaints.documents.models import Attachment, AttachmentKind
from complaints.documents.services import MAX_UPLOAD_BYTES
from complaints.documents.storage import FileStore
from tests import factories
from tests.conftest import sign_in as _sign_in

PROBLEM = "There is a problem"
STATEMENT = b"Statement of the complainant, taken at the front counter.\n"


@pytest.fixture()
def handler(login_as):
    return login_as(Role.HANDLER, name="Hana Handler")


@pytest.fixture()
def case(db, handler):
    made = factories.complaint(
        db, handler=handler, received_on=london_today() - dt.timedelta(days=5), now=utcnow()
    )
    db.commit()
    return made


@pytest.fixture()
def store(app) -> FileStore:
    return FileStore(Path(app.config["FILES_DIR"]))


@pytest.fixture()
def document(db, app, case) -> Attachment:
    made = factories.attachment(db, case, app.config["FILES_DIR"], STATEMENT)
    db.commit()
    return made


def sign_in(client, email: str) -> None:
    client.post("/sign-out")
    _sign_in(client, email)


def page(response) -> str:
    return response.get_data(as_text=True)


def attachments(db, case) -> list[Attachment]:
    db.expire_all()
    return db.scalars(select(Attachment).where(Attachment.case_id == case.id)).all()


def post_upload(client, case, data: bytes | None, filename: str = "statement.txt", **fields):
    form = {
        "version": str(case.version),
        "kind": "evidence",
        "description": "Statement taken at the counter",
        **fields,
    }
    if data is not None:
        form["file"] = FileStorage(io.BytesIO(data), filename)
    # Encoded here, in memory: the test client would spool a large body to a temporary
    # file that it never closes.
    boundary, body = encode_multipart(MultiDict(form))
    return client.post(
        f"/cases/{case.id}/documents/new",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


# Uploads. --------------------------------------------------------------------------------


def test_the_upload_form_renders_as_a_file_upload(client, case):
    response = client.get(f"/cases/{case.id}/documents/new")
    assert response.status_code == 200
    text = page(response)
    assert 'enctype="multipart/form-data"' in text
    assert 'type="file"' in text
    assert "up to 20 MB" in text


def test_an_upload_is_kept_listed_and_its_name_stays_out_of_the_audit_trail(client, db, case):
    response = post_upload(client, case, STATEMENT, "Jo Public statement.txt")
    assert response.status_code == 302
    assert response.location.endswith(f"/cases/{case.id}/documents")
    (kept,) = attachments(db, case)
    assert kept.kind == AttachmentKind.EVIDENCE
    assert kept.filename == "Jo Public statement.txt"
    assert kept.description == "Statement taken at the counter"
    text = page(client.get(response.location))
    assert "Document uploaded" in text
    assert f'href="/cases/{case.id}/documents/{kept.id}"' in text
    assert "Jo Public statement.txt" in text
    created = db.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "attachments",
            AuditEvent.action == "create",
            AuditEvent.case_id == case.id,
        )
    ).one()
    assert created.changes["filename"] == ["[personal data]", "[personal data]"]
    assert created.changes["description"] == ["[personal data]", "[personal data]"]
    assert created.changes["sha256"][1] == kept.sha256
    assert "Jo Public" not in str(created.changes)


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (b"x" * (MAX_UPLOAD_BYTES + 1), "big.txt", "The selected file must be smaller than 20 MB"),
        (b"<script>alert(1)</script>", "page.html", "The selected file must be a PDF"),
        (b"just text", "fake.pdf", "The selected file is not a real .pdf file"),
        (b"", "empty.txt", "The selected file is empty"),
    ],
    ids=["oversize", "wrong-type", "wrong-contents", "empty"],
)
def test_a_bad_file_is_refused_with_the_description_kept(client, db, case, data, filename, message):
    response = post_upload(client, case, data, filename, description="Kept description words")
    assert response.status_code == 400
    text = page(response)
    assert PROBLEM in text
    assert message in text
    assert 'href="#file"' in text  # the summary links to the file field
    assert "Kept description words" in text
    assert "Choose the file again" in text
    assert attachments(db, case) == []


def test_an_upload_without_a_file_or_kind_is_refused(client, db, case):
    response = post_upload(client, case, None, kind="")
    assert response.status_code == 400
    text = page(response)
    assert "Select a file" in text
    assert "Choose whether the file is evidence or correspondence" in text
    assert "Statement taken at the counter" in text


def test_a_description_too_long_is_refused_beside_its_field(client, db, case):
    response = post_upload(client, case, STATEMENT, description="d" * 301)
    assert response.status_code == 400
    assert "Enter a description of 300 characters or fewer" in page(response)
    assert attachments(db, case) == []


def test_an_unknown_kind_is_refused(client, db, case):
    response = post_upload(client, case, STATEMENT, kind="letter")
    assert response.status_code == 400
    assert "Choose evidence or correspondence from the list" in page(response)
    assert attachments(db, case) == []


def test_a_request_over_the_size_limit_gets_a_clear_page(app, client, db, case):
    app.config["MAX_CONTENT_LENGTH"] = 4096
    response = post_upload(client, case, b"x" * 8192, "big.txt")
    assert response.status_code == 413
    text = page(response)
    assert "The file is too large" in text
    assert "choose a smaller file" in text
    assert attachments(db, case) == []


def test_a_stale_upload_is_not_saved(client, db, case):
    version = case.version
    case.summary = "Changed by someone else"
    db.commit()
    response = post_upload(client, case, STATEMENT, version=str(version))
    assert response.status_code == 409
    text = page(response)
    assert "Someone else changed this case" in text
    assert "Statement taken at the counter" in text
    assert "Choose the file again" in text
    assert attachments(db, case) == []


def dip_sampler(db, case):
    """OPCC oversight reading the case for a dip sample: sees it, keeps no file on it."""
    oversight = factories.user(db, Role.OPCC_OVERSIGHT)
    grant_access(db, factories.actor_for(oversight), case, oversight, "dip sample", utcnow())
    db.commit()
    return oversight


def test_people_who_do_not_keep_the_file_cannot_upload(client, db, case):
    sign_in(client, dip_sampler(db, case).email)
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert post_upload(client, case, STATEMENT).status_code == 403
    assert attachments(db, case) == []


def test_a_restricted_case_takes_no_uploads_from_people_not_named(client, db, handler, case):
    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY)
    restrict(db, factories.actor_for(aa), case, "Covert material", utcnow())
    db.commit()
    sign_in(client, factories.user(db, Role.HANDLER).email)
    assert post_upload(client, case, STATEMENT).status_code == 404
    assert attachments(db, case) == []


# Downloads. ------------------------------------------------------------------------------


def test_a_download_serves_the_file_safely_and_is_audited(client, db, handler, case, document):
    response = client.get(f"/cases/{case.id}/documents/{document.id}")
    assert response.status_code == 200
    assert response.data == STATEMENT
    assert response.mimetype == "text/plain"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "statement.txt" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    events = db.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "download", AuditEvent.entity_id == document.id
        )
    ).all()
    assert [(e.actor_id, e.case_id, e.entity_type) for e in events] == [
        (handler.id, case.id, "attachments")
    ]


def test_the_documents_tab_links_each_file_and_the_upload(client, case, document):
    text = page(client.get(f"/cases/{case.id}/documents"))
    assert f'href="/cases/{case.id}/documents/{document.id}"' in text
    assert f'href="/cases/{case.id}/documents/new"' in text


def test_another_cases_document_is_not_found_through_this_case(client, db, handler, case):
    other = factories.complaint(db, handler=handler, summary="Another complaint")
    elsewhere = factories.attachment(db, other, client.application.config["FILES_DIR"])
    db.commit()
    assert client.get(f"/cases/{case.id}/documents/{elsewhere.id}").status_code == 404
    assert client.get(f"/cases/{case.id}/documents/999999").status_code == 404
    assert client.get(f"/cases/{other.id}/documents/{elsewhere.id}").status_code == 200
    downloads = db.scalars(select(AuditEvent).where(AuditEvent.action == "download")).all()
    assert [e.case_id for e in downloads] == [other.id]


def test_a_changed_file_is_refused_and_the_refusal_kept(client, db, store, case, document):
    store.path_for(document.sha256).write_bytes(b"Statement, quietly edited.\n")
    response = client.get(f"/cases/{case.id}/documents/{document.id}")
    assert response.status_code == 409
    text = page(response)
    assert "This document cannot be opened" in text
    assert "has been changed or damaged" in text
    assert "quietly edited" not in text
    assert response.headers.get("Content-Disposition") is None
    refused = db.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "refused", AuditEvent.entity_type == "attachments"
        )
    ).one()
    assert refused.entity_id == document.id
    assert refused.changes == {"reason": "changed"}
    assert not db.scalars(select(AuditEvent).where(AuditEvent.action == "download")).all()


def test_a_missing_file_is_refused(client, db, store, case, document):
    store.path_for(document.sha256).unlink()
    response = client.get(f"/cases/{case.id}/documents/{document.id}")
    assert response.status_code == 409
    assert "missing from the document store" in page(response)
    refused = db.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "refused", AuditEvent.entity_type == "attachments"
        )
    ).one()
    assert refused.changes == {"reason": "missing"}


def test_downloads_need_a_role_that_sees_personal_data(client, db, case, document):
    sign_in(client, dip_sampler(db, case).email)
    assert client.get(f"/cases/{case.id}/documents").status_code == 200
    assert client.get(f"/cases/{case.id}/documents/{document.id}").status_code == 403
    assert not db.scalars(select(AuditEvent).where(AuditEvent.action == "download")).all()
