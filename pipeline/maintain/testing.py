"""`minutes rules test`: every rule's example and every regression pair, through the real cleaner."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from pipeline.clean import Cleaner
from pipeline.rules import RulesError, load_rules, regression_pairs
from pipeline.settings import Settings


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str  # file:line of an example, or the regression pair's .ocr.txt
    before: str
    expected: str
    got: str

    @property
    def passed(self) -> bool:
        return self.got == self.expected

    def diff(self) -> str:
        """The failure as a unified diff, expected text against what the cleaner gave."""
        lines = difflib.unified_diff(
            _lines(self.expected), _lines(self.got), fromfile=f"{self.name} (expected)", tofile="cleaned"
        )
        return "".join(lines)


def _lines(text: str) -> list[str]:
    return [line + "\n" for line in text.split("\n")]


def run_rule_tests(settings: Settings) -> list[Outcome]:
    """Raises RulesError (from the rule files or the regression folder) before cleaning anything."""
    rules = load_rules(settings.corrections)
    pairs, problems = regression_pairs(settings.corrections)
    if problems:
        raise RulesError(problems)
    cleaner = Cleaner(settings)
    outcomes = []
    for example in rules.examples:
        got, _ = cleaner.clean_text(example.before)
        outcomes.append(Outcome(f"{example.path}:{example.line}", example.before, example.after, got))
    for pair in pairs:
        before = pair.ocr.read_text(encoding="utf-8").removesuffix("\n")
        expected = pair.expected.read_text(encoding="utf-8").removesuffix("\n")
        got, _ = cleaner.clean_text(before)
        outcomes.append(Outcome(str(pair.ocr), before, expected, got))
    return outcomes
