"""Cleaning stage: raw page text -> cleaned text, page headers moved aside, every change recorded."""

from __future__ import annotations

from pipeline.clean import layout
from pipeline.clean.edits import Edit, apply, rebase
from pipeline.clean.normalize import find_unicode_edits
from pipeline.model import Change, Document, Page, PageSource
from pipeline.settings import Settings


class Cleaner:
    """Holds what cleaning needs loaded (lexicons, rules); build one per process and reuse it."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.is_word: layout.WordCheck | None = None

    def clean_pages(self, pages: list[Page]) -> list[Page]:
        """Clean pages of one document together (running headers are found across pages)."""
        normalised: list[tuple[str, list[Change]]] = [
            apply(page.raw_text, find_unicode_edits(page.raw_text), page.number) for page in pages
        ]
        running = layout.find_running_lines([text for text, _ in normalised])
        for page, (text, changes), spans in zip(pages, normalised, running, strict=True):
            page.header = [text[start:end].strip() for start, end in spans]
            header_edits = [Edit(start, _line_end(text, end), "", "page-header") for start, end in spans]
            text, changes = _step(text, changes, header_edits, page.number)
            text, changes = _step(text, changes, layout.find_hyphenation_edits(text, self.is_word), page.number)
            page.cleaned_text = text
            page.changes = changes
        return pages

    def clean_document(self, document: Document) -> Document:
        self.clean_pages(document.pages)
        return document

    def clean_text(self, text: str) -> tuple[str, list[Change]]:
        """Clean plain text whose pages are separated by form feeds."""
        pages = [
            Page(number=i + 1, raw_text=part, source=PageSource.TEXT_FILE) for i, part in enumerate(text.split("\f"))
        ]
        self.clean_pages(pages)
        return "\f".join(page.text for page in pages), [c for page in pages for c in page.changes]


def _line_end(text: str, end: int) -> int:
    """Include the line's newline, so that removing a header leaves no blank line behind."""
    return end + 1 if end < len(text) and text[end] == "\n" else end


def _step(text: str, changes: list[Change], edits: list[Edit], page: int) -> tuple[str, list[Change]]:
    new_text, new_changes = apply(text, edits, page)
    return new_text, sorted(rebase(changes, new_changes) + new_changes, key=lambda c: c.offset)
