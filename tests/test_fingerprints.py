"""The build's figures and notebooks are exactly the ones fingerprinted in the repository.

With the pinned stack and kernels (optguide.build.kernels) a machine builds the bytes
listed for its kind (tests/fingerprints.py), so a difference means a change to what the
site shows: the test names each output that changed, and a reviewer sees the list in the
diff of fingerprints.sha256.
"""

from conftest import Build
from fingerprints import LIST, fingerprints, format_list, merge, parse

COMMAND = "make fingerprints"


def test_build_outputs_match_the_committed_fingerprints(built_site: Build) -> None:
    built = fingerprints(built_site.site)
    committed = parse(LIST.read_text(encoding="utf-8"))
    changed = sorted(n for n in built.keys() & committed.keys() if built[n] not in committed[n])
    added = sorted(built.keys() - committed.keys())
    removed = sorted(committed.keys() - built.keys())
    report = [f"changed: {n}" for n in changed] + [f"new: {n}" for n in added]
    report += [f"no longer built: {n}" for n in removed]
    assert not report, (
        f"the build differs from {LIST.name} in {len(report)} output(s):\n  "
        + "\n  ".join(report)
        + f"\nIf the change is intended, run `{COMMAND}` and commit {LIST.name}. If these"
        " sources are unchanged and this machine's kernels differ from those the list"
        f" was built on, run `{COMMAND} ADD=1` to list its digests beside them."
    )


def test_a_new_digest_replaces_the_listed_ones_unless_it_is_added() -> None:
    listed = {"a.svg": {"1", "2"}, "b.svg": {"3", "4"}, "gone.svg": {"5"}}
    built = {"a.svg": "1", "b.svg": "6", "new.svg": "7"}
    assert merge(listed, built) == {"a.svg": {"1", "2"}, "b.svg": {"6"}, "new.svg": {"7"}}
    added = merge(listed, built, add=True)
    assert added == {"a.svg": {"1", "2"}, "b.svg": {"3", "4", "6"}, "new.svg": {"7"}}
    text = format_list(added)
    assert text.splitlines()[:2] == ["1  a.svg", "2  a.svg"]
    assert parse(text) == added
