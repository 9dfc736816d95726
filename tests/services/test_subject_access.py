"""Subject access (domain.md A12): the bundle holds every item about the person and
nothing about anyone else; what is redacted is absent from the copy's text layer, not
merely covered; the deadline is one calendar month."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from complaints.access import bundle, extracts, queries, services
from complaints.access.models import PersonKind, RedactionReason, RequestState
from complaints.auth.roles import Role
from complaints.cases import services as cases
from complaints.documents.storage import FileStore
from complaints.mail import outbox
from tests import factories
from tests.rls import as_application_role

NOW = factories.NOW


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),  # no 31 February: its last day
        (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),  # a leap year
        (dt.date(2026, 3, 31), dt.date(2026, 4, 30)),
        (dt.date(2026, 3, 15), dt.date(2026, 4, 15)),  # the same day next month
        (dt.date(2026, 12, 31), dt.date(2027, 1, 31)),  # into the next year
    ],
)
def test_a_request_is_due_one_calendar_month_after_it_was_received(received, due):
    assert services.due_on(received) == due


def _texts(zipped: bytes) -> dict[str, str]:
    """Every PDF's extracted text in the zip, whitespace folded, by name."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        for name in archive.namelist():
            if name.endswith(".pdf"):
                reader = PdfReader(io.BytesIO(archive.read(name)))
                text = " ".join(page.extract_text() or "" for page in reader.pages)
                out[name] = " ".join(text.split())
    return out


def _names(zipped: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        return archive.namelist()


@pytest.fixture()
def scene(db, tmp_path):
    """Alex Rivers complained twice (with slightly different details); Tamsin Thirdparty
    complained with them on the first case; Una Related complained on a third case."""
    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY)
    who = factories.actor_for(aa)
    first = factories.complaint(
        db, complainant=("Alex", "Rivers"), summary="Van stopped on Mill Street"
    )
    first.complainants[0].email = "alex@example.org"
    third = cases.add_complainant(
        db,
        who,
        first,
        cases.ComplainantData(
            given_name="Tamsin", family_name="Thirdparty", email="tamsin@example.org"
        ),
    )
    cases.add_note(
        db,
        who,
        first,
        "Alex Rivers and Tamsin Thirdparty were both stopped. CCTV shows the van.",
        NOW,
    )
    factories.contact(db, first)
    for to, body in (("alex@example.org", "Dear Alex"), ("tamsin@example.org", "Only for Tamsin")):
        outbox.queue(
            db,
            outbox.Email(
                to=to, subject="Your complaint", body=body, kind="update", case_id=first.id
            ),
            NOW,
        )
    store = FileStore(Path(tmp_path))
    document = factories.attachment(db, first, str(tmp_path), data=b"Witness statement\n")
    second = factories.complaint(
        db, complainant=("Alex", "Rivers"), summary="Rude call handler on the 101 line"
    )
    second.complainants[0].email = "alex.rivers@example.org"
    cases.add_note(db, who, second, "Alex asked about the outcome.", NOW)
    unrelated = factories.complaint(
        db, complainant=("Una", "Related"), summary="Parking ticket dispute at the depot"
    )
    unrelated.complainants[0].email = "una@example.org"
    cases.add_note(db, who, unrelated, "Una Related phoned about the depot.", NOW)
    db.flush()
    return {
        "aa": aa,
        "who": who,
        "first": first,
        "second": second,
        "third": third,
        "unrelated": unrelated,
        "document": document,
        "store": store,
    }


def _alex_asks(first, received: dt.date) -> services.NewRequest:
    """Alex Rivers asks for what is held about them, as the complainant on ``first``."""
    return services.NewRequest(
        person_kind=PersonKind.COMPLAINANT,
        person_name="Alex Rivers",
        received_on=received,
        force_id=first.force_id,
        complainant_ids=(first.complainants[0].id,),
    )


def _open_and_assemble(db, who, data):
    request = services.open_request(db, who, data, NOW)
    gathered = extracts.gather(db, who, request)
    own = {request.person_name} | {
        v for r in request.records for v in (r.complainant.display_name, r.complainant.email) if v
    }
    if request.subject is not None:
        own |= {i.display_name for i in request.subject.identities}
    services.mark_assembled(db, who, request, extracts.suggestions(gathered, own), NOW)
    return request


def _texts_of(db, who, request) -> dict[str, str]:
    return {e.id: f"{e.title}\n{e.text}" for e in extracts.gather(db, who, request).extracts}


def _bundles(db, who, request, store):
    gathered = extracts.gather(db, who, request)
    made = {
        copy: bundle.build(
            request,
            gathered.extracts,
            services.in_force(request),
            redacted=copy == "redacted",
            force_name="Test Constabulary",
            store=store,
            now=NOW,
        )
        for copy in ("redacted", "unredacted")
    }
    return gathered, made


def test_the_bundle_holds_every_item_about_the_complainant_and_nothing_about_anyone_else(db, scene):
    who, first, second = scene["who"], scene["first"], scene["second"]
    matches = services.complainant_matches(db, who, first.force_id, "rivers")
    assert {m.case_id for m in matches} == {first.id, second.id}  # both records found
    request = _open_and_assemble(
        db,
        who,
        services.NewRequest(
            person_kind=PersonKind.COMPLAINANT,
            person_name="Alex Rivers",
            received_on=dt.date(2026, 11, 18),
            force_id=first.force_id,
            complainant_ids=tuple(m.id for m in matches),
        ),
    )
    assert request.due_on == dt.date(2026, 12, 18)
    assert request.state == RequestState.ASSEMBLED
    services.add_redaction(
        db,
        who,
        request,
        services.NewRedaction(
            extract_id=None, phrase="CCTV shows the van", reason=RedactionReason.LAW_ENFORCEMENT
        ),
        _texts_of(db, who, request),
        NOW,
    )
    gathered, made = _bundles(db, who, request, scene["store"])

    ids = {e.id for e in gathered.extracts}
    expected = {f"complainant-{m.id}" for m in matches} | {
        f"case-{first.id}",
        f"case-{second.id}",
        f"document-{scene['document'].id}",
    }
    expected |= {f"allegation-{a.id}" for case in (first, second) for a in case.allegations}
    expected |= {f"contact-{c.id}" for c in first.contacts}
    expected |= {f"trail-complainant-{m.id}" for m in matches}
    assert expected <= ids
    assert sum(1 for i in ids if i.startswith("note-")) == 2
    assert sum(1 for i in ids if i.startswith("email-")) == 1  # the one to Alex
    assert f"complainant-{scene['third'].id}" not in ids

    for copy, zipped in made.items():
        names = _names(zipped)
        assert "index.pdf" in names
        for extract in gathered.extracts:
            assert any(n.startswith("items/") and n.endswith(f"-{extract.id}.pdf") for n in names)
        assert any(n.startswith("documents/") for n in names)  # the statement's original
        every = " ".join(_texts(zipped).values())
        assert "Alex" in every and "Mill Street" in every and "101 line" in every
        assert "Dear Alex" in every and "Alex asked about the outcome" in every
        for theirs in ("Una", "Related", "una@example.org", "Parking", "depot", "Only for Tamsin"):
            assert theirs not in every, (copy, theirs)
        assert "tamsin@example.org" not in every  # another complainant's own details

    redacted = " ".join(_texts(made["redacted"]).values())
    unredacted = " ".join(_texts(made["unredacted"]).values())
    assert "CCTV shows the van" in unredacted and "Tamsin Thirdparty" in unredacted
    assert "CCTV shows the van" not in redacted
    assert "Tamsin" not in redacted and "Thirdparty" not in redacted
    assert "[Redacted: Third party]" in redacted
    assert re.search(r"\[Redacted: Law enforcement exemption", redacted)
    assert "Redacted copy" in _texts(made["redacted"])["index.pdf"]


def test_an_original_document_is_withheld_by_decision(db, scene):
    who, first = scene["who"], scene["first"]
    request = _open_and_assemble(
        db,
        who,
        _alex_asks(first, dt.date(2026, 11, 18)),
    )
    document = f"document-{scene['document'].id}"
    services.add_redaction(
        db,
        who,
        request,
        services.NewRedaction(
            extract_id=document,
            phrase=None,
            reason=RedactionReason.OTHER,
            reason_other="Another person's statement",
        ),
        _texts_of(db, who, request),
        NOW,
    )
    _, made = _bundles(db, who, request, scene["store"])
    assert any(n.startswith("documents/") for n in _names(made["unredacted"]))
    assert not any(document in n for n in _names(made["redacted"]))
    index = _texts(made["redacted"])["index.pdf"]
    assert "Original withheld: Another person's statement" in index


def test_a_subjects_request_gathers_their_cases_and_redacts_the_complainants(db, scene):
    who = scene["who"]
    officer = factories.subject(db, family_name="Officerson")
    about = factories.complaint(
        db, subject_=officer, complainant=("Cara", "Complainer"), summary="Pushed at the gate"
    )
    cases.add_note(db, who, about, "Cara Complainer says Officerson pushed her.", NOW)
    elsewhere = factories.complaint(db, summary="Lost property not returned")
    request = _open_and_assemble(
        db,
        who,
        services.NewRequest(
            person_kind=PersonKind.SUBJECT,
            person_name="Sam Officerson",
            received_on=dt.date(2026, 11, 19),
            force_id=officer.force_id,
            subject_id=officer.id,
        ),
    )
    gathered, made = _bundles(db, who, request, scene["store"])
    ids = {e.id for e in gathered.extracts}
    assert {f"subject-{officer.id}", f"case-{about.id}"} <= ids
    assert f"allegation-{about.allegations[0].id}" in ids
    assert f"case-{elsewhere.id}" not in ids
    redacted = " ".join(_texts(made["redacted"]).values())
    unredacted = " ".join(_texts(made["unredacted"]).values())
    assert "Officerson" in redacted and "Pushed at the gate" in redacted
    assert "Cara Complainer" in unredacted and "Cara Complainer" not in redacted
    assert "[Redacted: Third party] says Officerson pushed her" in redacted
    assert "Lost property" not in unredacted


def test_words_the_item_does_not_hold_are_refused(db, scene):
    who, first = scene["who"], scene["first"]
    request = _open_and_assemble(
        db,
        who,
        _alex_asks(first, dt.date(2026, 11, 18)),
    )
    texts = _texts_of(db, who, request)

    def mark(extract_id, phrase):
        data = services.NewRedaction(extract_id, phrase, RedactionReason.THIRD_PARTY)
        return services.add_redaction(db, who, request, data, texts, NOW)

    with pytest.raises(services.AccessRefused, match="not in the item"):
        mark(f"case-{first.id}", "CCTV shows the van")  # it is in a note, not the case
    with pytest.raises(services.AccessRefused, match="not in the item"):
        mark(None, "Nobody Atall")
    assert mark(None, "cctv  SHOWS\nthe van").phrase == "cctv  SHOWS\nthe van"


def test_steps_run_in_order_and_completion_records_the_date_sent(db, scene):
    who, first = scene["who"], scene["first"]
    request = _open_and_assemble(
        db,
        who,
        _alex_asks(first, dt.date(2026, 10, 31)),
    )
    with pytest.raises(services.AccessRefused):
        services.complete(db, who, request, NOW.date(), NOW)  # not yet checked
    suggested = next(r for r in request.redactions if r.suggested)
    services.take_back_redaction(db, who, request, suggested, NOW)
    assert suggested.removed_at == NOW and suggested.removed_by_id == scene["aa"].id
    services.mark_redacted(db, who, request, NOW)
    services.complete(db, who, request, NOW.date(), NOW)
    assert (request.state, request.sent_on) == (RequestState.COMPLETED, NOW.date())
    with pytest.raises(services.AccessRefused):
        services.withdraw(db, who, request, NOW.date(), "Changed mind", NOW)


def test_only_the_forces_appropriate_authority_opens_a_request(db, scene):
    handler = factories.user(db, Role.HANDLER)
    data = _alex_asks(scene["first"], dt.date(2026, 11, 1))
    with pytest.raises(services.AccessRefused):
        services.open_request(db, factories.actor_for(handler), data, NOW)


def test_each_months_requests_received_answered_in_time_late_and_overdue(db, scene):
    who, first = scene["who"], scene["first"]

    def opened(received):
        return services.open_request(
            db,
            who,
            _alex_asks(first, received),
            NOW,
        )

    on_time, late, overdue = (opened(dt.date(2026, 9, d)) for d in (1, 2, 3))
    opened(dt.date(2026, 11, 2))  # still in time
    for request, sent in ((on_time, dt.date(2026, 9, 30)), (late, dt.date(2026, 10, 20))):
        services.mark_assembled(db, who, request, [], NOW)
        services.mark_redacted(db, who, request, NOW)
        services.complete(db, who, request, sent, NOW)
    months = {m.month: m for m in queries.by_month(db, [first.force_id], NOW.date())}
    september = months[dt.date(2026, 9, 1)]
    assert (september.received, september.completed_in_time, september.completed_late) == (
        3,
        1,
        1,
    )
    assert september.overdue == 1
    november = months[dt.date(2026, 11, 1)]
    assert (november.received, november.overdue) == (1, 0)
    assert overdue.state == RequestState.OPEN


def test_the_database_keeps_each_forces_requests_to_its_people(db, scene):
    """PostgreSQL row-level security on the subject access tables: a transaction told it
    works for the first force reads that force's requests and redactions only."""
    from sqlalchemy import text

    from complaints.access.models import AccessRequest, Redaction

    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("row-level security is PostgreSQL's; on SQLite the application's rule holds")
    other = factories.force(db, code="BED", name="Bedfordshire Police")
    rows = []
    for force_id in (scene["first"].force_id, other.id):
        request = AccessRequest(
            force_id=force_id,
            person_kind=PersonKind.COMPLAINANT,
            person_name="Someone",
            received_on=dt.date(2026, 11, 1),
            due_on=dt.date(2026, 12, 1),
            state=RequestState.ASSEMBLED,
            created_at=NOW,
            updated_at=NOW,
        )
        db.add(request)
        db.flush()
        db.add(
            Redaction(
                request_id=request.id,
                force_id=force_id,
                phrase="A name",
                reason=RedactionReason.THIRD_PARTY,
                created_at=NOW,
            )
        )
        rows.append(request.id)
    db.flush()
    with as_application_role(db):
        db.execute(
            text("SELECT set_config('complaints.forces', :forces, true)"),
            {"forces": str(scene["first"].force_id)},
        )
        requests_seen = db.scalars(text("SELECT id FROM access_requests")).all()
        redactions_seen = db.scalars(text("SELECT request_id FROM access_redactions")).all()
    assert requests_seen == [rows[0]]
    assert redactions_seen == [rows[0]]
