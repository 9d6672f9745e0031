"""Restores § signs that OCR read as 8, &, $, %, S, 5 or 6 (Debian's `fin` model has no §).

Only where the shape of the text says "section": a section header (`8 167` alone or before a title
at a line start, `105 8` alone on a line, `239 $ Oikaisuvaatimus`), a reference after a number with a case
ending (`119 8:n`, `90 $:ssä`, `96 8:ää`), a number, a sign and a lower-case word (`140 $ edellyttää`), a sign
between a date or an organ abbreviation and a number (`Kaupunginhallitus 20.3.2017 $ 66`, `Ksylk 8 84`,
`Ksylk 8.84`, `9.1.20228 170`), a decision-history row (`Kaupunginvaltuusto 8.64 17.06.2024`), a symbol no
Finnish text puts before a number (`$ 281`, `& 26`), a list (`§ 18 ja 8 19`), a statute reference with its
subsection (`21 8 3. momentti`), and a number run into its sign on a line of its own above a date (`1058` /
`10.4.2017`). Weaker shapes (`8 19`, `2398` alone on a line) count only where the document names that
section number beside a clear sign elsewhere: minutes repeat their section numbers in the contents, the
headings and the references. One sign per token. Which characters stand for § comes from the confusions with
right side `§` in corrections/confusions.tsv. The shapes were built on the § dev set
(bench/data/ocr_fin200sect.jsonl) and the tuning half of the OCR sets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.clean.edits import Edit
from pipeline.rules import Confusion

LIKELY_WEIGHT = 1.0  # confusions at most this costly are likely enough to stand alone before a number
_NUMBER = r"(?!0)(?!(?:19|20)\d\d\b)\d{1,4}\b"  # years and 000 groups are not section numbers
_DATE = r"\b\d{1,2}\.\d{1,2}\.\d{4}"
_ORGAN = r"(?:^|(?<=[ (]))[A-ZÄÖ][A-Za-zäö]{0,5}"  # Kh, Kv, Ksylk, KSYLK: short organ abbreviations
# between a digit-like sign and its number: a space (or the line break of a wrapped line), or one read as . or :
_SEP = r"(?:[ \t]+|(?<=[.:]))"
# a line of a list of contents: a section number and its sign (or what OCR made of it), then a capitalised title
_CONTENTS_LINE = r"[ \t]*(?:[§8S$&][ \t.]*\d{1,3}|\d{1,3}\.?[ \t]*[§8S$&])[ \t]+[A-ZÄÖ]"
_WRAP = r"(?:[ \t]*\n[ \t]*|[ \t]+|(?<=[.:]))"  # the same where the text before is evidence enough
_ENDING = r":(?:n|ssä|stä|ään|llä|lle|ltä|ksi|ää|ä|a|t|ien|iä|issä|istä|iin|nä)\b"
# (name, pattern with a `sign` group, confidence before the confusion's weight is taken off)
_SHAPES = (
    ("header", r"^[ \t]*(?P<sign>{sign})[ \t]+" + _NUMBER + r"(?=[ \t]*$|[ \t]+[A-ZÄÖ])", 1.0),
    ("header", r"^[ \t]*\d{1,4}[ \t]+(?P<sign>{sign})[ \t]*$", 0.95),
    ("reference", r"\b\d{1,4}(?P<sign>[ \t]{sign})(?=" + _ENDING + ")", 1.0),
    ("reference", r"(?:\d|^)(?P<sign>{symbol})(?=" + _ENDING + ")", 1.0),
    ("reference", r"^(?P<sign>{sign})(?=" + _ENDING + ")", 0.9),
    ("reference", r"\b\d{1,3}(?:[ \t][a-z])?[ \t](?P<sign>{symbol})(?=[ \t]+[a-zäö]|[,.;)])", 0.95),
    # "Äänestyslistat $ 127": a word, the sign and a section number ending the line
    ("reference", r"(?<![^\W\d_])[^\W\d_]{3,}[ \t]+(?P<sign>{likely})[ \t]+" + _NUMBER + r"[ \t]*$", 0.9),
    # the sign run into the number: "Ksylk 5119", "8127" alone on a line
    ("merged", _ORGAN + r"[ \t]+(?P<sign>{sign})(?=\d{2,3}\b(?![.,]\d))", 0.8),
    ("merged", r"^[ \t]*(?P<sign>{likely})(?=\d{2,3}[ \t]*$)", 0.8),  # not 5 or 6: "518" in a table
    ("reference", _DATE + r"[ \t]+(?P<sign>{sign})[ \t]*" + _NUMBER, 1.0),
    ("reference", _ORGAN + r"[ \t]+(?P<sign>{sign})[ \t]+" + _NUMBER + r"(?![.,]\d)", 0.9),
    # "Ksylk 8.84": a blurred space read as a full stop between the sign and the number
    ("merged", _ORGAN + r"[ \t]+(?P<sign>{sign}\.)" + _NUMBER + r"(?![.,]\d)(?![ \t]+[a-zäö])", 0.8),
    # a blurred space read as a colon before the sign: "Kaupunginhallitus 20.2.2017:8 53", "(KSYLK:$ 132)"
    ("after", r"(?:" + _DATE + "|" + _ORGAN + r")(?P<sign>:{sign})[ \t]*" + _NUMBER + r"(?![.,]\d)", 0.8),
    # a statute reference with its subsection: "1. luku 218. 3. momentti", "43 8 2 mom."
    ("reference", r"\b\d{1,3}[ \t]?(?P<sign>{sign}\.?)(?=[ \t]+\d{1,2}\.?[ \t]+mom)", 0.9),
    # a three-digit section number run into its sign on a line of its own between the organ and the meeting date:
    # "Kaupunginhallitus" / "1058" / "10.4.2017"
    (
        "after",
        r"(?:(?<=[^\W\d_]\n)|(?<=[^\W\d_]\n\n))(?!(?:19|20)\d\d)\d{3}(?P<sign>{likely})[ \t]*"
        r"(?=\n\n?[ \t]*\d{1,2}[.:]\d{1,2}[.:]\d{4})",
        0.8,
    ),
)
# Shapes seen on Tesseract pages only (the § dev set): in text a writer typed, "$ 5", "& 2" or "S" alone are meant
_OCR_SHAPES = (
    # ... or before a title in a list of contents (a neighbour line has the same shape): "8151 Henkilöstöraportti";
    # one such line alone may be a table row, and half a contents list restored misleads the segmenter
    ("merged", r"^[ \t]*(?P<sign>{likely})(?=\d{2,3}[ \t]+[A-ZÄÖ][^\n]*\n(?:[ \t]*\n)?" + _CONTENTS_LINE + ")", 0.8),
    ("merged", r"^" + _CONTENTS_LINE + r"[^\n]*\n(?:[ \t]*\n)?[ \t]*(?P<sign>{likely})(?=\d{2,3}[ \t]+[A-ZÄÖ])", 0.8),
    # a date, a comma or a blurred dot, the sign (% too) and the number: "12.12.2023.% 88", "5.4.2022, 8.159"
    ("after", _DATE + r"[.,;]?[ \t]*(?P<sign>(?:%|{sign})[.:]?)" + _WRAP + _NUMBER, 1.0),
    # the sign run into the number after a date: "21.7.2023 8224"
    ("merged", _DATE + r"[.,;]?[ \t]+(?P<sign>{likely})(?=\d{2,3}\b(?![.,]\d))", 0.85),
    # ... its sign run into the subsection: "34 82 mom."
    ("reference", r"\b\d{1,3}[ \t](?P<sign>8)(?=\d\.?[ \t]+mom)", 0.9),
    # a history row: a word, the sign, the section number and the meeting date ("Kaupunginvaltuusto 8.64 17.06.2024",
    # "Kaupunginhallitus 8140 27.05.2024", "Kunnanhallitus 31:8 08.04.2024", "Kunnanhallitus 358 08.04.2024")
    ("reference", r"(?<=[^\W\d_])[ \t]+(?P<sign>{sign}[.:]?)" + _SEP + _NUMBER + r"(?:\.?[ \t]+|\.)" + _DATE, 0.95),
    ("merged", r"(?<=[^\W\d_][ \t])(?P<sign>{likely})(?=\d{2,3}[ \t]+" + _DATE + ")", 0.8),
    ("after", r"(?<=[^\W\d_][ \t])(?!0)(?!(?:19|20)\d\d)\d{1,3}(?P<sign>[ :]?{sign})(?=[ \t]+" + _DATE + ")", 0.8),
    # the sign after a date or an organ, with a blurred space or a comma between: "20228 170", "17.06.2024.8 64",
    # "Kv 5.4.2022, 8 159", "KV: 8 245", "Kv8 180", "18.4.2023 $.29"
    ("after", r"(?<=\.[12][09]\d\d)(?P<sign>[.'’]?{sign}[.:]?)(?=" + _SEP + _NUMBER + r"(?![.,]\d))", 0.85),
    # a decision-history block with the date on a line of its own above the sign and number ("10.4.2017" / "8 127")
    ("reference", r"^[ \t]*" + _DATE + r"[ \t]*\n(?:[ \t]*\n)?[ \t]*(?P<sign>{sign})[ \t]*" + _NUMBER, 0.9),
    (
        "reference",
        r"(?:" + _DATE + "|" + _ORGAN + r")[,;:]?[ \t]+(?P<sign>{sign})[ \t]+" + _NUMBER + r"(?![.,]\d)",
        0.9,
    ),
    ("after", _ORGAN + r"(?P<sign>{likely})(?=[ \t]+" + _NUMBER + r"(?![.,]\d))", 0.8),
    # ... or run into both: "Kh&195"
    ("after", _ORGAN + r"(?P<sign>[&$])(?=" + _NUMBER + r"(?![.,]\d))", 0.8),
    # a symbol no Finnish text puts before a number ("$ 281", "& 26", "$.139"; not "$1", "%" only after a date)
    ("reference", r"(?<![\w>&$%§])(?P<sign>[$&][.:]?)(?=" + _WRAP + _NUMBER + r"(?![.,]\d))", 0.9),
    # a number and a symbol or S before a title, a capitalised word or the line end ("239 $ Oikaisuvaatimus", "10 $",
    # "12 S KOKOUKSEN")
    (
        "header",
        r"(?<![\d.,])\d{1,4}[ \t](?P<sign>[$&S])(?=[ \t]*$|[ \t]+[A-ZÄÖ]|[.,;)])",
        0.9,
    ),
    # a heading whose blurred space was read as a dot or colon, alone on its line above the title ("8.45" /
    # "Liikuntapaikkojen vuokrien tarkistaminen"), after a blank line or at the page start (not a time wrapped from
    # the line above: "klo" / "8.10")
    (
        "header",
        r"(?:\A|(?<=\n\n))[ \t]*(?P<sign>{likely}[.:])(?=" + _NUMBER + r"[ \t]*\n(?:[ \t]*\n)?[ \t]*[A-ZÄÖ][a-zäö])",
        0.85,
    ),
    # a heading: the number, then the sign and a capitalised title ("244 8 Kiinteistön myynti", "13. $ PÖYTÄKIRJAN")
    ("header", r"^[ \t]*(?!0)\d{1,4}\.?[ \t](?P<sign>{likely})(?=[ \t]+[A-ZÄÖ][^\W\d_])", 0.9),
    # a reference in brackets: "(8 196)"
    ("reference", r"\((?P<sign>{sign}[.:]?)" + _SEP + _NUMBER + r"(?=\))", 0.9),
    # the § column of a table header: the sign alone on its line ("S" / "Kokouspvm" / "Asia") or before the other
    # column names ("S Asia", "& Otsikko Sivu"); not 8, a page number
    ("header", r"^[ \t]*(?P<sign>[S&$])[ \t]*$", 0.9),
    ("header", r"^[ \t]*(?P<sign>[S&$])(?=(?:[ \t]+[A-ZÄÖ][a-zäö]+){1,3}[ \t]*$)", 0.9),
    # ... 8 or 5 too where the next column's name follows (the history page's "§" / "Kokouspvm" / "Asia"); a page
    # number is never set above it
    ("header", r"^[ \t]*(?P<sign>{sign})[ \t]*(?=\n(?:[ \t]*\n)?[ \t]*Kokouspvm\b)", 0.9),
    # a list of sections: "§ 18 ja 8 19", "8 80 ja $ 81"
    (
        "reference",
        r"[§$&8][ \t.]?\d{1,4},?[ \t]+(?:ja|sekä|tai)[ \t]*\n?[ \t]*(?P<sign>{sign}[.:]?)" + _SEP + _NUMBER,
        0.9,
    ),
    (
        "reference",
        r"(?<![\w.,])(?P<sign>{sign}[.:]?)" + _SEP + _NUMBER + r",?[ \t]+(?:ja|sekä|tai)[ \t]+[§$&8][ \t.]?\d",
        0.9,
    ),
)
# Shapes that need the document's own section numbers (`section_numbers`) as evidence: the number of the group
_KNOWN = (
    # "8 19", "5 12", "8.45" where the document names § 19, § 12, § 45 elsewhere (not "8 000", "8,5")
    (
        "reference",
        r"(?<![\w.,:])(?P<sign>{sign})[ \t]+(?P<number>" + _NUMBER + r")(?![.,:]?\d)(?![ \t]\d{3}\b)",
        0.85,
    ),
    # a section number run into its sign alone on a line ("2398", "345."), or before a title in a list of contents
    # ("128 KOKOUKSEN LAILLISUUS" above "13 $ PÖYTÄKIRJAN TARKASTAJIEN VALINTA")
    ("after", r"^[ \t]*(?P<number>" + _NUMBER[:-2] + r")(?P<sign>[.:]?{sign})\.?(?=[ \t]*$)", 0.8),
    (
        "after",
        r"^[ \t]*(?P<number>"
        + _NUMBER[:-2]
        + r")(?P<sign>[.:]?{sign})(?=[ \t]+[A-ZÄÖ][^\n]*\n(?:[ \t]*\n)?"
        + _CONTENTS_LINE
        + ")",
        0.8,
    ),
    (
        "after",
        r"^"
        + _CONTENTS_LINE
        + r"[^\n]*\n(?:[ \t]*\n)?[ \t]*(?P<number>"
        + _NUMBER[:-2]
        + r")(?P<sign>[.:]?{sign})(?=[ \t]+[A-ZÄÖ])",
        0.8,
    ),
    ("merged", r"^[ \t]*(?P<sign>{sign}[.:]?)(?=(?P<number>\d{2,3})[ \t]*$)", 0.8),
    # "... käsitelty aiemmin: 22 8." where the document names § 22
    ("reference", r"(?<![\d.,])(?P<number>" + _NUMBER + r")[ \t](?P<sign>{sign})(?=[.,;)]|[ \t]*$)", 0.8),
)
_EVIDENT = re.compile(
    r"(?:[§$&]|(?<!\w)S(?=[ \t]))[.:]?[ \t]*((?!0)\d{1,4})\b(?![.,]\d)"
    r"|(?<![\d.,])((?!0)\d{1,4})[ \t]?(?:[§$&]|S\b)"
    r"|^[ \t]*[8S][ \t]+((?!0)\d{1,4})(?=[ \t]*$|[ \t]+[A-ZÄÖ])"
    r"|^[ \t]*((?!0)\d{1,4})[ \t]+[8S](?=[ \t]*$|[ \t]+[A-ZÄÖ])",
    re.MULTILINE,
)


class SectionRestorer:
    """Built once from the rules; `find_edits` is a pure str -> list[Edit] finder."""

    def __init__(self, confusions: list[Confusion], flag_below: float = 0.75) -> None:
        self.weights = {c.wrong: c.weight for c in confusions if c.right == "§" and len(c.wrong) == 1}
        self.flag_below = flag_below
        self.patterns = [(name, self._compile(pattern), base) for name, pattern, base in _SHAPES]
        self.ocr_patterns = [(name, self._compile(pattern), base) for name, pattern, base in _OCR_SHAPES]
        self.known_patterns = [(name, self._compile(pattern), base) for name, pattern, base in _KNOWN]

    def _compile(self, pattern: str) -> re.Pattern[str]:
        # "%" stands for § only right after a date (its own shape): elsewhere it is a per cent sign
        weights = {c: w for c, w in self.weights.items() if c != "%"}
        signs = "".join(re.escape(c) for c in sorted(weights)) or "§"
        symbols = "".join(re.escape(c) for c in sorted(weights) if not c.isalnum()) or "§"
        likely = "".join(re.escape(c) for c in sorted(weights) if weights[c] <= LIKELY_WEIGHT) or "§"
        return re.compile(
            pattern.replace("{sign}", f"[{signs}]")
            .replace("{symbol}", f"[{symbols}]")
            .replace("{likely}", f"[{likely}]"),
            re.MULTILINE,
        )

    def section_numbers(self, texts: list[str]) -> frozenset[str]:
        """The section numbers a document names beside a §, a symbol read for one or in a heading of its own: evidence
        for the weaker shapes, since minutes name their sections again and again (contents, headings, references)."""
        return frozenset(
            next(filter(None, m.groups()))
            for text in texts
            for start, end in _lines_with(_EVIDENT_CHAR, text)
            for m in _EVIDENT.finditer(text, start, end)
        )

    def find_edits(self, text: str, known: frozenset[str] = frozenset(), ocr: bool = False) -> list[Edit]:
        """`known`: the document's section numbers (`section_numbers`), for the shapes that need them; `ocr`: the
        page was read by Tesseract (its word confidences are known), which the shapes of _OCR_SHAPES and _KNOWN need."""
        if not self.weights or not any(c in text for c in self.weights):
            return []
        windows = _windows(text)
        found: dict[int, Edit] = {}
        taken: set[tuple[int, int]] = set()
        shapes = [(name, pattern, base, False) for name, pattern, base in self.patterns]
        if ocr:
            shapes += [(name, pattern, base, False) for name, pattern, base in self.ocr_patterns]
            shapes += [(name, pattern, base, True) for name, pattern, base in self.known_patterns] if known else []
        for name, pattern, base, needs_number in shapes:
            for window_start, window_end in windows:
                for match in pattern.finditer(text, window_start, window_end):
                    start, end = match.span("sign")
                    token = _token_span(text, start, end)
                    if start in found or token in taken:
                        continue  # one sign per token: "8108" is "§ 108" or "810 §", never both
                    if needs_number and match["number"] not in known:
                        continue
                    sign = match["sign"].strip(".:'’ ")
                    confidence = round(max(0.0, base - 0.1 * self.weights[sign]), 3)
                    replacement = _replacement(text, start, end, name in ("merged", "after"))
                    found[start] = Edit(
                        start, end, replacement, f"section-sign-{name}", confidence, confidence >= self.flag_below
                    )
                    taken.add(token)
        return list(found.values())


# a character that may stand for §: a symbol, S alone, or 5/6/8 alone or at either end of a digit run ("8 19",
# "2398", "8140"; not inside "2017" or "1,85")
# (each alternative's test comes after the character, so that the scan can skip ahead to the next candidate)
_SIGN_CHAR = re.compile(
    r"[$&%S568](?:(?<=[$&%])|(?<=S)(?<!\wS)(?!\w)|(?<=[568])(?<!\d.)(?!\d)|(?<=\d[568])(?![\d,]|\.\d)"
    r"|(?<=[568])(?<![\d.,].)(?=\d))"
)
# every shape of _EVIDENT holds one of these
_EVIDENT_CHAR = re.compile(r"[§$&8S](?<!\wS)")


def _lines_with(char: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line holding a match of `char`, newline left out: one scan that jumps to the next line
    after a hit (a `^.*x.*$` pattern backtracks through every line)."""
    match = char.search(text)
    while match is not None:
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        if end < 0:
            end = len(text)
        yield start, end
        match = char.search(text, end + 1)


def _windows(text: str) -> list[tuple[int, int]]:
    """The stretches every shape lies in: lines with a character that may stand for §, with the line before and
    after, or two where that one is blank (a shape may span a line break: organ / number / date). Other lines are
    skipped, which keeps the many shapes cheap."""
    windows: list[tuple[int, int]] = []
    for line_start, line_end in _lines_with(_SIGN_CHAR, text):
        start = _line_before(text, line_start)
        if not text[start:line_start].strip():
            start = _line_before(text, start)
        end = _line_after(text, line_end)
        if not text[line_end:end].strip():
            end = _line_after(text, end)
        if windows and start <= windows[-1][1] + 1:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _line_before(text: str, line_start: int) -> int:
    return 0 if line_start == 0 else text.rfind("\n", 0, line_start - 1) + 1


def _line_after(text: str, line_end: int) -> int:
    end = text.find("\n", line_end + 1) if line_end < len(text) else -1
    return len(text) if end < 0 else end


def _token_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The whitespace-delimited token around a sign, looked for at most 40 characters away (linear time)."""
    low, high = max(0, start - 40), min(len(text), end + 40)
    while start > low and not text[start - 1].isspace():
        start -= 1
    while end < high and not text[end].isspace():
        end += 1
    return start, end


def _replacement(text: str, start: int, end: int, run_together: bool) -> str:
    """§ with the spaces a blurred scan ran together ("2398" -> "239 §", "8224" -> "§ 224") or read as a dot or colon
    ("$.139" -> "§ 139"); a number before the sign keeps the writer's spacing ("21§")."""
    group = text[start:end]
    before = " " if (run_together or group[0] in " .:") and start > 0 and text[start - 1].isalnum() else ""
    follows = text[end] if end < len(text) else ""
    after = " " if (run_together or group[-1] in ".:" or follows.isdigit()) and follows.isalnum() else ""
    return before + "§" + after
