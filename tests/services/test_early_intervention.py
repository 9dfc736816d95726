"""Early intervention (domain.md A11): each example policy fires exactly when its threshold
is crossed inside its period, one alert per officer and policy; a closed alert stays
closed for what it held; restricted cases count but are not shown; plans are followed to
done."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from complaints.auth.roles import Role
from complaints.cases import workflow
from complaints.cases.choices import CaseType
from complaints.cases.services import grant_access, restrict
from complaints.common.actor import Actor
from complaints.intervention import alerts, plans, policies, scan
from complaints.intervention.alerts import AlertRefused
from complaints.intervention.models import Alert, AlertState, Counts, Period
from complaints.reference.models import AllegationCategory
from tests import factories
from tests.rls import as_application_role

NOW = factories.NOW
TODAY = NOW.date()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture()
def admin(make_user):
    return factories.actor_for(make_user(Role.ADMIN))


@pytest.fixture()
def aa(make_user):
    return make_user(Role.APPROPRIATE_AUTHORITY)


def policy(db, admin, name="3 or more allegations in 12 months", **kwargs):
    data = {
        "force_id": 1,
        "name": name,
        "counts": Counts.ALLEGATIONS,
        "threshold": 3,
        "period": Period.MONTHS,
        "period_months": 12,
        "notify_role": Role.APPROPRIATE_AUTHORITY,
        **kwargs,
    }
    made = policies.create(db, admin, policies.PolicyData(**data), NOW)
    db.commit()
    return made


def complaint(db, officer, received_on, code="H1", **kwargs):
    return factories.complaint(
        db, subject_=officer, received_on=received_on, category_code=code, **kwargs
    )


def alerts_of(db, officer, made=None):
    query = select(Alert).where(Alert.subject_id == officer.id)
    if made is not None:
        query = query.where(Alert.policy_id == made.id)
    return list(db.scalars(query.order_by(Alert.id)))


def test_three_allegations_in_twelve_months_fire_on_the_third_and_not_before(db, admin):
    made = policy(db, admin)
    officer = factories.subject(db)
    complaint(db, officer, days_ago(400))  # outside the 12 months: never counts
    complaint(db, officer, days_ago(200))
    complaint(db, officer, days_ago(100))
    assert alerts_of(db, officer) == []
    third = complaint(db, officer, days_ago(3))
    (alert,) = alerts_of(db, officer)
    assert alert.policy_id == made.id
    assert alert.state == AlertState.NEW
    assert alert.counted == 3
    assert third.id in {item.case_id for item in alert.items}


def test_an_alert_item_cannot_carry_another_force_than_its_case_s(db, admin):
    """Row-level security shows an alert's items to the force they carry: the database
    refuses an item whose force is not its case's (and allegation's)."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    policy(db, admin)
    officer = factories.subject(db)
    for days in (200, 100, 3):
        complaint(db, officer, days_ago(days))
    (alert,) = alerts_of(db, officer)
    assert {item.force_id for item in alert.items} == {1}
    other = factories.force(db, code="BED", name="Bedfordshire Police")
    savepoint = db.begin_nested()
    with pytest.raises(IntegrityError):
        db.execute(
            text("UPDATE intervention_alert_items SET force_id = :force"), {"force": other.id}
        )
    savepoint.rollback()


def test_the_period_is_counted_back_from_today(db, admin):
    policy(db, admin)
    officer = factories.subject(db)
    # A year and a day ago does not count; exactly within the twelve months does.
    complaint(db, officer, scan.months_before(TODAY, 12))
    complaint(db, officer, days_ago(30))
    complaint(db, officer, days_ago(20))
    assert alerts_of(db, officer) == []
    complaint(db, officer, scan.months_before(TODAY, 12) + dt.timedelta(days=1))
    assert len(alerts_of(db, officer)) == 1


def test_discriminatory_behaviour_policy_counts_only_its_categories(db, admin):
    f_codes = db.scalars(
        select(AllegationCategory.id).where(AllegationCategory.code.like("F%"))
    ).all()
    made = policy(
        db,
        admin,
        name="2 discriminatory-behaviour allegations in 24 months",
        threshold=2,
        period_months=24,
        category_ids=tuple(f_codes),
    )
    officer = factories.subject(db)
    complaint(db, officer, days_ago(900), code="F6")  # more than 24 months ago
    complaint(db, officer, days_ago(600), code="F6")
    complaint(db, officer, days_ago(50), code="H1")
    complaint(db, officer, days_ago(40), code="B6")
    assert alerts_of(db, officer, made) == []
    complaint(db, officer, days_ago(10), code="F1")
    (alert,) = alerts_of(db, officer, made)
    assert alert.counted == 2
    assert {item.allegation.category.code for item in alert.items} == {"F6", "F1"}


def test_any_allegation_while_on_a_plan(db, admin, aa):
    review = policy(db, admin, name="Two allegations in 12 months", threshold=2)
    on_plan = policy(
        db,
        admin,
        name="Any allegation while on a plan",
        threshold=1,
        period=Period.ON_PLAN,
        period_months=None,
    )
    officer = factories.subject(db)
    complaint(db, officer, days_ago(60))
    assert alerts_of(db, officer) == []  # no plan: nothing counts for this policy
    complaint(db, officer, days_ago(50))
    (alert,) = alerts_of(db, officer, review)
    agree_plan(db, aa, alert, agreed_on=days_ago(30))
    assert alerts_of(db, officer, on_plan) == []  # before the plan: not while on it
    complaint(db, officer, days_ago(5))
    (while_on_plan,) = alerts_of(db, officer, on_plan)
    assert while_on_plan.counted == 1
    # The alert behind the plan is still open, so it takes the new allegation too.
    db.refresh(alert)
    assert alert.counted == 3


def test_top_one_percent_by_allegations_this_year(db, admin):
    made = policy(
        db,
        admin,
        name="Top 1% of officers by allegations this year",
        threshold=1,
        top_percent=1,
        period=Period.THIS_YEAR,
        period_months=None,
    )
    officers = [factories.subject(db, family_name=f"Officer{n}") for n in range(5)]
    first, second, third = officers[:3]
    for _ in range(3):
        complaint(db, first, days_ago(30))
    complaint(db, second, days_ago(30))
    complaint(db, second, days_ago(20))
    complaint(db, third, dt.date(TODAY.year - 1, 12, 30))  # last year: not this year's
    for _ in range(3):
        complaint(db, third, dt.date(TODAY.year - 1, 6, 1))
    # Ranked against the whole force, so the nightly scan decides it, not intake.
    assert alerts_of(db, first, made) == []
    result = scan.nightly(db, Actor.system("test"), NOW)
    assert [a.subject_id for a in result.raised] == [first.id]
    # Ties at the edge of the share are all in.
    complaint(db, second, days_ago(2))
    result = scan.nightly(db, Actor.system("test"), NOW)
    assert [a.subject_id for a in result.raised] == [second.id]
    assert alerts_of(db, third, made) == []


def test_cases_and_conduct_matters_can_be_what_counts(db, admin):
    by_cases = policy(db, admin, name="Two cases in 12 months", counts=Counts.CASES, threshold=2)
    matters = policy(
        db, admin, name="Any conduct matter", counts=Counts.CONDUCT_MATTERS, threshold=1
    )
    officer = factories.subject(db)
    complaint(db, officer, days_ago(10))
    assert alerts_of(db, officer) == []
    matter = factories.matter(db, CaseType.CONDUCT_MATTER)
    named = matter.subjects[0].subject
    assert [a.policy_id for a in alerts_of(db, named)] == [matters.id]
    complaint(db, officer, days_ago(5))
    (alert,) = alerts_of(db, officer)
    assert alert.policy_id == by_cases.id
    assert alert.counted == 2
    assert all(item.allegation_id is None for item in alert.items)


def test_one_alert_per_officer_and_policy_taking_in_further_allegations(db, admin):
    policy(db, admin)
    officer = factories.subject(db)
    for n in range(3):
        complaint(db, officer, days_ago(10 + n))
    (alert,) = alerts_of(db, officer)
    assert alert.counted == 3
    complaint(db, officer, days_ago(1))
    scan.nightly(db, Actor.system("test"), NOW)
    (same,) = alerts_of(db, officer)
    assert same.id == alert.id
    assert same.counted == 4
    assert len(same.items) == 4


def test_a_case_with_several_allegations_about_one_officer_raises_one_alert(db, admin):
    from complaints.cases import services as cases

    policy(db, admin)
    officer = factories.subject(db)
    case = complaint(db, officer, days_ago(5))
    for code in ("H2", "B6"):
        from complaints.cases import allegations

        allegations.add_allegation(
            db,
            Actor.system("test"),
            case,
            cases.AllegationData(factories.category(db, code).id, "More", (officer.id,)),
            NOW,
        )
    (alert,) = alerts_of(db, officer)
    assert alert.counted == 3


def test_false_positive_does_not_fire_again_for_the_same_allegations(db, admin, aa):
    policy(db, admin)
    officer = factories.subject(db)
    for n in range(3):
        complaint(db, officer, days_ago(10 + n))
    (alert,) = alerts_of(db, officer)
    alerts.take(
        db, factories.actor_for(aa), alert, "close_false_positive", "Same incident thrice", NOW
    )
    db.commit()
    assert alert.state == AlertState.FALSE_POSITIVE
    assert alert.closed_reason == "Same incident thrice"
    result = scan.nightly(db, Actor.system("test"), NOW)
    assert result.raised == []
    assert len(alerts_of(db, officer)) == 1
    complaint(db, officer, days_ago(1))
    closed, again = alerts_of(db, officer)
    assert closed.id == alert.id and closed.state == AlertState.FALSE_POSITIVE
    assert again.state == AlertState.NEW
    assert again.counted == 4  # raised on the new allegation with the ones before it


def test_closing_needs_a_reason(db, admin, aa):
    policy(db, admin)
    officer = factories.subject(db)
    for n in range(3):
        complaint(db, officer, days_ago(10 + n))
    (alert,) = alerts_of(db, officer)
    with pytest.raises(AlertRefused, match="Enter why no action"):
        alerts.take(db, factories.actor_for(aa), alert, "close_no_action", "  ", NOW)


def test_a_restricted_case_counts_but_is_not_shown_to_anyone_not_named(db, admin, make_user):
    policy(db, admin)
    named_aa = make_user(Role.APPROPRIATE_AUTHORITY)
    other_aa = make_user(Role.APPROPRIATE_AUTHORITY)
    officer = factories.subject(db)
    hidden = complaint(db, officer, days_ago(30), summary="Covert matter")
    restrict(db, factories.actor_for(named_aa), hidden, "Counter-corruption", NOW)
    grant_access(db, factories.actor_for(named_aa), hidden, named_aa, "AA", NOW)
    db.commit()
    complaint(db, officer, days_ago(20))
    complaint(db, officer, days_ago(10))
    (alert,) = alerts_of(db, officer)
    assert alert.counted == 3
    shown = alerts.visible_items(db, factories.actor_for(other_aa), alert)
    assert hidden.id not in {item.case_id for item in shown}
    assert len(shown) == 2
    shown_to_named = alerts.visible_items(db, factories.actor_for(named_aa), alert)
    assert hidden.id in {item.case_id for item in shown_to_named}


def test_a_complaint_about_the_chief_constable_counts_for_others_named_on_it(db, admin):
    policy(db, admin)
    officer = factories.subject(db)
    chief = factories.subject(db, family_name="Chief", chief_constable=True)
    complaint(db, officer, days_ago(30))
    complaint(db, officer, days_ago(20))
    about_chief = complaint(db, chief, days_ago(10))
    from complaints.cases import people

    people.add_case_subject(db, Actor.system("test"), about_chief, officer, NOW)
    from complaints.cases import allegations
    from complaints.cases import services as cases

    allegations.add_allegation(
        db,
        Actor.system("test"),
        about_chief,
        cases.AllegationData(factories.category(db, "H1").id, "Both swore", (officer.id,)),
        NOW,
    )
    (alert,) = alerts_of(db, officer)
    assert alert.counted == 3
    assert alerts_of(db, chief) == []  # the chief constable is the OPCC's, not scanned


def agree_plan(db, aa, alert, agreed_on=TODAY):
    who = factories.actor_for(aa)
    alerts.take(db, who, alert, "start_review", "", NOW)
    alerts.take(db, who, alert, "refer_to_supervisor", "Pattern of rudeness at the counter", NOW)
    made = plans.agree(
        db,
        who,
        alert,
        plans.PlanData(
            summary="Customer-service coaching",
            agreed_on=agreed_on,
            first_action=plans.ActionData("Coaching sessions", "Insp. Reed", TODAY),
        ),
        NOW,
    )
    db.commit()
    return made


def test_a_plan_is_followed_to_done_and_resolves_the_alert(db, admin, aa):
    policy(db, admin)
    officer = factories.subject(db)
    for n in range(3):
        complaint(db, officer, days_ago(10 + n))
    (alert,) = alerts_of(db, officer)
    who = factories.actor_for(aa)
    with pytest.raises(AlertRefused, match="after the supervisor"):
        plans.agree(
            db,
            who,
            alert,
            plans.PlanData("x", TODAY, plans.ActionData("y", "z", TODAY)),
            NOW,
        )
    plan = agree_plan(db, aa, alert)
    assert alert.state == AlertState.PLAN_AGREED
    second = plans.add_action(
        db, who, plan, plans.ActionData("Review body-worn video", "Sgt. Hale", TODAY), NOW
    )
    first = plan.actions[0]
    plans.complete_action(db, who, first, TODAY, "", NOW)
    assert alert.state == AlertState.PLAN_AGREED and plan.completed_at is None
    plans.complete_action(db, who, second, TODAY, "Watched together", NOW)
    assert plan.completed_at == NOW
    assert alert.state == AlertState.RESOLVED
    assert [s.to_state for s in alert.steps] == [
        AlertState.PSD_REVIEW,
        AlertState.SUPERVISOR_REVIEW,
        AlertState.PLAN_AGREED,
        AlertState.RESOLVED,
    ]
    with pytest.raises(AlertRefused, match="complete"):
        plans.add_action(db, who, plan, plans.ActionData("More", "Someone", TODAY), NOW)


def test_only_the_appropriate_authority_deciding_for_the_force_works_alerts(db, admin, make_user):
    policy(db, admin)
    officer = factories.subject(db)
    for n in range(3):
        complaint(db, officer, days_ago(10 + n))
    (alert,) = alerts_of(db, officer)
    handler = make_user(Role.HANDLER)
    not_deciding = make_user(Role.APPROPRIATE_AUTHORITY, decides_for=())
    for person in (handler, not_deciding):
        with pytest.raises(AlertRefused):
            alerts.take(db, factories.actor_for(person), alert, "start_review", "", NOW)


def test_recording_decision_runs_the_scan(db, admin, team):
    officer = factories.subject(db)
    complaint(db, officer, days_ago(20), handler=team["handler"])
    second = complaint(db, officer, days_ago(10), handler=team["handler"])
    # The policy is set after both were logged: recording the second one scans.
    policy(db, admin, threshold=2)
    assert alerts_of(db, officer) == []
    factories.contact(db, second, team["handler"])
    workflow.apply(
        db, factories.actor_for(team["aa"]), second, "record", {"reason": "Mandatory"}, NOW
    )
    (alert,) = alerts_of(db, officer)
    assert alert.counted == 2


def test_policy_needs_a_name_a_period_and_someone_to_tell(db, admin):
    base = {
        "force_id": 1,
        "name": "Any",
        "counts": Counts.ALLEGATIONS,
        "threshold": 1,
        "period": Period.MONTHS,
        "period_months": 12,
        "notify_role": Role.APPROPRIATE_AUTHORITY,
    }
    for change, field in (
        ({"name": " "}, "name"),
        ({"period_months": None}, "period_months"),
        ({"notify_role": None}, "notify_role"),
        ({"counts": Counts.CASES, "category_ids": (1,)}, "category_ids"),
        ({"top_percent": 80}, "top_percent"),
    ):
        with pytest.raises(AlertRefused) as refused:
            policies.create(db, admin, policies.PolicyData(**(base | change)), NOW)
        assert refused.value.field == field
    with pytest.raises(AlertRefused):
        policies.create(
            db,
            factories.actor_for(factories.user(db, Role.HANDLER)),
            policies.PolicyData(**base),
            NOW,
        )


def test_policy_words():
    from complaints.intervention.models import Policy

    assert (
        policies.describe(
            Policy(counts=Counts.ALLEGATIONS, threshold=3, period=Period.MONTHS, period_months=12)
        )
        == "3 or more allegations in 12 months"
    )
    assert (
        policies.describe(Policy(counts=Counts.ALLEGATIONS, threshold=1, period=Period.ON_PLAN))
        == "Any allegation while on an intervention plan"
    )


def test_nightly_command(app, db, admin):
    policy(db, admin)
    officer = factories.subject(db)
    for n in range(3):
        complaint(db, officer, days_ago(10 + n))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["jobs", "early-intervention"])
    assert result.exit_code == 0, result.output
    assert "1 polic" in result.output
    assert "0 alerts raised" in result.output


def test_the_demo_sets_each_forces_policies_and_has_alerts_and_a_plan(db):
    from complaints.demo.seed import seed
    from complaints.forces.models import Force
    from complaints.intervention.models import Plan, Policy

    seed(db, today=TODAY, cases=300)
    for force_id in db.scalars(select(Force.id)):
        names = db.scalars(select(Policy.name).where(Policy.force_id == force_id)).all()
        assert len(names) == 4, force_id
    assert db.scalar(select(func.count(Alert.id))) >= 1
    plan = db.scalars(select(Plan)).one()
    assert plan.alert.state == AlertState.PLAN_AGREED
    assert [a.done_on is not None for a in plan.actions] == [True, False]


def test_the_database_keeps_each_forces_policies_and_alerts_to_its_people(db, admin, make_user):
    """PostgreSQL row-level security on the early-intervention tables: a transaction told
    it works for force A reads force A's policies, their categories and alerts only."""
    from sqlalchemy import text

    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("row-level security is PostgreSQL's; on SQLite the application's rule holds")
    other = factories.force(db, code="BED", name="Bedfordshire Police")
    both = factories.actor_for(factories.user(db, Role.ADMIN, forces=(1, other.id)))
    h1 = factories.category(db, "H1").id
    mine = policy(db, both, name="Ours", category_ids=(h1,))
    theirs = policy(db, both, name="Theirs", category_ids=(h1,), force_id=other.id)
    with as_application_role(db):
        db.execute(text("SELECT set_config('complaints.forces', '1', true)"))
        policies_seen = db.scalars(text("SELECT id FROM intervention_policies")).all()
        categories_seen = db.scalars(
            text("SELECT policy_id FROM intervention_policy_categories")
        ).all()
    assert policies_seen == [mine.id]
    assert categories_seen == [mine.id]
    assert theirs.id not in policies_seen
