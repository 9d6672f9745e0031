"""Minutes -> decision records: the meeting, and one record per § section with its fields."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from rapidfuzz import fuzz

from pipeline.model import Decision, Document, Meeting, Page, Reference, SourceRef
from pipeline.segment import fields as section_fields
from pipeline.segment import history, titles
from pipeline.segment.fields import title_from
from pipeline.segment.headings import (
    BARE_HEADING,
    ITEM_HEADER,
    SAME_TITLE,
    SPAN_MARGIN,
    Heading,
    Line,
    abbreviated_candidates,
    comparable,
    find_headings,
    one_digit_off,
    split_lines,
)
from pipeline.segment.meeting import find_meeting
from pipeline.segment.nlp import find_references
from pipeline.segment.patterns import page_number
from pipeline.segment.treatment import find_treatment, own_treatment
from pipeline.segment.vocabulary import Vocabulary, load

TOP_LINES = 3  # lines at the top of a page where header leftovers stand
PREAMBLE_LINES = 8  # Dynasty prints a section's diary number just above its § line


MIN_SHAPE_LETTERS = 8
RUNNING_NUMBERS = re.compile(r"\d[\d.,:;/ ]*")  # page numbers, dates, the page's § list: they change


def _shape(line: str) -> str:
    """A line with its numbers masked; a line of numbers alone (a date, OCR's "8:45" heading) as it is."""
    shape = RUNNING_NUMBERS.sub("#", line)
    letters = sum(c.isalpha() for c in shape)
    # a short line ("Kh 12", "8:45": a heading under the page header) is running only when repeated as it
    # is; a line of numbers alone ("4/2011  33") by its shape
    return shape if letters >= MIN_SHAPE_LETTERS or (not letters and len(line.split()) > 1) else line


def _strip_running_leftovers(texts: list[str], vocabulary: Vocabulary) -> tuple[list[str], list[str]]:
    """Page-header lines the cleaner leaves (a date-only line, `PÖYTÄKIRJA`, `Kunnanvaltuusto 9.5.2011
    21, 22`): removed when a line of the same shape (its numbers aside) stands among the top lines of at
    least two pages and of half of them. Headings (Dynasty's item header, history rows) stay."""
    tops = [[line.strip() for line in text.split("\n") if line.strip()][:TOP_LINES] for text in texts]
    counts: dict[str, int] = {}
    for top in tops:
        for shape in {_shape(line) for line in top}:
            counts[shape] = counts.get(shape, 0) + 1
    least = max(2, (len(texts) + 1) // 2)
    running = {
        line
        for top in tops
        for line in top
        if counts[_shape(line)] >= least
        and (len(line) < 40 or _shape(line) != line)
        and not ITEM_HEADER.search(line)
        and not history.is_row(line, vocabulary)
        and not BARE_HEADING.match(line)
    }
    if not running:
        return texts, []
    stripped = []
    for text in texts:
        lines = text.split("\n")
        seen = 0
        for index, line in enumerate(lines):
            if not line.strip():
                continue
            seen += 1
            if seen > TOP_LINES:
                break
            if line.strip() in running:
                lines[index] = " " * len(line)  # offsets into the page stay those of the page's own text
        stripped.append("\n".join(lines))
    return stripped, sorted(running)


RESTORED_LABELS = ("decision", "proposal", "processing", "attachments")
MAX_SPECK = 2


def _with_labels(page: Page, vocabulary: Vocabulary) -> str:
    """The page's text with the field labels the cleaner took for running lines put back where they
    stood: Tweb pages may all end in `Päätös:`, which the cleaner's repetition test takes for a footer."""
    text = page.text
    inserts = []
    for change in page.changes:
        if not (change.applied and change.reason == "page-header" and 0 < change.offset < len(text)):
            continue
        opened = section_fields.label(change.before.strip(), vocabulary)
        speck = len(opened[2]) <= MAX_SPECK if opened else False  # "Päätös: N": OCR's speck after the label
        if opened and opened[0] in RESTORED_LABELS and speck and text[change.offset - 1] == "\n":
            inserts.append((change.offset, change.before if change.before.endswith("\n") else change.before + "\n"))
    for offset, line in sorted(inserts, reverse=True):
        text = text[:offset] + line + text[offset:]
    return text


def _heading_lines(page: Page, vocabulary: Vocabulary) -> list[str]:
    """Lines the cleaner moved aside as running headers that are headings: Dynasty's item header
    (`Pöytäkirja 04.12.2023/Pykälä 303`, with the organ's name above it) repeats on every item page, and
    the history rows at the top of a page look alike from page to page."""
    kept = []
    for index, line in enumerate(page.header):
        if ITEM_HEADER.fullmatch(line.strip()):
            if index and vocabulary.organ.fullmatch(page.header[index - 1].strip()):
                kept.append(page.header[index - 1])
            kept.append(line)
        elif history.is_row(line, vocabulary):
            kept.append(line)
    return kept


def _history_above(headings: list[Heading], lines: list[Line], vocabulary: Vocabulary) -> list[list[history.Row]]:
    """The decision-history rows standing right above each heading (or forming it): they are the
    section's earlier treatments, so the section starts with them (not the section before)."""
    tables = history.find_tables(lines, vocabulary)
    found: list[list[history.Row]] = []
    for index, heading in enumerate(headings):
        floor = headings[index - 1].line if index else -1
        rows: list[history.Row] = []
        for table in tables:
            between = [i for i in range(table.last_line + 1, heading.line) if lines[i].text.strip()]
            if floor < table.first_line and table.last_line <= heading.line and len(between) <= 1:
                rows = table.rows
                heading.start = min(heading.start, lines[table.first_line].start)
        found.append(rows)
    return found


# the meeting's items on its first page: "ASIAT §§ 101 - 108", "ASIAT §:t 42 - 47", "Käsitellyt asiat 136-143 §"
# (OCR: "Asiat 85 41-45")
ITEMS = re.compile(
    r"^[ \t]*(?:Käsitellyt[ \t]+)?asiat[ \t:]*(?:§§|§:t|[85S$]{2,4}(?::t)?)?[ \t]*"
    r"(?P<a>\d{1,4})[ \t]*[-–][ \t]*(?P<b>\d{1,4})\b",
    re.IGNORECASE | re.MULTILINE,
)
MIN_CONTENTS = 3  # contents lines that make a contents table worth bounding the sections by


def _note_unfound(listed: dict[int, str], records: list[Decision], vocabulary: Vocabulary, notes: list[str]) -> None:
    """A section the contents table lists but no record was made for is named in the document's notes: its
    text is missing here (a lost or unreadable page, a heading OCR could not read, or an extract that leaves
    it out), and the archivist should know. No record is made up for it. Not named: a listed title that a
    record has, in full or begun (the record's section under a contents number OCR misread: `45
    ILMOITUSASIAT 4` read as § 4), one named already, and the table's header row read as a row."""
    numbers = {record.section for record in records}
    known = [comparable(record.title) for record in records if record.title]
    for number in sorted(set(listed) - numbers):
        title = " ".join(listed[number].split())
        wanted = comparable(title)
        if set(wanted.split()) <= vocabulary.contents_columns:
            continue
        if any(fuzz.partial_ratio(wanted, other) >= SAME_TITLE for other in known):
            continue
        known.append(wanted)
        shown = f"{title[:77]}..." if len(title) > 80 else title
        notes.append(f"§ {number} ({shown}) is listed in the contents table but was not found in the text")


def _within_items(headings: list[Heading], contents: set[int], first_page: str, notes: list[str]) -> list[Heading]:
    """Headings outside the meeting's stated items (or the span of its contents table) are quotations or
    misread numbers, not sections of this meeting."""
    stated = ITEMS.search(first_page)
    margin = 0
    if stated and int(stated["a"]) <= int(stated["b"]):
        low, high = int(stated["a"]), int(stated["b"])
    elif len(contents) >= MIN_CONTENTS:
        low, high = min(contents), max(contents)
        margin = SPAN_MARGIN  # OCR may lose the table's first or last rows
    else:
        return headings
    kept = []
    for index, heading in enumerate(headings):
        if low <= heading.number <= high or _continues_span(headings, index, low, high, margin):
            kept.append(heading)
            continue
        # OCR's misreading of an item that is missing here, in its place ("§ 148" after § 142 of 136-143)
        before = max((h.number for h in headings[:index] if low <= h.number <= high), default=low - 1)
        after = min((h.number for h in headings[index + 1 :] if low <= h.number <= high), default=high + 1)
        taken = {h.number for h in headings}
        fits = [n for n in range(before + 1, after) if n not in taken and one_digit_off(heading.number, n)]
        if len(fits) == 1:
            heading.errors.append(f"§ {fits[0]} read as {heading.number}: taken from the meeting's items")
            heading.number = fits[0]
            kept.append(heading)
        else:
            notes.append(f"§ {heading.number} lies outside the meeting's items {low}-{high}: not a section")
    return kept


def _continues_span(headings: list[Heading], index: int, low: int, high: int, margin: int) -> bool:
    """A heading with a printed sign just below or above a contents table's span, before (after) every
    heading in it and numbered on from them: a row OCR lost from the table, not a quotation."""
    number = headings[index].number
    if headings[index].confidence < 1.0:
        return False
    if low - margin <= number < low:
        return all(h.number > number for h in headings[index + 1 :]) and not any(
            h.number >= low for h in headings[:index]
        )
    if high < number <= high + margin:
        return all(h.number < number for h in headings[:index]) and not any(
            h.number <= high for h in headings[index + 1 :]
        )
    return False


def _cut_at_gap(
    text: str,
    heading: Heading,
    end: int,
    gaps: dict[int, str],
    page_starts: list[int],
    page_index: Callable[[int], int],
    vocabulary: Vocabulary,
) -> int | None:
    """Where a section ends at a missing page: when it was decided before the gap, the text after the gap
    is another section's whose heading was on the missing page. A section still undecided goes on."""
    first, last = page_index(heading.start), page_index(max(heading.start, end - 1))
    gap = next((i for i in range(first, last) if i in gaps), None)
    if gap is None:
        return None
    cut = page_starts[gap + 1] - 1
    before = section_fields.parse_fields(heading.rest, text[heading.body_start : cut], "", vocabulary)
    return cut if before.decision else None


def _page_gaps(document: Document) -> dict[int, str]:
    """Index of the page after which pages of the minutes are missing (by the header page numbers)."""
    numbers = []
    for page in document.pages:
        header = " ".join(page.header) or "\n".join(page.text.split("\n")[:4])
        numbers.append(page_number(header))
    gaps = {}
    for index in range(len(numbers) - 1):
        here, there = numbers[index], numbers[index + 1]
        if here and there and there[0] > here[0] + 1:
            missing = f"{here[0] + 1}" if there[0] == here[0] + 2 else f"{here[0] + 1}-{there[0] - 1}"
            gaps[index] = f"section cut: page {missing} of the minutes is missing"
    return gaps


def _restored_signs(page: Page) -> dict[str, float]:
    """Lines of a page where the cleaner restored a § (OCR read it as 8, $, ...), with that change's confidence."""
    restored: dict[str, float] = {}
    text = page.text
    for change in page.changes:
        if change.applied and change.reason.startswith("section-sign"):
            start = text.rfind("\n", 0, change.offset) + 1
            end = text.find("\n", change.offset)
            line = text[start : end if end >= 0 else len(text)].strip()
            restored[line] = min(restored.get(line, 1.0), change.confidence)
    return restored


def _confidence(heading: Heading, record: Decision, has_label: bool) -> float:
    value = heading.confidence
    if not record.title:
        value *= 0.7
    if has_label and not record.decision:
        value *= 0.8
    value *= 0.9 ** len(record.errors)
    return round(value, 2)


def _from_history(heading: Heading, organ: str, lines: list[Line], vocabulary: Vocabulary, meeting: Meeting) -> None:
    """A decision-history page has no meeting header: its table names the meeting (the last row of the
    treatment's organ) and the matter's title follows the table."""
    tables = history.find_tables(lines[: heading.line], vocabulary)
    if not tables:
        return
    # OCR may break the table where a cell is unreadable: its rows are those of all tables above
    rows = history.Table([row for table in tables for row in table.rows], tables[0].first_line, tables[-1].last_line)
    row = history.meeting_row(rows, organ, heading.number)
    if row is None:
        return
    meeting.organ, meeting.date = row.organ, row.date or meeting.date
    meeting.errors = [error for error in meeting.errors if error not in ("meeting date not found", "organ not found")]
    title = title_from(history.title_after(lines, tables[-1], heading.line))
    if title:
        heading.rest = title


def segment_document(document: Document, vocabulary: Vocabulary | None = None) -> Document:
    """Fill document.meeting and document.decisions from its (cleaned) pages."""
    vocabulary = vocabulary or load()
    texts, leftovers = _strip_running_leftovers([_with_labels(page, vocabulary) for page in document.pages], vocabulary)
    texts = [
        "\n".join([*_heading_lines(page, vocabulary), text]) for page, text in zip(document.pages, texts, strict=True)
    ]
    text = "\n".join(texts)
    page_starts, offset = [], 0
    for page_text in texts:
        page_starts.append(offset)
        offset += len(page_text) + 1
    # the meeting's organ and date, read before the headings: history rows naming them are headings
    provisional = find_meeting(document, vocabulary, None, leftovers)
    restored = frozenset(line for page in document.pages for line in _restored_signs(page))
    headings, _contents, listed = find_headings(
        text,
        vocabulary,
        lambda lines, taken: (
            history.heading_candidates(lines, vocabulary, provisional.organ, provisional.date, taken)
            + abbreviated_candidates(lines, vocabulary, provisional.organ)
        ),
        restored,
    )
    headings = _within_items(headings, _contents, texts[0] if texts else "", document.notes)
    histories = _history_above(headings, split_lines(text), vocabulary)
    first_heading = headings[0].start if headings and headings[0].start < len(texts[0]) else None
    meeting = find_meeting(document, vocabulary, first_heading, leftovers)
    document.meeting = meeting
    document.decisions = []
    organ, meeting_date = meeting.organ, meeting.date
    single_item = False
    if not headings:
        lines = split_lines(text)
        treatment = find_treatment(lines, vocabulary)
        if treatment:  # a single agenda item: organ and date come from its treatment line
            headings = [treatment.heading]
            single_item = True
            organ, meeting_date = treatment.organ, treatment.date or meeting.date
            if treatment.date is None:
                _from_history(treatment.heading, treatment.organ, lines, vocabulary, meeting)
                meeting_date = meeting.date
    if not headings:
        document.notes.append("no § sections found")
        _note_unfound(listed, [], vocabulary, document.notes)
        return document
    gaps = _page_gaps(document)
    words = titles.document_words(text, dotted=titles.prints_umlauts([page.raw_text for page in document.pages]))

    def page_index(position: int) -> int:
        return bisect.bisect_right(page_starts, position) - 1

    for index, heading in enumerate(headings):
        end = headings[index + 1].start if index + 1 < len(headings) else len(text)
        cut = _cut_at_gap(text, heading, end, gaps, page_starts, page_index, vocabulary)
        if cut is not None:
            document.notes.append(
                f"text after the missing page following page {document.pages[page_index(cut)].number} "
                f"belongs to no section found (§ {heading.number} was decided before the gap)"
            )
            end, cut_errors = cut, [gaps[page_index(cut)]]
        else:
            cut_errors = []
        body = text[heading.body_start : end] if heading.body_start <= end else ""
        preamble_start = headings[index - 1].body_start if index else 0
        preamble_lines = text[preamble_start : heading.start].split("\n")
        preamble = "\n".join(preamble_lines if single_item else preamble_lines[-PREAMBLE_LINES:])
        found = section_fields.parse_fields(heading.rest, body, preamble, vocabulary, heading.title_done)
        own = own_treatment(body, heading.organ or organ, heading.number, vocabulary)
        if own:  # earlier treatments stand above the meeting's own: its proposal and decision are the section's
            section_fields.take_treatment(found, section_fields.parse_fields("", body[own:], "", vocabulary))
        contents_title = titles.tidy(heading.contents_title) if heading.contents_title else None
        found.title = titles.repair(titles.reconcile(titles.tidy(found.title), contents_title), words)
        errors = list(heading.errors) + [f"meeting: {error}" for error in meeting.errors]
        if not found.title:
            errors.append("no title found")
        if found.has_decision_label and not found.decision:
            errors.append("Päätös heading without decision text")
        first, last = page_index(heading.start), page_index(max(heading.start, end - 1))
        errors.extend([gaps[i] for i in range(first, last) if i in gaps] or cut_errors)
        if index + 1 == len(headings) and len(document.pages) - 1 in gaps:
            errors.append(gaps[len(document.pages) - 1])
        record = Decision(
            municipality=meeting.municipality,
            organ=heading.organ or organ,
            meeting_date=heading.date or meeting_date,
            section=heading.number,
            title=found.title,
            diary_number=found.diary_number,
            text=text[heading.start : end].strip(),
            decision=found.decision,
            source=SourceRef(
                file=str(document.path),
                sha256=document.sha256,
                pages=[document.pages[i].number for i in range(first, last + 1)],
            ),
            errors=errors,
            preparer=found.preparer,
            presenter=found.presenter,
            proposal=found.proposal,
            processing=found.processing,
            resolution=section_fields.resolution(found, vocabulary),
            attachments=found.attachments,
            references=[
                Reference(vocabulary.reference_organ(organ, meeting.organ, meeting.municipality), date, number)
                # a single item's decision history stands above its treatment line
                for organ, date, number in find_references(f"{preamble}\n{body}" if single_item else body, vocabulary)
            ],
            meeting=meeting,
        )
        record.confidence = _confidence(heading, record, found.has_decision_label)
        restored = _restored_signs(document.pages[first]).get(text[heading.start : heading.body_start].strip())
        if restored is not None:  # the cleaner put this heading's § back: no surer than that repair
            record.confidence = min(record.confidence, restored)
        rows = histories[index] if index < len(histories) else []  # a single item has no headings of its own
        earlier = [Reference(row.organ, row.date, row.section) for row in rows if row.date]
        # the section's own treatment line (`Kaupunginvaltuusto 17.06.2024 § 61`) is no reference
        keys = {(record.organ, record.meeting_date, record.section): None}
        references = []
        for reference in [*earlier, *record.references]:
            key = (reference.organ, reference.date, reference.section)
            if key not in keys:
                keys[key] = None
                references.append(reference)
        record.references = references
        document.decisions.append(record)
    _note_unfound(listed, document.decisions, vocabulary, document.notes)
    return document
