"""`minutes rules add WRONG RIGHT [--example TEXT]`: append one replacement to replacements.tsv safely."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.clean import Cleaner
from pipeline.files import locked, write_atomically
from pipeline.maintain.testing import Outcome
from pipeline.rules import ARROWS, REPLACEMENTS, Problem, RulesError, check_rules, example_line, read_replacements
from pipeline.settings import Settings

HEADER = (
    "# Replacements: OCR form<TAB>right form, whole words only, applied before any search.\n"
    "# An entry starting in lower case also replaces its Capitalised and UPPER form. Format: corrections/README.md\n"
)


class ExampleFailed(Exception):
    """A new rule's example does not come out right through the cleaner; nothing was written."""

    def __init__(self, outcomes: list[Outcome]) -> None:
        self.outcomes = outcomes
        super().__init__("".join(outcome.diff() for outcome in outcomes))


@dataclass(frozen=True, slots=True)
class Added:
    path: Path
    line: int  # the last line written
    added: int  # rules appended
    skipped: int  # rules of an imported file that were already there
    examples: int  # examples run


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
    path = settings.corrections / REPLACEMENTS
    for value, what in ((wrong, "WRONG"), (right, "RIGHT")):
        if not value.strip() or any(c in value for c in "\t\n\r"):
            raise RulesError([Problem(path, 0, f"{what} must be non-empty text without tabs or line breaks")])
    examples = []
    if example is not None:
        try:
            examples.append(example_pair(wrong, right, example))
        except ValueError as exc:
            raise RulesError([Problem(path, 0, str(exc))]) from None
    return _append(settings, [(wrong, right, examples)])


def import_replacements(settings: Settings, source: Path) -> Added:
    """Append every rule of a `wrong<TAB>right` file (the review report's download) or none: rules already
    present as written are skipped, anything else that conflicts refuses the whole file."""
    entries, problems = read_replacements(source)
    if problems:
        raise RulesError(problems)
    return _append(settings, [(w, r, [(e.before, e.after) for e in examples]) for w, r, examples in entries])


def _append(settings: Settings, entries: list[tuple[str, str, list[tuple[str, str]]]]) -> Added:
    directory = settings.corrections
    path = directory / REPLACEMENTS
    if not directory.is_dir():
        raise RulesError([Problem(directory, 0, "no such corrections directory")])
    with locked(directory):
        raw = path.read_bytes() if path.is_file() else HEADER.encode()
        old = raw.decode("utf-8").replace("\r\n", "\n")
        # a file kept with Windows line endings keeps them: otherwise one added rule rewrites every line
        ending = "\r\n" if raw.count(b"\r\n") * 2 > raw.count(b"\n") else "\n"
        _, before_problems = check_rules(directory)
        if before_problems:
            raise RulesError(before_problems)  # never build on a broken directory
        written, _ = read_replacements(path, old) if old.strip() else ([], [])
        present = {(w, r) for w, r, _ in written}
        new = old if old.endswith("\n") or not old else old + "\n"
        fresh = [(w, r, e) for w, r, e in entries if (w, r) not in present or len(entries) == 1]
        for wrong, right, examples in fresh:
            new += "".join(example_line(before, after) for before, after in examples)
            new += f"{wrong}\t{right}\n"
        rules, problems = check_rules(directory, {REPLACEMENTS: new})
        if problems:
            raise RulesError(problems)
        pairs = [pair for _, _, examples in fresh for pair in examples]
        if pairs:
            cleaner = Cleaner(settings, rules=rules)
            outcomes = [Outcome(f"{path} (new rule)", b, a, cleaner.clean_text(b)[0]) for b, a in pairs]
            failed = [o for o in outcomes if not o.passed]
            if failed:
                raise ExampleFailed(failed)
        if fresh:
            write_atomically(path, new.replace("\n", ending))
    return Added(path, new.count("\n"), len(fresh), len(entries) - len(fresh), len(pairs))
