"""Writing documents and reading decisions back: one transaction per document, re-runs change nothing."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Dialect,
    Engine,
    Table,
    bindparam,
    create_engine,
    delete,
    event,
    insert,
    or_,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DataError, DBAPIError, IntegrityError, NoSuchModuleError

from pipeline.errors import EnvironmentProblem, InputError
from pipeline.model import Decision, Document, Meeting
from pipeline.store import migrate, schema
from pipeline.store.baseforms import index_terms, voikko
from pipeline.store.search import SearchFilter, matching_ids

# record fields with a column of their own in decisions; source and meeting are stored apart, any other
# key of Decision.to_dict() (a field the model gains later) is kept in decisions.extra
DECISION_COLUMNS = tuple(f.name for f in dataclasses.fields(Decision) if f.name not in ("source", "meeting"))
MEETING_COLUMNS = tuple(f.name for f in dataclasses.fields(Meeting))
STORED_APART = {*DECISION_COLUMNS, "source", "meeting"}
LOCK_SEED = 727600  # advisory lock keys of the store: hashes of a path or sha256 with this seed
# the subquery's ORDER BY fixes the order in which the outer query takes the locks
_LOCK_KEYS = text(
    "SELECT pg_advisory_xact_lock(hashtextextended(k, :seed)) FROM (SELECT unnest(CAST(:keys AS text[])) AS k"
    " ORDER BY k) AS sorted_keys"
)
# statements built once: building one per document (a new cache key each time) cost more client time
# than the server spent running them
_D, _M = schema.documents, schema.meetings
_EARLIER_COLUMNS = (_D.c.id, _D.c.path, _D.c.sha256, _D.c.status, _D.c.fingerprint, _D.c.created_at)
_EARLIER_BY_PATH = select(*_EARLIER_COLUMNS).where(_D.c.path == bindparam("path")).order_by(_D.c.id)
_EARLIER_BY_PATH_OR_CONTENT = (
    select(*_EARLIER_COLUMNS)
    .where(or_(_D.c.path == bindparam("path"), _D.c.sha256 == bindparam("sha256")))
    .order_by(_D.c.id)
)
_INSERT_DOCUMENT = insert(_D).returning(_D.c.id)
_INSERT_MEETING = insert(_M).returning(_M.c.id)
# the batch runner's page checkpoints of a file go in the transaction that stores it: a file is then either
# stored or resumable, never both and never neither, whichever process dies when
_DROP_CHECKPOINTS = delete(schema.page_checkpoints).where(schema.page_checkpoints.c.sha256 == bindparam("sha256"))
# A document is one transaction that the next run repeats if it is missing (has_document reads the database),
# so its commit need not wait for the WAL to reach the disk: a server crash may lose the last ~0.6 s of
# commits, never corrupts anything, and those files are stored again – the guarantee SQLite's
# synchronous=NORMAL gives below. It saved 1.8 of 2.5 s of commit waits per 500 documents. A URL's own
# `options` come after this one, so `?options=-c synchronous_commit=on` there wins.
POSTGRESQL_OPTIONS = "-c synchronous_commit=off"
_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")
_PLAIN = frozenset({int, float, bool, type(None)})


def _json_bytes(value: Any) -> bytes:
    """JSON as UTF-8 (orjson: several times faster than json on the megabytes of text a document holds)."""
    return orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS)


def _json_dumps(value: Any, sort_keys: bool = False) -> str:
    if sort_keys:
        return orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SORT_KEYS).decode()
    return _json_bytes(value).decode()


def _clean(value: Any) -> Any:
    """Plain data as dataclasses.asdict gives it (without its deep copies), NUL removed from every string:
    PostgreSQL text cannot hold NUL, and it means nothing in minutes. Exact type checks first: this runs
    for every field of every record."""
    kind = type(value)
    if kind is str:
        return value.replace("\x00", "") if "\x00" in value else value
    if kind in _PLAIN:
        return value
    if kind is list or kind is tuple:
        return [_clean(v) for v in value]
    if kind is dict:
        return {_clean(k): _clean(v) for k, v in value.items()}
    names = _field_names(kind)
    if names is not None:
        return {name: _clean(getattr(value, name)) for name in names}
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The fields of a dataclass type; None for any other type."""
    return tuple(f.name for f in dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else None


def _one_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return " ".join(str(orig).split()) or type(orig).__name__


@contextlib.contextmanager
def _database_errors() -> Iterator[None]:
    """A database that fails under us (server gone, disk full) is an environment problem: one line, exit 3."""
    try:
        yield
    except DBAPIError as exc:
        raise EnvironmentProblem(f"database error: {_one_line(exc)}") from exc


def _masked(url: str) -> str:
    """The URL as typed with its password hidden, for URLs too broken to parse."""
    return _PASSWORD.sub(r"\1***@", url)


def _postgresql_connect_args(query: Any) -> dict[str, Any]:
    """libpq parameters added to the URL's: a connection timeout unless given, asynchronous commits."""
    given = query.get("options")
    given = " ".join(given) if isinstance(given, tuple) else given
    arguments: dict[str, Any] = {"options": f"{POSTGRESQL_OPTIONS} {given}" if given else POSTGRESQL_OPTIONS}
    if "connect_timeout" not in query:
        arguments["connect_timeout"] = 10
    return arguments


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _url(url: str) -> str:
    """psycopg (version 3) is the PostgreSQL driver, also for plain postgresql:// URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@dataclasses.dataclass(slots=True)
class _Prepared:
    """A document as rows, built outside any transaction."""

    path: str
    sha256: str
    pages: list[dict[str, Any]]
    corrections: list[dict[str, Any]]
    records: list[dict[str, Any]]
    notes: list[Any]
    fingerprint: str


def _prepare(document: Document) -> _Prepared:
    pages = [
        {
            "number": page.number,
            "source": str(page.source),
            "raw_text": _clean(page.raw_text),
            "cleaned_text": _clean(page.cleaned_text),
            "header": _clean(page.header),
            "mean_confidence": page.mean_confidence,
            "engine": page.engine,
            "language": page.language,
        }
        for page in document.pages
    ]
    corrections = [_clean(change) for page in document.pages for change in page.changes]
    records = [_clean(decision) for decision in document.decisions]
    notes = _clean(document.notes)
    fingerprint = hashlib.sha256(_json_bytes([pages, corrections, records, notes])).hexdigest()
    return _Prepared(str(document.path), document.sha256, pages, corrections, records, notes, fingerprint)


class Store:
    """One database, SQLite or PostgreSQL, upgraded to the newest schema when opened."""

    def __init__(self, url: str, *, create: bool = True) -> None:
        """Open (and upgrade) the database; with create=False a missing SQLite file is an error, not a new file."""
        try:
            parsed = make_url(_url(url))
            shown = parsed.render_as_string(hide_password=True)
            options: dict[str, Any] = {"json_serializer": _json_dumps}
            if parsed.get_backend_name() == "sqlite":
                options["connect_args"] = {"timeout": 30}  # wait for another writer instead of failing
            elif parsed.get_backend_name() == "postgresql":
                options["connect_args"] = _postgresql_connect_args(parsed.query)
            self.engine: Engine = create_engine(parsed, **options)
        except (ArgumentError, NoSuchModuleError, ValueError, ImportError) as exc:
            raise EnvironmentProblem(f"bad database URL {_masked(url)!r}: {_one_line(exc)}") from exc
        self.url = url  # as given: other processes open the same database with it
        self.dialect = self.engine.dialect.name
        if self.dialect not in ("sqlite", "postgresql"):
            raise EnvironmentProblem(f"bad database URL {_masked(url)!r}: only sqlite and postgresql are supported")
        in_file = self.dialect == "sqlite" and parsed.database not in (None, "", ":memory:")
        self.in_memory = self.dialect == "sqlite" and not in_file  # only this process can see it
        if not create and in_file and not Path(str(parsed.database)).is_file():
            raise EnvironmentProblem(f"no database at {shown} (run `minutes run` first)")
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        # writes take SQLite's write lock at BEGIN, so two writers queue instead of deadlocking
        self._writer = self.engine.execution_options(sqlite_immediate=True)
        voikko()  # search needs the base forms: fail now, not after the OCR work
        try:
            with self._writer.begin() as connection:
                migrate.upgrade(connection)
        except DBAPIError as exc:
            raise EnvironmentProblem(f"cannot open database {shown}: {_one_line(exc)}") from exc

    def close(self) -> None:
        self.engine.dispose()

    def has_document(self, sha256: str) -> bool:
        """True when a file with this content was stored successfully before."""
        d = schema.documents
        query = select(d.c.id).where(d.c.sha256 == sha256, d.c.status == "ok").limit(1)
        with _database_errors(), self.engine.connect() as connection:
            return connection.execute(query).first() is not None

    def save_document(self, document: Document) -> bool:
        """Store a processed document, replacing an earlier version, all or nothing.

        Returns False when exactly this was stored already (nothing is written, timestamps stay).
        A record the database refuses raises InputError and leaves the earlier version in place.
        Either way the file's page checkpoints (pipeline/batch/checkpoint.py) are gone afterwards.
        """
        prepared = _prepare(document)
        try:
            with self._writer.begin() as connection:
                written = self._write(connection, prepared)
                connection.execute(_DROP_CHECKPOINTS, {"sha256": prepared.sha256})
                return written
        except (IntegrityError, DataError) as exc:
            raise InputError(f"cannot store the document: {_one_line(exc)}") from exc
        except DBAPIError as exc:
            raise EnvironmentProblem(f"database error: {_one_line(exc)}") from exc

    def _write(self, connection: Connection, prepared: _Prepared) -> bool:
        """Replace the earlier rows of a prepared document in the caller's transaction; False: nothing to do."""
        path = prepared.path
        earlier = self._earlier(connection, path, prepared.sha256)
        if [(e.path, e.sha256, e.status, e.fingerprint) for e in earlier] == [
            (path, prepared.sha256, "ok", prepared.fingerprint)
        ]:
            return False
        now = _now()
        created = min((e.created_at for e in earlier if e.created_at), default=now)
        self._delete(connection, [e.id for e in earlier])
        document_id = connection.execute(
            _INSERT_DOCUMENT,
            {
                "path": path,
                "sha256": prepared.sha256,
                "pages": len(prepared.pages),
                "status": "ok",
                "notes": prepared.notes,
                "fingerprint": prepared.fingerprint,
                "created_at": created,
                "updated_at": now,
            },
        ).scalar_one()
        _bulk_insert(connection, schema.pages, [{"document_id": document_id, **p} for p in prepared.pages])
        _bulk_insert(connection, schema.corrections, [{"document_id": document_id, **c} for c in prepared.corrections])
        meeting_ids = self._meeting_ids(connection, document_id, prepared.records)
        _bulk_insert(connection, schema.decisions, self._decision_rows(document_id, prepared.records, meeting_ids))
        return True

    def refresh_statistics(self) -> None:
        """After a run that stored documents: PostgreSQL's planner statistics from the rows now there. A table
        filled faster than autovacuum looks at it is planned as if nearly empty; with statistics, a search for
        a common word walks the newest-first index instead of sorting every match (`päätös --organ
        lautakunta` over 10,000 decisions: 39 -> 20 ms). ANALYZE samples at most 30,000 rows a table, so this
        costs a fraction of a second at any size. SQLite's FTS5 plans gained nothing from ANALYZE."""
        if self.dialect == "postgresql":
            with _database_errors(), self._writer.begin() as connection:
                connection.execute(text("ANALYZE documents, meetings, decisions"))

    def record_failure(self, path: str, sha256: str | None, reason: str) -> None:
        """Remember that a file failed and why; earlier rows for this path are replaced."""
        now = _now()
        with _database_errors(), self._writer.begin() as connection:
            earlier = self._earlier(connection, path, None)
            created = min((e.created_at for e in earlier if e.created_at), default=now)
            self._delete(connection, [e.id for e in earlier])
            connection.execute(
                _INSERT_DOCUMENT,
                {
                    "path": path,
                    "sha256": sha256 or "",
                    "pages": 0,
                    "status": "failed",
                    "error": _clean(reason),
                    "notes": [],
                    "created_at": created,
                    "updated_at": now,
                },
            )

    def decisions(
        self, since: dt.datetime | None = None, *, document_id: int | None = None
    ) -> Iterator[dict[str, Any]]:
        """Stored decisions as Decision.to_dict() records, in document order; only those written at or
        after `since` when given (a replaced document's decisions all count as written anew), only one
        document's when `document_id` is given."""
        query = self._records_query().order_by(schema.documents.c.path, schema.decisions.c.id)
        if since is not None:
            query = query.where(schema.decisions.c.updated_at >= since.astimezone(dt.UTC))
        if document_id is not None:
            query = query.where(schema.decisions.c.document_id == document_id)
        with _database_errors(), self.engine.connect() as connection:
            for row in connection.execution_options(yield_per=500).execute(query).mappings():
                yield _record(row)

    # -- reading for reports: plain dicts, one query each ------------------------------------------

    def documents(self) -> list[dict[str, Any]]:
        """Every stored file, failed ones included, in path order: id, path, sha256, pages (count),
        status ("ok"/"failed"), error, notes, created_at, updated_at."""
        d = schema.documents
        columns = (d.c.id, d.c.path, d.c.sha256, d.c.pages, d.c.status, d.c.error, d.c.notes)
        query = select(*columns, d.c.created_at, d.c.updated_at).order_by(d.c.path, d.c.id)
        return self._dicts(query)

    def pages(self, document_id: int) -> list[dict[str, Any]]:
        """A document's pages in order: id, number, source, raw_text, cleaned_text (None: not cleaned),
        header, mean_confidence (None: not OCR'd), engine, language."""
        p = schema.pages
        return self._dicts(select(p).where(p.c.document_id == document_id).order_by(p.c.number, p.c.id))

    def changes(self, page_id: int) -> list[dict[str, Any]]:
        """The cleaning stage's changes on one page in text order, as Change.to_dict() plus their id:
        id, page, offset (into the cleaned text), before, after, reason, confidence, applied."""
        c, p = schema.corrections, schema.pages
        query = (
            select(c.c.id, c.c.page, c.c.offset, c.c.before, c.c.after, c.c.reason, c.c.confidence, c.c.applied)
            .join(p, (p.c.document_id == c.c.document_id) & (p.c.number == c.c.page))
            .where(p.c.id == page_id)
            .order_by(c.c.offset, c.c.id)
        )
        return self._dicts(query)

    def _dicts(self, query: Any) -> list[dict[str, Any]]:
        with _database_errors(), self.engine.connect() as connection:
            return [dict(row) for row in connection.execute(query).mappings()]

    def search(
        self,
        query: str,
        *,
        organ: str | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        limit: int = 20,
    ) -> list[dict[str, Any]]:
        """Decisions matching every word of the query in any inflected form, best first."""
        wanted = SearchFilter(organ=organ, date_from=date_from, date_to=date_to)
        with _database_errors(), self.engine.connect() as connection:
            ids = matching_ids(connection, query, wanted, limit)
            if not ids:
                return []
            rows = connection.execute(self._records_query().where(schema.decisions.c.id.in_(ids))).mappings()
            by_id = {row["id"]: _record(row) for row in rows}
        return [by_id[i] for i in ids if i in by_id]

    # -- helpers ---------------------------------------------------------------------------------

    @staticmethod
    def _earlier(connection: Connection, path: str, sha256: str | None) -> Sequence[Any]:
        """Rows an earlier run stored for this path, or for the same content under another path.

        On PostgreSQL two writers of the same file (two runs over one folder) take turns here, as SQLite
        writers do at BEGIN IMMEDIATE: the second sees the first one's rows and replaces them."""
        if connection.dialect.name == "postgresql":
            # one round trip for both locks, taken in sorted order so two writers lock in the same order
            keys = sorted({path, sha256 or ""} - {""})
            connection.execute(_LOCK_KEYS, {"keys": keys, "seed": LOCK_SEED})
        if sha256:
            return connection.execute(_EARLIER_BY_PATH_OR_CONTENT, {"path": path, "sha256": sha256}).all()
        return connection.execute(_EARLIER_BY_PATH, {"path": path}).all()

    @staticmethod
    def _delete(connection: Connection, ids: list[int]) -> None:
        """Delete documents and every row that belongs to them."""
        if ids:
            for table in (schema.corrections, schema.decisions, schema.meetings, schema.pages):
                connection.execute(delete(table).where(table.c.document_id.in_(ids)))
            connection.execute(delete(schema.documents).where(schema.documents.c.id.in_(ids)))

    @staticmethod
    def _meeting_ids(connection: Connection, document_id: int, records: list[dict[str, Any]]) -> list[int | None]:
        """Each record's meeting row, inserted once per distinct meeting (the segmenter gives every decision
        the document's one meeting); before the decisions' COPY, which allows no other statement."""
        known: dict[str, int] = {}
        ids: list[int | None] = []
        for record in records:
            meeting = record.get("meeting")
            if meeting is None:
                ids.append(None)
                continue
            key = _json_dumps(meeting, sort_keys=True)
            if key not in known:
                values = {name: meeting.get(name) for name in MEETING_COLUMNS}
                known[key] = connection.execute(_INSERT_MEETING, {"document_id": document_id, **values}).scalar_one()
            ids.append(known[key])
        return ids

    @staticmethod
    def _decision_rows(
        document_id: int, records: list[dict[str, Any]], meeting_ids: list[int | None]
    ) -> Iterator[dict[str, Any]]:
        """Rows made one at a time: on PostgreSQL the server indexes the rows already sent while the next
        one's search terms (the client's biggest cost) are worked out."""
        now = _now()
        for record, meeting_id in zip(records, meeting_ids, strict=True):
            yield {
                "document_id": document_id,
                "meeting_id": meeting_id,
                **{name: record.get(name) for name in DECISION_COLUMNS},
                "pages": record["source"]["pages"],
                "extra": {k: v for k, v in record.items() if k not in STORED_APART},
                "terms": index_terms(record["title"], record["text"], record["decision"]),
                "created_at": now,
                "updated_at": now,
            }

    @staticmethod
    def _records_query() -> Any:
        d, doc, m = schema.decisions, schema.documents, schema.meetings
        meeting = [column.label(f"m_{column.name}") for column in m.c if column.name in MEETING_COLUMNS]
        return (
            select(d, doc.c.path, doc.c.sha256, m.c.id.label("meeting_row"), *meeting)
            .join(doc, d.c.document_id == doc.c.id)
            .outerjoin(m, d.c.meeting_id == m.c.id)
        )


def _bulk_insert(connection: Connection, table: Table, rows: Iterable[dict[str, Any]]) -> None:
    """Insert rows that all have the same keys, in the caller's transaction, past SQLAlchemy's per-row
    statement machinery: one executemany on SQLite, COPY on PostgreSQL (a tenth of the client time of
    executemany, and one round trip). Rows are taken one at a time as they are sent. Values go through the
    column types' own bind processors (JSON, timestamps), so they are stored exactly as an insert() stores
    them; errors arrive as SQLAlchemy's."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    dialect = connection.dialect
    names = list(first)
    processors = [(name, _bind_processor(table.c[name], dialect)) for name in names]
    values = (
        tuple(row[name] if p is None else p(row[name]) for name, p in processors) for row in chain((first,), rows)
    )
    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in names)
    target = dialect.identifier_preparer.format_table(table)
    driver = connection.connection.driver_connection
    assert driver is not None
    dbapi = dialect.loaded_dbapi
    statement = ""
    try:
        cursor = driver.cursor()
        try:
            if dialect.name == "postgresql":
                statement = f"COPY {target} ({columns}) FROM STDIN"
                with cursor.copy(statement) as copy:
                    for value in values:
                        copy.write_row(value)
            else:
                statement = f"INSERT INTO {target} ({columns}) VALUES ({', '.join('?' * len(names))})"
                cursor.executemany(statement, values)
        finally:
            cursor.close()
    except dbapi.Error as exc:
        raise DBAPIError.instance(statement, None, exc, dbapi.Error, dialect=dialect) from exc


def _bind_processor(column: Column[Any], dialect: Dialect) -> Any:
    if isinstance(column.type, JSON):  # the engine's json_serializer, without the driver's JSON wrapper
        return _json_dumps
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _record(row: Any) -> dict[str, Any]:
    """A stored decision in the shape and key order of Decision.to_dict(); extra fields last."""
    record: dict[str, Any] = {}
    for field in dataclasses.fields(Decision):
        if field.name == "source":
            record["source"] = {"file": row["path"], "sha256": row["sha256"], "pages": row["pages"]}
        elif field.name == "meeting":
            record["meeting"] = (
                None if row["meeting_row"] is None else {name: row[f"m_{name}"] for name in MEETING_COLUMNS}
            )
        else:
            record[field.name] = row[field.name]
    record.update(row["extra"] or {})
    return record


def _sqlite_connect(connection: Any, _record: Any) -> None:
    connection.isolation_level = None  # the driver's own BEGIN handling skips DDL; _sqlite_begin does it right
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # with WAL: a killed process loses nothing committed; a power cut may lose the last commits, never
    # corrupts the database (commits do not wait for fsync, checkpoints do)
    cursor.execute("PRAGMA synchronous=NORMAL")
    # checkpoint (copy the log into the database, with two fsyncs) every 64 MB of log instead of every 4 MB:
    # a document writes about 0.3 MB, so storing waited for a checkpoint every dozen documents
    cursor.execute("PRAGMA wal_autocheckpoint=16384")
    cursor.execute("PRAGMA cache_size=-65536")  # up to 64 MB: searches sort matches by rows they read
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    immediate = connection.get_execution_options().get("sqlite_immediate")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
