"""Write a screenshot of every page of the built site, light and dark, to a folder.

Usage: ``python tests/browser/screenshots.py [--site site] [--out screenshots]`` after
``make build`` (``make screenshots`` does both). Needs Chromium (see the README).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import SCHEMES, launch, page_urls, serve_site


def main() -> int:
    """Serve the site, visit each page in each scheme and save a full-page PNG."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with serve_site(args.site) as base, launch() as browser:
        for scheme in SCHEMES:
            context = browser.new_context(
                color_scheme=scheme, viewport={"width": args.width, "height": 900}
            )
            page = context.new_page()
            for path in page_urls(args.site):
                page.goto(base + path, wait_until="networkidle")
                name = (path.strip("/").replace("/", "_") or "index") + f"-{scheme}.png"
                page.screenshot(path=args.out / name, full_page=True)
                print(args.out / name, flush=True)
            context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
