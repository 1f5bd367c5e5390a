"""Draw the guide's figures into a folder: ``python -m optguide.figures [NAME ...]``.

With no names, every figure is drawn. Each name prints a progress line; a figure that fails
prints its name and traceback, the others are still drawn, and the exit status is 1.
The build calls this same command for the figures its cache lacks.
"""

import argparse
import sys
import time
import traceback
from pathlib import Path

from optguide.figures.registry import THEME_NAMES, figure_names, render


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m optguide.figures", description=__doc__)
    parser.add_argument("names", nargs="*", help="figures to draw (default: all)")
    parser.add_argument("--out", type=Path, default=Path("build-figures"), help="folder")
    parser.add_argument("--theme", choices=THEME_NAMES, help="draw one theme only")
    parser.add_argument("--list", action="store_true", help="list the figure names and exit")
    parser.add_argument(
        "--record-only", action="store_true", help="write only each figure's JSON record"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Draw the requested figures and return the process exit status."""
    args = _parse(argv)
    if args.list:
        print("\n".join(figure_names()))
        return 0
    names = args.names or figure_names()
    themes = (args.theme,) if args.theme else THEME_NAMES
    failed = []
    for index, name in enumerate(names, start=1):
        start = time.perf_counter()
        try:
            paths = render(name, args.out, themes, svg=not args.record_only)
        except Exception:
            failed.append(name)
            print(f"[{index}/{len(names)}] {name}: FAILED", flush=True)
            print(f"figure {name!r} failed:\n{traceback.format_exc()}", file=sys.stderr)
            continue
        seconds = time.perf_counter() - start
        shown = ", ".join(str(path) for path in paths)
        print(f"[{index}/{len(names)}] {name}: {shown} ({seconds:.1f} s)", flush=True)
    if failed:
        print(f"{len(failed)} figure(s) failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
