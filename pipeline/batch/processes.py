"""The one way this package starts worker processes: the page pool and the store writers share it."""

from __future__ import annotations

import multiprocessing
from multiprocessing.context import BaseContext


def process_context() -> BaseContext:
    """Forkserver: workers inherit no threads or open connections of the main process. The server imports
    only what a page task needs; by default it would import the `minutes` script's module, i.e. the whole
    CLI with spaCy, before the first worker could start. A store writer imports the store after its fork."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["pipeline.batch.tasks"])
    return context
