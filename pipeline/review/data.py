"""Reading the database for the review report: plain records, one document at a time.

Only the columns of `documents`, `pages`, `changes` and `decisions` that every schema version has
are read, through the table objects of `pipeline.store.schema` (SQLAlchemy Core).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from pipeline.errors import EnvironmentProblem
from pipeline.store import schema


@dataclass(frozen=True, slots=True)
class ReviewChange:
    """One automatic change, or a flagged word (`applied` False: the text still has `before`)."""

    key: str  # stable within a document: "p{page}-o{offset}-{n}", n counts changes at the same place
    page: int
    offset: int  # into the page's cleaned text, where `shown` stands
    before: str
    after: str
    reason: str
    confidence: float
    applied: bool

    @property
    def shown(self) -> str:
        """What the cleaned text holds at `offset`."""
        return self.after if self.applied else self.before


@dataclass(frozen=True, slots=True)
class ReviewPage:
    number: int
    source: str  # "ocr", "text-layer" or "text-file"
    raw_text: str
    cleaned_text: str
    header: list[str]
    mean_confidence: float | None
    changes: list[ReviewChange]


@dataclass(frozen=True, slots=True)
class ReviewDecision:
    section: int
    title: str
    organ: str | None
    meeting_date: str | None
    diary_number: str | None
    decision: str | None
    pages: list[int]
    errors: list[str]


@dataclass(slots=True)
class ReviewDocument:
    id: int
    path: str
    sha256: str
    status: str  # "ok" or "failed"
    error: str | None
    notes: list[str]
    pages: list[ReviewPage] = field(default_factory=list)
    decisions: list[ReviewDecision] = field(default_factory=list)

    @property
    def name(self) -> str:
        return Path(self.path).name or self.path

    @property
    def corrections(self) -> Counter[str]:
        """Applied changes counted by reason."""
        return Counter(c.reason for page in self.pages for c in page.changes if c.applied)

    @property
    def flagged(self) -> int:
        return sum(1 for page in self.pages for c in page.changes if not c.applied)

    @property
    def confidences(self) -> list[float | None]:
        return [page.mean_confidence for page in self.pages]


def open_database(url: str) -> Engine:
    """An engine on an existing minutes database; a clear error when there is none."""
    try:
        parsed = make_url(url)
        engine = create_engine(url)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise EnvironmentProblem(f"bad database URL {url!r}: {exc}") from exc
    # SQLite would silently create an empty file: a mistyped path must be an error instead
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        if not Path(parsed.database).is_file():
            raise EnvironmentProblem(f"no database at {url} (run `minutes run` first)")
    try:
        tables = set(inspect(engine).get_table_names())
    except OperationalError as exc:
        raise EnvironmentProblem(f"cannot open database {url}: {exc.orig}") from exc
    missing = {t.name for t in (schema.documents, schema.pages, schema.changes, schema.decisions)} - tables
    if missing:
        raise EnvironmentProblem(f"{url} is not a minutes database (no table {', '.join(sorted(missing))})")
    return engine


def read_documents(engine: Engine) -> Iterator[ReviewDocument]:
    """Every stored document with its pages, changes and decisions, in path order.

    One document is in memory at a time, so a report over thousands of files stays small.
    """
    d = schema.documents
    with engine.connect() as connection:
        heads = connection.execute(
            select(d.c.id, d.c.path, d.c.sha256, d.c.status, d.c.error, d.c.notes).order_by(d.c.path, d.c.id)
        ).all()
        for head in heads:
            document = ReviewDocument(
                id=head.id,
                path=head.path,
                sha256=head.sha256 or "",
                status=head.status,
                error=head.error,
                notes=list(head.notes or []),
            )
            document.pages = _pages(connection, head.id)
            document.decisions = _decisions(connection, head.id)
            yield document


def _pages(connection: Connection, document_id: int) -> list[ReviewPage]:
    p, c = schema.pages, schema.changes
    by_page: dict[int, list[ReviewChange]] = {}
    seen: Counter[tuple[int, int]] = Counter()
    rows = connection.execute(
        select(c.c.page, c.c.offset, c.c.before, c.c.after, c.c.reason, c.c.confidence, c.c.applied)
        .where(c.c.document_id == document_id)
        .order_by(c.c.page, c.c.offset, c.c.id)
    )
    for row in rows:
        place = (row.page, row.offset)
        key = f"p{row.page}-o{row.offset}-{seen[place]}"
        seen[place] += 1
        by_page.setdefault(row.page, []).append(
            ReviewChange(
                key=key,
                page=row.page,
                offset=row.offset,
                before=row.before,
                after=row.after,
                reason=row.reason,
                confidence=float(row.confidence),
                applied=bool(row.applied),
            )
        )
    pages = connection.execute(
        select(p.c.number, p.c.source, p.c.raw_text, p.c.cleaned_text, p.c.header, p.c.mean_confidence)
        .where(p.c.document_id == document_id)
        .order_by(p.c.number)
    )
    return [
        ReviewPage(
            number=row.number,
            source=row.source,
            raw_text=row.raw_text,
            cleaned_text=row.raw_text if row.cleaned_text is None else row.cleaned_text,
            header=list(row.header or []),
            mean_confidence=row.mean_confidence,
            changes=by_page.get(row.number, []),
        )
        for row in pages
    ]


def _decisions(connection: Connection, document_id: int) -> list[ReviewDecision]:
    d = schema.decisions
    rows = connection.execute(
        select(
            d.c.section, d.c.title, d.c.organ, d.c.meeting_date, d.c.diary_number, d.c.decision, d.c.pages, d.c.errors
        )
        .where(d.c.document_id == document_id)
        .order_by(d.c.id)
    )
    return [
        ReviewDecision(
            section=row.section,
            title=row.title,
            organ=row.organ,
            meeting_date=row.meeting_date,
            diary_number=row.diary_number,
            decision=row.decision,
            pages=list(row.pages or []),
            errors=list(row.errors or []),
        )
        for row in rows
    ]
