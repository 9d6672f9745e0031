"""Reading the database for the review report: plain records, one document at a time.

Read-only queries on the store's tables (`pipeline.store.schema`, SQLAlchemy Core): the Store has
no read API for pages and corrections, and the report needs nothing else from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from pipeline.errors import EnvironmentProblem
from pipeline.store import Store, schema


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


# fields of a decision record shown in the report, in this order, with their labels
DECISION_FIELDS = (
    ("organ", "Organ"),
    ("meeting_date", "Meeting"),
    ("diary_number", "Diary number"),
    ("preparer", "Preparer"),
    ("presenter", "Presenter"),
    ("proposal", "Proposal"),
    ("decision", "Decision"),
    ("processing", "Processing"),
    ("resolution", "Resolution"),
    ("attachments", "Attachments"),
    ("references", "References"),
)

MEETING_FIELDS = (
    ("municipality", "Municipality"),
    ("organ", "Organ"),
    ("number", "Minutes"),
    ("date", "Date"),
    ("start_time", "Start"),
    ("end_time", "End"),
    ("place", "Place"),
)


@dataclass(frozen=True, slots=True)
class ReviewDecision:
    section: int
    title: str
    pages: list[int]
    errors: list[str]
    confidence: float | None
    fields: list[tuple[str, str]]  # (label, text) of the fields that have a value
    meeting: list[tuple[str, str]]  # (label, text) of the meeting's own fields: place, time, number


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

    @property
    def meeting(self) -> list[tuple[str, str]]:
        """The meeting's fields as the first decision that names them has them."""
        return next((d.meeting for d in self.decisions if d.meeting), [])


def open_database(url: str) -> Engine:
    """The database of a minutes run, upgraded to the newest schema as every command does; a clear
    error when there is none (SQLite would otherwise create an empty file for a mistyped path)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise EnvironmentProblem(f"bad database URL {url!r}: {exc}") from exc
    database = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if database not in (None, "", ":memory:") and not Path(database).is_file():
        raise EnvironmentProblem(f"no database at {url} (run `minutes run` first)")
    return Store(url).engine


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
    p, c = schema.pages, schema.corrections
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
    d, m = schema.decisions, schema.meetings
    rows = connection.execute(
        select(d.c.section, d.c.title, d.c.diary_number, d.c.decision, d.c.pages, d.c.errors, d.c.extra)
        .add_columns(m.c.organ, m.c.date)
        .join(m, d.c.meeting_id == m.c.id)
        .where(d.c.document_id == document_id)
        .order_by(d.c.id)
    )
    decisions = []
    for row in rows:
        extra: dict[str, Any] = dict(row.extra or {})
        values = {**extra, "organ": row.organ, "meeting_date": row.date, "diary_number": row.diary_number}
        values["decision"] = row.decision
        confidence = extra.get("confidence")
        decisions.append(
            ReviewDecision(
                section=row.section,
                title=row.title,
                pages=list(row.pages or []),
                errors=list(row.errors or []),
                confidence=float(confidence) if isinstance(confidence, int | float) else None,
                fields=[(label, text) for name, label in DECISION_FIELDS if (text := _shown(values.get(name)))],
                meeting=[
                    (label, text)
                    for name, label in MEETING_FIELDS
                    if (text := _shown((extra.get("meeting") or {}).get(name)))
                ],
            )
        )
    return decisions


def _shown(value: Any) -> str:
    """A field value as one readable string; empty when there is nothing to show."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(part for part in map(_shown, value) if part)
    if isinstance(value, dict) and {"organ", "date", "section"} <= value.keys():  # a Reference
        return " ".join(str(value[k]) for k in ("organ", "date") if value[k]) + f" § {value['section']}"
    if isinstance(value, dict):
        return ", ".join(f"{key} {text}" for key, item in value.items() if (text := _shown(item)))
    return str(value).strip()
