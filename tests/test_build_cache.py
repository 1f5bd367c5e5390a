from pathlib import Path

from optguide.build.cache import Cache, digest, library_versions
from optguide.build.deps import closure, imported_modules


def _package(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_imported_modules_resolves_absolute_relative_and_from_imports() -> None:
    source = "import pkg.a\nfrom pkg.b import thing\nfrom . import c\nimport os\n"
    found = imported_modules(source, "pkg", module="pkg.sub.mod")
    assert found == {"pkg.a", "pkg.b", "pkg.b.thing", "pkg.sub", "pkg.sub.c"}


def test_closure_follows_imports_transitively_and_skips_the_rest(tmp_path: Path) -> None:
    src = _package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg.b import f\n",
            "pkg/b.py": "import math\n",
            "pkg/unrelated.py": "",
            "pkg/figs/__init__.py": "",
            "pkg/figs/one.py": "from pkg import a\n",
        },
    )
    files = closure((src / "pkg/figs/one.py").read_text(), src, "pkg", "pkg.figs.one")
    assert [p.relative_to(src).as_posix() for p in files] == [
        "pkg/__init__.py",
        "pkg/a.py",
        "pkg/b.py",
    ]


def test_digest_changes_with_any_input_and_only_then(tmp_path: Path) -> None:
    src = _package(tmp_path, {"a.py": "x = 1\n", "b.py": "y = 2\n"})
    files = [src / "a.py", src / "b.py"]
    key = digest(["name", "libs"], files, src)
    assert key == digest(["name", "libs"], files, src)
    assert key != digest(["name", "other libs"], files, src)
    assert key != digest(["name", "libs"], files[:1], src)
    (src / "b.py").write_text("y = 3\n")
    assert key != digest(["name", "libs"], files, src)


def test_library_versions_names_python_and_each_library() -> None:
    text = library_versions(["matplotlib", "no-such-distribution"])
    assert text.startswith("python==3.")
    assert "matplotlib==" in text
    assert "no-such-distribution==absent" in text


def test_cache_store_and_lookup(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    assert cache.lookup("figures", "k", "figures/x-light.svg") is None
    made = tmp_path / "made.svg"
    made.write_text("<svg/>")
    stored = cache.store("figures", "k", "figures/x-light.svg", made)
    assert cache.lookup("figures", "k", "figures/x-light.svg") == stored
    assert stored.read_text() == "<svg/>"
    assert not [p for p in stored.parent.iterdir() if p.name.startswith(".tmp-")]
