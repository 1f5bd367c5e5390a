"""The mkdocs plugin that puts the package's figures and notebooks into the site.

On every build it works out, for each figure and each example notebook, the cache key of
its output (see ``cache`` and ``deps``), runs only the ones the cache lacks, in parallel
subprocesses, and adds the results to the site as generated files: nothing is written to
docs/. A figure or notebook that fails stops the build with its name, file and error.
It also turns the figure lines of each page into numbered light/dark figures.
"""

import logging
import posixpath
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from optguide.build import markup
from optguide.build.cache import Cache, digest, library_versions
from optguide.build.deps import closure
from optguide.build.jobs import Job, default_workers, run_all
from optguide.build.snippets import check_page
from optguide.figures.registry import THEME_NAMES, figure_names

__all__ = ["GuidePlugin"]

log = logging.getLogger("mkdocs.plugins.optguide")

PACKAGE = "optguide"
FIGURE_LIBRARIES = ("matplotlib", "numpy", "torch")
NOTEBOOK_LIBRARIES = (*FIGURE_LIBRARIES, "ipykernel", "jupytext", "nbclient", "nbformat")


class GuideConfig(Config):
    """The plugin's options in mkdocs.yml."""

    figures = config_options.Type(bool, default=True)
    notebooks = config_options.Type(bool, default=True)
    examples_dir = config_options.Type(str, default="examples")
    cache_dir = config_options.Type(str, default=".cache/optguide")
    workers = config_options.Type(int, default=0)


@dataclass(frozen=True)
class Work:
    """One output the site needs: its cache entry and the job that makes it on a miss."""

    kind: str
    name: str
    key: str
    source: Path


class GuidePlugin(BasePlugin[GuideConfig]):
    """Draw figures and execute notebooks through the cache; render figure lines."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Locate the project's source, examples and cache from mkdocs.yml's folder."""
        self.root = Path(config.config_file_path).resolve().parent
        self.src = self.root / "src"
        self.package_dir = self.src / PACKAGE
        self.examples = self.root / self.config.examples_dir
        self.cache = Cache(self.root / self.config.cache_dir)
        self.figures: list[str] = []
        self.used: set[str] = set()
        return config

    # Files: before mkdocs-jupyter (priority 0) so that it renders our notebooks.
    @event_priority(100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Bring every figure and executed notebook up to date and add it to the site."""
        self.figures = figure_names(self.package_dir / "figures")
        self.used = set()
        work = []
        if self.config.figures:
            work += [self._figure_work(name) for name in self.figures]
        if self.config.notebooks:
            work += [self._notebook_work(path) for path in sorted(self.examples.glob("*.py"))]
        self._make_missing([w for w in work if not self._cached(w)])
        for item in work:
            for relative in self._outputs(item):
                self._add(files, config, item, relative)
        return files

    def _figure_work(self, name: str) -> Work:
        source = self.package_dir / "figures" / f"{name}.py"
        module = f"{PACKAGE}.figures.{name.replace('/', '.')}"
        renderer = [self.package_dir / "figures" / f for f in ("registry.py", "__main__.py")]
        files = sorted({*closure(source.read_text(), self.src, PACKAGE, module), *renderer})
        key = digest([name, library_versions(FIGURE_LIBRARIES)], [source, *files], self.root)
        return Work("figures", name, key, source)

    def _notebook_work(self, source: Path) -> Work:
        text = "\n".join(
            line for line in source.read_text().splitlines() if not line.startswith(("%", "!"))
        )
        runner = self.package_dir / "build" / "notebooks.py"
        files = sorted({*closure(text, self.src, PACKAGE), runner})
        key = digest(
            [source.name, library_versions(NOTEBOOK_LIBRARIES)], [source, *files], self.root
        )
        return Work("notebooks", source.stem, key, source)

    def _outputs(self, item: Work) -> list[str]:
        """Return the site paths an item provides, which are also its paths in the cache."""
        if item.kind == "figures":
            return [f"figures/{item.name}-{theme}.svg" for theme in THEME_NAMES]
        return [f"examples/{item.name}.ipynb"]

    def _cached(self, item: Work) -> bool:
        return all(self.cache.lookup(item.kind, item.key, r) for r in self._outputs(item))

    def _make_missing(self, missing: list[Work]) -> None:
        """Run the jobs that make ``missing`` and store their outputs in the cache."""
        if not missing:
            return
        workers = self.config.workers or default_workers()
        start = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="optguide-") as scratch:
            out = Path(scratch)
            jobs = self._jobs(missing, out, workers)
            log.info(
                "Running %d job(s) on %d worker(s): %s",
                len(jobs),
                workers,
                ", ".join(job.label for job in jobs),
            )
            results = run_all(jobs, self.src, self.root, workers)
            failures = [r for r in results if not r.ok]
            if failures:
                report = "\n\n".join(
                    f"{r.job.label} failed:\n{r.stderr.strip()}" for r in failures
                )
                raise PluginError(f"optguide: {len(failures)} build job(s) failed.\n{report}")
            for item in missing:
                for relative in self._outputs(item):
                    self.cache.store(item.kind, item.key, relative, out / relative)
        log.info("Made %d output(s) in %.1f s", len(missing), time.perf_counter() - start)

    def _jobs(self, missing: list[Work], out: Path, workers: int) -> list[Job]:
        """Return one figure job per worker (imports are paid once) and one per notebook."""
        names = [item.name for item in missing if item.kind == "figures"]
        jobs = []
        for index in range(min(workers, len(names))):
            chunk = names[index::workers]
            jobs.append(
                Job(
                    f"figures {', '.join(chunk)}",
                    "optguide.figures",
                    ("--out", str(out / "figures"), *chunk),
                )
            )
        for item in missing:
            if item.kind == "notebooks":
                target = out / "examples" / f"{item.name}.ipynb"
                jobs.append(
                    Job(
                        f"notebook {item.source}",
                        "optguide.build.notebooks",
                        (str(item.source), str(target)),
                    )
                )
        return jobs

    def _add(self, files: Files, config: MkDocsConfig, item: Work, relative: str) -> None:
        path = self.cache.lookup(item.kind, item.key, relative)
        assert path is not None, f"{relative} was just made"
        if files.get_file_from_path(relative) is not None:
            raise PluginError(f"optguide: {relative} is generated; remove it from docs/")
        if item.kind == "figures":
            files.append(File.generated(config, relative, abs_src_path=str(path)))
        else:
            entry = self.cache.entry(item.kind, item.key)
            files.append(File(relative, str(entry), config.site_dir, config.use_directory_urls))

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Expand figure lines into numbered light/dark figures; mark doctest fences."""
        where = page.file.src_uri
        problems = check_page(markdown, self.root)
        if problems:
            raise PluginError("\n".join(f"{where}: {problem}" for problem in problems))
        for ref in markup.find_figures(markdown):
            if ref.name not in self.figures:
                raise PluginError(f"{where}:{ref.line}: no figure named {ref.name!r}")
            if not ref.alt or not ref.caption:
                raise PluginError(
                    f"{where}:{ref.line}: figure {ref.name!r} needs alt text "
                    'and a caption: ![alt](figure:name "caption")'
                )
            self.used.add(ref.name)
        page_dir = posixpath.dirname(where)
        with_images = bool(self.config.figures)

        def render(ref: markup.FigureRef, number: int) -> str:
            return markup.figure_html(ref, number, page_dir, with_images)

        return markup.mark_doctests(markup.replace_figures(markdown, render))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Warn about figures that are drawn but shown on no page (a strict build fails)."""
        unused = sorted(set(self.figures) - self.used) if self.config.figures else []
        for name in unused:
            log.warning("optguide: figure %r is drawn but no page shows it", name)
