"""Loads and validates the correction data in `corrections/` (formats: corrections/README.md).

Every file is read completely and every problem is collected as a `Problem` naming file, line and
reason. `load_rules` refuses a directory with any problem (RulesError lists them all), so a broken
file never silently disables rules and a half-read file is never used. Loaded rules are cached per
directory and file signature: a process reads them once, an edited file is read again.
"""

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.rules import kinds
from pipeline.rules.kinds import Confusion, learned_weight, merge_learned, read_replacements
from pipeline.rules.organs import ORGANS, organs
from pipeline.rules.patterns import PatternRule
from pipeline.rules.patterns import patterns as read_patterns
from pipeline.rules.reader import ARROWS, Example, Problem, Reader, RulesError, example_line, examples_by_entry
from pipeline.rules.regressions import TESTS, RegressionPair, regression_pairs

CONFUSIONS = "confusions.tsv"
LEARNED = "learned_confusions.tsv"
PROTECTED = "protected.txt"
DOMAIN = "domain_words.tsv"
REPLACEMENTS = "replacements.tsv"
PHRASES = "domain_phrases.txt"
PATTERNS = "patterns.toml"
FILES = (CONFUSIONS, LEARNED, PROTECTED, DOMAIN, REPLACEMENTS, PHRASES, PATTERNS, ORGANS)
OTHER_FILES = ("README.md", TESTS)  # read by people or by `rules test`, not by the cleaner

__all__ = [
    "ARROWS",
    "CONFUSIONS",
    "DOMAIN",
    "FILES",
    "LEARNED",
    "ORGANS",
    "PATTERNS",
    "PHRASES",
    "PROTECTED",
    "REPLACEMENTS",
    "TESTS",
    "Confusion",
    "Example",
    "PatternRule",
    "Problem",
    "RegressionPair",
    "Rules",
    "RulesError",
    "check_file",
    "check_rules",
    "example_line",
    "examples_by_entry",
    "learned_weight",
    "load_rules",
    "merge_learned",
    "read_replacements",
    "regression_pairs",
    "unknown_files",
]


@dataclass(frozen=True, slots=True)
class Rules:
    confusions: list[Confusion]  # confusions.tsv with weights updated by learned_confusions.tsv
    protected: set[str]
    domain: dict[str, int]
    replacements: dict[str, str]  # includes the Capitalised and UPPER forms of lower-case entries
    domain_phrases: list[str]
    patterns: list[PatternRule] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    learned: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)  # (seen, chances)


def check_rules(directory: Path, overrides: dict[str, str] | None = None) -> tuple[Rules, list[Problem]]:
    """Parse every file of a corrections directory; the rules and all problems found, conflicts included.
    `overrides` checks a file's new text (file name -> text) before it is written."""
    reader = Reader(overrides)
    if not directory.is_dir():
        reader.problem(directory, 0, "no such corrections directory")
        return Rules([], set(), {}, {}, []), reader.problems

    def present(name: str) -> Path | None:
        path = directory / name
        return path if path.is_file() or name in (overrides or {}) else None

    paths = {name: present(name) for name in FILES}
    confusions = kinds.confusions(reader, paths[CONFUSIONS]) if paths[CONFUSIONS] else []
    learned = kinds.learned(reader, paths[LEARNED]) if paths[LEARNED] else {}
    protected = kinds.words(reader, paths[PROTECTED]) if paths[PROTECTED] else set()
    domain = kinds.domain(reader, paths[DOMAIN]) if paths[DOMAIN] else {}
    written, lines = kinds.replacements(reader, paths[REPLACEMENTS]) if paths[REPLACEMENTS] else ({}, {})
    phrases = kinds.phrases(reader, paths[PHRASES]) if paths[PHRASES] else []
    pattern_rules = read_patterns(reader, paths[PATTERNS]) if paths[PATTERNS] else []
    if paths[ORGANS]:
        organs(reader, paths[ORGANS])  # read by the segmenter; checked here so that a run refuses a broken one
    if paths[REPLACEMENTS]:
        kinds.replacement_conflicts(reader, paths[REPLACEMENTS], written, lines, protected, domain)
    rules = Rules(
        confusions=merge_learned(confusions, learned),
        protected=protected,
        domain=domain,
        replacements=kinds.with_case_forms(written, protected),
        domain_phrases=phrases,
        patterns=pattern_rules,
        examples=reader.examples,
        learned=learned,
    )
    return rules, reader.problems


def unknown_files(directory: Path) -> list[Problem]:
    """Files nobody reads: usually a misspelt rule file whose rules would silently not apply."""
    problems = []
    known = (*FILES, *OTHER_FILES)
    for path in sorted(directory.iterdir()) if directory.is_dir() else []:
        if path.name.startswith(".") or path.name.endswith("~") or path.name in known:
            continue
        guess = difflib.get_close_matches(path.name, known, n=1, cutoff=0.6)
        hint = f" - did you mean {guess[0]}?" if guess else ""
        problems.append(Problem(path, 0, f"not a file the pipeline reads{hint}"))
    return problems


def check_file(kind: str, path: Path, text: str) -> list[Problem]:
    """Problems of the text a command is about to write to `path` as a file of kind `kind` (a file name)."""
    parsers: dict[str, Callable[[Reader, Path], object]] = {
        CONFUSIONS: kinds.confusions,
        LEARNED: kinds.learned,
        PROTECTED: kinds.words,
        DOMAIN: kinds.domain,
        REPLACEMENTS: kinds.replacements,
        PHRASES: kinds.phrases,
        PATTERNS: read_patterns,
        ORGANS: organs,
    }
    reader = Reader({path.name: text})
    parsers[kind](reader, path)
    return reader.problems


_CACHE: dict[Path, tuple[tuple[tuple[str, int, int], ...], Rules]] = {}


def _signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
    signature = []
    for name in FILES:
        try:
            stat = (directory / name).stat()
        except OSError:
            continue
        signature.append((name, stat.st_mtime_ns, stat.st_size))
    return tuple(signature)


def load_rules(directory: Path) -> Rules:
    """All correction rules of a directory, or RulesError listing every problem. Cached until a file changes."""
    key = directory.resolve()
    signature = _signature(key)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == signature:
        return cached[1]
    rules, problems = check_rules(key)
    if problems:
        raise RulesError(problems)
    _CACHE[key] = (signature, rules)
    return rules
