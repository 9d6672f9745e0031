"""The one way this package starts worker processes: the page pool and the store writers share it."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext


def process_context() -> BaseContext:
    """Forkserver: workers inherit no threads or open connections of the main process. The server imports
    only what a page task needs; by default it would import the `minutes` script's module, i.e. the whole
    CLI with spaCy, before the first worker could start. A store writer imports the store after its fork."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["pipeline.batch.tasks"])
    return context


def worker_ids(pool: ProcessPoolExecutor) -> list[int]:
    """The pool's worker processes (ProcessPoolExecutor has no public way to list them)."""
    return list(getattr(pool, "_processes", None) or {})


def kill_workers(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's workers now, with whatever they started: each worker leads a session of its own, so
    its process group is it and its children (Tesseract). No public way to do this before Python 3.14."""
    for pid in worker_ids(pool):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    pool.shutdown(wait=False, cancel_futures=True)
