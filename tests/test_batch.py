"""Batch runs at archive scale, through the real command line and real Tesseract: folders walked
recursively, bad files named and isolated, resume after Ctrl-C, a killed worker, a Dask cluster."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import psutil
import pytest
from rich.console import Console

from pipeline.batch.progress import ProgressBar
from pipeline.store import Store
from tests.conftest import REAL, ROOT, SAMPLES, render_pdf_page, run_cli

SCAN_PAGES = [(REAL / "395959398.pdf", 0), (REAL / "395959398.pdf", 1), (REAL / "35090068.pdf", 0)]


def make_scan(path: Path, dpi: int = 200) -> Path:
    """An image-only PDF (JPEG pages, like a scanner's) of real minutes pages."""
    pages = [render_pdf_page(pdf, index, dpi) for pdf, index in SCAN_PAGES]
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=dpi)
    return path


def make_png_bomb(path: Path, side: int = 30_000) -> Path:
    """A 900-megapixel 1-bit PNG of about 150 kB, written row by row (never in memory)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(1)
    row = b"\x00" + b"\xff" * (side // 8)
    body = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    return path


def stored(db: str) -> dict[str, Any]:
    """What a run leaves in the database: every page's texts and every decision record."""
    path = db.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        pages = connection.execute(
            "SELECT d.path, p.number, p.source, p.raw_text, p.cleaned_text FROM pages p "
            "JOIN documents d ON d.id = p.document_id WHERE d.status = 'ok' ORDER BY d.path, p.number"
        ).fetchall()
    return {"pages": pages, "decisions": list(Store(db).decisions())}


def read_report(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small archive with nested folders: a 3-page scan and an old cp1252 OCR text file."""
    root = tmp_path_factory.mktemp("archive")
    (root / "2017" / "kh").mkdir(parents=True)
    (root / "2019" / "old-ocr").mkdir(parents=True)
    make_scan(root / "2017" / "kh" / "scan.pdf")
    shutil.copy(SAMPLES / "sivistys_2019-03-20.txt", root / "2019" / "old-ocr" / "sivistys.txt")
    (root / "2019" / "old-ocr" / "readme.md").write_text("not an input\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def reference(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The archive processed by an ordinary local run, to compare other runs with."""
    folder = tmp_path_factory.mktemp("reference")
    db = f"sqlite:///{folder / 'm.db'}"
    result = run_cli("run", str(archive), "--db", db, "--jobs", "2", "--report", str(folder / "run.json"))
    assert result.returncode == 0, result.stderr
    report = read_report(folder / "run.json")
    assert report["files"] == {"total": 2, "ok": 2, "skipped": 0, "failed": 0}  # readme.md is no input
    assert report["pages"]["stored"] == len(SCAN_PAGES) + 2
    content = stored(db)
    assert [n for path, n, *_ in content["pages"] if path.endswith("scan.pdf")] == [1, 2, 3]
    assert content["decisions"]
    return content


def test_bad_files_are_named_with_a_reason_and_the_rest_is_stored(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "deeper" / "still").mkdir(parents=True)
    shutil.copy(SAMPLES / "sivistys_2019-03-20.txt", inbox / "cp1252.txt")  # legacy encoding: readable
    shutil.copy(SAMPLES / "tekninen_2024-11-12.png", inbox / "deeper" / "scan.png")
    good_pdf = make_scan(tmp_path / "good.pdf")
    bad = {
        "empty.pdf": "empty file",
        "deeper/empty.png": "empty file",
        "truncated.pdf": "not a readable PDF",
        "encrypted.pdf": "encrypted PDF",
        "random.pdf": "not a readable PDF",
        "deeper/still/text.png": "not a readable image",
        "deeper/still/huge.png": "image too large",
        "binary.txt": "binary content",
    }
    (inbox / "empty.pdf").write_bytes(b"")
    (inbox / "deeper" / "empty.png").write_bytes(b"")
    (inbox / "truncated.pdf").write_bytes(good_pdf.read_bytes()[: good_pdf.stat().st_size // 2])
    with pikepdf.open(good_pdf) as pdf:
        pdf.save(inbox / "encrypted.pdf", encryption=pikepdf.Encryption(user="salasana", owner="salasana"))
    (inbox / "random.pdf").write_bytes(random.Random(7).randbytes(20_000))
    (inbox / "deeper" / "still" / "text.png").write_text("Tämä on tekstiä eikä kuva.\n" * 20, encoding="utf-8")
    make_png_bomb(inbox / "deeper" / "still" / "huge.png")
    (inbox / "binary.txt").write_bytes(random.Random(8).randbytes(5_000))

    db = f"sqlite:///{tmp_path / 'm.db'}"
    report_path = tmp_path / "run.json"
    result = run_cli("run", str(inbox), "--db", db, "--jobs", "2", "--report", str(report_path))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    failed = {
        Path(line.split(": ", 1)[0].removeprefix("FAILED ")).relative_to(inbox).as_posix(): line.split(": ", 1)[1]
        for line in result.stderr.splitlines()
        if line.startswith("FAILED ")
    }
    assert sorted(failed) == sorted(bad), result.stderr
    for name, reason in bad.items():
        assert reason in failed[name], (name, failed[name])
    report = read_report(report_path)
    assert report["files"] == {"total": 10, "ok": 2, "skipped": 0, "failed": 8}
    assert {Path(f["path"]).relative_to(inbox).as_posix(): f["reason"] for f in report["failures"]} == failed
    decisions = stored(db)["decisions"]
    by_file = {Path(d["source"]["file"]).name: [] for d in decisions}
    for d in decisions:
        by_file[Path(d["source"]["file"]).name].append(d["section"])
    assert by_file == {"cp1252.txt": [12, 13], "scan.png": [45, 46]}
    assert "Sivistyslautakunta" in json.dumps(decisions, ensure_ascii=False)  # cp1252 decoded, not mojibake

    before = stored(db)
    again = run_cli("run", str(inbox), "--db", db, "--jobs", "2", "--report", str(report_path))
    assert again.returncode == 1
    assert read_report(report_path)["files"] == {"total": 10, "ok": 0, "skipped": 2, "failed": 8}
    assert stored(db) == before


def test_a_page_over_the_time_limit_fails_its_file_only(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLES / "tekninen_2024-11-12.png", inbox / "slow.png")
    shutil.copy(SAMPLES / "sivistys_2019-03-20.txt", inbox / "old.txt")
    db = f"sqlite:///{tmp_path / 'm.db'}"
    result = run_cli("run", str(inbox), "--db", db, "--jobs", "2", "--page-timeout", "0.2")
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("FAILED")] == [
        f"FAILED {inbox / 'slow.png'}: page 1: OCR took longer than 0.2 s"
    ]
    assert {Path(d["source"]["file"]).name for d in stored(db)["decisions"]} == {"old.txt"}


def descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def wait_for(condition: Any, timeout: float = 120.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


def start_run(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def checkpointed_pages(db_file: Path) -> int:
    if not db_file.exists():
        return 0
    try:
        with sqlite3.connect(db_file) as connection:
            return connection.execute("SELECT count(*) FROM page_checkpoints").fetchone()[0]
    except sqlite3.OperationalError:  # table not made yet, or busy
        return 0


def test_ctrl_c_loses_only_pages_in_flight_and_a_rerun_resumes(
    archive: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    db_file = tmp_path / "m.db"
    db = f"sqlite:///{db_file}"
    # one worker: after the first checkpoint two pages are still to OCR one after the other, so a loaded
    # machine cannot finish the run before the signal arrives (with two workers it sometimes did)
    run = start_run(str(archive), "--db", db, "--jobs", "1")
    wait_for(lambda: checkpointed_pages(db_file) >= 1)
    helpers = descendants(run.pid)  # forkserver, workers, Tesseract
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    _, alive = psutil.wait_procs(helpers, timeout=10)
    assert not alive, alive  # no worker or Tesseract left behind
    done = checkpointed_pages(db_file)
    assert 1 <= done < len(SCAN_PAGES)

    report_path = tmp_path / "resume.json"
    result = run_cli("run", str(archive), "--db", db, "--jobs", "2", "--report", str(report_path))
    assert result.returncode == 0, result.stderr
    pages = read_report(report_path)["pages"]
    assert pages["resumed"] == done  # the checkpointed pages were not OCR'd again
    assert checkpointed_pages(db_file) == 0  # stored documents leave no checkpoints behind
    assert stored(db) == reference


def test_a_killed_worker_costs_only_a_retry(archive: Path, reference: dict[str, Any], tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'm.db'}"
    run = start_run(str(archive), "--db", db, "--jobs", "2")

    def busy_worker() -> psutil.Process | None:
        for process in descendants(run.pid):
            try:
                if process.name() == "tesseract" and process.ppid() != run.pid:  # OCR in a worker, not --version
                    return process.parent()
            except psutil.NoSuchProcess:  # finished meanwhile
                continue
        return None

    worker = wait_for(busy_worker)
    os.kill(worker.pid, signal.SIGKILL)  # as the kernel's OOM killer would
    stdout, stderr = run.communicate(timeout=300)
    assert run.returncode == 0, stderr
    assert "0 failed" in stdout
    assert stored(db) == reference


DASK = [sys.executable, "-m"]


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[str]:
    """A local Dask scheduler with two single-threaded workers, stopped after the test."""
    from distributed import Client

    scheduler_file = tmp_path / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    common = {"cwd": tmp_path, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes = [
        subprocess.Popen(
            [
                *DASK,
                "distributed.cli.dask_scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(scheduler_file),
            ],
            **common,  # type: ignore[arg-type]
        )
    ]
    try:
        wait_for(scheduler_file.exists, timeout=60)
        for _ in range(2):
            processes.append(
                subprocess.Popen(
                    [
                        *DASK,
                        "distributed.cli.dask_worker",
                        "--scheduler-file",
                        str(scheduler_file),
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--memory-limit",
                        "0",
                    ],
                    **common,  # type: ignore[arg-type]
                )
            )
        with Client(scheduler_file=str(scheduler_file), timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
            address = client.scheduler.address
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_dask_cluster_stores_what_a_local_run_stores(
    archive: Path, reference: dict[str, Any], dask_cluster: str, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'm.db'}"
    report_path = tmp_path / "run.json"
    result = run_cli("run", str(archive), "--db", db, "--cluster", dask_cluster, "--report", str(report_path))
    assert result.returncode == 0, result.stderr
    report = read_report(report_path)
    assert report["executor"].startswith(f"Dask cluster {dask_cluster}")
    assert len(report["workers"]) == 2  # both workers took pages
    assert stored(db) == reference


def test_unreachable_cluster_is_an_environment_error(archive: Path, tmp_path: Path) -> None:
    result = run_cli("run", str(archive), "--db", f"sqlite:///{tmp_path / 'm.db'}", "--cluster", "tcp://127.0.0.1:9")
    assert result.returncode == 3
    assert result.stderr.strip().startswith("minutes: cannot reach the Dask scheduler at tcp://127.0.0.1:9")


def test_progress_bar_shows_pages_speed_and_estimate() -> None:
    buffer = io.StringIO()
    bar = ProgressBar(Console(file=buffer, force_terminal=True, color_system=None, width=160))
    with bar:
        bar.start(files=4)
        bar.planned(10)
        bar.planned(0)  # skipped
        assert bar.progress.tasks[0].total == 10 + 2 * 5  # two unplanned files estimated at 5 pages each
        for _ in range(3):
            bar.pages_done(1)
            time.sleep(0.05)
        bar.failed("bad.pdf: encrypted PDF (needs a password)")
    text = buffer.getvalue()
    assert "3/20 pages" in text and "pages/s" in text and "ETA" in text
    assert "FAILED bad.pdf: encrypted PDF" in text and "2/4 files, 1 failed" in text


def test_quiet_run_prints_only_totals_and_copies_are_stored_once(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "copy").mkdir(parents=True)
    shutil.copy(SAMPLES / "sivistys_2019-03-20.txt", inbox / "old.txt")
    shutil.copy(SAMPLES / "sivistys_2019-03-20.txt", inbox / "copy" / "same.txt")
    db = f"sqlite:///{tmp_path / 'm.db'}"
    result = run_cli("run", str(inbox), "--db", db, "--quiet", "--report", str(tmp_path / "run.json"))
    assert result.returncode == 0
    assert result.stdout.splitlines() == [result.stdout.strip()]
    assert result.stdout.startswith("1 files processed, 1 skipped, 0 failed; 2 pages, 2 decisions")
    assert result.stderr == ""
    skipped = [r for r in read_report(tmp_path / "run.json")["results"] if r["status"] == "skipped"]
    # folders are walked in sorted order: copy/same.txt comes first and is the one stored
    assert [(r["path"], r["reason"]) for r in skipped] == [
        (str(inbox / "old.txt"), f"same content as {inbox / 'copy' / 'same.txt'}")
    ]
