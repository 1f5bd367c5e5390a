"""The numerical kernels that the build and the tests pin, and the ones the guard tries.

PyTorch's CPU build does its matrix products and its vectorized ``tanh`` and ``exp``
through Intel MKL, which picks a code path per processor; a number whose last bits
depend on that path prints differently on another machine. The build and the tests
therefore pin MKL's path to ``COMPATIBLE``, which MKL documents as giving the same
results on every x86 processor, Intel or AMD, and run every job on one thread, so that
the order of floating-point sums is fixed too. Together with the pinned library
versions this makes the figures and notebooks byte-identical on machines of one kind.
It does not make them identical on every x86 machine, whatever MKL's documentation
says: an AMD EPYC and an Intel Xeon (AVX-512), both pinned, built 76 of the 84 figure
files, all 42 figure records and 4 of the 6 notebooks alike; the other 8 outputs draw
networks trained by Adam, whose curves amplify a last-bit difference until it shows (a
run that stops at a threshold stops a few steps apart), while every number they print
is the same. tests/fingerprints.py therefore lists a digest per kind of machine.

A reader's own Python runs none of this: it takes whatever path its CPU chooses. That is
why a page prints only what holds on every path, and why the guard (tests/test_guard_*.py)
runs the pages' code and the figures again under ``GUARD_PATHS``, paths other than the
pinned one, and fails on any printed number that changes.
"""

import os
import platform
from collections.abc import Mapping

__all__ = [
    "GUARD_PATHS",
    "PINNED",
    "UNPINNED",
    "is_unpinned",
    "pinned",
    "signature",
    "unpinned",
]

PINNED: Mapping[str, str] = {
    "MKL_CBWR": "COMPATIBLE",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}
# Variables that select another path; the pinned environment removes them.
_SELECTORS = ("ATEN_CPU_CAPABILITY", "MKL_ENABLE_INSTRUCTIONS", "MKL_DEBUG_CPU_TYPE")

# Paths the guard compares with the pinned one, both unpinned as a reader's Python is
# (MKL_CBWR unset, which is not MKL_CBWR=AUTO: unset turns MKL's reproducibility mode off
# altogether): MKL's native path for this CPU, and that with PyTorch's scalar kernels
# instead of its AVX2/AVX-512 ones (which change tanh's backward pass).
GUARD_PATHS: Mapping[str, Mapping[str, str]] = {
    "native": {},
    "scalar": {"ATEN_CPU_CAPABILITY": "default"},
}
# Set to 1 in an unpinned environment: the doc tests' set-up then leaves it unpinned, and
# the build's jobs too (only the benchmark does that, to measure what the pin costs).
UNPINNED = "OPTGUIDE_UNPINNED"


def is_unpinned(environ: Mapping[str, str]) -> bool:
    """Tell whether ``environ`` asks for the unpinned kernels."""
    return environ.get(UNPINNED) == "1"


def pinned(environ: Mapping[str, str]) -> dict[str, str]:
    """Return a copy of ``environ`` with the pinned kernels (unless it asks for none)."""
    if is_unpinned(environ):
        return dict(environ)
    environment = {k: v for k, v in environ.items() if k not in (*_SELECTORS, UNPINNED)}
    environment.update(PINNED)
    return environment


def unpinned(environ: Mapping[str, str], path: str) -> dict[str, str]:
    """Return a copy of ``environ`` with the guard's kernel ``path`` and no pin."""
    drop = (*_SELECTORS, "MKL_CBWR")
    environment = {k: v for k, v in environ.items() if k not in drop}
    environment.update({"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", UNPINNED: "1"})
    environment.update(GUARD_PATHS[path])
    return environment


def signature() -> str:
    """Return what the outputs depend on besides sources and libraries.

    That is the pin, and the processor family: MKL's COMPATIBLE path is defined for x86.
    """
    pins = " ".join(f"{key}={value}" for key, value in sorted(PINNED.items()))
    if is_unpinned(os.environ):
        pins = "unpinned"
    return f"kernels: {pins} machine={platform.machine()} os={os.name}"
