"""Visit every page of a built site in headless Chromium, once, and record what a reader gets.

One pass per site, in one browser, with two tabs side by side that share the pages (one
renderer each: on two cores that halves the wall time, and a tab that moves from page to page
keeps its renderer, which a new tab would have to start and warm again). Every load is a
reader's first visit: nothing that an earlier page stored (Material keeps the chosen palette
in localStorage) is left.

- At 1280 px, every page is loaded as by a reader whose system prefers light, and read.
  For that visit it records the console errors, the failed requests, the requests to any
  other origin (aborted, so that a test never reaches the network), the images, raw TeX left
  on the page, notebook cells, the serious and critical axe-core findings (every rule), the
  bytes of everything the visit fetched, the code blocks that scroll sideways, the inline
  formulas whose punctuation starts a line and how much the page grows as its figures load.
- At a phone's width (390 px), every page is loaded again (math.js sets formulas at load by
  the width it has), as by a reader whose system prefers dark: what overflows, where
  punctuation wraps, the axe-core findings of the rules that depend on colors, and that such
  a reader gets the dark palette, the dark figures and inverted notebook plots on the first
  load, without errors or failed requests.
- On a chapter with figures and on a notebook with plots, the 1280 px reader then switches
  to the dark palette with the header's toggle, in the same tab, and the page is read again
  with the color rules (switching gives every element the colors of a dark first load, and
  shows, and loads, the dark figures). These two pages also check, in dark, what only the
  wide layout shows: the navigation and the table of contents, the same theme markup on
  every page.
- A few reader's errands, once each: tabbing through the home page and then searching from
  it, following links by instant navigation, opening a page from disk (file://) and
  printing a chapter to PDF in both schemes.

The tests (tests/test_browser.py, tests/test_page_weight.py) only read these records, so
the slow part runs once per session however many tests look at it.
"""

import asyncio
import html
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
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
    """What one page showed in one color scheme, at one width.

    ``switched`` visits reached their scheme by the header's toggle after a first load in the
    other one; their ``resources`` are what the switch fetched (the figures of the new
    scheme), and their ``heights`` are the page's height just after the switch and with
    every image in. The other visits are first loads; their ``resources`` are everything the
    load fetched, figures included. The 390 px visits record only what they are for (see
    ``_Tab.narrow``) and the events; their other fields stay empty.
    """

    path: str
    scheme: str
    width: int = VIEWPORT["width"]
    switched: bool = False
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
    heights: tuple[int, int] = (0, 0)  # the page's height as shown, and with every image in


@dataclass
class SiteVisits:
    """Every visit of a site, and what the reader's errands found (see ``_errands``).

    ``visits`` holds the 1280 px reads (light first loads of every page, and the dark
    switched reads of ``switched_pages``), ``narrow`` the 390 px first loads in the dark
    scheme.
    """

    visits: list[Visit] = field(default_factory=list)
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
# images stay hidden, and unloaded unless the reader has switched from it, as for a reader.
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

# Every document a tab opens starts as a reader's first visit: nothing an earlier page
# stored (about:blank has no storage, hence the try).
FIRST_VISIT = "try { localStorage.clear(); } catch (error) {}"
# The header's palette toggle: the label shown is the one that switches to the other scheme.
PALETTE_TOGGLE = 'form[data-md-component="palette"] label:not([hidden])'
BODY_SCHEME = "document.body.getAttribute('data-md-color-scheme')"
# Material's search worker fetches the search index and builds it afresh on every load (a
# quarter of a load's CPU). Where nobody searches it is served empty (see _Tab.narrow).
SEARCH_WORKER = re.compile(r"/assets/javascripts/workers/search\.[0-9a-f]+\.min\.js$")
# Material marks the body while it switches the palette (transitions off, until the next
# frame); the hover on the toggle fades out once the mouse has left it. Whether the switch
# gave the scheme wanted is for the tests to say (the record's body_scheme).
SWITCHED = """
() => !document.body.hasAttribute("data-md-color-switching")
  && !document.getAnimations().some((animation) => animation instanceof CSSTransition)
"""


class _Tab:
    """One browser tab that visits page after page, recording each visit's events.

    Reusing one tab keeps one renderer process, which compiles the theme's scripts once:
    opening a new tab per page costs about twice the CPU. Each visit starts by navigation
    (or by switching the palette of the page just read), so nothing of the previous page is
    left (routing also turns off the HTTP cache, so every visit fetches what a first load
    fetches), and it ends when the network has been idle (a switched visit, which fetches
    only figures, once they are in), so no late event of one page is counted against the
    next. Each tab has a context of its own, so that one tab's palette never reaches the
    other's storage.
    """

    def __init__(self, page: Any, base: str, site: Path) -> None:
        self.page, self.base, self.site = page, base, site
        self.visit = Visit(path="", scheme="")
        self.prefers, self.viewport = "light", VIEWPORT
        self.searchable = True
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.visit.console_errors.append(f"uncaught: {error}"))
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)
        page.on("requestfinished", self._on_finished)

    @classmethod
    async def open(cls, browser: Any, base: str, site: Path) -> "_Tab":
        context = await browser.new_context(color_scheme="light", viewport=VIEWPORT)
        tab = cls(await context.new_page(), base, site)
        await tab.page.add_init_script(FIRST_VISIT)
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
        if not self.searchable and SEARCH_WORKER.search(request.url):
            await route.fulfill(content_type="text/javascript", body="")
        elif request.url.startswith((self.base, "data:", "blob:")):
            await route.continue_()
        else:
            self.visit.foreign_requests.append(request.url)
            await route.abort()

    async def load(
        self, path: str, prefers: str, viewport: dict[str, int], searchable: bool = True
    ) -> Visit:
        """Open ``path`` as the first visit of a reader whose system prefers the scheme
        ``prefers``, in a window of ``viewport``, with a search worker that does nothing
        unless ``searchable``; return the visit's record, to fill."""
        page = self.page
        self.searchable = searchable
        if prefers != self.prefers:
            await page.emulate_media(color_scheme=prefers)
            self.prefers = prefers
        if viewport != self.viewport:
            await page.set_viewport_size(viewport)
            self.viewport = viewport
        visit = self.visit = Visit(path=path, scheme=prefers, width=viewport["width"])
        await page.goto(self.base + path, wait_until="load")
        return visit

    async def switch_to_dark(self) -> Visit:
        """Click the header's palette toggle, as a reader does, and take the mouse off it;
        return the record of the page in the dark palette, to fill."""
        visit = self.visit = Visit(
            path=self.visit.path, scheme="dark", width=self.viewport["width"], switched=True
        )
        await self.page.click(PALETTE_TOGGLE)
        await self.page.mouse.move(-1, -1)
        await self.page.wait_for_function(SWITCHED)
        return visit

    async def read(self, path: str, allowed: list[dict[str, str]], switch: bool) -> list[Visit]:
        """Read ``path`` at 1280 px as a first visit in light (every axe rule) and, if
        ``switch``, again switched to dark (the color rules); return the records."""
        light = await self.load(path, "light", VIEWPORT)
        await self._read(light, allowed, None)
        await self.page.wait_for_load_state("networkidle")
        if not switch:
            return [light]
        dark = await self.switch_to_dark()
        await self._read(dark, allowed, COLOR_RULES)
        return [light, dark]

    async def _read(
        self, visit: Visit, allowed: list[dict[str, str]], rules: list[str] | None
    ) -> None:
        """Read everything on the page as it is shown now into ``visit``: open every block,
        load every shown figure, then look (axe-core: ``rules``, or every rule if None)."""
        page = self.page
        shown = await page.evaluate(HEIGHT)
        await page.evaluate(EAGER_IMAGES_SCRIPT)
        await page.wait_for_function(SHOWN_IMAGES_LOADED)
        visit.heights = (shown, await page.evaluate(HEIGHT))
        await page.evaluate(READ_ALL_SCRIPT)
        await page.wait_for_function(SHOWN_IMAGES_LOADED)
        await page.evaluate("window.scrollTo(0, 0)")
        visit.body_scheme = await page.evaluate(BODY_SCHEME)
        visit.images = await page.evaluate(IMAGES_SCRIPT)
        visit.math = await page.evaluate(MATH_SCRIPT)
        visit.notebook = await page.evaluate(NOTEBOOK_SCRIPT)
        visit.code_overflow = await page.evaluate(CODE_OVERFLOW_SCRIPT)
        visit.punctuation_breaks = await page.evaluate(PUNCTUATION_SCRIPT)
        visit.notebook_filters = await page.evaluate(NOTEBOOK_FILTERS_SCRIPT)
        visit.axe = await self._axe(allowed, rules)

    async def _axe(
        self, allowed: list[dict[str, str]], rules: list[str] | None
    ) -> list[dict[str, Any]]:
        """Return the serious and critical findings of axe-core's ``rules`` (None: all)."""
        if not await self.page.evaluate("typeof axe === 'object'"):
            await self.page.add_script_tag(path=str(AXE))
        findings: list[dict[str, Any]] = await self.page.evaluate(
            AXE_SCRIPT, {"allowed": allowed, "rules": rules}
        )
        return findings

    async def narrow(self, path: str, allowed: list[dict[str, str]]) -> Visit:
        """Load ``path`` at a phone's width as the first visit of a reader whose system
        prefers dark, open every block and load every shown figure; record what overflows,
        where punctuation wraps, the palette, figures and notebook plots on show, and what
        axe-core's color rules find.

        Nothing is searched here, and the 1280 px read of the same page has fetched and run
        the real search worker and index: this load gets an empty worker."""
        visit = await self.load(path, "dark", NARROW, searchable=False)
        page = self.page
        await page.evaluate(READ_ALL_SCRIPT)
        await page.wait_for_function(SHOWN_IMAGES_LOADED)
        visit.body_scheme = await page.evaluate(BODY_SCHEME)
        visit.images = await page.evaluate(IMAGES_SCRIPT)
        visit.notebook_filters = await page.evaluate(NOTEBOOK_FILTERS_SCRIPT)
        visit.overflow = await page.evaluate(OVERFLOW_SCRIPT)
        visit.punctuation_breaks = await page.evaluate(PUNCTUATION_SCRIPT)
        visit.axe = await self._axe(allowed, COLOR_RULES)
        await page.wait_for_load_state("networkidle")
        return visit


SEARCH_BOX = "input.md-search__input"
SEARCH_RESULTS = "[...document.querySelectorAll('.md-search-result__item > a')].map((a) => a.href)"
SEARCH_CLEARED = """
() => !document.querySelector(".md-search-result__item")
  && document.querySelector(".md-search__suggest").textContent.trim() === ""
"""


async def _type_search(page: Any, text: str) -> None:
    """Empty the header's search box as a reader does (select all, delete), wait until
    nothing of an earlier query is shown, and type ``text``."""
    await page.click(SEARCH_BOX)
    await page.keyboard.press("ControlOrMeta+A")
    await page.keyboard.press("Backspace")
    await page.wait_for_function(SEARCH_CLEARED, timeout=ERRAND_WAIT)
    await page.keyboard.type(text)


async def _searches(page: Any) -> tuple[dict[str, list[str]], str]:
    """Search each of SEARCHES in turn from the page shown (the box emptied between them);
    return the result paths and the suggestion offered for SUGGEST_PREFIX."""
    found = {}
    for query in SEARCHES:
        await _type_search(page, query)
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
    await _type_search(page, SUGGEST_PREFIX)
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
    await page.evaluate(READ_ALL_SCRIPT)
    await page.wait_for_function(SHOWN_IMAGES_LOADED, timeout=ERRAND_WAIT)
    result: dict[str, Any] = await page.evaluate(ARRIVED_SCRIPT)
    return result


def _title(site: Path, path: str) -> str:
    """Return the <title> of the page at ``path``, as the browser reads it."""
    text = (site / path / "index.html").read_text(encoding="utf-8")
    match = re.search(r"<title>(.*?)</title>", text, re.S)
    return html.unescape(match[1].strip()) if match else ""


def _shortest(site: Path, folder: str, *holding: str) -> str | None:
    """Return the shortest page under ``folder`` (not its index) whose HTML holds each of
    ``holding``, if any: what an errand costs grows with the page, what it checks does not."""
    pages = [site / p / "index.html" for p in page_urls(site) if p.startswith(f"{folder}/")]
    found = [
        page
        for page in pages
        if page.parent != site / folder
        and all(text in page.read_text(encoding="utf-8") for text in holding)
    ]
    if not found:
        return None
    shortest = min(found, key=lambda page: page.stat().st_size)
    return shortest.parent.relative_to(site).as_posix() + "/"


def switched_pages(site: Path) -> list[str]:
    """Return the pages read again after switching to dark at 1280 px: the shortest chapter
    with figures and the shortest notebook with plots (the switch fetches the dark figures
    and inverts the plots), where they exist."""
    chapter = _shortest(site, "chapters", "#only-light")
    notebook = _shortest(site, "examples", "jp-RenderedImage")
    return [page for page in (chapter, notebook) if page is not None]


async def _navigation(tab: _Tab) -> list[dict[str, Any]]:
    """Follow links from the home page to a chapter and then to a notebook by instant
    navigation (a marker set on the window survives only client-side navigation); then
    load the notebook page afresh, to compare."""
    site = tab.site
    # A chapter with math, figures and code blocks (copy buttons), and any notebook.
    chapter = _shortest(site, "chapters", 'class="arithmatex"', "#only-light", "<pre")
    notebook = _shortest(site, "examples")
    if chapter is None or notebook is None:
        return []
    page = tab.page
    await tab.load("", "light", VIEWPORT)
    await page.wait_for_load_state("networkidle")
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
    await page.goto(tab.base + notebook, wait_until="networkidle")
    fresh = await _arrive(page, notebook, _title(site, notebook))
    fresh["via"] = "full load"
    steps.append(fresh)
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


async def _tab_stops(page: Any) -> list[dict[str, Any]]:
    """Press Tab TAB_STOPS times on the page just loaded; return where each press went."""
    stops = []
    for _ in range(TAB_STOPS):
        await page.keyboard.press("Tab")
        await page.wait_for_timeout(250)  # focus styles fade in
        stops.append(await page.evaluate(TAB_STOP_SCRIPT))
    return stops


async def _file_math(browser: Any, site: Path) -> dict[str, Any]:
    """Open the home page and a chapter (two folders down) from disk, as file:// URLs, and
    count the formulas KaTeX rendered."""
    context = await browser.new_context(color_scheme="light", viewport=VIEWPORT)
    page = await context.new_page()

    async def only_files(route: Any, request: Any) -> None:
        if request.url.startswith(("file:", "data:", "blob:")):
            await route.continue_()
        else:
            await route.abort()

    await page.route(re.compile(".*"), only_files)
    result = {}
    chapter = _shortest(site, "chapters", 'class="arithmatex"')
    for path in ("", *([chapter] if chapter else [])):
        html = site / path / "index.html"
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


async def _print(page: Any, path: str) -> dict[str, Any]:
    """Print the page shown to PDF: what print shows, and the PDF's pages."""
    await page.emulate_media(media="print")
    await page.evaluate(EAGER_IMAGES_SCRIPT)
    await page.wait_for_function(SHOWN_IMAGES_LOADED, timeout=ERRAND_WAIT)
    record: dict[str, Any] = await page.evaluate(PRINT_SCRIPT)
    pdf = await page.pdf(format="A4")
    await page.emulate_media(media="null")
    record["pdf_pages"] = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    record["pdf_bytes"] = len(pdf)
    record["path"] = path
    return record


async def _prints(tab: _Tab) -> dict[str, dict[str, Any]]:
    """Print a chapter to PDF in light, as loaded, and again switched to dark."""
    chapter = _shortest(tab.site, "chapters", "#only-light")
    if chapter is None:
        return {}
    await tab.load(chapter, "light", VIEWPORT)
    await tab.page.wait_for_load_state("networkidle")
    light = await _print(tab.page, chapter)
    await tab.switch_to_dark()
    return {"light": light, "dark": await _print(tab.page, chapter)}


_CACHE: dict[tuple[Path, tuple[AllowedFinding, ...]], SiteVisits] = {}


def collect(site: Path, allowed: tuple[AllowedFinding, ...] = ()) -> SiteVisits:
    """Visit every page of ``site`` in both schemes (once per session); return the records."""
    key = (site.resolve(), allowed)
    if key not in _CACHE:
        _CACHE[key] = asyncio.run(_collect(site, allowed))
    return _CACHE[key]


Job = Callable[[_Tab], Awaitable[None]]  # a piece of the pass, run on a free tab


async def _collect(site: Path, allowed: tuple[AllowedFinding, ...]) -> SiteVisits:
    """Serve ``site`` and run the whole pass on two tabs; return the records in page order."""
    allow = [{"rule": a.rule, "selector": a.selector} for a in allowed]
    pages = page_urls(site)
    switched = set(switched_pages(site))
    found = SiteVisits()
    # The errands come first: they are the longest job, and the other tab reads meanwhile.
    jobs: list[Job] = [partial(_errands, found)]
    jobs += [partial(_read_page, found, path, allow, path in switched) for path in pages]
    jobs += [partial(_narrow_page, found, path, allow) for path in pages]
    with serve_site(site) as base:
        async with async_launch() as browser:
            tabs = [await _Tab.open(browser, base, site) for _ in range(2)]
            await _share(tabs, jobs)
    order = {path: index for index, path in enumerate(pages)}
    found.visits.sort(key=lambda v: (order[v.path], SCHEMES.index(v.scheme)))
    found.narrow.sort(key=lambda v: order[v.path])
    return found


async def _share(tabs: list[_Tab], jobs: list[Job]) -> None:
    """Run ``jobs`` in their order, each on the next tab that is free."""
    queue = iter(jobs)

    async def work(tab: _Tab) -> None:
        for job in queue:
            await job(tab)

    await asyncio.gather(*(work(tab) for tab in tabs))


async def _read_page(
    found: SiteVisits, path: str, allowed: list[dict[str, str]], switch: bool, tab: _Tab
) -> None:
    """Read ``path`` at 1280 px in light and, if ``switch``, switched to dark, in ``tab``."""
    found.visits += await tab.read(path, allowed, switch)


async def _narrow_page(
    found: SiteVisits, path: str, allowed: list[dict[str, str]], tab: _Tab
) -> None:
    """Visit ``path`` at 390 px, in ``tab``."""
    found.narrow.append(await tab.narrow(path, allowed))


async def _errands(found: SiteVisits, tab: _Tab) -> None:
    """The reader's errands beyond reading, one after the other in ``tab`` (typing and
    tabbing go to its page); each failure is recorded for the test that reads it."""
    try:
        await tab.load("", "light", VIEWPORT)
        await tab.page.wait_for_load_state("networkidle")
        found.tab_stops = await _tab_stops(tab.page)
    except Exception as error:  # the tests that read it fail, saying why
        found.errors["tab stops"] = repr(error)
    try:  # from the home page just tabbed through, as a reader who then searches
        found.searches, found.suggestion = await _searches(tab.page)
    except Exception as error:
        found.errors["search"] = repr(error)
    try:
        found.navigation = await _navigation(tab)
    except Exception as error:
        found.errors["navigation"] = repr(error)
    try:
        found.prints = await _prints(tab)
    except Exception as error:
        found.errors["print"] = repr(error)
    try:
        found.file_math = await _file_math(tab.page.context.browser, tab.site)
    except Exception as error:
        found.errors["file://"] = repr(error)
