"""Section titles as OCR leaves them: specks of punctuation, words split by a space, and letter errors
that the table of contents of the same minutes may not have (or have where the heading has not).

Only titles pass through here (a few dozen short strings per document), so Voikko is asked directly.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

import wordfreq
from libvoikko import Voikko
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

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
# a range's first date ("01.01.-29.02.2008") read with a colon or semicolon for its dot ("01;01.-"), or
# with a speck before it (".01.01.-")
_RANGE_START_MARK = re.compile(r"(?<=\b\d\d)[;:,](?=\d\d\.[-–]\d)|(?<=\b\d)[;:,](?=\d{1,2}\.[-–]\d)")
_RANGE_START_SPECK = re.compile(r"(?<=\s)[.,:;'](?=\d{1,2}\.\d{1,2}\.[-–]\d)")
_YEAR_RANGE_MARK = re.compile(r"(?<=\d{4})[;:,.](?=\s?[-–]\s?\d)")
_YEAR_STOP = re.compile(r"(?<=[^\W\d_]{5})\.(?= (?:19|20)\d\d\b)")  # "kouluverkkoselvitys. 2024-2030"
_GLUED_STOP = re.compile(r"(?<=[^\W\d_]{3})\.(?=\d)")  # "toimeenpano-ohjelma.2025"
_CAPITALS_MARK = re.compile(r"(?<=[A-ZÅÄÖ]{3})['’`´](?=[A-ZÅÄÖ]{3})")  # "SATAMAN'LAITURIN"
_LEADING = re.compile(r"^[;:,.'’`´|_~*»«—–%-]+\s*")
_DOUBLE_DASH = re.compile(r"(?<=\s)[-–—]{2,}(?=\S)")  # "TORNION --HAAPARANNAN": a spaced dash
_NUMBER_STOP = re.compile(r"(?<=\d)\.(?= (?:ja|sekä|tai) )")  # "korttelit 12. ja 13"
_COLON_SPACE = re.compile(r"(?<=[^\W\d_]{3}):(?= [a-zåäö])")  # "yleissuunnitelman: hyväksyminen"
_GLUED_JA = re.compile(r"(?<=[a-zåäö]{3})-(?=ja )")  # "laillisuus-ja"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
SAME_TITLE = 80  # rapidfuzz ratio above which two readings are one title
LETTERS_FILE = Path(__file__).with_name("ocr_letters.toml")
WORD_CACHE = 1 << 16
VARIANT_CACHE = 1 << 12
MAX_CHANGES = 2  # letter confusions per word a repair may undo
MIN_REPAIR = 4  # shorter words are abbreviations and names more often than OCR damage
_GLUED_WORDS = re.compile(r"(?<=[a-zåäö]{3})\.(?=[a-zåäö]{3})")  # "tarkastajien.valinta"
# "MYYNTI.PUTAAN" (but "TALOUSSUUNNITEI.MASTA" is a letter read as "I.": the word repair's)
_GLUED_CAPITALS = re.compile(r"\b([A-ZÅÄÖ]{3,})\.([A-ZÅÄÖ]{3,})\b")
_MID_CAPITAL = re.compile(r"(?<=[\w,][ \t])[A-ZÅÄÖ][a-zåäö]+\b")  # "ja Vesi Oy", not a sentence's start
# a range of years whose dash OCR read as "=", ":" or ";" ("2013 = 2016", "2024:2030")
_YEAR_RANGE = re.compile(r"(?<=\b(?:19|20)\d\d)([ \t]?)[=:;]([ \t]?)(?=(?:19|20)\d\d\b)")
_TRAILING_SPECK = re.compile(r"(?:[ \t]+|[-–])[*•·>]$")  # "2015 *", "Viisas Kemi -ohjelma >", "seuranta-*"
_STOP_BEFORE_NAME = re.compile(r"(?<=[a-zåäö]{3})\.(?=[A-ZÅÄÖ][a-zåäö])")  # "valtuutettu.Anna Rinteen"
_INNER_MARK = re.compile(r"(?<=[^\W\d_]{2})['’`´](?=[^\W_]{2})")  # "Koköuksen'avaus", "muutos'2019"
_JOINING_DASH = re.compile(r"(?<=[^\W\d_]{3})-(?=[a-zåäö]{3}|(?:19|20)\d\d\b)")  # "Lausunto-kaupunginhallitukselle"
_CAPITALS_COLON = re.compile(r"(?<=[A-ZÅÄÖ]{3}):(?= [A-ZÅÄÖ\d])")  # "KOULUKULJETUSTEN: HANKINTA"
_SPACED_DASH = re.compile(r"[ \t][«»][ \t]|['’`´][-–][ \t]")  # "TORNION « HAAPARANNAN", "TORNION'- HAAPARANNAN"
MAX_UMLAUT_PLACES = 8  # a word's a/o letters whose dots OCR may have lost or added, all tried
_DOTTED = re.compile(r"[äöÄÖ]")
_LONG_WORD = re.compile(r"[^\W\d_]{3,}")
DOTTED_SHARE = 0.1
_SLASH_DASH = re.compile(r"(?<=/)[-–](?=\w)")  # "KORJAUS /-LISÄMÄÄRÄRAHA"
# specks after a conjunction or a case ending, which end no clause: "Kunnan ja: Kyyjärven Lämpö Oy:n. välisen"
_CONJUNCTION_MARK = re.compile(r"(?<=\b[jJ][aA])[:;](?= )|(?<=\b(?:tai|TAI))[:;](?= )")
_CASE_ENDING_STOP = re.compile(r"(?:(?<=:[a-zåäö])|(?<=:[a-zåäö]{2})|(?<=:[a-zåäö]{3}))\.(?= [a-zåäö])")
# "jatkaminen i", "Vesi i Oy:n": Finnish has no one-letter word, so a lone small letter is a speck
# a colon glued to the start of a word ("Lausunto :kaupunginhallitukselle") or between a number and "ja" ("12:ja 13")
_GLUED_COLON = re.compile(r"(?<= ):(?=[a-zåäö]{2})|(?<=\d):(?=(?:ja|tai) )")
_CASE_ENDING = re.compile(r"[^\W\d_]+:[a-zåäö]{1,3}")  # "Oy:n", "KH:lle"
# a hyphen left hanging before a space is a shared compound part only before a conjunction ("TOIMINTA- JA")
_HANGING_HYPHEN = re.compile(r"(?<=[^\W\d_]{3})- (?!(?:ja|tai|sekä|eli|JA|TAI|SEKÄ|ELI)\b)")
_TRAILING_LETTER = re.compile(r"(?<=[^\W\d_]{3})[ \t]+[a-zåäö]$|(?<=[^\W\d_]{2}) [a-zåäö](?= [^\W\d_]{2})")
# Voikko's classes of proper names: such a capitalised word inside a title keeps its capital
PROPER = frozenset({"etunimi", "sukunimi", "paikannimi"})
# a title word that is no word may be the document's own word with a letter or two lost, added or
# misread in ways the confusion list does not name ("tiikuntapuiston", "LÄÄNINHALULITUKSELLE", "Anuna")
LONG_EDIT = 8  # letters from which a word may be two edits from its reading elsewhere in the document
# of several readings Voikko knows ("tiikuntapuiston": liikunta- or tiukunta-puiston), the one Finnish
# text uses ten times as often as any other (Zipf scale: 1.0 = tenfold) is the word
FREQUENCY_MARGIN = 1.0


@cache
def _voikko() -> Voikko:
    try:
        return Voikko("fi")
    except OSError as exc:
        raise EnvironmentProblem(f"Voikko with Finnish is not installed (libvoikko1, voikko-fi): {exc}") from exc


@lru_cache(maxsize=WORD_CACHE)  # bounded: the title repair spells many readings over a batch of documents
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
    text = _RANGE_START_SPECK.sub("", _RANGE_START_MARK.sub(".", text))
    text = _YEAR_RANGE_MARK.sub(spaced, _DATE_RANGE_MARK.sub(".", text))
    text = _GLUED_STOP.sub(" ", _YEAR_STOP.sub("", text))
    text = _DOUBLE_DASH.sub("- ", text)
    text = _NUMBER_STOP.sub("", text)
    text = _COLON_SPACE.sub("", text)
    text = _GLUED_JA.sub(" ", text)
    text = _CAPITALS_MARK.sub(" ", text)
    text = _APOSTROPHE.sub("", text)
    text = _DATE_STOP.sub("", text)
    text = _COLON.sub(" ", text)
    text = _SEMICOLON.sub(",", text)
    text = _GLUED_WORDS.sub(" ", text)
    text = _GLUED_CAPITALS.sub(lambda m: f"{m[1]} {m[2]}" if is_word(m[1]) else m[0], text)
    text = _SPACED_DASH.sub(" - ", text)
    if capitals_title(text):
        text = _CAPITALS_COLON.sub("", text)
    text = _YEAR_RANGE.sub(lambda m: " - " if m[1] or m[2] else "-", text)
    text = _TRAILING_SPECK.sub("", text)
    text = _TRAILING_LETTER.sub("", _CASE_ENDING_STOP.sub("", _CONJUNCTION_MARK.sub("", text)))
    text = _HANGING_HYPHEN.sub(" ", text)
    text = _GLUED_COLON.sub(lambda m: "" if m.string[m.start() - 1] == " " else " ", text)
    text = _STOP_BEFORE_NAME.sub(" ", text)
    text = " ".join(_unglued(word) for word in text.split(" "))
    text = _SLASH_DASH.sub(" ", text)
    text = _unbalanced(_unbalanced(text, "(", ")"), '"', '"')
    if text.startswith(('"', "”")) and text.count(text[0]) == 1:
        text = text[1:]
    text = " ".join(_joined(text.split()))
    return text[:1].upper() + text[1:]  # a title starts with a capital; OCR reads "J" as "j"


def _unglued(word: str) -> str:
    """A word OCR glued to the next at a speck or a dash ("Koköuksen'avaus", "muutos-2019",
    "Lausunto-kaupunginhallitukselle") when Voikko knows the parts and not the whole ("vaa'an" stays)."""
    for pattern in (_INNER_MARK, _JOINING_DASH):
        match = pattern.search(word)
        if match and not is_word(word.strip(",.;:")):
            left, right = word[: match.start()], word[match.end() :]
            known = [is_word(part) or part.isdigit() for part in (left, right.rstrip(",.;:"))]
            if pattern is _INNER_MARK or all(known):
                return f"{left} {right}"
    return word


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
    if unknown_words(contents_title) < unknown_words(title):
        return contents_title
    return _merged(title, contents_title)


COORDINATION = frozenset({"ja", "tai", "sekä", "JA", "TAI", "SEKÄ"})


def _merged(title: str, contents_title: str) -> str:
    """Word by word, the heading's reading unless the contents' is better: a word Voikko knows where the
    heading's is none, or the hyphen of a shared compound part that OCR lost ("taide- ja", "ja -toimikunnan")."""
    words, others = title.split(" "), contents_title.split(" ")
    if len(words) != len(others):
        return title
    out = []
    for index, (word, other) in enumerate(zip(words, others, strict=True)):
        beside = {words[i] for i in (index - 1, index + 1) if 0 <= i < len(words)}
        hyphen = other.strip("-") == word and other != word and bool(beside & COORDINATION)
        known = word != other and unknown_words(word) > unknown_words(other) == 0
        out.append(other if hyphen or known else word)
    return " ".join(out)


@cache
def _confusions() -> tuple[tuple[str, str], ...]:
    data = tomllib.loads(LETTERS_FILE.read_text(encoding="utf-8"))
    return tuple((read, meant) for read, options in data["confusions"].items() for meant in options)


@lru_cache(maxsize=VARIANT_CACHE)  # titles repeat their words from document to document
def _variants(word: str, changes: int) -> frozenset[str]:
    """The readings of a word with up to `changes` confusions undone (none overlapping)."""
    found = {word}
    frontier = {word}
    for _ in range(changes):
        step = set()
        for text in frontier:
            for read, meant in _confusions():
                start = text.find(read)
                while start >= 0:
                    step.add(text[:start] + meant + text[start + len(read) :])
                    start = text.find(read, start + 1)
        frontier = step - found
        found |= step
    found.discard(word)
    return frozenset(found)


def capitals_title(title: str) -> bool:
    letters = [c for c in title if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


_UMLAUTS = {"a": "ä", "ä": "a", "o": "ö", "ö": "o", "A": "Ä", "Ä": "A", "O": "Ö", "Ö": "O"}


@lru_cache(maxsize=VARIANT_CACHE)
def _umlaut_variants(word: str) -> frozenset[str]:
    """Every reading of the word with the dots of its a/o letters changed ("PAATOSVALTAISUUS")."""
    places = [i for i, c in enumerate(word) if c in _UMLAUTS]
    if not places or len(places) > MAX_UMLAUT_PLACES:
        return frozenset()
    found = set()
    for mask in range(1, 1 << len(places)):
        letters = list(word)
        for bit, place in enumerate(places):
            if mask >> bit & 1:
                letters[place] = _UMLAUTS[letters[place]]
        found.add("".join(letters))
    return frozenset(found)


def _recased(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


class Words(NamedTuple):
    """How often the document uses each word: as printed, in lower case, capitalised within a line."""

    printed: Counter[str]
    lower: Counter[str]
    mid_capital: Counter[str]
    dotted: bool  # the scan printed ä and ö: a text OCR stripped of them gets none back in its titles alone
    spellings: tuple[str, ...] = ()  # the keys of `lower`, for the nearest-reading search


def _repaired_word(word: str, words: Words) -> str:
    """A title word as the document reads it elsewhere or as Voikko knows it, when OCR confused letters.
    A word Voikko knows changes only for a reading the document uses more often ("PAATOSVALTAISUUS" is a
    word too, but the minutes print "päätösvaltaisuus"); an unknown word for its one known reading."""
    if len(word) < MIN_REPAIR:  # a short word only for its dots: "JÄ" is "JA"
        known = {v.lower(): v for v in _umlaut_variants(word) if words.dotted and is_word(v)}
        return _recased(word, next(iter(known.values()))) if len(known) == 1 and not is_word(word) else word
    if not word.isalpha() and "." not in word:
        return word
    known = is_word(word)
    counts = words.lower
    seen = counts.get(word.lower(), 0)
    dots = _umlaut_variants(word)
    nearest = _variants(word, 1) | dots
    if not words.dotted:
        nearest = {v for v in nearest if not _DOTTED.search(v)}
    # the document's other readings: a word Voikko knows, or (dots alone: names) one printed at least twice
    better = [
        v for v in nearest if counts.get(v.lower(), 0) > seen and (is_word(v) or (v in dots and counts[v.lower()] > 1))
    ]
    if better:
        best = max(better, key=lambda v: counts[v.lower()])
        if sum(counts[v.lower()] == counts[best.lower()] for v in better) == 1:
            return _recased(word, best)
    if known:
        # a known word that lost its dots ("PAATOSVALTAISUUS": paatos is a word too) in a text that prints them
        dotted = _commoner_dotted(word) if words.dotted else None
        return _recased(word, dotted) if dotted else word
    # the fewest changes first: most words are one confusion away, and Voikko is asked less
    for stage in (lambda: nearest, lambda: _further(word, nearest, words.dotted)):
        found = {v.lower(): v for v in stage() if is_word(v)}
        if found:
            likeliest = next(iter(found.values())) if len(found) == 1 else _commonest(list(found.values()))
            return _recased(word, likeliest) if likeliest else word
    printed = _printed_reading(word, words)
    return _recased(word, printed) if printed else word


@lru_cache(maxsize=VARIANT_CACHE)  # titles repeat their words from document to document
def _commoner_dotted(word: str) -> str | None:
    """The one reading with umlaut dots that Finnish text uses ten times as often as the word (wordfreq)."""
    floor = wordfreq.zipf_frequency(word.lower(), "fi") + FREQUENCY_MARGIN
    dots = _umlaut_variants(word)
    commoner = [v for v in dots if _DOTTED.search(v) and wordfreq.zipf_frequency(v.lower(), "fi") >= floor]
    commoner = [v for v in commoner if is_word(v)]
    return commoner[0] if len(commoner) == 1 else None


def _commonest(readings: list[str]) -> str | None:
    """The reading far commoner in Finnish text than every other one (wordfreq), if there is one."""
    ranked = sorted(((wordfreq.zipf_frequency(v.lower(), "fi"), v) for v in readings), reverse=True)
    (top, best), (second, _) = ranked[0], ranked[1]
    return best if top > 0 and top - second >= FREQUENCY_MARGIN else None


def _printed_reading(word: str, words: Words) -> str | None:
    """The one word the document prints elsewhere that is nearest to an unknown title word (at most one
    edit away, two for a long word), and that Voikko knows or the document prints more often than it."""
    lower = word.lower()
    limit = 2 if len(word) >= LONG_EDIT else 1
    seen = words.lower.get(lower, 0)
    near = process.extract(lower, words.spellings, scorer=Levenshtein.distance, score_cutoff=limit, limit=None)
    options = [
        (distance, spelling)
        for spelling, distance, _ in near
        if distance > 0
        and len(spelling) >= MIN_REPAIR
        and (words.dotted or len(_DOTTED.findall(spelling)) <= len(_DOTTED.findall(lower)))
        and (is_word(spelling) or words.lower[spelling] > max(seen, 1))
    ]
    if not options:
        return None
    best = min(distance for distance, _ in options)
    closest = [spelling for distance, spelling in options if distance == best]
    return closest[0] if len(closest) == 1 else None


def _further(word: str, nearest: set[str] | frozenset[str], dotted: bool) -> set[str] | frozenset[str]:
    further = _variants(word, MAX_CHANGES) - nearest
    return further if dotted else {v for v in further if not _DOTTED.search(v)}


def _proper(word: str) -> bool:
    return any(analysis.get("CLASS") in PROPER for analysis in _voikko().analyze(word))


def _lowered_capitals(tokens: list[str], words: Words) -> list[str]:
    """OCR reads a title's small `k` as `K` ("Lausunto Kaupunginhallitukselle"): a capitalised common
    noun after a common word is lowered; after a name ("Kemin Energia"), itself a name, or capitalised
    within a line elsewhere too and never in lower case ("Energia ja Vesi Oy" in the contents) it stays."""
    out = list(tokens)
    for index in range(1, len(out)):
        word, previous = out[index], out[index - 1]
        if not (word[:1].isupper() and word[1:].islower() and word.isalpha()):
            continue
        if previous[:1].isupper() and (index > 1 or _proper(previous) or not is_word(previous)):
            continue
        if words.mid_capital[word] > words.printed[word.lower()] + 1 or _proper(word) or not is_word(word.lower()):
            continue
        out[index] = word.lower()
    return out


def prints_umlauts(texts: list[str]) -> bool:
    """Finnish prose has ä or ö in a quarter to a third of its words; a scan read without them (an English
    model, an old ASCII text: "Luottamushenkiloiden") has few. Its titles keep the text's spelling, which
    the cleaner flags word by word rather than changing."""
    words = dotted = 0
    for text in texts:
        for word in _LONG_WORD.findall(text):
            words += 1
            dotted += bool(_DOTTED.search(word))
    return dotted >= DOTTED_SHARE * words


def document_words(text: str, dotted: bool = True) -> Words:
    """The evidence for a title word's repair: the document's own words. `dotted`: False for a text that
    lost (most of) its umlauts: its titles get none back on their own (see `prints_umlauts`)."""
    printed = Counter(_WORD.findall(text))
    lower: Counter[str] = Counter()
    for word, count in printed.items():
        lower[word.lower()] += count
    return Words(printed, lower, Counter(_MID_CAPITAL.findall(text)), dotted, tuple(lower))


def repair(title: str, words: Words) -> str:
    """The title with the letters OCR confused in its words put right (see `_repaired_word`) and the
    small letters it read as capitals lowered; a title in capitals keeps its capitals."""
    if not title:
        return title
    out = []
    for token in title.split(" "):
        core = token.strip(",;:()\"'")
        if core and _WORD.fullmatch(core.replace(".", "")) and "-" not in core:
            lead = token[: token.index(core)]
            token = lead + _repaired_word(core, words) + token[len(lead) + len(core) :]
        elif _CASE_ENDING.fullmatch(core):  # "Öy:n": the word before an abbreviation's case ending
            head = core[: core.index(":")]
            token = token.replace(head, _repaired_word(head, words), 1)
        out.append(token)
    if not capitals_title(title):
        out = _lowered_capitals(out, words)
    return " ".join(out)
