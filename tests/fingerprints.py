"""Fingerprints of the build's outputs: the SHA-256 of every figure and executed notebook.

tests/fingerprints.sha256, committed, lists them in ``sha256sum`` format, sorted.
tests/test_fingerprints.py compares a build with it, so a change shows exactly which
figures and notebooks it touched, and anyone can check that their build equals a
published one.

An output may have more than one line: one per kind of machine that builds it with other
bytes, since the pinned kernels are not the same on every x86 processor (measured in
optguide.build.kernels). A build passes when each of its outputs has a listed digest.

``python tests/fingerprints.py SITE`` (``make fingerprints``) rewrites the list from a
build: an output whose digest is listed keeps its lines, one whose digest is new replaces
them, since its source changed and the other machines' digests are stale. ``--add``
(``make fingerprints ADD=1``) keeps them instead: for a build on another kind of machine
of sources whose outputs are already listed.
"""

import argparse
import hashlib
from pathlib import Path

__all__ = ["LIST", "fingerprints", "format_list", "merge", "outputs", "parse"]

LIST = Path(__file__).resolve().parent / "fingerprints.sha256"


def outputs(site: Path) -> list[Path]:
    """Return the generated outputs of a built site: figures, their records, notebooks."""
    figures = [p for p in (site / "figures").rglob("*") if p.suffix in {".svg", ".json"}]
    notebooks = list((site / "examples").rglob("*.ipynb"))
    return sorted(figures + notebooks)


def fingerprints(site: Path) -> dict[str, str]:
    """Return the SHA-256 of each output of ``site``, by its path in the site."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in outputs(site)
    }


def parse(text: str) -> dict[str, set[str]]:
    """Read a list in ``sha256sum`` format: every digest listed for each output."""
    listed: dict[str, set[str]] = {}
    for line in text.splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            listed.setdefault(name.strip(), set()).add(digest)
    return listed


def merge(
    listed: dict[str, set[str]], built: dict[str, str], *, add: bool = False
) -> dict[str, set[str]]:
    """Return the list for a build: its outputs only, each with the digests it keeps.

    A built digest that is listed keeps the other digests of its output; a new one
    replaces them, unless ``add`` (another kind of machine, the same sources).
    """
    merged = {}
    for name, digest in built.items():
        kept = listed.get(name, set())
        merged[name] = kept | {digest} if add or digest in kept else {digest}
    return merged


def format_list(listed: dict[str, set[str]]) -> str:
    """Write a list in ``sha256sum`` format, sorted by output, then by digest."""
    return "".join(
        f"{digest}  {name}\n" for name in sorted(listed) for digest in sorted(listed[name])
    )


def main() -> None:
    """Rewrite tests/fingerprints.sha256 from the built site named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--add", action="store_true", help="keep the digests listed")
    args = parser.parse_args()
    listed = parse(LIST.read_text(encoding="utf-8")) if LIST.exists() else {}
    merged = merge(listed, fingerprints(args.site), add=args.add)
    LIST.write_text(format_list(merged), encoding="utf-8")


if __name__ == "__main__":
    main()
