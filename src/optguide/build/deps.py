"""Which package source files a module or notebook depends on, read without importing.

The cache must notice an edit to any code a figure or notebook runs, and only to that code.
Reading the ``import`` statements (with ``ast``) gives each module's direct dependencies
inside the package; their transitive closure is what a figure's output can depend on.
"""

import ast
from functools import cache
from pathlib import Path

__all__ = ["closure", "imported_modules"]


def imported_modules(source: str, package: str, module: str = "") -> set[str]:
    """Return the dotted names below ``package`` that ``source`` imports.

    ``module`` is the dotted name of the code itself, needed to resolve relative imports.
    For ``from a import b`` both ``a`` and ``a.b`` are returned, since ``b`` may be a module.
    """
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")[: -node.level]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name == package or name.startswith(package + ".")}


def _module_file(name: str, root: Path) -> Path | None:
    """Return the file of dotted module ``name`` below the source ``root``, if it exists."""
    base = root.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _with_parents(name: str) -> list[str]:
    """Return ``name`` and its parent packages, which Python imports first."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


@cache
def _parse(path: Path, mtime_ns: int, package: str, module: str) -> frozenset[str]:
    """Return the package modules that ``path`` imports (cached per file version)."""
    return frozenset(imported_modules(path.read_text(encoding="utf-8"), package, module))


def closure(source: str, root: Path, package: str, module: str = "") -> list[Path]:
    """Return every file below ``root`` that running ``source`` can import, sorted.

    ``root`` is the folder that holds the package (the ``src`` folder).
    """
    todo = [m for name in imported_modules(source, package, module) for m in _with_parents(name)]
    seen: dict[str, Path] = {}
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = _module_file(name, root)
        if path is None:
            continue  # an attribute imported from a module, not a module of its own
        seen[name] = path
        dotted = name if path.name != "__init__.py" else name + ".__init__"
        imports = _parse(path, path.stat().st_mtime_ns, package, dotted)
        todo.extend(m for imported in imports for m in _with_parents(imported))
    return sorted(set(seen.values()))
