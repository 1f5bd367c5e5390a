"""One line per build on the terminal, instead of a dozen INFO lines with cache paths.

``install()`` adds a filter to the handler through which the ``mkdocs`` command prints
(``MkDocsStreamHandler``). For every build the filter

- drops the progress lines that say nothing a contributor acts on: mkdocs' "Building
  documentation...", "Cleaning site directory", "Detected file changes", "Reloading
  browsers", and every INFO line of mkdocs-jupyter (two per notebook, with 64-character
  cache paths);
- holds back the plugin's own INFO lines (what it is drawing or executing) and adds them
  to mkdocs' closing "Documentation built in N seconds" line, so a build prints that one
  line, with what it made when it made something. Only a long build (more than
  ``QUICK`` outputs to make, as on a cold cache, minutes on a small machine) says what it
  is making as it starts, so that the wait is explained; it then prints two lines.

Warnings and errors pass untouched; a held line goes out ahead of the first of them, so a
failing build still says what it was making. Without that handler (mkdocs used as a
library) nothing is filtered.
"""

import logging

__all__ = ["HANDLER", "QUICK", "OneLinePerBuild", "install", "progress"]

HANDLER = "MkDocsStreamHandler"  # the name mkdocs' command line gives its handler
PLUGIN_LOGGER = "mkdocs.plugins.optguide"
DROPPED_LOGGERS = ("mkdocs.mkdocs-jupyter", "mkdocs.plugins.mkdocs_jupyter")
DROPPED_MESSAGES = (
    "Building documentation...",
    "Cleaning site directory",
    "Building documentation to directory",
    "Detected file changes",
    "Reloading browsers",
)
BUILT = "Documentation built in"
QUICK = 4  # outputs: a build making more says so at once (see progress)
_AT_ONCE = "optguide_at_once"


def progress(outputs: int) -> dict[str, bool]:
    """Return the ``extra`` of the plugin's "making" line: shown at once if the work is long."""
    return {_AT_ONCE: outputs > QUICK}


class OneLinePerBuild(logging.Filter):
    """Drop mkdocs' progress lines; fold the plugin's lines into the closing one."""

    def __init__(self) -> None:
        super().__init__("")
        self.held: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        """Tell whether ``record`` is printed (after adding the held lines to it)."""
        if record.levelno >= logging.WARNING:
            self._prepend(record, "\n")
            return True
        if record.levelno != logging.INFO:
            return True
        message = record.getMessage()
        if record.name == PLUGIN_LOGGER:
            if getattr(record, _AT_ONCE, False):
                return True
            self.held.append(message)
            return False
        if record.name.startswith(DROPPED_LOGGERS) or message.startswith(DROPPED_MESSAGES):
            return False
        if message.startswith(BUILT):
            self._append(record, message)
        return True

    def _append(self, record: logging.LogRecord, message: str) -> None:
        if self.held:
            record.msg, record.args = f"{message} ({'; '.join(self.held)})", ()
            self.held = []

    def _prepend(self, record: logging.LogRecord, separator: str) -> None:
        if self.held:
            record.msg = separator.join([*self.held, record.getMessage()])
            record.args = ()
            self.held = []


def install() -> OneLinePerBuild | None:
    """Add the filter to mkdocs' command-line handler, once; return it (None without one)."""
    for handler in logging.getLogger("mkdocs").handlers:
        if handler.get_name() == HANDLER:
            for existing in handler.filters:
                if isinstance(existing, OneLinePerBuild):
                    return existing
            added = OneLinePerBuild()
            handler.addFilter(added)
            return added
    return None
