"""Reading rule files: UTF-8 checks, tab-separated fields, `# example:` lines, problems with file:line."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_EXAMPLE = re.compile(r"#\s*examples?\s*:", re.IGNORECASE)  # "#example:" and "# Example:" count too
ARROWS = (" → ", " -> ")


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
class Example:
    """`before` run through the cleaner must give `after`; tested by `minutes rules test`."""

    path: Path
    line: int
    before: str
    after: str


@dataclass(slots=True)
class _Line:
    number: int
    fields: list[str]
    examples: list[Example]


class Reader:
    """Reads the files of one directory, collecting their problems and examples."""

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

    def toml(self, path: Path) -> tuple[str, dict[str, Any]] | None:
        """The file's text and its TOML data, or None (with a problem naming the line of a syntax error)."""
        text = self.text(path)
        if text is None:
            return None
        try:
            return text, tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"at line (\d+)", str(exc))
            line = int(found[1]) if found else len(text.splitlines())  # "at end of document"
            message = re.sub(r" \(at (?:line|end).*", "", str(exc))
            self.problem(path, line, f"not valid TOML: {message}")
            return None

    def lines(self, path: Path, columns: tuple[int, int], names: str) -> Iterator[_Line]:
        """Rule lines of a tab-separated (or one-per-line) file with their `# example:` lines."""
        text = self.text(path)
        if text is None:
            return
        low, high = columns
        pending: list[Example] = []
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            mark = _EXAMPLE.match(stripped)
            if mark:
                example = self.example(path, number, stripped[mark.end() :])
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
            reason = bad_characters(value)
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
                    reason = bad_characters(before + after, allow_newline=True)
                    if reason:
                        self.problem(path, number, reason)
                        return None
                    return Example(path, number, before, after)
        self.problem(path, number, "an example reads '# example: before → after'")
        return None


def bad_characters(value: str, allow_newline: bool = False) -> str | None:
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


def example_line(before: str, after: str) -> str:
    """The comment line that carries an example above its rule (line breaks written as \\n)."""
    return f"# example: {_escape(before)} → {_escape(after)}\n"


def _escape(text: str) -> str:
    return text.replace("\n", "\\n")


def examples_by_entry(path: Path, columns: tuple[int, int]) -> dict[str, list[Example]]:
    """The examples above each entry (by its first field) of a line file; a file that does not parse gives none."""
    if not path.is_file():
        return {}
    reader = Reader()
    return {row.fields[0]: row.examples for row in reader.lines(path, columns, "") if row.examples}
