"""Loads and validates the correction data in `corrections/` (formats: corrections/README.md).

Every file is read completely and every problem is collected as a `Problem` naming file, line and
reason. `load_rules` refuses a directory with any problem (RulesError lists them all), so a broken
file never silently disables rules and a half-read file is never used. Loaded rules are cached per
directory and file signature: a process reads them once, an edited file is read again.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

CONFUSIONS = "confusions.tsv"
LEARNED = "learned_confusions.tsv"
PROTECTED = "protected.txt"
DOMAIN = "domain_words.tsv"
REPLACEMENTS = "replacements.tsv"
PHRASES = "domain_phrases.txt"
PATTERNS = "patterns.toml"
TESTS = "tests"
FILES = (CONFUSIONS, LEARNED, PROTECTED, DOMAIN, REPLACEMENTS, PHRASES, PATTERNS)
OTHER_FILES = ("README.md", TESTS)  # read by people or by `rules test`, not by the cleaner

EXAMPLE_MARK = "# example:"
ARROWS = (" → ", " -> ")
# learned weights: a pair's prior weight counts as PRIOR_STRENGTH observations (README: "learned confusions")
PRIOR_STRENGTH = 20
UNLISTED_PRIOR = 2.0  # prior weight of a pair that confusions.tsv does not list
MIN_SEEN_UNLISTED = 2  # an unlisted pair needs this much evidence before it is used
MIN_WEIGHT, MAX_WEIGHT = 0.05, 10.0
_EDGE_PUNCTUATION = ".,;:!?()[]{}\"'”“«»"


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    line: int  # 0: the file as a whole
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}" if self.line else f"{self.path}: {self.reason}"


class RulesError(ValueError):
    """Correction data that cannot be used; the message lists every problem as file:line: reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True, slots=True)
class Confusion:
    """OCR wrote `wrong` where the text had `right`; `weight` is the cost of assuming so (lower = likelier)."""

    wrong: str
    right: str
    weight: float


@dataclass(frozen=True, slots=True)
class Example:
    """`before` run through the cleaner must give `after`; tested by `minutes rules test`."""

    path: Path
    line: int
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class PatternRule:
    """A regular expression over page text (^ and $ at line ends) and its replacement template."""

    name: str
    pattern: str
    replace: str
    ignore_case: bool
    keep_case: bool
    line: int

    def compiled(self) -> re.Pattern[str]:
        flags = re.MULTILINE | (re.IGNORECASE if self.ignore_case else 0)
        return re.compile(self.pattern, flags)


@dataclass(frozen=True, slots=True)
class Rules:
    confusions: list[Confusion]
    protected: set[str]
    domain: dict[str, int]
    replacements: dict[str, str]  # includes the Capitalised and UPPER forms of lower-case entries
    domain_phrases: list[str]
    patterns: list[PatternRule] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    learned: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)  # (seen, chances)


@dataclass(slots=True)
class _Line:
    number: int
    fields: list[str]
    examples: list[Example]


class _Reader:
    """Collects the problems of one directory while its files are parsed."""

    def __init__(self, overrides: dict[str, str] | None = None) -> None:
        self.problems: list[Problem] = []
        self.examples: list[Example] = []
        self.overrides = overrides or {}  # file name -> text to check instead of the file's content

    def problem(self, path: Path, line: int, reason: str) -> None:
        self.problems.append(Problem(path, line, reason))

    def text(self, path: Path) -> str | None:
        """The file as text, or None (with a problem) if it is not usable UTF-8 text."""
        try:
            data = self.overrides[path.name].encode() if path.name in self.overrides else path.read_bytes()
        except OSError as exc:
            self.problem(path, 0, f"cannot read: {exc.strerror}")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            byte = data[exc.start]
            self.problem(
                path, line, f"not UTF-8 text (byte 0x{byte:02x}; Latin-1 or Windows-1252?): save the file as UTF-8"
            )
            return None
        if not text.strip():
            self.problem(path, 0, "empty file: delete it or give it at least a comment line")
            return None
        if text.startswith("\ufeff"):
            self.problem(path, 1, "starts with a byte-order mark: save as UTF-8 without BOM")
            return None
        if "\x00" in text:
            self.problem(path, text[: text.index("\x00")].count("\n") + 1, "contains a NUL byte: not a text file")
            return None
        return text

    def lines(self, path: Path, columns: tuple[int, int], names: str) -> Iterator[_Line]:
        """Rule lines of a tab-separated (or one-per-line) file with their `# example:` lines."""
        text = self.text(path)
        if text is None:
            return
        low, high = columns
        pending: list[Example] = []
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith(EXAMPLE_MARK):
                example = self.example(path, number, stripped[len(EXAMPLE_MARK) :])
                if example is not None:
                    pending.append(example)
                continue
            if not stripped or stripped.startswith("#"):
                if pending:
                    self.problem(path, pending[0].line, "an example must stand directly above the rule it shows")
                    pending = []
                continue
            fields = self.fields(path, number, line, low, high, names)
            if fields is None:
                pending = []
                continue
            self.examples.extend(pending)
            yield _Line(number, fields, pending)
            pending = []
        if pending:
            self.problem(path, pending[0].line, "an example must stand directly above the rule it shows")

    def fields(self, path: Path, number: int, line: str, low: int, high: int, names: str) -> list[str] | None:
        fields = line.split("\t")
        if not low <= len(fields) <= high:
            expected = f"{low}" if low == high else f"{low} to {high}"
            hint = ""
            if high > 1 and len(fields) < low and " " in line.strip():
                hint = " (fields are separated by spaces: use one tab)"
            if high == 1:
                self.problem(path, number, f"a tab in a one-per-line file ({names} per line, no tabs)")
                return None
            self.problem(path, number, f"expected {expected} tab-separated fields ({names}), found {len(fields)}{hint}")
            return None
        for value in fields:
            if not value.strip():
                self.problem(path, number, "empty field (two tabs in a row, or a tab at the end of the line)")
                return None
            if value != value.strip():
                self.problem(path, number, f"spaces around {value.strip()!r}: separate fields with exactly one tab")
                return None
            reason = _bad_characters(value)
            if reason:
                self.problem(path, number, reason)
                return None
        return fields

    def example(self, path: Path, number: int, body: str) -> Example | None:
        body = body.strip()
        for arrow in ARROWS:
            if arrow in body:
                before, after = body.split(arrow, 1)
                before, after = before.replace("\\n", "\n"), after.replace("\\n", "\n")
                if before and after:
                    reason = _bad_characters(before + after, allow_newline=True)
                    if reason:
                        self.problem(path, number, reason)
                        return None
                    return Example(path, number, before, after)
        self.problem(path, number, "an example reads '# example: before → after'")
        return None


def _bad_characters(value: str, allow_newline: bool = False) -> str | None:
    """Characters that make a rule silently fail to match: decomposed letters, invisible or control characters."""
    if unicodedata.normalize("NFC", value) != value:
        return f"{value!r} is not in NFC form (decomposed letters): retype it or save it NFC-normalised"
    for char in value:
        category = unicodedata.category(char)
        if char == "\n" and allow_newline:
            continue
        if category in ("Cc", "Cf", "Zl", "Zp") or (category == "Zs" and char != " "):
            name = unicodedata.name(char, "control character")
            return f"invisible character U+{ord(char):04X} ({name}) in {value!r}"
    return None


# ---- the rule kinds -----------------------------------------------------------------------------


def _confusions(reader: _Reader, path: Path) -> list[Confusion]:
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


def _learned(reader: _Reader, path: Path) -> dict[tuple[str, str], tuple[int, int]]:
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


def _words(reader: _Reader, path: Path) -> set[str]:
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


def _domain(reader: _Reader, path: Path) -> dict[str, int]:
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


def _replacements(reader: _Reader, path: Path) -> tuple[dict[str, str], dict[str, int]]:
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


def _phrases(reader: _Reader, path: Path) -> list[str]:
    """Domain phrases, one per line, words separated by single spaces ("Välittävä Kemi")."""
    phrases = []
    for row in reader.lines(path, (1, 1), "one phrase"):
        phrase = row.fields[0]
        if "  " in phrase or len(phrase.split()) < 2:
            reader.problem(path, row.number, "a phrase needs two or more words separated by single spaces")
        else:
            phrases.append(phrase)
    return phrases


_PATTERN_KEYS = {"name", "pattern", "replace", "example", "ignore_case", "keep_case", "description"}
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _patterns(reader: _Reader, path: Path) -> list[PatternRule]:
    text = reader.text(path)
    if text is None:
        return []
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        message = re.sub(r" \(at line.*", "", str(exc))
        reader.problem(path, int(found[1]) if found else 0, f"not valid TOML: {message}")
        return []
    starts = [n for n, line in enumerate(text.splitlines(), start=1) if line.strip() == "[[rule]]"]
    unknown = set(data) - {"rule"}
    if unknown:
        reader.problem(path, 0, f"unknown top-level key {sorted(unknown)[0]!r}: rules are [[rule]] tables")
    tables = data.get("rule", [])
    if not isinstance(tables, list):
        reader.problem(path, 0, "rules are [[rule]] tables")
        return []
    rules: list[PatternRule] = []
    names: dict[str, int] = {}
    for index, table in enumerate(tables):
        start = starts[index] if index < len(starts) else 0
        block_end = starts[index + 1] if index + 1 < len(starts) else len(text.splitlines()) + 1

        def line_of(key: str, start: int = start, end: int = block_end) -> int:
            for number, line in enumerate(text.splitlines()[start:end], start=start + 1):
                if re.match(rf"\s*{key}\s*=", line):
                    return number
            return start

        rule = _pattern_rule(reader, path, table, line_of, start)
        if rule is None:
            continue
        if rule.name in names:
            reader.problem(path, start, f"rule name {rule.name!r} is already used on line {names[rule.name]}")
            continue
        names[rule.name] = start
        rules.append(rule)
    return rules


def _pattern_rule(
    reader: _Reader, path: Path, table: dict[str, object], line_of: Callable[[str], int], start: int
) -> PatternRule | None:
    extra = set(table) - _PATTERN_KEYS
    if extra:
        reader.problem(path, start, f"unknown key {sorted(extra)[0]!r} (keys: {', '.join(sorted(_PATTERN_KEYS))})")
        return None
    for key in ("name", "pattern", "replace"):
        if not isinstance(table.get(key), str) or (key != "replace" and not table[key]):
            reader.problem(path, line_of(key) if key in table else start, f"a rule needs a text value for {key!r}")
            return None
    name, pattern, replace = str(table["name"]), str(table["pattern"]), str(table["replace"])
    if not _NAME.match(name):
        reader.problem(path, line_of("name"), f"name {name!r}: use lower-case letters, digits and hyphens")
        return None
    for key in ("ignore_case", "keep_case"):
        if not isinstance(table.get(key, False), bool):
            reader.problem(path, line_of(key), f"{key} is true or false")
            return None
    rule = PatternRule(
        name, pattern, replace, bool(table.get("ignore_case", False)), bool(table.get("keep_case", False)), start
    )
    try:
        compiled = rule.compiled()
    except re.error as exc:
        reader.problem(path, line_of("pattern"), f"pattern of {name!r} is not a valid regular expression: {exc}")
        return None
    if compiled.groupindex:
        reader.problem(path, line_of("pattern"), f"pattern of {name!r}: use numbered groups (\\1), not named ones")
        return None
    if compiled.search("") is not None:
        reader.problem(path, line_of("pattern"), f"pattern of {name!r} can match empty text")
        return None
    try:  # a template is only checked when expanded: expand it on a pattern with as many (empty) groups
        re.compile("()" * compiled.groups).sub(replace, "")
    except (re.error, IndexError) as exc:
        reader.problem(path, line_of("replace"), f"replace of {name!r} is not a valid template: {exc}")
        return None
    examples = table.get("example", [])
    if isinstance(examples, str):
        examples = [examples]
    if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
        reader.problem(path, line_of("example"), "example is a text 'before → after' or a list of them")
        return None
    for text in examples:
        example = reader.example(path, line_of("example"), text)
        if example is not None:
            reader.examples.append(example)
    return rule


# ---- the directory ------------------------------------------------------------------------------


def check_rules(directory: Path, overrides: dict[str, str] | None = None) -> tuple[Rules, list[Problem]]:
    """Parse every file of a corrections directory; the rules and all problems found, conflicts included.
    `overrides` checks a file's new text (file name -> text) before it is written."""
    reader = _Reader(overrides)
    if not directory.is_dir():
        reader.problem(directory, 0, "no such corrections directory")
        return Rules([], set(), {}, {}, []), reader.problems

    def present(name: str) -> Path | None:
        path = directory / name
        return path if path.is_file() or name in (overrides or {}) else None

    paths = {name: present(name) for name in FILES}
    confusions = _confusions(reader, paths[CONFUSIONS]) if paths[CONFUSIONS] else []
    learned = _learned(reader, paths[LEARNED]) if paths[LEARNED] else {}
    protected = _words(reader, paths[PROTECTED]) if paths[PROTECTED] else set()
    domain = _domain(reader, paths[DOMAIN]) if paths[DOMAIN] else {}
    written, lines = _replacements(reader, paths[REPLACEMENTS]) if paths[REPLACEMENTS] else ({}, {})
    phrases = _phrases(reader, paths[PHRASES]) if paths[PHRASES] else []
    patterns = _patterns(reader, paths[PATTERNS]) if paths[PATTERNS] else []
    if paths[REPLACEMENTS]:
        _replacement_conflicts(reader, paths[REPLACEMENTS], written, lines, protected, domain)
    rules = Rules(
        confusions=merge_learned(confusions, learned),
        protected=protected,
        domain=domain,
        replacements=_with_case_forms(written, protected),
        domain_phrases=phrases,
        patterns=patterns,
        examples=reader.examples,
        learned=learned,
    )
    return rules, reader.problems


def _replacement_conflicts(
    reader: _Reader, path: Path, written: dict[str, str], lines: dict[str, int], protected: set[str], domain: dict
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


def _with_case_forms(written: dict[str, str], protected: set[str]) -> dict[str, str]:
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


@dataclass(frozen=True, slots=True)
class RegressionPair:
    name: str
    ocr: Path
    expected: Path


def regression_pairs(directory: Path) -> tuple[list[RegressionPair], list[Problem]]:
    """corrections/tests/NAME.ocr.txt with its NAME.expected.txt."""
    folder = directory / TESTS
    problems: list[Problem] = []
    pairs: list[RegressionPair] = []
    if not folder.is_dir():
        return pairs, problems
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".ocr.txt"):
            name = path.name.removesuffix(".ocr.txt")
            expected = folder / f"{name}.expected.txt"
            if not expected.is_file():
                problems.append(Problem(path, 0, f"no {expected.name} beside it"))
            else:
                pairs.append(RegressionPair(name, path, expected))
        elif path.name.endswith(".expected.txt"):
            if not (folder / path.name.replace(".expected.txt", ".ocr.txt")).is_file():
                problems.append(Problem(path, 0, f"no {path.name.replace('.expected.txt', '.ocr.txt')} beside it"))
        elif path.name != "README.md" and not path.name.startswith("."):
            problems.append(Problem(path, 0, "not a regression pair file (NAME.ocr.txt and NAME.expected.txt)"))
    for pair in pairs:
        for path in (pair.ocr, pair.expected):
            reader = _Reader()
            reader.text(path)
            problems.extend(reader.problems)
    return pairs, problems


def read_replacements(
    path: Path, text: str | None = None
) -> tuple[list[tuple[str, str, list[Example]]], list[Problem]]:
    """Entries (wrong, right, examples) of a replacements file (or of `text`), e.g. one the review report made."""
    reader = _Reader({path.name: text} if text is not None else None)
    entries = [(row.fields[0], row.fields[1], row.examples) for row in reader.lines(path, (2, 2), "wrong, right")]
    return entries, reader.problems


def check_file(kind: str, path: Path, text: str) -> list[Problem]:
    """Problems of the text a command is about to write to `path` as a file of kind `kind` (a file name)."""
    parsers: dict[str, Callable[[_Reader, Path], object]] = {
        CONFUSIONS: _confusions,
        LEARNED: _learned,
        PROTECTED: _words,
        DOMAIN: _domain,
        REPLACEMENTS: _replacements,
        PHRASES: _phrases,
        PATTERNS: _patterns,
    }
    reader = _Reader({path.name: text})
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
