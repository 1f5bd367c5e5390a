"""The guard, for pages: every doc block prints the same under other numerical kernels.

Each page's expected outputs were produced with the pinned kernels (MKL's COMPATIBLE path,
one thread). Here the same blocks run again unpinned, as in a reader's Python: MKL's own
path for this CPU (``native``), and that with PyTorch's scalar kernels (``scalar``). A block
whose output changes prints a number that depends on the machine: the failure names the
page, the line, and the expected (pinned) and actual outputs.
"""

import pytest

from conftest import ROOT
from guard import GUARD_PATHS, failures, run_under


@pytest.mark.parametrize("path", sorted(GUARD_PATHS))
def test_doc_blocks_print_the_same_under_other_kernels(path: str) -> None:
    command = ["-m", "pytest", "docs", "-q", "-p", "no:xdist", "--tb=short", "-W", "ignore"]
    completed = run_under(path, command, ROOT)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, (
        f"under the unpinned {path!r} kernels ({dict(GUARD_PATHS[path])}) these blocks print "
        f"something else than the page says: {', '.join(failures(output)) or '(see below)'}"
        "\nPrint what holds on every machine (a bound, a comparison, a stable count, a "
        f"range over seeds), not rounding noise.\n\n{output[-12000:]}"
    )
