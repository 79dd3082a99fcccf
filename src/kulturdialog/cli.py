"""Command line: render, validate, verify, index, history, package, params, new-year, export,
preview."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kulturdialog.errors import KulturdialogError
from kulturdialog.formats import DEFAULT as FORMATS
from kulturdialog.run import stopping
from kulturdialog.run.startup import spare_unused_imports

STAGES = {
    "validate": "checking the input",
    "execute": "running the notebook",
    "write": "writing the formats",
    "done": "published",
    "skipped": "unchanged, skipped",
}


INTERRUPTED = 130


def run() -> None:
    """The console script: run the command and exit with its status."""
    code = main()
    if code == INTERRUPTED:
        # Cleanup ran on the way out (kernel shut down, staging removed). Leave at once: a kernel
        # client interrupted mid-message can block interpreter shutdown in zmq's context.term().
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def _param_option(parser: argparse.ArgumentParser, what: str) -> None:
    """`-p NAME=VALUE`, repeatable: a notebook parameter, as render, verify and history take it."""
    parser.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=f"{what} (e.g. -p municipality=0180)",
    )


def main(argv: list[str] | None = None) -> int:
    spare_unused_imports()
    parser = argparse.ArgumentParser(prog="kulturdialog", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    render = sub.add_parser(
        "render",
        help="render years to reports/<year>/ (HTML, PDF, Word, notebook, files for reuse)",
    )
    render.add_argument("years", nargs="*", type=int, help="years to render (default: all)")
    render.add_argument("--all", action="store_true", help="render every year in data/")
    render.add_argument("--notebook", default="annual_summary", help="notebook in notebooks/")
    render.add_argument(
        "--each",
        metavar="PARAMETER",
        help="render once per value the notebook declares for PARAMETER (e.g. municipality)",
    )
    _param_option(render, "set a notebook parameter for this render")
    render.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        help="worker processes for several years (default: number of cores)",
    )
    render.add_argument(
        "--force",
        action="store_true",
        help="render even years whose inputs are unchanged since their last render",
    )
    render.add_argument(
        "--formats",
        default=",".join(FORMATS),
        help=f"comma-separated output formats (default: {','.join(FORMATS)})",
    )
    render.add_argument(
        "--draft",
        action="store_true",
        help="a trial render into reports/drafts/: marked Utkast/Draft, never indexed or archived",
    )
    render.add_argument("--quiet", action="store_true", help="print only errors")
    render.add_argument(
        "--verbose",
        action="store_true",
        help="print each stage as a line (for logs; a terminal shows a live display)",
    )
    validate = sub.add_parser("validate", help="check years' input without rendering")
    validate.add_argument("years", nargs="*", type=int, help="years to check (default: all)")
    validate.add_argument("--notebook", default="annual_summary", help="notebook in notebooks/")
    check = sub.add_parser("verify", help="re-render a published year and compare it byte for byte")
    check.add_argument("years", nargs="+", type=int, help="published years to verify")
    check.add_argument("--notebook", default="annual_summary", help="notebook in notebooks/")
    _param_option(check, "the grid value to verify")
    sub.add_parser(
        "index",
        help="write reports/index.html (every published report and version) and dcat.rdf",
    )
    past = sub.add_parser("history", help="list a report's published versions and what changed")
    past.add_argument("year", type=int, help="the year")
    past.add_argument("--notebook", default="annual_summary", help="notebook in notebooks/")
    _param_option(past, "the grid value whose versions to list")
    pack = sub.add_parser(
        "package",
        help="write a published edition as an E-ARK archival package (SIP) for the archive",
    )
    pack.add_argument("year", type=int, help="the year")
    pack.add_argument("--notebook", default="annual_summary", help="notebook in notebooks/")
    pack.add_argument(
        "--version", type=int, dest="edition", help="an archived version (v1, v2, …) by its number"
    )
    _param_option(pack, "the grid value to package")
    listing = sub.add_parser("params", help="list a notebook's parameters: type, default, help")
    listing.add_argument("notebook", nargs="?", default="annual_summary", help="notebook name")
    start = sub.add_parser("new-year", help="start a year: Excel template, year.yaml, params")
    start.add_argument("year", type=int, help="the new year, e.g. 2022")
    export = sub.add_parser("export", help="write a year's input as an Excel workbook")
    export.add_argument("year", type=int, help="the year to export")
    export.add_argument(
        "--xlsx", action="store_true", help="as dialogues.xlsx (the only format; may be left out)"
    )
    export.add_argument("--out", type=Path, help="where to write (default exports/<year>/)")
    live = sub.add_parser("preview", help="serve a year's report on localhost; re-render on change")
    live.add_argument("year", type=int, help="the year to preview")
    live.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    live.add_argument("--notebook", default="annual_summary", help="notebook in notebooks/")
    args = parser.parse_args(argv)
    stopping.stop_on_signals()  # SIGTERM unwinds like Ctrl-C
    try:
        if args.command == "validate":
            return _validate(args.years, args.notebook)
        if args.command == "verify":
            return _verify(args.years, args.notebook, args.param)
        if args.command == "index":
            return _index()
        if args.command == "history":
            return _history(args.year, args.notebook, args.param)
        if args.command == "package":
            return _package(args.year, args.notebook, args.param, args.edition)
        if args.command == "preview":
            return _preview(args.year, args.port, args.notebook)
        if args.command == "params":
            return _params(args.notebook)
        if args.command == "new-year":
            return _new_year(args.year)
        if args.command == "export":
            return _export(args.year, args.out)
        formats = _formats(args.formats)
        if args.draft:
            return _draft(args.years, args.notebook, formats, args.each, args.param, args.quiet)
        return _render(
            args.years,
            args.notebook,
            args.jobs,
            args.force,
            args.quiet,
            args.verbose,
            formats,
            args.each,
            args.param,
        )
    except KulturdialogError as err:
        if stopping.asked():  # the interrupt surfaced as a library's error: still a stop
            return _interrupted()
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return _interrupted()


def _interrupted() -> int:
    print("interrupted; the published reports are unchanged", file=sys.stderr)
    return INTERRUPTED


def _formats(value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    unknown = [v for v in chosen if v not in FORMATS]
    if unknown or not chosen:
        raise KulturdialogError(
            f"--formats {value!r}: {', '.join(unknown) or 'nothing chosen'} is not a format; "
            f"choose from {', '.join(FORMATS)}"
        )
    return chosen


def _years(years: list[int]) -> list[int]:
    from kulturdialog.data.inputs import year_folders
    from kulturdialog.paths import project_root

    found = years or year_folders(project_root())
    if not found:
        raise KulturdialogError("no years to work on: data/ has no year folders")
    return found


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kulturdialog")
    except PackageNotFoundError:
        return "unknown"


def _index() -> int:
    from kulturdialog import paths
    from kulturdialog.publish.index import write

    for page in write(paths.reports_dir()):
        print(f"wrote {paths.relative(page)}")
    return 0


def _grid_value(notebook: str, given: list[str]) -> dict[str, object] | None:
    """The one grid value that `-p NAME=VALUE` options name (None without any), checked."""
    from kulturdialog import paths
    from kulturdialog.run.grid import parameter_sets

    sets = parameter_sets(notebook, None, given, paths.project_root())
    return sets[0] if sets else None


def _history(year: int, notebook: str, given: list[str]) -> int:
    from kulturdialog import paths
    from kulturdialog.publish.index import history

    value = _grid_value(notebook, given)
    versions = history(year, notebook, overrides=value)
    if not versions:
        named = " ".join([notebook, *given])
        raise KulturdialogError(f"{year}: no published {named} to show the history of")
    for v in versions:
        where = paths.relative(v.folder)
        print(f"{v.label:>8}  {v.date or '–'}  render key {v.key or '–'}  {where}/")
        if v is not versions[0]:
            print(
                "          inputs changed: "
                + (", ".join(v.changed) if v.changed else "none (code, formats or environment)")
            )
    return 0


def _package(year: int, notebook: str, given: list[str], version: int | None) -> int:
    from kulturdialog import paths
    from kulturdialog.data import settings
    from kulturdialog.publish.edition import find_edition
    from kulturdialog.publish.package import write

    chosen = settings.load()
    edition = find_edition(year, notebook, _grid_value(notebook, given), version)
    written = write(edition, chosen)
    named = " ".join([str(year), notebook, *given])
    print(f"{named} ({edition.version}, published {edition.date}): archival package")
    print(f"  {paths.relative(written.folder)}/")
    print(f"  {paths.relative(written.tar)}")
    return 0


def _validate(years: list[int], notebook: str = "annual_summary") -> int:
    from kulturdialog.data import settings
    from kulturdialog.run.checks import check_year

    failed = 0
    try:
        settings.load()
        print(f"{settings.FILE}: the settings are complete")
    except KulturdialogError as err:
        failed += 1
        print(err, file=sys.stderr)
    for year in _years(years):
        try:
            check_year(year, notebook=notebook)
            print(f"{year}: the input follows the data contract")
        except KulturdialogError as err:
            failed += 1
            print(f"{year}: {err}", file=sys.stderr)
    return 1 if failed else 0


def _preview(year: int, port: int, notebook: str) -> int:
    import logging

    from kulturdialog.run.preview import serve

    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("kulturdialog").setLevel(logging.INFO)  # not papermill's run log
    print(f"Preview of {year}: rendering it first (Ctrl-C stops)", file=sys.stderr)
    serve(year, port, notebook)
    return 0


def _params(notebook: str) -> int:
    from kulturdialog import paths
    from kulturdialog.run.params import describe

    path = paths.notebook_file(notebook)
    if not path.is_file():
        names = sorted(p.stem for p in path.parent.glob("*.ipynb"))
        raise KulturdialogError(
            f"no notebook {paths.relative(path)}; notebooks: {', '.join(names)}"
        )
    print(describe(path))
    return 0


def _new_year(year: int) -> int:
    from kulturdialog import paths
    from kulturdialog.data.newyear import new_year

    for file in new_year(year):
        print(f"created {paths.relative(file)}")
    print(f"Fill in data/{year}/dialogues.xlsx, then: kulturdialog validate {year}")
    return 0


def _export(year: int, out: Path | None) -> int:
    from kulturdialog import paths
    from kulturdialog.data.workbook import export_year

    print(f"wrote {paths.relative(export_year(year, out=out))}")
    return 0


def _verify(years: list[int], notebook: str, given: list[str]) -> int:
    from kulturdialog.run.render import verify

    value = _grid_value(notebook, given)
    failed = 0
    for year in years:
        result = verify(year, notebook=notebook, overrides=value)
        for name, same in result.matches.items():
            print(f"{year}: {name}: {'identical' if same else 'DIFFERS'}")
        for problem in (p for found in result.problems.values() for p in found):
            print(f"{year}: {problem}", file=sys.stderr)
        if result.ok:
            print(f"{year}: the published report is reproduced byte for byte")
        else:
            failed += 1
            print(f"{year}: the published report does not match a fresh render", file=sys.stderr)
    return 1 if failed else 0


def _render(
    years: list[int],
    notebook: str,
    jobs: int | None,
    force: bool,
    quiet: bool,
    verbose: bool,
    formats: tuple[str, ...] = FORMATS,
    each: str | None = None,
    given: list[str] | None = None,
) -> int:
    from kulturdialog import paths
    from kulturdialog.publish.target import Target
    from kulturdialog.run.batch import render_many
    from kulturdialog.run.grid import parameter_sets

    years = _years(years)
    grid = parameter_sets(notebook, each, given or [], paths.project_root())
    labels = [Target.of(y, notebook, v).label for y in years for v in grid or [{}]]
    live = not quiet and not verbose and sys.stderr.isatty()
    with _Display(labels, enabled=live, lines=verbose and not quiet) as display:
        outcomes = render_many(
            years, notebook, jobs, force, progress=display.update, formats=formats, grid=grid
        )
    _write_index(quiet)
    for o in outcomes:
        if o.status == "failed":
            print(f"{o.label}: FAILED: {o.error}", file=sys.stderr)
        elif not quiet and o.status == "skipped":
            print(
                f"{o.label}: unchanged since its last render, skipped "
                f"({paths.relative(o.folder) if o.folder else ''}/; --force renders anyway)"
            )
        elif not quiet:
            shown = paths.relative(o.folder) if o.folder else ""
            print(f"{o.label}: published {shown}/ ({o.seconds:.1f} s)")
    failed = [o.label for o in outcomes if o.status == "failed"]
    if len(outcomes) > 1 and (failed or grid):
        counts = {s: sum(o.status == s for o in outcomes) for s in ("rendered", "skipped")}
        print(
            f"{len(outcomes) - len(failed)} of {len(outcomes)} done "
            f"({counts['rendered']} rendered, {counts['skipped']} unchanged)"
            + (f"; failed: {', '.join(failed)}" if failed else ""),
            file=sys.stderr if failed else sys.stdout,
        )
    return 1 if failed else 0


def _draft(
    years: list[int],
    notebook: str,
    formats: tuple[str, ...],
    each: str | None,
    given: list[str],
    quiet: bool,
) -> int:
    """Trial renders, one after the other, into reports/drafts/: no index, no archive."""
    from kulturdialog import paths
    from kulturdialog.publish.target import Target
    from kulturdialog.run.grid import parameter_sets
    from kulturdialog.run.render import render_year

    grid = parameter_sets(notebook, each, given, paths.project_root()) or [{}]
    for year in _years(years):
        for values in grid:
            done = render_year(
                year, notebook=notebook, formats=formats, overrides=values, force=True, draft=True
            )
            if not quiet:
                label = Target.of(year, notebook, values).label
                print(f"{label}: draft in {paths.relative(done.folder)}/ (not published)")
    return 0


def _write_index(quiet: bool) -> None:
    """reports/index.html and dcat.rdf after every render; a failure here never fails the
    renders (settings the catalogue cannot use leave the pages written, and say so)."""
    from kulturdialog import paths
    from kulturdialog.publish.index import write

    try:
        pages = write(paths.reports_dir())
    except (OSError, ValueError) as err:
        print(f"warning: the index of reports was not written: {err}", file=sys.stderr)
        return
    except KulturdialogError as err:  # kulturdialog.yaml: the pages are written, not dcat.rdf
        print(f"warning: reports/dcat.rdf was not written: {err}", file=sys.stderr)
        return
    if not quiet:
        print(f"index: {paths.relative(pages[0])}")


class _Display:
    """A live progress display per year and stage, on a terminal only (rich); or, with `lines`
    (--verbose), one line per stage with the seconds since that label's previous stage (since
    the start for its first): `2021: writing the formats (+1.09 s)` — running the notebook took
    1.09 s."""

    def __init__(self, labels: list[str], enabled: bool, lines: bool = False):
        self.enabled = enabled
        self.lines = lines
        self.labels = labels
        from time import perf_counter as clock  # kept local: only this class needs a clock

        self.clock = clock
        self.started = clock()
        self.last: dict[str, float] = {}  # label → when its previous stage began

    def __enter__(self):
        self.started = self.clock()
        if self.enabled:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), transient=True
            )
            self.tasks = {
                label: self.progress.add_task(f"{label}: waiting", total=len(STAGES) - 2)
                for label in self.labels
            }
            self.progress.start()
        return self

    def update(self, label: str, stage: str) -> None:
        if self.lines:
            now = self.clock()
            since = now - self.last.get(label, self.started)
            self.last[label] = now
            print(f"{label}: {STAGES[stage]} (+{since:.2f} s)", file=sys.stderr, flush=True)
        if self.enabled:
            done = list(STAGES).index(stage) if stage in ("done", "skipped") else None
            self.progress.update(
                self.tasks[label],
                description=f"{label}: {STAGES[stage]}",
                advance=0 if done is None else len(STAGES),
            )
            if done is None:
                self.progress.advance(self.tasks[label])

    def __exit__(self, *exc):
        if self.enabled:
            self.progress.stop()


if __name__ == "__main__":
    run()
