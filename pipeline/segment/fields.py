"""The fields of one section: title, diary number, preparer, presenter, proposal, decision, attachments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.segment import nlp
from pipeline.segment.dates import DATE_SHAPED
from pipeline.segment.headings import capitals
from pipeline.segment.patterns import DIARY_NUMBER, MEETING_NUMBER, MUNICIPALITY, normalise_space
from pipeline.segment.titles import is_word
from pipeline.segment.vocabulary import Vocabulary, field_of

MAX_TITLE_LINES = 3
TITLE_NOISE = " '’`´.,:;|"  # OCR specks after a title; titles do not end in punctuation
# a title is no sentence: a full stop after a long word inside it is an OCR speck ("TARKASTAJIEN. VALINTA");
# abbreviations ("esim.", "ym.") are shorter
STRAY_STOP = re.compile(
    r"(?:(?<=[^\W\d_]{5})|(?<=\bja)|(?<=\btai)|(?<=\bsekä)|(?<=\bJA)|(?<=\bTAI)|(?<=\bSEKÄ))\.(?= [^\W\d_-])"
)
DIARY_LIKE = re.compile(r"[A-ZÅÄÖ]{2,10}Dno-\d{4}-\d+", re.IGNORECASE)
DIARY_LOOKAHEAD = 12  # a diary number stands within the first lines of a section
_ENUMERATION = re.compile(r"^(?:Liite[ \t]*)?(?:\d{1,2}[.):]?|[-–•*])[ \t]+")
_PERSON = re.compile(r"^[A-ZÅÄÖa-zåäö.-]+(?:[ \t]+[A-ZÅÄÖ][\w.-]*){1,4}$")
RULE = re.compile(r"[-_–—=*. ]{3,}")  # a drawn line between sections ("_______", "- - - -")
MAX_ATTACHMENT = 150
TRAILING_DASH = re.compile(r"\s[-–—]+$")  # OCR's speck after a title ("JÄRJESTELYISTÄ -")
BARE_INTEGER = re.compile(r"(?!(?:19|20)\d\d$)\d{1,4}")  # a number, not a year
MAX_NUMBER_TAIL = (
    20  # a title's last line that starts with a number  # a longer line is body text, not an attachment name
)


@dataclass(frozen=True, slots=True)
class Block:
    field: str  # preparer, presenter, proposal, processing, decision, attachments, other
    label: str
    tail: str  # text on the label's own line
    lines: list[str]  # the lines up to the next label


@dataclass(slots=True)
class Fields:
    title: str = ""
    diary_number: str | None = None
    preparer: str | None = None
    presenter: str | None = None
    proposal: str | None = None
    processing: str | None = None
    decision: str | None = None
    has_decision_label: bool = False
    decision_by_organ: bool = False  # the decision came under the organ's abbreviation ("Kvalt:")
    attachments: list[str] = field(default_factory=list)


def label(line: str, vocabulary: Vocabulary) -> tuple[str, str, str] | None:
    """(field, label, tail) when the line opens a field. `Ehdotus hyväksyttiin.` is a sentence, not a label."""
    match = vocabulary.label_line.match(line)
    stripped = LABEL_SPECK.sub("", line.strip())
    if not match and stripped[:1].islower():  # OCR's "päätös:": a label when the colon or nothing follows
        capital = vocabulary.label_line.match(stripped[:1].upper() + stripped[1:])
        match = capital if capital and (":" in capital["sep"] or not capital["tail"].strip()) else None
    if not match:
        match = _misread_label(stripped, vocabulary)
    if not match:
        # "Kvalt:  Todettiin kokous lailliseksi": a treatment's decision under its organ's abbreviation
        organ = vocabulary.organ_label.match(stripped) or _misread_organ_label(stripped, vocabulary)  # "- Kvalt:"
        return ("decision", organ["label"], organ["tail"].strip()) if organ else None
    tail = match["tail"].strip()
    if not any(c.isalnum() for c in tail) or SPECK_TAIL.fullmatch(tail):
        tail = ""  # OCR specks after a label: "Päätös .", "Päätös i", "Päätös en"
    separated = ":" in match["sep"] or len(match["sep"]) >= 2 or "\t" in match["sep"] or not match["sep"]
    if tail and not (separated or tail[0].isupper() or tail[0].isdigit()):
        return None
    name = field_of(vocabulary.labels, match["label"]) or vocabulary.misread_label(match["label"])
    return (name, match["label"], tail) if name else None


LABEL_SPECK = re.compile(r"^(?:[*•·'‘’`´.,:;|—–\"“”]+|-(?=[ \t]))[ \t]*")
SPECK_TAIL = re.compile(r"[a-zåäö]{1,2}[ \t]*[.,:;'|]*")  # no decision is one or two small letters long
_FIRST_WORD = re.compile(r"(?P<label>[^\W\d_]+)(?P<sep>[ \t]*:?[ \t]*)(?P<tail>.*)")


def _misread_label(line: str, vocabulary: Vocabulary) -> re.Match[str] | None:
    """A one-word label with a letter OCR misread ("Päätäs:", "Päätäs"), alone on its line or before a colon:
    a match whose label group is the word as read; the field comes from the label it nearly is."""
    match = _FIRST_WORD.fullmatch(line)
    if not match or (match["tail"].strip() and ":" not in match["sep"]):
        return None
    # a word of its own ("Liitteen:") is no misread label
    return match if vocabulary.misread_label(match["label"]) and not is_word(match["label"]) else None


_ABBREVIATION_LABEL = re.compile(r"^[ \t]*(?P<label>[A-ZÅÄÖ][\w.]{3,10})[ \t]*[:;][ \t]*(?P<tail>.*)$")


def _misread_organ_label(line: str, vocabulary: Vocabulary) -> re.Match[str] | None:
    match = _ABBREVIATION_LABEL.match(line)
    if not match:
        return None
    return match if vocabulary.abbreviation(match["label"], misread=True) else None


def _sentence_after(line: str, opened: tuple[str, str, str]) -> bool:
    """`Ehdotus hyväksyttiin.` under an empty `Päätös`: a sentence (OCR may read its space as a dash or
    its small letter as a capital, "Ehdotus Hyväksyttiin."), not a proposal label; a colon makes a label."""
    tail = opened[2].lstrip("-–—")
    return bool(tail) and (tail[:1].islower() or ":" not in line[: line.find(tail)])


def blocks(lines: list[str], vocabulary: Vocabulary) -> tuple[list[str], list[Block]]:
    """The lines before the first label, and one block per label."""
    head: list[str] = []
    found: list[Block] = []
    for line in lines:
        opened = label(line, vocabulary)
        # "Päätös" / "Ehdotus: hyväksyttiin." (OCR's colon): the decision's text, not a new proposal
        empty_decision = found and found[-1].field == "decision" and not found[-1].tail
        empty_decision = empty_decision and not any(text.strip() for text in found[-1].lines)
        # (OCR may read the space as a dash: "Ehdotus-hyväksyttiin.")
        if opened and empty_decision and opened[0] == "proposal" and _sentence_after(line, opened):
            opened = None
        if opened:
            found.append(Block(opened[0], opened[1], opened[2], []))
        elif found:
            found[-1].lines.append(line)
        else:
            head.append(line)
    return head, found


def _title(
    rest: str, head: list[str], done: bool = False, vocabulary: Vocabulary | None = None
) -> tuple[str, list[str]]:
    """The title (from the heading line or the lines after it) and the head lines after the title.
    `done`: the title is `rest` alone (it stood above the heading line)."""
    lines = list(head)
    parts = [rest] if rest else []
    while lines and not lines[0].strip():
        lines.pop(0)
    if not parts and lines and not DIARY_NUMBER.fullmatch(lines[0].strip()):
        parts.append(lines.pop(0).strip())
    # a title goes on while the next line starts in lower case (OCR may put a blank line between),
    # or with a short number-led line that ends the block ("2024-2030", "91-17-98-4")
    while parts and len(parts) < MAX_TITLE_LINES and not done:
        skip = 1 if len(lines) > 1 and not lines[0].strip() else 0
        # OCR's "kEMDno-2024-733" / "i KEMDno-..." under a title is the diary number, not the title going on
        if (
            not lines
            or DIARY_LIKE.search(lines[skip])
            or not (
                lines[skip].strip()[:1].islower()
                or _number_tail(lines[skip:])
                or (not skip and _capitals_tail(parts[-1], lines[0], vocabulary))
            )
        ):
            break
        del lines[:skip]
        parts.append(lines.pop(0).strip())
    title = STRAY_STOP.sub("", normalise_space(" ".join(parts))).rstrip(TITLE_NOISE)
    return TRAILING_DASH.sub("", title).rstrip(TITLE_NOISE), lines


def _capitals_tail(title: str, line: str, vocabulary: Vocabulary | None) -> bool:
    """A title in capitals goes on in capitals on the next line ("LAUSUNTO ... TOIMINTA- JA" /
    "TALOUSSUUNNITELMASTA"); a diary number, a label or a page-header line is no part of it."""
    text = line.strip()
    return (
        vocabulary is not None
        and capitals(title)
        and capitals(text)
        and text[:1].isalpha()
        and not text.endswith(".")
        and not DIARY_NUMBER.search(text)
        and not vocabulary.label_line.match(text)
        and not vocabulary.meeting_line.match(text)
        and not vocabulary.organ.fullmatch(text)
        and not MEETING_NUMBER.search(text)
        and not MUNICIPALITY.search(text)
    )


def _number_tail(lines: list[str]) -> bool:
    text = lines[0].strip()
    return (
        text[:1].isdigit()
        and not BARE_INTEGER.fullmatch(text)  # "258": OCR's leftover of a heading column ("25 §")
        and len(text) <= MAX_NUMBER_TAIL
        and not DIARY_NUMBER.fullmatch(text)
        and not DATE_SHAPED.fullmatch(text)
        and "/" not in text  # a register number, not the end of a title
        and (len(lines) == 1 or not lines[1].strip())
    )


def title_from(lines: list[str]) -> str:
    """A document's own title: its first line and the lines that continue it."""
    return _title("", lines)[0]


def _person(text: str) -> bool:
    return bool(text) and not text.endswith(".") and bool(_PERSON.match(text))


def _content(block: Block) -> str:
    # "Päätös Kaupunginhallitus:" names who decided; "Hyväksyttiin ehdotus:" (OCR's full stop) is the decision
    words = block.tail.split()
    named = block.tail.endswith(":") and len(words) <= 3 and all(word[:1].isupper() for word in words)
    tail = "" if named else block.tail
    return normalise_space(" ".join([tail, *(line for line in block.lines if not RULE.fullmatch(line.strip()))]))


def _first_value(block: Block) -> str | None:
    if block.tail:
        return normalise_space(block.tail)
    return next((normalise_space(line) for line in block.lines if line.strip()), None)


def _attachments(block: Block) -> list[str]:
    names = []
    for line in [block.tail, *block.lines]:
        text = line.strip()
        if not text or text.isdigit() or text == "-":
            continue
        if len(text) > MAX_ATTACHMENT:
            break
        names.append(normalise_space(_ENUMERATION.sub("", text)))
    return names


def parse_fields(rest: str, body: str, preamble: str, vocabulary: Vocabulary, title_done: bool = False) -> Fields:
    """Fields of a section from its heading line's rest and its body (the text after the heading line)."""
    head, found = blocks(body.split("\n"), vocabulary)
    head = [line for line in head if not vocabulary.is_furniture(line)]
    fields = Fields()
    fields.title, after_title = _title(rest, head, title_done, vocabulary)
    top = "\n".join([*after_title, *body.split("\n")[:DIARY_LOOKAHEAD]])
    diary = DIARY_NUMBER.search(top) or DIARY_NUMBER.search(preamble)
    fields.diary_number = normalise_space(diary.group()) if diary else None
    for block in found:
        if block.field == "preparer" and fields.preparer is None:
            fields.preparer = _first_value(block)
        elif block.field == "presenter" and fields.presenter is None:
            fields.presenter = _first_value(block)
        elif block.field == "proposal" and fields.proposal is None:
            if _person(block.tail):  # "Päätösehdotus Kaupunginjohtaja Jukka Mäkelä"
                fields.presenter = fields.presenter or block.tail
                block = Block(block.field, block.label, "", block.lines)
            fields.proposal = _content(block) or None
        elif block.field == "processing" and fields.processing is None:
            fields.processing = _content(block) or None
        elif block.field == "decision":
            # of several treatments' "Khall:" / "Kvalt:" decisions, the last is the meeting's own
            by_organ = bool(vocabulary.abbreviation(block.label, misread=True))
            if not fields.has_decision_label or (by_organ and fields.decision_by_organ):
                fields.has_decision_label, fields.decision_by_organ = True, by_organ
                fields.decision = _content(block) or None
        elif block.field == "attachments" and not fields.attachments:
            fields.attachments = _attachments(block)
    return fields


def take_treatment(fields: Fields, own: Fields) -> None:
    """Put the proposal, processing and decision of the meeting's own treatment in place of earlier ones."""
    if not (own.has_decision_label or own.proposal):
        return
    fields.proposal, fields.processing, fields.decision = own.proposal, own.processing, own.decision
    fields.has_decision_label = own.has_decision_label
    fields.presenter = own.presenter or fields.presenter


def resolution(fields: Fields, vocabulary: Vocabulary) -> str | None:
    """OpenAhjo's category for how the matter was resolved, from the decision's first sentences."""
    if not fields.decision:
        return None
    opening = " ".join(nlp.sentences(fields.decision, vocabulary)[:2])
    for name, pattern in vocabulary.resolutions:
        if pattern.search(opening) or (name == "voted" and fields.processing and pattern.search(fields.processing)):
            return name
    return None
