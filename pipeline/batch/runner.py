"""Run many files: plan pages, OCR them in parallel processes, then clean, segment and store
each document as soon as its last page is in. One bad file never stops the others."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pipeline.clean import Cleaner
from pipeline.errors import InputError
from pipeline.extract import SUPPORTED_SUFFIXES, PageTask, extract_page, plan_pages, sha256_of
from pipeline.model import Document, Page
from pipeline.segment import segment_document
from pipeline.segment.vocabulary import load as load_vocabulary
from pipeline.settings import Settings
from pipeline.store import Store


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


@dataclass(slots=True)
class RunSummary:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status is status)

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results if r.status is Status.OK)

    @property
    def decisions(self) -> int:
        return sum(r.decisions for r in self.results if r.status is Status.OK)


def collect_inputs(paths: Iterable[Path]) -> tuple[list[Path], list[FileResult]]:
    """Files to process (folders walked recursively, supported types only) and the unusable arguments."""
    files: list[Path] = []
    problems: list[FileResult] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(FileResult(path, Status.FAILED, "no such file or folder"))
    return list(dict.fromkeys(files)), problems


@dataclass(slots=True)
class _Pending:
    document: Document
    tasks_left: int
    pages: list[Page] = field(default_factory=list)
    error: str | None = None


ProgressCallback = Callable[[int], None]  # called with the number of pages just finished


class BatchRunner:
    """Composes the stages over many files; holds the per-process resources (cleaner, store)."""

    def __init__(self, settings: Settings, store: Store, *, force: bool = False) -> None:
        self.settings = settings
        self.store = store
        self.force = force
        self.cleaner = Cleaner(settings)

    def plan(self, files: list[Path]) -> tuple[list[tuple[Document, list[PageTask]]], list[FileResult]]:
        planned: list[tuple[Document, list[PageTask]]] = []
        results: list[FileResult] = []
        for path in files:
            sha256: str | None = None
            try:
                sha256 = sha256_of(path)
                if not self.force and self.store.has_document(sha256):
                    results.append(FileResult(path, Status.SKIPPED, "already stored"))
                    continue
                tasks = plan_pages(path, self.settings)
            except (InputError, OSError) as exc:
                reason = str(exc) if isinstance(exc, InputError) else f"cannot read file: {exc.strerror}"
                self.store.record_failure(str(path), sha256, reason)
                results.append(FileResult(path, Status.FAILED, reason))
                continue
            planned.append((Document(path=path, sha256=sha256), tasks))
        return planned, results

    def finish(self, pending: _Pending) -> FileResult:
        """Clean, segment and store one document whose pages are all extracted."""
        document = pending.document
        if pending.error:
            self.store.record_failure(str(document.path), document.sha256, pending.error)
            return FileResult(document.path, Status.FAILED, pending.error)
        document.pages = sorted(pending.pages, key=lambda p: p.number)
        self.cleaner.clean_document(document)
        segment_document(document, load_vocabulary(self.settings.corrections))  # organs.toml of --corrections
        try:
            self.store.save_document(document)
        except InputError as exc:  # the database refused a record: a failed file like any other
            self.store.record_failure(str(document.path), document.sha256, str(exc))
            return FileResult(document.path, Status.FAILED, str(exc))
        return FileResult(
            document.path, Status.OK, "; ".join(document.notes), len(document.pages), len(document.decisions)
        )

    def run(self, paths: Iterable[Path], progress: ProgressCallback | None = None) -> RunSummary:
        started = time.perf_counter()
        files, results = collect_inputs(paths)
        planned, plan_results = self.plan(files)
        results.extend(plan_results)
        results.extend(self._extract_all(planned, progress))
        order = {path: index for index, path in enumerate(files)}
        results.sort(key=lambda r: order.get(r.path, -1))
        return RunSummary(results=results, seconds=time.perf_counter() - started)

    def _extract_all(
        self, planned: list[tuple[Document, list[PageTask]]], progress: ProgressCallback | None
    ) -> Iterator[FileResult]:
        pending = {id(doc): _Pending(doc, len(tasks)) for doc, tasks in planned}
        work = ((id(doc), task) for doc, tasks in planned for task in tasks)
        for key, outcome in self._map(work):
            state = pending[key]
            if isinstance(outcome, str):
                state.error = state.error or outcome
            else:
                state.pages.extend(outcome)
            state.tasks_left -= 1
            if progress:
                progress(1)
            if state.tasks_left == 0:
                yield self.finish(pending.pop(key))

    def _map(self, work: Iterator[tuple[int, PageTask]]) -> Iterator[tuple[int, list[Page] | str]]:
        """Run page tasks, in this process for one job, else in a pool with a bounded queue."""
        if self.settings.jobs <= 1:
            for key, task in work:
                yield key, _run_task(task, self.settings)
            return
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=self.settings.jobs, mp_context=context) as pool:
            in_flight: dict[Future, int] = {}
            limit = self.settings.jobs * 2  # enough to keep every worker busy, few images in memory
            exhausted = False
            while in_flight or not exhausted:
                while not exhausted and len(in_flight) < limit:
                    item = next(work, None)
                    if item is None:
                        exhausted = True
                        break
                    in_flight[pool.submit(_run_task, item[1], self.settings)] = item[0]
                if not in_flight:
                    break
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    key = in_flight.pop(future)
                    try:
                        yield key, future.result()
                    except BrokenProcessPool:
                        yield key, "a worker process died (out of memory or killed)"


def _run_task(task: PageTask, settings: Settings) -> list[Page] | str:
    """Worker entry point: the page(s), or the one-line reason they could not be read."""
    try:
        return extract_page(task, settings)
    except InputError as exc:
        prefix = f"page {task.index + 1}: " if task.kind != "text" else ""
        return f"{prefix}{exc}"
    except (OSError, ValueError, MemoryError) as exc:
        return f"page {task.index + 1}: {type(exc).__name__}: {exc}"
