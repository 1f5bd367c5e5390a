"""The package's type check: ``mypy --strict`` on src/, as configured in pyproject.toml.

It runs in the background from the start of the test run (the ``type_check`` fixture), so
that it shares the cores with the other tests instead of running before or after them;
``make lint`` runs the same check on its own.
"""

from background import Finished


def test_mypy_strict_finds_no_error_in_the_package(type_check: Finished) -> None:
    assert type_check.returncode == 0, type_check.output
    assert "Success: no issues found" in type_check.output
