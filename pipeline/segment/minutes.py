"""Minutes -> decision records: the meeting (organ, date) and one record per § section."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from pipeline.model import Decision, Document, SourceRef
from pipeline.segment import patterns

TOP_LINES = 15  # the meeting header (organ, date, place) stands within the first page's top lines


@dataclass(frozen=True, slots=True)
class Heading:
    number: int
    start: int  # offset of the heading line in the document text
    body_start: int  # offset just after the heading line
    rest: str  # text after the number on the heading line (a title on the same line)
    sure: bool  # a real § sign, not an OCR look-alike


@dataclass(frozen=True, slots=True)
class Meeting:
    municipality: str | None
    organ: str | None
    date: str | None


def find_meeting(document: Document) -> Meeting:
    """Organ, date and municipality from the page headers and the first page's top lines."""
    headers = "\n".join(line for page in document.pages for line in page.header)
    first = document.pages[0].text if document.pages else ""
    top = headers + "\n" + "\n".join(first.split("\n")[:TOP_LINES])
    municipality = patterns.MUNICIPALITY.search(top)
    return Meeting(
        municipality=municipality.group() if municipality else None,
        organ=patterns.find_organ(top),
        date=patterns.parse_date(top),
    )


def find_headings(text: str) -> list[Heading]:
    """Section headings in reading order; the table of contents' earlier mentions are dropped."""
    found: list[Heading] = []
    for match in patterns.HEADING.finditer(text):
        number = int(match["number"] or match["number2"])
        sign = match["sign"] or match["sign2"]
        rest = (match["rest"] or "").strip()
        sure = sign == "§"
        # a look-alike sign is a heading only when nothing but a title follows it
        if not sure and rest and (rest[0].isdigit() or rest[0] in ".,:;)-/" or re.match(r"^\S*:", rest)):
            continue
        found.append(Heading(number, match.start(), match.end() + 1, rest, sure))
    if not found:
        return []
    # a number listed twice: the later one is the section, the earlier its table-of-contents line
    last = {heading.number: index for index, heading in enumerate(found)}
    kept = [heading for index, heading in enumerate(found) if last[heading.number] == index]
    return _consistent(kept)


def _consistent(headings: list[Heading]) -> list[Heading]:
    """Drop unsure headings that break the ascending numbering of the sure ones around them."""
    kept: list[Heading] = []
    for index, heading in enumerate(headings):
        if heading.sure:
            kept.append(heading)
            continue
        previous = kept[-1].number if kept else None
        following = next((h.number for h in headings[index + 1 :] if h.sure), None)
        ascending = (previous is None or previous < heading.number <= previous + 3) and (
            following is None or heading.number < following
        )
        if ascending:
            kept.append(heading)
    return kept


def _title(heading: Heading, body: str) -> tuple[str, int]:
    """Title and where the section body begins after it."""
    if heading.rest and not heading.rest[:1].isdigit():
        return heading.rest, 0
    lines = body.split("\n")
    title_lines: list[str] = []
    consumed = 0
    for line in lines:
        consumed += len(line) + 1
        stripped = line.strip()
        if not stripped:
            if title_lines:
                break
            continue
        if title_lines and (patterns.FIELD_LABELS.match(stripped) or patterns.DIARY_NUMBER.match(stripped)):
            consumed -= len(line) + 1
            break
        title_lines.append(stripped)
        if len(title_lines) == 2 or (not stripped[-1:].isalpha() and stripped[-1:] != ")"):
            break
        if len(title_lines) == 1 and not _continues(lines, consumed, stripped):
            break
    return " ".join(title_lines), consumed


def _continues(lines: list[str], consumed: int, first: str) -> bool:
    """A title goes on to a second line when that line directly follows and starts lower-case."""
    rest = "\n".join(lines)[consumed:]
    following = rest.split("\n", 1)[0].strip()
    return bool(following) and following[:1].islower()


def _decision(body: str) -> str | None:
    label = patterns.DECISION_LABEL.search(body)
    if not label:
        return None
    rest = body[label.end() :]
    end = patterns.END_LABELS.search(rest)
    text = " ".join(rest[: end.start() if end else len(rest)].split())
    return text or None


def segment_document(document: Document) -> Document:
    """Fill document.decisions from its (cleaned) pages."""
    texts = [page.text for page in document.pages]
    text = "\n".join(texts)
    page_starts = []
    offset = 0
    for page_text in texts:
        page_starts.append(offset)
        offset += len(page_text) + 1
    meeting = find_meeting(document)
    headings = find_headings(text)
    document.decisions = []
    if not headings:
        document.notes.append("no § sections found")
        return document

    def page_of(position: int) -> int:
        return document.pages[bisect.bisect_right(page_starts, position) - 1].number

    for index, heading in enumerate(headings):
        end = headings[index + 1].start if index + 1 < len(headings) else len(text)
        body = text[heading.body_start : end] if heading.body_start <= end else ""
        title, title_end = _title(heading, body)
        section_text = text[heading.start : end].strip()
        diary = patterns.DIARY_NUMBER.search(body)
        errors = []
        if not title:
            errors.append("no title found")
        first_page, last_page = page_of(heading.start), page_of(max(heading.start, end - 1))
        document.decisions.append(
            Decision(
                municipality=meeting.municipality,
                organ=meeting.organ,
                meeting_date=meeting.date,
                section=heading.number,
                title=title,
                diary_number=diary.group() if diary else None,
                text=section_text,
                decision=_decision(body[title_end:]),
                source=SourceRef(
                    file=str(document.path),
                    sha256=document.sha256,
                    pages=list(range(first_page, last_page + 1)),
                ),
                errors=errors,
            )
        )
    return document
