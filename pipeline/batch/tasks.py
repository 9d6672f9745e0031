"""The unit of parallel work: one page task run in a worker, returning pages or a one-line reason.

This module is what a worker process (local pool or Dask worker) imports; it must stay cheap and
must never raise for bad input, so that one bad page never takes a worker or the run down.
"""

from __future__ import annotations

import os
import resource
import socket
import time
from dataclasses import dataclass, field

from pipeline.errors import InputError
from pipeline.extract import FileKind, PageTask, extract_page
from pipeline.model import Page
from pipeline.settings import Settings


@dataclass(slots=True)
class TaskOutcome:
    pages: list[Page] = field(default_factory=list)
    error: str = ""  # one-line reason; empty when the pages were read
    seconds: float = 0.0  # time spent in the worker
    worker: str = ""  # host:pid
    peak_rss_mb: float = 0.0  # the worker's own peak plus its largest child's (Tesseract) peak so far
    cpu_seconds: float = 0.0  # CPU time of the worker and its finished children (Tesseract) so far
    resumed: bool = False  # taken from an earlier run's checkpoint, not extracted now


def peak_rss_mb() -> float:
    """Peak resident memory of this process plus the largest of its finished children (KiB on Linux)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + child) / 1024


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_task(task: PageTask, settings: Settings) -> TaskOutcome:
    """Worker entry point: the page(s), or the one-line reason they could not be read."""
    started = time.perf_counter()
    outcome = TaskOutcome(worker=f"{socket.gethostname()}:{os.getpid()}")
    if not task.path.exists():  # on a cluster worker: the input folder is not shared under the same path
        outcome.error = f"{_where(task)}file not found on worker {outcome.worker} (is the folder shared?)"
        outcome.cpu_seconds = cpu_seconds()
        return outcome
    try:
        outcome.pages = extract_page(task, settings)
    except InputError as exc:
        outcome.error = f"{_where(task)}{exc}"
    except (OSError, ValueError, MemoryError) as exc:
        outcome.error = f"{_where(task)}{type(exc).__name__}: {exc}".splitlines()[0]
    outcome.seconds = time.perf_counter() - started
    outcome.peak_rss_mb = peak_rss_mb()
    outcome.cpu_seconds = cpu_seconds()
    return outcome


def _where(task: PageTask) -> str:
    return "" if task.kind is FileKind.TEXT else f"page {task.index + 1}: "
