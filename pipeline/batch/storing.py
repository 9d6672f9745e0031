"""The runner's store step in writer processes, each with its own Store and connection.

Written in one process, a document's rows are made (search terms from Voikko, JSON, COPY rows) and then
the database indexes them (PostgreSQL's `finnish` parser and GIN index) while the client waits: the two
halves ran one after the other. With two writers one makes rows while the other's server backend
indexes, and the main process meanwhile cleans and segments the next document. A thread cannot do this:
the GIL serialised the Python halves and added a wait at every round trip (measured in sessions 4 and 5).

Each document is still one transaction in `Store.save_document`, all or nothing; the caller learns each
document's outcome (stored, unchanged, refused) in the order they finish.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from types import TracebackType

from pipeline.batch.processes import kill_workers, process_context, worker_ids
from pipeline.errors import EnvironmentProblem, InputError
from pipeline.model import Document
from pipeline.store import Store

WRITER_DIED = "a store process died (out of memory or killed); a re-run stores what is missing"

_store: Store | EnvironmentProblem | None = None  # the writer process's own Store, or why it could not open


def _open_store(url: str) -> None:
    # a session of its own: Ctrl-C reaches only the main process, which lets the writes in flight finish
    os.setsid()
    global _store
    try:
        _store = Store(url)
    except EnvironmentProblem as exc:  # kept for the first document: an initializer's error breaks the pool
        _store = exc


def _save(document: Document) -> bool:
    if isinstance(_store, EnvironmentProblem):
        raise _store
    assert _store is not None, "the writer process opens its Store first"
    return _store.save_document(document)


def writer_processes(store: Store, wanted: int) -> int:
    """How many writers store for a run: one on SQLite, which lets one writer in at a time (a second one
    only waited in its busy handler: measured slower); the `wanted` number on PostgreSQL."""
    return 1 if store.dialect == "sqlite" else max(1, wanted)


@dataclass(slots=True)
class Stored:
    """What became of one document: written (False: exactly this was stored already), or why it was not.
    `error` is an InputError's reason (the database refused a record) or an internal error's line."""

    document: Document
    written: bool = False
    error: str | None = None


class WriterPool:
    """`processes` writers storing documents in the background; at most twice as many in flight, so memory
    stays bounded when the database is slower than the pages arrive. A database that fails (EnvironmentProblem
    in a writer) or a writer that dies stops the run: its documents in flight were not stored, and a re-run
    stores them, from the page checkpoints that stay until a document's own transaction removes them."""

    def __init__(self, url: str, processes: int) -> None:
        self.url = url
        self.processes = max(1, processes)
        self._limit = 2 * self.processes
        self._pool: ProcessPoolExecutor | None = None
        self._in_flight: dict[Future[bool], Document] = {}

    def start(self) -> list[Future[None]]:
        """Start the writers now, so their start-up (imports, Voikko, a connection) overlaps other work; the
        futures end when the writers are ready. Called by the first submit otherwise."""
        if self._pool is not None:
            return []
        self._pool = ProcessPoolExecutor(
            max_workers=self.processes, mp_context=process_context(), initializer=_open_store, initargs=(self.url,)
        )
        # one short task per writer makes the pool start each process (it starts one per task waiting)
        return [self._pool.submit(time.sleep, 0.05) for _ in range(self.processes)]

    @property
    def pids(self) -> list[int]:
        """The writer processes' ids (for measuring them)."""
        return worker_ids(self._pool) if self._pool is not None else []

    def submit(self, document: Document) -> list[Stored]:
        """Queue a document; returns the documents finished meanwhile (waits for one when the queue is full)."""
        self.start()
        assert self._pool is not None
        finished = self.finished(block=len(self._in_flight) >= self._limit)
        try:
            self._in_flight[self._pool.submit(_save, document)] = document
        except BrokenProcessPool as exc:  # a writer died since the last document
            raise EnvironmentProblem(WRITER_DIED) from exc
        return finished

    def finished(self, *, block: bool = False) -> list[Stored]:
        """Documents whose writes have ended; with block=True wait for at least one (if any are in flight)."""
        if not self._in_flight:
            return []
        if block:
            done, _ = wait(self._in_flight, return_when=FIRST_COMPLETED)
        else:
            done = {future for future in self._in_flight if future.done()}
        return [self._outcome(future) for future in done]

    def drain(self) -> Iterator[Stored]:
        """Wait for every document in flight, yielding each as it ends."""
        while self._in_flight:
            yield from self.finished(block=True)

    def _outcome(self, future: Future[bool]) -> Stored:
        document = self._in_flight.pop(future)
        try:
            return Stored(document, written=future.result())
        except InputError as exc:  # e.g. the database refused a record: a failed file like any other
            return Stored(document, error=str(exc))
        except EnvironmentProblem:
            raise
        except BrokenProcessPool as exc:
            raise EnvironmentProblem(WRITER_DIED) from exc
        except Exception as exc:  # a bug met on unusual data must not stop an archive-sized run
            reason = f"internal error in store: {type(exc).__name__}: {exc}".splitlines()[0]
            return Stored(document, error=reason + " (please report it)")

    def close(self, *, wait_for_writes: bool = True) -> None:
        """Stop the writers. Documents not yet begun are dropped; with wait_for_writes the ones being written
        finish (each is one short transaction), otherwise the writers are killed and the database rolls back
        whatever transaction was open."""
        if self._pool is None:
            return
        if wait_for_writes:
            self._pool.shutdown(wait=True, cancel_futures=True)
        else:
            kill_workers(self._pool)
        self._pool = None

    def __enter__(self) -> WriterPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        # after Ctrl-C the writes in flight still finish: they are milliseconds, and the summary can count them
        self.close(wait_for_writes=kind is None or issubclass(kind, KeyboardInterrupt))
