"""Edits found by cleaners, applied in one linear pass with an audit trail.

A cleaner is a pure function `str -> list[Edit]`; `apply` turns edits into the new text and
Change records. `as_str_function` gives every cleaner the plain `str -> str` form as well.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pipeline.model import Change


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    replacement: str
    reason: str
    confidence: float = 1.0
    apply: bool = True  # False: flag the span for review, leave the text alone


Finder = Callable[[str], list[Edit]]


def apply(text: str, edits: Iterable[Edit], page: int = 0) -> tuple[str, list[Change]]:
    """Apply non-overlapping edits (overlaps: the first wins). Change offsets point into the new text."""
    parts: list[str] = []
    changes: list[Change] = []
    position = 0
    shift = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:
            continue
        parts.append(text[position : edit.start])
        before = text[edit.start : edit.end]
        after = edit.replacement if edit.apply else before
        changes.append(
            Change(
                page=page,
                offset=edit.start + shift,
                before=before,
                after=edit.replacement,
                reason=edit.reason,
                confidence=edit.confidence,
                applied=edit.apply,
            )
        )
        parts.append(after)
        shift += len(after) - len(before)
        position = edit.end
    parts.append(text[position:])
    return "".join(parts), changes


def rebase(changes: list[Change], later: list[Change]) -> list[Change]:
    """Carry earlier changes' offsets through a later step's changes, so all point into the final text."""
    # each later change's offset is in that step's output; subtracting the shift of the later
    # changes before it gives its start in that step's input, where the earlier offsets live
    steps: list[tuple[int, int]] = []
    shift = 0
    for change in later:
        delta = len(change.after if change.applied else change.before) - len(change.before)
        steps.append((change.offset - shift, delta))
        shift += delta
    i = shift = 0
    for change in changes:
        while i < len(steps) and steps[i][0] < change.offset:
            shift += steps[i][1]
            i += 1
        change.offset += shift
    return changes


def as_str_function(finder: Finder) -> Callable[[str], str]:
    def cleaner(text: str) -> str:
        return apply(text, finder(text))[0]

    cleaner.__name__ = getattr(finder, "__name__", "cleaner")
    cleaner.__doc__ = finder.__doc__
    return cleaner
