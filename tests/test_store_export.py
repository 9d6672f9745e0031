"""Exports from the database give exactly what `minutes segment` gives, on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from pipeline.cli import main
from pipeline.errors import ExitCode
from pipeline.segment.opendecision import to_open_decision

pytest_plugins = ["pgcluster"]

ROOT = Path(__file__).resolve().parent.parent
# real Kemi minutes (clean and Tesseract output) and a sample; together every field of the record occurs
KEMI_KH = ROOT / "tests" / "data" / "segment" / "kemi_kh_2024_10.txt"
FILES = sorted(
    [
        KEMI_KH,
        ROOT / "tests" / "data" / "segment" / "ocr" / "kemi_tela_2024_04.txt",
        ROOT / "samples" / "sivistys_2019-03-20.txt",
    ]
)


def _lines(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    assert main(list(argv)) == 0
    return capsys.readouterr().out.splitlines()


@pytest.fixture(scope="module")
def segmented() -> list[str]:
    """`minutes segment` output of every file, in path order (the export's order)."""
    lines: list[str] = []
    for file in FILES:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            assert main(["segment", str(file)]) == 0
        lines.extend(out.getvalue().splitlines())
    return lines


def test_export_from_the_database_is_exactly_the_segmenters_record(
    store_url: str, segmented: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _lines(capsys, "run", "--db", store_url, "--quiet", "--jobs", "1", *map(str, FILES))
    exported = _lines(capsys, "export", "--db", store_url)
    assert exported == segmented  # byte for byte, key order included
    records = [json.loads(line) for line in exported]
    # the records exercise the fields that have their own columns and tables
    assert any(r["meeting"] and r["meeting"]["present"] and r["meeting"]["start_time"] for r in records)
    assert any(r["references"] for r in records) and any(r["attachments"] for r in records)
    assert any(r["processing"] for r in records) and any(r["preparer"] for r in records)
    assert len({r["confidence"] for r in records}) > 1
    schema = json.loads(resources.files("pipeline").joinpath("schemas/decision.schema.json").read_text("utf-8"))
    for record in records:
        jsonschema.validate(record, schema)
    open_decision = json.loads("\n".join(_lines(capsys, "export", "--db", store_url, "--format", "open-decision")))
    assert open_decision == json.loads(json.dumps(to_open_decision(records), ensure_ascii=False))
    # a second run stores nothing new and the export stays the same
    _lines(capsys, "run", "--db", store_url, "--quiet", "--force", "--jobs", "1", *map(str, FILES))
    assert _lines(capsys, "export", "--db", store_url) == segmented


def test_search_and_export_since_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'minutes.db'}"
    missing = f"sqlite:///{tmp_path / 'typo.db'}"
    assert main(["search", "talousarvio", "--db", missing]) == ExitCode.ENVIRONMENT
    assert "no database at" in capsys.readouterr().err
    assert not (tmp_path / "typo.db").exists()  # a mistyped path does not make an empty database
    before = dt.datetime.now().isoformat()
    _lines(capsys, "run", "--db", db, "--quiet", "--jobs", "1", str(KEMI_KH))
    after = (dt.datetime.now() + dt.timedelta(seconds=1)).isoformat()

    found = [json.loads(line) for line in _lines(capsys, "search", "talousarvioon", "--db", db, "--jsonl")]
    assert [r["section"] for r in found] == [138]  # Talousarvion ..., talousarviosta: another inflection
    lines = _lines(capsys, "search", "kaupunginhallitus", "--db", db, "--organ", "KAUPUNGINHALLITUS", "--limit", "2")
    assert len(lines) == 2 and all("Kaupunginhallitus" in line and "§ 1" in line for line in lines)
    assert main(["search", "talousarvio", "--db", db, "--from", "2024-11-05"]) == ExitCode.OK
    assert capsys.readouterr() == ("", "no decisions found\n")
    assert len(_lines(capsys, "search", "talousarvio", "--db", db, "--to", "2024-11-04")) == 1

    assert len(_lines(capsys, "export", "--db", db, "--since", before)) == 8
    assert _lines(capsys, "export", "--db", db, "--since", after) == []
    with pytest.raises(SystemExit):
        main(["export", "--db", db, "--since", "yesterday"])
    assert "expected an ISO timestamp" in capsys.readouterr().err
