"""Visit every page of a built site in headless Chromium, once, and record what a reader gets.

One pass per site: every page in the light and in the dark scheme, in one browser. For each
visit it records the console errors, the failed requests, the requests to any other origin
(aborted, so that a test never reaches the network), the images, raw TeX left on the page,
notebook cells, the serious and critical axe-core findings, and the bytes of everything the
first load fetched. The tests (tests/test_browser.py, tests/test_page_weight.py) only read
these records, so the slow part runs once per session however many tests look at it.
"""

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from browser.browser import SCHEMES, async_launch, page_urls, serve_site

VENDOR = Path(__file__).resolve().parent / "vendor"
AXE = VENDOR / "axe.min.js"
SEARCH_QUERY = "saddle"
VIEWPORT = {"width": 1280, "height": 900}


@dataclass(frozen=True)
class AllowedFinding:
    """An axe-core finding inside the theme that we cannot fix: rule, element, and why."""

    rule: str
    selector: str
    reason: str


@dataclass
class Visit:
    """What one page showed in one color scheme."""

    path: str
    scheme: str
    body_scheme: str = ""
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    math: dict[str, Any] = field(default_factory=dict)
    notebook: dict[str, Any] | None = None
    axe: list[dict[str, Any]] = field(default_factory=list)
    resources: list[tuple[str, str, int]] = field(default_factory=list)


@dataclass
class SiteVisits:
    """Every visit of a site, and the pages the search box offered for SEARCH_QUERY."""

    visits: list[Visit]
    search_results: list[str] | None


# Text nodes outside code and outside KaTeX's output must not hold TeX delimiters: any
# that is left means a formula the reader sees as source. $...$ counts when it has no
# space just inside either dollar (so "costs $5 or $6" in prose would not match).
MATH_SCRIPT = r"""
() => {
  const skip = "pre, code, script, style, textarea, .katex, .katex-display, .highlight";
  const raw = /\\\(|\\\)|\\\[|\\\]|\$\$|\$[^\s$](?:[^$]*[^\s$])?\$|\\begin\{/;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip)) continue;
    const match = node.textContent.match(raw);
    if (match) {
      const start = Math.max(0, match.index - 40);
      found.push(node.textContent.slice(start, match.index + 40).replace(/\s+/g, " "));
    }
  }
  const arithmatex = [...document.querySelectorAll(".arithmatex")];
  return {
    raw: found,
    formulas: arithmatex.length + document.querySelectorAll(".jupyter-wrapper .katex").length,
    unrendered: arithmatex.filter((e) => !e.querySelector(".katex"))
      .map((e) => e.textContent.slice(0, 80)),
    errors: [...document.querySelectorAll(".katex-error")]
      .map((e) => (e.getAttribute("title") || "") + ": " + e.textContent.slice(0, 80)),
  };
}
"""

IMAGES_SCRIPT = """
() => [...document.images].map((image) => ({
  src: image.getAttribute("src").slice(0, 120),
  naturalWidth: image.naturalWidth,
  shown: getComputedStyle(image).display !== "none",
}))
"""

NOTEBOOK_SCRIPT = r"""
() => {
  if (!document.querySelector(".jupyter-wrapper")) return null;
  const cells = [...document.querySelectorAll(".jp-Cell.jp-CodeCell")];
  return {
    cells: cells.length,
    prompts: cells.map((c) => (c.querySelector(".jp-InputPrompt") || {}).textContent || "")
      .map((t) => t.replace(/\s+/g, " ").trim()),
    outputs: document.querySelectorAll(".jp-OutputArea-output").length,
    stderr: [...document.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    )].map((e) => e.textContent.slice(0, 200)),
  };
}
"""

AXE_SCRIPT = """
async ({ allowed, rules }) => {
  const options = { resultTypes: ["violations"] };
  if (rules) options.runOnly = { type: "rule", values: rules };
  const result = await axe.run(document, options);
  const findings = [];
  for (const violation of result.violations) {
    for (const node of violation.nodes) {
      const impact = node.impact || violation.impact;
      if (impact !== "serious" && impact !== "critical") continue;
      let element = null;
      try {
        element = document.querySelector(node.target.flat().join(" "));
      } catch (error) {
        element = null;
      }
      const entry = allowed.find(
        (a) => a.rule === violation.id && element && element.closest(a.selector)
      );
      findings.push({
        rule: violation.id,
        impact: impact,
        target: node.target.flat().join(" "),
        html: node.html.replace(/\\s+/g, " ").slice(0, 160),
        summary: (node.failureSummary || "").replace(/\\s+/g, " ").slice(0, 240),
        allowed: entry ? entry.selector : null,
      });
    }
  }
  return findings;
}
"""


def site_file(site: Path, url: str) -> Path | None:
    """Return the file of ``site`` that serves ``url`` (a same-origin URL), if any."""
    path = unquote(urlsplit(url).path).lstrip("/")
    candidate = site / path
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


# Axe rules whose outcome depends on the colors; the others see the same DOM in both
# schemes, so they run once (light) and only these run again (dark).
COLOR_RULES = ["color-contrast", "link-in-text-block"]

# A reader may open every collapsed block (solutions) and scroll to every figure: open all
# of them, and start loading every lazy image that is shown, as scrolling to it would (this
# fetches the same files without painting the page at every figure). The other scheme's
# images stay hidden and unloaded, as they are for a reader.
READ_ALL_SCRIPT = """
() => {
  for (const details of document.querySelectorAll("details")) details.open = true;
  for (const image of document.images) {
    if (getComputedStyle(image).display !== "none") image.loading = "eager";
  }
}
"""
SHOWN_IMAGES_LOADED = """
() => [...document.images].every(
  (image) => image.complete || getComputedStyle(image).display === "none"
)
"""


class _Tab:
    """One browser tab that visits page after page, recording each visit's events.

    Reusing one tab keeps one renderer process, which compiles the theme's scripts once:
    opening a new tab per page costs about twice the CPU. Each visit starts by navigation,
    so nothing of the previous page is left (routing also turns off the HTTP cache, so
    every visit fetches what a first load fetches), and it ends when the network has been
    idle, so no late event of one page is counted against the next.
    """

    def __init__(self, page: Any, base: str, site: Path) -> None:
        self.page, self.base, self.site = page, base, site
        self.visit = Visit(path="", scheme="")
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.visit.console_errors.append(f"uncaught: {error}"))
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)
        page.on("requestfinished", self._on_finished)

    @classmethod
    async def open(cls, context: Any, base: str, site: Path) -> "_Tab":
        tab = cls(await context.new_page(), base, site)
        await tab.page.route(re.compile(".*"), tab._keep_local)
        return tab

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.visit.console_errors.append(f"{message.text} ({where})")

    def _on_failed(self, request: Any) -> None:
        if request.url.startswith(self.base):
            self.visit.failed_requests.append(f"{request.url}: {request.failure}")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self.visit.failed_requests.append(f"{response.url}: HTTP {response.status}")

    def _on_finished(self, request: Any) -> None:
        if request.url.startswith(self.base):
            served = site_file(self.site, request.url)
            size = served.stat().st_size if served else 0
            path = request.url[len(self.base) - 1 :]
            self.visit.resources.append((path, request.resource_type, size))

    async def _keep_local(self, route: Any, request: Any) -> None:
        if request.url.startswith((self.base, "data:", "blob:")):
            await route.continue_()
        else:
            self.visit.foreign_requests.append(request.url)
            await route.abort()

    async def read(self, path: str, scheme: str, allowed: list[dict[str, str]]) -> Visit:
        """Load ``path`` as a reader would, read everything on it, and return the record."""
        visit = self.visit = Visit(path=path, scheme=scheme)
        page = self.page
        await page.goto(self.base + path, wait_until="load")
        await page.evaluate(READ_ALL_SCRIPT)
        await page.wait_for_function(SHOWN_IMAGES_LOADED)
        await page.evaluate("window.scrollTo(0, 0)")
        visit.body_scheme = await page.evaluate(
            "document.body.getAttribute('data-md-color-scheme')"
        )
        visit.images = await page.evaluate(IMAGES_SCRIPT)
        visit.math = await page.evaluate(MATH_SCRIPT)
        visit.notebook = await page.evaluate(NOTEBOOK_SCRIPT)
        await page.add_script_tag(path=str(AXE))
        rules = None if scheme == SCHEMES[0] else COLOR_RULES
        visit.axe = await page.evaluate(AXE_SCRIPT, {"allowed": allowed, "rules": rules})
        await page.wait_for_load_state("networkidle")
        return visit


async def _search(context: Any, base: str, query: str) -> list[str]:
    """Type ``query`` into the header's search box; return the result links' paths."""
    page = await context.new_page()
    await page.goto(base, wait_until="networkidle")
    await page.click("input.md-search__input")
    await page.keyboard.type(query)
    try:
        await page.wait_for_selector(".md-search-result__item a", timeout=10_000)
    except Exception:
        return []
    hrefs: list[str] = await page.evaluate(
        "[...document.querySelectorAll('.md-search-result__item a')].map((a) => a.href)"
    )
    await page.close()
    return [urlsplit(href).path for href in hrefs]


_CACHE: dict[tuple[Path, tuple[AllowedFinding, ...]], SiteVisits] = {}


def collect(site: Path, allowed: tuple[AllowedFinding, ...] = ()) -> SiteVisits:
    """Visit every page of ``site`` in both schemes (once per session); return the records."""
    key = (site.resolve(), allowed)
    if key not in _CACHE:
        _CACHE[key] = asyncio.run(_collect(site, allowed))
    return _CACHE[key]


async def _scheme(
    browser: Any, base: str, site: Path, scheme: str, allowed: list[dict[str, str]]
) -> tuple[list[Visit], list[str] | None]:
    """Visit every page in one scheme, one after the other, in a context of its own."""
    context = await browser.new_context(color_scheme=scheme, viewport=VIEWPORT)
    tab = await _Tab.open(context, base, site)
    visits = [await tab.read(p, scheme, allowed) for p in page_urls(site)]
    search_results = None
    if scheme == SCHEMES[0] and (site / "chapters/saddle-points/index.html").is_file():
        search_results = await _search(context, base, SEARCH_QUERY)
    await context.close()
    return visits, search_results


async def _collect(site: Path, allowed: tuple[AllowedFinding, ...]) -> SiteVisits:
    # The two schemes run side by side (one renderer each), which halves the wall time on
    # a machine with two cores.
    allow = [{"rule": a.rule, "selector": a.selector} for a in allowed]
    with serve_site(site) as base:
        async with async_launch() as browser:
            results = await asyncio.gather(
                *(_scheme(browser, base, site, scheme, allow) for scheme in SCHEMES)
            )
    visits = [visit for scheme_visits, _ in results for visit in scheme_visits]
    return SiteVisits(visits, results[0][1])
