"""The build and the test helpers run without Linux-only calls, as on macOS.

A subprocess starts with a ``sitecustomize`` that removes ``os.sched_getaffinity`` (Linux
only) and ``os.nice`` and hides the ``fcntl`` module (neither exists on Windows; macOS has
them, but the code must not need them). The subprocesses it starts, the build's jobs,
inherit the same start. In it, a cold build schedules and runs a figure job into an empty
cache, and the test helpers of tests/background.py start a command, wait for it,
and lower the priority.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import ROOT

HIDE = """\
import os
import sys

for _name in ("sched_getaffinity", "nice"):
    if hasattr(os, _name):
        delattr(os, _name)
sys.modules["fcntl"] = None  # `import fcntl` now raises ImportError
"""

SCRIPT = """\
import os
import sys
import types
from pathlib import Path

assert not hasattr(os, "sched_getaffinity") and not hasattr(os, "nice")
try:
    import fcntl  # noqa: F401
except ImportError:
    pass
else:
    raise AssertionError("fcntl should be hidden")

from optguide.build.cache import Cache, library_versions
from optguide.build.jobs import default_workers
from optguide.build.keys import FIGURE_LIBRARIES, figure_work
from optguide.build.plugin import GuidePlugin

import background

root, scratch = Path(sys.argv[1]), Path(sys.argv[2])
assert default_workers() >= 1

# A cold build's scheduling: the plugin's own path from missing outputs to the cache.
plugin = GuidePlugin()
errors, _ = plugin.load_config({})
assert not errors, errors
files = {"config_file_path": root / "mkdocs.yml", "docs_dir": root / "docs"}
config = types.SimpleNamespace(**{key: str(path) for key, path in files.items()})
plugin.on_config(config)
plugin.cache = Cache(scratch / "cache")
versions = library_versions(FIGURE_LIBRARIES)
work = [figure_work(name, plugin.src, versions) for name in NAMES]
assert not any(plugin._cached(item) for item in work)
plugin._make_missing(work)
assert all(plugin._cached(item) for item in work)

# The test helpers: the lock, the background command, the priority.
shared = scratch / "shared"
shared.mkdir()
command = [sys.executable, "-c", "print('finished')"]
background.start("job", command, scratch, shared, dict(os.environ))
background.start("job", command, scratch, shared, dict(os.environ))  # started once only
finished = background.wait("job", shared)
assert (finished.returncode, finished.output) == (0, "finished\\n"), finished
background.lower_priority(1)
print("portable")
"""

# One quick figure: its job runs through the build's thread pool and subprocess as every job
# does (that jobs run side by side is tests/test_incremental.py's check); a second figure
# would only pay the imports of PyTorch and matplotlib again.
NAMES = ["home/landscape"]


def test_cold_build_jobs_and_helpers_without_linux_only_calls(tmp_path: Path) -> None:
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text(HIDE)
    env = dict(os.environ)
    path = [str(hide), str(ROOT / "src"), str(ROOT / "tests"), env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, path))
    env.update({"MKL_CBWR": "COMPATIBLE", "SOURCE_DATE_EPOCH": "1767225600"})
    script = f"NAMES = {NAMES!r}\n" + textwrap.dedent(SCRIPT)
    completed = subprocess.run(
        [sys.executable, "-c", script, str(ROOT), str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.strip().endswith("portable"), completed.stdout
