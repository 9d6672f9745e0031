"""The meeting: organ, date, times, place, meeting number and participants, from page headers and page 1."""

from __future__ import annotations

import re
from collections import Counter

from pipeline.model import Document, Meeting
from pipeline.segment import dates
from pipeline.segment.patterns import MEETING_NUMBER, MUNICIPALITY, normalise_space
from pipeline.segment.vocabulary import Vocabulary, field_of

TOP_LINES = 80  # the meeting header stands within the first page's top lines
LIST_FIELDS = ("present", "others", "absent")


def _top_lines(document: Document, first_heading: int | None) -> list[str]:
    first = document.pages[0].text if document.pages else ""
    if first_heading is not None:
        first = first[:first_heading]
    return first.split("\n")[:TOP_LINES]


def _labelled(lines: list[str], vocabulary: Vocabulary, field_of_line: dict[int, str]) -> dict[str, list[str]]:
    """Values of the meeting labels: the label line's tail and the lines up to the next label."""
    values: dict[str, list[str]] = {}
    current: str | None = None
    for index, line in enumerate(lines):
        text = line.strip()
        if index in field_of_line:
            current = field_of_line[index]
            match = vocabulary.meeting_line.match(text)
            tail = match["tail"].strip() if match else ""
            values.setdefault(current, [])
            if tail:
                values[current].append(tail)
            continue
        if current is None or not text:
            if current in ("time", "place") and values.get(current):
                current = None  # single-value labels end at a blank line
            continue
        if vocabulary.label_line.match(text) and current not in LIST_FIELDS:
            current = None
            continue
        values[current].append(text)
        if current in ("time", "place"):
            current = None
    return values


def _join_split_labels(lines: list[str], vocabulary: Vocabulary) -> list[str]:
    """A label in a narrow column goes on on the next line ("SAAPUVILLA" / "OLLEET JÄSENET", values beside
    both): the whole label on the first line, the second keeps only its value."""
    out = list(lines)
    for index in range(len(out) - 1):
        first, second = out[index].split(), out[index + 1].split()
        if not first or not second or not first[0][:1].isupper():
            continue
        for took, took_next in ((1, 1), (1, 2), (2, 1), (2, 2)):
            head = " ".join(first[:took])
            label = " ".join(first[:took] + second[:took_next])
            if field_of(vocabulary.meeting_labels, label) and not field_of(vocabulary.meeting_labels, head):
                out[index] = "  ".join([label, " ".join(first[took:])]).strip()
                out[index + 1] = " ".join(second[took_next:])
                break
    return out


PAGE_TOP = 4  # a page header's lines stand within a page's first lines
HEADER_DATE = re.compile(r"\b\d{1,2}[.:,]+\d{1,2}[.:,]+(?:19|20)\d\d\b")  # OCR: ":30.5.:2016"
DATE_LINE = re.compile(rf"[^\w]*(?P<date>{HEADER_DATE.pattern})[^\w]*(?:[ \t]+[a-zåäö])?")  # "23.4.2024 i"


def _later_tops(document: Document) -> list[list[str]]:
    return [[line.strip() for line in page.text.split("\n") if line.strip()][:PAGE_TOP] for page in document.pages[1:]]


def _page_tops(document: Document, vocabulary: Vocabulary) -> list[str]:
    """Page-header lines that name an organ with a date (`Kaupunginvaltuusto :30.5.:2016`) on later pages,
    or an organ beside the meeting number with the date alone on the next line (`KEMIN KAUPUNKI  Tekninen
    lautakunta  Pöytäkirja 4/2024  2` / `23.4.2024`)."""
    found = []
    for top in _later_tops(document):
        for index, line in enumerate(top):
            if vocabulary.organ.match(line) and HEADER_DATE.search(line):
                found.append(line)
            elif vocabulary.organ.search(line) and MEETING_NUMBER.search(line) and index + 1 < len(top):
                date = DATE_LINE.fullmatch(top[index + 1])
                if date:
                    found.append(f"{vocabulary.organ.search(line).group()} {date['date']}")
    return found


def _voted_organ(lines: list[str], vocabulary: Vocabulary) -> str | None:
    """The organ the lines name most often (the first of equals): OCR garbles one page's header
    ("Kaupungirihallitus 14.3.2016") and reads the others right."""
    names = [vocabulary.canonical_organ(m.group()) for m in vocabulary.organ.finditer("\n".join(lines))]
    if not names:
        return None
    counts = Counter(name.lower() for name in names)
    # a compound's tail that OCR cut off ("Kulttuuri: ja vapaa-aikalautakunta" read as the latter) is its vote
    support = {name: sum(n for other, n in counts.items() if name.lower().endswith(other)) for name in names}
    return max(names, key=lambda name: (support[name], -names.index(name)))


def find_meeting(
    document: Document, vocabulary: Vocabulary, first_heading: int | None = None, extra_headers: list[str] | None = None
) -> Meeting:
    """`extra_headers`: header lines the segmenter removed from the page texts itself."""
    headers = [line for page in document.pages for line in page.header] + (extra_headers or [])
    top = _join_split_labels(_top_lines(document, first_heading), vocabulary)
    field_of_line = {}
    for index, line in enumerate(top):
        match = vocabulary.meeting_line.fullmatch(line.strip())
        if match:
            name = field_of(vocabulary.meeting_labels, match["label"])
            if name:
                field_of_line[index] = name
    values = _labelled(top, vocabulary, field_of_line)
    head_text = "\n".join([*headers, *top])
    meeting = Meeting()
    # (page 1 unreadable: a later page's header names it too)
    municipality = MUNICIPALITY.search(head_text) or MUNICIPALITY.search(
        "\n".join(line for top in _later_tops(document) for line in top)
    )
    if municipality:
        meeting.municipality = municipality.group()[:1].upper() + municipality.group()[1:].lower()
    # a page header the cleaner did not take apart (OCR read it differently on each page) comes last
    for lines in (headers, top, _page_tops(document, vocabulary)):
        meeting.organ = _voted_organ(lines, vocabulary)
        if meeting.organ:
            break
    time_text = dates.ocr_dates(" ".join(values.get("time", [])))
    head_text = dates.ocr_dates(head_text)
    meeting.date = dates.first_date(time_text, vocabulary) or dates.first_date(head_text, vocabulary)
    if meeting.date is None:  # page 1 unreadable: a later page's header line names the meeting too
        meeting.date = dates.first_date(dates.ocr_dates("\n".join(_page_tops(document, vocabulary))), vocabulary)
    meeting.start_time, meeting.end_time = dates.find_times(time_text or head_text)
    if values.get("place"):
        meeting.place = normalise_space(values["place"][0])
    number = MEETING_NUMBER.search(head_text)
    meeting.number = number["number"] if number else None
    for name in LIST_FIELDS:
        setattr(meeting, name, [normalise_space(v) for v in values.get(name, [])])
    for bad in dates.bad_dates(head_text):
        meeting.errors.append(f"unparseable date {bad!r}")
    if meeting.date is None:
        meeting.errors.append("meeting date not found")
    if meeting.organ is None:
        meeting.errors.append("organ not found")
    return meeting
