"""The mkdocs plugin that puts the package's figures and notebooks into the site.

On every build it works out, for each figure and each example notebook, the cache key of
its output (see ``cache`` and ``deps``), runs only the ones the cache lacks, in parallel
subprocesses, and adds the results to the site as generated files: nothing is written to
docs/. A figure or notebook that fails stops the build with its name, file and error.
It also turns the figure lines of each page into numbered light/dark figures.
"""

import json
import logging
import posixpath
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import material
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from optguide.build import markup, numbers, polish, quiet
from optguide.build import wheel as package_wheel
from optguide.build.cache import Cache, library_versions
from optguide.build.crossrefs import Prose, ProseError
from optguide.build.jobs import Job, default_workers, run_all
from optguide.build.keys import (
    FIGURE_LIBRARIES,
    NOTEBOOK_LIBRARIES,
    Work,
    figure_work,
    notebook_work,
)
from optguide.build.snippets import check_page
from optguide.figures.registry import THEME_NAMES, figure_names

__all__ = ["GuidePlugin"]

log = logging.getLogger("mkdocs.plugins.optguide")

PACKAGE = "optguide"


class GuideConfig(Config):
    """The plugin's options in mkdocs.yml."""

    figures = config_options.Type(bool, default=True)
    notebooks = config_options.Type(bool, default=True)
    examples_dir = config_options.Type(str, default="examples")
    cache_dir = config_options.Type(str, default=".cache/optguide")
    workers = config_options.Type(int, default=0)


class GuidePlugin(BasePlugin[GuideConfig]):
    """Draw figures and execute notebooks through the cache; render figure lines."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Locate the project's source, examples and cache from mkdocs.yml's folder."""
        quiet.install()  # one line per build on the terminal (see quiet)
        self.root = Path(config.config_file_path).resolve().parent
        self.src = self.root / "src"
        self.package_dir = self.src / PACKAGE
        self.examples = self.root / self.config.examples_dir
        self.cache = Cache(self.root / self.config.cache_dir)
        self.figures: list[str] = []
        self.used: set[str] = set()
        self.prose = Prose(Path(config.docs_dir) / "bibliography.yml")
        self.files = Files([])
        self.records: dict[str, dict[str, object]] = {}
        self.sizes: dict[str, tuple[int, int]] = {}
        return config

    # Files: before mkdocs-jupyter (priority 0) so that it renders our notebooks.
    @event_priority(100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Bring every figure and executed notebook up to date and add it to the site."""
        self.figures = figure_names(self.package_dir / "figures")
        self.used = set()
        work = []
        if self.config.figures:
            versions = library_versions(FIGURE_LIBRARIES)
            work += [figure_work(name, self.src, versions) for name in self.figures]
        if self.config.notebooks:
            versions = library_versions(NOTEBOOK_LIBRARIES)
            scripts = sorted(self.examples.glob("*.py"))
            work += [notebook_work(path, self.src, versions) for path in scripts]
        palette = config.theme.get("palette") or [{}]
        primary = palette[0].get("primary", "indigo")
        css = polish.print_css(Path(material.__file__).parent, primary)
        files.append(File.generated(config, "assets/stylesheets/print.css", content=css))
        self._make_missing([w for w in work if not self._cached(w)])
        self.records, self.sizes = {}, {}
        for item in work:
            for relative in self._outputs(item):
                self._add(files, config, item, relative)
            if item.kind == "figures":
                record = self.cache.lookup(item.kind, item.key, f"figures/{item.name}.json")
                svg = self.cache.lookup(item.kind, item.key, f"figures/{item.name}-light.svg")
                assert record and svg, f"the record and SVG of {item.name} were just made"
                self.records[item.name] = json.loads(record.read_text(encoding="utf-8"))
                with svg.open(encoding="utf-8") as head:  # the size is in the <svg> tag
                    self.sizes[item.name] = markup.svg_size(head.read(4096))
        # The package as a wheel under /packages/, for readers outside a clone (see wheel).
        self.wheel = package_wheel.wheel_spec(self.root)
        built = package_wheel.cached_wheel(self.root, self.wheel, self.cache)
        served = f"{package_wheel.PACKAGES_DIR}/{self.wheel.filename}"
        files.append(File.generated(config, served, abs_src_path=str(built)))
        return files

    def _outputs(self, item: Work) -> list[str]:
        """Return the site paths an item provides, which are also its paths in the cache."""
        if item.kind == "figures":
            svgs = [f"figures/{item.name}-{theme}.svg" for theme in THEME_NAMES]
            return [*svgs, f"figures/{item.name}.json"]
        return [f"examples/{item.name}.ipynb"]

    def _cached(self, item: Work) -> bool:
        return all(self.cache.lookup(item.kind, item.key, r) for r in self._outputs(item))

    def _make_missing(self, missing: list[Work]) -> None:
        """Run the jobs that make ``missing`` and store their outputs in the cache."""
        if not missing:
            return
        workers = self.config.workers or default_workers()
        start = time.perf_counter()
        log.info(
            "optguide: making %s on %d worker(s)",
            "; ".join(f"{kind}: {', '.join(names)}" for kind, names in _by_kind(missing).items()),
            workers,
            extra=quiet.progress(len(missing)),
        )
        with tempfile.TemporaryDirectory(prefix="optguide-") as scratch:
            out = Path(scratch)
            results = run_all(self._jobs(missing, out, workers), self.src, self.root, workers)
            failures = [r for r in results if not r.ok]
            if failures:
                report = "\n\n".join(
                    f"{r.job.label} failed:\n{r.stderr.strip()}" for r in failures
                )
                raise PluginError(f"optguide: {len(failures)} build job(s) failed.\n{report}")
            for item in missing:
                for relative in self._outputs(item):
                    self.cache.store(item.kind, item.key, relative, out / relative)
        log.info(
            "optguide: made %d output(s) in %.1f s", len(missing), time.perf_counter() - start
        )

    def _jobs(self, missing: list[Work], out: Path, workers: int) -> list[Job]:
        """Return the figures in a few chunks, then one job per notebook.

        Figures are drawn in chunks so that a process pays the import of PyTorch and
        matplotlib once for several figures. In a cold build each chunk takes longer than
        any notebook, and the pool starts jobs in this order: the longest first, so that
        the short ones fill the cores at the end (two chunks per worker leave room to
        balance).
        """
        names = [item.name for item in missing if item.kind == "figures"]
        chunks = min(len(names), 2 * workers)
        jobs = [
            Job(
                f"figures {', '.join(names[index::chunks])}",
                "optguide.figures",
                ("--out", str(out / "figures"), *names[index::chunks]),
            )
            for index in range(chunks)
        ]
        jobs += [
            Job(
                f"notebook {item.source}",
                "optguide.build.notebooks",
                (str(item.source), str(out / "examples" / f"{item.name}.ipynb")),
            )
            for item in missing
            if item.kind == "notebooks"
        ]
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

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Read every page's labels and citations before any page is rendered."""
        self.files = files
        pages = [page.file for page in nav.pages]
        pages += [f for f in files.documentation_pages() if f not in pages]
        sources = [(f.src_uri, f.content_string) for f in pages if f.src_uri.endswith(".md")]
        try:
            self.prose.scan(sources)
        except ProseError as error:
            raise PluginError(f"optguide: cross-references and citations:\n{error}") from None
        return nav

    def _url(self, page: Page) -> Callable[[str], str]:
        def url(target: str) -> str:
            if target == page.file.src_uri:
                return ""
            file = self.files.get_file_from_path(target)
            assert file is not None, f"{target} was scanned as a page"
            return str(file.url_relative_to(page.file))

        return url

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Check include and figure lines, expand figure lines, insert facts, mark doctests.

        A page's include and figure lines that cannot be shown fail the build together,
        one message each, so that one build names every such break of the page.
        """
        where = page.file.src_uri
        markdown = package_wheel.expand(markdown, config.site_url, self.wheel)
        first_line = _first_line(page.file.content_string)
        problems = [f"{where}: {p}" for p in check_page(markdown, self.root, first_line)]
        problems += self._figure_problems(markdown, where, first_line)
        facts = numbers.facts_of(self.records)
        if self.config.figures:
            problems += numbers.missing_facts(markdown, facts, where, first_line)
        if problems:
            raise PluginError("\n".join(problems))
        page_dir = posixpath.dirname(where)

        def render(ref: markup.FigureRef, number: int) -> str:
            return markup.figure_html(ref, number, page_dir, self.sizes.get(ref.name))

        markdown = self.prose.markdown(markdown, where, self._url(page))
        markdown = markup.replace_figures(markdown, render)
        if self.config.figures:
            markdown = numbers.insert_facts(markdown, facts)
        else:  # no figures drawn (the benchmark's floor): nothing to insert
            markdown = numbers.FACT.sub("…", markdown)
        return markup.mark_doctests(markdown)

    def _figure_problems(self, markdown: str, where: str, first_line: int) -> list[str]:
        """Return one message per bad figure line of page ``where``; mark the others shown.

        A figure line is bad when it names no figure or lacks its alt text or caption.
        ``markdown`` starts on line ``first_line`` of the page's file.
        """
        problems = []
        for ref in markup.find_figures(markdown):
            line = ref.line + first_line - 1
            if ref.name not in self.figures:
                problems.append(f"{where}:{line}: no figure named {ref.name!r}")
            elif not ref.alt or not ref.caption:
                problems.append(
                    f"{where}:{line}: figure {ref.name!r} needs alt text "
                    'and a caption: ![alt](figure:name "caption")'
                )
            else:
                self.used.add(ref.name)
        return problems

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Mark declared inputs; give labelled exercises and equations their ids.

        The page's declared inputs (front matter ``inputs``) are marked in its HTML; a
        notebook page is tidied for search instead of labelled.
        """
        try:
            inputs = numbers.check_inputs(page.meta.get("inputs"))
        except TypeError as error:
            raise PluginError(f"{page.file.src_uri}: {error}") from None
        if page.file.src_uri.endswith(".ipynb"):
            page.meta.setdefault("search", {}).setdefault("boost", polish.NOTEBOOK_BOOST)
            html = polish.notebook_content(html)
        else:
            try:
                html = self.prose.html(html, page.file.src_uri)
            except ProseError as error:
                raise PluginError(f"optguide: {error}") from None
        return numbers.mark_inputs(html, inputs)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Serve a notebook page's inline Jupyter CSS as one shared stylesheet."""
        if not page.file.src_uri.endswith(".ipynb"):
            return output
        base = "/".join([".."] * page.url.count("/")) or "."
        output, path, css = polish.share_styles(output, base)
        if path:
            target = Path(config.site_dir) / path
            if not target.is_file() or target.read_text(encoding="utf-8") != css:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(css, encoding="utf-8")
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Warn about figures that are drawn but shown on no page (a strict build fails)."""
        unused = sorted(set(self.figures) - self.used) if self.config.figures else []
        for name in unused:
            log.warning("optguide: figure %r is drawn but no page shows it", name)


def _first_line(source: str) -> int:
    """Return the line of a page's ``source`` on which the Markdown that plugins see starts.

    mkdocs strips the front matter, and the blank lines after it, before plugins see a
    page; a message about a line of that Markdown adds this to name the line of the file.
    """
    body, _ = get_data(source)
    if not source.endswith(body):
        return 1
    return source[: len(source) - len(body)].count("\n") + 1


def _by_kind(items: list[Work]) -> dict[str, list[str]]:
    """Group the names of ``items`` by kind, for the log."""
    groups: dict[str, list[str]] = {}
    for item in items:
        groups.setdefault(item.kind, []).append(item.name)
    return groups
