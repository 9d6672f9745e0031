"""Pattern rules as one cleaner: one compiled pass, anchors and groups as written, zero-width hits ignored."""

from __future__ import annotations

from pipeline.clean.edits import apply
from pipeline.clean.patterns import PatternFixer
from pipeline.rules import PatternRule


def _rule(name: str, pattern: str, replace: str, ignore_case: bool = False, keep_case: bool = False) -> PatternRule:
    return PatternRule(name, pattern, replace, ignore_case, keep_case, 0)


def _fix(rules: list[PatternRule], text: str) -> str:
    return apply(text, PatternFixer(rules).find_edits(text))[0]


def test_top_level_alternation_keeps_its_meaning() -> None:
    # "^ab|cd": ab at a line start, cd anywhere
    assert _fix([_rule("x", "^ab|cd", "X")], "ab cd ab\ncd") == "X X ab\nX"


def test_anchored_rule_only_at_line_starts_and_groups_expand() -> None:
    rules = [_rule("sivu", r"^Sivu (\d+) / (\d+)$", r"Sivu \1/\2"), _rule("dash", r"(\d) - (\d)", r"\1–\2")]
    text = "Sivu 3 / 12\nvuodet 2019 - 2020, Sivu 4 / 5"
    assert _fix(rules, text) == "Sivu 3/12\nvuodet 2019–2020, Sivu 4 / 5"


def test_case_options_are_per_rule() -> None:
    rules = [_rule("a", "^paatos$", "Päätös", ignore_case=True, keep_case=True), _rule("b", "^kasittely$", "Käsittely")]
    assert _fix(rules, "PAATOS\nPaatos\npaatos\nKASITTELY\nkasittely") == "PÄÄTÖS\nPäätös\npäätös\nKASITTELY\nKäsittely"


def test_reason_names_the_rule_and_zero_width_hits_change_nothing() -> None:
    fixer = PatternFixer([_rule("look", "(?=x)", "y"), _rule("label-x", "^x$", "X")])
    edits = fixer.find_edits("x\nax")
    assert [(e.start, e.end, e.replacement, e.reason) for e in edits] == [(0, 1, "X", "pattern:label-x")]


def test_no_rules_no_edits() -> None:
    assert PatternFixer([]).find_edits("Paatos") == []
