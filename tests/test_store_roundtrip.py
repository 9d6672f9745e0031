"""SQLite storage: one transaction per document, re-runs replace instead of duplicating."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import EnvironmentProblem
from pipeline.model import Decision, Document, Page, PageSource, SourceRef
from pipeline.store import Store


def document(path: str, sha256: str, titles: list[str]) -> Document:
    doc = Document(path=Path(path), sha256=sha256, pages=[Page(1, "raw", PageSource.TEXT_FILE, cleaned_text="x")])
    doc.decisions = [
        Decision(
            "Kemin kaupunki",
            "Kaupunginhallitus",
            "2024-12-04",
            n,
            t,
            None,
            f"§ {n}\n{t}",
            None,
            SourceRef(path, sha256, [1]),
        )
        for n, t in enumerate(titles, start=1)
    ]
    return doc


def test_rerun_replaces_instead_of_duplicating(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    store.save_document(document("a.pdf", "1" * 64, ["Yksi", "Kaksi"]))
    store.save_document(document("a.pdf", "1" * 64, ["Yksi", "Kaksi"]))
    assert [r["title"] for r in store.decisions()] == ["Yksi", "Kaksi"]
    assert store.has_document("1" * 64)
    store.save_document(document("a.pdf", "2" * 64, ["Uusi"]))  # the file changed
    records = list(store.decisions())
    assert [(r["title"], r["source"]["sha256"]) for r in records] == [("Uusi", "2" * 64)]
    assert not store.has_document("1" * 64)


def test_failure_is_recorded_and_replaced_by_success(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    store.record_failure("b.pdf", "3" * 64, "encrypted PDF")
    assert not store.has_document("3" * 64)
    store.save_document(document("b.pdf", "3" * 64, ["Otsikko"]))
    assert store.has_document("3" * 64)
    assert len(list(store.decisions())) == 1


def test_awkward_text_round_trips(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    title = 'Robert\'); DROP TABLE decisions;-- \\ "lainaus" \x00 loppu'
    store.save_document(document("c.pdf", "4" * 64, [title]))
    (record,) = store.decisions()
    assert record["title"] == title.replace("\x00", "")


def test_bad_database_url_is_a_clear_error() -> None:
    with pytest.raises(EnvironmentProblem, match="database"):
        Store("nosuchdb://whatever")
    with pytest.raises(EnvironmentProblem, match="cannot open database"):
        Store("sqlite:////nonexistent-dir/sub/m.db")
