"""Run every Python code block of the site's Markdown pages as a test (Sybil).

A ```` ```python ```` fence runs as code, or as a doctest when it starts with ``>>>``; all
blocks of one page share a namespace, top to bottom, as a reader running them would. A
fence whose body only includes package source (``--8<-- "src/...:section"``) is shown by
pymdownx.snippets, not run: its test checks that the file and the section exist and that
the section compiles.
"""

import doctest
import os
import textwrap
from collections.abc import Iterable
from pathlib import Path

from optguide.build.kernels import PINNED, is_unpinned

# The kernels the build pins (MKL's COMPATIBLE path, one thread), set before PyTorch loads
# MKL, so that the pages' blocks compute exactly what the figures and notebooks built from
# the same code do. A reader's machine takes its own path; the guard
# (tests/test_guard_docs.py) runs these blocks again under other paths, by setting these
# variables itself (and UNPINNED), and fails on any output that changes.
if not is_unpinned(os.environ):
    for _name, _value in PINNED.items():
        os.environ.setdefault(_name, _value)

import torch
from sybil import Document, Example, Region, Sybil
from sybil.parsers.markdown import ClearNamespaceParser, PythonCodeBlockParser, SkipParser

from optguide.build.snippets import INCLUDE, section_text

ROOT = Path(__file__).resolve().parent

torch.set_num_threads(1)


def _check_include(example: Example) -> None:
    """Evaluate an include-only block: the sections exist and compile."""
    for include in INCLUDE.finditer(str(example.parsed)):
        body = section_text(ROOT, include["file"], include["section"])
        compile(textwrap.dedent(body), include["file"], "exec", dont_inherit=True)


class PythonBlockParser(PythonCodeBlockParser):
    """Sybil's Python parser, with include-only blocks checked instead of run."""

    def __call__(self, document: Document) -> Iterable[Region]:
        for region in super().__call__(document):
            lines = str(region.parsed).strip().splitlines()
            if lines and all(INCLUDE.match(line) for line in lines):
                region.evaluator = _check_include
            yield region


pytest_collect_file = Sybil(
    parsers=[
        PythonBlockParser(doctest_optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE),
        SkipParser(),
        ClearNamespaceParser(),
    ],
    patterns=["*.md"],
    path="docs",
).pytest()
