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

from rapidfuzz import fuzz, process

from pipeline.segment.dates import first_date
from pipeline.segment.headings import (
    BARE_NUMBER,
    LOOK_ALIKES,
    ROW_BARE,
    Candidate,
    Line,
    normalise_abbreviated,
    readings,
    same_organ,
    title_like,
)
from pipeline.segment.patterns import DIARY_NUMBER
from pipeline.segment.vocabulary import Vocabulary

_SIGN = rf"(?:§|[{re.escape(LOOK_ALIKES)}]{{1,2}})"
# the § number as printed or as OCR reads it: "§ 61", "61 §", "8 61", "8.60", "861" (the chain decides)
_NUMBER = rf"(?P<num>(?:{_SIGN}[ \t]*[:.,]?[ \t]*)?\d{{1,4}}(?:[ \t]*{_SIGN})?)"
_DATE = r"(?P<date>\d{1,2}[.:,]\d{1,2}[.:,](?:19|20)\d\d)"  # OCR reads a date's dots as ":" or ","
_ORGAN = r"(?P<organ>[A-ZÅÄÖ][\w-]*(?:-?[ \t]+(?:ja|sekä)[ \t]+[\w-]+|[ \t]+lautakunta)?)"
# a whole row on one line; OCR may leave stray marks in the gaps around the number ("Kaupunginhallitus H 8 131",
# "Kaupunginvaltuusto .:. 5 60 17.06.2024"),
# glue one to the date ("KV § 103 .18.11:2019") or to the number ("Kaupunginvaltuusto 5 62\" 17.06.2024"), or read
# the gap before the date as a stop ("KV 5 105.18.11.2019")
ROW_LINE = re.compile(
    rf"{_ORGAN}[.,:]?(?:[ \t]+[^\s\d§]{{1,3}})?[ \t]+{_NUMBER}[.,:'\"”]?(?:[ \t]+[^\s\d§])?"
    rf"(?:[ \t]+[.,:;']?|(?<=\d)[.,:;]){_DATE}"
    rf"(?:[ \t]+\d{{1,3}})?"
)
NUMBER_CELL = re.compile(_NUMBER)
DATE_CELL = re.compile(_DATE)
ITEM_CELL = re.compile(r"\d{1,3}")  # the matter's item number on that agenda (Turku's "Asia" column)
CODE_WORD = re.compile(r"[A-Za-zÅÄÖåäö]{5,}")
HEADING_NEARBY = 4  # filled lines after a history table within which a § heading of its own may stand
ORGAN_SIMILARITY = 85  # OCR's "Käupunginvaltuusto" is still the council


@dataclass(frozen=True, slots=True)
class Row:
    organ: str
    readings: tuple[tuple[int, float], ...]  # (§ number, weight): OCR may glue the sign to the number
    date: str | None  # ISO

    @property
    def section(self) -> int:
        return self.readings[0][0]


@dataclass(frozen=True, slots=True)
class Table:
    rows: list[Row]
    first_line: int  # index of the first row's first line
    last_line: int  # index of the last row's last line


def _organ(text: str, vocabulary: Vocabulary) -> str | None:
    """The organ a row's first cell names, in the spelling of the organ list; OCR damage tolerated."""
    text = " ".join(text.split())
    if vocabulary.organ.fullmatch(text):
        return vocabulary.canonical_organ(text)
    abbreviated = vocabulary.abbreviation(text)  # "KH § 288  24.11.2014" (Dynasty with abbreviations)
    if abbreviated:
        return abbreviated
    best = process.extractOne(text, vocabulary.organs, scorer=fuzz.ratio, score_cutoff=ORGAN_SIMILARITY)
    return best[0] if best else None


def _number_readings(token: str) -> tuple[tuple[int, float], ...]:
    """Readings of a row's § cell; in a row a bare number is normal (Turku prints no sign): it ranks
    below a printed sign and above a sign glued to the number ("18" is 18 before it is "1" + "8")."""
    found = [
        (number, ROW_BARE if weight == BARE_NUMBER else weight)
        for options in readings(token).values()
        for number, weight in options
    ]
    found.sort(key=lambda reading: -reading[1])
    return tuple(dict.fromkeys(found))


def is_row(text: str, vocabulary: Vocabulary) -> bool:
    """A whole history row on one line."""
    match = ROW_LINE.fullmatch(normalise_abbreviated(text.strip(), vocabulary))
    return bool(match) and _organ(match["organ"], vocabulary) is not None


def _row(organ: str | None, number: str, date: str, vocabulary: Vocabulary) -> Row | None:
    numbers = _number_readings(number)
    if organ is None or not numbers:
        return None
    return Row(organ, numbers, first_date(re.sub(r"[:,]", ".", date), vocabulary))


def _row_at(filled: list[tuple[int, str]], k: int, vocabulary: Vocabulary) -> tuple[Row, int] | None:
    """The row that starts at filled line k, and how many filled lines it takes."""
    text = normalise_abbreviated(filled[k][1], vocabulary)
    match = ROW_LINE.fullmatch(text)
    if match:
        row = _row(_organ(match["organ"], vocabulary), match["num"], match["date"], vocabulary)
        return (row, 1) if row else None
    if k + 2 >= len(filled):
        return None
    number, date = NUMBER_CELL.fullmatch(filled[k + 1][1]), DATE_CELL.fullmatch(filled[k + 2][1])
    if not (number and date):
        return None
    row = _row(_organ(text, vocabulary), number["num"], date["date"], vocabulary)
    if row is None:
        return None
    return row, 4 if k + 3 < len(filled) and ITEM_CELL.fullmatch(filled[k + 3][1]) else 3


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
    numbered = [row for row in own if section is None or any(n == section for n, _ in row.readings)]
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


def heading_candidates(
    lines: list[Line], vocabulary: Vocabulary, organ: str | None, date: str | None, others: set[int]
) -> list[Candidate]:
    """History tables that are section headings (Dynasty's full minutes): the last row is a treatment in
    the meeting's organ on the meeting's date and the title follows the table. A table followed by a
    § heading of its own (`others`: lines of the other heading candidates) is that section's preamble."""
    if organ is None:
        return []
    found = []
    for table in find_tables(lines, vocabulary):
        row = table.rows[-1]
        if not same_organ(row.organ, organ) or (date and row.date and row.date != date):
            continue  # ("KH" is the board of a town and of a municipality: same_organ)
        after = [i for i in range(table.last_line + 1, len(lines)) if lines[i].text.strip()][:HEADING_NEARBY]
        if any(i in others for i in after):
            continue
        title = title_after(lines, table, min(len(lines), table.last_line + 8))
        if not title or not title_like(title[0]):
            continue
        found.append(
            Candidate(table.last_line, list(row.readings), "", first_line=table.first_line, organ=organ, date=row.date)
        )
    return found
