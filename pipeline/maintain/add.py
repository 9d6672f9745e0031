"""`minutes rules add WRONG RIGHT [--example TEXT]`: append one replacement to replacements.tsv safely."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.clean import Cleaner
from pipeline.maintain.files import locked, write_atomically
from pipeline.maintain.testing import Outcome
from pipeline.rules import ARROWS, REPLACEMENTS, Problem, RulesError, check_rules
from pipeline.settings import Settings

HEADER = (
    "# Replacements: OCR form<TAB>right form, whole words only, applied before any search.\n"
    "# An entry starting in lower case also replaces its Capitalised and UPPER form. Format: corrections/README.md\n"
)


class ExampleFailed(Exception):
    """The rule's example does not come out right through the cleaner; nothing was written."""

    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome
        super().__init__(outcome.diff())


@dataclass(frozen=True, slots=True)
class Added:
    path: Path
    line: int
    example: tuple[str, str] | None


def example_pair(wrong: str, right: str, text: str) -> tuple[str, str]:
    """'before → after' as written, or TEXT and TEXT with WRONG (in any of its case forms) replaced."""
    for arrow in ARROWS:
        if arrow in text:
            before, after = text.split(arrow, 1)
            return before.strip(), after.strip()
    forms = {wrong: right}
    if wrong[0].islower():
        forms |= {wrong[:1].upper() + wrong[1:]: right[:1].upper() + right[1:], wrong.upper(): right.upper()}
    word = re.compile(r"(?<!\w)(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?!\w)")
    if not word.search(text):
        raise ValueError(f"the example does not contain {wrong!r} as a whole word")
    return text, word.sub(lambda m: forms[m[1]], text)


def add_replacement(settings: Settings, wrong: str, right: str, example: str | None = None) -> Added:
    """Validate the new rule with every other rule (and run its example) before the file is replaced."""
    directory = settings.corrections
    path = directory / REPLACEMENTS
    for value, what in ((wrong, "WRONG"), (right, "RIGHT")):
        if not value.strip() or any(c in value for c in "\t\n\r"):
            raise RulesError([Problem(path, 0, f"{what} must be non-empty text without tabs or line breaks")])
    pair = None
    if example is not None:
        try:
            pair = example_pair(wrong, right, example)
        except ValueError as exc:
            raise RulesError([Problem(path, 0, str(exc))]) from None
    if not directory.is_dir():
        raise RulesError([Problem(directory, 0, "no such corrections directory")])
    with locked(directory):
        old = path.read_text(encoding="utf-8") if path.is_file() else HEADER
        _, before_problems = check_rules(directory)
        if before_problems:
            raise RulesError(before_problems)  # never build on a broken directory
        new = old if old.endswith("\n") or not old else old + "\n"
        if pair is not None:
            new += f"# example: {_escape(pair[0])} → {_escape(pair[1])}\n"
        new += f"{wrong}\t{right}\n"
        rules, problems = check_rules(directory, {REPLACEMENTS: new})
        if problems:
            raise RulesError(problems)
        if pair is not None:
            got, _ = Cleaner(settings, rules=rules).clean_text(pair[0])
            outcome = Outcome(f"{path} (new rule {wrong} -> {right})", pair[0], pair[1], got)
            if not outcome.passed:
                raise ExampleFailed(outcome)
        write_atomically(path, new)
    return Added(path, new.count("\n"), pair)


def _escape(text: str) -> str:
    return text.replace("\n", "\\n")
