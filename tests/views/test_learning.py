"""The learning register's pages: who may use them, the filters in the URL, the forms'
errors, the moves of a lesson, and the bulletin download."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases import services as cases
from complaints.cases.models import Case
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import london_today
from complaints.learning import services as learning
from complaints.learning.models import LearningItem, LearningLevel, LearningSource, LearningStatus
from tests import factories
from tests.factories import actor_for
from tests.views.routes import learning as routes

R = Role


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _item(db, who, source=LearningSource.DIP_SAMPLE, **data) -> LearningItem:
    values = {
        "theme": "Record keeping",
        "description": "Record why",
        "level": LearningLevel.INDIVIDUAL,
    }
    case_id = data.pop("case_id", None)
    item = learning.record_learning(
        db,
        actor_for(who),
        learning.LearningData(**(values | data)),
        _now(),
        source=source,
        case_id=case_id,
    )
    db.commit()
    return item


def _rows(response) -> str:
    """The register's table rows (the filter lists every theme too)."""
    page = response.get_data(as_text=True)
    return page[page.index("<tbody") : page.index("</tbody>")] if "<tbody" in page else ""


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_the_register_is_for_the_appropriate_authority_and_opcc_oversight(
    client, login_as, db, role
):
    login_as(role)
    case = factories.complaint(db)
    db.commit()
    ids = routes.objects(db, {"case_id": case.id})
    for endpoint, (_, template, allowed) in routes.ROUTES.items():
        status = client.get(template.format(**ids)).status_code
        expected = {200, 302} if role in allowed else {403}
        assert status in expected, (endpoint, status)


def test_the_register_filters_from_the_url_and_flags_overdue(client, login_as, db, make_user):
    aa = login_as(R.APPROPRIATE_AUTHORITY)
    today = london_today()
    late = _item(db, aa, LearningSource.IOPC, theme="Custody", received_on=today - dt.timedelta(57))
    _item(db, aa, theme="Use of force", due_on=today + dt.timedelta(days=5))
    page = _rows(client.get("/learning?overdue=y"))
    assert "Custody" in page and "Use of force" not in page
    assert "IOPC response overdue" in page
    filtered = client.get("/learning?source=dip_sample&theme=Use+of+force")
    assert "Use of force" in _rows(filtered) and "Custody" not in _rows(filtered)
    assert "Clear filters" in filtered.get_data(as_text=True)
    assert client.get(f"/learning/{late.id}").status_code == 200


def test_a_bad_filter_is_an_error_not_a_crash(client, login_as):
    login_as(R.OPCC_OVERSIGHT)
    response = client.get("/learning?status=lost&theme=nonesuch")
    assert response.status_code == 400
    assert "govuk-error-summary" in response.get_data(as_text=True)


def test_the_register_shows_25_lessons_a_page_soonest_due_first(client, login_as, db):
    aa = login_as(R.APPROPRIATE_AUTHORITY)
    today = london_today()
    for n in range(27):
        _item(db, aa, theme=f"Theme {n:02d}", due_on=today + dt.timedelta(days=27 - n))
    response = client.get("/learning")
    assert "Showing 1 to 25 of 27 lessons" in response.get_data(as_text=True)
    first = _rows(response)
    assert first.index("Theme 26") < first.index("Theme 25")
    assert "Theme 01" not in first
    second = _rows(client.get("/learning?page=2"))
    assert "Theme 00" in second and "Theme 26" not in second


def test_adding_an_iopc_recommendation(client, login_as, db):
    login_as(R.APPROPRIATE_AUTHORITY)
    received = london_today() - dt.timedelta(days=10)
    response = client.post(
        "/learning/new",
        data={
            "source": "iopc",
            "source_detail": "IOPC recommendation on custody checks",
            "received_on": received.strftime("%d/%m/%Y"),
            "theme": "Custody welfare",
            "description": "Check detainees on medication at each review",
            "level": "organisational",
        },
    )
    assert response.status_code == 302
    item = db.scalar(select(LearningItem).where(LearningItem.theme == "Custody welfare"))
    assert item.response_due_on == received + dt.timedelta(days=56)
    page = client.get(response.location).get_data(as_text=True)
    assert "Learning added to the register." in page
    assert "Response due" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"source": "iopc"}, "Enter the date the IOPC recommendation was received"),
        ({"source": "case_outcome"}, "Enter the reference of the case the learning comes from"),
        ({"source": "inspection"}, "Give the inspection report the finding comes from"),
        ({"source": "lost"}, "Choose where the learning comes from from the list"),
        ({"source": "review", "received_on": "31/02/2026"}, "must be a real date"),
        ({"source": "review", "case_reference": "CO/1999/00001"}, "No case you can open"),
    ],
)
def test_bad_input_comes_back_with_an_error_summary(client, login_as, data, message):
    login_as(R.APPROPRIATE_AUTHORITY)
    base = {"theme": "Letters", "description": "Answer each point", "level": "individual"}
    response = client.post("/learning/new", data=base | data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "govuk-error-summary" in page and message in page
    assert 'value="Letters"' in page  # the input is kept


def test_the_case_reference_is_a_link_only_for_those_who_may_open_the_case(
    client, login_as, db, make_user
):
    from tests.conftest import sign_in

    aa = make_user(R.APPROPRIATE_AUTHORITY)
    oversight = make_user(R.OPCC_OVERSIGHT)
    case = factories.complaint(db, complainant=("Ottoline", "Braithwaite"))
    item = _item(db, aa, LearningSource.CASE_OUTCOME, case_id=case.id)
    sign_in(client, aa.email)
    page = client.get(f"/learning/{item.id}").get_data(as_text=True)
    assert f'href="/cases/{case.id}">{case.reference}</a>' in page
    assert "Braithwaite" not in page
    client.post("/sign-out")
    sign_in(client, oversight.email)
    page = client.get(f"/learning/{item.id}").get_data(as_text=True)
    assert case.reference not in page and "A case you cannot open" in page
    assert "Braithwaite" not in page


def test_a_lesson_moves_through_its_statuses_with_a_history(client, login_as, db):
    aa = login_as(R.APPROPRIATE_AUTHORITY)
    item = _item(db, aa)
    today = london_today().strftime("%d/%m/%Y")
    response = client.post(
        f"/learning/{item.id}/accept",
        data={"version": item.version, "owner_id": aa.id, "due_on": today},
    )
    assert response.status_code == 302
    db.refresh(item)
    assert item.status == LearningStatus.ACCEPTED
    bad = client.post(
        f"/learning/{item.id}/implement",
        data={"version": item.version, "evidence": "", "completed_on": today},
    )
    assert bad.status_code == 400
    assert "Give the evidence that the lesson was implemented" in bad.get_data(as_text=True)
    done = client.post(
        f"/learning/{item.id}/implement",
        data={"version": item.version, "evidence": "Briefed", "completed_on": today},
    )
    assert done.status_code == 302
    page = client.get(f"/learning/{item.id}").get_data(as_text=True)
    assert "Lesson implemented" in page and "Lesson accepted" in page
    assert "Added to the register" in page
    views = db.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "learning_items",
            AuditEvent.entity_id == item.id,
            AuditEvent.action == "view",
        )
    ).all()
    assert views and views[-1].actor_id == aa.id


def test_a_move_not_open_now_is_refused_with_the_reason(client, login_as, db):
    aa = login_as(R.OPCC_OVERSIGHT)
    item = _item(db, aa)
    response = client.get(f"/learning/{item.id}/implement")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "A lesson that is proposed cannot be marked as implemented" in page
    posted = client.post(f"/learning/{item.id}/start", data={"version": item.version})
    assert posted.status_code == 400
    assert "A lesson that is proposed cannot be started" in posted.get_data(as_text=True)


def test_a_save_over_someone_elses_change_is_refused(client, login_as, db):
    aa = login_as(R.APPROPRIATE_AUTHORITY)
    item = _item(db, aa)
    seen = item.version
    learning.update_learning(
        db,
        actor_for(aa),
        item,
        learning.EditData("New theme", "Record why", LearningLevel.INDIVIDUAL, None, None),
        _now(),
    )
    db.commit()
    response = client.post(
        f"/learning/{item.id}/not-accept", data={"version": seen, "reason": "Not needed"}
    )
    assert response.status_code == 409
    db.refresh(item)
    assert item.status == LearningStatus.PROPOSED


def test_editing_a_lesson(client, login_as, db):
    aa = login_as(R.APPROPRIATE_AUTHORITY)
    item = _item(db, aa)
    form = client.get(f"/learning/{item.id}/edit").get_data(as_text=True)
    assert 'value="Record keeping"' in form
    response = client.post(
        f"/learning/{item.id}/edit",
        data={
            "version": item.version,
            "theme": "Record keeping in custody",
            "description": "Record why",
            "level": "national",
            "owner_id": "",
            "due_on": "",
        },
    )
    assert response.status_code == 302
    db.refresh(item)
    assert (item.theme, item.level) == ("Record keeping in custody", LearningLevel.NATIONAL)


def test_the_bulletin_downloads_as_a_pdf(client, login_as, db):
    aa = login_as(R.APPROPRIATE_AUTHORITY)
    item = _item(db, aa, owner_id=aa.id, due_on=london_today())
    learning.accept_learning(db, actor_for(aa), item, learning.AcceptData(), _now())
    learning.implement_learning(
        db, actor_for(aa), item, learning.ImplementData("Briefed", london_today()), _now()
    )
    db.commit()
    start = (london_today() - dt.timedelta(days=7)).isoformat()
    response = client.get(f"/learning/bulletin.pdf?from={start}&to={london_today().isoformat()}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "Record keeping" in text and "Briefed" in text
    exported = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "export").order_by(AuditEvent.id)
    ).all()
    assert exported[-1].entity_type == "learning_bulletin"


@pytest.mark.parametrize(
    "query, message",
    [
        ("", "Enter the first day of the period"),
        ("?from=2026-03-01&to=2026-02-01", "The end of the period must be after its start"),
        ("?from=2024-01-01&to=2026-01-01", "A bulletin covers a year at most"),
        ("?from=nonsense&to=2026-01-01", "must be a real date"),
    ],
)
def test_a_bad_bulletin_period_is_an_error(client, login_as, query, message):
    login_as(R.OPCC_OVERSIGHT)
    response = client.get("/learning/bulletin.pdf" + query)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "govuk-error-summary" in page and message in page


def _restricted_lesson(db, aa) -> tuple[LearningItem, Case]:
    """An IOPC recommendation on a restricted case, its response overdue."""
    case = factories.complaint(db)
    cases.restrict(db, actor_for(aa), case, "Counter-corruption", _now())
    item = _item(
        db,
        aa,
        LearningSource.IOPC,
        case_id=case.id,
        received_on=london_today() - dt.timedelta(days=60),
        theme="Covert policing",
        description="Check the covert log weekly",
    )
    return item, case


ITEM_PAGES = ("", "/edit", "/accept", "/not-accept")


def test_a_lesson_from_a_restricted_case_does_not_exist_for_those_who_cannot_open_it(
    client, make_user, db
):
    from tests.conftest import sign_in

    named = make_user(R.APPROPRIATE_AUTHORITY)
    item, case = _restricted_lesson(db, named)
    sign_in(client, named.email)
    register = client.get("/learning").get_data(as_text=True)
    assert "Covert policing" in register and "1 lesson overdue" in register
    assert client.get(f"/learning/{item.id}").status_code == 200
    client.post("/sign-out")
    for role in (R.APPROPRIATE_AUTHORITY, R.OPCC_OVERSIGHT):
        other = make_user(role)
        sign_in(client, other.email)
        assert client.get(f"/cases/{case.id}").status_code == 404
        register = client.get("/learning").get_data(as_text=True)
        assert "Covert policing" not in register and "0 lessons overdue" in register
        assert client.get("/learning?theme=Covert+policing").status_code == 400
        for page in ITEM_PAGES:
            response = client.get(f"/learning/{item.id}{page}")
            assert response.status_code == 404, (role, page)
            assert case.reference not in response.get_data(as_text=True)
        posted = client.post(
            f"/learning/{item.id}/not-accept", data={"version": item.version, "reason": "No"}
        )
        assert posted.status_code == 404
        client.post("/sign-out")
    db.refresh(item)
    assert item.status == LearningStatus.PROPOSED


@pytest.mark.parametrize("page", ITEM_PAGES)
def test_every_page_showing_a_lesson_is_audited_once(client, login_as, db, page):
    aa = login_as(R.APPROPRIATE_AUTHORITY)
    item = _item(db, aa)
    assert client.get(f"/learning/{item.id}{page}").status_code == 200
    views = db.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "learning_items",
            AuditEvent.entity_id == item.id,
            AuditEvent.action == "view",
        )
    ).all()
    assert [v.actor_id for v in views] == [aa.id]
