"""Reading the database for the review report: plain records, one document at a time.

Everything comes through the Store's read API (documents, pages, changes, decisions): the report
knows no table or column of the schema.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.store import Store


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


def open_database(url: str) -> Store:
    """The database of a minutes run, upgraded to the newest schema as every command does; a missing
    SQLite file is an error (EnvironmentProblem), not a new empty database."""
    return Store(url, create=False)


def read_documents(store: Store) -> Iterator[ReviewDocument]:
    """Every stored document with its pages, changes and decisions, in path order.

    One document is in memory at a time, so a report over thousands of files stays small.
    """
    for head in store.documents():
        document = ReviewDocument(
            id=head["id"],
            path=head["path"],
            sha256=head["sha256"] or "",
            status=head["status"],
            error=head["error"],
            notes=list(head["notes"] or []),
        )
        document.pages = [_page(store, row) for row in store.pages(head["id"])]
        document.decisions = [_decision(record) for record in store.decisions(document_id=head["id"])]
        yield document


def _page(store: Store, row: dict[str, Any]) -> ReviewPage:
    changes = []
    seen: Counter[int] = Counter()  # changes at the same offset (two header lines removed at 0)
    for change in store.changes(row["id"]):
        offset = change["offset"]
        changes.append(
            ReviewChange(
                key=f"p{row['number']}-o{offset}-{seen[offset]}",
                page=row["number"],
                offset=offset,
                before=change["before"],
                after=change["after"],
                reason=change["reason"],
                confidence=float(change["confidence"]),
                applied=bool(change["applied"]),
            )
        )
        seen[offset] += 1
    return ReviewPage(
        number=row["number"],
        source=row["source"],
        raw_text=row["raw_text"],
        cleaned_text=row["raw_text"] if row["cleaned_text"] is None else row["cleaned_text"],
        header=list(row["header"] or []),
        mean_confidence=row["mean_confidence"],
        changes=changes,
    )


def _decision(record: dict[str, Any]) -> ReviewDecision:
    """A decision record (Decision.to_dict() shape) as the report shows it."""
    meeting = record.get("meeting") or {}
    confidence = record.get("confidence")
    return ReviewDecision(
        section=record["section"],
        title=record["title"],
        pages=list(record["source"]["pages"] or []),
        errors=list(record.get("errors") or []),
        confidence=float(confidence) if isinstance(confidence, int | float) else None,
        fields=[(label, text) for name, label in DECISION_FIELDS if (text := _shown(record.get(name)))],
        meeting=[(label, text) for name, label in MEETING_FIELDS if (text := _shown(meeting.get(name)))],
    )


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
