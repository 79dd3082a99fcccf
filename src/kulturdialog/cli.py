"""Command line: `kulturdialog render 2021`, `kulturdialog validate 2021`."""

from __future__ import annotations

import argparse
import signal
import sys

from kulturdialog.errors import KulturdialogError

STAGES = {
    "validate": "checking the input",
    "execute": "running the notebook",
    "html": "writing HTML",
    "pdf": "writing PDF",
    "done": "published",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kulturdialog", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    render = sub.add_parser("render", help="render years to reports/<year>/ (HTML, PDF, notebook)")
    render.add_argument("years", nargs="*", type=int, help="years to render (default: all)")
    render.add_argument("--all", action="store_true", help="render every year in data/")
    render.add_argument("--notebook", default="annual_summary", help="notebook in notebooks/")
    render.add_argument("--quiet", action="store_true", help="print only errors")
    validate = sub.add_parser("validate", help="check years' input without rendering")
    validate.add_argument("years", nargs="*", type=int, help="years to check (default: all)")
    check = sub.add_parser("verify", help="re-render a published year and compare it byte for byte")
    check.add_argument("years", nargs="+", type=int, help="published years to verify")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        if args.command == "validate":
            return _validate(args.years)
        if args.command == "verify":
            return _verify(args.years)
        return _render(args.years, args.notebook, args.quiet)
    except KulturdialogError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the published reports are unchanged", file=sys.stderr)
        return 130


def _terminate(signum, frame):
    """SIGTERM unwinds like Ctrl-C: the kernel is shut down and nothing half-written is left."""
    raise KeyboardInterrupt


def _years(years: list[int]) -> list[int]:
    from kulturdialog.load import available_years

    found = years or available_years()
    if not found:
        raise KulturdialogError("no years to work on: data/ has no year folders")
    return found


def _validate(years: list[int]) -> int:
    from kulturdialog.render import validate

    failed = 0
    for year in _years(years):
        try:
            validate(year)
            print(f"{year}: the input follows the data contract")
        except KulturdialogError as err:
            failed += 1
            print(f"{year}: {err}", file=sys.stderr)
    return 1 if failed else 0


def _verify(years: list[int]) -> int:
    from kulturdialog.render import verify

    failed = 0
    for year in years:
        result = verify(year)
        for name, same in result.matches.items():
            print(f"{year}: {name}: {'identical' if same else 'DIFFERS'}")
        if result.ok:
            print(f"{year}: the published report is reproduced byte for byte")
        else:
            failed += 1
            print(f"{year}: the published report does not match a fresh render", file=sys.stderr)
    return 1 if failed else 0


def _render(years: list[int], notebook: str, quiet: bool) -> int:
    from kulturdialog import paths
    from kulturdialog.render import render_year

    def progress(year: int, stage: str) -> None:
        if not quiet:
            print(f"{year}: {STAGES[stage]}", file=sys.stderr, flush=True)

    failures = {}
    for year in _years(years):
        try:
            done = render_year(year, notebook=notebook, progress=progress)
            if not quiet:
                for file in done.files:
                    print(paths.relative(file))
        except KulturdialogError as err:
            failures[year] = err
            print(f"{year}: error: {err}", file=sys.stderr)
    if failures and len(failures) < len(_years(years)) and not quiet:
        print(f"failed: {', '.join(map(str, failures))}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
