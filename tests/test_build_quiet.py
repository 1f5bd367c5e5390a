"""A build prints one line on the terminal: mkdocs' closing line, with what the plugin made."""

import io
import logging
from collections.abc import Iterator

import pytest

from optguide.build import quiet


@pytest.fixture
def terminal() -> Iterator[io.StringIO]:
    """A stand-in for the handler through which the mkdocs command prints."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.set_name(quiet.HANDLER)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    mkdocs = logging.getLogger("mkdocs")
    level = mkdocs.level
    mkdocs.addHandler(handler)
    mkdocs.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        mkdocs.removeHandler(handler)
        mkdocs.setLevel(level)


CACHE = "/home/me/guide/.cache/optguide/notebooks/" + "0" * 64 + "/examples/landscape.ipynb"


def build(seconds: str, making: str | None = None) -> None:
    """Log what a serve rebuild logs, in order."""
    logging.getLogger("mkdocs.livereload").info("Detected file changes")
    logging.getLogger("mkdocs.commands.serve").info("Building documentation...")
    logging.getLogger("mkdocs.commands.build").info("Cleaning site directory")
    if making:
        plugin = logging.getLogger(quiet.PLUGIN_LOGGER)
        plugin.info("optguide: making %s on %d worker(s)", making, 2, extra=quiet.progress(1))
        plugin.info("optguide: made %d output(s) in %.1f s", 1, 2.5)
    jupyter = logging.getLogger("mkdocs.plugins.mkdocs_jupyter")
    jupyter.info("Copied jupyter file: %s to /tmp/mkdocs_x/examples/landscape", CACHE)
    logging.getLogger("mkdocs.mkdocs-jupyter").info("Converting notebook: %s", CACHE)
    logging.getLogger("mkdocs.commands.build").info("Documentation built in %s seconds", seconds)
    logging.getLogger("mkdocs.livereload").info("Reloading browsers")


def test_each_build_prints_one_line(terminal: io.StringIO) -> None:
    assert quiet.install() is quiet.install()  # one filter, however many builds
    build("1.35")
    build("3.70", making="figures: home/landscape")
    assert terminal.getvalue().splitlines() == [
        "INFO Documentation built in 1.35 seconds",
        "INFO Documentation built in 3.70 seconds (optguide: making figures: home/landscape"
        " on 2 worker(s); optguide: made 1 output(s) in 2.5 s)",
    ]


def test_warnings_pass_and_a_failing_build_still_says_what_it_was_making(
    terminal: io.StringIO,
) -> None:
    quiet.install()
    plugin = logging.getLogger(quiet.PLUGIN_LOGGER)
    plugin.info("optguide: making figures: home/landscape on 2 worker(s)")
    logging.getLogger("mkdocs.commands.build").error("optguide: 1 build job(s) failed.")
    logging.getLogger("mkdocs.plugins.mkdocs_jupyter").warning("a warning of mkdocs-jupyter")
    assert terminal.getvalue().splitlines() == [
        "ERROR optguide: making figures: home/landscape on 2 worker(s)",
        "optguide: 1 build job(s) failed.",
        "WARNING a warning of mkdocs-jupyter",
    ]


def test_without_the_mkdocs_handler_nothing_is_filtered() -> None:
    assert all(h.get_name() != quiet.HANDLER for h in logging.getLogger("mkdocs").handlers)
    assert quiet.install() is None


def test_a_long_build_says_at_once_what_it_is_making(terminal: io.StringIO) -> None:
    quiet.install()
    plugin = logging.getLogger(quiet.PLUGIN_LOGGER)
    plugin.info("optguide: making figures: a, b, c, d, e on 2 worker(s)", extra=quiet.progress(5))
    assert terminal.getvalue() == "INFO optguide: making figures: a, b, c, d, e on 2 worker(s)\n"
    plugin.info("optguide: made 5 output(s) in 80.0 s")
    logging.getLogger("mkdocs.commands.build").info("Documentation built in 81.00 seconds")
    assert terminal.getvalue().splitlines()[1] == (
        "INFO Documentation built in 81.00 seconds (optguide: made 5 output(s) in 80.0 s)"
    )
