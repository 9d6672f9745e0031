"""`minutes rules learn OCR_TEXT CORRECT_TEXT`: confusion counts from a page an archivist corrected by hand.

The two texts are aligned word by word (Levenshtein opcodes over word lists), then each changed word
character by character. Runs of differing characters of equal length count as single-character
confusions (`a`->`ä` twice for "paatos"/"päätös"); runs of unequal length as one multi-character
confusion (`rn`->`m`); a lost or an extra character takes its neighbour along (`l`->`ll`). Pairs of
punctuation only (`;`->`,`) are not kept: no step of the cleaner uses them. Every pair
also counts its chances: how often its right side occurs in the aligned correct text. The counts add up
in learned_confusions.tsv; the weight formula is in corrections/README.md (pipeline.rules.learned_weight).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from pipeline.files import locked, write_atomically
from pipeline.rules import LEARNED, Problem, RulesError, check_rules

PAGE_MARK = "# page "  # a learned page's digest, so that it is never counted twice
MAX_SIDE = 3  # longer differences are rewrites by the archivist, not OCR confusions
MIN_SIMILARITY = 0.5  # word pairs less alike than this are different words, not damaged ones
HEADER = (
    "# Learned by `minutes rules learn` from pages corrected by hand: wrong<TAB>right<TAB>seen<TAB>chances.\n"
    "# seen: how often OCR wrote 'wrong' for 'right'; chances: how often 'right' was in the aligned text.\n"
    "# They update the weights of confusions.tsv (formula: corrections/README.md). Delete a line to forget it.\n"
)


@dataclass(frozen=True, slots=True)
class Learned:
    wrong: str
    right: str
    seen: int  # totals after this page
    chances: int
    added_seen: int  # from this page
    old_weight: float | None  # effective weight before (None: the pair was not in use)
    new_weight: float | None


def observe(ocr: str, truth: str) -> tuple[Counter[tuple[str, str]], str]:
    """Confusions seen between an OCR text and its correction, and the aligned correct text."""
    ocr_words = _nfc(ocr).split()
    truth_words = _nfc(truth).split()
    seen: Counter[tuple[str, str]] = Counter()
    aligned: list[str] = []
    for op in Levenshtein.opcodes(ocr_words, truth_words):
        ocr_part = ocr_words[op.src_start : op.src_end]
        truth_part = truth_words[op.dest_start : op.dest_end]
        if op.tag == "equal":
            aligned.extend(truth_part)
        elif op.tag == "replace":
            pairs = zip(ocr_part, truth_part, strict=True) if len(ocr_part) == len(truth_part) else []
            if not pairs:
                pairs = [(" ".join(ocr_part), " ".join(truth_part))]
            for wrong_word, right_word in pairs:
                short = min(len(wrong_word), len(right_word)) < 3  # "8" for "§"
                if not short and Levenshtein.normalized_similarity(wrong_word, right_word) < MIN_SIMILARITY:
                    continue
                aligned.append(right_word)
                seen.update(_characters(wrong_word, right_word))
    return seen, " ".join(aligned)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _characters(ocr: str, truth: str) -> list[tuple[str, str]]:
    pairs = []
    for op in _merged(Levenshtein.opcodes(ocr, truth)):
        i1, i2, j1, j2 = op
        if i2 - i1 == j2 - j1:
            pairs.extend((a, b) for a, b in zip(ocr[i1:i2], truth[j1:j2], strict=True) if a != b)
            continue
        if i1 == i2 or j1 == j2:  # a lost or an extra character: take a neighbour along
            if i1 > 0:
                i1, j1 = i1 - 1, j1 - 1
            elif i2 < len(ocr):
                i2, j2 = i2 + 1, j2 + 1
            else:
                continue
        pairs.append((ocr[i1:i2], truth[j1:j2]))
    return [(wrong, right) for wrong, right in pairs if _useful(wrong) and _useful(right)]


def _useful(side: str) -> bool:
    """Short, no spaces, and a letter, digit or § in it: the word repair and § restoration use nothing else."""
    if not 0 < len(side) <= MAX_SIDE or any(c.isspace() for c in side):
        return False
    return any(c.isalnum() or c == "§" for c in side)


def _merged(opcodes: Levenshtein.Opcodes) -> list[tuple[int, int, int, int]]:
    """Adjacent non-equal opcodes as one block (src start, src end, dest start, dest end)."""
    blocks: list[list[int]] = []
    for op in opcodes:
        if op.tag == "equal":
            continue
        if blocks and blocks[-1][1] == op.src_start and blocks[-1][3] == op.dest_start:
            blocks[-1][1], blocks[-1][3] = op.src_end, op.dest_end
        else:
            blocks.append([op.src_start, op.src_end, op.dest_start, op.dest_end])
    return [(a, b, c, d) for a, b, c, d in blocks]


def learn(directory: Path, ocr: str, truth: str) -> list[Learned]:
    """Add one page's evidence to learned_confusions.tsv; the pairs it changed, with old and new weights."""
    path = directory / LEARNED
    digest = hashlib.sha256(f"{_nfc(ocr)}\0{_nfc(truth)}".encode()).hexdigest()[:16]
    with locked(directory):
        before, problems = check_rules(directory)
        if problems:
            raise RulesError(problems)
        old_lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
        if f"{PAGE_MARK}{digest}" in old_lines:
            line = old_lines.index(f"{PAGE_MARK}{digest}") + 1
            raise RulesError([Problem(path, line, "this page and its correction were learned already")])
        seen, aligned = observe(ocr, truth)
        counts = dict(before.learned)
        listed = {(c.wrong, c.right) for c in before.confusions}
        old_weights = {(c.wrong, c.right): c.weight for c in before.confusions}
        keys = list(dict.fromkeys([*counts, *sorted(listed), *sorted(seen)]))
        for key in keys:
            chances = aligned.count(key[1])
            old_seen, old_chances = counts.get(key, (0, 0))
            new_seen = old_seen + seen.get(key, 0)
            counts[key] = (new_seen, max(old_chances + chances, new_seen))
        text = _rewrite(path, counts, digest)
        after, problems = check_rules(directory, {LEARNED: text})
        if problems:
            raise RulesError(problems)
        write_atomically(path, text)
    new_weights = {(c.wrong, c.right): c.weight for c in after.confusions}
    return [
        Learned(w, r, *counts[(w, r)], seen.get((w, r), 0), old_weights.get((w, r)), new_weights.get((w, r)))
        for w, r in keys
        if old_weights.get((w, r)) != new_weights.get((w, r)) or seen.get((w, r))
    ]


def _rewrite(path: Path, counts: dict[tuple[str, str], tuple[int, int]], digest: str) -> str:
    """The file with its counts updated in place (comments and order kept) and new pairs appended."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else HEADER.splitlines()
    written: set[tuple[str, str]] = set()
    out = []
    for line in lines:
        fields = line.split("\t")
        key = (fields[0], fields[1]) if len(fields) == 4 and not line.startswith("#") else None
        if key is not None and key in counts:
            line = "\t".join([*key, *(str(n) for n in counts[key])])
            written.add(key)
        out.append(line)
    out.append(f"{PAGE_MARK}{digest}")  # counted once: the same page cannot be learned twice
    for key, (seen, chances) in counts.items():
        if key not in written:
            out.append(f"{key[0]}\t{key[1]}\t{seen}\t{chances}")
    return "\n".join(out) + "\n"
