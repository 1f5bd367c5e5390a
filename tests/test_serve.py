"""`make serve` as a contributor uses it: edit a figure function, the served figure changes."""

import re
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import MKDOCS, build_env, edit

pytestmark = pytest.mark.slow
BUILT = re.compile(r"Documentation built in")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """mkdocs serve in a subprocess, with its log lines collected by a thread."""

    def __init__(self, project: Path) -> None:
        self.port = free_port()
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=project,
            env=build_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def builds(self) -> int:
        return sum(bool(BUILT.search(line)) for line in self.lines)

    def wait_for_build(self, count: int, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while self.builds() < count:
            assert self.process.poll() is None, "".join(self.lines)
            assert time.monotonic() < deadline, "no rebuild:\n" + "".join(self.lines)
            time.sleep(0.2)

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=30) as reply:
            return bytes(reply.read())


@pytest.fixture
def server(project: Path) -> Iterator[Server]:
    running = Server(project)
    try:
        yield running
    finally:
        running.process.terminate()
        running.process.wait(timeout=30)


def test_serve_redraws_an_edited_figure_and_reloads_an_edited_page(
    project: Path, server: Server
) -> None:
    server.wait_for_build(1)
    figure = server.get("figures/home/landscape-dark.svg")
    time.sleep(1.0)  # let the watcher settle
    module = project / "src/optguide/figures/home/landscape.py"
    edit(module, "markersize=6", "markersize=9")
    server.wait_for_build(2)
    assert server.get("figures/home/landscape-dark.svg") != figure
    assert any("making figures: home/landscape on" in line for line in server.lines)

    time.sleep(1.0)
    edit(project / "docs/index.md", "## A first landscape", "## A first landscape, edited")
    server.wait_for_build(3)
    assert b"A first landscape, edited" in server.get("")
    log = "".join(server.lines)
    assert log.count("optguide: making") == 1, "the prose edit redrew nothing"
