"""Section headings (`§ 136`, `136 §`) in minutes text, found from structure as well as from the sign.

OCR often loses the § sign: Tesseract's `fin` model reads `§ 136` as `8 136`, `8136`, `8:141`, `s 136` or
`S 136`, and `45 §` as `458`, `3158` or `45 $`. Such look-alikes (and bare numbers) are candidates only; a
candidate becomes a heading when it stands on its own line with a title after it, is not part of the
table of contents, and fits the ascending numbering of the other headings (a dynamic programme picks
the best-scoring ascending chain). A real § heading is always kept; a repeated or descending number
is then reported in the record's errors.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from rapidfuzz import fuzz

from pipeline.segment.dates import DATE_SHAPED, first_date, ocr_dates
from pipeline.segment.patterns import DIARY_NUMBER, MEETING_NUMBER
from pipeline.segment.vocabulary import Vocabulary

# Tesseract fin reads § as 8, S, s, $, & or 5, sometimes as two of them ("31 §" -> "3158")
LOOK_ALIKES = "8Ss$&5"
SIGN = re.compile(rf"§|[{re.escape(LOOK_ALIKES)}]{{1,2}}")
NUMBER = re.compile(r"\d{1,4}")
# a line of a column of numbers, with OCR's specks around it ("215;", ". 225")
NUMBER_COLUMN = re.compile(r"(?:[.,:;'|]+[ \t]*)?\d{1,4}[ \t]*[§8Ss$&5]{0,2}[.:;,]?")
BARE_HEADING = re.compile(rf"(?:§|[{re.escape(LOOK_ALIKES)}]{{1,2}})[ \t]*\d{{1,4}}|\d{{1,4}}[ \t]*§")
# Dynasty's item pages: "Pöytäkirja 04.12.2023/Pykälä 303" under the organ's name
# (OCR: "10.06:2024", "Pöytäkirjä", "Pykälä:15i", "Pykälä 152.", "Pykälä 151 +", "— Pöytäkirja 16.06.2024jPykälä")
ITEM_HEADER = re.compile(
    r"(?:[—–*•'.,:;|-]+[ \t]*)?(?:P[öo]yt[äa]kirj[aä]|Esityslist[aä])[.,:]?[ \t]+"
    r"(?P<date>\d{1,2}[.:,;]\d{1,2}[.:,;]\d{4})[ \t]*[/j|][ \t]*"
    r"Pyk[äa]l[äa](?:[ \t]+|[ \t]*[:;.,][ \t]*)(?P<num>\d[\dSOIil]{0,3})(?:[ \t]*[.,:;'+*|])?",
    re.IGNORECASE,
)
ITEM_ORGAN_GAP = 5  # blank lines between an item header the cleaner moved aside and the organ name left below
ITEM_DIGITS = str.maketrans("SOIil", "50111")  # an item header's number with a digit OCR read as a letter
# marks, or one stray letter; a dash glued to a capitalised title ("76 -ILMOITUSASIAT", "831 -Kokouksen")
LEADING_SPECK = re.compile(r"^['‘’`´\".,:;|*•«»~]+[ \t]?(?=[§8Ss$&5\d])")  # "'8 41", "* 308$"
SEPARATOR = re.compile(r"^(?:[—–|:=_*'\".,»«+~”]+|-(?=\s|[A-ZÅÄÖ])|[A-Za-zÅÄÖåäö](?=\s|$))\s*")
# a mark between the number and a capitalised title where a space was: "5 42-Hiedanrannan", "§ 12.Kokouksen"
GLUED_TITLE = re.compile(r"^((?:[§8Ss$&5]{1,2}[ \t]*)?\d{1,4})[-—–:.](?=[A-ZÅÄÖ][a-zåäöA-ZÅÄÖ])")
DOT_LEADER = re.compile(r"(?:\.[ \t]?){4,}|…|[ \t]{2,}\d{1,3}$")

# how much a reading of a line is worth as a heading; bare numbers need the numbering to carry them
SURE, SPACED, GLUED, BARE_NUMBER = 4.0, 1.5, 1.0, -0.5
ROW_BARE = 1.25  # a bare number in a history row, between its organ and date: normal there (Turku)
CONFIDENCE = {SURE: 1.0, SPACED: 0.85, ROW_BARE: 0.8, GLUED: 0.75, BARE_NUMBER: 0.6}
CHAIN_WINDOW = 400  # earlier readings a reading may follow in the chain: keeps the programme linear in practice
TOC_GAP = 3  # table-of-contents lines follow each other within this many lines
TOC_STEP = 3  # and their numbers within this step (OCR may lose a row)
OCR_CAPITAL_I = (
    "li",
    "ll",
    "lI",
    "il",
)  # Tesseract's readings of a title's "Il" ("Ilmoitusasiat" -> "limoitusasiat", "ilmoitusasiat")
MAX_TITLE_LOOKAHEAD = 2  # blank lines allowed between a heading and its title
SENTENCE = re.compile(r"[a-zåäö]{3}\.(?:\s+[A-ZÅÄÖ]|$)")  # a sentence ends in the line: no title


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    text: str


@dataclass(slots=True)
class Candidate:
    line: int  # index into the lines
    readings: list[tuple[int, float]]  # (§ number, weight) interpretations of the line
    rest: str  # a title on the heading line itself
    toc: bool = False
    first_line: int | None = None  # where the heading begins when it is more than one line (history rows)
    structural: bool = False  # read from a layout (history row, `KH 106`, item header), not from a § sign
    organ: str | None = None  # the organ and ISO date the heading itself names (a history row)
    date: str | None = None
    title_done: bool = False  # the title stands above the heading line: the lines below are body text
    misread: bool = False  # its number was taken from the numbering around it


@dataclass(slots=True)
class Heading:
    number: int
    line: int
    start: int  # offset of the heading line in the text
    body_start: int  # offset just after the heading line
    rest: str
    confidence: float
    errors: list[str] = field(default_factory=list)
    organ: str | None = None  # set when the heading names its own meeting (a history row)
    date: str | None = None
    title_done: bool = False
    contents_title: str | None = None  # the title as the table of contents prints it


def split_lines(text: str) -> list[Line]:
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append(Line(offset, line))
        offset += len(line) + 1
    return lines


def title_like(text: str) -> bool:
    text = text.strip()
    return (
        len(text) >= 3
        and (text[0].isupper() or text[0] in "\"'”“«" or text[:2] in OCR_CAPITAL_I)
        and sum(c.isalpha() for c in text) >= 3
        and not DATE_SHAPED.fullmatch(text)
    )


def _weight(sign: str, spaced: bool) -> float:
    return SURE if "§" in sign else SPACED if spaced else GLUED


def strip_separator(rest: str) -> str:
    """OCR reads the gap between a heading's number and its title as a mark: "128 — KOKOUKSEN", "138 . PÖY"."""
    return SEPARATOR.sub("", SEPARATOR.sub("", rest, count=1), count=1)  # "268 —- OIKAISU...": two marks


NUMBER_SPECKS = ".:;,*'\"”"


def readings(text: str) -> dict[str, list[tuple[int, float]]]:
    """Readings of a line as a heading, grouped by the title text that follows on the line."""
    tokens = GLUED_TITLE.sub(r"\1 ", text).split(None, 2)
    found: dict[str, list[tuple[int, float]]] = {}

    def add(number: str, weight: float, rest: list[str]) -> None:
        reading = (int(number), weight)
        title = strip_separator(" ".join(rest))
        title = title if sum(c.isalpha() for c in title) > 1 else ""  # "8.45 N,": specks, the title below
        found.setdefault(title, [])
        if reading not in found[title]:
            found[title].append(reading)

    first, second = tokens[0].rstrip(":.;,"), tokens[1] if len(tokens) > 1 else ""  # "1258:", "145." are "12 §", "14 §"
    # OCR's speck after the number: "5 87. Ilmoitusasiat", "5 143* Ilmoitusasiat"
    second = second.rstrip(NUMBER_SPECKS) if NUMBER.fullmatch(second.rstrip(NUMBER_SPECKS)) else second
    if SIGN.fullmatch(first) and NUMBER.fullmatch(second):  # "§ 136", "8 136"
        add(second, _weight(first, True), tokens[2:])
    if NUMBER.fullmatch(first) and SIGN.fullmatch(second):  # "136 §", "45 $"
        add(first, _weight(second, True), tokens[2:])
    for size in (1, 2):  # "§136", "8136", "8:141"; "851" is "8"+"51" or "85"+"1": the chain decides
        sign, glued = first[:size], first[size:]
        number = glued[1:] if glued[:1] in ":.,'-–" else glued
        if SIGN.fullmatch(sign) and NUMBER.fullmatch(number):
            add(number, _weight(sign, False), tokens[1:])
    for size in (1, 2):  # "136§", "458", "3158", "15.5"
        number, sign = first[:-size], first[-size:]
        number = number[:-1] if number[-1:] in ":.,'" else number
        if NUMBER.fullmatch(number) and SIGN.fullmatch(sign):
            add(number, _weight(sign, False), tokens[1:])
    if NUMBER.fullmatch(first) and len(tokens) == 1:
        add(first, BARE_NUMBER, [])
    return found


def _next_filled(lines: list[Line], index: int, limit: int) -> int | None:
    for j in range(index + 1, min(len(lines), index + 2 + limit)):
        if lines[j].text.strip():
            return j
    return None


# a contents row without its sign (Tweb's "§ Otsikko Sivu" table): number, title, page number
CONTENTS_ROW = re.compile(
    r"(?:§[ \t]*)?(?P<num>\d{1,4})[.;:,]?(?:[ \t]*§)?[ \t]+(?:[—–|:=+-]+[ \t]*)?[\"'”“«]?"
    r"(?P<title>[^\W\d_].*?)[ \t.…;:,|]+(?P<page>\d{1,3})"
)
# OCR's speck after the number ("15; Ilmoitusasiat 5") is no sign: the row stays a contents row
UNPAGED_ROW = re.compile(
    r"(?:§[ \t]*)?(?P<num>\d{1,4})[.;:,]?(?:[ \t]*§)?[ \t]+(?:[—–|:=+-]+[ \t]*)?[\"'”“«]?(?P<title>[^\W\d_].*[^.\s])"
)
PAGE_CELL = re.compile(r"\d{1,3}")
MIN_CONTENTS_ROWS = 3
SPAN_MARGIN = 2


def contents_rows(lines: list[Line]) -> dict[int, int]:
    """Line index -> § number of the rows of a contents table: at least three rows with ascending numbers,
    ending in a page number or (OCR puts the page column apart) numbered one after the other; a wrapped
    title's line, a page number or a blank line may stand between two rows."""
    rows: dict[int, int] = {}
    run: list[tuple[int, int]] = []
    paged = False
    between = blanks = 0

    def close() -> None:
        numbers = [number for _, number in run]
        consecutive = all(b == a + 1 for a, b in pairwise(numbers))
        if len(run) >= MIN_CONTENTS_ROWS and (paged or consecutive):
            rows.update(run)

    for index, line in enumerate([*lines, Line(0, "x")]):
        text = line.text.strip()
        match = CONTENTS_ROW.fullmatch(text) or UNPAGED_ROW.fullmatch(text)
        if match and title_like(match["title"]):
            number = int(match["num"])
            if run and number <= run[-1][1]:
                close()
                run, paged = [], False
            run.append((index, number))
            paged = paged or bool(match.groupdict().get("page"))
            between = blanks = 0
        elif run and not text and blanks < 2:  # OCR puts blank lines between rows
            blanks += 1
        elif run and PAGE_CELL.fullmatch(text):  # and the page column's numbers
            continue
        elif run and text and between < 1 and not text[:1].isdigit():
            between += 1
        else:
            close()
            run, paged, between, blanks = [], False, 0, 0
    return rows


def find_candidates(
    lines: list[Line], vocabulary: Vocabulary, restored: frozenset[str] = frozenset()
) -> list[Candidate]:
    """`restored`: lines where the cleaner put back a § that OCR read as a look-alike: no printed sign."""
    candidates: list[Candidate] = []
    for index, line in enumerate(lines):
        text = LEADING_SPECK.sub("", line.text.strip())  # "'8 41 Kokouksen ...": a speck before the sign
        if not text or not (text[0] in "§" + LOOK_ALIKES or text[0].isdigit()):
            continue
        for rest, found in readings(text).items():
            options = [(n, SPACED if w == SURE else w) for n, w in found] if line.text.strip() in restored else found
            if _heading_like(lines, index, rest, vocabulary):
                candidates.append(Candidate(index, options, rest))
    _mark_contents(candidates, lines, vocabulary)
    rows = contents_rows(lines)
    for candidate in candidates:
        candidate.toc = candidate.toc or candidate.line in rows
    return candidates


def _heading_like(lines: list[Line], index: int, rest: str, vocabulary: Vocabulary) -> bool:
    """A title follows on the line itself or on the next filled line (a diary number may come between)."""
    if rest:
        return title_like(rest)  # "§ 110 ja 111 mukaisesti" is running text, not a heading
    following = _next_filled(lines, index, MAX_TITLE_LOOKAHEAD)
    if following is not None and DIARY_NUMBER.fullmatch(lines[following].text.strip()):
        following = _next_filled(lines, following, MAX_TITLE_LOOKAHEAD)
    if following is None:
        return False
    title = lines[following].text.strip()
    # "105 §" then "10.4.2017" is a line of a decision history, not a heading
    if not title_like(title) or _is_label(title, vocabulary):
        return False
    # without a printed sign, a number above a sentence is OCR's leftover of a column of headings
    # (one word with OCR's stop after it, "Ilmoitusasiat.", is a title still)
    return "§" in lines[index].text or len(title.split()) < 2 or not SENTENCE.search(title)


def _is_label(text: str, vocabulary: Vocabulary) -> bool:
    match = vocabulary.label_line.match(text)
    return bool(match) and len(text.split()) <= 6


def _mark_contents(candidates: list[Candidate], lines: list[Line], vocabulary: Vocabulary) -> None:
    """Table-of-contents lines: dot leaders, a run of heading-with-title lines, or right under its label."""
    for index, candidate in enumerate(candidates):
        if candidate.rest and DOT_LEADER.search(candidate.rest):
            candidate.toc = True
        for other in candidates[index + 1 : index + 2]:
            # contents lines ascend: the first heading right after the contents (on the next page) is no part of it
            # (by a near step: "158" may be § 15 or § 1, and § 12 after it is no next row; "2158" / "228" is)
            ascending = any(0 < high - low <= TOC_STEP for low, _ in candidate.readings for high, _ in other.readings)
            if candidate.rest and other.rest and 0 < other.line - candidate.line <= TOC_GAP and ascending:
                between = lines[candidate.line + 1 : other.line]
                if not any(vocabulary.label_line.match(line.text.strip()) for line in between):
                    candidate.toc = other.toc = True
        previous = next((lines[j].text.strip() for j in range(candidate.line - 1, -1, -1) if lines[j].text.strip()), "")
        contents = vocabulary.meeting_line.fullmatch(previous)
        # "ASIAT §§ 40 - 41" states the items; the contents table opens under a bare "Käsitellyt asiat"
        if (
            contents
            and not any(c.isdigit() for c in contents["tail"])
            and vocabulary.meeting_labels.get("".join(contents["label"].split()).lower()) == "contents"
        ):
            candidate.toc = True
        # the last of a column of bare "§ 136" lines whose titles OCR put after the column: contents too
        # (or of bare numbers: Tesseract reads a table's number column apart, "11 12 13 14 15", "248 255")
        if BARE_HEADING.fullmatch(previous) or (not candidate.rest and NUMBER_COLUMN.fullmatch(previous)):
            candidate.toc = True


def _step(previous: int, number: int, in_contents: bool) -> float:
    gap = number - previous
    bonus = 1.0 if gap == 1 else 0.3 if gap <= 3 else -0.05 * min(gap, 40)
    return bonus + (0.5 if in_contents else 0.0)


def choose(
    candidates: list[Candidate], contents: set[int], bounds: set[int] | None = None
) -> list[tuple[Candidate, int, float]]:
    """The best ascending chain of (candidate, number, weight) by dynamic programming; `bounds`: the
    contents numbers whose span a reading without a printed sign must fall in (default: `contents`)."""
    bounds = contents if bounds is None else bounds
    # OCR may lose the table's first or last rows: a margin of SPAN_MARGIN numbers on either side
    span = (min(bounds) - SPAN_MARGIN, max(bounds) + SPAN_MARGIN) if len(bounds) >= MIN_CONTENTS_ROWS else None
    # a reading without a printed sign outside the contents table's span is a misread number
    nodes = [
        (c, n, w)
        for c in candidates
        if not c.toc
        for n, w in c.readings
        if w == SURE or span is None or span[0] <= n <= span[1]
    ]
    best: list[float] = []
    back: list[int] = []
    for i, (cand, number, weight) in enumerate(nodes):
        own = weight + (0.5 if number in contents else 0.0)
        score, link = own, -1
        for j in range(max(0, i - CHAIN_WINDOW), i):
            other, other_number, _ = nodes[j]
            if other.line < cand.line and other_number < number:
                # a chain may start at a bare number only when the next heading follows it directly ("9", "§ 10")
                value = best[j] + own + _step(other_number, number, number in contents)
                if value > score and (best[j] > 0 or value > own):
                    score, link = value, j
        best.append(score)
        back.append(link)
    if not nodes or max(best) <= 0:
        return []
    i = max(range(len(nodes)), key=lambda k: best[k])
    chain = []
    while i >= 0:
        chain.append(nodes[i])
        i = back[i]
    return chain[::-1]


def item_candidates(lines: list[Line], vocabulary: Vocabulary) -> list[Candidate]:
    """Dynasty item headers (`Pöytäkirja 04.12.2023/Pykälä 303`); the organ's name above belongs to them.
    Their date is the meeting's: the one most of them print (OCR misreads a digit of one)."""
    found = []
    matches = [(index, ITEM_HEADER.fullmatch(line.text.strip())) for index, line in enumerate(lines)]
    printed = Counter(first_date(ocr_dates(m["date"]), vocabulary) for _, m in matches if m)
    printed.pop(None, None)
    date = max(printed, key=lambda d: printed[d]) if printed else None  # the first of equals (insertion order)
    for index, match in matches:
        if not match:
            continue
        above = next((j for j in range(index - 1, -1, -1) if lines[j].text.strip()), None)
        first = above if above is not None and _organ_line(lines[above].text, vocabulary) else None
        number = int(match["num"].translate(ITEM_DIGITS))
        # the organ's name below the header: the cleaner moved the header aside and it was put back above
        below = _next_filled(lines, index, ITEM_ORGAN_GAP)
        if first is None and below is not None and _organ_line(lines[below].text, vocabulary):
            found.append(Candidate(below, [(number, SURE)], "", first_line=index, structural=True, date=date))
            continue
        found.append(Candidate(index, [(number, SURE)], "", first_line=first, structural=True, date=date))
    return found


def _organ_line(text: str, vocabulary: Vocabulary) -> bool:
    return bool(vocabulary.organ.fullmatch(text.strip().rstrip(" .,:;'|")))


# KuntaToimisto: "KH 106   TITLE" - the organ's abbreviation and the § number, the title beside them;
# "KH § 17  TITLE", "KV § 31" (title below); Tweb: "Kh 21" alone, the title above it
ABBREVIATED = re.compile(
    r"(?P<abbr>[A-ZÅÄÖ][A-Za-zÅÄÖåäö.]{0,11})[:;'’-]?[ \t]*(?P<sign>§[ \t]*|[8Ss$&5]{1,2}[ \t]+)?"
    r"(?P<num>\d[\dSOIl]{0,3})[-—–'\"”*.:,]{0,3}(?=\s|$)[ \t]*(?P<rest>.*)"
)
# a digit OCR read as a letter in an abbreviated heading's number ("KH.7S"): the chain must carry that reading
DIGIT_LOOK_ALIKES = str.maketrans("SOIl", "5011")
UPPER_SHARE = 0.7  # a title beside the abbreviation is in capitals; body text beside it is not
TITLE_ABOVE = 30  # lines above an abbreviated heading where its title may stand (history blocks between)
MAX_TITLE_LINES = 3
SENTENCE_END = (".", ":", ";", "!", "?")


def same_organ(found: str | None, organ: str | None) -> bool:
    """`Kh` is the board of a town and of a municipality alike: Kaupunginhallitus = Kunnanhallitus here."""
    if not found or not organ:
        return False
    return found.replace("Kaupungin", "Kunnan") == organ.replace("Kaupungin", "Kunnan")


def capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= UPPER_SHARE * len(letters)


TITLE_SPECK = re.compile(r"^(?:[*•·«»~|'`´.,:;]+|-(?=[ \t]))[ \t]*(?=[A-ZÅÄÖ])")  # "* VALTUUSTON", "- Pöytäkirjan"


def _title_above(lines: list[Line], index: int) -> bool:
    """A title in capitals directly above an earlier treatment's `Tekn.ltk 22 ...` line (OCR may put a speck
    before it: "* VALTUUSTON ...")."""
    text = TITLE_SPECK.sub("", lines[index].text.strip())
    if not (capitals(text) and title_like(text)):
        return False
    following = _next_filled(lines, index, MAX_TITLE_LOOKAHEAD)
    return following is not None and bool(ABBREVIATED.fullmatch(lines[following].text.strip()))


def _sentence_end(text: str) -> bool:
    """A sentence's stop follows its last word; OCR's speck stands apart ("jatkaminen .")."""
    return text.endswith(SENTENCE_END) and not text[:-1].endswith((" ", "\t"))


# the presenter of a treatment, whose colon OCR lost: "Kaupunginjohtaja Soile Lahti" (a role and a name)
PRESENTER_LINE = re.compile(r"[A-ZÅÄÖ][a-zåäö]+j[aä](?:[ \t]+[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?){2}[ \t]*[:;.]?")


def _title_block_below(lines: list[Line], index: int, vocabulary: Vocabulary) -> bool:
    """A title under a bare `KV § 31` line: a short block, no sentence, ended by a blank line or a label.
    A block with a presenter's line is a treatment's text (`Kh § 401` on a decision-history page)."""
    first = _next_filled(lines, index, MAX_TITLE_LOOKAHEAD)
    if first is None:
        return False
    for k in range(first, min(len(lines), first + MAX_TITLE_LINES + 1)):
        text = TITLE_SPECK.sub("", lines[k].text.strip())
        if not text or (k > first and _is_label(text, vocabulary)):
            return True
        if (k == first and not title_like(text)) or _is_label(text, vocabulary) or _sentence_end(text):
            return False
        if PRESENTER_LINE.fullmatch(text):
            return False
    return False


def _title_block_above(lines: list[Line], index: int, stop: int, vocabulary: Vocabulary) -> int | None:
    """The first line of a title standing above a bare `Kh 21` line (Tweb): at most three lines up from
    it, up to a blank line, a sentence's end, a label or the page header (OCR drops the blank lines)."""
    j = index - 1
    while j > stop and j >= index - 1 - MAX_TITLE_LOOKAHEAD and not lines[j].text.strip():
        j -= 1
    block = []
    while j > stop and len(block) <= MAX_TITLE_LINES:
        text = lines[j].text.strip()
        # (the previous page's "Käsitellyt asiat §:t 11 - 15" when the cleaner took the page header away)
        meeting = vocabulary.meeting_line.match(text)
        if not text or _sentence_end(text) or _is_label(text, vocabulary) or _page_header(text, vocabulary) or meeting:
            break
        block.append(j)
        j -= 1
    if not block or len(block) > MAX_TITLE_LINES or not title_like(lines[block[-1]].text.strip()):
        return None
    return block[-1]


PAGE_HEADER_DATE = re.compile(r"\b\d{1,2}[.:,]\d{1,2}[.:,](?:19|20)\d\d\b")


def _page_header(text: str, vocabulary: Vocabulary) -> bool:
    """`Kunnanhallitus  16.02.2015` (OCR: `16:02.2015`), `KYYJÄRVEN KUNTA  PÖYTÄKIRJA 2/2015  4`."""
    return bool((vocabulary.organ.match(text) and PAGE_HEADER_DATE.search(text)) or MEETING_NUMBER.search(text))


@cache
def _abbreviation_sign(vocabulary: Vocabulary) -> re.Pattern[str]:
    # OCR's readings of "KH § 41": "KHS 41", "KHS$43", "KHS44", "KH 6 43", "KVS33"; with specks around the
    # sign: "KH S:41", "KH:5:42.", "KH$.45.", "KV:$:101", "KV 5.104"
    names = "|".join(re.escape(name) for name in sorted(vocabulary.abbreviations, key=len, reverse=True))
    return re.compile(
        rf"^(?P<abbr>(?:{names})\.?)[:;,]?"  # at the line's start, where every reader of it looks
        rf"(?:(?:[8Ss$&§]{{1,2}}|5(?=[:;,.]))[:;,.]?|[ \t]+(?:[8Ss$&5§]{{1,2}}|6)(?=(?:[ \t]+|[:;,.][ \t]*)\d)[:;,.]?"
        rf"|[ \t]*§)[ \t]*(?=\d)",
        re.IGNORECASE,
    )


def normalise_abbreviated(text: str, vocabulary: Vocabulary) -> str:
    """`KH § 41 ...` for OCR's readings of an abbreviated heading or history row with its sign."""
    if not vocabulary.abbreviations:
        return text
    return _abbreviation_sign(vocabulary).sub(lambda m: f"{m['abbr']} § ", text, count=1)


def abbreviated_candidates(lines: list[Line], vocabulary: Vocabulary, organ: str | None) -> list[Candidate]:
    """`KH 106 TITLE` headings in the meeting's organ. When the text beside the number is the body of the
    meeting's treatment (earlier treatments stand between), the title is the capitals line above them.
    A bare `KV § 31` / `Kh 21` line has its title below it (a short block) or else just above it; in
    minutes whose bare `Kh 21` lines mostly have a title only above, above (OCR may drop the blank line
    or stop that ends the first sentence below, which then looks like a title block)."""
    votes = [0, 0]  # bare sign-less lines with a title only below, only above
    found = _abbreviated(lines, vocabulary, organ, False, votes)
    return _abbreviated(lines, vocabulary, organ, True, [0, 0]) if votes[1] > votes[0] else found


def _abbreviated(
    lines: list[Line], vocabulary: Vocabulary, organ: str | None, above_first: bool, votes: list[int]
) -> list[Candidate]:
    found: list[Candidate] = []
    for index, line in enumerate(lines):
        match = ABBREVIATED.fullmatch(normalise_abbreviated(line.text.strip(), vocabulary))
        if not match or not same_organ(vocabulary.abbreviation(match["abbr"], misread=True), organ):
            continue
        rest, first = strip_separator(match["rest"].strip()), None
        stop = found[-1].line if found else -1
        bare = not any(c.isalnum() for c in match["rest"])  # "KV § 101 .": OCR's speck after the number
        rest = "" if bare else rest
        below = bare and _title_block_below(lines, index, vocabulary)
        if bare and not match["sign"]:
            over = _title_block_above(lines, index, stop, vocabulary)
            if below != (over is not None):
                votes[0 if below else 1] += 1
            below = below and not (above_first and over is not None)
        if not below and not (rest and capitals(rest) and title_like(rest)):
            above = [j for j in range(index - 1, max(stop, index - TITLE_ABOVE), -1) if lines[j].text.strip()]
            first = next((j for j in above if _title_above(lines, j)), None)
            # Tweb prints no sign ("Kh 21"); "Kh § 401" above a proposal is a treatment line (decision histories)
            if first is None and bare and not match["sign"]:
                first = _title_block_above(lines, index, stop, vocabulary)
            if first is None:
                continue
            rest = " ".join(lines[k].text.strip() for k in range(first, index) if lines[k].text.strip())
            if not bare or _title_above(lines, first):
                rest = lines[first].text.strip()
        digits = match["num"].translate(DIGIT_LOOK_ALIKES)
        options = [(int(digits), SURE if digits == match["num"] else GLUED)]
        if digits == match["num"] and not match["sign"] and digits[0] in LOOK_ALIKES and len(digits) > 1:
            options.append((int(match["num"][1:]), GLUED))  # "KV 831": the sign glued to "31"
        found.append(Candidate(index, options, rest, first_line=first, title_done=first is not None))
    return found


def one_digit_off(read: int, wanted: int) -> bool:
    a, b = str(read), str(wanted)
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _misread_in_gaps(
    candidates: list[Candidate], chain: list[tuple[Candidate, int, float]], chosen: dict[int, tuple[int, float]]
) -> None:
    """A heading whose number OCR misread by one digit ("§ 186" between § 135 and § 137) fills the one
    number missing between its neighbours in the chain; a gap without such a heading stays a gap."""
    for (before, low, _), (after, high, _) in pairwise(chain):
        if high - low != 2:
            continue
        inside = [c for c in candidates if before.line < c.line < after.line and not c.toc and id(c) not in chosen]
        fits = [c for c in inside if any(one_digit_off(n, low + 1) for n, _ in c.readings)]
        if len(fits) == 1 and not fits[0].structural:
            chosen[id(fits[0])] = (low + 1, BARE_NUMBER)
            fits[0].misread = True


def find_headings(
    text: str,
    vocabulary: Vocabulary,
    extra: Callable[[list[Line], set[int]], list[Candidate]] | None = None,
    restored: frozenset[str] = frozenset(),
) -> tuple[list[Heading], set[int], dict[int, str]]:
    """Section headings in reading order, the § numbers read in the table of contents (every reading), and
    the table's sections as its best ascending chain: number -> title. `extra` gives
    headings of other forms (history rows) from the lines and the lines of the other candidates;
    `restored`: lines whose § the cleaner restored (they must fit the numbering like any look-alike)."""
    lines = split_lines(text)
    candidates = find_candidates(lines, vocabulary, restored) + item_candidates(lines, vocabulary)
    if extra:
        taken = {c.line for c in candidates}
        for candidate in extra(lines, taken):
            if candidate.line not in taken:
                candidate.structural = True
                candidates.append(candidate)
    candidates.sort(key=lambda c: c.line)
    contents = {n for c in candidates if c.toc for n, _ in c.readings}
    rows = contents_rows(lines)
    # sign-less rows help the chain but bound nothing: OCR may cut such a table short
    chain = choose(candidates, contents | set(rows.values()), contents)
    chosen = {id(c): (n, w) for c, n, w in chain}
    _misread_in_gaps(candidates, chain, chosen)
    headings: list[Heading] = []
    seen: set[int] = set()
    highest = None
    used_lines: set[int] = set()
    for candidate in candidates:
        if candidate.toc or candidate.line in used_lines:
            continue
        if id(candidate) in chosen:
            number, weight = chosen[id(candidate)]
        else:
            sure = [n for n, w in candidate.readings if w == SURE]
            if not sure or candidate.structural:  # a heading read from structure must fit the numbering
                continue
            number, weight = sure[0], SURE
        line = lines[candidate.line]
        used_lines.add(candidate.line)
        start = lines[candidate.first_line].start if candidate.first_line is not None else line.start
        heading = Heading(
            number, candidate.line, start, line.start + len(line.text) + 1, candidate.rest, CONFIDENCE[weight]
        )
        heading.organ, heading.date, heading.title_done = candidate.organ, candidate.date, candidate.title_done
        if candidate.misread:
            read = "/".join(str(n) for n, _ in candidate.readings)
            heading.errors.append(f"§ {number} read as {read}: taken from the numbering around it")
        if number in seen:
            heading.errors.append(f"duplicate § {number}")
        elif highest is not None and number < highest:
            heading.errors.append(f"§ {number} out of order after § {highest}")
        seen.add(number)
        highest = number if highest is None else max(highest, number)
        headings.append(heading)
    titles = contents_titles(candidates, rows, lines)
    headings = _recovered(headings, titles, lines, vocabulary)
    for heading in headings:
        heading.contents_title = titles[heading.number][1] if heading.number in titles else None
    return headings, contents, {number: title for number, (_, title) in titles.items()}


PAGE_TAIL = re.compile(r"(?:[ \t.…]+\d{1,3})?[ \t.…]*$")  # a contents line's page number and dot leader
# a dot leader that OCR read as dots and then letters ("2024. ........eivssasestama an dnavantn 2",
# "2024 ............«iv«iveuisustastesteen 2"): the title ends where the dots begin
LEADER_TAIL = re.compile(r"[ \t]*(?:[.…][ \t;:,]?){3,}.*$|[ \t]+«(?=[a-zåäö]).*$")
SAME_TITLE = 85  # rapidfuzz ratio above which an OCR'd line is the contents table's title
MAX_HEAD_JUNK = 12  # characters of an unreadable heading before the title on its line


def contents_titles(candidates: list[Candidate], rows: dict[int, int], lines: list[Line]) -> dict[int, tuple[int, str]]:
    """§ number -> (line, title) of the contents table: its lines with a sign read as the best ascending
    chain, and its sign-less rows."""
    table = [Candidate(c.line, c.readings, c.rest) for c in candidates if c.toc and c.rest]
    chain = choose(table, set())
    found = {n: (c.line, _contents_title(c.rest)) for c, n, _ in chain}
    # a row between two rows whose § OCR left unreadable ("24 YLÄKOULUN ..." between "235 ..." and "255 ...")
    for (before, low, _), (after, high, _) in pairwise(chain):
        inside = [UNPAGED_ROW.fullmatch(lines[j].text.strip()) for j in range(before.line + 1, after.line)]
        rows_inside = [(j, m) for j, m in zip(range(before.line + 1, after.line), inside, strict=True) if m]
        if high - low == 2 and len(rows_inside) == 1 and title_like(rows_inside[0][1]["title"]):
            found[low + 1] = (rows_inside[0][0], _contents_title(rows_inside[0][1]["title"]))
    for index, number in rows.items():
        # a row whose page column OCR read apart (or lost) has its title all the same
        text = lines[index].text.strip()
        match = CONTENTS_ROW.fullmatch(text) or UNPAGED_ROW.fullmatch(text)
        if match and number not in found:
            found[number] = (index, _contents_title(match["title"]))
    return found


def _contents_title(text: str) -> str:
    """A contents row's title without its dot leader, page number and OCR's specks before them."""
    return PAGE_TAIL.sub("", LEADER_TAIL.sub("", text)).strip().rstrip(" .;:,|'")


def comparable(text: str) -> str:
    """Upper-case letters and digits, single spaces: two OCR readings of one title compare alike."""
    return " ".join("".join(c if c.isalnum() else " " for c in text.upper()).split())


def _recovered(
    headings: list[Heading], titles: dict[int, tuple[int, str]], lines: list[Line], vocabulary: Vocabulary
) -> list[Heading]:
    """Sections whose heading number OCR lost (Tesseract may read a column of `25 §` lines apart from their
    titles): a line after the contents table that is a contents title, between the sections around it."""
    if not titles:
        return headings
    after_table = max(line for line, _ in titles.values()) + 1
    result = list(headings)
    numbers = {heading.number for heading in headings}
    for number in sorted(titles):
        if number in numbers:
            continue
        wanted = comparable(titles[number][1])
        if len(wanted) < 5:
            continue
        lower = max((h.line for h in result if h.number < number), default=after_table - 1) + 1
        upper = min((h.line for h in result if h.number > number), default=len(lines))
        for j in range(max(lower, after_table), upper):
            text = lines[j].text.strip()
            if not text or _is_label(text, vocabulary):
                continue
            # the line is the title, or ends with it after an unreadable heading ("KH'§ 19 TITLE")
            tail = text[max(0, len(text) - len(titles[number][1]) - 2) :]
            whole, ending = fuzz.ratio(comparable(text), wanted), fuzz.ratio(comparable(tail), wanted)
            if max(whole, ending) < SAME_TITLE:
                continue
            line = lines[j]
            heading = Heading(number, j, line.start, line.start + len(line.text) + 1, "", CONFIDENCE[BARE_NUMBER])
            if ending > whole and len(text) - len(tail) <= MAX_HEAD_JUNK:
                heading.rest = strip_separator(tail.strip())
            else:
                heading.body_start = line.start  # the title line opens the body: the fields read it as the title
            heading.errors.append(f"§ {number} taken from the contents table: its heading number is unreadable")
            result.append(heading)
            numbers.add(number)
            break
    return sorted(result, key=lambda heading: heading.line)
