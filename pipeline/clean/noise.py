"""OCR specks: punctuation that stands alone, or is glued in front of a word, where no text had any.

Noise on a poor scan comes out as `:`, `*`, `|`, `'`, `=` between words. Such a token is removed
when Tesseract itself was unsure of it (its word confidence is below NOISE_CONFIDENCE); without OCR
confidences (plain .txt input) nothing stands out as noise, and only words run together through a speck
are separated.
A dash or bullet alone at a line end, where no list or sentence puts one, is a speck below DASH_END_CONFIDENCE
(33 of 34 in the tuning and dev sets); at a line start it is a list mark unless Tesseract was barely sure of it
(an em dash there: 10 of 10 specks below 93), and a speck below 93 % where the line above runs on into a
lower-case word (no full stop, colon or list mark above). Brackets, § and & are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.clean.edits import Edit

NOISE_CONFIDENCE = 65.0
# alone between words, these were specks at any confidence in the tuning halves (":" 55 of 55 up to 90,
# ";" 5 of 5, "*" 16 of 17 below 93; between 65 and 85 in the dev sets of session 6, "'": 10 specks, 2 real quotes;
# "|": 12 specks, 3 real bars; ",": 2 specks): only a reading this sure keeps them
SPECK_CONFIDENCE = {":": 95.0, ";": 95.0, "*": 92.0, "'": 85.0, "|": 85.0, ",": 85.0}
_ALONE = re.compile(
    r"(?P<space>[ \t]+)(?P<token>[|:;*'\"=_~^.,`+]{1,3})(?=[ \t]|$)"
    r"|^(?P<lead>[ \t]*)(?P<first>[|:;*'\"=_~^`]{1,3})[ \t]+",
    re.MULTILINE,
)
_GLUED = re.compile(r"(?:(?<=[ \t])|^)(?P<token>[|:;*](?P<word>[^\W\d_]{3,}))", re.MULTILINE)
# a word run into the next through a speck: "tehokkaammiksi'sekä", "että:-henkilökunnan"
_JOINED = re.compile(r"(?<![\w-])(?P<left>[^\W\d_]{2,})(?P<speck>[':;|]-?|-[':;|])(?P<right>[^\W\d_]{2,})(?![\w-])")
_SHORTENED = frozenset(("ja", "tai", "sekä"))
DASH_END_CONFIDENCE = 85.0
DASH_START_CONFIDENCE = {"—": 93.0}  # other marks: NOISE_LIST_MARK
NOISE_LIST_MARK = 50.0
_DASH_END = re.compile(r"[ \t]+(?P<token>[-–—•*+])[ \t]*$", re.MULTILINE)
# a mark starting a line that goes on with a lower-case word while the line above ran on (no full stop, colon or
# list mark there): a speck, not a list item ("päätettäväksi\n- maanvuokrasopimusten")
_DASH_CONTINUING = re.compile(r"(?<=[a-zäö,])\n[ \t]*(?P<token>[-–—•*+])[ \t]+(?=[a-zäö])")
CONTINUING_MARK_CONFIDENCE = 93.0
_DASH_START = re.compile(r"^[ \t]*(?P<token>[-–—•*+])[ \t]+(?=\S)", re.MULTILINE)
# a lone letter Tesseract barely saw ("N", "I" from a speck): removed only below this confidence
LETTER_CONFIDENCE = 55.0
# a thin blot read as N: 8 of 8 below 85 were specks; E: 7 of 7; a lower-case i: 12 of 16 (the 4 real ones in
# aptitude's package lists, none in the minutes)
LETTER_SPECK_CONFIDENCE = {"N": 85.0, "E": 85.0, "i": 85.0}
_LETTER = re.compile(r"(?P<space>[ \t]+)(?P<token>[^\W\d_])(?=[ \t]|$)", re.MULTILINE)


class _Confidence:
    """A short token's OCR confidence at a place in the text: the confidence of that very occurrence (the
    k-th ":" of the page is the k-th ":" Tesseract read), else the token's best confidence on the page."""

    def __init__(
        self, text: str, confidences: dict[str, float] | None, occurrences: dict[str, list[float]] | None
    ) -> None:
        self.confidences = confidences
        self.occurrences = occurrences or {}
        self.index: dict[int, int] = {}
        if self.occurrences:
            seen: dict[str, int] = {}
            for match in re.finditer(r"\S{1,3}(?!\S)", text):
                token = match.group()
                if token in self.occurrences and (match.start() == 0 or text[match.start() - 1].isspace()):
                    self.index[match.start()] = seen.get(token, 0)
                    seen[token] = self.index[match.start()] + 1

    def at(self, token: str, offset: int) -> float | None:
        found = self.occurrences.get(token)
        k = self.index.get(offset)
        if found is not None and k is not None and k < len(found):
            return found[k]
        return None if self.confidences is None else self.confidences.get(token)

    def unsure(self, token: str, offset: int, alone: bool = False) -> bool:
        if self.confidences is None:
            return False  # plain text: "~", "*" and "=" are real in technical prose; without OCR evidence, keep
        confidence = self.at(token, offset)
        threshold = SPECK_CONFIDENCE.get(token, NOISE_CONFIDENCE) if alone else NOISE_CONFIDENCE
        return confidence is not None and confidence < threshold


def find_noise_edits(
    text: str,
    confidences: dict[str, float] | None = None,
    is_word: Callable[[str], bool] | None = None,
    occurrences: dict[str, list[float]] | None = None,
) -> list[Edit]:
    edits = []
    ocr = _Confidence(text, confidences, occurrences)
    if is_word is not None:
        for match in _JOINED.finditer(text):
            left, right = match["left"], match["right"]
            if is_word(left) and is_word(right) and not is_word(left + right):
                # a shortened compound's hyphen with a speck before its "ja" keeps the hyphen ("matkustus-:ja")
                kept = "- " if match["speck"].startswith("-") and right in _SHORTENED else " "
                edits.append(Edit(match.start("speck"), match.end("speck"), kept, "ocr-noise", 0.8))
    if confidences is not None:
        for match in _LETTER.finditer(text):
            confidence = ocr.at(match["token"], match.start("token"))
            if confidence is not None and confidence < LETTER_SPECK_CONFIDENCE.get(match["token"], LETTER_CONFIDENCE):
                edits.append(Edit(match.start(), match.end(), "", "ocr-noise", 0.7))
    if confidences is not None:
        for match in _DASH_END.finditer(text):
            confidence = ocr.at(match["token"], match.start("token"))
            if confidence is not None and confidence < DASH_END_CONFIDENCE:
                edits.append(Edit(match.start(), match.end(), "", "ocr-noise", 0.7))
        for match in _DASH_CONTINUING.finditer(text):
            above = text[text.rfind("\n", 0, match.start()) + 1 : match.start()].lstrip()
            confidence = ocr.at(match["token"], match.start("token"))
            if above[:1] not in "-–—•*+" and confidence is not None and confidence < CONTINUING_MARK_CONFIDENCE:
                edits.append(Edit(match.start("token"), match.end(), "", "ocr-noise", 0.7))
        for match in _DASH_START.finditer(text):
            confidence = ocr.at(match["token"], match.start("token"))
            if confidence is not None and confidence < DASH_START_CONFIDENCE.get(match["token"], NOISE_LIST_MARK):
                edits.append(Edit(match.start("token"), match.end(), "", "ocr-noise", 0.7))
    if confidences is None:
        return edits  # without OCR evidence no mark is judged a speck (see _Confidence.unsure)
    for match in _ALONE.finditer(text):
        if match["token"] is not None:
            if ocr.unsure(match["token"], match.start("token"), alone=True):
                edits.append(Edit(match.start(), match.end(), "", "ocr-noise", 0.8))
        elif ocr.unsure(match["first"], match.start("first")):
            edits.append(Edit(match.start("first"), match.end(), "", "ocr-noise", 0.8))
    for match in _GLUED.finditer(text):
        if ocr.unsure(match["token"], match.start("token")):
            edits.append(Edit(match.start(), match.start("word"), "", "ocr-noise", 0.8))
    return edits
