"""A page's cleaned text as HTML with every change and flagged word marked; OCR text is untrusted,
so every piece of it is escaped."""

from __future__ import annotations

from markupsafe import Markup, escape

from pipeline.review.data import ReviewChange

CONTEXT = 24  # at most this many characters of the line either side of a change in a rule's example


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


def highlight(text: str, changes: list[ReviewChange]) -> tuple[Markup, list[ReviewChange], list[ReviewChange]]:
    """The page's HTML, the changes placed in it (in text order) and those that could not be placed
    (offset outside the text, the text there differs, or overlapping an earlier change): a stale
    database row must not mark the wrong words, so such changes are listed, not drawn."""
    parts: list[Markup] = []
    placed: list[ReviewChange] = []
    unplaced: list[ReviewChange] = []
    position = 0
    for change in sorted(changes, key=lambda c: (c.offset, len(c.shown))):
        end = change.offset + len(change.shown)
        if change.offset < position or end > len(text) or text[change.offset : end] != change.shown:
            unplaced.append(change)
            continue
        parts.append(escape(text[position : change.offset]))
        parts.append(_mark(change))
        placed.append(change)
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts), placed, unplaced


def _window(text: str, start: int, end: int, width: int) -> tuple[int, int]:
    """Whole words of the same line around text[start:end], at most `width` characters each side."""
    left = max(text.rfind("\n", 0, start) + 1, start - width)
    if left > 0 and text[left - 1] not in " \n" and " " in text[left:start]:
        left = text.index(" ", left, start) + 1  # do not start inside a word
    line_end = text.find("\n", end)
    right = min(len(text) if line_end < 0 else line_end, end + width)
    if right < len(text) and text[right] not in " \n" and " " in text[end:right]:
        right = text.rindex(" ", end, right)
    return left, right


def pieces(text: str, placed: list[ReviewChange], start: int = 0, end: int | None = None) -> list[str]:
    """text[start:end] as alternating pieces: plain text at even positions, at odd ones the keys of
    the placed changes inside it (`placed` sorted and not overlapping, as `highlight` leaves them).
    The browser rebuilds from them the text with each change in the form the archivist chose."""
    end = len(text) if end is None else end
    parts: list[str] = []
    position = start
    for change in placed:
        if change.offset >= start and change.offset + len(change.shown) <= end:
            parts += [text[position : change.offset], change.key]
            position = change.offset + len(change.shown)
    parts.append(text[position:end])
    return parts


def example_windows(text: str, placed: list[ReviewChange], width: int = CONTEXT) -> dict[str, list[str]]:
    """For each placed change, `pieces` of a few words of its line around it: the `# example:` line
    written above a replacement rule, which the cleaner must reproduce exactly. Neighbouring changes
    are left out with the words beyond them, so the example shows this rule alone and a later rule
    for a neighbour does not break it. `placed` sorted and not overlapping; O(width) per change."""
    windows: dict[str, list[str]] = {}
    for index, change in enumerate(placed):
        own_start, own_end = change.offset, change.offset + len(change.shown)
        start, end = _window(text, own_start, own_end, width)
        if index > 0:
            left = placed[index - 1]
            if (stop := left.offset + len(left.shown)) > start:
                space = text.find(" ", stop, own_start)
                start = own_start if space < 0 else space + 1
        if index + 1 < len(placed) and placed[index + 1].offset < end:
            space = text.rfind(" ", own_end, placed[index + 1].offset)
            end = own_end if space < 0 else space
        windows[change.key] = [text[start:own_start], change.key, text[own_end:end]]
    return windows
