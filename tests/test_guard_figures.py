"""The guard, for figures: the digits a figure draws are the same under other kernels.

The build writes, next to each figure's SVGs, a record of every digit-bearing text it
draws (legends, annotations, tick labels) and of the facts a page may insert. Here every
figure's record is made again under another numerical path (in the background, from the
start of the tests: tests/conftest.py) and compared with the build's.
"""

import json
from pathlib import Path

from background import Finished
from conftest import Build
from guard import FIGURE_PATH as PATH


def _records(folder: Path) -> dict[str, dict[str, object]]:
    return {
        path.relative_to(folder).with_suffix("").as_posix(): json.loads(path.read_text())
        for path in sorted(folder.rglob("*.json"))
    }


def test_figures_draw_the_same_digits_under_other_kernels(
    built_site: Build, guard_figures: tuple[Finished, Path]
) -> None:
    finished, out = guard_figures
    assert finished.returncode == 0, finished.output
    pinned, other = _records(built_site.site / "figures"), _records(out)
    assert sorted(other) == sorted(pinned)
    problems = []
    for name in sorted(pinned):
        for part in ("texts", "facts"):
            if pinned[name][part] != other[name][part]:
                problems.append(
                    f"{name} {part}:\n    pinned: {pinned[name][part]}\n"
                    f"    {PATH}: {other[name][part]}"
                )
    assert not problems, (
        f"under the {PATH!r} kernels these figures draw other digits than the build:\n  "
        + "\n  ".join(problems)
    )
