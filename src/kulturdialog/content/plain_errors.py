"""In a notebook, show the project's errors as their plain message, not as a traceback."""

from __future__ import annotations

from kulturdialog.errors import KulturdialogError


def _plain(shell, etype, value, tb, tb_offset=None) -> list[str]:
    lines = [f"{etype.__name__}: {value}"]
    shell._showtraceback(etype, value, lines)  # publishes the error output papermill reports
    return lines


def show_errors_plainly() -> None:
    """A user's mistake reads as its message; a bug keeps its traceback."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((KulturdialogError,), _plain)
