"""Writing documents and reading decisions back: one transaction per document, re-runs are safe."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, insert, or_, select
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from pipeline.errors import EnvironmentProblem
from pipeline.model import Document
from pipeline.store import schema

# NUL cannot be stored in PostgreSQL text and means nothing in minutes
_NUL = str.maketrans("", "", "\x00")


def _text(value: str | None) -> str | None:
    return None if value is None else value.translate(_NUL)


class Store:
    def __init__(self, url: str) -> None:
        try:
            self.engine: Engine = create_engine(url)
        except (ArgumentError, NoSuchModuleError, ValueError) as exc:
            raise EnvironmentProblem(f"bad database URL {url!r}: {exc}") from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            schema.metadata.create_all(self.engine)
        except OperationalError as exc:
            raise EnvironmentProblem(f"cannot open database {url}: {exc.orig}") from exc

    def has_document(self, sha256: str) -> bool:
        """True when a file with this content was stored successfully before."""
        query = select(schema.documents.c.id).where(
            schema.documents.c.sha256 == sha256, schema.documents.c.status == "ok"
        )
        with self.engine.connect() as connection:
            return connection.execute(query.limit(1)).first() is not None

    def _replace(self, connection: Any, path: str, sha256: str | None) -> None:
        """Delete what an earlier run stored for this path or content."""
        condition = schema.documents.c.path == path
        if sha256:
            condition = or_(condition, schema.documents.c.sha256 == sha256)
        ids = [row.id for row in connection.execute(select(schema.documents.c.id).where(condition))]
        if ids:
            for table in (schema.changes, schema.decisions, schema.pages):
                connection.execute(delete(table).where(table.c.document_id.in_(ids)))
            connection.execute(delete(schema.documents).where(schema.documents.c.id.in_(ids)))

    def save_document(self, document: Document) -> None:
        """Store a processed document, replacing any earlier version, all or nothing."""
        path = str(document.path)
        with self.engine.begin() as connection:
            self._replace(connection, path, document.sha256)
            document_id = connection.execute(
                insert(schema.documents).values(
                    path=path, sha256=document.sha256, pages=len(document.pages), status="ok", notes=document.notes
                )
            ).inserted_primary_key[0]
            if document.pages:
                connection.execute(
                    insert(schema.pages),
                    [
                        {
                            "document_id": document_id,
                            "number": page.number,
                            "source": str(page.source),
                            "raw_text": _text(page.raw_text),
                            "cleaned_text": _text(page.cleaned_text),
                            "header": page.header,
                            "mean_confidence": page.mean_confidence,
                            "engine": page.engine,
                            "language": page.language,
                        }
                        for page in document.pages
                    ],
                )
            rows = [
                {**change.to_dict(), "before": _text(change.before), "after": _text(change.after)}
                for page in document.pages
                for change in page.changes
            ]
            if rows:
                connection.execute(insert(schema.changes), [{"document_id": document_id, **row} for row in rows])
            if document.decisions:
                connection.execute(
                    insert(schema.decisions),
                    [
                        {
                            "document_id": document_id,
                            "municipality": d.municipality,
                            "organ": d.organ,
                            "meeting_date": d.meeting_date,
                            "section": d.section,
                            "title": _text(d.title),
                            "diary_number": d.diary_number,
                            "text": _text(d.text),
                            "decision": _text(d.decision),
                            "pages": d.source.pages,
                            "errors": d.errors,
                        }
                        for d in document.decisions
                    ],
                )

    def record_failure(self, path: str, sha256: str | None, reason: str) -> None:
        """Remember that a file failed and why; earlier rows for it are replaced."""
        with self.engine.begin() as connection:
            self._replace(connection, path, None)
            connection.execute(
                insert(schema.documents).values(path=path, sha256=sha256 or "", pages=0, status="failed", error=reason)
            )

    def decisions(self) -> Iterator[dict[str, Any]]:
        """Every stored decision as a record (the JSON Lines export shape), in document order."""
        d, doc = schema.decisions, schema.documents
        query = select(d, doc.c.path, doc.c.sha256).join(doc, d.c.document_id == doc.c.id).order_by(doc.c.path, d.c.id)
        with self.engine.connect() as connection:
            for row in connection.execute(query).mappings():
                yield {
                    "municipality": row["municipality"],
                    "organ": row["organ"],
                    "meeting_date": row["meeting_date"],
                    "section": row["section"],
                    "title": row["title"],
                    "diary_number": row["diary_number"],
                    "text": row["text"],
                    "decision": row["decision"],
                    "source": {"file": row["path"], "sha256": row["sha256"], "pages": row["pages"]},
                    "errors": row["errors"],
                }


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
