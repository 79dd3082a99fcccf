"""In a kernel that runs many notebooks: the imports done once, and a clean start for each run.

`prepare()` imports what the notebooks import (pandas, matplotlib, seaborn, the package) and
takes a snapshot of the process's state; `restore()`, before every later run, puts that state
back, so that nothing one run did reaches the next and each run starts as in a kernel that has
just imported the same modules: the user namespace, history and execution count (IPython's
reset); display formatters and event callbacks (what `kd.parameters_from` registers); figures,
matplotlib's rcParams and unit converters; pandas' and numpy's options; warnings filters and
the registries of warnings already shown; the working folder, environment, `sys.path`, locale
and standard streams; modules of the analyst's own code (imported from outside the installed
packages); module-level names of the package that a run rebound; then each hook given to
`on_restore` (the notebook session's numbering). Runs in the kernel only.
"""

from __future__ import annotations

import importlib
import locale
import os
import sys
import sysconfig
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, cast

from kulturdialog import memory

PRELOAD = (  # what the notebooks import: paid once per kernel, not once per run
    "pandas",
    "numpy",
    "matplotlib.pyplot",
    "seaborn",
    "IPython.display",
    "kulturdialog.notebook",
    "kulturdialog.analysis.report",
    "kulturdialog.analysis.trends",
)
PACKAGE = "kulturdialog"
_HOOKS: list[Callable[[], None]] = []


def on_restore(hook: Callable[[], None]) -> None:
    """Call `hook` after every restore (a module's own per-run state, started afresh)."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)


@dataclass
class Snapshot:
    """The state of the kernel's process after the imports, before any notebook ran."""

    cwd: str
    environ: dict[str, str]
    path: list[str]
    streams: tuple[Any, ...]
    locale: str
    warnings: list[Any]
    modules: set[str]
    package_names: dict[str, dict[str, Any]]  # module → its names and the objects bound
    formatters: dict[str, tuple[dict[Any, Any], dict[Any, Any], dict[Any, Any]]]
    callbacks: dict[str, list[Any]]
    rc_params: dict[str, Any]
    units: dict[Any, Any]
    pandas_options: dict[str, Any]
    numpy_options: tuple[dict[str, Any], dict[str, Any]]


_SNAPSHOT: Snapshot | None = None


def prepare() -> None:
    """Import what the notebooks import, then remember the process's state."""
    global _SNAPSHOT
    for name in PRELOAD:
        importlib.import_module(name)
    _SNAPSHOT = _take()


def restore() -> None:
    """Put the state `prepare` remembered back (prepare first if it never ran)."""
    if _SNAPSHOT is None:
        prepare()
        return
    _put_back(_SNAPSHOT)
    for hook in _HOOKS:
        hook()
    # What the last run freed (IPython's reset collected it): a kernel kept its peak otherwise,
    # and a batch's grew by 25 MB over the years.
    memory.give_back(collect=False)


def _shell() -> Any:
    from IPython import get_ipython

    return get_ipython()


def _take() -> Snapshot:
    import matplotlib
    import matplotlib.units
    import numpy as np
    import pandas as pd

    shell = _shell()
    formatters = {
        mime: (dict(f.type_printers), dict(f.deferred_printers), dict(f.singleton_printers))
        for mime, f in _formatters(shell).items()
    }
    return Snapshot(
        cwd=os.getcwd(),
        environ=dict(os.environ),
        path=list(sys.path),
        streams=(sys.stdout, sys.stderr, sys.displayhook, sys.excepthook),
        locale=locale.setlocale(locale.LC_ALL),
        warnings=list(warnings.filters),
        modules=set(sys.modules),
        package_names={name: dict(vars(m)) for name, m in _package_modules().items()},
        formatters=formatters,
        callbacks={k: list(v) for k, v in shell.events.callbacks.items()} if shell else {},
        rc_params=dict(matplotlib.rcParams.items()),
        units=dict(matplotlib.units.registry),
        pandas_options={key: pd.get_option(key) for key in _pandas_keys()},
        numpy_options=(dict(np.get_printoptions()), dict(np.geterr())),
    )


def _put_back(saved: Snapshot) -> None:
    import matplotlib
    import matplotlib.pyplot as plt
    import matplotlib.units
    import numpy as np
    import pandas as pd

    shell = _shell()
    plt.close("all")  # before the reset, whose garbage collection then frees the figures
    if shell is not None:
        shell.reset(new_session=True)  # namespace, history, execution count back to 1
        for mime, formatter in _formatters(shell).items():
            for printers, kept in zip(
                (
                    formatter.type_printers,
                    formatter.deferred_printers,
                    formatter.singleton_printers,
                ),
                saved.formatters.get(mime, ({}, {}, {})),
                strict=True,
            ):
                printers.clear()
                printers.update(kept)
        for event, callbacks in shell.events.callbacks.items():
            callbacks[:] = saved.callbacks.get(event, [])
    dict.update(cast("dict[str, Any]", matplotlib.rcParams), saved.rc_params)  # valid when saved
    matplotlib.units.registry.clear()
    matplotlib.units.registry.update(saved.units)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # options deprecated since: set back as they were
        for key, value in saved.pandas_options.items():
            if pd.get_option(key) != value:
                pd.set_option(key, value)
    np.set_printoptions(**saved.numpy_options[0])
    np.seterr(**saved.numpy_options[1])
    filters = cast("list[Any]", warnings.filters)
    filters[:] = saved.warnings
    warnings._filters_mutated()  # type: ignore[attr-defined]  # forget warnings already shown
    getattr(warnings, "onceregistry", {}).clear()
    os.chdir(saved.cwd)
    os.environ.clear()
    os.environ.update(saved.environ)
    sys.path[:] = saved.path
    sys.stdout, sys.stderr, sys.displayhook, sys.excepthook = saved.streams
    locale.setlocale(locale.LC_ALL, saved.locale)
    _forget_analyst_modules(saved.modules)
    _rebind_package_names(saved.package_names)


def _formatters(shell: Any) -> dict[str, Any]:
    if shell is None:
        return {}
    display = shell.display_formatter
    return {**display.formatters, "mimebundle": display.mimebundle_formatter}


def _pandas_keys() -> list[str]:
    """Every pandas option (as `pd.describe_option` lists them), deprecated ones left out."""
    from pandas._config import config

    registered = config._registered_options
    deprecated = config._deprecated_options
    return sorted(key for key in registered if key not in deprecated)


def _package_modules() -> dict[str, ModuleType]:
    """The package's modules, but this one (whose snapshot must outlive every restore)."""
    return {
        name: module
        for name, module in list(sys.modules.items())
        if module is not None
        and (name == PACKAGE or name.startswith(PACKAGE + "."))
        and name != __name__
    }


def _installed() -> tuple[Path, ...]:
    """Where the interpreter's own and installed modules live (and the package)."""
    found = {Path(sysconfig.get_paths()[key]).resolve() for key in ("stdlib", "purelib", "platlib")}
    package = sys.modules.get(PACKAGE)
    if package is not None and package.__file__:
        found.add(Path(package.__file__).resolve().parent)
    return tuple(found)


def _forget_analyst_modules(before: set[str]) -> None:
    """Drop modules a run imported from outside the installed packages (the analyst's own
    code, next to the notebook), so that the next run imports them afresh, as a new kernel."""
    installed = _installed()
    for name in set(sys.modules) - before:
        file = getattr(sys.modules.get(name), "__file__", None)
        if file and not any(Path(file).resolve().is_relative_to(p) for p in installed):
            del sys.modules[name]
    importlib.invalidate_caches()


def _rebind_package_names(saved: dict[str, dict[str, Any]]) -> None:
    """A name a module of the package bound at import time (a session, a verdict) and a run
    rebound gets its first object back; a name a run added goes (submodules stay)."""
    for name, module in _package_modules().items():
        if name not in saved:
            continue
        names, kept = vars(module), saved[name]
        for key in [k for k, v in names.items() if k not in kept and not _is_module(v)]:
            del names[key]
        for key, value in kept.items():
            if names.get(key) is not value:
                names[key] = value


def _is_module(value: object) -> bool:
    return isinstance(value, ModuleType)
