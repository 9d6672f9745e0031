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
        # Rules anchored at a line start share one leading ^: the engine then tries their branches only at
        # line starts, not at every character (a branch attempt costs more the more groups the regex has).
        anchored, floating = [], []
        for key, (rule, _) in self.rules.items():
            flags = "(?i:" if rule.ignore_case else "(?:"  # each rule's flags stay local to its branch
            if rule.pattern.startswith("^") and not _top_level_alternation(rule.pattern):
                anchored.append(f"(?P<{key}>{flags}{rule.pattern[1:]}))")
            else:
                floating.append(f"(?P<{key}>{flags}{rule.pattern}))")
        parts = ([f"^(?:{'|'.join(anchored)})"] if anchored else []) + floating
        self.combined = re.compile("|".join(parts), re.MULTILINE) if parts else None

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


def _top_level_alternation(pattern: str) -> bool:
    """Whether `|` splits the whole pattern ("^a|b": b is not anchored), outside groups and classes."""
    depth = 0
    i = 0
    in_class = False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":  # a ] right after [ or [^ is a literal
                i += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
        i += 1
    return False


def _follow_case(model: str, text: str) -> str:
    """Give the replacement the case of what it replaces: PAATOS -> PÄÄTÖS, paatos -> päätös."""
    letters = [c for c in model if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return text.upper()
    if letters and all(c.islower() for c in letters):
        return text.lower()
    return text
