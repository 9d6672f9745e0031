"""The line-file rule kinds: confusions (and learned counts), protected words, domain words and phrases,
replacements. Each parser reads one file through a Reader and returns its rules; problems go to the Reader."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from pipeline.rules.reader import Example, Problem, Reader

# learned weights: a pair's prior weight counts as PRIOR_STRENGTH observations (README: "learned confusions")
PRIOR_STRENGTH = 20
UNLISTED_PRIOR = 2.0  # prior weight of a pair that confusions.tsv does not list
MIN_SEEN_UNLISTED = 2  # an unlisted pair needs this much evidence before it is used
MIN_WEIGHT, MAX_WEIGHT = 0.05, 10.0
_EDGE_PUNCTUATION = ".,;:!?()[]{}\"'”“«»"


@dataclass(frozen=True, slots=True)
class Confusion:
    """OCR wrote `wrong` where the text had `right`; `weight` is the cost of assuming so (lower = likelier)."""

    wrong: str
    right: str
    weight: float


def confusions(reader: Reader, path: Path) -> list[Confusion]:
    confusions = []
    seen: dict[tuple[str, str], int] = {}
    for row in reader.lines(path, (3, 3), "wrong, right, weight"):
        wrong, right, weight = row.fields
        try:
            value = float(weight)
        except ValueError:
            reader.problem(path, row.number, f"weight {weight!r} is not a number")
            continue
        if not 0 < value <= MAX_WEIGHT or math.isnan(value):
            reader.problem(path, row.number, f"weight {value} outside (0, {MAX_WEIGHT:g}]")
        elif wrong == right:
            reader.problem(path, row.number, f"wrong and right are the same ({wrong!r})")
        elif (wrong, right) in seen:
            reader.problem(path, row.number, f"{wrong!r} -> {right!r} is already on line {seen[(wrong, right)]}")
        else:
            seen[(wrong, right)] = row.number
            confusions.append(Confusion(wrong, right, value))
    return confusions


def learned(reader: Reader, path: Path) -> dict[tuple[str, str], tuple[int, int]]:
    learned: dict[tuple[str, str], tuple[int, int]] = {}
    lines: dict[tuple[str, str], int] = {}
    for row in reader.lines(path, (4, 4), "wrong, right, seen, chances"):
        wrong, right, seen, chances = row.fields
        if not (seen.isdigit() and chances.isdigit()):
            reader.problem(path, row.number, "seen and chances must be whole numbers")
        elif int(seen) > int(chances):
            reader.problem(path, row.number, f"seen {seen} is more than chances {chances}")
        elif wrong == right:
            reader.problem(path, row.number, f"wrong and right are the same ({wrong!r})")
        elif (wrong, right) in lines:
            reader.problem(path, row.number, f"{wrong!r} -> {right!r} is already on line {lines[(wrong, right)]}")
        else:
            lines[(wrong, right)] = row.number
            learned[(wrong, right)] = (int(seen), int(chances))
    return learned


def learned_weight(prior: float | None, seen: int, chances: int) -> float:
    """The weight after observing `seen` of `chances`: -log10 of the smoothed probability (README)."""
    p0 = 10 ** -(prior if prior is not None else UNLISTED_PRIOR)
    probability = (seen + PRIOR_STRENGTH * p0) / (chances + PRIOR_STRENGTH)
    return round(min(MAX_WEIGHT, max(MIN_WEIGHT, -math.log10(probability))), 3)


def merge_learned(confusions: list[Confusion], learned: dict[tuple[str, str], tuple[int, int]]) -> list[Confusion]:
    """Hand-written confusions with their weights updated by the learned counts, plus well-attested new pairs."""
    merged = []
    for confusion in confusions:
        counts = learned.get((confusion.wrong, confusion.right))
        weight = confusion.weight if counts is None else learned_weight(confusion.weight, *counts)
        merged.append(Confusion(confusion.wrong, confusion.right, weight))
    listed = {(c.wrong, c.right) for c in confusions}
    for (wrong, right), (seen, chances) in learned.items():
        if (wrong, right) not in listed and seen >= MIN_SEEN_UNLISTED:
            merged.append(Confusion(wrong, right, learned_weight(None, seen, chances)))
    return merged


def words(reader: Reader, path: Path) -> set[str]:
    """One word per line (protected words): exact forms, case-sensitive."""
    words: dict[str, int] = {}
    for row in reader.lines(path, (1, 1), "one word"):
        word = row.fields[0]
        if " " in word:
            reader.problem(path, row.number, f"{word!r} contains a space: one word per line")
        elif word in words:
            reader.problem(path, row.number, f"{word!r} is already on line {words[word]}")
        else:
            words[word] = row.number
    return set(words)


def domain(reader: Reader, path: Path) -> dict[str, int]:
    """Domain word forms with an optional count (default 1)."""
    words: dict[str, int] = {}
    lines: dict[str, int] = {}
    for row in reader.lines(path, (1, 2), "word form, optional count"):
        word = row.fields[0]
        count = row.fields[1] if len(row.fields) == 2 else "1"
        if not count.isdigit() or int(count) < 1:
            reader.problem(path, row.number, f"count {count!r} is not a whole number above 0")
        elif " " in word:
            reader.problem(path, row.number, f"{word!r} contains a space: one word form per line")
        elif word in lines:
            reader.problem(path, row.number, f"{word!r} is already on line {lines[word]}")
        else:
            lines[word] = row.number
            words[word] = int(count)
    return words


def replacements(reader: Reader, path: Path) -> tuple[dict[str, str], dict[str, int]]:
    """Whole-word replacements as written, and the line of each."""
    replacements: dict[str, str] = {}
    lines: dict[str, int] = {}
    for row in reader.lines(path, (2, 2), "wrong, right"):
        wrong, right = row.fields
        if " " in wrong:
            reader.problem(path, row.number, f"{wrong!r} is more than one word: replacements match whole words")
        elif wrong[0] in _EDGE_PUNCTUATION or wrong[-1] in _EDGE_PUNCTUATION:
            reader.problem(path, row.number, f"{wrong!r} starts or ends with punctuation, never part of a word")
        elif "  " in right:
            reader.problem(path, row.number, f"{right!r} has two spaces in a row")
        elif wrong == right:
            reader.problem(path, row.number, f"wrong and right are the same ({wrong!r})")
        elif wrong in lines:
            reader.problem(
                path, row.number, f"{wrong!r} is already replaced on line {lines[wrong]}: two replacements for one word"
            )
        else:
            lines[wrong] = row.number
            replacements[wrong] = right
    return replacements, lines


def phrases(reader: Reader, path: Path) -> list[str]:
    """Domain phrases, one per line, words separated by single spaces ("Välittävä Kemi")."""
    phrases = []
    for row in reader.lines(path, (1, 1), "one phrase"):
        phrase = row.fields[0]
        if "  " in phrase or len(phrase.split()) < 2:
            reader.problem(path, row.number, "a phrase needs two or more words separated by single spaces")
        else:
            phrases.append(phrase)
    return phrases


def replacement_conflicts(
    reader: Reader, path: Path, written: dict[str, str], lines: dict[str, int], protected: set[str], domain: dict
) -> None:
    domain_lower = {w.lower() for w in domain}
    for wrong, right in written.items():
        line = lines[wrong]
        if wrong in protected:
            reader.problem(path, line, f"{wrong!r} is a protected word (protected.txt), so it is never replaced")
        elif wrong.lower() in domain_lower:
            reader.problem(path, line, f"{wrong!r} is in the domain lexicon (domain_words.tsv) as a right word")
        target = right
        chain = [wrong]
        while target in written and target not in chain:
            chain.append(target)
            target = written[target]
        if target in chain:
            cycle = " -> ".join([*chain, target])
            if lines[wrong] == max(lines[w] for w in chain):  # report a loop once, on its last line
                reader.problem(path, line, f"replacements loop: {cycle}")
        elif len(chain) > 1:
            reader.problem(
                path, line, f"{right!r} is itself replaced (line {lines[right]}): write {wrong!r} -> {target!r}"
            )


def with_case_forms(written: dict[str, str], protected: set[str]) -> dict[str, str]:
    """An entry starting with a lower-case letter also matches its Capitalised and UPPER form (case-aware);
    written entries and protected words win."""
    result = dict(written)
    for wrong, right in written.items():
        if not wrong[0].islower():
            continue
        for recase in (_capitalise, str.upper):
            form = recase(wrong)
            if form != wrong and form not in written and form not in protected:
                result.setdefault(form, recase(right))
    return result


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]


def read_replacements(
    path: Path, text: str | None = None
) -> tuple[list[tuple[str, str, list[Example]]], list[Problem]]:
    """Entries (wrong, right, examples) of a replacements file (or of `text`), e.g. one the review report made."""
    reader = Reader({path.name: text} if text is not None else None)
    entries = [(row.fields[0], row.fields[1], row.examples) for row in reader.lines(path, (2, 2), "wrong, right")]
    return entries, reader.problems
