"""Punctuation that a noisy scan blurred into another mark (Tesseract `fin` at 200 dpi).

Measured on the tuning half of the OCR sets: a word-final `;` was a `,` in 15 of 18 cases (in the minutes;
Debian prose has real ones, so only unsure ones are changed); a colon between a lower-case word and a
capitalised one was a full stop in 20 of 20 cases read below 96 % confidence (a semicolon there: 4 of 4); a `:` between
a word and a lower-case word on the same line was no mark at all (or, before `ja`/`tai`, the hyphen of a
shortened compound: `maankäyttö- ja`); `200.000` and `11:487` are thousands groups (`200 000`);
`10:4.2017` is a date; a `*` or `+` starting a line is the document's list mark (`-` where most marked lines
start with a dash, else `•`). A colon ending a paragraph before a
capitalised one was a full stop as well (16 of 20 below 96 % confidence in the tuning and dev sets); a quote mark
opening a lower-case word with no quote after it on the line was a speck (10 of 12); so was a full stop between a
word and a lower-case one below 90 % confidence, unless Voikko knows the word with its dot (an abbreviation: `mm.`,
`milj.`); an e-mail address whose `@` was read as `&` gets it back; a `:` or unsure `+` before a number standing
alone was a minus sign; a `;` before a relative pronoun or `että` (also across a line break) was a comma.
In web addresses a `:` or `,` between letters was a dot; in an e-mail address in angle brackets a capital
G, C, O, Q or a `(` between lower-case parts was the `@`; `-:sort`, `+-stdout` were long options (`--sort`);
`Copyright O-2022` is `Copyright © 2022`; `Sosiaali-ja` is `Sosiaali- ja`; `ratkaistavaksi.:` loses its colon;
in a document that quotes ”the Finnish way” (two ” read, no “), a
straight quote at a word's edge was a ”. Measured on the wide dev set (session 5): a full stop after a word before a
number on the same line is a speck too (`vuonna. 2017`); a colon before a two-letter capitalised word ends a
sentence (`rajan: On`); an abbreviation's colon was its dot (`mm:`, `milj:`, `puh:`; not the label `HUOM:`); a colon
ending a line before a lower-case word is judged like one before a word on the same line; a lone `O` beside a number
or before a lower-case word was a zero, and one run into the number before it (`20sayleiskaavan`) an O; `42;8` is
`42,8`. Session 6: a zero after a number's colon before letters (`2:0sayleiskaavan`) was an O too; a quote mark
closing a Finnish word with no quote before it on its line or the line above is a speck below 90 % (`samalla'`);
an ordinal's dot read as a colon before a lower-case word is mended (`2: kerroksessa`); a shortened compound whose
hyphen the scan lost gets it back where the word and the tail of the compound after `ja` make a compound the web
uses (`sosiaali ja terveyslautakunnan`);
a capital F before letters that make a word with E, maybe with a speck between (`F:hdotus`, `F'sittelijä`,
`Fi muutoksenhakuoikeutta`), was an E whose lower bar blurred off (13 of 13 in the dev sets, all in Liberation Serif).
Only pages with OCR word confidences are touched: in plain text these marks are what the writer typed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from pipeline.clean.edits import Edit
from pipeline.clean.lexicon import Lexicon
from pipeline.model import Word

SURE_COLON = 90.0  # a colon Tesseract was this sure of stays
SURE_SEMICOLON = 90.0  # ... and a semicolon, in a document whose writer uses them (see writes_semicolons)
FULLY_SURE = 96.0  # Tesseract's highest usual word confidence
SURE_STOP = FULLY_SURE  # a colon ending a sentence was a blurred full stop unless Tesseract was fully sure
SURE_INNER_STOP = 90.0  # a full stop inside a sentence stays where Tesseract was this sure of it
COMMON_ZIPF = 5.0  # a word this common may be short ("ei.", "on.", "ja."); rarer short ones may be abbreviations
SURE_PLUS = 90.0  # a "+" before a number Tesseract was this sure of is a plus sign
SURE_QUOTE = 90.0  # a quote mark opening a word stays where Tesseract was this sure of the word
_SEMICOLON = re.compile(r"(?<=\w);(?=(?:[ \t]+|[ \t]*\n[ \t]*)(?P<next>[a-zäöå0-9]\w*))")
# a lower-case word, a colon or semicolon, then on the same or a following line a capitalised word: a sentence ended
# there ("kertaa: Valtuustoryhmille"); a label ("Liitteet:"), a name ("Hovi:"), a quote or a list after the colon do
# not match
# a label: a capitalised word and at most one more (and a slash) from the line start up to the colon, no verb among
# them ("Käsitelty aiemmin:", "Valmistelija / lisätiedot:"; not the sentence "Merkittiin tiedoksi:")
_LABEL_START = re.compile(r"[ \t]*[A-ZÄÖ][^\W\d_]*(?:[ \t]+/)?(?:[ \t]+[^\W\d_]+)?$")
_STOP = re.compile(r"(?<![\w:])(?P<word>[a-zäöå][^\W\d_]+\)?)(?P<mark>[:;])(?=(?: |\n(?:[ \t]*\n)*)[A-ZÄÖ][a-zäö]+\b)")
# a full stop after a word, then a lower-case word on the same or the next line: a speck, unless an abbreviation
# (or a number on the same line: "vuonna. 2017", "kokoontunut. 17 kertaa": 17 of 18 below 90 % in the dev sets)
_STRAY_STOP = re.compile(r"\.(?<=[^\W\d_]{2}\.)(?=(?:[ \t]+|[ \t]*\n[ \t]*)[a-zäöå]|[ \t]+\d)")
# an e-mail address whose @ was read as & ("etunimi.sukunimi&espoo.fi")
_MAIL = re.compile(r"(?<![\w.&@-])[\w.-]*\w(?P<mark>&)\w[\w-]*(?:\.[\w-]+)*\.[a-z]{2,6}\b(?![.-]?\w)")
# a minus sign read as ":" or "+" before a number standing alone (":217", "+65" in a table: 16 of 17)
_MINUS = re.compile(r"(?<!\S)(?P<mark>[:+])(?=\d[\d,]*(?!\S))")
# inside a web address (after its scheme), a colon or comma between letters or digits was a dot ("gnu:org",
# "gpl,html", "gpl-3:0.html"); in an e-mail address in angle brackets, a capital G, C, O or Q or a "(" between
# lower-case parts was the @ ("<larjoGcc.tut.fi>")
_URL = re.compile(r"(?:https?://?|www\.)[^\s<>()⟨⟩]+")
_URL_DOT = re.compile(r"(?<=[a-z]):(?=[a-z])|(?<=\d):(?=\d)|(?<=[a-z]),(?=[a-z])")
_MAIL_AT = re.compile(r"(?<=<)[a-z0-9._-]+(?P<mark>[GCOQ(])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}(?=>)")
# a long command-line option whose "--" blurred into "-:", "+-", "=-" or "--:" ("-:sort", "+-stdout": 10 of 10)
_LONG_OPTION = re.compile(r"(?<!\S)(?P<mark>-:|\+-|=-|--:)(?=[a-z][a-z-])")
# the © of a copyright notice read as O, 0, €, & or Q, maybe run into the year ("Copyright O-2022": 8 of 8)
_COPYRIGHT = re.compile(r"(?<=Copyright)(?P<mark>[ \t]+[O0€&Q][ \t.-]?)(?=(?:19|20)\d\d\b)")
_STRAIGHT_QUOTE = re.compile(r'(?<!\S)"(?=[\w.])|(?<=[\w.])"(?=[\s,.:;)]|$)', re.MULTILINE)
# a shortened compound run into its "ja"/"tai"/"sekä" ("Sosiaali-ja", "maankäyttö-.ja"), and a speck read as a colon
# after a full stop ("ratkaistavaksi.:", "puh.:050"): none of either in the true text of the tuning and dev sets
_SHORTENED_JOINED = re.compile(r"(?<=[^\W\d_]{3})-\.?(?=(?:ja|tai|sekä)\b)")
# a lone capital O beside a number or before a lower-case word was a zero ("O poistettavaa ja O päivittämätöntä",
# "-24 O 758"): 1 of the 34 lone O's Tesseract read in the dev sets was a letter; Finnish has no word "O"
_ZERO = re.compile(r"(?<!\S)O(?=[ \t]+(?:[a-zäö]|\d))|(?<=\d[ \t])O(?!\S)")
# a word before "ja"/"tai"/"sekä" and a compound: a shortened compound whose hyphen the scan lost, where the word and
# the compound's tail make a compound too ("sosiaali ja terveyslautakunnan", "maankäyttö ja rakennuslain")
_BEFORE_CONJUNCTION = re.compile(
    r"(?<![\w-])(?P<first>[a-zäö]{3,})(?=[ \t]+(?:ja|tai|sekä)[ \t]+(?P<compound>[a-zäö]{6,})\b(?!-))"
)
# an ordinal's dot read as a colon before a lower-case word: "2: kerroksessa", "3: luvun", "23: huhtikuuta" (a label's
# number takes a capitalised value; not before an address or a program's own "gunzip:")
_ORDINAL = re.compile(r"(?<![\w.:,/-])\d{1,2}(?P<mark>:)(?=(?:[ \t]+|[ \t]*\n[ \t]*)(?!https?\b)[a-zäö]{2,}\b(?![:/]))")
# a decimal comma read as a semicolon: "42;8 milj. euroa" (no semicolon between digits in the true text of the sets)
_DECIMAL = re.compile(r"(?<=\d);(?=\d)")
# a capital O run into a number before it, read as a zero: "Liite 20sayleiskaavan", or after the number's colon:
# "Liite 2:0sayleiskaavan" (the word must be one)
_ZERO_O = re.compile(r"(?:(?<=\d)|(?<=\d:))0(?P<rest>[a-zäö]{3,})\b")
# a capital E whose lower bar blurred off, read as F, maybe with the bar as a speck after it: "F:hdotus",
# "F'sittelijä", "Fsittelijä", "Fi muutoksenhakuoikeutta", "Fi-odotettu" (E and the letters must make a word)
_BLURRED_E = re.compile(r"(?<![^\s(\"'”“])F(?P<mark>[':’]?)(?P<rest>[a-zäö]{2,}(?![a-zäö])|i(?=[ \t-][a-zäö]))")
_DOT_COLON = re.compile(r"(?<=\w\.):(?P<next>\w)?")
# a quote mark opening a lower-case word with no quote after it on the line: a speck ('"merkitsi asian')
_STRAY_QUOTE = re.compile(
    r"(?P<mark>[\"'”“])(?<!\S[\"'”“])(?=[a-zäöå][^\W\d_]*[.,]?(?:[ \t][^\"'”“’\n]*)?$)", re.MULTILINE
)
# ... and one closing a Finnish word with no quote before it on its line or the line above ("samalla'",
# "vuokralle”")
_STRAY_CLOSING = re.compile(r"(?<=[a-zäö]{3})[\"'”“’](?=[ \t]|$)", re.MULTILINE)
_QUOTES = re.compile(r"[\"'”“’`]")
# a word, a colon and a lower-case word, a number or § on the same line: no mark at all below SURE_COLON
# ("Kaupunginvaltuusto: 17.06.2024", "lähetetty: 29.10.2024"), or the hyphen of a shortened compound
_COLON = re.compile(
    r"(?<![\w:])(?P<word>[^\W\d_]{2,}):(?=[ \t]+(?P<next>[a-zäöå][^\W\d_]*|[\d§])"
    r"|[ \t]*\n(?:[ \t]*\n)?[ \t]*(?P<below>[a-zäöå][^\W\d_]*))"
)
# a date whose dot blurred into a colon or comma: "10:4.2017", "5.4:2017"
_DATE = re.compile(r"(?<![\d.:,])\d{1,2}(?P<first>[.:,])\d{1,2}(?P<second>[.:,])(?:19|20)\d\d(?![\d,]|\.\d)")
_GROUP = re.compile(r"(?<![\d.:,])\d{1,3}(?P<mark>[.:])\d{3}(?![\d.:,])")
_LIST_START = re.compile(r"^[ \t]*(?P<mark>[-*+•])[ \t]+(?=\w)", re.MULTILINE)
_BULLET = re.compile(r"^[ \t]*(?P<mark>[*+])(?=[ \t]+\w)", re.MULTILINE)  # a list bullet "•" read as * or +
_SHORTENED = frozenset(("ja", "tai", "sekä", "eli", "tahi"))
# a relative clause or "että" follows a comma, never a semicolon: a ";" before one was a comma at any confidence
_LABELS = frozenset(("huom",))  # an abbreviation written with a colon, as a label: "HUOM: tämä"
_ABBREVIATED_WORDS = frozenset(("mm",))  # words Voikko knows, whose abbreviation is far more usual before a word
_CLAUSE_STARTS = frozenset(
    (
        *("joka", "jonka", "jota", "jossa", "josta", "johon", "jolla", "jolta", "jolle", "jona", "joksi", "jotka"),
        *("joiden", "joita", "joissa", "joista", "joihin", "joilla", "joilta", "joille", "joina", "joiksi", "jolloin"),
        "että",
    )
)


def writes_semicolons(words: Iterable[Word]) -> bool:
    """Whether a document's writer uses semicolons: Tesseract read a third of its semicolons with full confidence.
    A comma blurred into `;` is rarely read so (2 of 37 in the tuning data); real ones mostly are (37 of 61)."""
    marks = sure = 0
    for word in words:
        if len(word.text) > 1 and word.text.endswith(";") and word.text[-2].isalnum():
            marks += 1
            sure += word.confidence >= FULLY_SURE
    return marks >= 3 and 3 * sure >= marks


def list_mark(texts: Iterable[str]) -> str:
    """The document's list mark: "-" where most of its lines that start with a mark start with a dash (Tesseract reads
    a dash as one, and a bullet as "*", "+" or "-"), else "•"."""
    counts = {"-": 0, "other": 0}
    for text in texts:
        for match in _LIST_START.finditer(text):
            counts["-" if match["mark"] == "-" else "other"] += 1
    return "-" if counts["-"] >= 3 and counts["-"] > counts["other"] else "•"


def finnish_quotes(texts: Iterable[str]) -> bool:
    """Whether a document quotes the Finnish way, ”like this” (two ” read and no “): Tesseract reads many of its
    opening ” as a straight quote."""
    closing = opening = 0
    for text in texts:
        closing += text.count("”")
        opening += text.count("“")
    return closing >= 2 and opening == 0


def find_punctuation_edits(
    text: str,
    confidences: dict[str, float] | None,
    semicolons: bool = False,
    lexicon: Lexicon | None = None,
    bullet: str = "•",
    quotes: bool = False,
) -> list[Edit]:
    """`semicolons`: the document's writer uses them (writes_semicolons), so only unsure ones become commas.
    `lexicon`: tells a word from an abbreviation, for full stops inside a sentence. `bullet`: the document's
    list mark (list_mark), which a `*` or `+` starting a line stands for. `quotes`: the document quotes ”like this”
    (finnish_quotes), so a straight quote at a word's edge is a ”."""
    if confidences is None:
        return []
    sure_semicolon = SURE_SEMICOLON if semicolons else math.inf
    edits = [
        Edit(m.start(), m.end(), ",", "ocr-punctuation", 0.8)
        for m in _SEMICOLON.finditer(text)
        if confidences.get(_word_before(text, m.start()) + ";", 0.0) < sure_semicolon or m["next"] in _CLAUSE_STARTS
    ]
    for match in _STOP.finditer(text):
        if match["mark"] == ":" and lexicon is not None and _label(text, match.end("word"), lexicon):
            continue  # a label opening its line: "Käsitelty aiemmin: Tela", "Valmistelija / lisätiedot: Riitta"
        if confidences.get(match["word"] + match["mark"], 0.0) < SURE_STOP:
            edits.append(Edit(match.end("word"), match.end("word") + 1, ".", "ocr-punctuation", 0.7))
    for match in _COLON.finditer(text):
        following = match["next"] or match["below"]  # a lower-case word on the same line, or starting the next
        if text[match.start() - 1 : match.start()] == "(" and (not following[0].isalpha() or match["below"]):
            continue  # a label before its value in brackets: "(oletus: 10)", "(oletus:\nmode,ownership)"
        if lexicon is not None and _abbreviation(match["word"], lexicon):
            edits.append(Edit(match.end("word"), match.end("word") + 1, ".", "ocr-punctuation", 0.8))
        elif following in _SHORTENED:
            edits.append(Edit(match.end("word"), match.end("word") + 1, "-", "ocr-punctuation", 0.8))
        elif confidences.get(match["word"] + ":", 0.0) < SURE_COLON:
            edits.append(Edit(match.end("word"), match.end("word") + 1, "", "ocr-punctuation", 0.7))
    for match in _STRAY_STOP.finditer(text) if lexicon is not None else ():
        token = _word_before(text, match.start())
        word = token.lstrip("(\"'”“")
        if (
            word.isalpha()
            and confidences.get(token + ".", 0.0) < SURE_INNER_STOP
            and (len(word) >= 4 or lexicon.zipf(word) >= COMMON_ZIPF)
            and lexicon.is_word(word)
            and not lexicon.is_word(word + ".")  # Voikko knows abbreviations with their dot: "mm.", "milj."
        ):
            edits.append(Edit(match.start(), match.end(), "", "ocr-punctuation", 0.7))
    for url in _URL.finditer(text):
        start = url.start() + (url.group().find("//") + 2 if "//" in url.group() else 0)
        for mark in _URL_DOT.finditer(text, start, url.end()):
            edits.append(Edit(mark.start(), mark.end(), ".", "ocr-punctuation", 0.8))
    for match in _MAIL_AT.finditer(text) if "<" in text else ():
        edits.append(Edit(match.start("mark"), match.end("mark"), "@", "ocr-punctuation", 0.8))
    for match in _SHORTENED_JOINED.finditer(text):
        edits.append(Edit(match.start(), match.end(), "- ", "ocr-punctuation", 0.8))
    for match in _ZERO_O.finditer(text) if lexicon is not None else ():
        if lexicon.is_word("O" + match["rest"]):
            edits.append(Edit(match.start(), match.start() + 1, "O", "ocr-punctuation", 0.8))
    for match in _BLURRED_E.finditer(text) if lexicon is not None and "F" in text else ():
        if _blurred_e(match["mark"], match["rest"], lexicon):
            edits.append(Edit(match.start(), match.end("mark"), "E", "ocr-confusion", 0.8))
    for match in _BEFORE_CONJUNCTION.finditer(text) if lexicon is not None else ():
        if _shortened(match["first"], match["compound"], lexicon):
            edits.append(Edit(match.end("first"), match.end("first"), "-", "ocr-punctuation", 0.7))
    for match in _ORDINAL.finditer(text):
        edits.append(Edit(match.start("mark"), match.end("mark"), ".", "ocr-punctuation", 0.8))
    for match in _DECIMAL.finditer(text):
        edits.append(Edit(match.start(), match.end(), ",", "ocr-punctuation", 0.8))
    for match in _ZERO.finditer(text):
        edits.append(Edit(match.start(), match.end(), "0", "ocr-punctuation", 0.8))
    for match in _DOT_COLON.finditer(text):
        edits.append(Edit(match.start(), match.start() + 1, " " if match["next"] else "", "ocr-punctuation", 0.8))
    for match in _COPYRIGHT.finditer(text):
        edits.append(Edit(match.start("mark"), match.end("mark"), " © ", "ocr-punctuation", 0.8))
    for match in _LONG_OPTION.finditer(text):
        edits.append(Edit(match.start("mark"), match.end("mark"), "--", "ocr-punctuation", 0.8))
    for match in _MAIL.finditer(text) if "&" in text else ():
        edits.append(Edit(match.start("mark"), match.end("mark"), "@", "ocr-punctuation", 0.8))
    for match in _MINUS.finditer(text):
        sure = FULLY_SURE if match["mark"] == ":" else SURE_PLUS
        if confidences.get(_word_after(text, match.start()), 0.0) < sure:
            edits.append(Edit(match.start(), match.end(), "-", "ocr-punctuation", 0.8))
    for match in _STRAY_QUOTE.finditer(text):
        if confidences.get(_word_after(text, match.start()), 0.0) < SURE_QUOTE:
            edits.append(Edit(match.start(), match.end(), "", "ocr-punctuation", 0.7))
    for match in _STRAY_CLOSING.finditer(text) if lexicon is not None else ():
        if not lexicon.is_word(_word_before(text, match.start()).lstrip("(-")):
            continue  # Debian's `quotes' lose their opening mark: "warn'"
        line_start = text.rfind("\n", 0, match.start()) + 1
        above = text.rfind("\n", 0, max(0, line_start - 1)) + 1
        if _QUOTES.search(text, above, match.start()) is None and (
            confidences.get(_word_before(text, match.end()), 0.0) < SURE_QUOTE
        ):
            edits.append(Edit(match.start(), match.end(), "", "ocr-punctuation", 0.7))
    for match in _STRAIGHT_QUOTE.finditer(text) if quotes else ():
        edits.append(Edit(match.start(), match.end(), "”", "ocr-punctuation", 0.8))
    for match in _DATE.finditer(text):
        for mark in ("first", "second"):
            if match[mark] != ".":
                edits.append(Edit(match.start(mark), match.end(mark), ".", "ocr-punctuation", 0.8))
    for match in _GROUP.finditer(text):
        edits.append(Edit(match.start("mark"), match.end("mark"), " ", "ocr-punctuation", 0.8))
    for match in _BULLET.finditer(text):
        edits.append(Edit(match.start("mark"), match.end("mark"), bullet, "ocr-punctuation", 0.8))
    return edits


def _abbreviation(word: str, lexicon: Lexicon) -> bool:
    """Voikko knows the word with a dot and none of its lower-case forms without one ("milj.", "puh.", "esim."),
    or it is one of the common short ones that are also words ("mm.", "n."): its colon before a lower-case word
    or a number was a blurred dot ("mm: poistamalla", "puh: 044")."""
    if word.isupper() or word.lower() in _LABELS or not lexicon.is_word(word + "."):
        return False
    return not lexicon.is_word(word) or word in _ABBREVIATED_WORDS


def _blurred_e(mark: str, rest: str, lexicon: Lexicon) -> bool:
    """E and the letters after F make a word, and (without a speck between) F and those letters make none."""
    if not lexicon.is_word("E" + rest):
        return False
    return bool(mark) or rest == "i" or not (lexicon.is_word("F" + rest) or lexicon.known("F" + rest))


def _shortened(first: str, compound: str, lexicon: Lexicon) -> bool:
    """`first` is no word, or a word in the nominative, and it makes a compound the web uses with the tail of
    `compound` (what follows its first part, as Voikko cuts it): "sosiaali" + "lautakunnan"."""
    analyses = lexicon.analyze(first)
    if analyses and not all(a.get("SIJAMUOTO") == "nimento" for a in analyses):
        return False
    for analysis in lexicon.analyze(compound):
        cut = analysis.get("STRUCTURE", "").find("=", 1)  # "=ppppppp=ppppp=pppppp": terveys|lautakunnan
        if cut > 1 and lexicon.known(first + compound[cut - 1 :]):
            return True
    return False


def _label(text: str, end: int, lexicon: Lexicon) -> bool:
    """The words from the line start up to `end` (a colon) are a label: one or two, a slash between, no finite verb."""
    start = text.rfind("\n", 0, end) + 1
    if _LABEL_START.fullmatch(text, start, end) is None:
        return False
    return not any(
        a.get("MOOD") and a.get("CLASS") == "teonsana"
        for word in text[start:end].split()
        for a in lexicon.analyze(word)
    )


def _word_after(text: str, start: int) -> str:
    """The whitespace-separated word starting at `start`."""
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def _word_before(text: str, end: int) -> str:
    """The whitespace-separated word ending at `end` (how Tesseract's words are keyed)."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]
