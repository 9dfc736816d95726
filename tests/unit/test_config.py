"""Configuration layers and the secret key rules."""

from __future__ import annotations

import pytest

from complaints import create_app


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLAINTS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("COMPLAINTS_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app({"ENV": "production", "DATABASE_URL": "sqlite://"})


def test_development_generates_and_keeps_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLAINTS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("COMPLAINTS_SECRET_KEY", raising=False)
    first = create_app({"DATABASE_URL": "sqlite://"}).config["SECRET_KEY"]
    second = create_app({"DATABASE_URL": "sqlite://"}).config["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_layers_override_in_order(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLAINTS_INSTANCE_PATH", str(tmp_path))
    (tmp_path / "config.py").write_text('FORCE_NAME = "Instance Force"\nPAGE_SIZE = 10\n')
    monkeypatch.setenv("COMPLAINTS_PAGE_SIZE", "50")
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"})
    assert app.config["FORCE_NAME"] == "Instance Force"  # instance file over defaults
    assert app.config["PAGE_SIZE"] == 50  # environment over instance file
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x", "PAGE_SIZE": 5})
    assert app.config["PAGE_SIZE"] == 5  # test mapping over everything


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLAINTS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("COMPLAINTS_DATABASE_URL", raising=False)
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path}/complaints.sqlite3"


def test_an_undeclared_route_stops_the_app(tmp_path, monkeypatch):
    from complaints import web

    monkeypatch.setenv("COMPLAINTS_INSTANCE_PATH", str(tmp_path))
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"})
    app.add_url_rule("/sneaky", "sneaky", lambda: "hello")
    with pytest.raises(RuntimeError, match="sneaky"):
        web.check_declared(app)


def test_production_refuses_cookies_that_travel_over_plain_http(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLAINTS_INSTANCE_PATH", str(tmp_path))
    production = {"ENV": "production", "DATABASE_URL": "sqlite://", "SECRET_KEY": "x"}
    with pytest.raises(RuntimeError, match="SESSION_COOKIE_SECURE"):
        create_app(production)
    assert create_app({**production, "SESSION_COOKIE_SECURE": True})
    assert create_app({**production, "ALLOW_PLAIN_HTTP": True})  # said knowingly
