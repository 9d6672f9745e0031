"""Loads and validates the correction data in `corrections/` (formats: corrections/README.md).

Every loader raises RulesError naming the file and line of a malformed entry, so a maintainer who
edits a file by hand sees exactly what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CONFUSIONS = "confusions.tsv"
PROTECTED = "protected.txt"
DOMAIN = "domain_words.tsv"
REPLACEMENTS = "replacements.tsv"
PHRASES = "domain_phrases.txt"


class RulesError(ValueError):
    """A malformed line in a corrections file; the message names file and line."""


@dataclass(frozen=True, slots=True)
class Confusion:
    """OCR wrote `wrong` where the text had `right`; `weight` is the cost of assuming so (lower = likelier)."""

    wrong: str
    right: str
    weight: float


def _rows(path: Path, columns: tuple[int, int]) -> list[tuple[int, list[str]]]:
    """(line number, fields) of a tab-separated file; `#` starts a comment line, blank lines are skipped."""
    low, high = columns
    rows = []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RulesError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if not low <= len(fields) <= high:
            expected = f"{low}" if low == high else f"{low}-{high}"
            raise RulesError(f"{path}:{number}: expected {expected} tab-separated fields, found {len(fields)}")
        if any(not field.strip() or field != field.strip() for field in fields):
            raise RulesError(f"{path}:{number}: empty field or spaces around a field")
        rows.append((number, fields))
    return rows


def load_confusions(path: Path) -> list[Confusion]:
    confusions = []
    seen: set[tuple[str, str]] = set()
    for number, (wrong, right, weight) in _rows(path, (3, 3)):
        try:
            value = float(weight)
        except ValueError:
            raise RulesError(f"{path}:{number}: weight {weight!r} is not a number") from None
        if not 0 < value <= 10:
            raise RulesError(f"{path}:{number}: weight {value} outside (0, 10]")
        if wrong == right:
            raise RulesError(f"{path}:{number}: wrong and right are the same ({wrong!r})")
        if (wrong, right) in seen:
            raise RulesError(f"{path}:{number}: duplicate confusion {wrong!r} -> {right!r}")
        seen.add((wrong, right))
        confusions.append(Confusion(wrong, right, value))
    return confusions


def load_words(path: Path) -> set[str]:
    """One word per line (protected words): exact forms, case-sensitive."""
    words = set()
    for number, fields in _rows(path, (1, 1)):
        if any(c.isspace() for c in fields[0]):
            raise RulesError(f"{path}:{number}: a protected word contains whitespace")
        words.add(fields[0])
    return words


def load_domain(path: Path) -> dict[str, int]:
    """Domain word forms with an optional count (default 1)."""
    words: dict[str, int] = {}
    for number, fields in _rows(path, (1, 2)):
        word = fields[0]
        count = 1
        if len(fields) == 2:
            if not fields[1].isdigit():
                raise RulesError(f"{path}:{number}: count {fields[1]!r} is not a whole number")
            count = int(fields[1])
        if any(c.isspace() for c in word):
            raise RulesError(f"{path}:{number}: a word form contains whitespace")
        words[word] = words.get(word, 0) + count
    return words


def load_replacements(path: Path) -> dict[str, str]:
    """Whole-word replacements: OCR form -> right form, applied before any search."""
    replacements: dict[str, str] = {}
    for number, (wrong, right) in _rows(path, (2, 2)):
        if wrong in replacements:
            raise RulesError(f"{path}:{number}: {wrong!r} is listed twice")
        replacements[wrong] = right
    return replacements


def load_phrases(path: Path) -> list[str]:
    """Domain phrases, one per line, words separated by single spaces ("Välittävä Kemi")."""
    phrases = []
    for number, fields in _rows(path, (1, 1)):
        if "  " in fields[0] or len(fields[0].split()) < 2:
            raise RulesError(f"{path}:{number}: a phrase needs two or more words separated by single spaces")
        phrases.append(fields[0])
    return phrases


@dataclass(frozen=True, slots=True)
class Rules:
    confusions: list[Confusion]
    protected: set[str]
    domain: dict[str, int]
    replacements: dict[str, str]
    domain_phrases: list[str]


def load_rules(directory: Path) -> Rules:
    """All correction data of one directory; a missing file means an empty rule set of that kind."""

    def read(name: str, loader, empty):  # type: ignore[no-untyped-def]
        path = directory / name
        return loader(path) if path.is_file() else empty

    return Rules(
        confusions=read(CONFUSIONS, load_confusions, []),
        protected=read(PROTECTED, load_words, set()),
        domain=read(DOMAIN, load_domain, {}),
        replacements=read(REPLACEMENTS, load_replacements, {}),
        domain_phrases=read(PHRASES, load_phrases, []),
    )
