"""Write a screenshot of every page of the built site, light and dark, to a folder.

Usage: ``python tests/browser/screenshots.py [--site site] [--out screenshots] [PAGE ...]``
after ``make build`` (``make screenshots`` does both). PAGE filters by a part of the page's
path (e.g. ``saddle`` or ``examples/``). Needs Chromium (see the README).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser import SCHEMES, launch, page_urls, serve_site

# Bring each shown image into view, one paint at a time, so that lazily loaded figures
# are in the picture; then wait for them and go back to the top.
LOAD_IMAGES = """
async () => {
  const paint = (done) => requestAnimationFrame(() => requestAnimationFrame(done));
  for (const image of document.images) {
    if (getComputedStyle(image).display !== "none") {
      image.scrollIntoView();
      await new Promise(paint);
    }
  }
}
"""
IMAGES_LOADED = """
() => [...document.images].every(
  (image) => image.complete || getComputedStyle(image).display === "none"
)
"""


def main() -> int:
    """Serve the site, visit each page in each scheme and save a full-page PNG."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("pages", nargs="*", help="only pages whose path contains one of these")
    args = parser.parse_args()
    paths = [p for p in page_urls(args.site) if not args.pages or any(s in p for s in args.pages)]
    if not paths:
        print(f"no page of {args.site} matches {args.pages}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with serve_site(args.site) as base, launch() as browser:
        for scheme in SCHEMES:
            context = browser.new_context(
                color_scheme=scheme, viewport={"width": args.width, "height": 900}
            )
            page = context.new_page()
            for path in paths:
                page.goto(base + path, wait_until="networkidle")
                page.evaluate(LOAD_IMAGES)
                page.wait_for_function(IMAGES_LOADED)
                page.evaluate("window.scrollTo(0, 0)")
                name = (path.strip("/").replace("/", "_") or "index") + f"-{scheme}.png"
                page.screenshot(path=args.out / name, full_page=True)
                print(args.out / name, flush=True)
            context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
