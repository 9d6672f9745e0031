"""patterns.toml: pattern rules for structure-level fixes, validated rule by rule with line numbers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.rules.reader import Reader

_PATTERN_KEYS = {"name", "pattern", "replace", "example", "ignore_case", "keep_case", "description"}
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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


def patterns(reader: Reader, path: Path) -> list[PatternRule]:
    loaded = reader.toml(path)
    if loaded is None:
        return []
    text, data = loaded
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
    reader: Reader, path: Path, table: dict[str, object], line_of: Callable[[str], int], start: int
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
