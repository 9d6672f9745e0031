"""Storing behind the caller: one thread writes documents in the order given while the caller goes on.

The batch runner's main process cleans and segments one document after another; waiting for the database
(its round trips, the server's full-text indexing, the commit's flush to disk) would stall that work, on a
remote server the more so. Each document is still its own transaction, written by `Store.save_document`;
the caller prepares the rows (search terms included) in its own thread and gets a Future with the answer
or the exception the save would have raised. At most `depth` documents wait, so a slow database slows the
caller instead of filling memory.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType

from pipeline.model import Document
from pipeline.store.database import Store, prepare_document


class BackgroundWriter:
    """Saves documents through one background thread; use as a context manager (leaving waits for the writes)."""

    def __init__(self, store: Store, depth: int = 4) -> None:
        self.store = store
        # an in-memory SQLite database is one connection's own: another thread would see an empty one
        self._pool = None if store.in_memory else ThreadPoolExecutor(1, thread_name_prefix="minutes-store")
        self._room = threading.BoundedSemaphore(depth)

    def submit(self, document: Document) -> Future[bool]:
        """Queue one document; the Future gives save_document's result (False: stored already) or its error."""
        prepared = prepare_document(document)
        if self._pool is None:
            future: Future[bool] = Future()
            try:
                future.set_result(self.store.save_document(prepared))
            except Exception as exc:
                future.set_exception(exc)
            return future
        self._room.acquire()
        future = self._pool.submit(self.store.save_document, prepared)
        future.add_done_callback(lambda _: self._room.release())
        return future

    def close(self, *, cancel: bool = False) -> None:
        """Wait for the queued documents; cancel=True drops those not yet started (a re-run stores them)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close(cancel=kind is not None)
