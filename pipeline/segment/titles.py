"""Section titles as OCR leaves them: specks of punctuation, words split by a space, and letter errors
that the table of contents of the same minutes may not have (or have where the heading has not).

Only titles pass through here (a few dozen short strings per document), so Voikko is asked directly.
"""

from __future__ import annotations

import re
from functools import cache

from libvoikko import Voikko
from rapidfuzz import fuzz

from pipeline.errors import EnvironmentProblem
from pipeline.segment.dates import ocr_dates

# OCR's specks inside a title: "ja' päätösvaltaisuus", "1.6.2024. alkaen", "TILINPÄÄTÖS:2023",
# "virhemaksun:korottaminen" (a colon before a case ending, "Oy:n", "KH:lle", stays)
_APOSTROPHE = re.compile(r"(?<=\w)['’`´](?=\s)")
_DATE_STOP = re.compile(r"(?<=\d\.\d{4})\.(?=\s+[a-zåäö])|(?<=\d\.(?:19|20)\d\d)\.(?=\s+[a-zåäö])")
_COLON = re.compile(r"(?<=[^\W\d_]{3}):(?=[^\W_]{5}|\d{4}\b)")
_SEMICOLON = re.compile(r"(?<=\w);(?=\s)")  # a comma read as a semicolon; titles have no clauses
# before a range's dash: "01.01;-29.02.2008" (a day and month end in a dot), "2013.- 2016" (a year does not)
_DATE_RANGE_MARK = re.compile(r"(?<=\d\.\d\d)[;:,](?=\s?[-–]\s?\d)|(?<=\d\.\d)[;:,](?=\s?[-–]\s?\d)")
_YEAR_RANGE_MARK = re.compile(r"(?<=\d{4})[;:,.](?=\s?[-–]\s?\d)")
_GLUED_STOP = re.compile(r"(?<=[^\W\d_]{3})\.(?=\d)")  # "toimeenpano-ohjelma.2025"
_CAPITALS_MARK = re.compile(r"(?<=[A-ZÅÄÖ]{3})['’`´](?=[A-ZÅÄÖ]{3})")  # "SATAMAN'LAITURIN"
_LEADING = re.compile(r"^[;:,.'’`´|_~*»«—–-]+\s*")
_DOUBLE_DASH = re.compile(r"(?<=\s)[-–—]{2,}(?=\S)")  # "TORNION --HAAPARANNAN": a spaced dash
_NUMBER_STOP = re.compile(r"(?<=\d)\.(?= (?:ja|sekä|tai) )")  # "korttelit 12. ja 13"
_COLON_SPACE = re.compile(r"(?<=[^\W\d_]{3}):(?= [a-zåäö])")  # "yleissuunnitelman: hyväksyminen"
_GLUED_JA = re.compile(r"(?<=[a-zåäö]{3})-(?=ja )")  # "laillisuus-ja"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
SAME_TITLE = 80  # rapidfuzz ratio above which two readings are one title


@cache
def _voikko() -> Voikko:
    try:
        return Voikko("fi")
    except OSError as exc:
        raise EnvironmentProblem(f"Voikko with Finnish is not installed (libvoikko1, voikko-fi): {exc}") from exc


@cache
def is_word(word: str) -> bool:
    return bool(_voikko().spell(word))


def _unbalanced(title: str, opening: str, closing: str) -> str:
    if opening in title and closing not in title[title.index(opening) :]:
        return title.replace(opening, "", 1)
    return title


def tidy(title: str) -> str:
    """The title without OCR's punctuation specks and with the words a space split joined again."""
    text = ocr_dates(_LEADING.sub("", title))
    # "2013.- 2016": the mark stood for the space before a spaced dash
    spaced = lambda m: " " if m.string[m.end() + 1 : m.end() + 2] == " " else ""  # noqa: E731
    text = _YEAR_RANGE_MARK.sub(spaced, _DATE_RANGE_MARK.sub(".", text))
    text = _GLUED_STOP.sub(" ", text)
    text = _DOUBLE_DASH.sub("- ", text)
    text = _NUMBER_STOP.sub("", text)
    text = _COLON_SPACE.sub("", text)
    text = _GLUED_JA.sub(" ", text)
    text = _CAPITALS_MARK.sub(" ", text)
    text = _APOSTROPHE.sub("", text)
    text = _DATE_STOP.sub("", text)
    text = _COLON.sub(" ", text)
    text = _SEMICOLON.sub(",", text)
    text = _unbalanced(_unbalanced(text, "(", ")"), '"', '"')
    if text.startswith(('"', "”")) and text.count(text[0]) == 1:
        text = text[1:]
    text = " ".join(_joined(text.split()))
    return text[:1].upper() + text[1:]  # a title starts with a capital; OCR reads "J" as "j"


def _joined(words: list[str]) -> list[str]:
    """ "PÖYTÄKI RJAN" -> "PÖYTÄKIRJAN": two neighbours neither of which is a word, together one."""
    out: list[str] = []
    for word in words:
        if out and _WORD.fullmatch(out[-1]) and _WORD.fullmatch(word):
            joined = out[-1] + word
            if not is_word(out[-1]) and not is_word(word) and is_word(joined):
                out[-1] = joined
                continue
        out.append(word)
    return out


def unknown_words(title: str) -> int:
    return sum(not is_word(word) for word in _WORD.findall(title))


def reconcile(title: str, contents_title: str | None) -> str:
    """Of the heading's title and the contents table's reading of the same title, the one whose words
    Voikko knows (the heading's when both are as good); a different title in the contents is ignored."""
    if not contents_title or not title or title == contents_title:
        return title
    if fuzz.ratio(title.lower(), contents_title.lower()) < SAME_TITLE:
        return title
    if len(contents_title) < len(title) * 0.8:  # the contents shortened the title, or cut a wrapped one
        return title
    return contents_title if unknown_words(contents_title) < unknown_words(title) else title
