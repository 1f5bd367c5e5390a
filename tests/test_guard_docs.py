"""The guard, for pages: every doc block prints the same under other numerical kernels.

Each page's expected outputs were produced with the pinned kernels (MKL's COMPATIBLE path,
one thread). Here the same blocks run again unpinned, as in a reader's Python: MKL's own
path for this CPU (``native``), and that with PyTorch's scalar kernels (``scalar``). A block
whose output changes prints a number that depends on the machine: the failure names the
page, the line, and the expected (pinned) and actual outputs. The runs start in the
background when the tests start (tests/conftest.py).
"""

from background import Finished
from guard import GUARD_PATHS, failures


def test_doc_blocks_print_the_same_under_other_kernels(
    guard_docs: tuple[str, Finished],
) -> None:
    path, finished = guard_docs
    failed = ", ".join(failures(finished.output)) or "(see below)"
    assert finished.returncode == 0, (
        f"under the unpinned {path!r} kernels ({dict(GUARD_PATHS[path])}) these blocks print "
        f"something else than the page says: {failed}"
        "\nPrint what holds on every machine (a bound, a comparison, a stable count, a "
        f"range over seeds), not rounding noise.\n\n{finished.output[-12000:]}"
    )
