"""Migrations: a database at the first revision (or from before migrations) upgrades with its data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, Text, create_engine, func, select, text

from pipeline.batch.checkpoint import Checkpoints
from pipeline.model import Decision, Document, Page, PageSource, SourceRef
from pipeline.store import Store, migrate, schema

pytest_plugins = ["pgcluster"]

# the skeleton's tables as revision 0001 made them, for writing rows the old way
_old = MetaData()
old_documents = Table(
    "documents", _old, Column("id", Integer, primary_key=True), Column("path", Text), Column("sha256", Text),
    Column("pages", Integer), Column("status", Text), Column("error", Text), Column("notes", JSON),
)  # fmt: skip
old_decisions = Table(
    "decisions", _old, Column("id", Integer, primary_key=True), Column("document_id", Integer),
    Column("municipality", Text), Column("organ", Text), Column("meeting_date", Text), Column("section", Integer),
    Column("title", Text), Column("diary_number", Text), Column("text", Text), Column("decision", Text),
    Column("pages", JSON), Column("errors", JSON),
)  # fmt: skip


def _old_decision(document_id: int, section: int, organ: str, date: str, body: str) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "municipality": "Kemi",
        "organ": organ,
        "meeting_date": date,
        "section": section,
        "title": f"Asia {section}",
        "diary_number": None,
        "text": body,
        "decision": "Hyväksyttiin.",
        "pages": [1],
        "errors": [],
    }


def make_old_database(url: str, *, before_migrations: bool) -> None:
    """A database at revision 0001 with two documents, as the skeleton's store wrote them."""
    engine = create_engine(url)
    with engine.begin() as connection:
        migrate.upgrade(connection, migrate.FIRST)
        a, b = (
            connection.execute(
                old_documents.insert().values(path=path, sha256=f"sha-{path}", pages=1, status="ok", notes=[])
            ).inserted_primary_key[0]
            for path in ("a.txt", "b.txt")
        )
        connection.execute(
            old_decisions.insert(),
            [
                _old_decision(a, 1, "Kaupunginhallitus", "2020-01-02", "Hallitus teki päätöksen."),
                _old_decision(a, 2, "Kaupunginhallitus", "2020-01-02", "Toinen asia."),
                _old_decision(b, 9, "Kaupunginvaltuusto", "2020-02-03", "Valtuuston päätökset."),
            ],
        )
        connection.execute(
            text(
                'INSERT INTO changes (document_id, page, "offset", before, after, reason, confidence, applied)'
                " VALUES (:document, 1, 0, 'a', 'b', 'test', 1.0, :yes)"
            ),
            {"document": a, "yes": True},
        )
        if before_migrations:
            connection.execute(text("DROP TABLE alembic_version"))
    engine.dispose()


@pytest.mark.parametrize("before_migrations", [False, True], ids=["at-0001", "before-alembic"])
def test_an_old_database_upgrades_with_its_data(store_url: str, before_migrations: bool) -> None:
    make_old_database(store_url, before_migrations=before_migrations)
    store = Store(store_url)
    with store.engine.connect() as connection:
        assert migrate.current(connection) == migrate.head()
        assert connection.execute(select(func.count()).select_from(schema.meetings)).scalar_one() == 0
        assert connection.execute(select(func.count()).select_from(schema.corrections)).scalar_one() == 1
    records = list(store.decisions())
    assert [(r["source"]["file"], r["section"], r["organ"], r["meeting_date"]) for r in records] == [
        ("a.txt", 1, "Kaupunginhallitus", "2020-01-02"),
        ("a.txt", 2, "Kaupunginhallitus", "2020-01-02"),
        ("b.txt", 9, "Kaupunginvaltuusto", "2020-02-03"),
    ]
    assert records[0]["source"]["sha256"] == "sha-a.txt" and records[0]["errors"] == []
    # fields the old records never had come back as the model's defaults
    old = _old_decision(1, 1, "Kaupunginhallitus", "2020-01-02", "Hallitus teki päätöksen.")
    assert records[0] == {
        **{key: value for key, value in old.items() if key not in ("document_id", "pages")},
        "source": {"file": "a.txt", "sha256": "sha-a.txt", "pages": [1]},
        **dict.fromkeys(("preparer", "presenter", "proposal", "processing", "resolution")),
        "attachments": [],
        "references": [],
        "meeting": None,
        "confidence": 1.0,
    }
    assert sorted(r["section"] for r in store.search("päätös")) == [1, 9]  # migrated rows are indexed
    assert sorted(r["section"] for r in store.search("päätös", organ="valtuusto")) == [9]
    # new rows after the copied ones: ids and sequences continue
    page = Page(1, "uusi", PageSource.TEXT_FILE)
    new = Decision(
        "Kemi", "Kaupunginhallitus", "2021-01-01", 3, "Uusi", None, "Uusi asia.", None, SourceRef("c.txt", "sha-c", [1])
    )
    assert store.save_document(Document(Path("c.txt"), "sha-c", [page], [new])) is True
    assert len(list(store.decisions())) == 4
    assert Store(store_url).search("uusi")  # opening again is a no-op upgrade


# SQLite cannot reflect the DESC index; PostgreSQL compares the rest
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_the_schema_module_describes_what_the_migrations_make(store_url: str) -> None:
    store = Store(store_url)

    def ours(obj: Any, name: str | None, kind: str, reflected: bool, _compare_to: Any) -> bool:
        # the full-text index and search order index are engine specific and made only by the migrations
        engine_specific = ("search", "ix_decisions_search", "ix_decisions_newest", "alembic_version")
        return not (name or "").startswith("decisions_fts") and name not in engine_specific

    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": ours})
        assert compare_metadata(context, schema.metadata) == []


def test_a_database_at_0002_keeps_the_newer_fields_it_held_in_extra(store_url: str) -> None:
    """Revision 0002 kept fields without a column in decisions.extra; 0003 moves them into columns and tables."""
    engine = create_engine(store_url)
    meeting = {"municipality": "Kemi", "organ": "Kaupunginhallitus", "date": "2024-11-04", "start_time": "16:31"}
    meeting |= {"end_time": None, "place": "Valtuustosali", "number": "10/2024", "present": ["A", "B"]}
    meeting |= {"others": ["C"], "absent": [], "errors": []}
    extra = {"preparer": "hallintojohtaja", "presenter": None, "proposal": "Ehdotus.", "processing": None}
    extra |= {"resolution": "passed_as_proposed", "attachments": ["Liite 1"], "meeting": meeting, "confidence": 0.75}
    extra |= {"references": [{"organ": "Kaupunginhallitus", "date": "2024-01-02", "section": 5}], "future": 1}
    with engine.begin() as connection:
        migrate.upgrade(connection, "0002")
        connection.execute(
            text(
                "INSERT INTO documents (path, sha256, pages, status, notes, updated_at, created_at)"
                " VALUES ('a.txt', 'sha-a', 1, 'ok', '[]', :now, :now)"
            ),
            {"now": "2024-01-01 00:00:00+00:00"},
        )
        connection.execute(
            text(
                "INSERT INTO meetings (municipality, organ, date, created_at)"
                " VALUES ('Kemi', 'Tekninen lautakunta', '2024-11-05', :now)"
            ),
            {"now": "2024-01-01 00:00:00+00:00"},
        )
        connection.execute(
            text(
                "INSERT INTO decisions (document_id, meeting_id, section, title, text, decision, pages, errors,"
                " extra, baseforms, created_at, updated_at) VALUES (1, 1, 7, 'Katu', 'Kadun päätös', NULL,"
                " '[1]', '[]', :extra, 'katu päätös', :now, :now)"
            ),
            {"extra": json.dumps(extra), "now": "2024-01-01 00:00:00+00:00"},
        )
    engine.dispose()
    [record] = Store(store_url).decisions()
    assert record["organ"] == "Tekninen lautakunta" and record["meeting_date"] == "2024-11-05"  # the record's own
    assert record["meeting"] == meeting
    assert {key: record[key] for key in extra if key != "meeting"} == {k: v for k, v in extra.items() if k != "meeting"}
    assert list(record)[-1] == "future"  # an unknown field stays, after the model's fields


def test_a_database_at_0003_upgrades_and_postgresql_compresses_long_texts_with_lz4(store_url: str) -> None:
    engine = create_engine(store_url)
    with engine.begin() as connection:
        migrate.upgrade(connection, "0003")
    engine.dispose()
    store = Store(store_url)
    with store.engine.connect() as connection:
        assert migrate.current(connection) == migrate.head()
        if store.dialect == "postgresql":
            query = "SELECT attcompression FROM pg_attribute WHERE attrelid = 'decisions'::regclass"
            query += " AND attname = 'text'"
            assert connection.execute(text(query)).scalar_one() == "l"


# the table as pipeline/batch/checkpoint.py made it with create_all before revision 0005
_batch = MetaData()
old_checkpoints = Table(
    "page_checkpoints", _batch, Column("sha256", String(64), primary_key=True),
    Column("fingerprint", String(16), primary_key=True), Column("task", Integer, primary_key=True),
    Column("pages", Text, nullable=False),
)  # fmt: skip


@pytest.mark.parametrize("batch_ran", [True, False], ids=["with-checkpoints", "without"])
def test_a_database_at_0004_upgrades_and_alembic_owns_the_page_checkpoints(store_url: str, batch_ran: bool) -> None:
    engine = create_engine(store_url)
    with engine.begin() as connection:
        migrate.upgrade(connection, "0004")
        if batch_ran:  # a run killed mid-batch left extracted pages behind
            _batch.create_all(connection)
            connection.execute(
                old_checkpoints.insert().values(sha256="a" * 64, fingerprint="f" * 16, task=3, pages="[]")
            )
    engine.dispose()
    store = Store(store_url)
    with store.engine.connect() as connection:
        assert migrate.current(connection) == migrate.head()
        rows = connection.execute(select(schema.page_checkpoints)).all()
    assert rows == ([("a" * 64, "f" * 16, 3, "[]")] if batch_ran else [])
    # the batch runner's checkpoints work on the upgraded database without creating anything
    checkpoints = Checkpoints(store.engine, "f" * 16)
    page = Page(1, "Kemin kaupunki", PageSource.TEXT_FILE)
    checkpoints.save("b" * 64, 0, [page])
    assert checkpoints.load("b" * 64)[0][0].raw_text == "Kemin kaupunki"
    store.save_document(Document(Path("b.txt"), "b" * 64, [page]))  # storing the file drops its checkpoints
    assert checkpoints.load("b" * 64) == {}
