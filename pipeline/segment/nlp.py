"""spaCy for the segmenter: a blank Finnish pipeline with rule-based components.

`entity_ruler` marks DATE, ORGAN, SECTION (`§ 66`, `66 §`, OCR's `8 66` after a date) and DIARY
entities; `sentencizer` gives sentence boundaries; `decision_references` (ours) turns
`<organ> ... <date> § <n>` inside one sentence into references. spaCy runs only on the sentences a
regex pre-pass picked (a date and a § or look-alike nearby), never over whole documents.
"""

from __future__ import annotations

import re
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.segment.dates import find_dates
from pipeline.segment.vocabulary import Vocabulary, load

ORGAN_SUFFIX = r"(?i)^[a-zåäö-]*(?:valtuusto|hallitus|lautakunta|jaosto|johtokunta|toimikunta|neuvosto)$"
NUMERIC_DATE = r"^\d{1,2}\.\d{1,2}\.(?:19|20)\d\d$"
# where a reference may be: a date followed closely by a § or its OCR look-alike
PRE_PASS = re.compile(r"\d{1,2}\.\d{1,2}\.(?:19|20)\d\d[ \t]*(?:[§8S$&][ \t]*\d|\d{1,4}[ \t]*§)")

if not Doc.has_extension("references"):
    Doc.set_extension("references", default=[])


def _entity_patterns(vocabulary: Vocabulary) -> list[dict]:
    months = list(vocabulary.months)
    patterns: list[dict] = [
        {"label": "DATE", "pattern": [{"TEXT": {"REGEX": NUMERIC_DATE}}]},
        {"label": "DATE", "pattern": [{"TEXT": {"REGEX": r"^\d{1,2}\.\d{1,2}\.-\d{1,2}\.\d{1,2}\.(?:19|20)\d\d$"}}]},
        {
            "label": "DATE",
            "pattern": [{"IS_DIGIT": True}, {"ORTH": "."}, {"LOWER": {"IN": months}}, {"IS_DIGIT": True}],
        },
        {"label": "SECTION", "pattern": [{"ORTH": "§"}, {"IS_DIGIT": True}]},
        {"label": "SECTION", "pattern": [{"IS_DIGIT": True}, {"ORTH": "§"}]},
        # OCR read § as 8, S, $ or &: only right after a date is that safe to assume
        {"label": "SECTION", "pattern": [{"ORTH": {"IN": ["8", "S", "$", "&"]}}, {"IS_DIGIT": True}], "id": "ocr"},
        {"label": "ORGAN", "pattern": [{"TEXT": {"REGEX": ORGAN_SUFFIX}}]},
        {"label": "DIARY", "pattern": [{"TEXT": {"REGEX": r"^[A-ZÅÄÖ]{2,10}Dno-\d{4}-\d+$"}}]},
        {"label": "DIARY", "pattern": [{"TEXT": {"REGEX": r"^[A-ZÅÄÖ]{2,6}[/:]\d+/\d\d(?:\.\d\d){1,4}/\d{4}$"}}]},
    ]
    for name in vocabulary.organs:  # multi-word names ("Tekninen lautakunta")
        words = name.split()
        if len(words) > 1:
            patterns.append({"label": "ORGAN", "pattern": [{"LOWER": word.lower()} for word in words]})
    return patterns


@Language.component("decision_references")
def decision_references(doc: Doc) -> Doc:
    """References `<organ>? <date> § <n>`: the organ is the nearest one before the date in the sentence."""
    references = []
    entities = list(doc.ents)
    for index, entity in enumerate(entities):
        if entity.label_ != "SECTION" or index == 0:
            continue
        date = entities[index - 1]
        if date.label_ != "DATE" or entity.start - date.end > 1:
            continue
        sentence_start = entity.sent.start if doc.has_annotation("SENT_START") else 0
        organ: Span | None = None
        for before in reversed(entities[: index - 1]):
            if before.start < sentence_start or before.label_ == "SECTION":
                break
            if before.label_ == "ORGAN":
                organ = before
                break
        number = next(token.text for token in entity if token.is_digit)
        references.append((organ.text if organ is not None else None, date.text, int(number)))
    doc._.references = references
    return doc


@cache
def pipeline(vocabulary: Vocabulary | None = None) -> Language:
    """The blank Finnish pipeline, built once per process."""
    vocabulary = vocabulary or load()
    nlp = spacy.blank("fi")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(_entity_patterns(vocabulary))
    nlp.add_pipe("decision_references")
    return nlp


def find_references(text: str, vocabulary: Vocabulary) -> list[tuple[str | None, str, int]]:
    """(organ, ISO date, §) of every earlier decision the text refers to, in order, without repeats."""
    windows = []
    for match in PRE_PASS.finditer(text):
        # the sentence around the match: back to the previous full stop or blank line, on to the line end
        start = max(text.rfind(". ", 0, match.start()), text.rfind("\n\n", 0, match.start()), 0)
        end = text.find("\n", match.end())
        windows.append(text[start : end if end >= 0 else len(text)].replace("\n", " "))
    found: list[tuple[str | None, str, int]] = []
    nlp = pipeline(vocabulary)
    for doc in nlp.pipe(dict.fromkeys(windows)):
        for organ, date_text, number in doc._.references:
            dates = find_dates(date_text, vocabulary)
            if not dates:
                continue
            reference = (organ, dates[0].end or dates[0].start, number)
            if reference not in found:
                found.append(reference)
    return found


def sentences(text: str, vocabulary: Vocabulary) -> list[str]:
    """Sentences of a (short) decision text."""
    nlp = pipeline(vocabulary)
    with nlp.select_pipes(enable=["sentencizer"]):
        return [sentence.text.strip() for sentence in nlp(text).sents if sentence.text.strip()]


__all__ = ["find_references", "pipeline", "sentences"]
