"""The production entry point: ``gunicorn wsgi:app``."""

from __future__ import annotations

import os
import subprocess
import sys

from complaints import PROJECT_ROOT


def test_the_workers_app_is_built_and_what_starting_made_is_out_of_the_collectors_sight(
    tmp_path,
):
    """Each worker imports ``wsgi``; a full garbage collection that scanned everything
    made at start-up took a tenth of a second of the request it fell in."""
    environment = {
        **os.environ,
        "COMPLAINTS_INSTANCE_PATH": str(tmp_path),
        "COMPLAINTS_DATABASE_URL": "sqlite:///" + str(tmp_path / "app.sqlite3"),
        "COMPLAINTS_SECRET_KEY": "a-key-for-this-test",
    }
    shown = subprocess.run(
        [sys.executable, "-c", "import gc, wsgi; print(wsgi.app.name, gc.get_freeze_count())"],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert shown[0] == "complaints"
    assert int(shown[1]) > 100_000
