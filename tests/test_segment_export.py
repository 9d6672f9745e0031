"""Decision records against the published JSON Schema, and the Open Decision export."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from pipeline.cli import main
from pipeline.model import Document, Page, PageSource
from pipeline.segment import segment_document
from pipeline.segment.opendecision import to_open_decision

MINUTES = Path(__file__).parent / "data" / "segment" / "kemi_kh_2024_10.txt"


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(resources.files("pipeline").joinpath("schemas/decision.schema.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def records() -> list[dict]:
    text = MINUTES.read_text(encoding="utf-8")
    pages = [Page(i + 1, part, PageSource.TEXT_FILE) for i, part in enumerate(text.split("\f"))]
    document = segment_document(Document(path=MINUTES, sha256="0" * 64, pages=pages))
    return [json.loads(json.dumps(d.to_dict(), ensure_ascii=False)) for d in document.decisions]


def test_segment_records_match_the_schema(schema: dict, records: list[dict]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    for record in records:
        jsonschema.validate(record, schema)


def test_schema_rejects_a_broken_record(schema: dict, records: list[dict]) -> None:
    broken = dict(records[0], section="136", resolution="accepted")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_stored_and_exported_records_match_the_schema(
    schema: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'minutes.db'}"
    assert main(["run", "--db", db, "--quiet", str(MINUTES)]) == 0
    capsys.readouterr()
    assert main(["export", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 8
    for line in lines:
        jsonschema.validate(json.loads(line), schema)
    assert main(["export", "--db", db, "--format", "open-decision"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert [action["article_number"] for action in exported["actions"]] == list(range(136, 144))
    assert exported["events"][0]["organization"] == "Kaupunginhallitus"


def test_open_decision_shape(records: list[dict]) -> None:
    exported = to_open_decision(records)
    [event] = exported["events"]
    assert event["start_date"] == "2024-11-04T16:31:00" and event["end_date"] == "2024-11-04T17:46:00"
    assert event["name"] == "Kaupunginhallitus 10/2024"
    action = next(a for a in exported["actions"] if a["article_number"] == 138)
    assert action["event"] == event["id"] and action["ordering"] == 3
    assert [c["type"] for c in action["contents"]] == ["proposal", "decision"]
    assert action["attachments"][0]["name"] == "Talousarvion toteutumaraportti 30.9.2024"
    case = next(c for c in exported["cases"] if c["id"] == action["case"])
    assert case["register_id"] == "KEMDno-2024-512" and case["title"] == action["title"]
    voted = next(a for a in exported["actions"] if a["article_number"] == 139)
    assert [c["type"] for c in voted["contents"]] == ["proposal", "proceedings", "decision"]
    assert voted["resolution"] == "voted"
