"""The package's type check, ``mypy --strict`` on src/ as configured in pyproject.toml.

It runs as a test so that under pytest-xdist it shares the cores with the other tests
instead of running before all of them; ``make lint`` runs the same check on its own.
"""

import pytest
from mypy import api

from conftest import ROOT


def test_mypy_strict_finds_no_error_in_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    stdout, stderr, status = api.run([])
    assert status == 0, stdout + stderr
    assert "Success: no issues found" in stdout
