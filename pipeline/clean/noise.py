"""OCR specks: punctuation that stands alone, or is glued in front of a word, where no text had any.

Noise on a poor scan comes out as `:`, `*`, `|`, `'`, `=` between words. Such a token is removed
when Tesseract itself was unsure of it (its word confidence is below NOISE_CONFIDENCE); without OCR
confidences (plain .txt input) nothing stands out as noise, and only words run together through a speck
are separated.
Dashes, bullets, brackets, § and & are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.clean.edits import Edit

NOISE_CONFIDENCE = 65.0
_ALONE = re.compile(
    r"(?P<space>[ \t]+)(?P<token>[|:;*'\"=_~^.,`+]{1,3})(?=[ \t]|$)"
    r"|^(?P<lead>[ \t]*)(?P<first>[|:;*'\"=_~^`]{1,3})[ \t]+",
    re.MULTILINE,
)
_GLUED = re.compile(r"(?:(?<=[ \t])|^)(?P<token>[|:;*](?P<word>[^\W\d_]{3,}))", re.MULTILINE)
# a word run into the next through a speck: "tehokkaammiksi'sekä", "että:-henkilökunnan"
_JOINED = re.compile(r"(?<![\w-])(?P<left>[^\W\d_]{2,})(?P<speck>[':;|]-?|-[':;|])(?P<right>[^\W\d_]{2,})(?![\w-])")
# a lone letter Tesseract barely saw ("N", "I" from a speck): removed only below this confidence
LETTER_CONFIDENCE = 40.0
_LETTER = re.compile(r"(?P<space>[ \t]+)(?P<token>[^\W\d_])(?=[ \t]|$)", re.MULTILINE)


def _unsure(token: str, confidences: dict[str, float] | None) -> bool:
    if confidences is None:
        return False  # plain text: "~", "*" and "=" are real in technical prose; without OCR evidence, keep
    confidence = confidences.get(token)
    return confidence is not None and confidence < NOISE_CONFIDENCE


def find_noise_edits(
    text: str, confidences: dict[str, float] | None = None, is_word: Callable[[str], bool] | None = None
) -> list[Edit]:
    edits = []
    if is_word is not None:
        for match in _JOINED.finditer(text):
            left, right = match["left"], match["right"]
            if is_word(left) and is_word(right) and not is_word(left + right):
                edits.append(Edit(match.start("speck"), match.end("speck"), " ", "ocr-noise", 0.8))
    if confidences is not None:
        for match in _LETTER.finditer(text):
            confidence = confidences.get(match["token"])
            if confidence is not None and confidence < LETTER_CONFIDENCE:
                edits.append(Edit(match.start(), match.end(), "", "ocr-noise", 0.7))
    for match in _ALONE.finditer(text):
        if match["token"] is not None:
            if _unsure(match["token"], confidences):
                edits.append(Edit(match.start(), match.end(), "", "ocr-noise", 0.8))
        elif _unsure(match["first"], confidences):
            edits.append(Edit(match.start("first"), match.end(), "", "ocr-noise", 0.8))
    for match in _GLUED.finditer(text):
        if _unsure(match["token"], confidences):
            edits.append(Edit(match.start(), match.start("word"), "", "ocr-noise", 0.8))
    return edits
