"""A content-addressed cache for figures and executed notebooks.

An entry's key is a SHA-256 over everything its output depends on: its own source, the
package files that source can import (see ``deps``), the versions of the libraries that
compute and draw it, and the options it is rendered with. Equal keys mean equal outputs,
so a hit is safe to reuse and any change to an input is a miss. Entries are written to a
temporary name and renamed, so a build that dies, or two builds at once, never leave half
a file under a valid key.
"""

import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

__all__ = ["Cache", "digest", "library_versions"]

# Bump to invalidate every entry when the way outputs are produced changes.
FORMAT = "optguide-cache-1"


def library_versions(distributions: Iterable[str]) -> str:
    """Return 'name==version' lines for ``distributions`` and the Python version."""
    lines = [f"python=={sys.version.split()[0]}"]
    for name in sorted(distributions):
        try:
            lines.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name}==absent")
    return "\n".join(lines)


def digest(parts: Iterable[str | bytes], files: Iterable[Path], root: Path) -> str:
    """Return the hex SHA-256 of ``parts`` and of each file's path (relative to root) and bytes."""
    hasher = hashlib.sha256(FORMAT.encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little") + data)
    for path in files:
        name = path.relative_to(root).as_posix().encode()
        content = path.read_bytes()
        hasher.update(len(name).to_bytes(8, "little") + name)
        hasher.update(len(content).to_bytes(8, "little") + content)
    return hasher.hexdigest()


class Cache:
    """Files stored under ``root/kind/key/relative path``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def entry(self, kind: str, key: str) -> Path:
        """Return the folder of one entry (it exists only after ``store``)."""
        return self.root / kind / key

    def lookup(self, kind: str, key: str, relative: str) -> Path | None:
        """Return the cached file, or None on a miss."""
        path = self.entry(kind, key) / relative
        return path if path.is_file() else None

    def store(self, kind: str, key: str, relative: str, source: Path) -> Path:
        """Copy ``source`` into the cache atomically and return its cached path."""
        target = self.entry(kind, key) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        os.close(handle)
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)
        return target
