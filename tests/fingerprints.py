"""Fingerprints of the build's outputs: the SHA-256 of every figure and executed notebook.

``python tests/fingerprints.py SITE`` prints them in ``sha256sum`` format, one output per
line, sorted; ``make fingerprints`` writes that to tests/fingerprints.sha256, which is
committed. tests/test_fingerprints.py compares a build with the committed list, so a
change shows exactly which figures and notebooks it touched, and anyone can check that
their build equals the published one (``cd site && sha256sum -c ../tests/fingerprints.sha256``).
"""

import hashlib
import sys
from pathlib import Path

__all__ = ["LIST", "fingerprints", "outputs", "parse"]

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


def parse(text: str) -> dict[str, str]:
    """Read a list in ``sha256sum`` format."""
    pairs = (line.split(maxsplit=1) for line in text.splitlines() if line.strip())
    return {name.strip(): digest for digest, name in pairs}


def main(site: Path) -> None:
    """Print the fingerprints of ``site`` in ``sha256sum`` format."""
    for name, digest in fingerprints(site).items():
        print(f"{digest}  {name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
