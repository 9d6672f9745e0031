"""Cleaning stage: raw page text -> cleaned text, page headers moved aside, every change recorded.

Steps per page, each a finder `str -> list[Edit]` whose changes are recorded through `apply`/`rebase`:
Unicode normalisation, running headers/footers out, dehyphenation (checked against the lexicon),
OCR specks, blurred punctuation (OCR pages only), pattern rules (corrections/patterns.toml), § restoration,
word repair (OCR confusions against Voikko, wordfreq and the domain lexicon).
"""

from __future__ import annotations

from pipeline.clean import layout
from pipeline.clean.edits import Edit, apply, rebase
from pipeline.clean.lexicon import Lexicon, shared_lexicon
from pipeline.clean.noise import find_noise_edits
from pipeline.clean.normalize import find_unicode_edits
from pipeline.clean.patterns import PatternFixer
from pipeline.clean.punctuation import find_punctuation_edits, finnish_quotes, list_mark, writes_semicolons
from pipeline.clean.repair import Repairer, document_words, looks_stripped
from pipeline.clean.sections import SectionRestorer
from pipeline.model import Change, Document, Page, PageSource
from pipeline.rules import Rules, load_rules
from pipeline.settings import Settings


class Cleaner:
    """Holds what cleaning needs loaded (lexicons, rules); build one per process and reuse it."""

    def __init__(
        self, settings: Settings | None = None, lexicon: Lexicon | None = None, rules: Rules | None = None
    ) -> None:
        self.settings = settings or Settings()
        rules = rules or load_rules(self.settings.corrections)
        self.lexicon = lexicon or shared_lexicon(rules.domain)
        self.is_word: layout.WordCheck | None = self.lexicon.is_word
        self.patterns = PatternFixer(rules.patterns)
        self.sections = SectionRestorer(rules.confusions, self.settings.flag_below)
        self.repairer = Repairer(self.lexicon, rules, self.settings.flag_below)

    def clean_pages(self, pages: list[Page]) -> list[Page]:
        """Clean pages of one document together (running headers and lost umlauts are judged across pages)."""
        normalised: list[tuple[str, list[Change]]] = [
            apply(page.raw_text, find_unicode_edits(page.raw_text), page.number) for page in pages
        ]
        running = layout.find_running_lines([text for text, _ in normalised])
        counts = document_words([text for text, _ in normalised])
        stripped = looks_stripped([], lexicon=self.lexicon, counts=counts)
        semicolons = writes_semicolons(word for page in pages for word in page.words or ())
        bullet = list_mark(text for text, _ in normalised)
        quotes = finnish_quotes(text for text, _ in normalised)
        # in text that lost its umlauts the document has no dotted spellings to offer
        document = None if stripped else counts
        section_numbers = self.sections.section_numbers([text for text, _ in normalised])
        for page, (text, changes), spans in zip(pages, normalised, running, strict=True):
            page.header = [text[start:end].strip() for start, end in spans]
            header_edits = [Edit(start, _line_end(text, end), "", "page-header") for start, end in spans]
            text, changes = _step(text, changes, header_edits, page.number)
            text, changes = _step(text, changes, layout.find_hyphenation_edits(text, self.is_word), page.number)
            if self.settings.repair:
                confidences = _word_confidences(page)
                noise = find_noise_edits(text, confidences, self.is_word, _short_token_confidences(page))
                text, changes = _step(text, changes, noise, page.number)
                if not stripped:  # measured on Tesseract fin's blur; the English model reads punctuation well
                    text, changes = _step(
                        text,
                        changes,
                        find_punctuation_edits(text, confidences, semicolons, self.lexicon, bullet, quotes),
                        page.number,
                    )
                text, changes = _step(text, changes, self.patterns.find_edits(text), page.number)
                text, changes = _step(
                    text, changes, self.sections.find_edits(text, section_numbers, confidences is not None), page.number
                )
                edits = self.repairer.find_edits(text, stripped, confidences, document)
                text, changes = _step(text, changes, edits, page.number)
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


def _word_confidences(page: Page) -> dict[str, float] | None:
    """OCR confidence per word text (the highest where a word occurs twice): evidence against changing it."""
    if not page.words:
        return None
    confidences: dict[str, float] = {}
    for word in page.words:
        if word.confidence > confidences.get(word.text, -1.0):
            confidences[word.text] = word.confidence
    return confidences


def _short_token_confidences(page: Page) -> dict[str, list[float]] | None:
    """Confidences of each occurrence of short tokens, in reading order: one ':' may be a speck, the next real."""
    if not page.words:
        return None
    occurrences: dict[str, list[float]] = {}
    for word in page.words:
        if len(word.text) <= 3:
            occurrences.setdefault(word.text, []).append(word.confidence)
    return occurrences


def _line_end(text: str, end: int) -> int:
    """Include the line's newline, so that removing a header leaves no blank line behind."""
    return end + 1 if end < len(text) and text[end] == "\n" else end


def _step(text: str, changes: list[Change], edits: list[Edit], page: int) -> tuple[str, list[Change]]:
    new_text, new_changes = apply(text, edits, page)
    return new_text, sorted(rebase(changes, new_changes) + new_changes, key=lambda c: c.offset)
