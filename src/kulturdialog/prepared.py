"""Imported once by a batch's fork server (multiprocessing's forkserver preload): the render's
modules, and every exporter prepared, so that each worker forked from it starts with them."""

import papermill  # noqa: F401

from kulturdialog import assemble, batch, execute, params, render  # noqa: F401
from kulturdialog.formats import DEFAULT, exporter

for _name in DEFAULT:
    exporter(_name).prepare()
