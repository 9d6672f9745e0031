"""Where page tasks run: in this process, in a local process pool, or on a Dask cluster.

Each executor takes an iterator of (key, task) pairs, keeps a bounded number of tasks in flight
(so that a 500-page PDF is never rendered whole into memory and planning stays just ahead of the
workers) and yields (key, task, outcome) as tasks finish, in any order.
"""

from __future__ import annotations

import os
import socket
from collections import deque
from collections.abc import Hashable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Any, Protocol

from pipeline.batch.processes import kill_workers, process_context
from pipeline.batch.tasks import TaskOutcome, run_task
from pipeline.errors import EnvironmentProblem
from pipeline.extract import PageTask
from pipeline.settings import Settings

Work = Iterator[tuple[Hashable, PageTask]]
Done = Iterator[tuple[Hashable, PageTask, TaskOutcome]]

WORKER_DIED = "a worker process died on this page (out of memory or killed)"


class Executor(Protocol):
    description: str

    def map_unordered(self, work: Work) -> Done: ...

    def __enter__(self) -> Executor: ...

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


class InlineExecutor:
    """One job: run tasks here, one after the other."""

    description = "1 process"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def map_unordered(self, work: Work) -> Done:
        for key, task in work:
            yield key, task, run_task(task, self.settings)

    def __enter__(self) -> InlineExecutor:
        return self

    def __exit__(self, *_: object) -> None:
        return None


def _worker_init() -> None:
    # A session of its own: Ctrl-C in the terminal reaches only the main process, which then stops
    # each worker together with its Tesseract child (os.killpg) instead of leaving tracebacks.
    os.setsid()


class LocalPoolExecutor:
    """`jobs` worker processes (forkserver: no inherited state), each running one single-threaded
    Tesseract at a time. A worker that dies (out of memory, killed) breaks the pool: the tasks then
    in flight are re-run one at a time in a fresh pool, and only the one that kills a worker alone
    is failed."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.jobs = settings.jobs
        self.description = f"{self.jobs} local processes"
        self._pool: ProcessPoolExecutor | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=process_context(), initializer=_worker_init)

    def map_unordered(self, work: Work) -> Done:
        limit = self.jobs * 2  # enough to keep every worker busy, few page images in memory
        self._pool = self._new_pool()
        in_flight: dict[Future[TaskOutcome], tuple[Hashable, PageTask, bool]] = {}
        suspects: deque[tuple[Hashable, PageTask]] = deque()
        exhausted = False
        while True:
            if suspects:
                if not in_flight:  # a suspect runs alone, so a crash names it
                    key, task = suspects.popleft()
                    in_flight[self._pool.submit(run_task, task, self.settings)] = (key, task, True)
            else:
                while not exhausted and len(in_flight) < limit:
                    item = next(work, None)
                    if item is None:
                        exhausted = True
                        break
                    in_flight[self._pool.submit(run_task, item[1], self.settings)] = (*item, False)
            if not in_flight:
                break
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                key, task, alone = in_flight.pop(future)
                try:
                    yield key, task, future.result()
                except BrokenProcessPool:
                    broken = True
                    if alone:
                        yield key, task, TaskOutcome(error=f"page {task.index + 1}: {WORKER_DIED}")
                    else:
                        suspects.append((key, task))
            if broken:
                for future in list(in_flight):  # every task still in flight is lost with the pool
                    key, task, _alone = in_flight.pop(future)
                    suspects.append((key, task))
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = self._new_pool()
        self._pool.shutdown(wait=True)
        self._pool = None

    def _kill_workers(self) -> None:
        if self._pool is not None:
            kill_workers(self._pool)  # each worker and its Tesseract
            self._pool = None

    def __enter__(self) -> LocalPoolExecutor:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is not None:
            self._kill_workers()  # interrupted or failed: stop now, the checkpoints hold what is done
        elif self._pool is not None:
            self._pool.shutdown(wait=True)


class DaskExecutor:
    """Page tasks on an existing Dask distributed scheduler. Its workers need this package and
    Tesseract installed, and must see the input files under the same paths (a shared filesystem)."""

    def __init__(self, settings: Settings, address: str) -> None:
        try:
            from distributed import Client
        except ImportError as exc:
            raise EnvironmentProblem("--cluster needs the Dask distributed package (pip install distributed)") from exc
        self.settings = settings
        _check_reachable(address)
        try:
            self.client = Client(address, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise EnvironmentProblem(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        threads = sum(self.client.nthreads().values())
        if threads == 0:
            self.client.close()
            raise EnvironmentProblem(f"the Dask scheduler at {address} has no workers")
        self.threads = threads
        self.description = f"Dask cluster {address} ({threads} worker threads)"
        self._futures: set[Any] = set()

    def map_unordered(self, work: Work) -> Done:
        from distributed import KilledWorker, as_completed
        from distributed.client import FutureCancelledError

        # the cluster may grow while we run; look again at its size as tasks finish
        def limit() -> int:
            return 2 * max(1, sum(self.client.nthreads().values()))

        settings = self.client.scatter(self.settings, broadcast=True)
        pending: dict[Any, tuple[Hashable, PageTask]] = {}
        finished = as_completed()
        exhausted = False

        def fill() -> None:
            nonlocal exhausted
            room = limit() - len(pending)
            while not exhausted and room > 0:
                item = next(work, None)
                if item is None:
                    exhausted = True
                    return
                future = self.client.submit(run_task, item[1], settings, pure=False)
                pending[future] = item
                self._futures.add(future)
                finished.add(future)
                room -= 1

        fill()
        while pending:
            future = next(finished)
            key, task = pending.pop(future)
            self._futures.discard(future)
            try:
                outcome = future.result()
            except KilledWorker:
                outcome = TaskOutcome(error=f"page {task.index + 1}: {WORKER_DIED}")
            except FutureCancelledError:
                outcome = TaskOutcome(error=f"page {task.index + 1}: cancelled by the cluster")
            except Exception as exc:  # a worker-side failure that is not an InputError (run_task catches those)
                outcome = TaskOutcome(error=f"page {task.index + 1}: {type(exc).__name__}: {exc}".splitlines()[0])
            yield key, task, outcome
            fill()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if kind is not None and self._futures:
            self.client.cancel(list(self._futures))
        self.client.close()


def _check_reachable(address: str) -> None:
    """Fail at once when nothing listens (Dask's client would retry until its timeout)."""
    if not address.startswith("tcp://"):
        return  # tls://, inproc:// and others: leave it to Dask
    host, _, port = address.removeprefix("tcp://").rpartition(":")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=10):
            pass
    except ValueError as exc:
        raise EnvironmentProblem(f"bad Dask scheduler address {address} (expected tcp://HOST:PORT)") from exc
    except OSError as exc:
        raise EnvironmentProblem(f"cannot reach the Dask scheduler at {address}: {exc.strerror or exc}") from exc


def make_executor(settings: Settings, cluster: str | None) -> Executor:
    if cluster:
        return DaskExecutor(settings, cluster)
    if settings.jobs <= 1:
        return InlineExecutor(settings)
    return LocalPoolExecutor(settings)
