"""memory.py: what a long-lived process frees goes back to the system."""

from __future__ import annotations

import sys

import pytest
from scripted import run_python

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")

# 200 MB in blocks that malloc serves from its heap (above Python's small objects, below the
# size that gets a mapping of its own), then one block after them that stays: freeing the rest
# leaves a hole the heap cannot shrink past, which only a trim hands back.
HOLE = """
import sys
import psutil
from kulturdialog import memory

def rss():
    return psutil.Process().memory_info().rss // 2**20

blocks = [bytearray(4000) for _ in range(50_000)]
kept = bytearray(4000)
full = rss()
del blocks
freed = rss()
if sys.argv[1] == "give back":
    memory.give_back()
print(full - freed, full - rss())
"""


def test_memory_freed_in_the_middle_of_the_heap_goes_back_only_when_given_back():
    kept_without, _ = map(int, run_python(HOLE, "keep").split())
    _, back = map(int, run_python(HOLE, "give back").split())
    assert kept_without < 20  # glibc alone keeps the hole (seen: 0 MB returned)
    assert back > 150  # of 200 MB (seen: 196)


def test_without_a_c_library_to_open_both_do_nothing(monkeypatch):
    """As on Windows, where ctypes.CDLL(None) raises TypeError: a kept kernel's restore and a
    worker's start call these everywhere."""
    import ctypes

    from kulturdialog import memory

    def no_libc(*args, **kwargs):
        raise TypeError("no CDLL(None) on this platform")

    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    memory.fewer_arenas()
    memory.give_back()
