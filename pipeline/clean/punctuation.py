"""Punctuation that a noisy scan blurred into another mark (Tesseract `fin` at 200 dpi).

Measured on the tuning half of the OCR sets: a word-final `;` was a `,` in 15 of 18 cases; a `:` between
a word and a lower-case word on the same line was no mark at all (or, before `ja`/`tai`, the hyphen of a
shortened compound: `maankäyttö- ja`); `200.000` and `11:487` are thousands groups (`200 000`); a `*` or
`+` starting a line is a list bullet `•`. Only pages
with OCR word confidences are touched: in plain text these marks are what the writer typed.
"""

from __future__ import annotations

import re

from pipeline.clean.edits import Edit

SURE_COLON = 90.0  # a colon Tesseract was this sure of stays
_SEMICOLON = re.compile(r"(?<=\w);(?=[ \t]+[a-zäöå0-9])")
_COLON = re.compile(r"(?<![\w:])(?P<word>[^\W\d_]{2,}):(?=[ \t]+(?P<next>[a-zäöå][^\W\d_]*))")
_GROUP = re.compile(r"(?<![\d.:,])\d{1,3}(?P<mark>[.:])\d{3}(?![\d.:,])")
_BULLET = re.compile(r"^[ \t]*(?P<mark>[*+])(?=[ \t]+\w)", re.MULTILINE)  # a list bullet "•" read as * or +
_SHORTENED = frozenset(("ja", "tai", "sekä", "eli", "tahi"))


def find_punctuation_edits(text: str, confidences: dict[str, float] | None) -> list[Edit]:
    if confidences is None:
        return []
    edits = [Edit(m.start(), m.end(), ",", "ocr-punctuation", 0.8) for m in _SEMICOLON.finditer(text)]
    for match in _COLON.finditer(text):
        if match["next"] in _SHORTENED:
            edits.append(Edit(match.end("word"), match.end("word") + 1, "-", "ocr-punctuation", 0.8))
        elif confidences.get(match["word"] + ":", 0.0) < SURE_COLON:
            edits.append(Edit(match.end("word"), match.end("word") + 1, "", "ocr-punctuation", 0.7))
    for match in _GROUP.finditer(text):
        edits.append(Edit(match.start("mark"), match.end("mark"), " ", "ocr-punctuation", 0.8))
    for match in _BULLET.finditer(text):
        edits.append(Edit(match.start("mark"), match.end("mark"), "•", "ocr-punctuation", 0.8))
    return edits
