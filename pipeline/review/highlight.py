"""A page's cleaned text as HTML with every change and flagged word marked; OCR text is untrusted,
so every piece of it is escaped."""

from __future__ import annotations

from markupsafe import Markup, escape

from pipeline.review.data import ReviewChange

CONTEXT = 40  # characters of text either side of a change in a regression pair


def visible(text: str) -> str:
    """Text for a tooltip or a table cell: line breaks shown as ⏎, an empty string as ∅."""
    return text.replace("\n", "⏎").replace("\f", "⏎") if text else "∅"


def describe(change: ReviewChange) -> str:
    """The hover text of a mark: what stood there before, or what is suggested, and why."""
    why = f"({change.reason}, confidence {change.confidence:.2f})"
    if not change.applied:
        if change.after and change.after != change.before:
            return f"doubtful word, left as it is; suggestion: «{visible(change.after)}» {why}"
        return f"doubtful word, left as it is {why}"
    if not change.after:
        return f"removed: «{visible(change.before)}» {why}"
    return f"was: «{visible(change.before)}» {why}"


def _mark(change: ReviewChange) -> Markup:
    if not change.applied:
        css = "flag"
    elif not change.after:
        css = "change removed"  # the CSS draws a small sign; nothing is added to the page's text
    else:
        css = "change"
    return Markup('<mark class="{}" id="c-{}" data-key="{}" title="{}">{}</mark>').format(
        css, change.key, change.key, describe(change), change.shown
    )


def highlight(text: str, changes: list[ReviewChange]) -> tuple[Markup, list[ReviewChange]]:
    """The page's HTML and the changes that could not be placed (offset outside the text, the
    text there differs, or overlapping an earlier change): a stale database row must not
    mark the wrong words, so such changes are listed, not drawn."""
    parts: list[Markup] = []
    unplaced: list[ReviewChange] = []
    position = 0
    for change in sorted(changes, key=lambda c: (c.offset, len(c.shown))):
        end = change.offset + len(change.shown)
        if change.offset < position or end > len(text) or text[change.offset : end] != change.shown:
            unplaced.append(change)
            continue
        parts.append(escape(text[position : change.offset]))
        parts.append(_mark(change))
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts), unplaced


def context(text: str, change: ReviewChange, width: int = CONTEXT) -> tuple[str, str]:
    """Whole words of the same line(s) around a change, at most `width` characters each side."""
    start = change.offset
    end = start + len(change.shown)
    left_limit = max(text.rfind("\n", 0, start) + 1, start - width)
    left = text[left_limit:start]
    if left_limit > 0 and text[left_limit - 1] not in " \n" and " " in left:
        left = left[left.index(" ") + 1 :]  # do not start inside a word
    line_end = text.find("\n", end)
    right_limit = min(len(text) if line_end < 0 else line_end, end + width)
    right = text[end:right_limit]
    if right_limit < len(text) and text[right_limit] not in " \n" and " " in right:
        right = right[: right.rindex(" ")]
    return left, right
