"""Single-item documents (Tweb agenda items, decision-history pages) print no § heading line: the item's
section is named by a treatment line such as `Kaupunginhallitus 20.3.2017 § 10` or `Kh § 195` above
its proposal or decision. Lines under a `Päätöshistoria` label are earlier treatments (references)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.segment.dates import first_date
from pipeline.segment.fields import label, title_from
from pipeline.segment.headings import Heading, Line, normalise_abbreviated, split_lines
from pipeline.segment.vocabulary import Vocabulary

LOOKAHEAD = 6  # filled lines between a treatment line and its proposal or decision label
HISTORY_LABELS = {"päätöshistoria"}
CONFIDENCE = 0.7
MAX_TREATMENT = 60  # characters of a treatment line ("Kaupunginhallitus 20.03.2017 § 10")


@dataclass(frozen=True, slots=True)
class Treatment:
    heading: Heading
    organ: str
    date: str | None


@cache
def _pattern(vocabulary: Vocabulary) -> re.Pattern[str]:
    abbreviations = "|".join(re.escape(a) for a in vocabulary.abbreviations)
    organ = vocabulary.organ.pattern + (f"|\\b(?:{abbreviations})" if abbreviations else "")
    return re.compile(
        rf"^(?P<organ>{organ})[ \t]+(?:(?P<date>\d{{1,2}}\.\d{{1,2}}\.\d{{4}})[ \t]+)?"
        rf"(?P<sign>§|[8Ss$&])[ \t]?[:.,]?(?P<num>\d{{1,4}})\.?$",
        re.IGNORECASE,
    )


def _treatment_line(text: str, pattern: re.Pattern[str], vocabulary: Vocabulary) -> re.Match[str] | None:
    """A treatment line as printed or with OCR's sign ("Kh:s 412"); only short lines are normalised."""
    return pattern.match(text) or (
        pattern.match(normalise_abbreviated(text, vocabulary)) if len(text) <= MAX_TREATMENT else None
    )


def _filled(lines: list[Line], indexes: range) -> list[str]:
    return [lines[i].text.strip() for i in indexes if 0 <= i < len(lines) and lines[i].text.strip()]


def find_treatment(lines: list[Line], vocabulary: Vocabulary) -> Treatment | None:
    """The last treatment line that opens a proposal or decision and is not part of a decision history."""
    pattern = _pattern(vocabulary)
    found: Treatment | None = None
    for index, line in enumerate(lines):
        text = line.text.strip()
        match = _treatment_line(text, pattern, vocabulary)
        if not match:
            continue
        if match["sign"] != "§" and not (match["date"] or match["organ"] in vocabulary.abbreviations):
            continue  # "8 10" is a § only in the company of a date or an organ's abbreviation
        before = _filled(lines, range(index - 1, -1, -1))[:1]
        opened = label(before[0], vocabulary) if before else None
        if (opened and opened[1].lower() in HISTORY_LABELS) or (before and pattern.match(before[0])):
            continue  # a line of the decision history under its label
        after = _filled(lines, range(index + 1, index + 1 + 3 * LOOKAHEAD))[:LOOKAHEAD]
        fields = [label(text, vocabulary) for text in after]
        if not any(f and f[0] in ("proposal", "decision") for f in fields):
            continue
        organ = vocabulary.abbreviations.get(match["organ"]) or vocabulary.canonical_organ(match["organ"])
        title = title_from([line.text for line in lines[:index]])
        heading = Heading(int(match["num"]), index, line.start, line.start + len(line.text) + 1, title, CONFIDENCE)
        found = Treatment(heading, organ, first_date(match["date"] or "", vocabulary))
    return found


def own_treatment(body: str, organ: str | None, number: int, vocabulary: Vocabulary) -> int | None:
    """Offset in a section's body of the treatment line of its own meeting (`Kaupunginvaltuusto
    17.06.2024 § 61`, `Kh § 412`): the proposal and decision after it are the section's, those above it
    belong to earlier treatments."""
    if organ is None:
        return None
    pattern = _pattern(vocabulary)
    found = None
    for line in split_lines(body):
        text = line.text.strip()
        match = _treatment_line(text, pattern, vocabulary)
        if not match or int(match["num"]) != number:
            continue
        name = vocabulary.abbreviations.get(match["organ"]) or vocabulary.canonical_organ(match["organ"])
        if name == organ:
            found = line.start
    return found
