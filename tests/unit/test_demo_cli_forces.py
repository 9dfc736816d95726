"""`flask demo seed` builds a joint PSD for three forces and prints every force's sign-ins;
`--forces 1` builds the single-force demo."""

from __future__ import annotations

from sqlalchemy import func, select

from complaints.forces.models import Force


def test_demo_seed_prints_each_forces_sign_ins(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "seed", "--cases", "30"])
    assert result.exit_code == 0, result.output
    assert "By force: Northshire Police (NOR) 15, Eastmere Constabulary (EAS) 9" in result.output
    for email in (
        "handler@demo.example",
        "reviewer@demo.example",
        "reviewer.eastmere@demo.example",
        "oversight.eastmere@demo.example",
        "board.eastmere@demo.example",
        "reviewer.westvale@demo.example",
        "oversight.westvale@demo.example",
        "board.westvale@demo.example",
    ):
        assert email in result.output, email
    again = runner.invoke(args=["demo", "logins"])
    assert "board.westvale@demo.example" in again.output
    assert "Westvale Police" in again.output


def test_demo_seed_with_one_force(app, db):
    result = app.test_cli_runner().invoke(args=["demo", "seed", "--cases", "20", "--forces", "1"])
    assert result.exit_code == 0, result.output
    assert "eastmere" not in result.output
    assert "By force" not in result.output
    assert "reviewer@demo.example" in result.output
    assert db.scalar(select(func.count()).select_from(Force)) == 1


def test_demo_seed_refuses_more_forces_than_it_knows(app):
    result = app.test_cli_runner().invoke(args=["demo", "seed", "--cases", "5", "--forces", "4"])
    assert result.exit_code != 0
