"""Imported once by a batch's fork server (multiprocessing's forkserver preload): the render's
modules (the kernel's client too), and every exporter prepared, so that each worker forked from
it starts with them."""

from kulturdialog import memory
from kulturdialog.run.startup import spare_unused_imports

spare_unused_imports()
memory.fewer_arenas()  # before any thread: the workers fork from here

import papermill  # noqa: E402, F401

from kulturdialog.content import assemble  # noqa: E402, F401
from kulturdialog.formats import DEFAULT, exporter  # noqa: E402
from kulturdialog.run import kernel  # noqa: E402, F401

for _name in DEFAULT:
    exporter(_name).prepare()
