"""The runner's store writer processes on both engines: each document's outcome comes back, a refused
document keeps its page checkpoints for the re-run, a dead writer stops the run, nothing is half-written."""

from __future__ import annotations

import os
import re
import signal
import time
from concurrent import futures
from pathlib import Path

import pytest
from test_store import counts, decision, document

from pipeline.batch.checkpoint import Checkpoints
from pipeline.batch.storing import WRITER_DIED, WriterPool
from pipeline.errors import EnvironmentProblem
from pipeline.model import Document, Page, PageSource
from pipeline.store import Store

pytest_plugins = ["pgcluster"]


def numbered(number: int, title: str = "Talousarvio") -> Document:
    path = f"minutes_{number}.txt"
    return document(path, f"sha-{number}", decision(path, number, title, "Kaupunginhallitus teki päätöksen."))


def test_writers_store_every_document_and_tell_each_outcome(store_url: str) -> None:
    store = Store(store_url)
    documents = [numbered(n) for n in range(1, 9)]
    with WriterPool(store_url, 2) as writers:
        outcomes = [stored for one in documents for stored in writers.submit(one)]
        outcomes.extend(writers.drain())
        assert sorted(str(s.document.path) for s in outcomes) == sorted(str(d.path) for d in documents)
        assert all(s.written and s.error is None for s in outcomes)
        # the same documents again: the writers find them stored and write nothing
        again = [stored for one in documents for stored in writers.submit(one)]
        again.extend(writers.drain())
        assert [s.written for s in again] == [False] * 8
    assert counts(store)["documents"] == counts(store)["decisions"] == 8
    assert {r["section"] for r in store.search("päätös", limit=20)} == set(range(1, 9))


def test_a_refused_document_is_named_keeps_its_checkpoints_and_the_rest_is_stored(store_url: str) -> None:
    store = Store(store_url)
    checkpoints = Checkpoints(store.engine, "f" * 16)
    good, bad = numbered(1), numbered(2)
    bad.decisions[0].title = None  # type: ignore[assignment]  # NOT NULL: the database refuses the record
    for one in (good, bad):
        checkpoints.save(one.sha256, 0, [Page(1, "Kemin kaupunki", PageSource.OCR)])
    with WriterPool(store_url, 2) as writers:
        outcomes = writers.submit(bad) + writers.submit(good) + list(writers.drain())
    by_path = {str(s.document.path): s for s in outcomes}
    assert by_path["minutes_1.txt"].written and by_path["minutes_1.txt"].error is None
    assert by_path["minutes_2.txt"].error.startswith("cannot store the document: ")
    assert [r["section"] for r in store.decisions()] == [1]
    # the stored file's pages went in its own transaction; the refused one can still be resumed
    assert checkpoints.load(good.sha256) == {}
    assert checkpoints.load(bad.sha256)[0][0].raw_text == "Kemin kaupunki"


def test_a_writer_that_dies_stops_the_run_with_one_line(store_url: str) -> None:
    writers = WriterPool(store_url, 1)
    try:
        futures.wait(writers.start())
        [pid] = writers.pids
        os.kill(pid, signal.SIGKILL)  # as the kernel's out-of-memory killer would
        with pytest.raises(EnvironmentProblem, match=re.escape(WRITER_DIED)):
            writers.submit(numbered(1))
            list(writers.drain())
        time.sleep(0.5)  # the pool has seen the death by now: the next document is refused at once
        with pytest.raises(EnvironmentProblem, match=re.escape(WRITER_DIED)):
            writers.submit(numbered(2))
    finally:
        writers.close(wait_for_writes=False)
    assert counts(Store(store_url))["documents"] == 0


def test_a_writer_that_cannot_open_the_database_says_why_in_one_line() -> None:
    # the server went away between the run's own check and the writer's start
    one_line = r"^cannot open database postgresql\+psycopg://nobody:\*\*\*@"
    with (
        WriterPool("postgresql://nobody:secret@127.0.0.1:1/minutes", 1) as writers,
        pytest.raises(EnvironmentProblem, match=one_line) as caught,
    ):
        writers.submit(numbered(1))
        list(writers.drain())
    assert "secret" not in str(caught.value) and "\n" not in str(caught.value)


def test_minutes_run_refuses_an_in_memory_database() -> None:
    from pipeline.batch import BatchRunner
    from pipeline.settings import Settings

    with pytest.raises(EnvironmentProblem, match="not an in-memory database"):
        BatchRunner(Settings(db_url="sqlite://"), Store("sqlite://"))


def test_writer_processes_open_the_database_given_by_a_relative_path(tmp_path: Path) -> None:
    # a writer starts in the caller's working directory, so `--db sqlite:///minutes.db` names one file
    before = Path.cwd()
    os.chdir(tmp_path)
    try:
        url = "sqlite:///relative.db"
        Store(url)
        with WriterPool(url, 1) as writers:
            outcomes = writers.submit(numbered(1)) + list(writers.drain())
        assert [s.written for s in outcomes] == [True]
        assert counts(Store(f"sqlite:///{tmp_path / 'relative.db'}"))["decisions"] == 1
    finally:
        os.chdir(before)
