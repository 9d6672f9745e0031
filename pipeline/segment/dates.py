"""Finnish dates and times in minutes -> ISO: 4.12.2023, 04.12.2023, 1.1.-30.9.2024,
4. joulukuuta 2023, klo 16:31 - 17:46, kello 15.00."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.segment.vocabulary import Vocabulary

_DAY = r"(?P<{0}d>[0-3]?\d)"
_MONTH = r"(?P<{0}m>[01]?\d)"
# d.m.yyyy, or a range d.m.-d.m.yyyy whose first half borrows the year of the second
NUMERIC = re.compile(
    rf"\b(?:{_DAY.format('a')}\.{_MONTH.format('a')}\.(?P<ay>(?:19|20)\d\d)?[ \t]*[-–][ \t]*)?"
    rf"{_DAY.format('b')}\.{_MONTH.format('b')}\.(?P<by>(?:19|20)\d\d)\b"
)
# something shaped like a date whose numbers may be impossible (31.02.2024, 4.13.2024)
DATE_SHAPED = re.compile(r"\b\d{1,2}\.\d{1,2}\.(?:19|20)\d\d\b")
TIME_RANGE = re.compile(
    r"\b(?:klo|kello)\.?[ \t]*(?P<h1>[0-2]?\d)[:.](?P<m1>[0-5]\d)"
    r"(?:[ \t]*[-–—][ \t]*(?P<h2>[0-2]?\d)[:.](?P<m2>[0-5]\d))?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateSpan:
    start: str  # ISO yyyy-mm-dd
    end: str | None  # for ranges
    offset: int  # where the text of the date begins
    end_offset: int


def _iso(year: str | int, month: str, day: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _textual(vocabulary: Vocabulary) -> re.Pattern[str]:
    months = "|".join(sorted(vocabulary.months, key=len, reverse=True))
    return re.compile(rf"\b(?P<d>[0-3]?\d)\.?[ \t]+(?P<month>{months})[ \t]+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)


_TEXTUAL_CACHE: dict[int, re.Pattern[str]] = {}


def find_dates(text: str, vocabulary: Vocabulary) -> list[DateSpan]:
    """Every valid date and date range in text, in order of appearance."""
    spans: list[DateSpan] = []
    for match in NUMERIC.finditer(text):
        end = _iso(match["by"], match["bm"], match["bd"])
        if end is None:
            continue
        if match["ad"]:
            start = _iso(match["ay"] or match["by"], match["am"], match["ad"])
            if start is not None:
                spans.append(DateSpan(start, end, match.start(), match.end()))
                continue
        spans.append(DateSpan(end, None, match.start("bd"), match.end()))
    textual = _TEXTUAL_CACHE.setdefault(id(vocabulary), _textual(vocabulary))
    for match in textual.finditer(text):
        iso = _iso(match["y"], str(vocabulary.months[match["month"].lower()]), match["d"])
        if iso:
            spans.append(DateSpan(iso, None, match.start(), match.end()))
    return sorted(spans, key=lambda span: span.offset)


# OCR reads a date's dot as a colon or comma: "3:2.2020", "18.11,2019"
_OCR_DATE = re.compile(r"\b(?P<d>[0-3]?\d)[.:,;](?P<m>[01]?\d)[.:,;](?P<y>(?:19|20)\d\d)\b")


def ocr_dates(text: str) -> str:
    """Dates whose dots OCR misread, with their dots back (only where the numbers make a date)."""

    def dotted(match: re.Match[str]) -> str:
        valid = _iso(match["y"], match["m"], match["d"]) is not None
        return f"{match['d']}.{match['m']}.{match['y']}" if valid else match.group()

    return _OCR_DATE.sub(dotted, text)


def first_date(text: str, vocabulary: Vocabulary) -> str | None:
    spans = find_dates(text, vocabulary)
    return spans[0].start if spans else None


def bad_dates(text: str) -> list[str]:
    """Date-shaped strings that are no date (e.g. 31.02.2024)."""
    return [m.group() for m in DATE_SHAPED.finditer(text) if _iso(*reversed(m.group().split("."))) is None]


def find_times(text: str) -> tuple[str | None, str | None]:
    """Start and end time (HH:MM) of the first `klo`/`kello` time or time range."""
    match = TIME_RANGE.search(text)
    if not match:
        return None, None
    start = f"{int(match['h1']):02d}:{match['m1']}"
    end = f"{int(match['h2']):02d}:{match['m2']}" if match["h2"] else None
    return start, end
