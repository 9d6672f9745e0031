"""Decision-history tables: the treatments of one matter, one row each of organ, § number and meeting date.

Decision-history pages (Turku's `Esityslistat/pöytäkirjat`) print them as a table above the matter's
diary number and title, often one cell per line once converted to text:

    Kaupunginhallitus            or     Kaupunginhallitus  412  13.11.2023  4
    412
    13.11.2023
    4

Dynasty's full minutes print the same rows (`Kaupunginhallitus  § 61  04.03.2024`) above each
section: the last row, in the meeting's own organ, is the section itself. A treatment line with the
date before the § (`Kaupunginhallitus 04.03.2024 § 61`) is not a row: it opens a treatment's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.segment.dates import first_date
from pipeline.segment.headings import LOOK_ALIKES, Line
from pipeline.segment.patterns import DIARY_NUMBER
from pipeline.segment.vocabulary import Vocabulary

_SIGN = rf"(?:§|[{re.escape(LOOK_ALIKES)}]{{1,2}})"
_NUMBER = rf"(?:{_SIGN}[ \t]*)?(?P<num>\d{{1,4}})(?:[ \t]*{_SIGN})?"
_DATE = r"(?P<date>\d{1,2}\.\d{1,2}\.(?:19|20)\d\d)"
NUMBER_CELL = re.compile(rf"{_NUMBER}")
DATE_CELL = re.compile(_DATE)
ITEM_CELL = re.compile(r"\d{1,3}")  # the matter's item number on that agenda (Turku's "Asia" column)
CODE_WORD = re.compile(r"[A-Za-zÅÄÖåäö]{5,}")


@dataclass(frozen=True, slots=True)
class Row:
    organ: str
    section: int
    date: str | None  # ISO


@dataclass(frozen=True, slots=True)
class Table:
    rows: list[Row]
    first_line: int  # index of the first row's first line
    last_line: int  # index of the last row's last line


@cache
def _row_line(vocabulary: Vocabulary) -> re.Pattern[str]:
    return re.compile(
        rf"(?P<organ>{vocabulary.organ.pattern})[ \t]+{_NUMBER}[ \t]+{_DATE}(?:[ \t]+\d{{1,3}})?", re.IGNORECASE
    )


@cache
def _organ_cell(vocabulary: Vocabulary) -> re.Pattern[str]:
    return re.compile(rf"(?P<organ>{vocabulary.organ.pattern})", re.IGNORECASE)


def _row_at(filled: list[tuple[int, str]], k: int, vocabulary: Vocabulary) -> tuple[Row, int] | None:
    """The row that starts at filled line k, and how many filled lines it takes."""
    text = filled[k][1]
    match = _row_line(vocabulary).fullmatch(text)
    if match:
        organ = vocabulary.canonical_organ(match["organ"])
        return Row(organ, int(match["num"]), first_date(match["date"], vocabulary)), 1
    organ_match = _organ_cell(vocabulary).fullmatch(text)
    if not organ_match or k + 2 >= len(filled):
        return None
    number, date = NUMBER_CELL.fullmatch(filled[k + 1][1]), DATE_CELL.fullmatch(filled[k + 2][1])
    if not (number and date):
        return None
    size = 4 if k + 3 < len(filled) and ITEM_CELL.fullmatch(filled[k + 3][1]) else 3
    row = Row(
        vocabulary.canonical_organ(organ_match["organ"]), int(number["num"]), first_date(date["date"], vocabulary)
    )
    return row, size


def find_tables(lines: list[Line], vocabulary: Vocabulary) -> list[Table]:
    """Every run of consecutive history rows, in reading order."""
    filled = [(i, line.text.strip()) for i, line in enumerate(lines) if line.text.strip()]
    tables: list[Table] = []
    k = 0
    while k < len(filled):
        rows: list[Row] = []
        first, last = filled[k][0], filled[k][0]
        while k < len(filled):
            found = _row_at(filled, k, vocabulary)
            if not found:
                break
            rows.append(found[0])
            last = filled[k + found[1] - 1][0]
            k += found[1]
        if rows:
            tables.append(Table(rows, first, last))
        else:
            k += 1
    return tables


def meeting_row(table: Table, organ: str | None, section: int | None = None) -> Row | None:
    """The row of the meeting: the last row of the current organ (of its § when known)."""
    own = [row for row in table.rows if organ is None or row.organ == organ]
    numbered = [row for row in own if section is None or row.section == section]
    return (numbered or own or [None])[-1]


def _code_like(text: str) -> bool:
    """A diary or register number line (`3720-2013 (611)`, `KUO 1187-2023 (12.00.00)`), not a title."""
    return bool(DIARY_NUMBER.fullmatch(text)) or (any(c.isdigit() for c in text) and not CODE_WORD.search(text))


def title_after(lines: list[Line], table: Table, limit: int) -> list[str]:
    """The lines after a table, from its title on (a diary number between them is skipped)."""
    after = [line.text for line in lines[table.last_line + 1 : limit]]
    while after and (not after[0].strip() or _code_like(after[0].strip())):
        after.pop(0)
    return after
