"""A stop asked of a render by SIGTERM or Ctrl-C. The signal raises KeyboardInterrupt in the main
thread, which unwinds the render (kernel shut down, nothing half-written left), and it is
remembered: where Python cannot raise it (a weakref callback, a destructor: "Exception ignored")
or where a library turns it into another error, the render still stops before it publishes."""

from __future__ import annotations

import signal
import threading
from types import FrameType

_ASKED = threading.Event()


def stop_on_signals() -> None:
    """Let SIGTERM and Ctrl-C stop this process's renders (from the main thread)."""
    signal.signal(signal.SIGTERM, _ask)
    signal.signal(signal.SIGINT, _ask)


def _ask(signum: int, frame: FrameType | None) -> None:
    _ASKED.set()
    raise KeyboardInterrupt


def asked() -> bool:
    """Whether a stop was asked of this process."""
    return _ASKED.is_set()


def check() -> None:
    """Raise KeyboardInterrupt if a stop was asked, though its interrupt may have been lost."""
    if _ASKED.is_set():
        raise KeyboardInterrupt
