"""The package as a wheel, built by the site's build and served under ``/packages/``.

Readers paste the site's snippets and download its notebooks where no clone exists (Colab,
any Jupyter): there ``pip install <site>/packages/<wheel>`` gets them the package. The
wheel is pure Python, so it is written here with the standard library, from
``pyproject.toml``'s metadata and the files of ``src/optguide``: no network, no build
back end, no setuptools (unpinned, and on some systems too old for this pyproject.toml).
Its bytes depend only on those files and ``SOURCE_DATE_EPOCH`` (every entry's date), so
two builds of the same sources give the same file, and the cache keys it on those inputs.

The format is the binary distribution format (PEP 427): the package's files, then
``<name>-<version>.dist-info/`` with METADATA, WHEEL, entry_points.txt, the licence and
RECORD (each file's SHA-256 and size).
"""

import base64
import hashlib
import os
import tempfile
import time
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from optguide.build.cache import Cache, digest

__all__ = [
    "PACKAGES_DIR",
    "Wheel",
    "cached_wheel",
    "expand",
    "install_cell",
    "install_command",
    "pages_address",
    "wheel_key",
    "wheel_spec",
    "write_wheel",
]

PACKAGES_DIR = "packages"  # the wheel's folder in the site
FORMAT = "optguide-wheel-1"  # bump when the written bytes change for the same inputs
_EPOCH_1980 = 315532800  # zip dates start in 1980


@dataclass(frozen=True)
class Wheel:
    """What the wheel of a project is made of: its name, version, metadata and files."""

    name: str
    version: str
    metadata: str
    entry_points: str
    files: tuple[Path, ...]  # below ``src``, sorted
    licence: Path | None

    @property
    def filename(self) -> str:
        """Return the wheel's file name, ``<name>-<version>-py3-none-any.whl``."""
        return f"{self.name}-{self.version}-py3-none-any.whl"

    @property
    def dist_info(self) -> str:
        """Return the name of the wheel's metadata folder."""
        return f"{self.name}-{self.version}.dist-info"


def wheel_spec(root: Path) -> Wheel:
    """Read the wheel of the project in ``root`` from its pyproject.toml and ``src``."""
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    name, version = project["name"], project["version"]
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {name}",
        f"Version: {version}",
        f"Summary: {project.get('description', '')}",
    ]
    if isinstance(project.get("license"), str):
        lines.append(f"License: {project['license']}")
    if "requires-python" in project:
        lines.append(f"Requires-Python: {project['requires-python']}")
    lines += [f"Requires-Dist: {requirement}" for requirement in project.get("dependencies", [])]
    for extra, requirements in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {r}; extra == "{extra}"' for r in requirements]
    groups = project.get("entry-points", {})
    entry_points = "".join(
        f"[{group}]\n" + "".join(f"{key} = {value}\n" for key, value in entries.items()) + "\n"
        for group, entries in groups.items()
    )
    package = root / "src" / name
    files = sorted(
        path
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )
    licence = root / "LICENSE"
    return Wheel(
        name,
        version,
        "\n".join(lines) + "\n",
        entry_points,
        tuple(path.relative_to(root / "src") for path in files),
        licence if licence.is_file() else None,
    )


def wheel_key(root: Path, wheel: Wheel) -> str:
    """Return the cache key of ``wheel``: its files, metadata and the entries' date."""
    src = root / "src"
    parts = [FORMAT, wheel.metadata, wheel.entry_points, str(_date_epoch())]
    files = [src / path for path in wheel.files]
    if wheel.licence is not None:
        parts.append(wheel.licence.read_text())
    return digest(parts, files, src)


def write_wheel(root: Path, wheel: Wheel, out: Path) -> Path:
    """Write ``wheel`` of the project in ``root`` into the folder ``out``; return its path."""
    src = root / "src"
    entries: list[tuple[str, bytes]] = [
        (path.as_posix(), (src / path).read_bytes()) for path in wheel.files
    ]
    info = wheel.dist_info
    entries.append((f"{info}/METADATA", wheel.metadata.encode()))
    generator = "Wheel-Version: 1.0\nGenerator: optguide.build.wheel\nRoot-Is-Purelib: true\n"
    entries.append((f"{info}/WHEEL", (generator + "Tag: py3-none-any\n").encode()))
    if wheel.entry_points:
        entries.append((f"{info}/entry_points.txt", wheel.entry_points.encode()))
    if wheel.licence is not None:
        entries.append((f"{info}/licenses/{wheel.licence.name}", wheel.licence.read_bytes()))
    record = "".join(f"{path},{_hash(data)},{len(data)}\n" for path, data in entries)
    entries.append((f"{info}/RECORD", (record + f"{info}/RECORD,,\n").encode()))
    out.mkdir(parents=True, exist_ok=True)
    target = out / wheel.filename
    date = _zip_date(_date_epoch())
    with zipfile.ZipFile(target, "w") as archive:
        for path, data in entries:
            item = zipfile.ZipInfo(path, date_time=date)
            item.compress_type = zipfile.ZIP_DEFLATED
            item.external_attr = 0o644 << 16
            archive.writestr(item, data, compresslevel=9)
    return target


def cached_wheel(root: Path, wheel: Wheel, cache: Cache) -> Path:
    """Return the cached wheel of the project in ``root``, writing it on a miss."""
    key = wheel_key(root, wheel)
    found = cache.lookup("wheel", key, wheel.filename)
    if found is not None:
        return found
    with tempfile.TemporaryDirectory(prefix="optguide-wheel-") as scratch:
        return cache.store("wheel", key, wheel.filename, write_wheel(root, wheel, Path(scratch)))


# Markers a page may hold (the Install page does): the build writes the real text in.
INSTALL_MARKER = "@optguide-pip-install@"
WHEEL_MARKER = "@optguide-wheel@"
SITE = "https://SITE"  # the install line's address when the build knows no site_url


def expand(markdown: str, site_url: str | None, wheel: Wheel) -> str:
    """Write the install line and the wheel's path in place of the page's markers.

    With ``site_url`` unset (a local ``mkdocs build``), the line starts with ``SITE``,
    which the page explains.
    """
    if INSTALL_MARKER not in markdown and WHEEL_MARKER not in markdown:
        return markdown
    command = install_command(site_url or SITE, wheel)
    markdown = markdown.replace(INSTALL_MARKER, command)
    return markdown.replace(WHEEL_MARKER, f"{PACKAGES_DIR}/{wheel.filename}")


def pages_address(repo_url: str | None) -> str | None:
    """Return the GitHub Pages address of a ``https://github.com/OWNER/NAME`` repository."""
    prefix = "https://github.com/"
    if not repo_url or not repo_url.startswith(prefix):
        return None
    owner, _, name = repo_url.removeprefix(prefix).strip("/").partition("/")
    return f"https://{owner.lower()}.github.io/{name}/" if owner and name else None


def install_command(site: str, wheel: Wheel) -> str:
    """Return the one ``pip install`` line for the wheel served by the site at ``site``."""
    return f"pip install {site.rstrip('/')}/{PACKAGES_DIR}/{wheel.filename}"


def install_cell(site: str, wheel: Wheel) -> str:
    """Return the first cell of every notebook script (jupytext percent format).

    Outside the repository, where ``import optguide`` fails, it installs the wheel from the
    site (``OPTGUIDE_SITE`` names another copy of the site, such as a local one); inside it
    does nothing.
    """
    url = f"{site.rstrip('/')}/{PACKAGES_DIR}/{wheel.filename}"
    where = url.removeprefix(site.rstrip("/") + "/")
    return (
        "# %%\n"
        "# Outside the guide's repository (Colab, Jupyter): install it.\n"
        "try:\n"
        f"    import {wheel.name}  # noqa: F401\n"
        "except ImportError:\n"
        "    import os\n"
        "    import subprocess\n"
        "    import sys\n"
        "\n"
        "    site = os.environ.get(\n"
        f'        "OPTGUIDE_SITE", "{site.rstrip("/")}/"\n'
        "    )\n"
        f'    wheel = site + "{where}"\n'
        "    subprocess.run(\n"
        '        [sys.executable, "-m", "pip", "install", "-q", wheel],\n'
        "        check=True,\n"
        "    )\n"
    )


def _hash(data: bytes) -> str:
    raw = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _date_epoch() -> int:
    return max(_EPOCH_1980, int(os.environ.get("SOURCE_DATE_EPOCH", _EPOCH_1980)))


def _zip_date(epoch: int) -> tuple[int, int, int, int, int, int]:
    moment = time.gmtime(epoch)
    return (
        moment.tm_year,
        moment.tm_mon,
        moment.tm_mday,
        moment.tm_hour,
        moment.tm_min,
        moment.tm_sec,
    )
