"""Pattern rules from corrections/patterns.toml: structure-level fixes such as a damaged section heading.

All rules are compiled once into one alternation, so a page costs one regex pass whatever the number
of rules; a hit is expanded with its own rule's pattern, anchored where the alternation matched.
"""

from __future__ import annotations

import re

from pipeline.clean.edits import Edit
from pipeline.rules import PatternRule


class PatternFixer:
    """Built once from the rules; `find_edits` is a pure str -> list[Edit] finder (reason `pattern:NAME`)."""

    def __init__(self, rules: list[PatternRule]) -> None:
        self.rules = {f"p{i}": (rule, rule.compiled()) for i, rule in enumerate(rules)}
        # each rule's own flags stay local to its branch: (?i:...) for ignore_case
        branches = [
            f"(?P<{key}>{'(?i:' if rule.ignore_case else '(?:'}{rule.pattern}))"
            for key, (rule, _) in self.rules.items()
        ]
        self.combined = re.compile("|".join(branches), re.MULTILINE) if branches else None

    def find_edits(self, text: str) -> list[Edit]:
        if self.combined is None:
            return []
        edits = []
        for match in self.combined.finditer(text):
            if match.end() == match.start() or match.lastgroup is None:
                continue  # zero-width hits change nothing
            rule, compiled = self.rules[match.lastgroup]
            own = compiled.match(text, match.start())
            if own is None:
                continue
            replacement = own.expand(rule.replace)
            if rule.keep_case:
                replacement = _follow_case(own.group(), replacement)
            if replacement != own.group():
                edits.append(Edit(own.start(), own.end(), replacement, f"pattern:{rule.name}"))
        return edits


def _follow_case(model: str, text: str) -> str:
    """Give the replacement the case of what it replaces: PAATOS -> PÄÄTÖS, paatos -> päätös."""
    letters = [c for c in model if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return text.upper()
    if letters and all(c.islower() for c in letters):
        return text.lower()
    return text
