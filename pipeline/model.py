"""The document model that every stage reads and enriches.

extract -> Document with Pages (raw text, OCR words with boxes and confidences)
clean   -> Page.cleaned, Page.header, Page.changes
segment -> Document.decisions
store   -> persists the Document
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class PageSource(StrEnum):
    """Where a page's raw text came from."""

    TEXT_LAYER = "text-layer"  # a PDF's own text
    OCR = "ocr"  # Tesseract on a rendered or scanned image
    TEXT_FILE = "text-file"  # an old OCR .txt file


@dataclass(slots=True)
class Word:
    """One OCR word with its box in page pixels and Tesseract's confidence (0-100)."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float
    line: int  # index of the line on the page, in reading order


@dataclass(slots=True)
class Change:
    """One edit made by the cleaning stage, with offsets into the page text it was made on."""

    page: int
    offset: int
    before: str
    after: str
    reason: str
    confidence: float = 1.0
    applied: bool = True  # False: the word was only flagged for review

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Page:
    number: int  # 1-based, in document order
    raw_text: str
    source: PageSource
    words: list[Word] = field(default_factory=list)
    width: int = 0
    height: int = 0
    dpi: int = 0
    engine: str = ""  # e.g. "tesseract 5.3.0", "pdfplumber"
    language: str = ""  # Tesseract language string, e.g. "fin"
    rotation: int = 0  # degrees the page was turned before OCR
    cleaned_text: str | None = None
    header: list[str] = field(default_factory=list)  # page headers/footers moved out of the body
    changes: list[Change] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The best text there is: cleaned if the page has been cleaned, else raw."""
        return self.raw_text if self.cleaned_text is None else self.cleaned_text

    @property
    def mean_confidence(self) -> float | None:
        """Mean OCR word confidence, or None for pages that were not OCR'd."""
        if not self.words:
            return None
        return sum(w.confidence for w in self.words) / len(self.words)


@dataclass(slots=True)
class SourceRef:
    file: str
    sha256: str
    pages: list[int]


@dataclass(slots=True)
class Meeting:
    """The meeting a set of minutes records (OpenDecision's `event`)."""

    municipality: str | None = None
    organ: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    start_time: str | None = None  # HH:MM
    end_time: str | None = None
    place: str | None = None
    number: str | None = None  # meeting number of the year, e.g. "10/2024"
    present: list[str] = field(default_factory=list)  # members present
    others: list[str] = field(default_factory=list)  # other people present (presenter, secretary)
    absent: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # what of the meeting could not be parsed


@dataclass(slots=True)
class Reference:
    """A reference to an earlier decision: `Kaupunginhallitus 20.3.2017 § 66`."""

    organ: str | None
    date: str  # ISO yyyy-mm-dd
    section: int


@dataclass(slots=True)
class Decision:
    """One § section of the minutes: the record the strategy database imports."""

    municipality: str | None
    organ: str | None
    meeting_date: str | None  # ISO yyyy-mm-dd
    section: int
    title: str
    diary_number: str | None
    text: str
    decision: str | None
    source: SourceRef
    errors: list[str] = field(default_factory=list)
    # added by the segmenter's second version (all optional, so older records stay valid)
    preparer: str | None = None
    presenter: str | None = None
    proposal: str | None = None
    processing: str | None = None  # the Käsittely text: motions, votes (OpenDecision content "proceedings")
    resolution: str | None = None  # passed_as_proposed|amended|voted|rejected|tabled|returned|noted|election
    attachments: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    meeting: Meeting | None = None
    confidence: float = 1.0  # 0-1: how sure the segmenter is of the section heading and its fields

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Document:
    path: Path
    sha256: str
    pages: list[Page] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # non-fatal remarks, e.g. "no sections found"
    meeting: Meeting | None = None

    @property
    def text(self) -> str:
        """The whole document's text, pages separated by form feeds."""
        return "\f".join(page.text for page in self.pages)
