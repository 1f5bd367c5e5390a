"""Visit every page of a built site in headless Chromium, once, and record what a reader gets.

One pass per site: every page in the light and in the dark scheme, in one browser. For each
visit it records the console errors, the failed requests, the requests to any other origin
(aborted, so that a test never reaches the network), the images, raw TeX left on the page,
notebook cells, the serious and critical axe-core findings, the bytes of everything the
first load fetched, the code blocks that scroll sideways and the inline formulas whose
punctuation starts a line. A second pass visits every page at a phone's width (390 px) and
records what overflows. Then a few reader's errands, once each: searching, following links
by instant navigation, tabbing through the home page, opening a page from disk (file://)
and printing a chapter to PDF in both schemes. The tests (tests/test_browser.py,
tests/test_page_weight.py) only read these records, so the slow part runs once per
session however many tests look at it.
"""

import asyncio
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from browser.browser import SCHEMES, async_launch, page_urls, serve_site

VENDOR = Path(__file__).resolve().parent / "vendor"
AXE = VENDOR / "axe.min.js"
SEARCH_QUERY = "saddle"
# The searches a test checks, and the suggestion it expects for a prefix.
SEARCHES = ("saddle", "Hessian", "empirical risk", "vanishing gradient", "learning rate")
SUGGEST_PREFIX = "saddl"
VIEWPORT = {"width": 1280, "height": 900}
NARROW = {"width": 390, "height": 844}
TAB_STOPS = 40
ERRAND_WAIT = 60_000  # ms; the machine may be busy


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
    code_overflow: list[str] = field(default_factory=list)
    punctuation_breaks: list[str] = field(default_factory=list)
    overflow: list[str] = field(default_factory=list)
    notebook_filters: list[str] = field(default_factory=list)
    heights: tuple[int, int] = (0, 0)  # the page's height on load, and with every image in


@dataclass
class SiteVisits:
    """Every visit of a site, and what the reader's errands found (see ``_errands``)."""

    visits: list[Visit]
    search_results: list[str] | None
    narrow: list[Visit] = field(default_factory=list)
    searches: dict[str, list[str]] = field(default_factory=dict)
    suggestion: str = ""
    navigation: list[dict[str, Any]] = field(default_factory=list)
    tab_stops: list[dict[str, Any]] = field(default_factory=list)
    file_math: dict[str, Any] = field(default_factory=dict)
    prints: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # errand: what went wrong


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

HEIGHT = "document.documentElement.scrollHeight"

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


# A code block (a listing, a doctest, a notebook cell or output) that scrolls sideways.
CODE_OVERFLOW_SCRIPT = """
() => {
  const blocks = [...document.querySelectorAll(
    ".md-content pre > code, .jupyter-wrapper .highlight-ipynb pre, "
    + ".jupyter-wrapper .jp-OutputArea-output pre"
  )];
  return blocks.flatMap((code, index) => {
    const hidden = code.offsetParent === null;
    const over = code.scrollWidth - code.clientWidth;
    if (hidden || over <= 1) return [];
    const first = code.textContent.trim().split("\\n")[0].slice(0, 50);
    return [`code block ${index + 1} of ${blocks.length} scrolls by ${over} px: ${first}`];
  });
}
"""

# Inline formulas followed by punctuation whose punctuation starts the next line.
PUNCTUATION_SCRIPT = """
() => {
  const found = [];
  for (const math of document.querySelectorAll("span.arithmatex")) {
    const next = math.nextSibling;
    if (!next || next.nodeType !== Node.TEXT_NODE) continue;
    if (!/^[,.;:!?)]/.test(next.textContent)) continue;
    const rects = math.getClientRects();
    if (!rects.length || math.offsetParent === null) continue;
    const range = document.createRange();
    range.setStart(next, 0);
    range.setEnd(next, 1);
    const mark = range.getBoundingClientRect();
    const last = rects[rects.length - 1];
    if (mark.height > 0 && mark.top >= last.bottom - 2) {
      const formula = math.textContent.replace(/\\s+/g, " ").slice(0, 40);
      found.push(formula + " | " + next.textContent[0]);
    }
  }
  return found;
}
"""

# Prose and figures wider than the window (code, tables and display math may scroll in
# their own box, which is not an overflow of the page).
OVERFLOW_SCRIPT = """
() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width + 1) {
    found.push(`the page is ${document.documentElement.scrollWidth} px wide`);
  }
  const scrolls = (element) => {
    for (let e = element.parentElement; e; e = e.parentElement) {
      const overflow = getComputedStyle(e).overflowX;
      if (overflow === "auto" || overflow === "scroll") return true;
    }
    return false;
  };
  const selector = ".md-content :is(p, li, h1, h2, h3, h4, dt, dd, figcaption, figure, img)";
  for (const element of document.querySelectorAll(selector)) {
    if (element.closest("pre, code, .highlight, .highlight-ipynb, .katex-display")) continue;
    if (element.offsetParent === null) continue;
    const rect = element.getBoundingClientRect();
    const over = Math.max(rect.right - width, element.scrollWidth - element.clientWidth);
    if (over > 1 && !scrolls(element)) {
      const text = (element.textContent || element.getAttribute("src") || "").trim();
      found.push(`${element.tagName.toLowerCase()} overflows by ${Math.round(over)} px: `
        + text.replace(/\\s+/g, " ").slice(0, 60));
    }
  }
  return found;
}
"""

NOTEBOOK_FILTERS_SCRIPT = """
() => [...document.querySelectorAll(".jupyter-wrapper .jp-OutputArea-output img")]
  .map((image) => getComputedStyle(image).filter)
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
EAGER_IMAGES_SCRIPT = """
() => {
  for (const image of document.images) {
    if (getComputedStyle(image).display !== "none") image.loading = "eager";
  }
}
"""
READ_ALL_SCRIPT = f"""
() => {{
  for (const details of document.querySelectorAll("details")) details.open = true;
  ({EAGER_IMAGES_SCRIPT.strip()})();
}}
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
        on_load = await page.evaluate(HEIGHT)
        await page.evaluate(EAGER_IMAGES_SCRIPT)
        await page.wait_for_function(SHOWN_IMAGES_LOADED)
        visit.heights = (on_load, await page.evaluate(HEIGHT))
        await page.evaluate(READ_ALL_SCRIPT)
        await page.wait_for_function(SHOWN_IMAGES_LOADED)
        await page.evaluate("window.scrollTo(0, 0)")
        visit.body_scheme = await page.evaluate(
            "document.body.getAttribute('data-md-color-scheme')"
        )
        visit.images = await page.evaluate(IMAGES_SCRIPT)
        visit.math = await page.evaluate(MATH_SCRIPT)
        visit.notebook = await page.evaluate(NOTEBOOK_SCRIPT)
        visit.code_overflow = await page.evaluate(CODE_OVERFLOW_SCRIPT)
        visit.punctuation_breaks = await page.evaluate(PUNCTUATION_SCRIPT)
        visit.notebook_filters = await page.evaluate(NOTEBOOK_FILTERS_SCRIPT)
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


async def _local_page(context: Any, base: str) -> Any:
    """Return a new tab of ``context`` that aborts every request outside ``base``."""
    page = await context.new_page()

    async def keep_local(route: Any, request: Any) -> None:
        if request.url.startswith((base, "data:", "blob:", "file:")):
            await route.continue_()
        else:
            await route.abort()

    await page.route(re.compile(".*"), keep_local)
    return page


async def _narrow(browser: Any, base: str, site: Path) -> list[Visit]:
    """Visit every page at a phone's width: what overflows, where punctuation wraps."""
    context = await browser.new_context(color_scheme="light", viewport=NARROW)
    page = await _local_page(context, base)
    visits = []
    for path in page_urls(site):
        await page.goto(base + path, wait_until="load")
        await page.evaluate(READ_ALL_SCRIPT)
        visit = Visit(path=path, scheme="light, 390 px")
        visit.overflow = await page.evaluate(OVERFLOW_SCRIPT)
        visit.punctuation_breaks = await page.evaluate(PUNCTUATION_SCRIPT)
        visits.append(visit)
    await context.close()
    return visits


SEARCH_RESULTS = "[...document.querySelectorAll('.md-search-result__item > a')].map((a) => a.href)"


async def _searches(context: Any, base: str) -> tuple[dict[str, list[str]], str]:
    """Search each of SEARCHES from the home page; return the result paths and the
    suggestion offered for SUGGEST_PREFIX."""
    page = await _local_page(context, base)
    found = {}
    for query in SEARCHES:
        await page.goto(base, wait_until="networkidle")
        await page.click("input.md-search__input")
        await page.keyboard.type(query)
        try:
            await page.wait_for_selector(".md-search-result__item a", timeout=10_000)
            await page.wait_for_timeout(300)  # the last keystroke's results
            hrefs = await page.evaluate(SEARCH_RESULTS)
        except Exception:
            hrefs = []
        found[query] = [
            urlsplit(href).path
            + (f"#{urlsplit(href).fragment}" if urlsplit(href).fragment else "")
            for href in hrefs
        ]
    await page.goto(base, wait_until="networkidle")
    await page.click("input.md-search__input")
    await page.keyboard.type(SUGGEST_PREFIX)
    try:
        await page.wait_for_function(
            "document.querySelector('.md-search__suggest').textContent.trim() !== ''",
            timeout=10_000,
        )
        suggestion = await page.evaluate(
            "document.querySelector('.md-search__suggest').textContent.trim()"
        )
    except Exception:
        suggestion = ""
    await page.close()
    return found, suggestion


# What a page shows after arriving, by full load or by instant navigation.
ARRIVED_SCRIPT = """
() => {
  const arithmatex = [...document.querySelectorAll(".arithmatex")];
  const prompt = document.querySelector(".jupyter-wrapper .jp-InputPrompt");
  const style = prompt ? getComputedStyle(prompt) : null;
  return {
    path: location.pathname,
    kept: window.__guideMarker === "kept",
    formulas: arithmatex.length + document.querySelectorAll(".jupyter-wrapper .katex").length,
    unrendered: arithmatex.filter((e) => !e.querySelector(".katex")).length,
    code_blocks: document.querySelectorAll(".md-content pre > code").length,
    copy_buttons: document.querySelectorAll(
      '.md-content button.md-code__button[data-md-type="copy"]'
    ).length,
    notebook_cells: document.querySelectorAll(".jupyter-wrapper .jp-CodeCell").length,
    notebook_copy: document.querySelectorAll(".jupyter-wrapper clipboard-copy").length,
    notebook_copy_defined: customElements.get("clipboard-copy") !== undefined,
    notebook_style: style ? [style.display, style.fontFamily, style.minWidth].join(" | ") : "",
    images: [...document.images].filter((i) => getComputedStyle(i).display !== "none")
      .map((i) => ({ src: i.getAttribute("src"), loaded: i.complete && i.naturalWidth > 0 })),
  };
}
"""
LOAD_SHOWN_IMAGES = READ_ALL_SCRIPT


STYLESHEETS_LOADED = """
() => [...document.querySelectorAll('link[rel="stylesheet"]')].every((link) => link.sheet)
"""


async def _arrive(page: Any, path: str, title: str) -> dict[str, Any]:
    """Wait until the page at ``path`` (whose <title> is ``title``) is shown; read it."""
    await page.wait_for_function(f"location.pathname.endsWith({path!r})", timeout=ERRAND_WAIT)
    # Instant navigation changes the address first and the content (and title) later.
    await page.wait_for_function("(t) => document.title === t", arg=title, timeout=ERRAND_WAIT)
    await page.wait_for_load_state("networkidle")
    # The stylesheets the new page brings (a notebook's) apply once they have loaded.
    await page.wait_for_function(STYLESHEETS_LOADED, timeout=ERRAND_WAIT)
    await page.evaluate(LOAD_SHOWN_IMAGES)
    await page.wait_for_function(SHOWN_IMAGES_LOADED, timeout=ERRAND_WAIT)
    result: dict[str, Any] = await page.evaluate(ARRIVED_SCRIPT)
    return result


def _title(site: Path, path: str) -> str:
    """Return the <title> of the page at ``path``, as the browser reads it."""
    text = (site / path / "index.html").read_text(encoding="utf-8")
    match = re.search(r"<title>(.*?)</title>", text, re.S)
    return html.unescape(match[1].strip()) if match else ""


async def _navigation(context: Any, base: str, site: Path) -> list[dict[str, Any]]:
    """Follow links from the home page to a chapter and then to a notebook by instant
    navigation (a marker set on the window survives only client-side navigation); then
    load the notebook page afresh, to compare."""
    chapters = [
        p for p in page_urls(site) if p.startswith("chapters/") and p != "chapters/summary/"
    ]
    notebooks = [p for p in page_urls(site) if p.startswith("examples/")]
    if not chapters or not notebooks:
        return []
    chapter = "chapters/saddle-points/" if "chapters/saddle-points/" in chapters else chapters[0]
    notebook = notebooks[0]
    page = await _local_page(context, base)
    await page.goto(base, wait_until="networkidle")
    await page.evaluate("window.__guideMarker = 'kept'")
    steps = []
    for path in (chapter, notebook):
        clicked = await page.evaluate(
            """(path) => {
              const link = [...document.querySelectorAll("a[href]")].find(
                (a) => new URL(a.href).pathname.endsWith("/" + path)
              );
              if (link) link.click();
              return Boolean(link);
            }""",
            path,
        )
        title = _title(site, path)
        missing = {"path": path, "missing_link": True}
        step = await _arrive(page, path, title) if clicked else missing
        step["via"] = "instant navigation"
        steps.append(step)
    await page.goto(base + notebook, wait_until="networkidle")
    fresh = await _arrive(page, notebook, _title(site, notebook))
    fresh["via"] = "full load"
    steps.append(fresh)
    await page.close()
    return steps


TAB_STOP_SCRIPT = """
() => {
  const element = document.activeElement;
  if (!element || element === document.body) return { what: "body", visible: true };
  const seen = (target) => {
    const rect = target.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1) return false;
    for (let e = target; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.visibility === "hidden" || style.display === "none") return false;
      if (parseFloat(style.opacity) < 0.1) return false;
    }
    return true;
  };
  // A visually hidden control (the color scheme's radio button) shows its focus on its
  // label, or (Material's .md-option) on the label right after it.
  const labels = element.id ? [...document.querySelectorAll(`label[for="${element.id}"]`)] : [];
  const after = element.nextElementSibling;
  if (after && after.tagName === "LABEL") labels.push(after);
  const visible = seen(element) || labels.some(seen);
  const what = element.tagName.toLowerCase()
    + (element.className && typeof element.className === "string"
      ? "." + element.className.trim().split(/\\s+/).join(".") : "")
    + (element.getAttribute("href") ? ` href=${element.getAttribute("href")}` : "");
  return { what: what, visible: visible };
}
"""


async def _tab_stops(context: Any, base: str) -> list[dict[str, Any]]:
    """Press Tab TAB_STOPS times on the home page; return where each press went."""
    page = await _local_page(context, base)
    await page.goto(base, wait_until="networkidle")
    stops = []
    for _ in range(TAB_STOPS):
        await page.keyboard.press("Tab")
        await page.wait_for_timeout(250)  # focus styles fade in
        stops.append(await page.evaluate(TAB_STOP_SCRIPT))
    await page.close()
    return stops


async def _file_math(browser: Any, site: Path) -> dict[str, Any]:
    """Open pages from disk, as file:// URLs, and count the formulas KaTeX rendered."""
    context = await browser.new_context(color_scheme="light", viewport=VIEWPORT)
    page = await context.new_page()

    async def only_files(route: Any, request: Any) -> None:
        if request.url.startswith(("file:", "data:", "blob:")):
            await route.continue_()
        else:
            await route.abort()

    await page.route(re.compile(".*"), only_files)
    result = {}
    for path in ("", "chapters/saddle-points/"):
        html = site / path / "index.html"
        if not html.is_file():
            continue
        await page.goto(html.resolve().as_uri(), wait_until="load")
        await page.wait_for_timeout(500)
        result[path] = await page.evaluate(MATH_SCRIPT)
    await context.close()
    return result


PRINT_SCRIPT = """
() => {
  const shown = [...document.images].filter(
    (i) => getComputedStyle(i).display !== "none" && i.closest("article")
  );
  const text = document.querySelector(".md-content p");
  return {
    images: shown.map((i) => i.getAttribute("src")),
    background: getComputedStyle(document.body).backgroundColor,
    text: text ? getComputedStyle(text).color : "",
  };
}
"""
PRINT_IMAGES_EAGER = """
() => {
  for (const image of document.images) {
    if (getComputedStyle(image).display !== "none") image.loading = "eager";
  }
}
"""


async def _prints(browser: Any, base: str, site: Path) -> dict[str, dict[str, Any]]:
    """Print a chapter to PDF in each scheme: what print shows, and the PDF's pages."""
    chapters = [
        p for p in page_urls(site) if p.startswith("chapters/") and p != "chapters/summary/"
    ]
    if not chapters:
        return {}
    chapter = "chapters/saddle-points/" if "chapters/saddle-points/" in chapters else chapters[0]
    result = {}
    for scheme in SCHEMES:
        context = await browser.new_context(color_scheme=scheme, viewport=VIEWPORT)
        page = await _local_page(context, base)
        await page.goto(base + chapter, wait_until="networkidle")
        await page.emulate_media(media="print")
        await page.evaluate(PRINT_IMAGES_EAGER)
        await page.wait_for_function(SHOWN_IMAGES_LOADED, timeout=ERRAND_WAIT)
        record: dict[str, Any] = await page.evaluate(PRINT_SCRIPT)
        pdf = await page.pdf(format="A4")
        record["pdf_pages"] = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
        record["pdf_bytes"] = len(pdf)
        record["path"] = chapter
        result[scheme] = record
        await context.close()
    return result


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
            found = SiteVisits(visits, results[0][1])
            await _errands(browser, base, site, found)
    return found


async def _errands(browser: Any, base: str, site: Path, found: SiteVisits) -> None:
    """The reader's errands beyond reading: each is done once, in the light scheme."""

    async def one_tab_at_a_time() -> None:
        # Typing and tabbing go to the focused tab: these run one after the other.
        context = await browser.new_context(color_scheme="light", viewport=VIEWPORT)
        try:
            found.searches, found.suggestion = await _searches(context, base)
        except Exception as error:  # the tests that read it fail, saying why
            found.errors["search"] = repr(error)
        try:
            found.navigation = await _navigation(context, base, site)
        except Exception as error:
            found.errors["navigation"] = repr(error)
        try:
            found.tab_stops = await _tab_stops(context, base)
        except Exception as error:
            found.errors["tab stops"] = repr(error)
        await context.close()

    found.narrow, _ = await asyncio.gather(_narrow(browser, base, site), one_tab_at_a_time())
    try:
        found.file_math = await _file_math(browser, site)
    except Exception as error:
        found.errors["file://"] = repr(error)
    try:
        found.prints = await _prints(browser, base, site)
    except Exception as error:
        found.errors["print"] = repr(error)
