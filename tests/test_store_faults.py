"""Faults around the database: a bad URL stops `minutes run` before any page work, and a run killed
with SIGKILL mid-batch is completed by the next run with no duplicates and nothing lost."""

from __future__ import annotations

import collections
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

from pipeline.batch import runner
from pipeline.cli import main
from pipeline.errors import EnvironmentProblem, ExitCode
from pipeline.model import Document, Page, PageSource
from pipeline.store import Store, schema

pytest_plugins = ["pgcluster"]

ROOT = Path(__file__).resolve().parent.parent
MINUTES = ROOT / "tests" / "data" / "segment" / "kemi_kh_2024_10.txt"
SCAN = ROOT / "samples" / "tekninen_2024-11-12.png"  # needs OCR
BAD_URLS = [
    "nosuchdb://x/y",
    "sqlite:////nonexistent-folder/minutes.db",
    "postgresql://nobody:secret@127.0.0.1:1/minutes",
]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_run_with_an_unusable_database_is_one_line_and_exit_code_environment() -> None:
    done = cli("run", "--db", "postgresql://nobody:secret@127.0.0.1:1/minutes", str(SCAN))
    assert done.returncode == ExitCode.ENVIRONMENT
    assert done.stdout == ""  # no file was reported processed
    [line] = done.stderr.splitlines()
    assert line.startswith("minutes: cannot open database postgresql+psycopg://nobody:***@127.0.0.1:1/minutes: ")
    assert "secret" not in line and "Traceback" not in done.stderr


@pytest.mark.parametrize("url", BAD_URLS)
def test_run_checks_the_database_before_planning_any_page(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    planned: list[Path] = []
    monkeypatch.setattr(runner, "plan_pages", lambda path, settings: planned.append(path) or [])
    assert main(["run", "--db", url, str(SCAN)]) == ExitCode.ENVIRONMENT
    assert planned == []
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(("minutes: bad database URL", "minutes: cannot open database"))


def _stored(url: str) -> int:
    """Documents stored so far, read beside the running writer; 0 until the database exists."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(schema.documents)).scalar_one()
    except (OperationalError, ProgrammingError):  # not created yet, or its tables not yet migrated
        return 0
    finally:
        engine.dispose()


def test_a_run_killed_mid_batch_is_completed_by_the_next_run(
    store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "minutes"
    folder.mkdir()
    files = 60
    text = MINUTES.read_text(encoding="utf-8")
    for number in range(files):  # distinct contents: each file is its own document
        (folder / f"kh_{number:03}.txt").write_text(f"{text}\nKopio {number}\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline", "run", "--db", store_url, "--jobs", "2", "--quiet", str(folder)]
    with (tmp_path / "out").open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True)
        deadline = time.monotonic() + 120
        while _stored(store_url) < 5 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGKILL)  # the runner and its worker processes, as a crash would
        process.wait()
    before = _stored(store_url)
    assert process.returncode == -signal.SIGKILL
    assert 5 <= before < files, "the run was not killed mid-batch; give it more files"

    assert main(["run", "--db", store_url, "--jobs", "2", "--quiet", str(folder)]) == ExitCode.OK
    assert f"{files - before} files processed, {before} skipped, 0 failed" in capsys.readouterr().out

    store = Store(store_url)
    documents = store.documents()
    assert sorted(d["path"] for d in documents) == sorted(str(p) for p in folder.iterdir())
    assert {d["status"] for d in documents} == {"ok"}
    records = list(store.decisions())
    per_file = collections.Counter(r["source"]["file"] for r in records)
    assert len(set(per_file.values())) == 1 and len(per_file) == files  # every file complete, none twice
    assert len({(r["source"]["file"], r["section"]) for r in records}) == len(records)
    assert all(len(store.pages(d["id"])) == documents[0]["pages"] for d in documents)


def test_a_database_lost_mid_run_is_an_environment_problem_not_a_traceback(
    postgres_server: str, postgres_database: str
) -> None:
    url = postgres_database
    store = Store(url)
    assert not store.has_document("sha")  # the pool now holds a live connection
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:  # the server drops every session of the database, as in a restart
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
            {"name": make_url(url).database},
        )
    admin.dispose()
    with pytest.raises(EnvironmentProblem, match=r"^database error: "):
        store.record_failure("a.pdf", "sha", "unreadable")


def test_two_writers_of_one_file_take_turns_on_postgresql(postgres_database: str) -> None:
    """Two runs over the same folder: the second writer waits, then replaces the first one's rows."""
    first, second = Store(postgres_database), Store(postgres_database)
    doc = Document(Path("a.txt"), "sha-a", [Page(1, "Päätös.", PageSource.TEXT_FILE)])
    with first.engine.begin() as connection:  # the first writer, between its read and its commit
        Store._earlier(connection, "a.txt", "sha-a")
        connection.execute(
            schema.documents.insert().values(
                path="a.txt", sha256="sha-a", pages=0, status="ok", notes=[], updated_at=dt.datetime.now(dt.UTC)
            )
        )
        writer = threading.Thread(target=second.save_document, args=(doc,))
        writer.start()
        writer.join(1.0)
        assert writer.is_alive()  # waiting for the first writer
    writer.join(30)
    assert [(d["path"], d["pages"]) for d in second.documents()] == [("a.txt", 1)]


def test_a_run_that_stored_documents_leaves_postgresql_statistics_for_search_plans(
    postgres_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def analyzed() -> object:
        engine = create_engine(postgres_database)
        with engine.connect() as connection:
            query = "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'decisions'"
            when = connection.execute(text(query)).scalar_one()
        engine.dispose()
        return when

    Store(postgres_database).close()
    assert analyzed() is None  # a new database: autovacuum has not looked at the table yet
    (tmp_path / "kh.txt").write_text(MINUTES.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["run", "--db", postgres_database, "--jobs", "1", "--quiet", str(tmp_path / "kh.txt")]) == 0
    assert analyzed() is not None
