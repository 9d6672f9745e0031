"""Run many files: plan each file's pages just ahead of the workers, run page tasks in parallel
(local processes or a Dask cluster), then clean and segment each document as soon as its last page is
in, and hand it to the store's writer processes. One bad file never stops the others; pages are
checkpointed as they arrive, until the transaction that stores their file removes them."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pipeline.batch.checkpoint import Checkpoints, fingerprint
from pipeline.batch.executors import Work, make_executor
from pipeline.batch.progress import Display
from pipeline.batch.storing import Stored, WriterPool, writer_processes
from pipeline.batch.tasks import TaskOutcome
from pipeline.batch.warmup import DocumentStages, build_in_background
from pipeline.errors import EnvironmentProblem, InputError
from pipeline.extract import SUPPORTED_SUFFIXES, FileKind, PageTask, plan_pages, sha256_of
from pipeline.extract.ocr import tesseract_version
from pipeline.model import Document, Page
from pipeline.settings import Settings
from pipeline.store import Store

STAGES = ("plan", "extract", "checkpoint", "clean", "segment", "store")
EARLY_TASKS = 10  # a worker's peak memory after this many tasks, to compare with its final peak


class Status(StrEnum):
    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"  # already stored with the same content


@dataclass(slots=True)
class FileResult:
    path: Path
    status: Status
    reason: str = ""
    pages: int = 0
    decisions: int = 0
    sha256: str = ""


@dataclass(slots=True)
class WorkerStats:
    tasks: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    early_peak_rss_mb: float = 0.0  # peak after its first EARLY_TASKS tasks: memory is flat if the final peak is close
    cpu_seconds: float = 0.0  # the worker's CPU time with its Tesseract children (since the worker started)


@dataclass(slots=True)
class RunSummary:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    workers: dict[str, WorkerStats] = field(default_factory=dict)
    pages_extracted: int = 0  # pages read in this run (OCR, text layer or text file)
    pages_resumed: int = 0  # pages taken from an earlier, interrupted run's checkpoints
    executor: str = ""
    interrupted: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status is status)

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results if r.status is Status.OK)

    @property
    def decisions(self) -> int:
        return sum(r.decisions for r in self.results if r.status is Status.OK)

    def note(self, outcome: TaskOutcome) -> None:
        self.timings["extract"] += outcome.seconds
        if not outcome.worker:
            return
        stats = self.workers.setdefault(outcome.worker, WorkerStats())
        stats.tasks += 1
        stats.seconds += outcome.seconds
        stats.peak_rss_mb = max(stats.peak_rss_mb, outcome.peak_rss_mb)
        stats.cpu_seconds = max(stats.cpu_seconds, outcome.cpu_seconds)
        if stats.tasks <= EARLY_TASKS:
            stats.early_peak_rss_mb = stats.peak_rss_mb


def collect_inputs(paths: Iterable[Path]) -> tuple[list[Path], list[FileResult]]:
    """Files to process (folders walked recursively, supported types only) and the unusable arguments."""
    files: list[Path] = []
    problems: list[FileResult] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(FileResult(path, Status.FAILED, "no such file or folder"))
    return list(dict.fromkeys(files)), problems


@dataclass(slots=True)
class _Pending:
    document: Document
    tasks_left: int  # not yet submitted plus in flight
    pages: list[Page] = field(default_factory=list)
    error: str | None = None


class BatchRunner:
    """Composes the stages over many files; holds the per-process resources (document stages, store)."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        force: bool = False,
        cluster: str | None = None,
        display: Display | None = None,
    ) -> None:
        if store.in_memory:
            raise EnvironmentProblem("minutes run needs a database file or server, not an in-memory database")
        self.settings = settings
        self.store = store
        self.force = force
        self.cluster = cluster
        self.display = display or Display()
        self._stages: Future[DocumentStages] | None = None  # built in the background once a run starts
        self.checkpoints = Checkpoints(store.engine, fingerprint(settings, tesseract_version()))
        self._keys = itertools.count()
        self._seen: dict[str, Path] = {}  # content hash -> first path with it in this run
        self._writers: WriterPool | None = None  # the store's writer processes of the run under way

    def run(self, paths: Iterable[Path]) -> RunSummary:
        """Process every file; Ctrl-C stops at once and returns what was finished (interrupted=True)."""
        started = time.perf_counter()
        summary = RunSummary()
        if self._stages is None:
            self._stages = build_in_background(self.settings)
        files, problems = collect_inputs(paths)
        for problem in problems:
            self._add(summary, problem)
        pending: dict[int, _Pending] = {}
        self.display.start(len(files))
        processes = min(writer_processes(self.store, self.settings.store_processes), max(1, len(files)))
        with WriterPool(self.store.url, processes) as self._writers:
            self._run(files, pending, summary)
        if not summary.interrupted and any(result.status is Status.OK for result in summary.results):
            clock = time.perf_counter()
            self.store.refresh_statistics()
            summary.timings["store"] += time.perf_counter() - clock
        order = {path: index for index, path in enumerate(files)}
        summary.results.sort(key=lambda r: order.get(r.path, -1))
        summary.seconds = time.perf_counter() - started
        return summary

    def _run(self, files: list[Path], pending: dict[int, _Pending], summary: RunSummary) -> None:
        """Extract every file's pages, finishing each document as its last page arrives; then wait for the
        writers. After Ctrl-C the writes already handed over still finish and are counted."""
        try:
            with make_executor(self.settings, self.cluster) as executor:
                summary.executor = executor.description
                for key, task, outcome in executor.map_unordered(self._work(files, pending, summary)):
                    state = pending[key]
                    state.tasks_left -= 1
                    self.display.pages_done(1)
                    summary.note(outcome)
                    if outcome.error:
                        state.error = state.error or outcome.error
                    else:
                        summary.pages_extracted += len(outcome.pages)
                        state.pages.extend(outcome.pages)
                        if state.tasks_left and not state.error and task.kind is not FileKind.TEXT:
                            clock = time.perf_counter()
                            self.checkpoints.save(state.document.sha256, task.index, outcome.pages)
                            summary.timings["checkpoint"] += time.perf_counter() - clock
                    if state.tasks_left == 0:
                        self._finish(pending.pop(key), summary)
        except KeyboardInterrupt:
            summary.interrupted = True
        clock = time.perf_counter()
        assert self._writers is not None
        self._stored(self._writers.drain(), summary)
        summary.timings["store"] += time.perf_counter() - clock

    def _work(self, files: list[Path], pending: dict[int, _Pending], summary: RunSummary) -> Work:
        """Plan files one at a time as the executor asks for work; yield the page tasks still to do."""
        for path in files:
            clock = time.perf_counter()
            planned = self._plan(path, summary)
            resumed = self.checkpoints.load(planned[0].sha256) if planned and planned[1] else {}
            summary.timings["plan"] += time.perf_counter() - clock
            if planned is None:
                self.display.planned(0)
                continue
            document, tasks = planned
            self.display.planned(len(tasks))
            key = next(self._keys)
            state = pending[key] = _Pending(document, len(tasks))
            todo: list[PageTask] = []
            for task in tasks:
                if task.index in resumed:
                    state.pages.extend(resumed[task.index])
                    summary.pages_resumed += len(resumed[task.index])
                    state.tasks_left -= 1
                    self.display.pages_done(1)
                else:
                    todo.append(task)
            yield from self._tasks(key, todo, pending, summary)

    def _tasks(
        self, key: int, todo: list[PageTask], pending: dict[int, _Pending], summary: RunSummary
    ) -> Iterator[tuple[int, PageTask]]:
        state = pending[key]
        for position, task in enumerate(todo):
            if state.error:  # a page already failed: the rest of this file would be wasted work
                skipped = len(todo) - position
                state.tasks_left -= skipped
                self.display.pages_done(skipped)
                break
            yield key, task
        if state.tasks_left == 0 and key in pending:
            self._finish(pending.pop(key), summary)

    def _plan(self, path: Path, summary: RunSummary) -> tuple[Document, list[PageTask]] | None:
        sha256 = ""
        try:
            sha256 = sha256_of(path)
            if not self.force and self.store.has_document(sha256):
                self._add(summary, FileResult(path, Status.SKIPPED, "already stored", sha256=sha256))
                return None
            if sha256 in self._seen:  # archives hold copies; one content is one document
                reason = f"same content as {self._seen[sha256]}"
                self._add(summary, FileResult(path, Status.SKIPPED, reason, sha256=sha256))
                return None
            # absolute paths for the workers: a Dask worker does not share our working directory
            tasks = plan_pages(path.absolute(), self.settings)
            self._seen[sha256] = path  # only readable files: each unreadable copy gets its own reason
        except (InputError, OSError) as exc:
            reason = str(exc) if isinstance(exc, InputError) else f"cannot read file: {exc.strerror}"
            self.store.record_failure(str(path), sha256 or None, reason)
            self._add(summary, FileResult(path, Status.FAILED, reason, sha256=sha256))
            return None
        return Document(path=path, sha256=sha256), tasks

    def _finish(self, pending: _Pending, summary: RunSummary) -> None:
        """Clean and segment one document whose pages are all extracted, and hand it to the writers."""
        document = pending.document
        if pending.error:
            self.store.record_failure(str(document.path), document.sha256, pending.error)
            self._add(summary, FileResult(document.path, Status.FAILED, pending.error, sha256=document.sha256))
            return
        document.pages = sorted(pending.pages, key=lambda p: p.number)
        assert self._stages is not None
        stages = self._stages.result()  # a missing Voikko or spaCy stops the run here, not each file
        stage = "clean"
        try:
            clock = time.perf_counter()
            stages.clean(document)
            summary.timings["clean"] += (now := time.perf_counter()) - clock
            stage = "segment"
            stages.segment(document)
            summary.timings["segment"] += (clock := time.perf_counter()) - now
        except InputError as exc:
            self._fail_late(document, str(exc), summary)
            return
        except Exception as exc:  # a bug met on unusual text must not stop an archive-sized run
            reason = f"internal error in {stage}: {type(exc).__name__}: {exc}".splitlines()[0]
            self._fail_late(document, reason + " (please report it)", summary)
            return
        assert self._writers is not None
        finished = self._writers.submit(document)
        summary.timings["store"] += time.perf_counter() - clock
        self._stored(finished, summary)

    def _stored(self, finished: Iterable[Stored], summary: RunSummary) -> None:
        """Count the documents whose writes ended: stored (or unchanged), or failed with the reason."""
        for stored in finished:
            document = stored.document
            if stored.error is not None:
                self._fail_late(document, stored.error, summary)
                continue
            result = FileResult(
                document.path,
                Status.OK,
                "; ".join(document.notes),
                len(document.pages),
                len(document.decisions),
                document.sha256,
            )
            self._add(summary, result)

    def _fail_late(self, document: Document, reason: str, summary: RunSummary) -> None:
        self.store.record_failure(str(document.path), document.sha256, reason)
        self._add(summary, FileResult(document.path, Status.FAILED, reason, sha256=document.sha256))

    def _add(self, summary: RunSummary, result: FileResult) -> None:
        summary.results.append(result)
        if result.status is Status.FAILED:
            self.display.failed(f"{result.path}: {result.reason}")
