"""The layers hold: the import contracts of setup.cfg ([importlinter]) are all kept.

``common`` imports no domain package, services and queries never import Flask or WTForms,
and models import no services, views or forms. ``make lint`` checks the same; this test
makes CI check it too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _lint_imports() -> str:
    beside = Path(sys.executable).with_name("lint-imports")
    found = str(beside) if beside.exists() else shutil.which("lint-imports")
    assert found, "lint-imports is not installed: pip install -e '.[test]'"
    return found


def test_the_import_contracts_are_kept():
    result = subprocess.run(  # noqa: S603 (our own console script, fixed arguments)
        [_lint_imports(), "--no-cache", "--no-logo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
