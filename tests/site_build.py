"""Build the site for the test run: ``python tests/site_build.py PROJECT SITE RESULT``.

tests/conftest.py starts this in the background at the start of a run, so that the build
overlaps the tests that need no site. It writes RESULT (JSON: the site folder, the exit
status, the build's output) when the build ends, whatever the outcome, through a
temporary file, so that a worker waiting for RESULT never reads half of it.
"""

import json
import sys
import traceback
from pathlib import Path

from conftest import mkdocs_build


def main(project: Path, site: Path, result: Path) -> None:
    try:
        build = mkdocs_build(project, site)
        saved = {"site": str(site), "returncode": build.returncode, "output": build.output}
    except BaseException:  # still write a result: workers are waiting for one
        saved = {"site": str(site), "returncode": -1, "output": traceback.format_exc()}
    partial = result.with_suffix(".partial")
    partial.write_text(json.dumps(saved))
    partial.replace(result)


if __name__ == "__main__":
    main(*(Path(argument) for argument in sys.argv[1:4]))
