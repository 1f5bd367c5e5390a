"""Print the pip arguments that make ``make setup`` install PyTorch's CPU build.

``python src/optguide/build/torch_index.py INDEX`` prints ``--extra-index-url INDEX`` on
Linux, where PyPI's torch wheels bring several GB of CUDA libraries and PyTorch's CPU index
(``INDEX``) has the same release, tagged ``+cpu``. It prints nothing

- off Linux (PyPI's macOS wheels are CPU builds already);
- when pip can already take the pinned CPU build without any index (a wheel in a
  find-links folder of pip's configuration, as on a machine with a local package mirror):
  then asking an index that may be unreachable would only cost time;
- when the index does not answer within a few seconds (no internet): set-up goes on with
  pip's configured indexes, and says so.

Only the standard library: it runs before anything is installed, as a script (it is
kept with the build code, but never imported). ``constraints.txt``
stays the single pin; a ``+cpu`` build satisfies its ``torch==X``.
"""

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

CONSTRAINTS = Path(__file__).resolve().parents[3] / "constraints.txt"
TIMEOUT = 5  # seconds for the index to answer


def pinned_torch() -> str:
    """Return the ``torch==X`` line of constraints.txt."""
    for line in CONSTRAINTS.read_text().splitlines():
        if line.startswith("torch=="):
            return line.strip()
    raise SystemExit(f"{CONSTRAINTS} pins no torch")


def local_cpu_build(requirement: str) -> bool:
    """Tell whether pip would take a ``+cpu`` build of ``requirement`` with no index."""
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--no-index"]
    command += ["--no-deps", "--ignore-installed", "--report", "-", requirement]
    found = subprocess.run(command, capture_output=True, text=True, check=False)
    if found.returncode != 0:
        return False
    report = json.loads(found.stdout)
    return any(item["metadata"]["version"].endswith("+cpu") for item in report.get("install", []))


def answers(index: str) -> bool:
    """Tell whether ``index`` serves a page for torch within ``TIMEOUT`` seconds."""
    try:
        with urllib.request.urlopen(index.rstrip("/") + "/torch/", timeout=TIMEOUT):
            return True
    except OSError:
        return False


def main(index: str) -> None:
    """Print the extra pip arguments for ``index`` (see the module's docstring)."""
    if not sys.platform.startswith("linux") or local_cpu_build(pinned_torch()):
        return
    if answers(index):
        print(f"--extra-index-url {index}")
    else:
        print(
            f"setup: PyTorch's CPU index {index} does not answer; torch comes from pip's "
            "configured indexes (on Linux, PyPI's build with CUDA libraries)",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "https://download.pytorch.org/whl/cpu")
