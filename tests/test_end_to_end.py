"""The command line as an archivist uses it: samples/ in, decisions out; bad files named, nothing lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from tests.conftest import REAL, SAMPLES, run_cli

EXPECTED = json.loads((SAMPLES / "expected_decisions.json").read_text(encoding="utf-8"))


def export(db: str) -> list[dict]:
    result = run_cli("export", "--db", db)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, int, str]:
    db = f"sqlite:///{tmp_path_factory.mktemp('db') / 'minutes.db'}"
    result = run_cli("run", "samples/", "--db", db, "--jobs", "2")
    return db, result.returncode, result.stdout + result.stderr


def test_samples_give_their_decisions(samples_db: tuple[str, int, str]) -> None:
    db, returncode, output = samples_db
    assert returncode == 0, output
    records = export(db)
    for name, expected in EXPECTED.items():
        found = [r for r in records if Path(r["source"]["file"]).name == name]
        assert [(r["section"], r["organ"], r["meeting_date"]) for r in found] == [
            (e["section"], e["organ"], e["meeting_date"]) for e in expected
        ], name
        for record, want in zip(found, expected, strict=True):
            # the right line is taken as the title; OCR damage in it is the cleaning stage's job
            assert fuzz.ratio(record["title"], want["title"]) >= 85, (record["title"], want["title"])
            assert len(record["source"]["sha256"]) == 64 and record["source"]["pages"]


def test_rerun_skips_stored_files_and_changes_nothing(samples_db: tuple[str, int, str]) -> None:
    db, _, _ = samples_db
    before = export(db)
    result = run_cli("run", "samples/", "--db", db)
    assert result.returncode == 0
    assert "4 skipped" in result.stdout
    assert export(db) == before


def test_bad_files_are_named_and_the_rest_is_stored(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(SAMPLES / "sivistys_2019-03-20.txt", batch / "good.txt")
    (batch / "empty.pdf").write_bytes(b"")
    (batch / "fake.png").write_text("only text here\n" * 20)
    (batch / "truncated.pdf").write_bytes((REAL / "395959398.pdf").read_bytes()[:1500])
    db = f"sqlite:///{tmp_path / 'm.db'}"
    result = run_cli("run", str(batch), "--db", db)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    failed = [line for line in result.stderr.splitlines() if line.startswith("FAILED")]
    assert sorted(Path(line.split()[1].rstrip(":")).name for line in failed) == [
        "empty.pdf",
        "fake.png",
        "truncated.pdf",
    ]
    assert all(len(line.split(": ", 1)[1]) > 5 for line in failed)  # each with its reason
    assert [r["section"] for r in export(db)] == [12, 13]
    again = run_cli("run", str(batch), "--db", db)  # a re-run is safe
    assert again.returncode == 1
    assert [r["section"] for r in export(db)] == [12, 13]


def test_segment_and_clean_commands_read_files_and_stdin(tmp_path: Path) -> None:
    result = run_cli("segment", "samples/sivistys_2019-03-20.txt")
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["section"] for line in result.stdout.splitlines()] == [12, 13]

    changes = tmp_path / "changes.jsonl"
    cleaned = run_cli("clean", "-", "--changes", str(changes), stdin="Pöytä-\nkirja\u200b tarkastettiin\n")
    assert cleaned.returncode == 0
    assert cleaned.stdout.startswith("Pöytäkirja\ntarkastettiin")
    reasons = [json.loads(line)["reason"] for line in changes.read_text(encoding="utf-8").splitlines()]
    assert sorted(reasons) == ["dehyphenate", "unicode-invisible"]


def test_extract_separates_pages_with_form_feeds() -> None:
    result = run_cli("extract", str(REAL / "395959398.pdf"))
    assert result.returncode == 0
    assert result.stdout.count("\f") == 1
    assert "Suomi 100 -juhlavuoden juhlapäätös" in result.stdout


def test_usage_errors_exit_2_and_missing_files_are_named(tmp_path: Path) -> None:
    assert run_cli("run").returncode == 2
    assert run_cli("run", "x", "--jobs", "0").returncode == 2
    missing = run_cli("run", str(tmp_path / "nothing-here.pdf"), "--db", f"sqlite:///{tmp_path / 'm.db'}")
    assert missing.returncode == 1
    assert "nothing-here.pdf: no such file or folder" in missing.stderr
