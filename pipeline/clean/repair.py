"""Word repair: OCR confusions -> candidate words -> lexicon check -> ranked Edits.

For each word token (spaCy's Finnish tokenizer) the repairer
1. applies up to MAX_REWRITES confusions from `corrections/confusions.tsv` that are not plain umlaut
   flips (d->ä, 6é->ö, rn->m, I->l, ...), giving spelling variants with a cost;
2. looks every variant up in the umlaut index (`Lexicon.umlaut_forms`): all words that differ from
   it only by dots on a/o, priced by the flip weights (a->ä lost, ä->a false umlaut);
3. keeps candidates Voikko accepts (inflection, compounds) or the domain lexicon knows;
4. ranks them by Zipf frequency, domain vocabulary, neighbouring words (domain phrases), minus the
   confusion cost; the original word competes with its own frequency.
A change is made when the winner beats the original by a margin; below the confidence threshold the
word is only flagged. Decisions are cached per token, so a page costs a few dict lookups per word.

Two regimes, chosen per document: text whose Finnish words have (almost) no ä/ö at all lost them
in OCR (English model), so dotted forms are cheap; in ordinary text a valid word is rarely touched.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

import spacy
from spacy.tokenizer import Tokenizer

from pipeline.boundedcache import BoundedCache
from pipeline.clean.edits import Edit
from pipeline.clean.lexicon import Lexicon, harmony_clash, strip_umlauts
from pipeline.rules import Rules

MAX_REWRITES = 3
MAX_VARIANTS = 48
MIN_CAPS_WORD = 3
SHORT_CAPS = 5  # all-caps words shorter than this may be acronyms: changed only into common words
SHORT_CAPS_ZIPF = 4.0
MAX_TOKEN = 64  # longer runs without spaces are not words: never tokenised or touched
UMLAUT_PAIRS = {("a", "ä"), ("o", "ö"), ("a", "å"), ("ä", "a"), ("ö", "o"), ("å", "a")}
UNKNOWN_SCORE = -6.0  # score of an original word no lexicon knows
WEB_ONLY_PENALTY = 2.5  # words only wordfreq knows include stripped web spellings ("etta", "tama")
WEB_DOTTED_ZIPF = 1.0  # ... but a dotted one the web uses is a real spelling Voikko lacks (näinollen, yhtäsuuret)
VOIKKO_ONLY_ZIPF = 1.0  # Voikko accepts it, wordfreq never saw it (long compounds)
DOMAIN_BONUS = 0.5
PHRASE_BONUS = 1.5
COST_SCALE = 1.6
STRIPPED_FLIP_FACTOR = 0.02  # in text that lost its umlauts, restoring one costs little
VALID_MARGIN = {True: 0.0, False: 3.0}  # gain needed to replace a valid word: stripped vs normal text
KNOWN_MARGIN = {True: 0.0, False: 1.5}  # ... a word Voikko rejects but the web uses (parametrejä)
COMPOUND_BONUS = 0.5  # a spelling built from listed words beats one guessed by vowel harmony
HARMONY_PENALTY = 0.5
MIN_LOAN_PART = 5  # a Finnish word and a loan word Voikko does not join: each at least this long
LOAN_TAIL_ZIPF = 2.5  # ... the loan word this common on the web
LOAN_COMPOUND_ZIPF = 0.5  # ... scored below any word Voikko accepts
MAX_LOAN_VARIANTS = 8  # ... tried on the cheapest rewritten spellings only
THREE_PART_LENGTH = 14  # an unknown word this long in text that lost its umlauts may be a compound of three words
MAX_THREE_PART_VOWELS = 12  # ... whose a/o are dotted in three runs (at most ~130 spellings asked of Voikko)
MIN_REWRITE_LENGTH = 4  # shorter tokens (od, df) only get their dots back
SURE_ZIPF = 3.0  # in ordinary text, words this common that Voikko accepts are left alone
MAX_FRAGMENT = 5  # OCR cuts a short piece off a word ("päätösvaltai nen")
MIN_PART = 3  # shortest compound part the lexicon search tries
# a text too short to judge by its share of dotted words lost its umlauts if this many of its words have a
# dotted spelling this much more common (Zipf): "pitaa" (pitää), "Paivita" (Päivitä)
STRIPPED_EVIDENCE_WORDS = 2
SHORT_TEXT_WORDS = 8  # ... and has at least this many words (a line or two is left to the ordinary regime)
STRIPPED_EVIDENCE_ZIPF = 1.0
# A candidate the same document writes elsewhere, for a rare word (common ones are left alone anyway):
# enough to outweigh VALID_MARGIN, since both spellings are valid words ("saantokirjan", "sääntökirjan")
DOCUMENT_RARE_ZIPF = 2.0
DOCUMENT_BONUS = 3.5
DOCUMENT_SPELLING_COUNT = 2  # a word no lexicon knows takes the document's undotted spelling this much more common
# Last resort for a word no lexicon knows: one letter dropped (a speck read as a letter: niumeron) or one
# letter read as a look-alike (the confusions heavier than LOOKALIKE_WEIGHT: vakiotulosteera)
LOOKALIKE_WEIGHT = 2.0
SPECK_WEIGHT = 2.0
MIN_EDIT_LENGTH = 6
NEAR_CAPITALISED_ZIPF = 3.0
FUNCTION_WORD_ZIPF = 5.0  # on, ovat, kuin: words this common end no hyphenated compound
UNSURE_HYPHEN = 80.0  # a hyphen between two words read below this may be a blurred space (see _glued)
UNSURE_READING = 90.0  # ... and only where Tesseract was unsure of the word (text without confidences: never)
SPLIT_WORDS = ("ja", "tai", "sekä", "on", "että", "kuin", "eli", "myös", "ei", "ovat", "oli", "vain")
# ... and those OCR glues to the next word ("tailaajenna", "Mikäliohjelmat")
LEADING_WORDS = ("ja", "tai", "sekä", "että", "jos", "kun", "mikäli", "kuin", "eli", "myös")
# Finnish negation verbs (umlauts stripped): a negative verb such as "älä" never follows one ("ei ala", not "ei älä")
NEGATIONS = frozenset(("en", "et", "ei", "emme", "ette", "eivat"))
# Swedish function words: a line with two of them is left alone (no Swedish lexicon is installed)
SWEDISH = frozenset(
    ("och", "att", "för", "som", "är", "det", "med", "av", "till", "på", "inte", "den", "har", "från", "eller")
)

_DOT = {"a": "ä", "o": "ö"}
# A case ending after a colon follows how the stem is read aloud: "CTX:ään" (äks), "N:stä" (än),
# "1:stä" (yksi), "100:sta" (sata). Letters and digits whose Finnish names have back vowels:
_TO_FRONT = str.maketrans("ao", "äö")
_BACK_NAMES = set("ahkoquå2368AHKOQUÅ")
_COLON_ENDING = re.compile(r"^(?P<stem>.*[^\W_]['\"”]?):(?P<ending>[a-zäö]{1,6})$")
# ... also when a space parts the ending from its colon ("atc: ssa", "dc :lla"): a case ending is no word itself
_SPACED_ENDING = re.compile(r"^(?:ssa|sta|lla|lta|na|ta|han|aan)$")
SPELLED_OUT = 4  # a lower-case non-word this short before a colon is read letter by letter (uid, udp, tty)
_CHUNK = re.compile(r"\S+")
_WORD = re.compile(r"[^\W\d_]{2,}")
_LETTERS = re.compile(r"[^\W\d_]")
_WORDLIKE = re.compile(r"^[^\W\d_]?[\w|$é]*[^\W\d_][\w|é]*$")
_CAPS_THEN_LOWER = re.compile(r"^[A-ZÄÖÅ]{4,}[a-zäöå]{2,}$")
_FILE_ENDINGS = frozenset(
    ("fi", "com", "org", "net", "eu", "se", "info", "html", "htm", "pdf", "txt", "doc", "docx", "xls")
)
_CONJUNCTIONS = frozenset(("ja", "tai", "sekä", "eli", "tahi", "ynnä"))
_GLUED = re.compile(r"^([A-ZÄÖa-zäö][a-zäö]+)([.:'’-])([a-zäö]{2,})$")
# A case ending after a stem whose vowels are all e, i or y: vowel harmony makes it front (shelli|ä, synci|ä,
# tyhje|itä, symlinkke|jä, Fingeri|llä), whether or not any lexicon knows the loan word
_NEUTRAL_STEM_ENDING = re.compile(
    r"^(?P<stem>[^\W\d_aouåäö]*[^\W\d_aouåäöeiy][ei])(?P<ending>i?(?:ssa|sta|lla|lta|na|ta|a)|ja)$"
)
NEUTRAL_STEM_SCORE = 0.0  # below any listed word: only beats an original no lexicon knows
# In text that lost its umlauts, the words inside markup tokens ("[kayttaja@koneen_nimi", "|Paivita",
# "`lisapisteita'", "~kayttaja1/tiedosto1") get their dots back; never in addresses, whose words have no dots
_MARKUP_RUN = re.compile(r"[^\W\d_]{3,}")
_ADDRESS = re.compile(r"://|www\.|[^\W\d_]\.[^\W\d_]")
_WORD_PART = re.compile(r"(?:^|-)[^\W\d_]{2,}(?:-|$)")  # a part of letters only between hyphens
_NUMBERED_WORD = re.compile(r"^\d+[A-ZÄÖ][^\W\d_]{2,}$")
_HYPHENATED = re.compile(r"^[^\W\d_]*(?:-[^\W\d_]*)+$")  # Länsi-Uudenmaan, käyttäjä- (ja), -ohjelma


@functools.cache
def finnish_tokenizer() -> Tokenizer:
    """spaCy's Finnish tokenizer, one per process: its vocabulary caches every whitespace-separated chunk seen."""
    return spacy.blank("fi").tokenizer


@dataclass(frozen=True, slots=True)
class Candidate:
    word: str
    score: float
    cost: float


@dataclass(frozen=True, slots=True)
class Verdict:
    """The cached outcome for one token: the original's score and the best candidates."""

    original_score: float
    original_valid: bool
    candidates: tuple[Candidate, ...]


def _recase(model: str, word: str) -> str:
    if len(model) > 1 and model.isupper():
        return word.upper()
    if len(model) == len(word) and _CAPS_THEN_LOWER.match(model):  # LAHDEtiedosto -> LÄHDEtiedosto
        return "".join(w.upper() if m.isupper() else w for m, w in zip(model, word, strict=True))
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


class Repairer:
    """Built once per process with the lexicon and rules; `find_edits` is a pure str -> list[Edit]."""

    def __init__(self, lexicon: Lexicon, rules: Rules, flag_below: float = 0.6) -> None:
        self.lexicon = lexicon
        self.protected = rules.protected
        self.replacements = rules.replacements
        self.flag_below = flag_below
        self.flips: dict[tuple[str, str], float] = {}
        self.rewrites: dict[str, list[tuple[str, str, float]]] = {}
        self.lookalikes: dict[str, list[tuple[str, str, float]]] = {}
        for confusion in rules.confusions:
            if confusion.right == "§":
                continue  # handled by pipeline.clean.sections
            pair = (confusion.wrong.lower(), confusion.right.lower())
            if len(confusion.wrong) == 1 and len(confusion.right) == 1 and pair in UMLAUT_PAIRS:
                self.flips.setdefault(pair, confusion.weight)
            elif confusion.weight > LOOKALIKE_WEIGHT:
                self.lookalikes.setdefault(confusion.wrong, []).append(
                    (confusion.wrong, confusion.right, confusion.weight)
                )
            else:
                self.rewrites.setdefault(confusion.wrong[0], []).append(
                    (confusion.wrong, confusion.right, confusion.weight)
                )
        self.phrases = self._phrases(rules.domain_phrases)
        self.tokenizer = finnish_tokenizer()
        # per token, once per process (most tokens repeat)
        self._verdicts: BoundedCache[tuple[str, bool], Verdict] = BoundedCache(lambda key: self._judge(*key), 300_000)
        self._near_verdicts: BoundedCache[tuple[str, bool], Verdict] = BoundedCache(
            lambda key: self._judge_near(*key), 100_000
        )
        self._repairable: BoundedCache[str, bool] = BoundedCache(self._is_repairable, 300_000)
        self._chunks: BoundedCache[str, tuple[tuple[int, str], ...]] = BoundedCache(self._cut, 300_000)

    @staticmethod
    def _phrases(phrases: list[str]) -> dict[str, set[str]]:
        """word -> neighbours it forms a domain phrase with (both directions, lower case)."""
        table: dict[str, set[str]] = {}
        for phrase in phrases:
            words = phrase.lower().split()
            for left, right in itertools.pairwise(words):
                table.setdefault(left, set()).add(right)
                table.setdefault(right, set()).add(left)
        return table

    # ---- tokens -------------------------------------------------------------------------------

    def tokens(self, text: str) -> Iterator[tuple[int, str]]:
        """(offset, text) of spaCy's tokens, whitespace left out. spaCy's tokenizer cuts each whitespace-separated
        chunk on its own, so chunks are cut once per process and cached, and a chunk of letters only is its own
        token without asking spaCy. Chunks longer than MAX_TOKEN are not words: skipped whole, so a 10 MB
        "word" costs one regex pass and nothing else."""
        chunks = self._chunks
        for match in _CHUNK.finditer(text):
            chunk = match.group()
            if len(chunk) > MAX_TOKEN:
                continue
            start = match.start()
            if chunk.isalpha():
                yield start, chunk
                continue
            for idx, token in chunks[chunk]:
                yield start + idx, token

    def _cut(self, chunk: str) -> tuple[tuple[int, str], ...]:
        return tuple((t.idx, t.text) for t in self.tokenizer(chunk) if not t.is_space)

    def repairable(self, token: str) -> bool:
        """Words only: numbers, dates, diary numbers, addresses, acronyms and protected words are not."""
        return self._repairable[token]

    def _is_repairable(self, token: str) -> bool:
        if len(token) < 2 or len(token) > MAX_TOKEN or token in self.protected:
            return False
        if not _WORDLIKE.match(token):
            return False
        letters = len(_LETTERS.findall(token))
        if letters < 2 or letters < len(token) - 2:
            return False
        if token.isupper():
            return len(token) >= MIN_CAPS_WORD and token.isalpha()  # shorter all-caps words are acronyms
        if _CAPS_THEN_LOWER.match(token):
            return True  # a capitalised placeholder with its ending: LAHDEtiedosto, NIMIOta
        return not any(c.isupper() for c in token[1:] if c not in "OI")  # KEMDno, PDF:ssä

    # ---- candidates ---------------------------------------------------------------------------

    def variants(self, token: str) -> list[tuple[str, float]]:
        """Spellings the token may stand for under at most MAX_REWRITES non-umlaut confusions, with costs."""
        found: dict[str, float] = {token: 0.0}
        if len(token) < MIN_REWRITE_LENGTH:
            return [(token, 0.0)]
        frontier = [(token, 0, 0.0, 0)]
        while frontier and len(found) < MAX_VARIANTS:
            word, start, cost, used = frontier.pop()
            if used >= MAX_REWRITES:
                continue
            for i in range(start, len(word)):
                for wrong, right, weight in self.rewrites.get(word[i], ()):
                    if not word.startswith(wrong, i):
                        continue
                    if wrong in ("O", "I") and i == 0 and right != "l":
                        continue  # a capital at the start is a capital
                    new = word[:i] + right + word[i + len(wrong) :]
                    new_cost = cost + weight
                    if new_cost < found.get(new, math.inf):
                        found[new] = new_cost
                        frontier.append((new, i + len(right), new_cost, used + 1))
        return sorted(found.items(), key=lambda item: item[1])[:MAX_VARIANTS]

    def _flip_cost(self, variant: str, word: str, stripped: bool) -> float | None:
        cost = 0.0
        for have, want in zip(variant, word, strict=True):
            if have != want:
                weight = self.flips.get((have, want))
                if weight is None:
                    return None
                if stripped and have in "ao":
                    weight *= STRIPPED_FLIP_FACTOR
                cost += weight
        return cost

    def _score(self, word: str) -> float:
        lexicon = self.lexicon
        zipf = lexicon.zipf(word)
        if lexicon.is_word(word):
            return max(zipf, VOIKKO_ONLY_ZIPF) + (DOMAIN_BONUS if lexicon.in_domain(word) else 0.0)
        return zipf - WEB_ONLY_PENALTY if zipf else UNKNOWN_SCORE

    def verdict(self, token: str, stripped: bool) -> Verdict:
        return self._verdicts[(token, stripped)]

    def _judge(self, token: str, stripped: bool) -> Verdict:
        # judged in lower case (Voikko rejects LÄHDEtiedosto), recased letter by letter
        if _CAPS_THEN_LOWER.match(token):
            inner = self.verdict(token.lower(), stripped)
            recased = (Candidate(_recase(token, c.word), c.score, c.cost) for c in inner.candidates)
            return Verdict(inner.original_score, inner.original_valid, tuple(c for c in recased if c.word != token))
        lexicon = self.lexicon
        original_valid = lexicon.is_word(token)
        original_score = self._score(token)
        best: dict[str, Candidate] = {}
        variants = self.variants(token)
        for variant, rewrite_cost in variants:
            for cased, flip_cost in self._spellings(variant, stripped):
                if cased == token or not (lexicon.is_word(cased) or (stripped and self._web_dotted(cased, token))):
                    continue
                cost = rewrite_cost + flip_cost
                score = self._score(cased) - COST_SCALE * cost
                if cased not in best or best[cased].score < score:
                    best[cased] = Candidate(cased, score, cost)
        if not best and not original_valid and not lexicon.known(token) and len(token) >= 2 * MIN_LOAN_PART:
            # a Finnish word and a loan word the web uses, which Voikko does not join ("konserni|controller", read
            # "konsemicontroller"): only a rewritten spelling, and only when nothing else was found
            for variant, rewrite_cost in variants[1:MAX_LOAN_VARIANTS]:
                if variant.islower() and self._loan_compound(variant):
                    score = LOAN_COMPOUND_ZIPF - COST_SCALE * rewrite_cost
                    if variant not in best or best[variant].score < score:
                        best[variant] = Candidate(variant, score, rewrite_cost)
        # in ordinary text only a word mixing back and front vowels may have lost or gained dots beyond the index
        if stripped:
            unlisted = not original_valid or not lexicon.known(token)
        else:
            # ... or one with dots no lexicon knows, whose false umlauts may all agree (hällintösääntöä)
            unlisted = not original_valid and (
                harmony_clash(token) or (_count_dots(token) > 0 and not lexicon.known(token))
            )
        if unlisted and len(token) >= MIN_REWRITE_LENGTH and not any(c.cost < 1.0 for c in best.values()):
            for variant, rewrite_cost in variants[:4]:
                for form, flip_cost, bonus in self._unlisted_forms(variant.lower(), stripped, original_valid):
                    cased = _recase(variant, form)
                    if cased != token and cased not in best and lexicon.is_word(cased):
                        cost = rewrite_cost + flip_cost
                        score = self._score(cased) + bonus - COST_SCALE * cost
                        best[cased] = Candidate(cased, score, cost)
        if stripped and not original_valid and not best and len(token) >= THREE_PART_LENGTH and token.isalpha():
            # a long compound of three words, its middle one of the other vowel harmony (ympäristö|muuttuja|
            # määrittelynä), that wordfreq cut into no listed words: Voikko must accept the whole form
            for form, flip_cost in self._three_part_forms(token.lower(), stripped):
                cased = _recase(token, form)
                if lexicon.is_word(cased):
                    score = self._score(cased) - HARMONY_PENALTY - COST_SCALE * flip_cost
                    if cased not in best or best[cased].score < score:
                        best[cased] = Candidate(cased, score, flip_cost)
        if stripped and not original_valid and not lexicon.known(token):
            front = _neutral_stem_front(token)
            if front is not None and front not in best:
                best[front] = Candidate(front, NEUTRAL_STEM_SCORE, 0.0)
        candidates = tuple(sorted(best.values(), key=lambda c: -c.score)[:4])
        return Verdict(original_score, original_valid, candidates)

    def near_verdict(self, token: str, stripped: bool) -> Verdict:
        """The last resort for a word of an unsure OCR reading that neither Voikko nor wordfreq knows and the
        confusion model could not mend: words one dropped or one look-alike letter away. Cached per token."""
        return self._near_verdicts[(token, stripped)]

    def _judge_near(self, token: str, stripped: bool) -> Verdict:
        best: dict[str, Candidate] = {}
        if len(token) >= MIN_EDIT_LENGTH and token.isalpha() and token[1:].islower() and not self.lexicon.known(token):
            self._single_edits(token, stripped, best)
        if not token.islower():  # a capitalised word may be a name: only a common word near it is proof
            best = {word: c for word, c in best.items() if self.lexicon.zipf(word) >= NEAR_CAPITALISED_ZIPF}
        return Verdict(UNKNOWN_SCORE, False, tuple(sorted(best.values(), key=lambda c: -c.score)[:4]))

    def _spellings(self, variant: str, stripped: bool) -> Iterator[tuple[str, float]]:
        """The variant's spellings with dots added or removed as the umlaut index lists them, recased like
        the variant, each with the cost of its flips (flips `_flip_cost` rules out are left out)."""
        lower = variant.lower()
        skeleton = strip_umlauts(lower)
        forms = self.lexicon.umlaut_forms(skeleton)
        for form in (skeleton, *forms) if skeleton not in forms else forms:
            if form == lower:  # the variant's own letters (most words): no flips
                yield variant if variant == lower else _recase(variant, form), 0.0
                continue
            flip_cost = self._flip_cost(lower, form, stripped)
            if flip_cost is not None:
                yield _recase(variant, form), flip_cost

    def _single_edits(self, token: str, stripped: bool, best: dict[str, Candidate]) -> None:
        """Candidates one dropped letter (not the first) or one look-alike letter away, with their umlaut
        spellings: O(length) lookups."""
        edits: dict[str, float] = {}
        for i in range(len(token)):
            if i:
                edits.setdefault(token[:i] + token[i + 1 :], SPECK_WEIGHT)
            for wrong, right, weight in self.lookalikes.get(token[i], ()):
                if token.startswith(wrong, i):
                    variant = token[:i] + right + token[i + len(wrong) :]
                    edits[variant] = min(weight, edits.get(variant, math.inf))
        for variant, edit_cost in edits.items():
            for cased, flip_cost in self._spellings(variant, stripped):
                if len(cased) > 1 and self.lexicon.is_word(cased):
                    cost = edit_cost + flip_cost
                    score = self._score(cased) - COST_SCALE * cost
                    if cased not in best or best[cased].score < score:
                        best[cased] = Candidate(cased, score, cost)

    def _web_dotted(self, word: str, token: str) -> bool:
        """A dotted spelling Voikko rejects but the web uses (näinollen, shelliä), for a token with fewer dots:
        a stripped web spelling ("etta") has lost dots, this one has kept them."""
        return (
            len(token) >= MIN_REWRITE_LENGTH
            and self.lexicon.zipf(word) >= WEB_DOTTED_ZIPF
            and _count_dots(word) > _count_dots(token)
        )

    def _unlisted_forms(self, lower: str, stripped: bool, valid: bool = False) -> Iterator[tuple[str, float, float]]:
        """(form, flip cost, score bonus) for dotted spellings of a word wordfreq never saw (long compounds,
        rare inflections): the word cut into listed words ("syotto|tiedosto|virhetta"), or by vowel harmony
        the whole word, or a front and a back part of it, taking dots on all its a/o."""
        skeleton = strip_umlauts(lower)
        positions = [i for i, c in enumerate(skeleton) if c in "ao"]
        if not positions:
            return
        compound = self._compound(skeleton)
        if compound is not None:
            cost = self._flip_cost(lower, compound, stripped)
            if cost is not None:
                # a valid word can be cut anywhere ("tulos|teissä"): a cut is proof only where Voikko sees a compound
                yield compound, cost, COMPOUND_BONUS if not valid or self._is_compound(lower) else 0.0
        for cut in range(len(positions) + 1):
            for front_first in (True, False):
                chars = list(skeleton)
                for k, i in enumerate(positions):
                    if (k < cut) == front_first:
                        chars[i] = _DOT[chars[i]]
                form = "".join(chars)
                if form != compound:
                    cost = self._flip_cost(lower, form, stripped)
                    if cost is not None:
                        yield form, cost, -HARMONY_PENALTY if harmony_clash(form) else 0.0

    def _loan_compound(self, word: str) -> bool:
        """A word Voikko accepts followed by a word it does not that wordfreq knows well (a loan word)."""
        lexicon = self.lexicon
        for cut in range(MIN_LOAN_PART, len(word) - MIN_LOAN_PART + 1):
            tail = word[cut:]
            if lexicon.zipf(tail) >= LOAN_TAIL_ZIPF and not lexicon.is_word(tail) and lexicon.is_word(word[:cut]):
                return True
        return False

    def _three_part_forms(self, lower: str, stripped: bool) -> Iterator[tuple[str, float]]:
        """(form, flip cost) for the word's a/o dotted in three runs, the middle one unlike the others: O(n²) forms
        for n a/o (a word has few)."""
        skeleton = strip_umlauts(lower)
        positions = [i for i, c in enumerate(skeleton) if c in "ao"]
        if len(positions) > MAX_THREE_PART_VOWELS:
            return
        for first in range(1, len(positions)):
            for second in range(first + 1, len(positions)):
                for middle_front in (True, False):
                    chars = list(skeleton)
                    for k, i in enumerate(positions):
                        if (first <= k < second) == middle_front:
                            chars[i] = _DOT[chars[i]]
                    form = "".join(chars)
                    cost = self._flip_cost(lower, form, stripped)
                    if cost is not None:
                        yield form, cost

    def _is_compound(self, word: str) -> bool:
        """Voikko reads the word as a compound (its STRUCTURE has two word starts `=`): hallinto=saanto."""
        return any(analysis.get("STRUCTURE", "").count("=") > 1 for analysis in self.lexicon.analyze(word))

    def _compound(self, skeleton: str) -> str | None:
        """The skeleton cut into the fewest listed words (then the most frequent), each with its best dots:
        "syottotiedostovirhetta" -> "syöttö|tiedosto|virhettä". Dynamic programming, O(n²) lookups."""
        lexicon = self.lexicon
        n = len(skeleton)
        if n > 40:
            return None
        best: list[tuple[int, float, str] | None] = [None] * (n + 1)
        best[0] = (0, 0.0, "")
        for end in range(MIN_PART, n + 1):
            for start in range(0, end - MIN_PART + 1):
                before = best[start]
                if before is None:
                    continue
                part = skeleton[start:end]
                forms = [f for f in (part, *lexicon.umlaut_forms(part)) if lexicon.known(f)]
                if not forms:
                    continue
                form = max(forms, key=lexicon.zipf)
                key = (before[0] + 1, before[1] - lexicon.zipf(form), before[2] + form)
                current = best[end]
                if current is None or key[:2] < current[:2]:
                    best[end] = key
        result = best[n]
        return result[2] if result is not None and result[0] > 1 else None

    # ---- decisions ----------------------------------------------------------------------------

    def decide(
        self,
        token: str,
        stripped: bool,
        neighbours: tuple[str, str],
        ocr_confidence: float | None,
        document: dict[str, int] | None = None,
    ) -> Edit | None:
        """The edit for one token at offset 0 (the caller moves it), or None to leave it alone. `document`:
        how often each (lower-case) word occurs in the whole document (see document_words)."""
        if token in self.replacements:
            return Edit(0, len(token), self.replacements[token], "replacement", 1.0)
        if self._surely_right(token, stripped):
            return None
        verdict = self.verdict(token, stripped)
        unsure = ocr_confidence is not None and ocr_confidence < UNSURE_READING
        if unsure and not verdict.candidates and verdict.original_score == UNKNOWN_SCORE:
            verdict = self.near_verdict(token, stripped)
        if not verdict.candidates:
            return self._document_spelling(token, stripped, verdict, document, ocr_confidence)
        original_score = verdict.original_score + self._context(token, neighbours)
        candidates = verdict.candidates
        if strip_umlauts(neighbours[0].lower()) in NEGATIONS:
            candidates = tuple(c for c in candidates if not self._negation_verb(c.word))
            if not candidates:
                return None
        seen_elsewhere = document if document and self.lexicon.zipf(token) < DOCUMENT_RARE_ZIPF else {}
        scored = sorted(
            (
                (
                    c.score
                    + self._context(c.word, neighbours)
                    + (DOCUMENT_BONUS if seen_elsewhere.get(c.word.lower()) else 0.0),
                    c,
                )
                for c in candidates
            ),
            key=lambda x: -x[0],
        )
        best_score, best = scored[0]
        if token.isupper() and len(token) < SHORT_CAPS and self.lexicon.zipf(best.word) < SHORT_CAPS_ZIPF:
            return None
        gain = best_score - original_score
        if verdict.original_valid:
            needed = VALID_MARGIN[stripped]
        else:
            needed = KNOWN_MARGIN[stripped] if self.lexicon.zipf(token) >= 2.0 else 0.0
        flips_only = strip_umlauts(token.lower()) == strip_umlauts(best.word.lower())
        # Tesseract was sure of the word: ask for more proof, unless the page lost its umlauts (the English
        # model reads "paatos" with full confidence)
        if ocr_confidence is not None and ocr_confidence > 80 and not (stripped and flips_only):
            needed += (ocr_confidence - 80) / 10
        if gain <= needed:
            return None
        # scores are log10-like (Zipf): the winner's share of the probability mass is its confidence
        total = sum(10 ** (score - best_score) for score, _ in scored) + 10 ** (original_score + needed - best_score)
        confidence = round(1.0 / total, 3)
        reason = "ocr-confusion"
        if not verdict.original_valid and harmony_clash(token) and not harmony_clash(best.word):
            confidence = round(min(1.0, confidence + 0.1), 3)  # mixed vowel harmony: the original was damaged
        if flips_only:
            reason = "umlaut-restored" if _count_dots(best.word) > _count_dots(token) else "umlaut-removed"
            if reason == "umlaut-removed" and self.lexicon.known(token) and _loan_ending(token.lower()):
                return None  # parametriä, parametrinä: a spelling the web uses, not a false umlaut
        return Edit(0, len(token), best.word, reason, confidence, apply=confidence >= self.flag_below)

    def _document_spelling(
        self,
        token: str,
        stripped: bool,
        verdict: Verdict,
        document: dict[str, int] | None,
        ocr_confidence: float | None = None,
    ) -> Edit | None:
        """A word no lexicon knows (a name: "Käkskerran") with dots the same document writes without them more often
        elsewhere ("Satava-Kakskerran"): the dots were false umlauts of a noisy scan."""
        if stripped or not document or verdict.original_score != UNKNOWN_SCORE:
            return None
        needed = DOCUMENT_SPELLING_COUNT + document.get(token.lower(), 0)
        plain = strip_umlauts(token)
        if plain != token and document.get(plain.lower(), 0) >= needed:
            return Edit(0, len(token), plain, "umlaut-removed", 0.8, self.flag_below <= 0.8)
        if ocr_confidence is None:
            return None  # typed text: an unknown word is what the writer typed
        best, count = None, needed - 1
        for variant in self._document_variants(token):
            seen = document.get(variant.lower(), 0)
            if seen > count:
                best, count = variant, seen
        if best is None:
            return None
        return Edit(0, len(token), best, "ocr-confusion", 0.8, self.flag_below <= 0.8)

    def _document_variants(self, token: str) -> Iterator[str]:
        """The token's spellings under the confusion model or with one look-alike letter (no dropped letter: that
        is often another inflection of the same word, "aptituden" / "aptitude")."""
        for variant, _ in self.variants(token)[1:]:
            yield variant
        if len(token) >= MIN_EDIT_LENGTH:
            for i in range(1, len(token)):
                for wrong, right, _ in self.lookalikes.get(token[i], ()):
                    if token.startswith(wrong, i):
                        yield token[:i] + right + token[i + len(wrong) :]

    def _negation_verb(self, word: str) -> bool:
        """Voikko reads the word as a negative verb only (älä, älkää, eivät)."""
        analyses = self.lexicon.analyze(word)
        return bool(analyses) and all(a.get("CLASS") == "kieltosana" for a in analyses)

    def _surely_right(self, token: str, stripped: bool) -> bool:
        """A common valid word in ordinary text, or one without a/o or OCR look-alikes in text that lost its
        umlauts, is never changed: skip the candidate search (most words of a page)."""
        lexicon = self.lexicon
        if not stripped:
            return lexicon.zipf(token) >= SURE_ZIPF and lexicon.is_word(token)
        return not any(c in "aoAO" or c in self.rewrites for c in token) and lexicon.is_word(token)

    def _context(self, word: str, neighbours: tuple[str, str]) -> float:
        partners = self.phrases.get(word.lower())
        if not partners:
            return 0.0
        return (
            PHRASE_BONUS
            if any(strip_umlauts(n.lower()) in partners or n.lower() in partners for n in neighbours)
            else 0.0
        )

    def _colon_ending(self, offset: int, token: str) -> list[Edit]:
        """In text that lost its umlauts, repair a word stem before a colon ("tarkeys:lle") and give the case
        ending after it the stem's vowel harmony."""
        match = _COLON_ENDING.match(token)
        if match is None:
            return []
        edits: list[Edit] = []
        stem = match["stem"]
        if stem.isalpha() and self.repairable(stem):
            edit = self.decide(stem, True, ("", ""), None)
            if edit is not None and edit.apply:
                edits.append(Edit(offset, offset + len(stem), edit.replacement, edit.reason, edit.confidence))
                stem = edit.replacement
        elif not stem.isalpha():  # ryhma-ID:t, ryhma-id:illa
            runs = self._markup_edits(offset, stem, ("", ""))
            edits += runs
            for edit in reversed(runs):
                stem = stem[: edit.start - offset] + edit.replacement + stem[edit.end - offset :]
        if not self._front_stem(stem):
            return edits
        ending = match["ending"]
        fixed = ending.translate(_TO_FRONT)
        if fixed != ending:
            start = offset + match.start("ending")
            edits.append(Edit(start, start + len(ending), fixed, "umlaut-restored", 0.9, self.flag_below <= 0.9))
        return edits

    def _markup_edits(
        self, offset: int, token: str, neighbours: tuple[str, str], stripped: bool = True, rewrites: bool = False
    ) -> list[Edit]:
        """In text that lost its umlauts: the dots of the words inside a token that is no word itself (markup,
        placeholders, paths), for words no lexicon knows as they stand; on OCR pages of ordinary text, the false
        or lost dots of such words ("1:Osäyleiskaavan"), and with `rewrites` their other OCR confusions too
        ("3Osayleiskaaävan"). Addresses are left alone."""
        if _ADDRESS.search(token) is not None:
            return []
        edits: list[Edit] = []
        for match in _MARKUP_RUN.finditer(token):
            run = match.group()
            if run == token or not self.repairable(run) or self.lexicon.is_word(run):
                continue
            edit = self.decide(run, stripped, neighbours, None)
            # Voikko must accept the dotted word: a web spelling ("wärn") is no proof inside markup
            if (
                edit is not None
                and edit.apply
                and (
                    edit.reason == "umlaut-restored"
                    or (not stripped and edit.reason == "umlaut-removed")
                    or (rewrites and edit.reason == "ocr-confusion")
                )
                and self.lexicon.is_word(edit.replacement)
            ):
                start = offset + match.start()
                edits.append(Edit(start, start + len(run), edit.replacement, edit.reason, edit.confidence))
        return edits

    def _front_stem(self, stem: str) -> bool:
        """Whether a colon stem reads with front vowels: a word by its vowel harmony (MILLOIN:a, HOME:sta; a
        capitalised word only if it is Finnish), a short lower-case non-word letter by letter (uid:tä)."""
        core = stem.rstrip("'\"”").lstrip("$")
        if core.isalpha() and len(core) > 1:
            lower = core.lower()
            if self.lexicon.is_word(lower) or self.lexicon.is_word(core):
                return harmony_front(lower)
            if core.islower() and len(core) <= SPELLED_OUT:
                return core[-1] not in _BACK_NAMES
        return _front_stem(stem)

    def _glued(self, token: str, stripped: bool, confidence: float | None = None) -> str | None:
        """Two words a blurred space joined with a mark (OCR pages): "parantamiseen.on", "jossa-on",
        "luonnoskartta:pvm", "räkentamiseen'soveltuvat" (none of ".:'" between two words in the true text of the
        tuning and dev sets); a hyphen only before a function word ("ei-negatiivinen" is a compound). A part may be
        a word only once repaired ("palkkatäso'on" -> "palkkataso on")."""
        match = _GLUED.match(token)
        if match is None:
            return None
        first, mark, second = match.groups()
        if mark == "." and second in _FILE_ENDINGS:
            return None  # kemi.fi, liite.pdf
        lexicon = self.lexicon
        if lexicon.is_word(first + second) or (mark in "'’" and lexicon.is_word(token)):
            return None  # vaa'an
        # a hyphen before a function word other than a conjunction ("sosiaali- ja" shortens a compound), and not
        # between equal vowels, where a compound needs it ("lupa-asian", "vapaa-ajan"); before another word only
        # where Tesseract was unsure and Voikko knows no such compound ("tehtävistä-liikennejärjestelyiden": 12 of
        # 12 below 80 % in the dev sets; "suuntaa-antava", "Näkymät-valikossa" are read surely)
        if mark == "-" and (
            second in _CONJUNCTIONS
            or first[-1] == second[0]
            or (
                lexicon.zipf(second) < FUNCTION_WORD_ZIPF
                and (confidence is None or confidence >= UNSURE_HYPHEN or lexicon.is_word(token))
            )
        ):
            return None
        first, second = self._as_word(first, stripped), self._as_word(second, stripped)
        if first is None or second is None:
            return None
        if (mark == ":" or lexicon.zipf(second) < FUNCTION_WORD_ZIPF) and lexicon.is_word(f"{first}-{second}"):
            # a compound once its parts are repaired ("västata-verbiin", "loma-äsuntoalueisiin"); a colon there was
            # a blurred hyphen ("Toimeenpanö:ohjelma"). Before a function word the hyphen was a space all the same.
            return None if mark == "-" else f"{first}-{second}"
        return f"{first} {second}"

    def _as_word(self, part: str, stripped: bool) -> str | None:
        """The part if it is a word, else its repair if that is one (a sure change to a word Voikko accepts)."""
        if self.lexicon.is_word(part):
            return part
        edit = self.decide(part, stripped, ("", ""), None) if self.repairable(part) else None
        if edit is None or not edit.apply or not self.lexicon.is_word(edit.replacement):
            return None
        return edit.replacement

    def _fragment(self, part: str) -> bool:
        """A piece OCR cut off a word: no word itself, and short or unknown to wordfreq."""
        return not self.lexicon.is_word(part) and (len(part) <= MAX_FRAGMENT or not self.lexicon.known(part))

    def split_or_join(self, token: str, following: str | None) -> tuple[str, str, float] | None:
        """A word OCR merged with a short word ("kokouksenja"), or cut in two ("päätösvaltai nen")."""
        lexicon = self.lexicon
        if following is not None:
            joined = token + following
            # a long unknown word after a valid one is a word of its own ("olevan kursiivinen"), not a cut-off piece
            fragment = self._fragment(token) or (
                self._fragment(following) and not (len(following) > MAX_FRAGMENT and lexicon.is_word(token))
            )
            if following.islower() and fragment and (lexicon.is_word(joined) or lexicon.zipf(joined) >= 2.0):
                return joined, "join", 0.9
            return None
        if lexicon.is_word(token) or lexicon.zipf(token) >= 1.5:
            return None
        lower = token.lower()
        for short in SPLIT_WORDS:
            rest = len(lower) - len(short)
            if lower.endswith(short) and rest >= 4 and lexicon.is_word(token[:rest]):
                return f"{token[:rest]} {token[rest:]}", "split", 0.9
        for short in LEADING_WORDS:
            cut = len(short)
            if lower.startswith(short) and len(lower) - cut >= 4 and lexicon.is_word(token[cut:]):
                return f"{token[:cut]} {token[cut:]}", "split", 0.85
        return None

    def find_edits(
        self,
        text: str,
        stripped: bool = False,
        confidences: dict[str, float] | None = None,
        document: dict[str, int] | None = None,
    ) -> list[Edit]:
        """Repair edits for one page of text; `document`: the word counts of its whole document (document_words)."""
        tokens = list(self.tokens(text))
        line_starts = [m.start() for m in re.finditer("\n", text)]
        swedish_lines = _swedish_lines(tokens, line_starts)
        edits: list[Edit] = []
        skip_until = -1
        for index, (offset, token) in enumerate(tokens):
            if stripped and ":" in token:
                edits += self._colon_ending(offset, token)
                continue
            if stripped and index >= 2 and tokens[index - 1][1] == ":" and _SPACED_ENDING.match(token):
                stem_offset, stem = tokens[index - 2]
                if text[stem_offset + len(stem) : offset] in (": ", " :") and self._front_stem(stem):
                    edits.append(
                        Edit(
                            offset,
                            offset + len(token),
                            token.translate(_TO_FRONT),
                            "umlaut-restored",
                            0.9,
                            self.flag_below <= 0.9,
                        )
                    )
                continue
            if (
                confidences is not None
                and _GLUED.match(token) is not None  # cheap test first: the confidence lookup scans for the chunk
                and (glued := self._glued(token, stripped, confidences.get(_chunk(text, offset)))) is not None
            ):
                edits.append(Edit(offset, offset + len(token), glued, "split", 0.8, self.flag_below <= 0.8))
                continue
            # Länsi-Uudenmaan, käyttäjä- (ja), -ohjelma; and in "(keskeyta)-signaalia", "ext2-tiedostojarjestelmassa"
            # the parts that are words
            hyphenated = "-" in token and (_HYPHENATED.match(token) is not None or _WORD_PART.search(token) is not None)
            if offset < skip_until:
                continue
            if swedish_lines and bisect.bisect(line_starts, offset) in swedish_lines:
                continue
            # a number run into the word after it ("4Osayleiskäavan", an attachment's number) is no word itself
            numbered = _NUMBERED_WORD.match(token) is not None
            if numbered or not (hyphenated or self.repairable(token)):
                if (stripped or confidences is not None) and len(token) > 3:
                    edits += self._markup_edits(offset, token, ("", ""), stripped, numbered and confidences is not None)
                continue
            parts = [(offset, token)]
            if hyphenated:
                parts = list(_hyphen_parts(offset, token))
            previous = tokens[index - 1][1] if index else ""
            following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
            for part_offset, part in parts:
                if not self.repairable(part):
                    if stripped and len(parts) > 1 and len(part) > 3:  # "(keskeyta)-signaalia"
                        edits += self._markup_edits(part_offset, part, ("", ""))
                    continue
                confidence = (
                    None if confidences is None else confidences.get(token, confidences.get(_chunk(text, offset)))
                )
                edit = self.decide(part, stripped, (previous, following), confidence, document)
                if edit is not None:
                    edits.append(
                        Edit(
                            part_offset,
                            part_offset + len(part),
                            edit.replacement,
                            edit.reason,
                            edit.confidence,
                            edit.apply,
                        )
                    )
                    continue
                if len(parts) > 1:
                    continue
                nxt = tokens[index + 1] if index + 1 < len(tokens) else None
                glued = (
                    nxt is not None
                    and nxt[1].islower()
                    and (self._fragment(part) or self._fragment(nxt[1]))  # cheap tests first: most words pass here
                    and text[offset + len(token) : nxt[0]] == " "
                    and self.repairable(nxt[1])
                    and self.decide(nxt[1], stripped, (token, ""), None) is None
                )
                change = self.split_or_join(part, nxt[1]) if glued and nxt is not None else None
                if change is None:
                    change = self.split_or_join(part, None)
                if change is None:
                    continue
                replacement, reason, confidence = change
                if reason == "join":  # the joined word may itself need its umlauts back
                    repaired = self.decide(replacement, stripped, (previous, ""), None)
                    if repaired is not None and repaired.apply:
                        replacement = repaired.replacement
                end = offset + len(token)
                if reason == "join" and nxt is not None:
                    end = nxt[0] + len(nxt[1])
                    skip_until = end
                edits.append(Edit(offset, end, replacement, reason, confidence, confidence >= self.flag_below))
        return edits


def _chunk(text: str, offset: int) -> str:
    """The whitespace-separated word around `offset` (Tesseract's word, punctuation included: "kotikakemiston,")."""
    start = offset
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = offset
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def _front_stem(stem: str) -> bool:
    """Whether a colon stem (acronym, number, letter, quoted character) reads with front vowels."""
    core = stem.rstrip("'\"”")
    if core[-1:].isdigit():
        if core.endswith("00"):
            return False  # sata, tuhat
        if core.endswith("0"):
            return len(core) > 1  # kymmenen, -kymmentä; a lone 0 is nolla
        return core[-1] not in _BACK_NAMES
    if len(core) > 1 and not core.isupper():
        return harmony_front(core)
    return core[-1:] not in _BACK_NAMES


def harmony_front(word: str) -> bool:
    for char in reversed(word.lower()):
        if char in "äöy":
            return True
        if char in "aou":
            return False
    return True  # only e and i: front


def _neutral_stem_front(token: str) -> str | None:
    """The token with a front case ending if its stem has only e, i and y ("shellia" -> "shelliä"), else None."""
    match = _NEUTRAL_STEM_ENDING.match(token.lower())
    if match is None or not any(c in "eiy" for c in match["stem"][:-1]):
        return None
    return _recase(token, match["stem"] + match["ending"].translate(_TO_FRONT))


def _loan_ending(word: str) -> bool:
    """The dots are only in an ending after e or i that follow the last back vowel (parametr|iä, hieroglyf|ejä):
    loan words take either ending there, and writers differ."""
    dots = [i for i, c in enumerate(word) if c in "äö"]
    if not dots or "y" in word:
        return False
    backs = [i for i, c in enumerate(word) if c in "aou"]
    if not backs or backs[-1] > dots[0]:
        return False
    return any(c in "ei" for c in word[backs[-1] + 1 : dots[0]])


def _count_dots(word: str) -> int:
    return sum(c in "äöåÄÖÅ" for c in word)


def _hyphen_parts(offset: int, token: str) -> Iterator[tuple[int, str]]:
    position = 0
    for part in token.split("-"):
        yield offset + position, part
        position += len(part) + 1


def _swedish_lines(tokens: list[tuple[int, str]], line_starts: list[int]) -> set[int]:
    """Lines (indexes) with at least two Swedish function words."""
    hits: dict[int, int] = {}
    for offset, token in tokens:
        if token.lower() in SWEDISH:
            line = bisect.bisect(line_starts, offset)
            hits[line] = hits.get(line, 0) + 1
    return {line for line, count in hits.items() if count >= 2}


def document_words(texts: list[str]) -> dict[str, int]:
    """Lower-case word counts of a document's pages, in one linear pass: a rare word whose other spelling
    the same document writes elsewhere ("saantokirjan" beside "sääntökirjan") was probably damaged here."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in _WORD.findall(text):
            lower = word.lower()
            counts[lower] = counts.get(lower, 0) + 1
    return counts


def looks_stripped(
    texts: list[str],
    min_words: int = 20,
    max_ratio: float = 0.01,
    lexicon: Lexicon | None = None,
    counts: dict[str, int] | None = None,
) -> bool:
    """Finnish text that lost its umlauts: many words, (almost) none with ä/ö/å.

    Ordinary Finnish prose has ä or ö in a quarter to a third of its words; OCR with an English
    model leaves none. A text too short to tell by its share (a paragraph of 9 words) lost them too if
    it has no dotted word at all and at least two words whose dotted spelling is ten times as common
    (`pitaa`, `Paivita`): with the `lexicon` only. `counts`: the texts' document_words, if already counted
    (words are judged once per distinct word).
    """
    words = dotted = 0
    undotted: list[str] = []
    for word, count in (counts if counts is not None else document_words(texts)).items():
        if len(word) < 3:
            continue
        words += count
        if any(c in "äöå" for c in word):
            dotted += count
        else:
            undotted.append(word)
    if words >= min_words:
        return dotted <= max_ratio * words
    if dotted or lexicon is None or words < SHORT_TEXT_WORDS:
        return False
    evidence = 0
    for word in undotted:
        plain = lexicon.zipf(word)
        if any(lexicon.zipf(form) >= plain + STRIPPED_EVIDENCE_ZIPF for form in lexicon.umlaut_forms(word)):
            evidence += counts[word] if counts is not None else 1
    return evidence >= STRIPPED_EVIDENCE_WORDS
