"""Intake and the People tab: log a case (possible duplicates first), add complainants and
subjects, link cases; bad input is refused with the input kept, and the chief constable
hands a case to the OPCC."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases import services
from complaints.cases.choices import AppropriateAuthority, CaseState, CaseType
from complaints.cases.models import Case, CaseLink, EqualityMonitoring
from complaints.common.clock import london_today, utcnow
from complaints.subjects.models import SubjectKind
from complaints.subjects.services import IdentityDetails, change_identity
from tests import factories
from tests.conftest import sign_in

PROBLEM = "There is a problem"
CONFLICT = "Someone else changed this case"


def _day(days_ago: int) -> str:
    day = london_today() - dt.timedelta(days=days_ago)
    return f"{day.day}/{day.month}/{day.year}"


class DaysAgo(int):
    """A date given as days before today, read when the request is made: a value read
    when the tests are collected would be a day out in a run that crosses midnight."""


def _intake(**changes) -> dict[str, object]:
    data: dict[str, object] = {
        "case_type": "complaint",
        "received_on": _day(2),
        "channel": "via_iopc",
        "summary": "Pushed over at the bus station during an arrest",
        "incident_on": _day(5),
        "incident_place": "Preston bus station",
        "triggers": ["trigger_crime_or_misconduct"],
        "recording_requested": "y",
        "title": "Mx",
        "given_name": "Robin",
        "family_name": "Ashworth",
        "email": "robin@example.org",
        "postcode": "pr1 8ab",
        "contact_preference": "email",
        "representative_name": "Lee Advocate",
        "consent_received_on": _day(1),
        "ethnicity": "Prefer not to say",
        "age_band": "35 to 44",
    }
    data.update(changes)
    return {k: _day(v) if isinstance(v, DaysAgo) else v for k, v in data.items() if v is not None}


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _cases(db, **where) -> list[Case]:
    db.expire_all()
    query = select(Case).order_by(Case.id)
    for name, value in where.items():
        query = query.where(getattr(Case, name) == value)
    return list(db.scalars(query))


def _edit(case: Case, **fields) -> dict[str, object]:
    return {"version": str(case.version), **fields}


@pytest.fixture()
def handler(login_as):
    return login_as(Role.HANDLER)


@pytest.fixture()
def case(db, handler):
    """A complaint assigned to the signed-in handler."""
    made = factories.complaint(db, handler=handler, now=utcnow())
    db.commit()
    return made


# Logging a new case ---------------------------------------------------------------------


def test_the_intake_page_offers_every_channel_and_trigger(client, handler):
    page = _text(client.get("/cases/new"))
    for words in ("Via the OPCC", "Via the IOPC", "In person", "Online form", "Letter"):
        assert words in page
    assert "Conduct that, if proved, could be a crime or justify disciplinary proceedings" in page
    assert "Prefer not to say" in page
    assert "has no complainant" in page


def test_only_case_workers_log_cases(client, login_as):
    login_as(Role.INVESTIGATOR)
    assert client.get("/cases/new").status_code == 403
    assert client.post("/cases/new", data=_intake()).status_code == 403


def test_logging_a_complaint_keeps_everything_and_goes_to_people(client, db, handler):
    response = client.post("/cases/new", data=_intake())
    assert response.status_code == 302
    (case,) = _cases(db)
    assert response.location.endswith(f"/cases/{case.id}/people")
    page = _text(client.get(response.location))
    assert f"{case.reference} logged. Now add the subjects and allegations." in page
    assert "Robin Ashworth" in page
    assert case.state == CaseState.LOGGED and case.handler_id == handler.id
    assert case.channel.value == "via_iopc" and case.incident_place == "Preston bus station"
    assert case.trigger_crime_or_misconduct and not case.trigger_death_or_serious_injury
    assert case.recording_requested
    (person,) = case.complainants
    assert (person.title, person.postcode) == ("Mx", "PR1 8AB")
    assert person.contact_preference.value == "email"
    assert person.representative.name == "Lee Advocate"
    equality = db.scalar(
        select(EqualityMonitoring).where(EqualityMonitoring.complainant_id == person.id)
    )
    assert (equality.ethnicity, equality.age_band, equality.religion) == (
        "Prefer not to say",
        "35 to 44",
        None,
    )


def test_a_conduct_matter_has_no_complainant_whatever_was_typed(client, db, handler):
    response = client.post(
        "/cases/new",
        data=_intake(
            case_type="conduct_matter", channel="internal", given_name="", email="not an email"
        ),
    )
    assert response.status_code == 302
    (case,) = _cases(db)
    assert case.case_type == CaseType.CONDUCT_MATTER and case.state == CaseState.RECORDED
    assert case.complainants == [] and not case.recording_requested
    assert f"{case.reference} recorded." in _text(client.get(response.location))


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"summary": ""}, "Enter a summary of the case"),
        ({"received_on": ""}, "Enter the date it was received"),
        ({"received_on": DaysAgo(-2)}, "The date received must be today or in the past"),
        ({"received_on": "31/2/2026"}, "The date received must be a real date"),
        ({"incident_on": DaysAgo(1)}, "The incident date must be on or before the date received"),
        ({"channel": "fax"}, "Choose how it arrived from the list"),
        ({"case_type": "rumour"}, "Choose a kind of case from the list"),
        ({"given_name": ""}, "Enter the complainant's first name"),
        ({"email": "robin at example"}, "Enter an email address in the correct format"),
        ({"ethnicity": "Martian"}, "Choose an answer from the list"),
        ({"triggers": ["trigger_made_up"]}, "Choose mandatory recording and referral triggers"),
        ({"representative_name": ""}, "Enter the representative's name"),
        ({"consent_received_on": DaysAgo(-1)}, "The date consent was received must be today"),
    ],
)
def test_bad_intake_is_refused_with_the_input_kept(client, db, handler, changes, message):
    response = client.post("/cases/new", data=_intake(**changes))
    assert response.status_code == 400
    page = _text(response)
    assert PROBLEM in page and message in page
    assert "Pushed over at the bus station" in page or changes.get("summary") == ""
    assert 'value="Preston bus station"' in page
    assert _cases(db) == []


@pytest.mark.parametrize(
    "data", [{}, {"case_type": "complaint"}, {"case_type": "dsi_matter", "triggers": "x"}]
)
def test_hand_made_intake_posts_get_an_error_page_not_a_crash(client, db, handler, data):
    response = client.post("/cases/new", data=data)
    assert response.status_code == 400
    assert PROBLEM in _text(response)
    assert _cases(db) == []


# Possible matches before saving ---------------------------------------------------------


@pytest.fixture()
def earlier(db, make_user):
    """A case already logged for the same complainant."""
    made = factories.complaint(db, complainant=("Robin", "Ashworth"))
    db.commit()
    return made


def test_possible_matches_are_shown_before_anything_is_saved(client, db, handler, earlier):
    response = client.post("/cases/new", data=_intake())
    assert response.status_code == 200
    page = _text(response)
    assert earlier.reference in page
    assert "Complainant with the same name" in page
    assert "I have checked these possible matches" in page
    assert "Pushed over at the bus station" in page
    assert f'name="seen_matches" type="hidden" value="{earlier.id}"' in page
    assert [c.id for c in _cases(db)] == [earlier.id]


def test_matches_say_nothing_of_other_complainants(client, db, handler):
    other = factories.complaint(db, complainant=("Jo", "Public"))
    db.commit()
    data = _intake(given_name="Someone", family_name="Else", email="jo.public@example.org")
    page = _text(client.post("/cases/new", data=data))
    assert other.reference in page and "Complainant with the same email address" in page
    assert "Public" not in page


def test_confirmed_intake_logs_and_links_the_ticked_matches(client, db, handler, earlier):
    response = client.post(
        "/cases/new",
        data=_intake(
            seen_matches=str(earlier.id), matches_checked="y", same_incident=[str(earlier.id)]
        ),
    )
    assert response.status_code == 302
    new = _cases(db)[-1]
    (link,) = db.scalars(select(CaseLink)).all()
    assert (link.case_id, link.linked_case_id, link.same_incident) == (new.id, earlier.id, True)
    people = _text(client.get(response.location))
    assert earlier.reference in people and "Same incident." in people


def test_confirming_without_linking_logs_an_unlinked_case(client, db, handler, earlier):
    data = _intake(seen_matches=str(earlier.id), matches_checked="y")
    assert client.post("/cases/new", data=data).status_code == 302
    assert len(_cases(db)) == 2
    assert db.scalars(select(CaseLink)).all() == []


def test_seen_but_unconfirmed_matches_are_an_error(client, db, handler, earlier):
    response = client.post("/cases/new", data=_intake(seen_matches=str(earlier.id)))
    assert response.status_code == 400
    assert "Tick the box to confirm you have checked the possible matches" in _text(response)
    assert len(_cases(db)) == 1


def test_a_match_that_appeared_after_checking_is_shown_first(client, db, handler, earlier):
    response = client.post("/cases/new", data=_intake(seen_matches="", matches_checked="y"))
    assert response.status_code == 200
    assert len(_cases(db)) == 1


def test_linking_to_a_case_that_was_not_offered_is_refused(client, db, handler, earlier):
    other = factories.complaint(db, complainant=("Not", "Related"))
    db.commit()
    data = _intake(seen_matches=str(earlier.id), matches_checked="y", same_incident=[str(other.id)])
    response = client.post("/cases/new", data=data)
    assert response.status_code == 400
    assert "Choose the matching cases from the list" in _text(response)


def test_a_case_the_user_cannot_see_is_never_offered_as_a_match(client, db, make_user, handler):
    aa = make_user(Role.APPROPRIATE_AUTHORITY)
    hidden = factories.complaint(db, complainant=("Robin", "Ashworth"))
    services.restrict(db, factories.actor_for(aa), hidden, "Covert material", factories.NOW)
    db.commit()
    response = client.post("/cases/new", data=_intake())
    assert response.status_code == 302
    assert hidden.reference not in _text(client.get(response.location))


# Another complainant --------------------------------------------------------------------


def test_adding_a_complainant(client, db, case):
    assert "Add a complainant" in _text(client.get(f"/cases/{case.id}/complainants/new"))
    response = client.post(
        f"/cases/{case.id}/complainants/new",
        data=_edit(
            case, given_name="Kim", family_name="Public", sexual_orientation="Prefer not to say"
        ),
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/cases/{case.id}/people")
    page = _text(client.get(response.location))
    assert "Complainant added." in page and "Kim Public" in page
    db.expire_all()
    added = db.get(Case, case.id).complainants[-1]
    assert added.equality.sexual_orientation == "Prefer not to say"


def test_a_representative_gets_the_letters_and_the_complainant_copies(client, db, case):
    response = client.post(
        f"/cases/{case.id}/complainants/new",
        data=_edit(
            case,
            given_name="Kim",
            family_name="Public",
            representative_name="Rhiannon Price",
            representative_email="rep@solicitors.example",
            consent_received_on="1/11/2026",
            copy_to_complainant="y",
        ),
    )
    assert response.status_code == 302
    db.expire_all()
    added = db.get(Case, case.id).complainants[-1]
    assert added.representative.copy_to_complainant
    page = _text(client.get(f"/cases/{case.id}/letters/new"))
    assert "Rhiannon Price acts for Kim Public: the letter is addressed to them" in page
    assert "A copy will be put on the list of letters to post for Kim Public" in page


def test_a_complainant_without_names_is_refused_with_the_input_kept(client, case):
    response = client.post(
        f"/cases/{case.id}/complainants/new",
        data=_edit(case, given_name="", family_name="", email="kim@example.org"),
    )
    assert response.status_code == 400
    page = _text(response)
    assert PROBLEM in page and "Enter the complainant's first name" in page
    assert 'value="kim@example.org"' in page


def test_a_complainant_added_over_someone_elses_change_is_a_conflict(client, case):
    response = client.post(
        f"/cases/{case.id}/complainants/new",
        data={"version": "0", "given_name": "Kim", "family_name": "Late"},
    )
    assert response.status_code == 409
    page = _text(response)
    assert CONFLICT in page and 'value="Late"' in page


def test_a_conduct_matter_has_no_complainant_page(client, db, handler):
    matter = factories.matter(db, CaseType.CONDUCT_MATTER)
    matter.handler_id = handler.id
    db.commit()
    assert client.get(f"/cases/{matter.id}/complainants/new").status_code == 404


def test_only_the_assigned_handler_adds_people(client, db, make_user, handler):
    theirs = factories.complaint(db, handler=make_user(Role.HANDLER))
    db.commit()
    for page in ("complainants", "subjects", "links"):
        assert client.get(f"/cases/{theirs.id}/{page}/new").status_code == 403
    people = _text(client.get(f"/cases/{theirs.id}/people"))
    assert "Add a subject" not in people and "Link a case" not in people


# Subjects -------------------------------------------------------------------------------


def test_a_search_by_an_old_collar_number_finds_the_person(client, db, case):
    person = factories.subject(db, family_name="Okafor", collar="1234")
    change_identity(
        db,
        factories.actor_for(case.handler),
        person,
        IdentityDetails(
            given_name="Sam", family_name="Okafor-Lee", rank="PS", collar_number="5678"
        ),
        on=dt.date(2026, 6, 1),
        now=factories.NOW,
    )
    db.commit()
    page = _text(client.get(f"/cases/{case.id}/subjects/new?q=1234"))
    assert "PS Sam Okafor-Lee (5678)" in page
    assert "Previously PC Sam Okafor (1234)" in page
    assert f'name="subject_id" value="{person.id}"' in page
    nobody = _text(client.get(f"/cases/{case.id}/subjects/new?q=0000"))
    assert "No one found" in nobody


def test_adding_a_person_found_by_the_search(client, db, case):
    person = factories.subject(db, family_name="Grey", collar="2222")
    db.commit()
    response = client.post(
        f"/cases/{case.id}/subjects/new?q=2222", data=_edit(case, subject_id=str(person.id))
    )
    assert response.status_code == 302
    page = _text(client.get(response.location))
    assert "Subject added." in page and "PC Sam Grey" in page
    again = client.post(
        f"/cases/{case.id}/subjects/new?q=2222",
        data=_edit(_cases(db)[0], subject_id=str(person.id)),
    )
    assert again.status_code == 400
    assert "That person is already a subject on this case" in _text(again)


@pytest.mark.parametrize("subject_id", ["abc", "999999", ""])
def test_a_made_up_person_is_refused(client, case, subject_id):
    response = client.post(
        f"/cases/{case.id}/subjects/new", data=_edit(case, subject_id=subject_id)
    )
    assert response.status_code == 400
    assert PROBLEM in _text(response)


def test_adding_someone_new_and_someone_unidentified(client, db, case):
    new = {"kind": "staff", "given_name": "Pat", "family_name": "Lane", "staff_number": "S77"}
    assert client.post(f"/cases/{case.id}/subjects/new", data=_edit(case, **new)).status_code == 302
    unknown = {"kind": "unidentified", "description": "Officer at the front counter"}
    current = _cases(db)[0]
    response = client.post(f"/cases/{case.id}/subjects/new", data=_edit(current, **unknown))
    assert response.status_code == 302
    page = _text(client.get(response.location))
    assert "Pat Lane" in page and "Officer at the front counter" in page
    kinds = [s.subject.kind for s in _cases(db)[0].subjects]
    assert kinds[-2:] == [SubjectKind.STAFF, SubjectKind.UNIDENTIFIED]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"kind": "", "family_name": "Lane"}, "Choose who they are"),
        ({"kind": "wizard", "family_name": "Lane"}, "Choose who they are from the list"),
        ({"kind": "officer", "collar_number": "9999"}, "Enter the person's last name"),
        ({"kind": "unidentified", "collar_number": "9999"}, "Describe the unidentified person"),
        ({"kind": "officer", "family_name": "Lane", "is_chief_constable": "y"}, "Only a chief"),
    ],
)
def test_a_bad_new_person_is_refused_with_the_input_kept(client, case, fields, message):
    response = client.post(f"/cases/{case.id}/subjects/new", data=_edit(case, **fields))
    assert response.status_code == 400
    page = _text(response)
    assert PROBLEM in page and message in page
    if "collar_number" in fields:
        assert 'value="9999"' in page


def test_a_new_person_added_over_someone_elses_change_is_a_conflict(client, case):
    response = client.post(
        f"/cases/{case.id}/subjects/new",
        data={"version": "0", "kind": "officer", "family_name": "Latecomer"},
    )
    assert response.status_code == 409
    page = _text(response)
    assert CONFLICT in page and 'value="Latecomer"' in page


def test_naming_the_chief_constable_sends_the_case_to_the_opcc(client, db, make_user, case):
    chief = factories.subject(
        db, family_name="Chief", kind=SubjectKind.CHIEF_OFFICER, chief_constable=True
    )
    reviewer = make_user(Role.OPCC_REVIEWER)
    db.commit()
    search = _text(client.get(f"/cases/{case.id}/subjects/new?q=Chief"))
    assert "you will no longer be able to open it" in search
    response = client.post(
        f"/cases/{case.id}/subjects/new", data=_edit(case, subject_id=str(chief.id))
    )
    assert response.status_code == 302 and response.location.endswith("/cases/")
    listing = _text(client.get(response.location))
    assert f"{case.reference} concerns the chief constable" in listing
    assert "You can no longer open it." in listing
    (moved,) = _cases(db, id=case.id)
    assert moved.appropriate_authority == AppropriateAuthority.PCC and moved.restricted
    assert client.get(f"/cases/{case.id}").status_code == 404
    assert client.get(f"/cases/{case.id}/subjects/new").status_code == 404
    client.post("/sign-out")
    sign_in(client, reviewer.email)
    assert client.get(f"/cases/{case.id}/people").status_code == 200


def test_a_new_chief_constable_also_sends_the_case_to_the_opcc(client, db, case):
    data = _edit(case, kind="chief_officer", family_name="Newchief", is_chief_constable="y")
    response = client.post(f"/cases/{case.id}/subjects/new", data=data)
    assert response.status_code == 302 and response.location.endswith("/cases/")
    assert client.get(f"/cases/{case.id}/people").status_code == 404


def test_the_people_tab_suggests_cases_with_the_same_subject(client, db, case):
    person = factories.subject(db, family_name="Grey")
    other = factories.complaint(
        db, subject_=person, incident_on=london_today() - dt.timedelta(days=4), now=utcnow()
    )
    case.incident_on = london_today() - dt.timedelta(days=5)
    db.commit()
    before = _text(client.get(f"/cases/{case.id}/people"))
    assert "Possible linked cases" not in before
    client.post(f"/cases/{case.id}/subjects/new", data=_edit(case, subject_id=str(person.id)))
    page = _text(client.get(f"/cases/{case.id}/people"))
    assert "Possible linked cases" in page and other.reference in page
    assert "Same subject, incident within 3 days" in page
    assert f"/cases/{case.id}/links/new?reference={other.reference}" in page


# Links ----------------------------------------------------------------------------------


def test_linking_a_case_shows_the_link_on_both(client, db, case):
    other = factories.complaint(db)
    db.commit()
    form = _text(client.get(f"/cases/{case.id}/links/new?reference={other.reference}"))
    assert f'value="{other.reference}"' in form
    response = client.post(
        f"/cases/{case.id}/links/new",
        data=_edit(
            case, reference=other.reference.lower(), reason="Same officers", same_incident="y"
        ),
    )
    assert response.status_code == 302
    assert f"Linked to {other.reference}." in _text(client.get(response.location))
    for one, two in ((case, other), (other, case)):
        page = _text(client.get(f"/cases/{one.id}/people"))
        assert two.reference in page and "Same officers" in page


def test_a_hidden_case_and_a_missing_one_get_the_same_answer(client, db, make_user, case):
    aa = make_user(Role.APPROPRIATE_AUTHORITY)
    hidden = factories.complaint(db)
    services.restrict(db, factories.actor_for(aa), hidden, "Covert material", factories.NOW)
    db.commit()
    answers = []
    for reference in (hidden.reference, "CO/2026/99999"):
        response = client.post(
            f"/cases/{case.id}/links/new",
            data=_edit(case, reference=reference, reason="Same people"),
        )
        assert response.status_code == 400
        page = _text(response)
        assert "No case with that reference" in page
        page = re.sub(r'(nonce|name="csrf_token" value)="[^"]+"', "", page)
        answers.append(page.replace(reference, "REF"))
    assert answers[0] == answers[1]
    assert db.scalars(select(CaseLink)).all() == []


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"reference": "", "reason": "x"}, "Enter the reference of the other case"),
        ({"reference": "CO/2026/00001", "reason": ""}, "Say why the cases are linked"),
        ({"reference": "nonsense", "reason": "x"}, "No case with that reference"),
    ],
)
def test_bad_links_are_refused_with_the_input_kept(client, case, fields, message):
    response = client.post(f"/cases/{case.id}/links/new", data=_edit(case, **fields))
    assert response.status_code == 400
    page = _text(response)
    assert PROBLEM in page and message in page
    if fields["reference"]:
        assert f'value="{fields["reference"]}"' in page


def test_a_case_is_not_linked_to_itself_or_twice(client, db, case):
    itself = client.post(
        f"/cases/{case.id}/links/new", data=_edit(case, reference=case.reference, reason="x")
    )
    assert itself.status_code == 400
    assert "A case cannot be linked to itself" in _text(itself)
    other = factories.complaint(db)
    db.commit()
    data = {"reference": other.reference, "reason": "Same people"}
    assert client.post(f"/cases/{case.id}/links/new", data=_edit(case, **data)).status_code == 302
    again = client.post(
        f"/cases/{case.id}/links/new", data=_edit(_cases(db, id=case.id)[0], **data)
    )
    assert again.status_code == 400
    assert "is already linked to" in _text(again)


def test_a_link_over_someone_elses_change_is_a_conflict(client, db, case):
    other = factories.complaint(db)
    db.commit()
    response = client.post(
        f"/cases/{case.id}/links/new",
        data={"version": "0", "reference": other.reference, "reason": "Same van"},
    )
    assert response.status_code == 409
    page = _text(response)
    assert CONFLICT in page and 'value="Same van"' in page
    assert db.scalars(select(CaseLink)).all() == []


# The People tab -------------------------------------------------------------------------


def test_the_people_tab_offers_intake_actions_only_to_those_who_may_edit(
    client, db, make_user, case
):
    page = _text(client.get(f"/cases/{case.id}/people"))
    for button in ("Add a complainant", "Add a subject", "Link a case"):
        assert button in page
    oversight = make_user(Role.OPCC_OVERSIGHT)
    services.grant_access(
        db, factories.actor_for(oversight), case, oversight, "dip sample", factories.NOW
    )
    db.commit()
    client.post("/sign-out")
    sign_in(client, oversight.email)
    page = _text(client.get(f"/cases/{case.id}/people"))
    for button in ("Add a complainant", "Add a subject", "Link a case"):
        assert button not in page


@pytest.mark.parametrize("page", ["complainants", "subjects", "links"])
@pytest.mark.parametrize(
    "data", [{}, {"version": "\u00b2", "kind": "officer", "given_name": "\x00"}]
)
def test_hand_made_posts_to_case_forms_get_an_error_page(client, db, case, page, data):
    response = client.post(f"/cases/{case.id}/{page}/new", data=data)
    assert response.status_code == 400
    assert PROBLEM in _text(response)
    (unchanged,) = _cases(db, id=case.id)
    assert (len(unchanged.complainants), len(unchanged.subjects)) == (1, 1)


def test_a_closed_case_offers_no_one_to_add_and_refuses_them(client, db, handler):
    closed = factories.complaint_in_state(
        db, CaseState.WITHDRAWN, handler=handler, aa=factories.user(db, Role.APPROPRIATE_AUTHORITY)
    )
    db.commit()
    people_tab = _text(client.get(f"/cases/{closed.id}/people"))
    assert "Add a complainant" not in people_tab and "Add a subject" not in people_tab
    for page in ("complainants/new", "subjects/new"):
        response = client.get(f"/cases/{closed.id}/{page}")
        assert response.status_code == 302
        assert "The case is closed, so no one can be added to it" in _text(
            client.get(response.location)
        )
    refused = client.post(
        f"/cases/{closed.id}/complainants/new",
        data=_edit(closed, given_name="Kim", family_name="Public"),
    )
    assert refused.status_code == 400
    assert "The case is closed, so no one can be added to it" in _text(refused)
