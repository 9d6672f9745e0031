"""Restores § signs that OCR read as 8, &, $, S, 5 or 6 (Debian's `fin` model has no §).

Only where the shape of the text says "section": a section header (`8 167` alone or before a title
at a line start, `105 8` alone on a line), a reference after a number with a case ending (`119 8:n`,
`90 $:ssä`), a number, a sign and a lower-case word (`140 $ edellyttää`), a sign between a date
or an organ abbreviation and a number (`Kaupunginhallitus 20.3.2017 $ 66`, `Ksylk 8 84`, `Ksylk 8.84`), a
statute reference with its subsection (`21 8 3. momentti`), and a number run into its sign on a line of its
own above a date (`1058` / `10.4.2017`). Which
characters stand for § comes from the confusions with right side `§` in corrections/confusions.tsv.
"""

from __future__ import annotations

import re

from pipeline.clean.edits import Edit
from pipeline.rules import Confusion

LIKELY_WEIGHT = 1.0  # confusions at most this costly are likely enough to stand alone before a number
_NUMBER = r"(?!0)(?!(?:19|20)\d\d\b)\d{1,4}\b"  # years and 000 groups are not section numbers
_DATE = r"\b\d{1,2}\.\d{1,2}\.\d{4}"
_ORGAN = r"(?:^|(?<=[ (]))[A-ZÄÖ][A-Za-zäö]{0,5}"  # Kh, Kv, Ksylk, KSYLK: short organ abbreviations
_ENDING = r":(?:n|ssä|stä|ään|llä|lle|ksi|ä|a)\b"
# (name, pattern with a `sign` group, confidence before the confusion's weight is taken off)
_SHAPES = (
    ("header", r"^[ \t]*(?P<sign>{sign})[ \t]+" + _NUMBER + r"(?=[ \t]*$|[ \t]+[A-ZÄÖ])", 1.0),
    ("header", r"^[ \t]*\d{1,4}[ \t]+(?P<sign>{sign})[ \t]*$", 0.95),
    ("reference", r"\b\d{1,4}[ \t](?P<sign>{sign})(?=" + _ENDING + ")", 1.0),
    ("reference", r"(?:\d|^)(?P<sign>{symbol})(?=" + _ENDING + ")", 1.0),
    ("reference", r"^(?P<sign>{sign})(?=" + _ENDING + ")", 0.9),
    ("reference", r"\b\d{1,3}(?:[ \t][a-z])?[ \t](?P<sign>{symbol})(?=[ \t]+[a-zäö]|[,.;)])", 0.95),
    # "Äänestyslistat $ 127": a word, the sign and a section number ending the line
    ("reference", r"(?<![^\W\d_])[^\W\d_]{3,}[ \t]+(?P<sign>{sign})[ \t]+" + _NUMBER + r"[ \t]*$", 0.9),
    # the sign run into the number: "Ksylk 5119", "8127" alone on a line
    ("merged", _ORGAN + r"[ \t]+(?P<sign>{sign})(?=\d{2,3}\b(?![.,]\d))", 0.8),
    ("merged", r"^[ \t]*(?P<sign>{likely})(?=\d{2,3}[ \t]*$)", 0.8),  # not 5 or 6: "518" in a table
    ("reference", _DATE + r"[ \t]+(?P<sign>{sign})[ \t]*" + _NUMBER, 1.0),
    ("reference", _ORGAN + r"[ \t]+(?P<sign>{sign})[ \t]+" + _NUMBER + r"(?![.,]\d)", 0.9),
    # "Ksylk 8.84": a blurred space read as a full stop between the sign and the number
    ("merged", _ORGAN + r"[ \t]+(?P<sign>{sign}\.)" + _NUMBER + r"(?![.,]\d)(?![ \t]+[a-zäö])", 0.8),
    # a blurred space read as a colon before the sign: "Kaupunginhallitus 20.2.2017:8 53", "(KSYLK:$ 132)"
    ("after", r"(?:" + _DATE + "|" + _ORGAN + r")(?P<sign>:{sign})[ \t]*" + _NUMBER + r"(?![.,]\d)", 0.8),
    # a statute reference with its subsection: "1. luku 218. 3. momentti", "43 8 2 mom."
    ("reference", r"\b\d{1,3}[ \t]?(?P<sign>{sign}\.?)(?=[ \t]+\d{1,2}\.?[ \t]+mom)", 0.9),
    # a three-digit section number run into its sign on a line of its own between the organ and the meeting date:
    # "Kaupunginhallitus" / "1058" / "10.4.2017"
    (
        "after",
        r"(?:(?<=[^\W\d_]\n)|(?<=[^\W\d_]\n\n))(?!(?:19|20)\d\d)\d{3}(?P<sign>{likely})[ \t]*"
        r"(?=\n\n?[ \t]*\d{1,2}[.:]\d{1,2}[.:]\d{4})",
        0.8,
    ),
)


class SectionRestorer:
    """Built once from the rules; `find_edits` is a pure str -> list[Edit] finder."""

    def __init__(self, confusions: list[Confusion], flag_below: float = 0.75) -> None:
        self.weights = {c.wrong: c.weight for c in confusions if c.right == "§" and len(c.wrong) == 1}
        self.flag_below = flag_below
        signs = "".join(re.escape(c) for c in sorted(self.weights)) or "§"
        symbols = "".join(re.escape(c) for c in sorted(self.weights) if not c.isalnum()) or "§"
        likely = "".join(re.escape(c) for c in sorted(self.weights) if self.weights[c] <= LIKELY_WEIGHT) or "§"
        self.patterns = [
            (
                name,
                re.compile(
                    pattern.replace("{sign}", f"[{signs}]")
                    .replace("{symbol}", f"[{symbols}]")
                    .replace("{likely}", f"[{likely}]"),
                    re.MULTILINE,
                ),
                base,
            )
            for name, pattern, base in _SHAPES
        ]

    def find_edits(self, text: str) -> list[Edit]:
        if not self.weights or not any(c in text for c in self.weights):
            return []
        found: dict[int, Edit] = {}
        for name, pattern, base in self.patterns:
            for match in pattern.finditer(text):
                start, end = match.span("sign")
                if start in found:
                    continue
                confidence = round(max(0.0, base - 0.1 * self.weights[match["sign"].strip(".:")]), 3)
                replacement = {"merged": "§ ", "after": " §"}.get(name, "§")
                found[start] = Edit(
                    start, end, replacement, f"section-sign-{name}", confidence, confidence >= self.flag_below
                )
        return list(found.values())
