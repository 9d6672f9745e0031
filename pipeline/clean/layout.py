"""Page layout: words hyphenated across line breaks, and repeated page headers/footers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from rapidfuzz import fuzz

from pipeline.clean.edits import Edit

WordCheck = Callable[[str], bool]

# word fragment, hyphen at the end of a line, the next line's first word; the look-behind starts a match
# only at a word's start, so a long run of letters is scanned once, not once per letter (linear time)
_HYPHENATED = re.compile(r"(?<!\w)(?P<head>\w+)-[ \t]*\n[ \t]*(?P<tail>\w+)(?P<after>[^\S\n]*)")
# a hyphen then a conjunction is a shortened compound ("tulosalue- ja kehitysalue"): keep it
_CONJUNCTIONS = {"ja", "tai", "sekä", "eli", "tahi", "och", "eller"}
_VOWELS = set("aeiouyäöå")


def _keeps_hyphen(head: str, tail: str) -> bool:
    """Hyphens that are part of the word: acronyms and numbers (USO-, EU-hanke, 100-vuotis),
    and compounds whose parts meet at the same vowel (linja-auto)."""
    return (
        head.isupper()
        or any(c.isdigit() for c in head)
        or tail[:1].isupper()
        or (head[-1:].lower() in _VOWELS and head[-1:].lower() == tail[:1].lower())
    )


def find_hyphenation_edits(text: str, is_word: WordCheck | None = None) -> list[Edit]:
    """Join words split across a line break. The joined word moves to the first line.

    With `is_word` (a lexicon check) a join happens only where the joined word is a word, or
    where neither part is a word on its own.
    """
    edits = []
    for match in _HYPHENATED.finditer(text):
        head, tail = match["head"], match["tail"]
        if tail.lower() in _CONJUNCTIONS:
            continue
        if len(head) > 1 and head.isupper() and tail[:1].isupper():
            continue  # "YLITYS+ ALITUS-" then a new capitalised line: a table's sign column, not a split word
        hyphen = "-" if _keeps_hyphen(head, tail) else ""
        joined = f"{head}{hyphen}{tail}"
        confidence = 0.9
        if is_word is not None and not hyphen:
            if is_word(joined):
                confidence = 0.99
            elif is_word(head) or is_word(tail):
                continue  # e.g. "Vihreä Kemi -ajattelua" split oddly: leave it for a person
        # replace "-\ntail<space>" by "tail\n" so that lines stay lines
        start = match.start("head") + len(head)
        newline = "\n" if match.end() < len(text) and text[match.end()] not in "\n" else ""
        edits.append(Edit(start, match.end(), f"{hyphen}{tail}{newline}", "dehyphenate", confidence))
    return edits


_DIGITS = re.compile(r"\d+")
# a line that reads as a sentence ("hyväksyttiin.") ends a page by chance more often than a footer ends in
# a full stop: it counts as running only when SENTENCE_REPEATS neighbouring pages have it
_SENTENCE = re.compile(r"^\D*[^\W\d_]{2,}[.!?]$")
SENTENCE_REPEATS = 3
HEADER_LINES = 3  # lines at the top of a page that may be a running header
FOOTER_LINES = 2


def _shape(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split())).lower()


def _edge_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, shape) of the first and last non-empty lines of a page. Footer shapes start
    with "^" so that a header only ever matches headers and a footer footers."""
    lines = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((offset, offset + len(line), line))
        offset += len(line) + 1
    head = lines[:HEADER_LINES]
    tail = lines[max(len(head), len(lines) - FOOTER_LINES) :]
    return [(start, end, _shape(line)) for start, end, line in head] + [
        (start, end, "^" + _shape(line)) for start, end, line in tail
    ]


def find_running_lines(pages: list[str], min_similarity: float = 85.0, window: int = 3) -> list[list[tuple[int, int]]]:
    """Spans of lines that repeat at the top or bottom of neighbouring pages (page numbers may differ).

    A line is running when a line of the same shape (digits masked, OCR noise tolerated) stands at
    the same edge of two of the pages within `window` pages of it, or of the other page of a 2-page file;
    a line that reads as a sentence must end (or open) every page of the file, unchanged, and there must be
    four pages or more (body text like "Hyväksyttiin." may end most pages).
    """
    edges = [_edge_lines(page) for page in pages]
    shapes = [[shape for _, _, shape in page_edges] for page_edges in edges]
    pages_with = Counter(shape for page_shapes in shapes for shape in set(page_shapes))
    spans: list[list[tuple[int, int]]] = []
    for index, page_edges in enumerate(edges):
        neighbours = [j for j in range(index - window, index + window + 1) if j != index and 0 <= j < len(pages)]
        needed = min(2, len(neighbours))
        found = []
        for start, end, shape in page_edges:
            # short lines ("Päätös", OCR's "Päätös N" at the foot of many pages) are not told apart by shape
            if needed == 0 or len("".join(shape.lstrip("^").split())) < 8:
                continue
            matches = [
                [
                    other
                    for other in shapes[j]
                    if other == shape
                    or (other.startswith("^") == shape.startswith("^") and fuzz.ratio(shape, other) >= min_similarity)
                ]
                for j in neighbours
            ]
            if _SENTENCE.match(shape.lstrip("^")) or any(_SENTENCE.match(o.lstrip("^")) for m in matches for o in m):
                # "Päätösehdotus hyväksyttiin." ends most pages of minutes whose sections close with that
                # decision (OCR may read its full stop as ":"); a running sentence ends every page, so it
                # must stand on all the others as it is
                if pages_with[shape] >= max(SENTENCE_REPEATS + 1, len(pages)):
                    found.append((start, end))
                continue
            if sum(1 for m in matches if m) >= needed:
                found.append((start, end))
        spans.append(found)
    return spans
