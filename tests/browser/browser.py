"""Shared helpers for looking at the built site in headless Chromium.

The site is served from a local folder on 127.0.0.1 by a thread in this process; Chromium
is Debian's (/usr/bin/chromium), driven by Playwright, started with the flags that keep it
from reaching for the network on its own.
"""

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

SCHEMES = ("light", "dark")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """Return the Chromium executable to use, or None if there is none."""
    candidate = os.environ.get("CHROMIUM") or shutil.which("chromium")
    return candidate if candidate and Path(candidate).exists() else None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def built_port(site: Path) -> int:
    """Return the port of 127.0.0.1 that ``site`` was built for (its site_url), or 0."""
    sitemap = site / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8") if sitemap.is_file() else ""
    match = re.search(r"<loc>\s*http://127\.0\.0\.1:(\d+)/", text)
    return int(match[1]) if match else 0


@contextmanager
def serve_site(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1; yield the base URL (ending in /).

    The port is the one the site was built for, if any and if it is free (Material's
    instant navigation needs it: see tests/conftest.py), else any free port.
    """
    handler = functools.partial(_QuietHandler, directory=str(site))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", built_port(site)), handler)
    except OSError:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def launch() -> Iterator[Any]:
    """Start headless Chromium through Playwright and yield the browser."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("Chromium not found: apt-get install chromium (see the README)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@asynccontextmanager
async def async_launch() -> AsyncIterator[Any]:
    """Start headless Chromium through Playwright's asyncio API and yield the browser."""
    from playwright.async_api import async_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("Chromium not found: apt-get install chromium (see the README)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            await browser.close()


def page_urls(site: Path) -> list[str]:
    """Return the site-relative URL of every HTML page in ``site`` except the 404 page."""
    urls = []
    for html in sorted(site.rglob("index.html")):
        relative = html.parent.relative_to(site).as_posix()
        urls.append("" if relative == "." else relative + "/")
    return urls
