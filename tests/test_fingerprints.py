"""The build's figures and notebooks are exactly the ones fingerprinted in the repository.

With the pinned stack and kernels (optguide.build.kernels) every x86 machine builds the
same bytes, so a difference means a change to what the site shows: this test names each
output that changed, and a reviewer sees the list in the diff of fingerprints.sha256.
"""

from conftest import Build
from fingerprints import LIST, fingerprints, parse

COMMAND = "make fingerprints"


def test_build_outputs_match_the_committed_fingerprints(built_site: Build) -> None:
    built = fingerprints(built_site.site)
    committed = parse(LIST.read_text(encoding="utf-8"))
    changed = sorted(n for n in built.keys() & committed.keys() if built[n] != committed[n])
    added = sorted(built.keys() - committed.keys())
    removed = sorted(committed.keys() - built.keys())
    report = [f"changed: {n}" for n in changed] + [f"new: {n}" for n in added]
    report += [f"no longer built: {n}" for n in removed]
    assert not report, (
        f"the build differs from {LIST.name} in {len(report)} output(s):\n  "
        + "\n  ".join(report)
        + f"\nIf the change is intended, run `{COMMAND}` and commit {LIST.name}."
    )
